"""The pinyin candidate bar above the on-screen keyboard: what is being typed, large candidate
buttons, previous/next page. It only shows the view's ``ImeView``; composing happens in the flow
(``kiosk.flow.ime``), so the bar keeps nothing when the page is rebuilt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow.views import ImeView, Txt
from ui.theme import LARGE_BODY_PX, Metrics
from ui.tr import tr
from ui.widgets import Emit, TouchButton, label, tag

KEY_GAP = 10  # between all keys and candidates (kiosk-ux.md: >= 2.5 mm, about 10 px)


class CandidateBar(QWidget):
    def __init__(self, ime: ImeView, emit: Emit, m: Metrics, columns: int | None = None) -> None:
        super().__init__()
        self.setObjectName("Candidates")
        large = m.body >= LARGE_BODY_PX
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(KEY_GAP)
        head = QHBoxLayout()
        head.setSpacing(KEY_GAP)
        shown = ime.composing if ime.composing else tr(Txt("ime.hint" if ime.chinese else "ime.hint_latin"))
        # the pinyin being typed on one line, never wrapped (a wrapped label's height-for-width squeezed the
        # candidate rows); the hint shown before typing may wrap: on one line it held the column (beside
        # the landscape keyboard, in large text) wider than the keyboard let it be
        self.composing = label(shown, "prompt" if ime.composing else "small", wrap=not ime.composing)
        self.composing.setObjectName("Composing")
        head.addWidget(self.composing, 1)
        if ime.pages > 1:
            for step, key in ((-1, "ime.prev"), (1, "ime.next")):
                b = TouchButton(tr(Txt(key)), _turn(emit, step), height=m.key, width=m.key * 2,
                                enabled=(ime.page > 0) if step < 0 else (ime.page < ime.pages - 1))
                tag(b, "ime.page", step)
                head.addWidget(b)
            if not large:  # large text: no room beside the buttons (they still say previous/next)
                head.addWidget(label(tr(Txt.of("ime.page_of", page=str(ime.page + 1), pages=str(ime.pages))),
                                     "small", wrap=False))
        col.addLayout(head)
        grid = QGridLayout()
        grid.setSpacing(KEY_GAP)
        # large text beside a landscape keyboard: three a row; elsewhere one row of six (in large portrait
        # too: a second row would leave the keyboard too little height, and one character fits 160 px)
        per_row = columns if columns is not None else (3 if large else 6)
        for i, text in enumerate(ime.candidates):
            b = TouchButton(text, _pick(emit, i), height=m.key, width=m.key)
            b.setProperty("candidate", "true")
            b.setAccessibleName(text)
            tag(b, "ime.pick", i)
            grid.addWidget(b, i // per_row, i % per_row)
        for c in range(per_row):
            grid.setColumnStretch(c, 1)
        col.addLayout(grid)


def _pick(emit: Emit, index: int) -> Callable[[], None]:
    return lambda: emit("ime.pick", index)


def _turn(emit: Emit, step: int) -> Callable[[], None]:
    return lambda: emit("ime.page", step)
