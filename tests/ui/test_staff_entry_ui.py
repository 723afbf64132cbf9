"""Staff-assisted session start through the real widgets: call staff, the form, keypads, errors, privacy.

Every screen on the way is checked for touch-target sizes, fitting the panel and contrast
(tests/helpers/ui_driver); afterwards no live widget may hold the typed ID number, and no widget ever
shows the staff PIN (only one dot per digit).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.flow import CardPlaced, CardReadFailed, FlowTimeouts
from kiosk.flow.views import Txt
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID
from tests.helpers.ui_driver import FakeKiosk
from ui.automation import live_texts, pump
from ui.window import LANDSCAPE

pytestmark = pytest.mark.gui


PIN = "246810"  # the fake's PIN for S001 (not a part of SAMPLE_ID)
WRONG_PIN = "135790"
MASK = "●"


def holding_the_number() -> list[str]:
    return [t for t in live_texts() if SAMPLE_ID in t or SAMPLE_ID[:12] in t]


def showing_a_pin(pin: str = PIN) -> list[str]:
    """Widget texts (labels, buttons, tooltips, accessible names...) holding 4 or more digits of the PIN."""
    return [t for t in live_texts() if any(pin[i : i + 4] in t for i in range(len(pin) - 3))]


def pin_field_text(d: FakeKiosk) -> str:
    """What the PIN input shows (its cursor mark left out)."""
    box = d.find("field.focus", "pin")
    assert box is not None
    return "".join(w.text() for w in box.findChildren(QLabel)).replace("▏", "")


def open_form(d: FakeKiosk) -> None:
    d.tap("call_staff")
    d.wait_screen("staff")
    d.tap("staff.entry")
    d.wait_screen("staff_entry.form")


def fill(d: FakeKiosk, staff_code: str, id_number: str = SAMPLE_ID, pin: str = PIN) -> None:
    d.type_keys(staff_code)
    d.tap("field.focus", "pin")
    d.wait_screen("staff_entry.form")  # the numeric keypad without X, checked too
    assert d.find("key", "X") is None
    d.type_keys(pin)  # through the real keypad buttons
    d.tap("field.focus", "id_number")
    d.wait_screen("staff_entry.form")  # the numeric keypad with its X key, checked too
    d.type_keys(id_number)
    d.wait_screen("staff_entry.form")


def test_staff_start_a_session_and_the_menu_follows(ui: FakeKiosk) -> None:
    """GIVEN a card the reader rejects WHEN staff type their code and the person's ID number
    THEN the menu greets the person masked, and no widget holds the full number."""
    ui.controller.post(CardPlaced())
    ui.controller.post(CardReadFailed())
    ui.wait_screen("error.card.read_failed")
    open_form(ui)
    assert ui.find("wizard.back") is not None and ui.find("wizard.cancel") is not None
    assert not ui.find("wizard.next").isEnabled()  # type: ignore[union-attr]
    fill(ui, "S001")
    assert any(SAMPLE_ID in t for t in live_texts())  # shown while typed, for checking
    assert pin_field_text(ui) == MASK * len(PIN) and showing_a_pin() == []  # the PIN never
    ui.tap("wizard.next")
    ui.wait_screen("menu")
    assert ui.services.session is not None and ui.services.session.via == "staff"
    greeting = ui.view.greeting
    assert "110105********002X" in str(greeting)
    pump(50)
    assert holding_the_number() == [] and showing_a_pin() == []
    assert not any(MASK in t for t in live_texts())
    ui.tap("menu.finish")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == []
    assert ui.services.ended == ["finished"]


def test_the_pin_shows_only_dots_while_typed(ui: FakeKiosk) -> None:
    """GIVEN the staff entry form WHEN staff type their PIN on the keypad, one digit after the other
    THEN the field shows one dot per digit and no widget text, tooltip or accessible name holds it."""
    open_form(ui)
    assert not ui.find("wizard.next").isEnabled()  # type: ignore[union-attr]
    ui.type_keys("S001")
    ui.tap("field.focus", "pin")
    ui.wait_screen("staff_entry.form")
    for n, digit in enumerate(PIN, 1):
        ui.tap("key", digit)
        assert pin_field_text(ui) == MASK * n
    assert showing_a_pin() == []
    ui.tap("key", "backspace")
    assert pin_field_text(ui) == MASK * (len(PIN) - 1)
    ui.tap("key", PIN[-1])
    ui.tap("field.focus", "id_number")
    ui.type_keys(SAMPLE_ID)
    ui.wait_screen("staff_entry.form")
    assert ui.find("wizard.next").isEnabled()  # type: ignore[union-attr]
    assert pin_field_text(ui) == MASK * len(PIN) and showing_a_pin() == []
    ui.tap("wizard.cancel")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == [] and showing_a_pin() == []
    assert "start_session_staff" not in ui.services.calls


def test_wrong_pin_then_try_again_clears_the_pin(ui: FakeKiosk) -> None:
    """GIVEN staff mistype their PIN WHEN the kiosk refuses ("code or PIN not right") and they tap
    Try again THEN the PIN field is empty (the code and the number stay), and the right PIN starts."""
    open_form(ui)
    fill(ui, "S001", pin=WRONG_PIN)
    ui.tap("wizard.next")
    ui.wait_screen("error.error.staff_code")
    assert ui.shows(Txt("error.staff_code"))  # in a notice, after its level word
    assert showing_a_pin(WRONG_PIN) == []
    ui.tap("error.retry")
    ui.wait_screen("staff_entry.form")
    assert pin_field_text(ui) == ""
    assert not any(MASK in t for t in live_texts())
    assert not ui.find("wizard.next").isEnabled()  # type: ignore[union-attr]
    assert any(SAMPLE_ID in t for t in live_texts())  # the number is still there to check
    ui.type_keys(PIN)  # the PIN field is the active one again
    assert pin_field_text(ui) == MASK * len(PIN)
    ui.tap("wizard.next")
    ui.wait_screen("menu")
    assert ui.services.session is not None
    assert showing_a_pin() == [] and showing_a_pin(WRONG_PIN) == []


def test_a_locked_staff_code_has_its_own_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(staff_locked=True))
    try:
        open_form(d)
        fill(d, "S001")
        d.tap("wizard.next")
        d.wait_screen("error.error.staff_locked")
        assert d.shows(Txt("error.staff_locked")) and not d.shows(Txt("error.staff_code"))
        assert d.find("error.retry") is not None and d.find("error.finish") is not None
        d.tap("error.retry")
        d.wait_screen("staff_entry.form")
        assert pin_field_text(d) == ""
        d.tap("wizard.cancel")
        d.wait_screen("attract")
        pump(50)
        assert holding_the_number() == [] and showing_a_pin() == []
        assert d.services.session is None
    finally:
        d.close()


def test_wrong_staff_code_then_try_again_then_cancel(ui: FakeKiosk) -> None:
    open_form(ui)
    fill(ui, "S999")
    ui.tap("wizard.next")
    ui.wait_screen("error.error.staff_code")
    ui.tap("error.retry")
    ui.wait_screen("staff_entry.form")
    ui.tap("field.focus", "staff_code")
    ui.tap("key", "clear")
    ui.type_keys("S002")
    ui.tap("field.focus", "pin")
    ui.type_keys(PIN)
    ui.tap("wizard.next")
    ui.wait_screen("error.error.staff_code")
    ui.tap("error.finish")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == [] and showing_a_pin() == []
    assert ui.services.session is None


def test_cancel_on_the_form_leaves_nothing_behind(ui: FakeKiosk) -> None:
    open_form(ui)
    fill(ui, "S001")
    ui.tap("wizard.back")
    ui.wait_screen("staff")
    pump(50)
    assert holding_the_number() == []
    ui.tap("staff.entry")
    ui.wait_screen("staff_entry.form")
    fill(ui, "S001")
    ui.tap("wizard.cancel")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == []
    assert "start_session_staff" not in ui.services.calls


def test_idle_timeout_on_the_form_leaves_nothing_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(), timeouts=FlowTimeouts(idle_warning=0.8, idle_countdown=0.6))
    try:
        open_form(d)
        fill(d, "S001")
        d.wait_until("the idle warning", lambda: d.window.overlay.isVisible(), 3)
        d.wait_until("the attract screen", lambda: d.screen == "attract", 3)
        pump(50)
        assert holding_the_number() == [] and showing_a_pin() == []
        assert not any(MASK in t for t in live_texts())
        assert d.flow.wizard is None
    finally:
        d.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_landscape_large_text_form_and_error_fit(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(), size=LANDSCAPE)
    try:
        d.tap("language", language)
        d.tap("large_text")
        open_form(d)
        fill(d, "S001", SAMPLE_ID[:-1] + "9")
        d.tap("wizard.next")
        d.wait_screen("error.error.id_check")
        d.tap("error.retry")
        d.wait_screen("staff_entry.form")
        d.tap("wizard.cancel")
        d.wait_screen("attract")
    finally:
        d.close()


def test_portrait_large_text_english_fits(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices())
    try:
        d.tap("language", "en")
        d.tap("large_text")
        open_form(d)
        fill(d, "S001")
        d.tap("wizard.next")
        d.wait_screen("menu")
    finally:
        d.close()
