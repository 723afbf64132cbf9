"""Every baud rate from 9600 to 115200 prints the certificate slip: the simulator's pty takes bytes
no faster than the wire would carry them, and the driver's status timeouts follow the bytes still
queued and the wire time at the configured baud (10 bits a byte), not a fixed 0.2 s."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devices.escpos import JobState, PrinterSimulator, ReceiptPrinter
from tests.devices.escpos.slips import NUMBER, certificate_parts

pytestmark = pytest.mark.pty

BAUDS = [9600, 19200, 38400, 57600, 115200]


def run_certificate(tmp_path: Path, baud: int) -> tuple[JobState, float, PrinterSimulator]:
    parts = certificate_parts()
    sim = PrinterSimulator(80, out_dir=tmp_path / "r", render_png=False, link=tmp_path / "tty", baud=baud)
    sim.start()
    try:
        with ReceiptPrinter(sim.port, baud=baud, poll_interval=3600, confirm_timeout=10.0) as printer:
            assert printer.query_status(5.0).ready
            start = time.monotonic()
            result = printer.submit(parts, f"cert-{baud}").wait(30)
            took = time.monotonic() - start
            assert result is not None, "no result"
            assert sim.wait_for_receipt(1, 5) is not None
            return result.state, took, sim
    finally:
        sim.stop()


@pytest.mark.parametrize("baud", BAUDS)
def test_the_certificate_prints_at_every_baud_rate(tmp_path: Path, baud: int) -> None:
    state, took, sim = run_certificate(tmp_path, baud)
    assert state == JobState.PRINTED
    receipt = sim.receipts[0]
    assert "税收完税证明" in receipt.text and NUMBER in receipt.text
    wire = sum(len(p) for p in certificate_parts()) * 10 / baud
    assert took >= wire * 0.9  # the pty really was paced at this baud


def test_status_timeout_covers_the_bytes_queued_ahead(tmp_path: Path) -> None:
    """GIVEN 1 KB just written at 9600 baud (about 1 s on the wire) THEN the driver waits for a
    status answer at least that long, and no longer than status_timeout once the line is idle."""
    printer = ReceiptPrinter("/dev/null-not-a-port", baud=9600, status_timeout=0.2)

    class Paced:
        name = "serial"
        wire_rate = 960.0

    printer._transport = Paced()  # type: ignore[assignment]
    printer._wire_free = time.monotonic() + 1024 / 960.0
    assert printer._reply_timeout(4) >= 1.2
    printer._wire_free = 0.0
    assert 0.2 < printer._reply_timeout(4) < 0.21
