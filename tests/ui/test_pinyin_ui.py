"""Chinese input through the real on-screen keyboard: pinyin letters, the candidate bar, paging;
and the gaps between keys (kiosk-ux.md: >= 2.5 mm, about 10 px, between all targets)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.flow import CardPlaced, CardRead, FlowTimeouts, Intent
from kiosk.flow.forms import Form
from kiosk.flow.views import FieldKind, FormField, PageKind, PageView, Txt
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk
from ui.automation import ANY, UiDriver, pump
from ui.window import LANDSCAPE, PORTRAIT, KioskWindow

pytestmark = pytest.mark.gui

MIN_KEY_GAP = 10


def sign_in(d: FakeKiosk) -> None:
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.wait_screen("menu")


def to_tenant(d: FakeKiosk) -> None:
    sign_in(d)
    d.tap("menu.open", "rental")
    d.wait_screen("rental.property")
    d.tap("rental.property", 31)
    d.wait_screen("rental.tenant")


def field_text(d: UiDriver, name: str) -> str:
    box = d.find("field.focus", name)
    assert box is not None
    return "".join(w.text() for w in box.findChildren(QLabel)).replace("▏", "")


def pick(d: UiDriver, text: str, pages: int = 10) -> None:
    """Tap the candidate ``text``, turning the candidate pages forward until it shows."""
    for _ in range(pages):
        if d.find("ime.pick", ANY, text=text) is not None:
            break
        d.tap("ime.page", 1)
    d.tap("ime.pick", ANY, text=text)


def test_wangfang_typed_in_pinyin_and_chosen_on_the_candidate_bar(ui: FakeKiosk) -> None:
    """GIVEN the rental tenant field WHEN the person types w-a-n-g-f-a-n-g on the keyboard, taps 王,
    then 芳 (turning the candidate page if need be) THEN the field shows 王芳 and the flow holds it."""
    to_tenant(ui)
    ui.type_keys("WANGFANG")
    assert field_text(ui, "tenant") == ""
    assert ui.shows("wang fang", exact=True)  # the letters being composed, split into syllables
    pick(ui, "王")
    assert field_text(ui, "tenant") == "王"
    assert ui.shows("fang", exact=True)
    pick(ui, "芳")
    assert field_text(ui, "tenant") == "王芳"
    ui.tap("wizard.next")
    ui.wait_screen("rental.terms")
    ui.tap("wizard.back")
    ui.wait_screen("rental.tenant")
    assert field_text(ui, "tenant") == "王芳"


@pytest.mark.parametrize(("size", "large"), [
    (PORTRAIT, False), (LANDSCAPE, False),
    (PORTRAIT, True), (LANDSCAPE, True),
])
def test_the_candidate_bar_fits_the_panel_with_the_keyboard(qtbot: Any, size: tuple[int, int], large: bool) -> None:
    """The tenant step with candidates on show passes the screen checks (targets, fit, contrast) in both
    orientations: in landscape the bar goes under the field, beside the keyboard."""
    d = FakeKiosk(FakeServices(), timeouts=FlowTimeouts(result_return=2.0), size=size)
    try:
        if large:
            d.wait_screen("attract")
            d.tap("large_text")
        to_tenant(d)
        assert d.view.large_text is large
        d.type_keys("WANGFANG")
        d.wait_screen("rental.tenant")  # checked again, now with the candidate bar
        assert d.find("ime.pick", ANY, text="王") is not None
        assert key_gaps(d.window) == []
        hint = d.window.page.minimumSizeHint()
        assert hint.height() <= d.window.height() and hint.width() <= d.window.width()
    finally:
        d.close()


def test_the_mode_key_is_named_by_its_mode_and_types_latin_letters(ui: FakeKiosk) -> None:
    to_tenant(ui)
    assert ui.find("ime.mode", text=Txt("ime.mode.chinese")) is not None
    ui.tap("ime.mode")
    assert ui.find("ime.mode", text=Txt("ime.mode.latin")) is not None
    ui.type_keys("LI SI")
    assert field_text(ui, "tenant") == "LI SI"
    assert ui.find("ime.pick", ANY) is None


class FormPage:
    """A window showing one form through the real page builder, its intents fed back to the form
    (the way the flow does it): the keyboard, the candidate bar and the field are the real widgets."""

    def __init__(self, form: Form, size: tuple[int, int] = PORTRAIT, large: bool = False) -> None:
        self.form = form
        self.large = large
        self.window = KioskWindow(size=size, kiosk_mode=False)
        self.window.intent.connect(self._on_intent)
        self.window.show()
        self._show()

    def _show(self) -> None:
        self.window.show_view(PageView("test.address", PageKind.STEP, Txt("menu.rental"),
                                       blocks=self.form.block(), large_text=self.large))

    def _on_intent(self, name: str, value: object) -> None:
        self.form.handle(Intent(name, value))
        self._show()

    def close(self) -> None:
        self.window.allow_close()
        self.window.close()
        self.window.deleteLater()
        pump(20)


@pytest.fixture
def address_page(qtbot: Any) -> Iterator[FormPage]:
    page = FormPage(Form([FormField("address", FieldKind.TEXT, Txt("rental.tenant"), "", chinese=True)]))
    yield page
    page.close()


def test_a_multi_character_address_typed_word_by_word(address_page: FormPage) -> None:
    """GIVEN a text field that takes Chinese WHEN the person types beijingshi, chaoyangqu, jianguolu,
    the digits 88 and hao, picking a candidate after each THEN the field holds 北京市朝阳区建国路88号."""
    d = UiDriver(address_page.window)
    for letters, word in (("BEIJINGSHI", "北京市"), ("CHAOYANGQU", "朝阳区"), ("JIANGUOLU", "建国路")):
        d.type_keys(letters)
        pick(d, word)
    d.type_keys("88")
    d.type_keys("HAO")
    pick(d, "号")
    assert field_text(d, "address") == "北京市朝阳区建国路88号"
    assert address_page.form.text("address") == "北京市朝阳区建国路88号"


# ---- key gaps on the live widgets -----------------------------------------------------------------
def gap(a: QRect, b: QRect) -> int:
    """The clear space between two rectangles (negative when they overlap)."""
    dx = max(b.x() - (a.x() + a.width()), a.x() - (b.x() + b.width()))
    dy = max(b.y() - (a.y() + a.height()), a.y() - (b.y() + b.height()))
    return max(dx, dy)


def key_gaps(window: QWidget) -> list[str]:
    """Every pair of visible keys and candidates on the keypad/keyboard closer than MIN_KEY_GAP."""
    pads = [w for w in window.findChildren(QWidget)
            if w.objectName() in ("Keypad", "Keyboard", "Candidates") and w.isVisible()]
    assert pads, "no keypad on screen"
    bad: list[str] = []
    for pad in pads:
        keys = [b for b in pad.findChildren(QAbstractButton) if b.isVisible()]
        rects = [(b, QRect(b.mapTo(window, b.rect().topLeft()), b.size())) for b in keys]
        for (a, ra), (b, rb) in itertools.combinations(rects, 2):
            if gap(ra, rb) < MIN_KEY_GAP:
                bad.append(f"{a.text()!r} and {b.text()!r}: {gap(ra, rb)} px")
    return bad


def test_the_gap_rule_can_fail() -> None:
    assert gap(QRect(0, 0, 10, 10), QRect(18, 0, 10, 10)) == 8
    assert gap(QRect(0, 0, 10, 10), QRect(0, 30, 10, 10)) == 20
    assert gap(QRect(0, 0, 10, 10), QRect(5, 5, 10, 10)) < 0


@pytest.mark.parametrize(("size", "large"), [(PORTRAIT, False), (PORTRAIT, True), (LANDSCAPE, False), (LANDSCAPE, True)])
def test_keyboard_and_candidate_keys_are_at_least_10_px_apart(qtbot: Any, size: tuple[int, int], large: bool) -> None:
    page = FormPage(Form([FormField("address", FieldKind.TEXT, Txt("rental.tenant"), "", chinese=True)]), size, large)
    try:
        d = UiDriver(page.window)
        d.type_keys("WANGFANG")  # the candidate bar full, with its page buttons and two syllables
        pump(20)
        assert d.find("ime.page", 1) is not None
        assert key_gaps(page.window) == []
    finally:
        page.close()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE])
def test_numeric_keypads_keys_are_at_least_10_px_apart(qtbot: Any, size: tuple[int, int]) -> None:
    d = FakeKiosk(FakeServices(), timeouts=FlowTimeouts(result_return=2.0), size=size)
    try:
        d.tap("call_staff")
        d.wait_screen("staff")
        d.tap("staff.entry")
        d.wait_screen("staff_entry.form")
        assert key_gaps(d.window) == []  # the text keyboard (staff code)
        d.tap("field.focus", "pin")
        d.wait_screen("staff_entry.form")
        assert key_gaps(d.window) == []  # digits
        d.tap("field.focus", "id_number")
        d.wait_screen("staff_entry.form")
        assert d.find("key", "X") is not None
        assert key_gaps(d.window) == []  # digits with the X key
    finally:
        d.close()


def test_the_money_keypad_keys_are_at_least_10_px_apart(ui: FakeKiosk) -> None:
    to_tenant(ui)
    ui.tap("ime.mode")
    ui.type_keys("LI")
    ui.tap("wizard.next")
    ui.wait_screen("rental.terms")
    assert key_gaps(ui.window) == []
