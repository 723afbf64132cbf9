"""Touch widgets: buttons with minimum target sizes, tiles, rows, fields, keypads, the QR code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.views import FieldKind, FormField, ImeView, Role, Row, Text, Tile
from ui import icons
from ui.theme import INK, MIN_TARGET, PAPER, Metrics
from ui.tr import tr

Emit = Callable[[str, Any], None]


def label(text: str, kind: str = "", wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    w = QLabel(text)
    if kind:
        w.setProperty("kind", kind)
    w.setWordWrap(wrap)
    w.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        w.setAlignment(align)
    return w


def passive(w: QWidget) -> QWidget:
    """A child of a button that must not steal its taps."""
    w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return w


def tag(w: QWidget, intent: str, value: Any = None) -> QWidget:
    """Name the intent a tappable widget emits (for the headless tour, tests and accessibility tools)."""
    w.setProperty("intent", intent)
    w.setProperty("intent_value", repr(value))
    return w


class TouchButton(QPushButton):
    """A push button that is never smaller than a touch target (and primary ones larger)."""

    def __init__(
        self,
        text: str,
        on_tap: Callable[[], None] | None,
        *,
        role: str = "secondary",
        height: int = MIN_TARGET,
        width: int = 0,
        enabled: bool = True,
    ) -> None:
        super().__init__(text)
        self.setProperty("role", role)
        self.setMinimumHeight(max(MIN_TARGET, height))
        self.setMinimumWidth(max(MIN_TARGET, width))
        self.setEnabled(enabled)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoDefault(False)
        if on_tap is not None:
            self.clicked.connect(on_tap)


def action_button(
    text: Text, role: Role | str, emit: Emit, intent: str, value: Any, m: Metrics, enabled: bool = True
) -> TouchButton:
    b = TouchButton(
        tr(text),
        lambda: emit(intent, value),
        role=str(role),
        height=m.target,
        width=m.target * 2,
        enabled=enabled,
    )
    tag(b, intent, value)
    return b


class LayoutButton(QPushButton):
    """A push button whose size comes from the widgets laid out inside it (rows, tiles, inputs)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        lay = self.layout()
        return lay.sizeHint() if lay is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        lay = self.layout()
        hint = lay.minimumSize() if lay is not None else super().minimumSizeHint()
        return hint.expandedTo(QSize(MIN_TARGET, self.minimumHeight()))


def inverse(w: QLabel, on: bool) -> QLabel:
    """Labels on a selected (dark) button are drawn light."""
    if on:
        w.setProperty("inverse", "true")
    return w


class TileButton(LayoutButton):
    """A large service tile: icon, words, and an optional note (e.g. "No printout today")."""

    def __init__(self, tile: Tile, emit: Emit, m: Metrics, icon_size: int) -> None:
        super().__init__()
        self.setProperty("role", "secondary")
        self.setEnabled(tile.enabled)
        self.setMinimumHeight(max(m.target, icon_size + m.body * 2 + 40) if tile.icon else m.target)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 16)
        lay.setSpacing(8)
        lay.addStretch(1)
        if tile.icon:
            pic = QLabel()
            pic.setPixmap(icons.pixmap(tile.icon, icon_size))
            pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(passive(pic))
        text = label(tr(tile.label), "prompt", align=Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(passive(text))
        if tile.note:
            lay.addWidget(passive(label(tr(tile.note), "small", align=Qt.AlignmentFlag.AlignCenter)))
        if not tile.enabled:  # (a pseudo-state on an ancestor in a style sheet would match every tile)
            for child in self.findChildren(QLabel):
                child.setProperty("dim", "true")
        lay.addStretch(1)
        self.setAccessibleName(text.text())
        tag(self, tile.intent, tile.value)
        self.clicked.connect(lambda: emit(tile.intent, tile.value))

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()  # type: ignore[union-attr]


def row_widget(row: Row, emit: Emit, m: Metrics) -> QWidget:
    """One line of a list; tappable rows carry a check mark and the word for their state."""
    tappable = bool(row.intent)
    w: QWidget
    on = bool(row.selected)
    if tappable:
        w = LayoutButton()
        w.setProperty("role", "secondary")
        if row.selected:
            w.setProperty("selected", "true")
        w.setMinimumHeight(m.target)
        w.clicked.connect(lambda: emit(row.intent, row.value))
        tag(w, row.intent, row.value)
    else:
        w = QFrame()
        w.setObjectName("Field")
    lay = QHBoxLayout(w)
    lay.setContentsMargins(16, 10, 16, 10)
    lay.setSpacing(16)
    if row.selected is not None:
        icon = QLabel()
        icon.setPixmap(
            icons.pixmap(
                "check-on" if row.selected else "check-off", m.body + 12, PAPER if row.selected else None
            )
        )
        lay.addWidget(passive(icon))
    col = QVBoxLayout()
    col.setSpacing(2)
    for i, cell in enumerate(row.cells):
        text = tr(cell)
        if text:
            col.addWidget(passive(inverse(label(text, "amount" if i == 0 else "small"), on)))
    if row.selected is not None:
        col.addWidget(passive(inverse(label(tr(_state_word(row.selected)), "small"), on)))
    lay.addLayout(col, 1)
    if row.amount:
        amount = label(tr(row.amount), "amount", wrap=False, align=Qt.AlignmentFlag.AlignRight)
        lay.addWidget(passive(inverse(amount, on)), 0, Qt.AlignmentFlag.AlignTop)
    return w


def _state_word(selected: bool) -> Text:
    from kiosk.flow.views import Txt

    return Txt("list.selected" if selected else "list.not_selected")


def notice(text: Text, level: str, m: Metrics) -> QFrame:
    """Device trouble and limits: icon + a word for the level + the sentence (colour is not the only signal)."""
    from kiosk.flow.views import Txt
    from ui import theme

    frame = QFrame()
    frame.setProperty("level", level)
    lay = QHBoxLayout(frame)
    lay.setContentsMargins(16, 12, 16, 12)
    lay.setSpacing(16)
    ink = {"warning": theme.WARN_INK, "error": theme.ERROR_INK}.get(level, theme.INFO_INK)
    pic = QLabel()
    pic.setPixmap(icons.pixmap(level if level in ("warning", "error") else "info", m.body + 20, ink))
    lay.addWidget(pic, 0, Qt.AlignmentFlag.AlignTop)
    lay.addWidget(label(f"{tr(Txt(f'level.{level}'))}: {tr(text)}"), 1)
    return frame


class StepIndicator(QWidget):
    def __init__(self, steps: tuple[Text, ...], index: int, m: Metrics, compact: bool) -> None:
        super().__init__()
        self.setObjectName("Steps")
        from kiosk.flow.views import Txt

        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        total = len(steps)
        if compact or total == 1:
            current = tr(steps[index]) if 0 <= index < total else ""
            text = tr(Txt.of("step.label", n=str(index + 1), total=str(total))) + (
                f" · {current}" if current else ""
            )
            lab = label(text, wrap=True)
            lab.setProperty("current", "true")
            lay.addWidget(lab, 1)
            return
        for i, step in enumerate(steps):
            mark = "✓ " if i < index else ""
            lab = label(f"{mark}{i + 1}. {tr(step)}", wrap=True, align=Qt.AlignmentFlag.AlignCenter)
            if i == index:
                lab.setProperty("current", "true")
            lay.addWidget(lab, 1)


class QrCode(QWidget):
    """The payment QR code, painted module by module (black on white, with the quiet zone)."""

    def __init__(self, payload: str, side: int) -> None:
        super().__init__()
        self.payload = payload
        import segno  # here, not at the top: only the payment page draws a QR code

        self._matrix = [list(r) for r in segno.make(payload or " ", error="m").matrix] if payload else []
        self.setFixedSize(side, side)
        self.setAccessibleName("QR")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(PAPER))
        n = len(self._matrix)
        if not n:
            return
        quiet = 4
        cell = min(self.width(), self.height()) / (n + 2 * quiet)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(INK))
        for y, row in enumerate(self._matrix):
            for x, on in enumerate(row):
                if on:
                    p.drawRect(QRectF((x + quiet) * cell, (y + quiet) * cell, cell + 0.5, cell + 0.5))
        p.end()


def glyph(b: TouchButton) -> TouchButton:
    """A button that is one large sign (the stepper's − and +): drawn at the big text size."""
    b.setProperty("glyph", "true")
    b.setAccessibleName({"−": "minus", "+": "plus"}.get(b.text(), b.text()))
    return b


# ---- form fields --------------------------------------------------------------------------------
def field_widget(f: FormField, emit: Emit, m: Metrics, narrow: bool) -> QWidget:
    from kiosk.flow.views import Txt

    frame = QFrame()
    frame.setObjectName("Field")
    outer = QVBoxLayout(frame) if (narrow or f.kind == FieldKind.CHOICE) else QHBoxLayout(frame)
    outer.setContentsMargins(0, 8, 0, 8)
    outer.setSpacing(10)
    head = label(tr(f.label), "amount")
    outer.addWidget(head, 1)
    if f.kind == FieldKind.STEPPER:
        box = QHBoxLayout()
        box.setSpacing(m.gap)
        box.addWidget(
            tag(
                glyph(TouchButton(
                    "−",
                    lambda: emit("field.dec", f.name),
                    height=m.target,
                    width=m.target,
                    enabled=f.value > f.minimum,
                )),
                "field.dec",
                f.name,
            )
        )
        val = label(str(f.value), "prompt", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        val.setMinimumWidth(m.target)
        box.addWidget(val)
        box.addWidget(
            tag(
                glyph(TouchButton(
                    "+",
                    lambda: emit("field.inc", f.name),
                    height=m.target,
                    width=m.target,
                    enabled=f.value < f.maximum,
                )),
                "field.inc",
                f.name,
            )
        )
        box.addStretch(0)
        outer.addLayout(box)
    elif f.kind == FieldKind.TOGGLE:
        box = QHBoxLayout()
        box.setSpacing(m.gap)
        for side, key in ((True, "field.on"), (False, "field.off")):
            b = TouchButton(
                ("✓ " if f.value == side else "") + tr(Txt(key)),
                (lambda: emit("field.toggle", f.name)) if f.value != side else None,
                height=m.target,
                width=m.target * 2,
            )
            if f.value == side:
                b.setProperty("selected", "true")
            else:
                tag(b, "field.toggle", f.name)
            box.addWidget(b)
        outer.addLayout(box)
    elif f.kind == FieldKind.CHOICE:
        grid = QGridLayout()
        grid.setSpacing(m.gap // 2)
        longest = max(len(tr(t)) for _, t in f.options)
        cols = (
            1
            if longest > (12 if narrow else 14)
            else 2
            if narrow or len(f.options) == 4
            else min(3, len(f.options))
        )
        for i, (value, text) in enumerate(f.options):
            chosen = value == f.value
            b = TouchButton(("✓ " if chosen else "") + tr(text), _choose(emit, f.name, value), height=m.target)
            if chosen:
                b.setProperty("selected", "true")
            tag(b, "field.choose", (f.name, value))
            grid.addWidget(b, i // cols, i % cols)
        outer.addLayout(grid)
    else:
        field_box = LayoutButton()
        field_box.setObjectName("Input")
        field_box.setMinimumHeight(m.target)
        field_box.setProperty("active", "true" if f.active else "false")
        inner = QHBoxLayout(field_box)
        inner.setContentsMargins(16, 4, 16, 4)
        shown = str(f.value or "")
        value_label = label(shown + ("▏" if f.active else ""), "prompt", wrap=False)
        inner.addWidget(passive(value_label), 1)
        field_box.clicked.connect(lambda: emit("field.focus", f.name))
        tag(field_box, "field.focus", f.name)
        col = QVBoxLayout()
        col.addWidget(field_box)
        if f.hint:
            col.addWidget(label(tr(f.hint), "small"))
        outer.addLayout(col, 1)
    return frame


class Keypad(QWidget):
    """On-screen numeric keypad or keyboard (a kiosk has no physical keyboard)."""

    TEXT_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM,.#")

    KEY_GAP = 10  # between keys (kiosk-ux.md: gaps >= 2.5 mm, about 10 px, between all targets)

    def __init__(self, kind: FieldKind, emit: Emit, m: Metrics, ime: ImeView | None = None) -> None:
        super().__init__()
        from kiosk.flow.views import Txt

        self.setObjectName("Keypad")
        grid = QGridLayout(self)
        grid.setSpacing(self.KEY_GAP)
        grid.setContentsMargins(0, 8, 0, 0)

        def key(text: str, value: str, r: int, c: int, span: int = 1) -> None:
            b = TouchButton(
                text, lambda: emit("key", value), height=m.key, width=m.key if span == 1 else m.key * span
            )
            b.setAccessibleName(value)
            tag(b, "key", value)
            grid.addWidget(b, r, c, 1, span)

        if kind == FieldKind.TEXT:
            for r, row in enumerate(self.TEXT_ROWS):
                for c, ch in enumerate(row):
                    key(ch, ch, r, c)
            if ime is None:
                key(tr(Txt("key.space")), "space", 4, 0, 5)
                key(tr(Txt("key.backspace")), "backspace", 4, 5, 3)
                key(tr(Txt("key.clear")), "clear", 4, 8, 2)
                return
            # a field that takes Chinese: the mode key (pinyin <-> Latin letters), named by its mode
            mode = TouchButton(tr(Txt("ime.mode.chinese" if ime.chinese else "ime.mode.latin")),
                               lambda: emit("ime.mode", None), height=m.key, width=m.key * 2)
            if ime.chinese:
                mode.setProperty("selected", "true")
            tag(mode, "ime.mode", None)
            grid.addWidget(mode, 4, 0, 1, 2)
            key(tr(Txt("key.space")), "space", 4, 2, 4)
            key(tr(Txt("key.backspace")), "backspace", 4, 6, 2)
            key(tr(Txt("key.clear")), "clear", 4, 8, 2)
            return
        layout = ("123", "456", "789", (".0" if kind == FieldKind.MONEY else " 0"))
        for r, row in enumerate(layout):
            for c, ch in enumerate(row):
                if ch != " ":
                    key(ch, ch, r, c)
        key("⌫ " + tr(Txt("key.backspace")), "backspace", 3, 2)
        key(tr(Txt("key.clear")), "clear", 0, 3, 1)


def _choose(emit: Emit, name: str, value: object) -> Callable[[], None]:
    """The tap of one choice (a closure per button: each remembers its own value)."""
    return lambda: emit("field.choose", (name, value))
