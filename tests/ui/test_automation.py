"""The UI driver (ui.automation) itself: it finds what a person sees, taps only what a finger could,
types key by key, and every wait ends with an error that names the screen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.flow import CardPlaced, CardRead
from kiosk.flow.views import Action, FormBlock, PageKind, PageView, Role, Txt
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk
from ui.automation import ANY, TargetNotFound, TargetNotTappable, UiDriver, WaitTimeout
from ui.tr import tr
from ui.widgets import tag
from ui.window import KioskWindow

pytestmark = pytest.mark.gui


def sign_in(d: FakeKiosk) -> None:
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.wait_screen("menu")


def intents(d: FakeKiosk) -> list[tuple[str, object]]:
    """Every intent the window emits from now on."""
    seen: list[tuple[str, object]] = []
    d.window.intent.connect(lambda name, value: seen.append((name, value)))
    return seen


def form_value(view: PageView, name: str) -> object:
    for block in view.blocks:
        if isinstance(block, FormBlock):
            for f in block.fields:
                if f.name == name:
                    return f.value
    raise AssertionError(f"no field {name} on {view.screen}")


# ---- finding --------------------------------------------------------------------------------------------
def test_finds_by_intent_and_by_the_words_in_the_language_on_screen(ui: FakeKiosk) -> None:
    """GIVEN the attract screen in Chinese WHEN the driver looks for "Large text" by its message key
    THEN it finds the button by its Chinese words, and after switching to English by the English ones."""
    ui.wait_screen("attract")
    assert ui.find("language", "en") is not None and ui.find("language", "fr") is None
    assert ui.find("language", ANY) is not None
    chinese = tr(Txt("action.large_text_on"))
    assert chinese == "大字模式"
    large = ui.find(text=Txt("action.large_text_on"))
    assert large is not None and large.property("intent") == "large_text"
    assert ui.find(text="大字模式") is large

    ui.tap(text="English")
    ui.wait_screen("attract")
    assert ui.view.language == "en"
    assert ui.find(text=chinese) is None  # not on the screen any more: nobody reads Chinese there now
    english = ui.find(text=Txt("action.large_text_on"))
    assert english is not None and english.text() == "Large text"
    assert ui.find(text="Large", exact=False) is english


def test_finds_a_tile_by_the_label_inside_it_and_taps_it(ui: FakeKiosk) -> None:
    sign_in(ui)
    seen = intents(ui)
    ui.tap(text=Txt("menu.certificates"))
    ui.wait_screen("certificates.kind")
    assert seen == [("menu.open", "certificates")]  # one real click, one intent


def test_shows_reads_the_words_on_the_screen(ui: FakeKiosk) -> None:
    ui.wait_screen("attract")
    assert ui.shows(Txt("action.large_text_on"))
    assert not ui.shows(Txt("menu.certificates"))


# ---- refusing what a finger could not tap -----------------------------------------------------------------
def test_refuses_a_disabled_target_and_names_the_screen(ui: FakeKiosk) -> None:
    """GIVEN the staff form, whose Next stays disabled until it is filled
    WHEN the driver is told to tap Next THEN it refuses, naming the screen, the target and why."""
    ui.tap("call_staff")
    ui.wait_screen("staff")
    ui.tap("staff.entry")
    ui.wait_screen("staff_entry.form")
    seen = intents(ui)
    started = time.monotonic()
    with pytest.raises(TargetNotTappable) as err:
        ui.tap("wizard.next", timeout=0.3)
    assert time.monotonic() - started < 3
    message = str(err.value)
    assert "'wizard.next'" in message and "staff_entry.form" in message and "disabled" in message
    assert seen == [] and ui.screen == "staff_entry.form"


def test_refuses_a_hidden_target(ui: FakeKiosk) -> None:
    sign_in(ui)
    finish = ui.find("menu.finish")
    assert finish is not None
    finish.hide()
    seen = intents(ui)
    assert ui.find("menu.finish") is None  # a person does not see it
    with pytest.raises(TargetNotTappable, match=r"'menu\.finish' on screen menu is hidden"):
        ui.tap("menu.finish", timeout=0.2)
    assert seen == []


def test_says_what_is_there_when_the_target_is_not(ui: FakeKiosk) -> None:
    ui.wait_screen("attract")
    with pytest.raises(TargetNotFound) as err:
        ui.tap("menu.open", "certificates", timeout=0.2)
    message = str(err.value)
    assert "'menu.open' = 'certificates'" in message and "on screen attract" in message
    assert "large_text" in message  # what could be tapped instead


@pytest.fixture
def board(qtbot) -> Iterator[tuple[QWidget, UiDriver]]:  # type: ignore[no-untyped-def]
    """A plain 400x300 window without a layout, so the test places its buttons where it likes."""
    root = QWidget()
    root.setObjectName("Board")
    root.resize(400, 300)
    qtbot.addWidget(root)
    yield root, UiDriver(root, timeout=0.2)


def button(
    parent: QWidget, intent: str, geometry: tuple[int, int, int, int], clicks: list[str]
) -> QPushButton:
    b = QPushButton(intent, parent)
    tag(b, intent)
    b.setGeometry(*geometry)
    b.clicked.connect(lambda: clicks.append(intent))
    return b


def test_refuses_zero_sized_off_screen_and_covered_targets(board: tuple[QWidget, UiDriver]) -> None:
    root, driver = board
    clicks: list[str] = []
    button(root, "ok", (10, 10, 100, 60), clicks)
    button(root, "flat", (10, 100, 0, 0), clicks)
    button(root, "away", (600, 10, 100, 60), clicks)
    button(root, "under", (200, 100, 100, 60), clicks)
    cover = QLabel("on top", root)
    cover.setGeometry(180, 90, 200, 100)
    root.show()
    cover.raise_()

    driver.tap("ok")
    assert clicks == ["ok"]
    with pytest.raises(TargetNotTappable, match=r"'flat' on screen Board is zero-sized"):
        driver.tap("flat")
    with pytest.raises(
        TargetNotTappable, match=r"'away' on screen Board is off-screen .*outside the 400x300"
    ):
        driver.tap("away")
    with pytest.raises(
        TargetNotTappable, match=r"'under' on screen Board is covered by a QLabel in QWidget .Board."
    ):
        driver.tap("under")
    assert clicks == ["ok"]
    cover.hide()
    driver.tap("under")
    assert clicks == ["ok", "under"]


def test_scrolls_a_target_into_view_as_a_person_drags_the_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = QScrollArea()
    area.setObjectName("List")
    area.resize(300, 200)
    area.setWidgetResizable(True)
    inner = QWidget()
    col = QVBoxLayout(inner)
    clicks: list[str] = []
    for i in range(12):
        b = QPushButton(f"row {i}")
        b.setMinimumHeight(60)
        tag(b, "row", i)
        b.clicked.connect(lambda _=False, i=i: clicks.append(f"row {i}"))
        col.addWidget(b)
    area.setWidget(inner)
    qtbot.addWidget(area)
    area.show()
    driver = UiDriver(area, timeout=1.0)
    assert area.verticalScrollBar().value() == 0
    driver.tap("row", 11)
    assert clicks == ["row 11"] and area.verticalScrollBar().value() > 0


def test_the_idle_overlay_covers_the_page_until_tapped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a screen under the "are you still there?" overlay WHEN the driver taps a page button
    THEN it is refused as covered; the overlay's own button is tapped."""
    window = KioskWindow(kiosk_mode=False)
    qtbot.addWidget(window)
    seen: list[tuple[str, object]] = []
    window.intent.connect(lambda name, value: seen.append((name, value)))
    view = PageView(
        "test.page", PageKind.MENU, "Test", actions=(Action("test.go", "Go", Role.PRIMARY),), idle_warning=20
    )
    window.show_view(view)
    window.show()
    driver = UiDriver(window, timeout=0.5)
    driver.wait_screen("test.page")
    assert driver.find("test.go") is None  # under the overlay, not seen
    with pytest.raises(TargetNotTappable, match=r"'test.go' on screen test.page is covered by"):
        driver.tap("test.go")
    driver.tap("idle.extend")
    assert seen == [("idle.extend", None)]


# ---- waiting ---------------------------------------------------------------------------------------------
def test_a_wait_for_a_screen_times_out_naming_the_screen_it_is_on(ui: FakeKiosk) -> None:
    ui.wait_screen("attract")
    started = time.monotonic()
    with pytest.raises(WaitTimeout, match=r"after 0\.3 s waiting for screen menu \(on screen attract\)"):
        ui.wait_screen("menu", timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 3


def test_a_wait_for_a_condition_times_out_naming_it_and_the_screen(ui: FakeKiosk) -> None:
    with pytest.raises(WaitTimeout, match=r"waiting for the printer to dance \(on screen attract\)"):
        ui.wait_until("the printer to dance", lambda: False, 0.1)
    ui.wait_until("the attract screen", lambda: ui.screen == "attract", 0.1)  # holds at once: no error


# ---- typing ----------------------------------------------------------------------------------------------
def test_typing_on_the_keyboard_and_keypad_reaches_the_fields(ui: FakeKiosk) -> None:
    """GIVEN the rental invoice form WHEN the driver types on the on-screen keyboard, then on the money
    keypad THEN each text is in its field, on the screen and in the view-model the flow holds."""
    sign_in(ui)
    ui.tap("menu.open", "rental")
    ui.wait_screen("rental.property")
    ui.tap("rental.property", 31)
    ui.wait_screen("rental.tenant")
    ui.tap("ime.mode")  # the tenant field starts in pinyin; Latin letters typed as they are
    seen = intents(ui)
    ui.type_keys("WANG FANG")
    assert seen == [("key", "space" if ch == " " else ch) for ch in "WANG FANG"]
    assert form_value(ui.view, "tenant") == "WANG FANG"
    tenant = ui.find("field.focus", "tenant")
    assert tenant is not None and "WANG FANG" in [
        w.text().replace("▏", "") for w in tenant.findChildren(QLabel)
    ]
    ui.tap("wizard.next")
    ui.wait_screen("rental.terms")
    ui.type_keys("9000.5")
    assert form_value(ui.view, "rent") == "9000.5"
    with pytest.raises(TargetNotFound, match=r"no button with intent 'key' = 'A' on screen rental\.terms"):
        ui.type_keys("A", timeout=0.2)  # a money keypad has no letters


def test_screenshot_is_the_window_as_a_png(ui: FakeKiosk, tmp_path: Path) -> None:
    ui.wait_screen("attract")
    path = ui.screenshot(tmp_path / "attract.png")
    assert path.read_bytes().startswith(b"\x89PNG")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (ui.window.width(), ui.window.height())
