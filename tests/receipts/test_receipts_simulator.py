"""A slip printed on the simulated printer (over a real pty) carries the same lines as the text form."""

from __future__ import annotations

from pathlib import Path

import pytest
import serial

from devices.escpos.simulator import PrinterSimulator
from receipts.escpos import render_parts
from receipts.model import Document
from receipts.text import render_text


@pytest.mark.pty
@pytest.mark.parametrize("width", [58, 80])
def test_printed_on_the_simulator(cert: Document, tmp_path: Path, width: int) -> None:
    sim = PrinterSimulator(width, out_dir=tmp_path, buffer_size=1 << 20)
    port = sim.start()
    try:
        with serial.Serial(port, 115200, timeout=1, write_timeout=5) as ser:
            for part in render_parts(cert, width):
                ser.write(part)
            ser.flush()
            receipt = sim.wait_for_receipt(1, timeout=10)
    finally:
        sim.stop()
    assert receipt is not None
    printed = [ln.strip() for ln in receipt.text.splitlines() if ln.strip() and "CUT]" not in ln]
    expected = [ln.strip() for ln in render_text(cert, width).splitlines() if ln.strip()]
    assert printed == expected
