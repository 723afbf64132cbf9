"""Idle handling and privacy on the real widgets: warning, one-tap extension, timeout, nothing left behind."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.flow import CardPlaced, CardRead, CardRemoved, FlowTimeouts
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk
from ui.automation import live_texts, pump

pytestmark = pytest.mark.gui

SHORT = FlowTimeouts(
    idle_warning=0.6, idle_countdown=0.6, result_return=0.6, reminder_interval=0.3, reminder_repeats=2
)

# What the last person's screens showed: masked name and ID, the full ones, amounts and document numbers.
PERSONAL = ["张*", "张三丰", "110105", "002X", SAMPLE_ID, "1,234.56", "LI SI", "CE0000"]


class Sound:
    def __init__(self) -> None:
        self.reminders: list[str] = []

    def remind(self, reason: str) -> None:
        self.reminders.append(reason)


def leftovers(window: QWidget) -> list[str]:
    """Personal text held by any widget, except those of other kiosk windows another test left alive."""
    return [t for t in live_texts(window) if any(p in t for p in PERSONAL)]


@pytest.fixture
def short(qtbot):  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(), timeouts=SHORT, tick_interval=0.05)
    d.controller.sound = Sound()
    yield d
    d.close()


def sign_in(d: FakeKiosk) -> None:
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.wait_screen("menu")


def test_idle_warning_counts_down_and_one_tap_extends(short: FakeKiosk) -> None:
    sign_in(short)
    short.wait_until("the idle warning", lambda: short.window.overlay.isVisible(), 3)
    assert short.view.idle_warning is not None
    short.tap("idle.extend")
    short.wait_until("the warning to close", lambda: not short.window.overlay.isVisible(), 2)
    assert short.screen == "menu"


def test_timeout_ends_session_reminds_about_card_and_leaves_no_personal_text(short: FakeKiosk) -> None:
    """GIVEN a person mid-flow with personal data on screen and the card on the reader
    WHEN nobody touches the screen THEN the session ends, a reminder sounds, and no widget keeps their data."""
    sign_in(short)
    short.tap("menu.open", "certificates")
    short.tap("cert.kind", "certificate")
    short.tap("cert.period", "last_12_months")
    short.wait_screen("certificates.records")
    assert any("1,234.56" in t for t in live_texts())
    short.wait_until("the attract screen", lambda: short.screen == "attract", 5)
    pump(50)
    assert short.services.ended == ["idle timeout"]
    assert short.controller.sound.reminders[:1] == ["remind.take_card"]
    assert short.view.card_reminder
    assert leftovers(short.window) == []
    short.controller.post(CardRemoved())
    short.wait_until("the reminder banner to go", lambda: not short.view.card_reminder, 2)


def test_no_personal_text_after_finish_from_every_kind_of_screen(short: FakeKiosk) -> None:
    short.controller.flow.timeouts = FlowTimeouts()  # no timeouts in this one: we finish by hand
    sign_in(short)
    short.tap("menu.open", "rental")
    short.tap("rental.property", 31)
    short.tap("ime.mode")  # Latin letters
    short.type_keys("LI SI")
    short.tap("call_staff")
    short.wait_screen("staff")
    short.tap("staff.close")
    short.tap("wizard.cancel")
    short.wait_screen("menu")
    short.tap("menu.finish")
    short.wait_screen("attract")
    pump(50)
    assert leftovers(short.window) == []
    assert short.window.windowTitle() == "Tax kiosk"


def test_no_timeout_while_the_host_works(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(delay=1.5), timeouts=SHORT, tick_interval=0.05)
    try:
        d.controller.post(CardPlaced())
        d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
        d.wait_until("the menu", lambda: d.screen == "menu", 5)
        d.tap("menu.open", "payment")
        d.wait_until("the progress screen", lambda: d.screen == "progress", 2)
        pump(1000)  # longer than warning + countdown
        assert d.view.idle_warning is None and d.screen == "progress"
        d.wait_until("the dues", lambda: d.screen == "payment.dues", 5)
    finally:
        d.close()
