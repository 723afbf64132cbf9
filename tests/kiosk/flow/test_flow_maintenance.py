"""Maintenance mode and being out of service, walked without Qt."""

from __future__ import annotations

import pytest

from kiosk.flow import CardPlaced, CardRead, CardRemoved, Device, DeviceStatus, Health, Intent, Mode, Tick
from kiosk.flow.controller import MAINTENANCE_IDLE, ServiceState
from kiosk.services.maintenance_api import MaintenanceFunction, PrinterFaultPolicy, StaffRole
from tests.helpers.fake_maintenance import TECH_CARD_ID
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys, texts


def sign_in(d: FlowDriver, code: str = "T001", pin: str = "135790") -> None:
    for k in code:
        d.tap("key", k)
    d.tap("field.focus", "pin")
    for k in pin:
        d.tap("key", k)
    d.tap("maint.sign_in")


def enter(d: FlowDriver) -> None:
    d.tap("maint.enter")
    assert d.flow.state_name == "maintenance.sign_in"


def test_the_gesture_opens_the_sign_in_only_between_customers() -> None:
    """GIVEN the attract screen WHEN the hidden gesture comes THEN the PIN keypad; never during a
    session, with a card on the reader, or while something runs."""
    d = FlowDriver()
    enter(d)
    d.tap("maint.back")
    assert d.flow.mode == Mode.ATTRACT
    # a card on the reader: refused
    d.send(CardPlaced())
    d.tap("maint.enter")
    assert d.flow.maintenance is None
    # during a session: refused
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.flow.mode == Mode.MENU
    d.tap("maint.enter")
    assert d.flow.maintenance is None and d.flow.mode == Mode.MENU
    d.tap("menu.finish")
    d.send(CardRemoved())
    # while a service call runs (a queue ticket being taken): refused
    d.auto_run = False
    d.tap("attract.queue")
    assert d.flow.busy
    d.tap("maint.enter")
    assert d.flow.maintenance is None


def test_wrong_pin_says_so_and_keeps_nothing_then_the_right_pin_opens_home() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d, pin="000000")
    assert d.flow.state_name == "maintenance.sign_in"
    assert "error.staff_code" in keys(d.view)
    assert "000000" not in "".join(texts(d.view))
    assert d.flow.maintenance is not None and d.flow.maintenance.sign_in_form.text("pin") == ""
    d.tap("field.focus", "pin")
    for k in "135790":
        d.tap("key", k)
    d.tap("maint.sign_in")
    assert d.flow.state_name == "maintenance.home"
    tiles = {t.value for b in d.view.blocks for t in getattr(b, "tiles", ())}
    assert tiles == {f.value for f in MaintenanceFunction}
    assert d.flow.service_state is ServiceState.MAINTENANCE


def test_a_technician_card_asks_for_its_pin_only() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRead(TECH_CARD_ID, "李四", "resident"))
    assert d.flow.state_name == "maintenance.sign_in"
    assert "T001" in " ".join(texts(d.view))
    for k in "135790":
        d.tap("key", k)
    d.tap("maint.sign_in")
    assert d.flow.state_name == "maintenance.home"
    assert d.flow.session is None  # no taxpayer session for a technician's card


def test_hall_staff_see_only_their_functions() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d, "S001", "246810")
    tiles = {t.value for b in d.view.blocks for t in getattr(b, "tiles", ())}
    assert tiles == {"reprints", "handover"}
    d.tap("maint.open", "settings")  # not offered: ignored
    assert d.flow.state_name == "maintenance.home"
    assert d.flow.maintenance is not None and d.flow.maintenance.technician is not None
    assert d.flow.maintenance.technician.role is StaffRole.STAFF


@pytest.mark.parametrize(
    ("function", "loaded"),
    [
        ("counters", "counters"),
        ("journal", "journal errors=False"),
        ("reprints", "owed_reprints"),
        ("settings", "settings"),
        ("about", "about"),
    ],
)
def test_each_function_screen_loads_its_data(function: str, loaded: str) -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", function)
    assert d.flow.state_name == f"maintenance.{function}"
    assert loaded in d.maintenance.calls
    d.tap("maint.back")
    assert d.flow.state_name == "maintenance.home"


def test_devices_screen_is_live_and_the_card_test_shows_masked_fields() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "devices")
    assert "maint.device.idcard" in keys(d.view) and "maint.device.printer" in keys(d.view)
    d.tap("maint.card_test")
    assert d.flow.state_name == "maintenance.card_test"
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    shown = " ".join(texts(d.view))
    assert SAMPLE_ID not in shown and SAMPLE_NAME not in shown
    assert SAMPLE_ID[:6] in shown and SAMPLE_ID[-4:] in shown
    assert d.flow.session is None  # a card read in maintenance never starts a session
    d.tap("maint.back")
    d.tap("maint.test_print")
    assert d.printed and d.printed[-1].kind == "test_slip"
    assert "maint.printed" in keys(d.view)


def test_paper_roll_change_is_confirmed_then_done() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "counters")
    d.tap("maint.paper_changed")
    assert d.flow.state_name == "maintenance.paper_confirm"
    d.tap("maint.paper_confirm")
    assert "paper_roll_changed T001" in d.maintenance.calls
    assert d.flow.state_name == "maintenance.counters"
    assert "maint.paper.done" in keys(d.view)


def test_journal_pages_filters_and_exports() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "journal")
    assert "page.of" in keys(d.view)
    d.tap("page.next")
    d.tap("page.next")
    assert d.flow.maintenance is not None and d.flow.maintenance.page_no == 2
    d.tap("page.next")  # 20 lines, 8 a page: there is no fourth page
    assert d.flow.maintenance.page_no == 2
    d.tap("maint.journal.errors")
    assert "journal errors=True" in d.maintenance.calls
    d.tap("maint.journal.source", "log")
    assert "110105********002X" in " ".join(texts(d.view))
    d.tap("maint.export")
    assert "export T001" in d.maintenance.calls and "maint.export.done" in keys(d.view)


def test_settings_saved_apply_to_the_public_screens() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "settings")
    d.tap("field.choose", ("idle_warning", "60"))
    d.tap("field.toggle", "english")
    d.tap("field.choose", ("printer_fault", "out_of_service"))
    d.tap("maint.settings.save")
    assert "maint.settings.saved" in keys(d.view)
    assert d.flow.timeouts.idle_warning == 60.0
    assert d.flow.languages == ("zh_CN",)
    assert d.flow.printer_fault is PrinterFaultPolicy.OUT_OF_SERVICE


def test_readiness_report_runs_the_self_test_and_prints() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "report")
    d.tap("maint.report.run")
    code, checks, devices = d.maintenance.printed_reports[-1]
    assert code == "T001" and {c.name for c in checks} == {"reader", "printer", "database", "clock"}
    assert {x.device for x in devices} == {"idcard", "printer"}
    assert d.printed[-1].kind == "readiness_report"


def test_handover_code_shows_what_the_person_was_doing() -> None:
    d = FlowDriver()
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.tap("menu.open", "payment")
    d.tap("call_staff")
    call = d.staff_calls[-1]
    d.maintenance.record_staff_call(call.handover_code, call.step, call.error_key)
    d.tap("staff.close")
    d.tap("wizard.cancel")
    d.tap("menu.finish")
    d.send(CardRemoved())
    enter(d)
    sign_in(d, "S001", "246810")
    d.tap("maint.open", "handover")
    for k in call.handover_code.lower():
        d.tap("key", k)
    d.tap("maint.handover.look_up")
    shown = " ".join(texts(d.view))
    assert "payment.dues" in shown and "menu.payment" in keys(d.view)


def test_leaving_with_a_passing_self_test_returns_to_service() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    purges = d.purges
    d.tap("maint.back")  # on the home screen: leave
    assert d.flow.mode == Mode.ATTRACT and d.flow.service_state is ServiceState.IN_SERVICE
    assert d.purges == purges + 1
    assert any(c.startswith("sign_out T001") for c in d.maintenance.calls)
    assert not any(k.startswith("maint.") for k in keys(d.view))


def test_leaving_with_a_failing_self_test_stays_out_of_service_and_the_public_is_told() -> None:
    d = FlowDriver()
    d.devices.printer_ok = False
    enter(d)
    sign_in(d)
    d.tap("maint.leave")
    assert d.flow.state_name == "maintenance.selftest_failed"
    d.tap("maint.leave_anyway")
    assert d.flow.mode == Mode.OUT_OF_SERVICE and d.flow.service_state is ServiceState.OUT_OF_SERVICE
    assert d.view.screen == "out_of_service" and "oos.where" in keys(d.view)
    assert "paper out" in " ".join(texts(d.view))
    # a taxpayer's card starts nothing while out of service
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.flow.session is None and d.flow.mode == Mode.OUT_OF_SERVICE
    d.send(CardRemoved())
    # a technician fixes it: back in service
    d.devices.printer_ok = True
    enter(d)
    sign_in(d)
    d.tap("maint.leave")
    assert d.flow.mode == Mode.ATTRACT and d.flow.service_state is ServiceState.IN_SERVICE


def test_fifteen_minutes_idle_ends_maintenance_with_a_warning_first() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.send(Tick(MAINTENANCE_IDLE - 1))
    assert d.view.idle_warning is None
    d.send(Tick(2))
    assert d.view.idle_warning is not None
    d.send(Tick(d.flow.timeouts.idle_countdown + 1))
    assert d.flow.maintenance is None
    assert d.flow.mode == Mode.ATTRACT  # the self-test after the timeout passed
    assert any("maintenance idle timeout" in c for c in d.maintenance.calls)


def test_public_timeouts_are_back_after_maintenance() -> None:
    d = FlowDriver()
    enter(d)
    assert d.flow.clocks.timeouts.idle_warning == MAINTENANCE_IDLE
    d.tap("maint.back")
    assert d.flow.clocks.timeouts.idle_warning == d.flow.timeouts.idle_warning < MAINTENANCE_IDLE


def test_a_printer_fault_takes_the_kiosk_out_of_service_when_the_policy_says_so() -> None:
    d = FlowDriver()
    d.flow.printer_fault = PrinterFaultPolicy.OUT_OF_SERVICE
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    assert d.flow.mode == Mode.OUT_OF_SERVICE and "printer.paper_out" in keys(d.view)
    d.send(DeviceStatus(Device.PRINTER, Health.OK))
    assert d.flow.mode == Mode.ATTRACT
    d.flow.printer_fault = PrinterFaultPolicy.DEGRADED
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    assert d.flow.mode == Mode.ATTRACT and d.flow.service_state is ServiceState.DEGRADED


def test_remote_out_of_service_and_back() -> None:
    d = FlowDriver()
    d.flow.set_out_of_service("taken out from the hall console", "S001")
    d.send(Intent("noop"))
    assert d.flow.mode == Mode.OUT_OF_SERVICE
    d.flow.return_to_service("S001")
    d.send(Intent("noop"))
    assert d.flow.mode == Mode.ATTRACT


def test_a_staff_call_carries_the_step_and_the_error_separately() -> None:
    d = FlowDriver()
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.tap("menu.open", "payment")
    d.tap("call_staff")
    call = d.staff_calls[-1]
    assert (call.step, call.error_key) == ("payment.dues", "")


def test_nothing_of_maintenance_survives_in_the_state() -> None:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    d.tap("maint.open", "journal")
    mode = d.flow.maintenance
    assert mode is not None and mode.entries
    d.tap("maint.back")
    d.tap("maint.back")
    assert d.flow.maintenance is None
    assert not mode.entries and mode.technician is None


def signed_in(function: str | None = None) -> FlowDriver:
    d = FlowDriver()
    enter(d)
    sign_in(d)
    if function is not None:
        d.tap("maint.open", function)
    return d


def test_reprints_of_the_last_slip_and_of_an_owed_document_are_printed_and_audited_by_code() -> None:
    d = signed_in("reprints")
    d.tap("maint.reprint_last")
    assert "reprint_last T001" in d.maintenance.calls and d.printed[-1].kind == "reprint"
    assert "maint.printed" in keys(d.view)
    d.tap("maint.reprint_owed", "K-20261126-000007")
    assert "reprint_owed T001 K-20261126-000007" in d.maintenance.calls
    d.tap("maint.reprint_owed", "NOT-OWED")  # a number not on the list is ignored
    assert not any("NOT-OWED" in c for c in d.maintenance.calls)


def test_a_failed_print_in_maintenance_says_why_on_the_technicians_screen() -> None:
    from devices.printjob import JobState
    from kiosk.flow import PrintOutcome

    d = signed_in("reprints")
    d.print_outcomes.append(PrintOutcome(JobState.FAILED, 0, "printer.paper_out"))
    d.tap("maint.reprint_last")
    assert d.flow.state_name == "maintenance.reprints"
    assert {"maint.print_failed", "printer.paper_out"} <= keys(d.view)


def test_journal_periods_and_pages_back() -> None:
    d = signed_in("journal")
    d.tap("maint.journal.period", "7d")
    assert d.flow.maintenance is not None and d.flow.maintenance.period == "7d"
    d.tap("maint.journal.period", "forever")  # not a period: ignored
    assert d.flow.maintenance.period == "7d"
    d.tap("page.next")
    d.tap("page.previous")
    d.tap("page.previous")  # there is no page before the first
    assert d.flow.maintenance.page_no == 0


def test_a_maintenance_call_that_fails_shows_on_the_same_screen() -> None:
    from kiosk.errors import KioskError

    class Broken(KioskError):
        message_key = "error.database"

    d = signed_in("journal")

    def export(code: str, flt: object) -> object:
        raise Broken("database gone")

    d.maintenance.export = export  # type: ignore[method-assign, assignment]
    d.tap("maint.export")
    assert d.flow.state_name == "maintenance.journal" and "error.database" in keys(d.view)


def test_a_self_test_that_cannot_run_is_a_failed_self_test() -> None:
    from kiosk.errors import KioskError

    class Gone(KioskError):
        message_key = "error.unavailable"

    d = signed_in()

    def self_test() -> object:
        raise Gone("no devices")

    d.devices.self_test = self_test  # type: ignore[method-assign, assignment]
    d.tap("maint.leave")
    assert d.flow.state_name == "maintenance.selftest_failed"
    d.tap("maint.leave_anyway")
    assert d.flow.mode == Mode.OUT_OF_SERVICE


def test_device_changes_refresh_the_status_screen_and_a_failed_test_read_says_why() -> None:
    from kiosk.flow import CardReadFailed

    d = signed_in("devices")
    d.devices.printer_ok = False
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    assert "printer.paper_out" in keys(d.view)  # the snapshot was asked again
    d.tap("maint.refresh")
    d.tap("maint.card_test")
    d.send(CardReadFailed("idcard.error.sam.read_failed"))
    assert "idcard.error.sam.read_failed" in keys(d.view)
    d.tap("maint.back")
    assert d.flow.state_name == "maintenance.devices"


def test_an_unknown_hand_over_code_says_so_and_an_unknown_function_is_ignored() -> None:
    d = signed_in()
    d.tap("maint.open", "no-such-function")
    assert d.flow.state_name == "maintenance.home"
    d.tap("maint.open", "handover")
    for k in "ZZZZZZ":
        d.tap("key", k)
    d.tap("maint.handover.look_up")
    assert "maint.handover.unknown" in keys(d.view)


def test_about_shows_version_schema_and_uptime() -> None:
    d = signed_in("about")
    shown = " ".join(texts(d.view))
    assert "0.2.0" in shown and "0002" in shown and "2 h 1 min" in shown
