"""Staff-assisted session start through the real widgets: call staff, the form, keypads, errors, privacy.

Every screen on the way is checked for touch-target sizes, fitting the panel and contrast
(tests/helpers/ui_driver); afterwards no live widget may hold the typed ID number.
"""

from __future__ import annotations

import pytest

from kiosk.flow import CardPlaced, CardReadFailed, FlowTimeouts
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID
from tests.helpers.ui_driver import UiDriver, pump, wait_for, widget_texts
from ui.window import LANDSCAPE

pytestmark = pytest.mark.gui


def holding_the_number() -> list[str]:
    return [t for t in widget_texts() if SAMPLE_ID in t or SAMPLE_ID[:12] in t]


def open_form(d: UiDriver) -> None:
    d.tap("call_staff")
    d.wait_screen("staff")
    d.tap("staff.entry")
    d.wait_screen("staff_entry.form")


def fill(d: UiDriver, staff_code: str, id_number: str = SAMPLE_ID) -> None:
    d.type_keys(staff_code)
    d.tap("field.focus", "id_number")
    d.wait_screen("staff_entry.form")  # the numeric keypad with its X key, checked too
    d.type_keys(id_number)
    d.wait_screen("staff_entry.form")


def test_staff_start_a_session_and_the_menu_follows(ui: UiDriver) -> None:
    """GIVEN a card the reader rejects WHEN staff type their code and the person's ID number
    THEN the menu greets the person masked, and no widget holds the full number."""
    ui.controller.post(CardPlaced())
    ui.controller.post(CardReadFailed())
    ui.wait_screen("error.card.read_failed")
    open_form(ui)
    assert ui.find("wizard.back") is not None and ui.find("wizard.cancel") is not None
    assert not ui.find("wizard.next").isEnabled()  # type: ignore[union-attr]
    fill(ui, "S001")
    assert any(SAMPLE_ID in t for t in widget_texts())  # shown while typed, for checking
    ui.tap("wizard.next")
    ui.wait_screen("menu")
    assert ui.services.session is not None and ui.services.session.via == "staff"
    greeting = ui.view.greeting
    assert "110105********002X" in str(greeting)
    pump(50)
    assert holding_the_number() == []
    ui.tap("menu.finish")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == []
    assert ui.services.ended == ["finished"]


def test_wrong_staff_code_then_try_again_then_cancel(ui: UiDriver) -> None:
    open_form(ui)
    fill(ui, "S999")
    ui.tap("wizard.next")
    ui.wait_screen("error.error.staff_code")
    ui.tap("error.retry")
    ui.wait_screen("staff_entry.form")
    ui.tap("key", "clear")
    ui.type_keys("S002")
    ui.tap("wizard.next")
    ui.wait_screen("error.error.staff_code")
    ui.tap("error.finish")
    ui.wait_screen("attract")
    pump(50)
    assert holding_the_number() == []
    assert ui.services.session is None


def test_cancel_on_the_form_leaves_nothing_behind(ui: UiDriver) -> None:
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
    d = UiDriver(FakeServices(), timeouts=FlowTimeouts(idle_warning=0.8, idle_countdown=0.6))
    try:
        open_form(d)
        fill(d, "S001")
        wait_for("the idle warning", lambda: d.window.overlay.isVisible(), 3)
        wait_for("the attract screen", lambda: d.screen == "attract", 3)
        pump(50)
        assert holding_the_number() == []
        assert d.flow.wizard is None
    finally:
        d.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_landscape_large_text_form_and_error_fit(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    d = UiDriver(FakeServices(), size=LANDSCAPE)
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
    d = UiDriver(FakeServices())
    try:
        d.tap("language", "en")
        d.tap("large_text")
        open_form(d)
        fill(d, "S001")
        d.tap("wizard.next")
        d.wait_screen("menu")
    finally:
        d.close()
