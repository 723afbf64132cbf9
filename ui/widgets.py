"""Touch widgets: buttons with minimum target sizes, tiles, rows, fields, keypads, the QR code."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.views import FieldKind, FormField, ImeView, Role, Row, Text, Tile
from ui import icons
from ui.theme import INK, MIN_TARGET, PAPER, Metrics
from ui.tr import tr

Emit = Callable[[str, Any], None]

LINE_SPACING = 1.3  # kiosk-ux.md (elderly spec): line spacing >= 1.3x the text size
TEXT_SLACK = 8  # px beyond a text's advance: QTextLayout breaks a line that is exactly as wide as its text


# ---- text laid out at 1.3x line spacing -----------------------------------------------------------
# Qt draws plain-text labels and buttons at the font's own line spacing (about 1.2x for the CJK font),
# and a QPushButton never wraps. Rich text could set "line-height: 130%", but then a label's text()
# would be markup (the automation, the privacy scans and the speech read text()), so both widgets
# below lay out their plain text with QTextLayout at the pitch the reference asks for.
def line_pitch_of(font: QFont) -> float:
    px = font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()
    return float(max(QFontMetricsF(font).lineSpacing(), math.ceil(px * LINE_SPACING)))


def _layouts(
    text: str, font: QFont, width: float, align: Qt.AlignmentFlag, *, anywhere: bool = True
) -> tuple[list[QTextLayout], float, int, float]:
    """Lay ``text`` out in lines of ``width`` px at :func:`line_pitch_of`; (layouts, height, lines, widest)."""
    pitch = line_pitch_of(font)
    fm = QFontMetricsF(font)
    option = QTextOption(align)
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere else QTextOption.WrapMode.WordWrap
    )
    out: list[QTextLayout] = []
    y = 0.0
    lines = 0
    widest = 0.0
    for para in text.split("\n"):
        tl = QTextLayout(para, font)
        tl.setTextOption(option)
        tl.beginLayout()
        while True:
            line = tl.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            line.setPosition(QPointF(0, y + (pitch - fm.height()) / 2))
            widest = max(widest, line.naturalTextWidth())
            y += pitch
            lines += 1
        tl.endLayout()
        out.append(tl)
    return out, y, lines, widest


def _natural_width(text: str, font: QFont) -> float:
    fm = QFontMetricsF(font)
    return max(fm.horizontalAdvance(p) for p in text.split("\n"))


def _widest_word(text: str, font: QFont) -> float:
    """The widest piece of ``text`` that cannot be broken (a word; one character of Chinese)."""
    return _layouts(text, font, 1.0, Qt.AlignmentFlag.AlignLeft, anywhere=False)[3]


def _paint_lines(p: QPainter, text: str, font: QFont, rect: QRect, align: Qt.AlignmentFlag) -> None:
    layouts, height, _, _ = _layouts(text, font, rect.width(), align & Qt.AlignmentFlag.AlignHorizontal_Mask)
    v = align & Qt.AlignmentFlag.AlignVertical_Mask
    if v == Qt.AlignmentFlag.AlignTop:
        top = float(rect.top())
    elif v == Qt.AlignmentFlag.AlignBottom:
        top = rect.bottom() + 1 - height
    else:
        top = rect.top() + (rect.height() - height) / 2
    for tl in layouts:
        tl.draw(p, QPointF(rect.left(), top))


class TextLabel(QLabel):
    """A plain-text label; wrapped ones are drawn at 1.3x line spacing (and never break inside a word
    while there is room for it)."""

    def line_pitch(self) -> float:
        return line_pitch_of(self.font()) if self.wordWrap() else QFontMetricsF(self.font()).lineSpacing()

    def _room(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right() + 2 * self.margin(), m.top() + m.bottom() + 2 * self.margin()

    def text_needs(self, width: int) -> tuple[int, int, int]:
        """(width, height, lines) the text needs in ``width`` px (the layout audit measures with it)."""
        if not self.wordWrap():
            fm = QFontMetricsF(self.font())
            parts = self.text().split("\n")
            h = fm.height() + fm.lineSpacing() * (len(parts) - 1)
            return math.ceil(_natural_width(self.text(), self.font())), math.ceil(h), len(parts)
        _, height, lines, widest = _layouts(self.text(), self.font(), width, Qt.AlignmentFlag.AlignLeft)
        return math.ceil(widest), math.ceil(height), lines

    def hasHeightForWidth(self) -> bool:
        return self.wordWrap()

    def heightForWidth(self, width: int) -> int:
        if not self.wordWrap():
            return super().heightForWidth(width)
        mx, my = self._room()
        return math.ceil(_layouts(self.text(), self.font(), width - mx, Qt.AlignmentFlag.AlignLeft)[1]) + my

    def sizeHint(self) -> QSize:
        if not self.wordWrap() or not self.text():
            return super().sizeHint()
        mx, _ = self._room()
        w = math.ceil(_natural_width(self.text(), self.font())) + mx + TEXT_SLACK
        return QSize(w, self.heightForWidth(w))

    def minimumSizeHint(self) -> QSize:
        if not self.wordWrap() or not self.text():
            return super().minimumSizeHint()
        mx, my = self._room()
        return QSize(math.ceil(_widest_word(self.text(), self.font())) + mx + TEXT_SLACK,
                     math.ceil(self.line_pitch()) + my)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.wordWrap() or not self.text():
            super().paintEvent(event)
            return
        p = QPainter(self)
        self.drawFrame(p)
        p.setFont(self.font())
        p.setPen(self.palette().color(self.foregroundRole()))
        m = self.margin()
        rect = self.contentsRect().adjusted(m, m, -m, -m)
        _paint_lines(p, self.text(), self.font(), rect, self.alignment())
        p.end()


def label(text: str, kind: str = "", wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    w = TextLabel(text)
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
    """A push button that is never smaller than a touch target (and primary ones larger). A text that
    does not fit on one line wraps (at 1.3x line spacing) and the button grows taller, instead of
    being cut."""

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
        # the least width as a size hint, not setMinimumWidth(): an explicit minimum would override the
        # minimumSizeHint below (the width the text needs) in every layout
        self.min_width = max(MIN_TARGET, width)
        self.setEnabled(enabled)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoDefault(False)
        # True: never narrower than its text on one line (a footer or header that has the room)
        self.one_line = False
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if on_tap is not None:
            self.clicked.connect(on_tap)

    # ---- wrapping text -------------------------------------------------------------------------
    def _option(self) -> QStyleOptionButton:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        return opt

    def _room(self) -> tuple[int, int]:
        """Border and padding around the text (the style's contents rect of a 1000x1000 button)."""
        opt = self._option()
        opt.rect = QRect(0, 0, 1000, 1000)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self)
        return 1000 - inner.width(), 1000 - inner.height()

    def line_pitch(self) -> float:
        return line_pitch_of(self.font())

    def text_needs(self, width: int) -> tuple[int, int, int]:
        _, height, lines, widest = _layouts(self.text(), self.font(), width, Qt.AlignmentFlag.AlignHCenter)
        return math.ceil(widest), math.ceil(height), lines

    def hasHeightForWidth(self) -> bool:
        return bool(self.text())

    def heightForWidth(self, width: int) -> int:
        mx, my = self._room()
        need = _layouts(self.text(), self.font(), width - mx, Qt.AlignmentFlag.AlignHCenter)[1]
        return max(self.minimumHeight(), math.ceil(need) + my)

    def sizeHint(self) -> QSize:
        if not self.text():
            return super().sizeHint().expandedTo(QSize(self.min_width, self.minimumHeight()))
        mx, _ = self._room()
        w = max(self.min_width, math.ceil(_natural_width(self.text(), self.font())) + mx + TEXT_SLACK)
        return QSize(w, self.heightForWidth(w))

    def minimumSizeHint(self) -> QSize:
        if not self.text():
            return super().minimumSizeHint().expandedTo(QSize(self.min_width, self.minimumHeight()))
        mx, _ = self._room()
        need = _natural_width(self.text(), self.font()) if self.one_line else _widest_word(self.text(), self.font())
        w = max(self.min_width, math.ceil(need) + mx + TEXT_SLACK)
        return QSize(w, self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.text()
        if not text:
            super().paintEvent(event)
            return
        p = QStylePainter(self)
        opt = self._option()
        opt.text = ""
        p.drawControl(QStyle.ControlElement.CE_PushButton, opt)
        rect = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self)
        if self.isDown():
            from ui.theme import ON_BRAND

            p.setPen(QColor(ON_BRAND))
        else:
            p.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        p.setFont(self.font())
        _paint_lines(p, text, self.font(), rect, Qt.AlignmentFlag.AlignCenter)
        p.end()


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
        # not QPushButton's (Minimum, Fixed): a row may be narrower than its one-line width (its texts
        # wrap) and is then as tall as its wrapped texts need (heightForWidth), not its one-line height
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        lay = self.layout()
        return lay is not None and lay.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        lay = self.layout()
        if lay is None or not lay.hasHeightForWidth():
            return super().heightForWidth(width)
        return max(lay.totalHeightForWidth(width), self.minimumHeight())

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
        self.setMinimumHeight(max(m.target, icon_size + m.body * 2 + 40) if tile.icon and icon_size > 48 else m.target)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # a small icon (a lone tile such as "select all") sits beside its words: one line, less height
        beside = 0 < icon_size <= 48
        lay: QHBoxLayout | QVBoxLayout = QHBoxLayout(self) if beside else QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 16)
        lay.setSpacing(16 if beside else 8)
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

    KEY_GAP = 10  # between keys (kiosk-ux.md: gaps >= 2.5 mm, about 10 px, between all targets; the audit checks)

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
