"""Device events become flow events, by the message keys the device library gives; every such key
has a sentence on screen in both languages; the printer port keeps the print-job books."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from app.adapters import printer_event, printer_health, printer_reason, reader_event
from app.wiring import DevicePrinter
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
from devices.idcard import driver as idcard_driver
from devices.idcard.driver import ReaderStatus
from devices.idcard.errors import CardReadFailed, IdCardError, ReplyTimeout, SamSelfTestFailed
from devices.idcard.identity import CardType, Sex
from devices.status import DeviceProblem, DeviceState
from kiosk import flow
from kiosk.services.api import PrintableDocument
from ui.i18n import TS_FILE
from ui.texts import SOURCE


def _error_classes(cls: type[IdCardError] = IdCardError) -> Iterator[type[IdCardError]]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _error_classes(sub)


READER_ERRORS = sorted(set(_error_classes()), key=lambda c: c.__name__)
assert idcard_driver.LinkLost in READER_ERRORS  # the driver's own subclasses are walked too


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
    assert reader_event(CardRead(ident)) == flow.CardRead("11010519491231002X", "张三", "resident", date(1990, 1, 1))
    assert reader_event(CardRemoved()) == flow.CardRemoved()
    assert reader_event(ReadFailed(ReplyTimeout("read", 3.5))) == flow.CardReadFailed("idcard.error.timeout")
    assert reader_event(ReadFailed(CardReadFailed())) == flow.CardReadFailed("idcard.error.sam.read_failed")
    assert reader_event(CardStillPresent()) is None
    down = reader_event(StatusChanged(ReaderStatus(device=DeviceState.NO_DEVICE)))
    assert down == flow.DeviceStatus(flow.Device.IDCARD, flow.Health.UNAVAILABLE, "device.unplugged")
    up = reader_event(StatusChanged(ReaderStatus(device=DeviceState.ONLINE)))
    assert up == flow.DeviceStatus(flow.Device.IDCARD, flow.Health.OK, "")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (ReaderStatus(DeviceState.HARDWARE_ERROR, cause=SamSelfTestFailed.problem), "idcard.sam_failed"),
        (ReaderStatus(DeviceState.HARDWARE_ERROR, cause=DeviceProblem.LINE_NOISE), "device.line_noise"),
        (ReaderStatus(DeviceState.OFFLINE, cause=DeviceProblem.NO_ANSWER), "device.no_answer"),
        (ReaderStatus(DeviceState.OFFLINE, cause=DeviceProblem.NOT_CONNECTED), "device.unplugged"),
        (ReaderStatus(DeviceState.HARDWARE_ERROR), "device.hardware_error"),
        (ReaderStatus(DeviceState.BUSY, cause=DeviceProblem.NO_ANSWER), ""),  # reading: a stale cause is moot
    ],
)
def test_reader_status_gives_its_problems_key(status: ReaderStatus, reason: str) -> None:
    """A SAM that failed its self-test is a hardware error on screen, not an unplugged cable."""
    health = flow.Health.OK if not reason else flow.Health.UNAVAILABLE
    assert reader_event(StatusChanged(status)) == flow.DeviceStatus(flow.Device.IDCARD, health, reason)


@pytest.mark.parametrize("error", READER_ERRORS, ids=lambda c: c.__name__)
def test_every_failed_read_reaches_the_flow_with_its_own_key(error: type[IdCardError]) -> None:
    failure = error.__new__(error)  # the key is a class attribute: no need to build the message
    assert reader_event(ReadFailed(failure)) == flow.CardReadFailed(error.message_key)


def _translations() -> dict[str, str]:
    """English source -> finished Chinese translation, from the catalogue the .qm is built from."""
    out: dict[str, str] = {}
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") != "unfinished":
            out[message.findtext("source", "")] = translation.text or ""
    return out


DEVICE_KEYS = sorted({p.message_key for p in DeviceProblem} | {c.message_key for c in READER_ERRORS})


def test_there_are_27_reader_error_keys_and_a_key_per_problem() -> None:
    assert len({c.message_key for c in READER_ERRORS}) == 27
    assert len({p.message_key for p in DeviceProblem}) == len(DeviceProblem)


@pytest.mark.parametrize("key", DEVICE_KEYS)
def test_every_device_key_has_a_sentence_in_english_and_chinese(key: str) -> None:
    english = SOURCE.get(key)
    assert english, f"no English text for {key} in ui/texts.py"
    chinese = _translations().get(english, "")
    assert chinese and chinese != english, f"no Chinese translation of {english!r} in {TS_FILE.name}"
    assert "SW3" not in english and "SAM" not in english  # plain words for a taxpayer


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
            "device.unplugged",
        ),
        (PrinterStatus.unreachable(DeviceState.OFFLINE, ""), flow.Health.UNAVAILABLE, "device.no_answer"),
        (PrinterStatus(raw=b"\x16", cutter_error=True), flow.Health.UNAVAILABLE, "printer.cutter_error"),
        (PrinterStatus(raw=b"\x16", auto_recoverable_error=True), flow.Health.UNAVAILABLE, "printer.head_too_hot"),
        (PrinterStatus(raw=b"\x16", waiting_recovery=True), flow.Health.UNAVAILABLE, "printer.waiting_recovery"),
        (PrinterStatus(raw=b"\x16", unrecoverable_error=True), flow.Health.UNAVAILABLE, "device.hardware_error"),
        (PrinterStatus(raw=b"\x16", online=False), flow.Health.UNAVAILABLE, "device.offline"),
        (  # several at once: the status model's one order decides (cover before paper)
            PrinterStatus(raw=b"\x16", cover_open=True, paper=PaperState.OUT),
            flow.Health.UNAVAILABLE,
            "printer.cover_open",
        ),
    ],
)
def test_printer_status_maps_to_health(status: PrinterStatus, health: flow.Health, reason: str) -> None:
    assert printer_health(status) == flow.DeviceStatus(flow.Device.PRINTER, health, reason)
    assert printer_event(PrinterStatusChanged(status)) == printer_health(status)
    assert printer_reason(status) == (reason if health == flow.Health.UNAVAILABLE else "")
    if status.problem_kind is not None:
        assert reason == status.problem_kind.message_key  # the key is the problem's, not a second ladder's


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


def test_a_failed_read_shows_its_own_sentence_and_a_lift_then_says_too_soon() -> None:
    """GIVEN a card on the reader WHEN the read times out (the card was lifted mid-read) THEN the
    error screen names that failure; WHEN the card is then gone THEN 'lifted too soon' follows."""
    from tests.helpers.flow_driver import FlowDriver

    d = FlowDriver()
    for event in (CardPlaced(), ReadFailed(ReplyTimeout("read", 0.5))):
        flow_event = reader_event(event)
        assert flow_event is not None
        d.send(flow_event)
    assert d.view.screen == "error.idcard.error.timeout"
    d.send(flow.CardRemoved())
    assert d.view.screen == "error.card.lifted_early"
