"""Translations complete, the CJK font chosen explicitly, contrast and text sizes, kiosk lock-down."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.flow.views import Txt
from ui import theme
from ui.i18n import QM_FILE, TS_FILE
from ui.i18n.build import lrelease, lupdate
from ui.texts import SOURCE
from ui.tr import Translations, tr
from ui.window import KioskWindow

FLOW_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "flow"


def test_every_message_key_in_the_flow_has_a_text() -> None:
    """Keys written literally in kiosk/flow (Txt("...") / Txt.of("...")) all exist in ui/texts.py."""
    used = set()
    for path in FLOW_DIR.rglob("*.py"):
        used |= set(re.findall(r'Txt(?:\.of)?\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is wrong"
    assert sorted(used - SOURCE.keys()) == []


def test_catalogue_is_complete_and_compiled(tmp_path: Path) -> None:
    """lupdate over the code finds no string without a Chinese translation, and the .qm is up to date."""
    ts = tmp_path / "check.ts"
    ts.write_bytes(TS_FILE.read_bytes())
    lupdate(ts)
    root = ET.parse(ts).getroot()
    messages = root.findall(".//message")
    assert len(messages) >= len(set(SOURCE.values()))
    unfinished = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []
    qm = tmp_path / "check.qm"
    lrelease(ts, qm)
    assert qm.read_bytes() == QM_FILE.read_bytes(), "kiosk_zh_CN.qm is stale: run python -m ui.i18n.build"


@pytest.mark.gui
def test_chinese_is_default_and_english_complete(qtbot) -> None:  # type: ignore[no-untyped-def]
    t = Translations()
    t.use("zh_CN")
    try:
        assert tr(Txt("menu.payment")) == "应缴税费与缴款"
        assert tr(Txt.of("action.pay", amount="¥1.00")) == "支付 ¥1.00"
        untranslated = [k for k, src in SOURCE.items() if tr(Txt(k)) == src and re.search("[A-Za-z]{3}", src)]
        assert untranslated == []
    finally:
        t.use("en")
    assert tr(Txt("menu.payment")) == "Taxes due and payment"


def test_contrast_of_every_text_colour_pair_is_at_least_7_to_1() -> None:
    ratios = {name: theme.contrast_ratio(*pair) for name, pair in theme.CONTRAST_PAIRS.items()}
    assert min(ratios.values()) >= 7.0, ratios
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_text_sizes_follow_the_reference() -> None:
    normal, large = theme.Metrics.for_mode(False), theme.Metrics.for_mode(True)
    assert min(normal.small, normal.body, normal.button) >= theme.BODY_PX >= 19
    assert min(large.small, large.body, large.button) >= theme.LARGE_BODY_PX
    assert normal.target >= theme.PRIMARY_TARGET and large.target >= theme.LARGE_PRIMARY_TARGET
    assert min(normal.key, large.key) >= theme.PRIMARY_TARGET


@pytest.mark.gui
def test_cjk_font_loaded_from_file_and_used(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = KioskWindow(kiosk_mode=False)
    qtbot.addWidget(w)
    assert "WenQuanYi" in w.family
    assert QApplication.font().family() == w.family
    from kiosk.flow import FlowController

    w.show_view(FlowController().view())
    w.show()
    sizes = [lbl.font().pixelSize() for lbl in w.page.findChildren(QLabel) if lbl.text()]
    assert sizes and min(sizes) >= theme.BODY_PX, sizes
    assert {lbl.font().family() for lbl in w.page.findChildren(QLabel)} == {w.family}


@pytest.mark.gui
def test_kiosk_window_is_locked_down(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = KioskWindow(kiosk_mode=True)
    qtbot.addWidget(w)
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert w.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    close = QCloseEvent()
    w.closeEvent(close)
    assert not close.isAccepted()
    esc = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    alt_f4 = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert w.eventFilter(w, esc) and w.eventFilter(w, alt_f4)
    w.allow_close()
    close = QCloseEvent()
    w.closeEvent(close)
    assert close.isAccepted()
