"""Device events -> flow events: the adapters between the device library and the screen flow.

They translate types, never decide: a failed card read already carries its ``IdCardError`` (whose
``message_key`` names the sentence for the screen), and a device status already says what its
problem is (``DeviceProblem``, whose ``message_key`` does the same). So there is no ladder here of
which condition wins or which words to show; the device library decides both, once.

Listeners run on driver threads; these functions are pure, and ``KioskController.post`` marshals
what they return onto the GUI thread.
"""

from __future__ import annotations

from devices.escpos import PrinterEvent
from devices.escpos import StatusChanged as PrinterStatusChanged
from devices.escpos.status import PrinterStatus
from devices.idcard import CardPlaced as DevCardPlaced
from devices.idcard import CardRead as DevCardRead
from devices.idcard import CardRemoved as DevCardRemoved
from devices.idcard import ReaderEvent, ReaderStatus, ReadFailed
from devices.idcard import StatusChanged as ReaderStatusChanged
from devices.status import DeviceProblem
from kiosk.flow import CardPlaced, CardRead, CardReadFailed, CardRemoved, Device, DeviceStatus, Health
from kiosk.flow.events import Event


def _health(device: Device, problem: DeviceProblem | None, warning: DeviceProblem | None = None) -> DeviceStatus:
    if problem is not None:
        return DeviceStatus(device, Health.UNAVAILABLE, problem.message_key)
    if warning is not None:
        return DeviceStatus(device, Health.DEGRADED, warning.message_key)
    return DeviceStatus(device, Health.OK)


# ---- ID card reader ----------------------------------------------------------------------------------
def reader_health(status: ReaderStatus) -> DeviceStatus:
    return _health(Device.IDCARD, status.problem_kind)


def reader_event(event: ReaderEvent) -> Event | None:
    if isinstance(event, DevCardPlaced):
        return CardPlaced()
    if isinstance(event, DevCardRead):
        ident = event.identity
        return CardRead(ident.id_number, ident.name, ident.card_type.value, ident.birth_date)
    if isinstance(event, DevCardRemoved):
        return CardRemoved()
    if isinstance(event, ReadFailed):
        return CardReadFailed(event.error.message_key)
    if isinstance(event, ReaderStatusChanged):
        return reader_health(event.status)
    return None  # CardStillPresent: the flow already knows the card is there


# ---- receipt printer -----------------------------------------------------------------------------------
def printer_reason(status: PrinterStatus) -> str:
    """The message key of why the printer cannot print, or "" when it can."""
    problem = status.problem_kind
    return problem.message_key if problem is not None else ""


def printer_health(status: PrinterStatus) -> DeviceStatus:
    return _health(Device.PRINTER, status.problem_kind, status.warning)


def printer_event(event: PrinterEvent) -> Event | None:
    if isinstance(event, PrinterStatusChanged):
        return printer_health(event.status)
    return None  # JobFinished: the print port waits for its own job


__all__ = ["printer_event", "printer_health", "printer_reason", "reader_event", "reader_health"]
