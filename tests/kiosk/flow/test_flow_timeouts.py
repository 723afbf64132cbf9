"""Idle warning, timeout, result countdown and device notices, driven by Tick events."""

from __future__ import annotations

from kiosk.flow import (
    CardPlaced,
    CardRead,
    CardRemoved,
    Device,
    DeviceStatus,
    FlowTimeouts,
    Health,
    Tick,
    UserActivity,
)
from kiosk.flow.views import PageKind
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys

SHORT = FlowTimeouts(
    idle_warning=5, idle_countdown=3, result_return=4, reminder_interval=2, reminder_repeats=2
)


def session(**kw: object) -> FlowDriver:
    d = FlowDriver(timeouts=SHORT, **kw)  # type: ignore[arg-type]
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    return d


def ticks(d: FlowDriver, n: int) -> None:
    for _ in range(n):
        d.send(Tick(1.0))


def test_idle_warning_counts_down_and_one_tap_extends() -> None:
    d = session()
    ticks(d, 4)
    assert d.view.idle_warning is None
    ticks(d, 1)
    assert d.view.idle_warning == 3
    ticks(d, 1)
    assert d.view.idle_warning == 2
    d.tap("idle.extend")
    assert d.view.idle_warning is None and d.view.screen == "menu"
    for _ in range(12):  # extending works again and again
        ticks(d, 5)
        assert d.view.idle_warning == 3
        d.send(UserActivity())


def test_idle_timeout_ends_the_session_and_reminds_about_the_card() -> None:
    """GIVEN a session with the card still on the reader WHEN nobody touches THEN the session ends with a reminder."""
    d = session()
    d.tap("menu.open", "certificates")
    ticks(d, 5 + 3)
    assert d.view.kind == PageKind.ATTRACT
    assert d.services.ended == ["idle timeout"] and d.purges == 1
    assert d.reminders == ["remind.take_card"]
    assert d.view.card_reminder and "remind.take_card" in keys(d.view)
    ticks(d, 2)
    assert d.reminders == ["remind.take_card"] * 2
    d.send(CardRemoved())
    assert not d.view.card_reminder
    ticks(d, 10)
    assert len(d.reminders) == 2


def test_no_timeout_while_the_host_or_a_device_is_working() -> None:
    d = session()
    d.auto_run = False
    d.tap("menu.open", "payment")  # list_dues held: the host is working
    assert d.view.busy and d.view.kind == PageKind.PROGRESS
    ticks(d, 60)
    assert d.view.kind == PageKind.PROGRESS and d.view.idle_warning is None
    d.run_held()
    assert d.view.screen == "payment.dues"


def test_no_timeout_while_waiting_for_the_payment() -> None:
    d = session()
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))
    assert d.view.screen == "payment.pay"
    d.held.clear()  # the poll never answers (host down): still no timeout
    ticks(d, 60)
    assert d.view.screen == "payment.pay" and d.view.idle_warning is None


def test_result_screen_returns_to_start_with_visible_countdown() -> None:
    d = session()
    d.send(CardRemoved())
    d.tap("menu.open", "queue")
    d.tap("queue.take", "A")
    assert d.view.countdown == 4
    ticks(d, 1)
    assert d.view.countdown == 3
    ticks(d, 3)
    assert d.view.kind == PageKind.ATTRACT and d.reminders == []


def test_printer_trouble_is_shown_before_anyone_starts() -> None:
    d = FlowDriver()
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    assert "notice.printer_unavailable" in keys(d.view)
    assert "attract.queue" not in d.intents()
    d.send(DeviceStatus(Device.IDCARD, Health.UNAVAILABLE, "device.unplugged"))
    assert "notice.reader_unavailable" in keys(d.view) and "attract.reader_down" in keys(d.view)
    d.send(CardPlaced())
    assert d.view.kind == PageKind.ATTRACT


def test_printing_flow_with_printer_down_says_so_up_front_and_continues() -> None:
    d = session()
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.cover_open"))
    assert "menu.no_printout" in keys(d.view)
    d.tap("menu.open", "certificates")
    assert d.view.screen == "certificates.no_printer"
    d.tap("wizard.next")
    d.tap("cert.kind", "iit")
    d.tap("cert.period", "this_year")
    assert "action.issue_without_printing" in keys(d.view)
    d.tap("wizard.next")
    assert d.view.kind == PageKind.RESULT and "result.not_printed" in keys(d.view)
    assert "take.card" in keys(d.view) and d.printed == []


def test_stale_service_answers_after_the_session_are_dropped() -> None:
    d = session()
    d.auto_run = False
    d.tap("menu.open", "payment")
    stale = d.held.pop(0)
    d.tap("call_staff")
    d.flow.end_session("test")
    d.auto_run = True
    d.run(stale)
    assert d.view.kind == PageKind.ATTRACT
