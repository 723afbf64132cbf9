"""Maintenance mode on the whole kiosk: real services on a real SQLite file, the reader and printer
simulators behind real ptys, the real widgets driven by ui.automation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from app.wiring import KioskApp, build_app, build_backend
from devices.idcard.samples import STAFF_CARD
from kiosk.config import KioskConfig
from kiosk.flow import FlowTimeouts
from kiosk.persistence.models import AuditEntry, ConsumableCounter
from ui.automation import UiDriver, live_texts, pump

pytestmark = [pytest.mark.gui, pytest.mark.pty]

PIN = "135790"  # the demo technician T001 (kiosk.persistence.seed)


class RealKiosk(UiDriver):
    def __init__(self, app: KioskApp) -> None:
        super().__init__(app.window, timeout=10.0)
        self.app = app

    def gesture(self) -> None:
        """The hidden corners: hold the top-left corner, then tap the bottom-right one."""
        win = self.app.window
        handle = win.windowHandle()
        assert handle is not None
        win.gesture.hold = 0.05  # the test does not wait the 2 s a technician holds
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
        pump(80)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
        corner = QPoint(win.width() - 5, win.height() - 5)
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corner)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corner)


@pytest.fixture
def kiosk(qtbot, kiosk_config: KioskConfig, tmp_path) -> Iterator[RealKiosk]:  # type: ignore[no-untyped-def]
    services, device_log = build_backend(kiosk_config, seed_demo_data=True)
    app = build_app(kiosk_config, simulate=True, kiosk_mode=False, services=services,
                    timeouts=FlowTimeouts(result_return=30), receipts_dir=tmp_path / "receipts",
                    tick_interval=0.1, device_log=device_log)
    app.start()
    app.window.show()
    driver = RealKiosk(app)
    driver.wait_until("printer and reader online",
                      lambda: app.flow.printer_ok and app.devices.reader.status.device.value == "online")
    yield driver
    app.stop()
    pump(20)


def _sign_in(k: RealKiosk, pin: str) -> None:
    k.tap("field.focus", "pin")
    k.type_keys(pin)
    k.tap("maint.sign_in")


def test_gesture_wrong_pin_counters_paper_change_report_and_leave(kiosk: RealKiosk) -> None:
    """GIVEN the attract screen WHEN the corner gesture, T001 and a wrong PIN THEN the sign-in refuses;
    WITH the right PIN the counters show, the roll change resets the roll counter, the report prints
    on the slip printer with its A4 PDF, and leaving runs the self-test back to the attract screen
    with nothing of maintenance left on any widget."""
    app = kiosk.app
    assert app.maintenance is not None
    kiosk.wait_screen("attract")
    kiosk.gesture()
    kiosk.wait_screen("maintenance.sign_in")
    kiosk.type_keys("T001")
    _sign_in(kiosk, "000000")
    kiosk.wait_until("the refusal", lambda: kiosk.screen == "maintenance.sign_in" and app.flow.maintenance is not None
                     and app.flow.maintenance.message is not None)
    _sign_in(kiosk, PIN)
    kiosk.wait_screen("maintenance.home")

    kiosk.tap("maint.open", "counters")
    kiosk.wait_until("the counters", lambda: app.flow.maintenance is not None and app.flow.maintenance.counters is not None)
    kiosk.tap("maint.paper_changed")
    kiosk.wait_screen("maintenance.paper_confirm")
    kiosk.tap("maint.paper_confirm")
    kiosk.wait_screen("maintenance.counters")
    factory = app.maintenance._factory
    with factory() as db:
        roll = db.get(ConsumableCounter, "paper_roll")
        assert roll is not None and roll.used == 0 and roll.reset_by == "T001"
    kiosk.tap("maint.back")
    kiosk.wait_screen("maintenance.home")

    printer = app.devices.printer_sim
    assert printer is not None
    before = len(printer.receipts)
    kiosk.tap("maint.open", "report")
    kiosk.wait_screen("maintenance.report")
    kiosk.tap("maint.report.run")
    kiosk.wait_until("the report slip", lambda: len(printer.receipts) > before, 20)  # pumps the event loop
    receipt = printer.receipts[before]
    assert "终端就绪报告" in receipt.text and "T001" in receipt.text
    kiosk.wait_until("the report's number", lambda: app.flow.maintenance is not None and app.flow.maintenance.report is not None)
    number = app.flow.maintenance.report[0]  # type: ignore[union-attr]
    pdfs = list((kiosk.app.config.data_dir / "documents").glob(f"{number}*.pdf"))
    assert pdfs, "the report's A4 PDF"
    kiosk.tap("maint.back")
    kiosk.wait_screen("maintenance.home")

    kiosk.tap("maint.back")  # leave: the self-test decides
    kiosk.wait_screen("attract", 20)
    assert app.flow.out_of_service is None
    pump(50)
    assert not [t for t in live_texts() if "T001" in t or "李*" in t]
    with factory() as db:
        actions = [a for (a,) in db.execute(select(AuditEntry.action).where(AuditEntry.actor == "T001"))]
    assert {"maint.sign_in_failed", "maint.sign_in", "maint.paper_roll_changed", "maint.readiness_report",
            "maint.sign_out"} <= set(actions)


def test_technician_card_opens_the_pin_keypad(kiosk: RealKiosk) -> None:
    sims = kiosk.app.devices
    assert sims.reader_sim is not None
    sims.reader_sim.place(STAFF_CARD)
    kiosk.wait_screen("maintenance.sign_in")
    assert kiosk.find("field.focus", "code") is None  # the card said who: the PIN only
    _sign_in(kiosk, PIN)
    kiosk.wait_screen("maintenance.home")
    kiosk.tap("maint.open", "devices")
    kiosk.wait_screen("maintenance.devices")
    kiosk.wait_until("the snapshots", lambda: kiosk.app.flow.maintenance is not None
                     and len(kiosk.app.flow.maintenance.snapshots) == 2)
    assert kiosk.app.maintenance is not None
    kiosk.app.watch.flush()  # type: ignore[union-attr]
    assert kiosk.app.maintenance.counters().card_reads.total >= 1


def test_staff_call_recorded_and_found_by_its_hand_over_code(kiosk: RealKiosk) -> None:
    """GIVEN a person taps "call staff" WHEN a technician signs in and types the hand-over code THEN
    the hand-over screen shows where the person was; the printer running out shows in the device
    status as an error since start-up."""
    app = kiosk.app
    assert app.maintenance is not None
    kiosk.wait_screen("attract")
    kiosk.tap("call_staff")
    kiosk.wait_screen("staff")
    code = app.flow._staff_code
    kiosk.wait_until("the call recorded", lambda: app.maintenance is not None
                     and app.maintenance.staff_call(code) is not None)
    kiosk.tap("staff.close")
    kiosk.wait_screen("attract")
    kiosk.gesture()
    kiosk.wait_screen("maintenance.sign_in")
    kiosk.type_keys("T001")
    _sign_in(kiosk, PIN)
    kiosk.wait_screen("maintenance.home")
    kiosk.tap("maint.open", "handover")
    kiosk.wait_screen("maintenance.handover")
    kiosk.type_keys(code)
    kiosk.tap("maint.handover.look_up")
    kiosk.wait_until("the call found", lambda: app.flow.maintenance is not None
                     and app.flow.maintenance.staff_call is not None)
    assert app.flow.maintenance is not None and app.flow.maintenance.staff_call is not None
    assert app.flow.maintenance.staff_call.step == "attract"
    kiosk.tap("maint.back")
    kiosk.wait_screen("maintenance.home")
    assert app.devices.printer_sim is not None
    app.devices.printer_sim.set_paper("out")
    kiosk.wait_until("the printer to report it", lambda: not app.flow.printer_ok)
    kiosk.tap("maint.open", "devices")
    kiosk.wait_until("the printer's error counted", lambda: app.flow.maintenance is not None and any(
        s.device == "printer" and s.errors_since_start >= 1 and s.problem_key for s in app.flow.maintenance.snapshots))
