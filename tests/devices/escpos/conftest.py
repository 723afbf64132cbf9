"""Fixtures for the ESC/POS tests: a simulated printer on a real pty and a driver on its tty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.escpos import PrinterEvent, PrinterSimulator, ReceiptPrinter


@pytest.fixture
def printer_sim(tmp_path: Path) -> Iterator[PrinterSimulator]:
    sim = PrinterSimulator(80, out_dir=tmp_path / "receipts", render_png=False, link=tmp_path / "printer-tty")
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def events() -> list[PrinterEvent]:
    return []


@pytest.fixture
def receipt_printer(printer_sim: PrinterSimulator, events: list[PrinterEvent]) -> Iterator[ReceiptPrinter]:
    printer = ReceiptPrinter(
        printer_sim.port,
        listener=events.append,
        poll_interval=0.1,
        write_timeout=2.0,
        confirm_timeout=5.0,
        reopen_backoff=(0.05, 0.2),
        recover_interval=0.2,
    )
    printer.start()
    printer.query_status(2.0)  # connected and polled once before a test injects anything
    try:
        yield printer
    finally:
        printer.stop()
