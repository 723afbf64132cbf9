"""The layout audit (ui/audit.py): each rule finds what it should on hand-made widgets, and every tour
screen in every display mode (zh_CN and English, normal and large text, portrait and landscape)
passes it on the real widgets of the real application."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.audit import Violation, audit_tree
from ui.theme import load_cjk_font, style_sheet
from ui.widgets import TouchButton, label

pytestmark = [pytest.mark.gui]


def _window(qtbot, width: int = 600, height: int = 400) -> tuple[QWidget, QVBoxLayout]:  # type: ignore[no-untyped-def]
    top = QWidget()
    top.setObjectName("Probe")
    top.resize(width, height)
    top.setStyleSheet(style_sheet(load_cjk_font(), False))  # the kiosk's own look: colours, sizes, padding
    qtbot.addWidget(top)
    col = QVBoxLayout(top)
    col.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # no size hints to the platform
    col.setContentsMargins(10, 10, 10, 10)
    col.setSpacing(20)
    return top, col


def _audit(top: QWidget) -> list[Violation]:
    top.show()
    top.layout().activate()  # type: ignore[union-attr]
    return audit_tree(top, "probe", top=top)


def _rules(found: list[Violation]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in found:
        out.setdefault(v.rule, []).append(v.widget)
    return out


def test_a_clean_screen_has_no_violations(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot)
    col.addWidget(label("A sentence long enough to wrap onto a second line in this narrow probe window " * 2))
    col.addWidget(TouchButton("Continue without printing", None, role="primary", height=80))
    col.addStretch(1)
    assert _audit(top) == []


def test_clipped_texts_are_named_with_their_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a plain QPushButton and a non-wrapping label narrower than their text THEN both are clipped."""
    top, col = _window(qtbot)
    button = QPushButton("¥7,283.00 Pay now")
    button.setFixedSize(120, 80)
    col.addWidget(button)
    cut = QLabel("Continue without printing")
    cut.setFixedWidth(100)
    col.addWidget(cut)
    col.addStretch(1)
    rules = _rules(_audit(top))
    assert any("¥7,283.00" in w for w in rules["clipped"])
    assert any("Continue without printing" in w for w in rules["clipped"])


def test_a_wrapping_touch_button_grows_instead_of_clipping(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot, 300, 600)
    b = TouchButton("Continue without printing, then take your card", None, height=80)
    col.addWidget(b)
    col.addStretch(1)
    assert _audit(top) == []
    assert b.height() > 80  # two lines or more: it grew


def test_line_spacing_under_1_3_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot, 300, 600)
    plain = QLabel("Words that wrap onto several lines at the font's own line spacing, about 1.2x")
    plain.setWordWrap(True)
    col.addWidget(plain)
    col.addStretch(1)
    assert "line-spacing" in _rules(_audit(top))


def test_targets_closer_than_10_px_are_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot)
    grid = QGridLayout()
    grid.setSpacing(8)
    for i in range(2):
        b = TouchButton(str(i), None, height=88, width=88)
        b.setProperty("intent", "key")
        b.setProperty("intent_value", repr(str(i)))
        grid.addWidget(b, 0, i)
    col.addLayout(grid)
    col.addStretch(1)
    gaps = [v for v in _audit(top) if v.rule == "gap"]
    assert gaps and "key '0'" in gaps[0].widget and "8 px from key '1'" in gaps[0].detail
    assert str(gaps[0]).startswith("probe: gap: key '0'")


def test_controls_off_the_panel_and_primary_actions_out_of_sight_are_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot, 400, 300)
    inner = QWidget()
    inner_col = QVBoxLayout(inner)
    inner_col.addSpacing(600)  # the primary action is below the fold of the scroll area
    inner_col.addWidget(TouchButton("Next", None, role="primary", height=80))
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    col.addWidget(scroll)
    wide = TouchButton("Back", None, role="back", height=80)
    wide.setFixedWidth(900)  # wider than the panel
    col.addWidget(wide)
    rules = _rules(_audit(top))
    assert any("Next" in w for w in rules["scroll"])
    assert any("Back" in w for w in rules["off-screen"])


def test_low_contrast_text_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    top, col = _window(qtbot)
    faint = label("grey on white")
    faint.setStyleSheet("color: #999999;")
    col.addWidget(faint)
    col.addStretch(1)
    assert "contrast" in _rules(_audit(top))


# ---- every tour screen, every mode ---------------------------------------------------------------------
MODES = ("zh", "en", "large", "large-en", "landscape", "landscape-en", "landscape-large", "landscape-large-en")
#: Modes with violations still open (issue 12 item 3 is not finished there); each says what is left.
OPEN: dict[str, str] = {}


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize(
    "mode",
    [pytest.param(m, marks=pytest.mark.xfail(reason=OPEN[m], strict=False)) if m in OPEN else m for m in MODES],
)
def test_every_tour_screen_passes_the_layout_audit(mode: str, tmp_path: Path) -> None:
    """GIVEN the real application on simulated devices WHEN `kiosk tour --mode <mode>` walks every flow
    THEN every step passes and the audit of every screen shot finds nothing (the message lists what it
    found: screen, rule, widget, numbers)."""
    out = tmp_path / "tour"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_CONFIG", None)
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("kiosk")), "--config", str(cfg), "tour", "--out", str(out),
         "--mode", mode],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((out / mode / "summary.json").read_text(encoding="utf-8"))
    assert summary["mode"]["name"] == mode and summary["ok"]
    top = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert top["modes"][mode]["violations"] == summary["violations"]
    shots = sorted(p.name for p in (out / mode).glob("[0-9][0-9]-*.png"))
    assert len(shots) >= 60 and set(summary["audit"]) == set(shots)
    found = [v for vs in summary["audit"].values() for v in vs]
    assert summary["violations"] == len(found) == 0, "\n".join(found[:60])
