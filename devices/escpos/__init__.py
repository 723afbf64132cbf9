"""ESC/POS thermal receipt printer: a pure builder and status codec, a driver over pyserial on its
own thread, and a simulator (own stream parser) on the master side of a pseudo-terminal.

Only the simulator's picture output (``render_png``) uses Pillow and segno, imported lazily.
"""

from devices.escpos.builder import (
    PAPER_GEOMETRY,
    Align,
    EscPosBuilder,
    Replacement,
    char_width,
    text_width,
    wrap_text,
)
from devices.escpos.driver import (
    JobFinished,
    JobResult,
    JobState,
    PrinterEvent,
    PrintJob,
    ReceiptPrinter,
    StatusChanged,
    print_once,
    read_status_once,
)
from devices.escpos.errors import (
    PrinterError,
    PrinterNotConnectedError,
    PrinterNotReadyError,
    PrinterStoppedError,
    PrinterTimeoutError,
)
from devices.escpos.simulator import PrinterSimulator, Receipt
from devices.escpos.status import PaperState, PrinterStatus

__all__ = [
    "PAPER_GEOMETRY",
    "Align",
    "EscPosBuilder",
    "JobFinished",
    "JobResult",
    "JobState",
    "PaperState",
    "PrintJob",
    "PrinterError",
    "PrinterEvent",
    "PrinterNotConnectedError",
    "PrinterNotReadyError",
    "PrinterSimulator",
    "PrinterStatus",
    "PrinterStoppedError",
    "PrinterTimeoutError",
    "Receipt",
    "ReceiptPrinter",
    "Replacement",
    "StatusChanged",
    "char_width",
    "print_once",
    "read_status_once",
    "text_width",
    "wrap_text",
]
