"""Device events become flow events; the printer port keeps the print-job books."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from app.wiring import DevicePrinter, printer_event, printer_health, reader_event
from devices.escpos import JobResult, JobState
from devices.escpos import StatusChanged as PrinterStatusChanged
from devices.escpos.status import PaperState, PrinterStatus
from devices.idcard import (
    CardPlaced,
    CardRead,
    CardRemoved,
    CardStillPresent,
    Identity,
    ReadFailed,
    StatusChanged,
)
from devices.idcard.driver import ReaderStatus
from devices.idcard.errors import ReplyTimeout
from devices.idcard.identity import CardType, Sex
from devices.status import DeviceState
from kiosk import flow
from kiosk.services.api import PrintableDocument


def test_reader_events_map_to_flow_events() -> None:
    ident = Identity(
        CardType.RESIDENT,
        "张三",
        Sex.MALE,
        "汉",
        date(1990, 1, 1),
        "北京",
        "11010519491231002X",
        "公安局",
        date(2020, 1, 1),
        None,
    )
    assert reader_event(CardPlaced()) == flow.CardPlaced()
    assert reader_event(CardRead(ident)) == flow.CardRead("11010519491231002X", "张三", "resident")
    assert reader_event(CardRemoved()) == flow.CardRemoved()
    assert reader_event(ReadFailed(ReplyTimeout("read", 3.5))) == flow.CardReadFailed("card.read_failed")
    assert reader_event(CardStillPresent()) is None
    down = reader_event(StatusChanged(ReaderStatus(device=DeviceState.NO_DEVICE)))
    assert down == flow.DeviceStatus(flow.Device.IDCARD, flow.Health.UNAVAILABLE, "device.unplugged")
    up = reader_event(StatusChanged(ReaderStatus(device=DeviceState.ONLINE)))
    assert up == flow.DeviceStatus(flow.Device.IDCARD, flow.Health.OK, "")


@pytest.mark.parametrize(
    ("status", "health", "reason"),
    [
        (PrinterStatus(raw=b"\x16\x12\x12\x12"), flow.Health.OK, ""),
        (
            PrinterStatus(raw=b"\x16", paper=PaperState.NEAR_END),
            flow.Health.DEGRADED,
            "printer.paper_near_end",
        ),
        (PrinterStatus(raw=b"\x16", paper=PaperState.OUT), flow.Health.UNAVAILABLE, "printer.paper_out"),
        (PrinterStatus(raw=b"\x16", cover_open=True), flow.Health.UNAVAILABLE, "printer.cover_open"),
        (
            PrinterStatus.unreachable(DeviceState.NO_DEVICE, "unplugged"),
            flow.Health.UNAVAILABLE,
            "printer.offline",
        ),
        (PrinterStatus(raw=b"\x16", cutter_error=True), flow.Health.UNAVAILABLE, "printer.failed"),
    ],
)
def test_printer_status_maps_to_health(status: PrinterStatus, health: flow.Health, reason: str) -> None:
    assert printer_health(status) == flow.DeviceStatus(flow.Device.PRINTER, health, reason)
    assert printer_event(PrinterStatusChanged(status)) == printer_health(status)


class Job:
    def __init__(self, printer: Printer) -> None:
        self.printer = printer

    def wait(self, timeout: float | None = None) -> JobResult | None:
        if self.printer.after is not None:  # what the printer says once the job stopped
            self.printer.status = self.printer.after
        return self.printer.result


class Printer:
    def __init__(
        self, status: PrinterStatus, result: JobResult | None, after: PrinterStatus | None = None
    ) -> None:
        self.status = status
        self.result = result
        self.after = after
        self.jobs: list[tuple[list[bytes], str]] = []

    def submit(self, parts: list[bytes], job_id: str | None = None) -> Job:
        self.jobs.append((parts, job_id or ""))
        return Job(self)


class Books:
    def __init__(self) -> None:
        self.finished: list[tuple[Any, ...]] = []

    def begin_print(self, number: str) -> str:
        return f"job-{number}"

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        self.finished.append((job_id, state, parts_done, reason))


DOC = PrintableDocument("N1", "certificate", (b"a", b"b"), "text")
READY = PrinterStatus(raw=b"\x16")


def test_device_printer_books_printed_and_incomplete_jobs() -> None:
    books = Books()
    ok = DevicePrinter(Printer(READY, JobResult("job-N1", JobState.PRINTED, 2, 2)), books, 1.0)  # type: ignore[arg-type]
    assert ok.print_document(DOC) == flow.PrintOutcome(flow.JobState.PRINTED, 2, "", "job-N1")
    out = Printer(
        READY,
        JobResult("job-N1", JobState.INCOMPLETE, 1, 2, "paper out"),
        dataclasses.replace(READY, paper=PaperState.OUT),
    )
    torn = DevicePrinter(out, books, 1.0)  # type: ignore[arg-type]
    assert torn.print_document(DOC).reason_key == "printer.paper_out"
    lost = DevicePrinter(Printer(READY, None), books, 0.01)  # type: ignore[arg-type]
    assert lost.print_document(DOC).state == flow.JobState.INCOMPLETE
    assert [f[1] for f in books.finished] == ["printed", "incomplete", "incomplete"]


def test_device_printer_refuses_before_booking_when_the_printer_is_down() -> None:
    books = Books()
    down = DevicePrinter(Printer(dataclasses.replace(READY, cover_open=True), None), books, 1.0)  # type: ignore[arg-type]
    assert down.print_document(DOC) == flow.PrintOutcome(flow.JobState.FAILED, 0, "printer.cover_open")
    assert books.finished == []
