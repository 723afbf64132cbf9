"""The reconciliation's screens through real widgets: the bonus comparison side by side and chosen by
a tap, the field being typed above the keypad with its label in sight, large − and + signs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.flow import CardPlaced, CardRead, FlowTimeouts
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk
from ui.automation import pump
from ui.widgets import Keypad, TileButton


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def kiosk(request, qtbot):  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(), timeouts=FlowTimeouts(result_return=2.0, payment_poll_interval=0.05))
    if request.param:
        d.tap("large_text")
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.wait_screen("menu")
    yield d
    d.close()


def to_others(d: FakeKiosk, bonus: str = "") -> None:
    d.tap("menu.open", "reconciliation")
    d.tap("rec.year", 2025)
    d.wait_screen("reconciliation.income")
    d.tap("wizard.next")
    d.wait_screen("reconciliation.bonus")
    if bonus:
        d.tap("rec.bonus.choose", "yes")
        d.wait_screen("reconciliation.bonus_amount")
        d.type_keys(bonus)
        d.tap("wizard.next")
    else:
        d.tap("rec.bonus.choose", "no")
    d.wait_screen("reconciliation.children")
    d.tap("wizard.next")
    d.tap("rec.elderly.choose", "none")
    d.tap("rec.housing.choose", "none")
    d.wait_screen("reconciliation.education")
    d.tap("wizard.next")
    d.wait_screen("reconciliation.illness")
    d.tap("wizard.next")
    d.wait_screen("reconciliation.others")


def top_left(w: QWidget, window: QWidget) -> QPoint:
    return w.mapTo(window, QPoint(0, 0))


def test_the_field_typed_is_above_the_keypad_with_its_label_visible(kiosk: FakeKiosk) -> None:
    """GIVEN the other deductions (three money fields) WHEN the last one is tapped THEN its label and
    its box are on screen, inside the scroll area's view, and above the keypad."""
    to_others(kiosk)
    kiosk.tap("field.focus", "annuity")
    kiosk.wait_until("the annuity field active", lambda: "'annuity'" in str(kiosk.view.blocks))
    pump(50)
    page = kiosk.window.page
    box = kiosk.find("field.focus", "annuity")
    assert box is not None and box.property("active") == "true"
    frame = box.parentWidget()
    while frame is not None and frame.objectName() != "Field":
        frame = frame.parentWidget()
    assert frame is not None
    label = next(w for w in frame.findChildren(QLabel) if "年金" in w.text())
    keypad = page.findChildren(Keypad)[0]
    viewport = frame.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    assert viewport is not None
    view_top = top_left(viewport, kiosk.window).y()
    view_bottom = view_top + viewport.height()
    keypad_top = top_left(keypad, kiosk.window).y()
    for w in (label, box):
        y = top_left(w, kiosk.window).y()
        assert view_top <= y and y + w.height() <= view_bottom, f"{w} scrolled out of sight"
        assert y + w.height() <= keypad_top, "the field must be above the keypad"


def test_stepper_signs_are_large(kiosk: FakeKiosk) -> None:
    to_others(kiosk)
    for screen in ("illness", "education", "housing", "elderly", "children"):
        kiosk.tap("wizard.back")
        kiosk.wait_screen(f"reconciliation.{screen}")
    plus = kiosk.find("field.inc", "children")
    label = kiosk.window.page.findChildren(QLabel)[0]
    assert isinstance(plus, QPushButton) and plus.property("glyph") == "true"
    assert plus.fontInfo().pixelSize() > label.fontInfo().pixelSize()


def test_bonus_totals_side_by_side_and_the_person_chooses(kiosk: FakeKiosk) -> None:
    to_others(kiosk, bonus="36000")
    kiosk.tap("wizard.next")
    kiosk.wait_screen("reconciliation.donations")
    kiosk.tap("wizard.next")
    kiosk.wait_screen("reconciliation.bonus_choice")
    tiles = [t for t in kiosk.window.page.findChildren(TileButton) if t.property("intent") == "rec.bonus_method"]
    assert len(tiles) == 2
    words = [" ".join(w.text() for w in t.findChildren(QLabel)) for t in tiles]
    assert "11,470.00" in words[0] and "15,280.00" in words[1] and "3,810.00" in words[0]
    a, b = (top_left(t, kiosk.window) for t in tiles)
    large = kiosk.view.large_text
    assert (a.y() == b.y()) if not large else (a.x() == b.x())  # side by side; stacked in large text
    kiosk.tap("rec.bonus_method", "combined")
    kiosk.wait_screen("reconciliation.preview")
    kiosk.tap("wizard.next")
    kiosk.wait_screen("reconciliation.commit")
    kiosk.tap("rec.agree")
    kiosk.tap("wizard.next")
    kiosk.wait_screen("result")
    assert kiosk.services.submitted[-1][0].bonus_method == "combined"
