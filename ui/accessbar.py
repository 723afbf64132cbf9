"""The bar at the foot of every public screen: language, large text, voice on/off, volume, repeat.

Built from the view's own fields (language, large_text, voice, volume), so it is rebuilt only when
one of them changes, and a tap only changes that setting: the flow keeps the person's step and what
they typed. The chosen language is marked by a check mark and the selected style, never by colour
alone; the toggles say what a tap does ("Large text" / "Normal text", "Voice off" / "Voice on").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow.speech import VOLUME_LEVELS
from kiosk.flow.views import PageKind, PageView, Txt
from ui.pages import Layout
from ui.theme import PRIMARY_TARGET
from ui.tr import tr
from ui.widgets import Emit, TouchButton, label, tag

LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
HIDDEN_KINDS = (PageKind.MAINTENANCE, PageKind.OUT_OF_SERVICE)  # technicians' screens; the bilingual notice


def bar_key(view: PageView, lay: Layout) -> tuple[object, ...]:
    """What the bar shows: equal keys need no new bar."""
    return (view.kind in HIDDEN_KINDS, view.language, view.large_text, view.voice, view.volume, lay)


class AccessBar(QWidget):
    def __init__(self, view: PageView, emit: Emit, lay: Layout) -> None:
        super().__init__()
        self.setObjectName("AccessBar")
        self.key = bar_key(view, lay)
        # compact but never small: every key >= the 80 px primary target, 12 px apart (kiosk-ux.md >= 10)
        height = PRIMARY_TARGET + 16
        gap = 12
        col = QVBoxLayout(self)
        pad = 28
        col.setContentsMargins(pad, 0, pad, gap)
        col.setSpacing(gap)

        def button(text: str, intent: str, value: object = None, selected: bool = False) -> TouchButton:
            b = TouchButton(text, lambda: emit(intent, value), height=height, width=height)
            tag(b, intent, value)
            if selected:
                b.setProperty("selected", "true")
            return b

        cells: list[QWidget] = []
        for code, name in LANGUAGES:
            chosen = view.language == code
            cells.append(button(f"✓ {name}" if chosen else name, "language", code, chosen))
        cells.append(button(tr(Txt("action.large_text_off" if view.large_text else "action.large_text_on")),
                            "large_text"))
        cells.append(button(tr(Txt("action.voice_off" if view.voice else "action.voice_on")), "voice"))
        cells.append(button(tr(Txt("action.repeat")), "speech.repeat"))
        down = TouchButton("−", lambda: emit("volume", -1), height=height, width=height)
        up = TouchButton("+", lambda: emit("volume", 1), height=height, width=height)
        for b, intent, value, name in ((down, "volume", -1, "action.volume_down"), (up, "volume", 1, "action.volume_up")):
            tag(b, intent, value)
            b.setAccessibleName(tr(Txt(name)))
            b.setEnabled(view.volume > 1 if value < 0 else view.volume < VOLUME_LEVELS)
        level = label(tr(Txt.of("access.volume", level=str(view.volume), levels=str(VOLUME_LEVELS))),
                      align=Qt.AlignmentFlag.AlignCenter, wrap=False)
        level.setObjectName("VolumeLevel")
        cells += [down, level, up]
        # rows: one in wide normal text; two (or three in large portrait) where space is short
        if lay.landscape:  # one row: the height goes to the keyboards and the payment code (large text too)
            rows = [cells]
        elif lay.large and not lay.landscape:
            rows = [cells[:3], cells[3:5], cells[5:]]
        else:
            rows = [cells[:4], cells[4:]]
        for cells_in_row in rows:
            row = QHBoxLayout()
            row.setSpacing(gap)
            for w in cells_in_row:
                # large landscape: the width by what each says (one line each), not equal shares
                row.addWidget(w, 0 if lay.large and lay.landscape else 1)
            col.addLayout(row)
