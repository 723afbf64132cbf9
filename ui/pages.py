"""Build one screen (a QWidget) from a PageView. Pages are rebuilt, never patched, when the view changes
structure, so nothing of an earlier screen (or person) lingers in a widget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.forms import pin_mask
from kiosk.flow.views import (
    Action,
    BigTextBlock,
    Block,
    FieldKind,
    FormBlock,
    FormField,
    KeypadBlock,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    PageKind,
    PageView,
    ParagraphBlock,
    QrBlock,
    Role,
    TilesBlock,
    Txt,
)
from ui import icons
from ui.candidates import CandidateBar
from ui.theme import Metrics
from ui.tr import tr, tr_in
from ui.widgets import (
    Emit,
    Keypad,
    QrCode,
    StepIndicator,
    TileButton,
    TouchButton,
    action_button,
    field_widget,
    label,
    notice,
    row_widget,
    tag,
)


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    large: bool

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def metrics(self) -> Metrics:
        return Metrics.for_mode(self.large)

    @property
    def tile_columns(self) -> int:
        if self.landscape:
            return 2 if self.large else 3
        return 1 if self.large else 2


class Page(QWidget):
    """A built screen; only its countdown label changes in place."""

    def __init__(self, view: PageView) -> None:
        super().__init__()
        self.setObjectName("Page")
        self.view = view
        self.countdown_label: QLabel | None = None

    def set_countdown(self, seconds: int | None) -> None:
        if self.countdown_label is not None and seconds is not None:
            self.countdown_label.setText(tr(Txt.of("result.returning", seconds=str(seconds))))


def build_page(view: PageView, emit: Emit, lay: Layout) -> Page:
    page = Page(view)
    m = lay.metrics
    root = QVBoxLayout(page)
    root.setContentsMargins(0, 0, 0, 0)
    root.setSpacing(0)
    if view.kind == PageKind.ATTRACT:
        _attract(page, root, view, emit, lay)
        return page
    if view.kind == PageKind.OUT_OF_SERVICE:
        _out_of_service(root, view, lay)
        return page

    root.addWidget(_header(view, emit, lay))
    content = QVBoxLayout()
    pad = 32 if lay.landscape else 28
    content.setContentsMargins(pad, 20, pad, 20)
    content.setSpacing(m.gap)
    root.addLayout(content, 1)

    if view.steps:
        content.addWidget(
            StepIndicator(view.steps, view.step_index, m, compact=lay.large or len(view.steps) > 5)
        )
    if view.prompt:
        content.addWidget(label(tr(view.prompt), "prompt"))

    if view.kind == PageKind.RESULT:  # a big mark first: done, at a glance (words follow, not colour alone)
        done = QLabel()
        done.setPixmap(icons.pixmap("check-on", 160 if not lay.landscape else 120))
        done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content.addWidget(done)
    if view.kind == PageKind.PROGRESS:
        _progress(content, view, m)
    else:
        keypads = [b for b in view.blocks if isinstance(b, KeypadBlock)]
        others = [b for b in view.blocks if not isinstance(b, KeypadBlock)]
        body = _body(others, emit, lay)
        if keypads and lay.landscape:
            row = QHBoxLayout()
            row.setSpacing(m.gap * 2)
            ime = keypads[0].ime
            if ime is None:
                row.addWidget(body, 1)
            else:  # landscape: the candidate bar under the fields, beside the keyboard (no room above it)
                left = QVBoxLayout()
                left.setSpacing(m.gap)
                left.addWidget(body, 1)
                left.addWidget(CandidateBar(ime, emit, m))
                row.addLayout(left, 1)
            row.addWidget(_keypad(keypads[0], emit, m, bar=False), 1, Qt.AlignmentFlag.AlignBottom)
            content.addLayout(row, 1)
        else:
            content.addWidget(body, 1)
            if keypads:
                content.addWidget(_keypad(keypads[0], emit, m))
    if view.kind == PageKind.RESULT:
        page.countdown_label = label("", "amount", align=Qt.AlignmentFlag.AlignCenter)
        page.countdown_label.setObjectName("Countdown")
        content.addWidget(page.countdown_label)
        page.set_countdown(view.countdown)
    if view.actions:
        content.addLayout(_footer(view.actions, emit, m))
    return page


def _keypad(block: KeypadBlock, emit: Emit, m: Metrics, bar: bool = True) -> QWidget:
    """The generic keypad; for an ID number the digits get an X key (in the free bottom-left place);
    a text field that takes Chinese gets the pinyin candidate bar above the keyboard (``bar``)."""
    kind = block.kind
    pad = Keypad(kind, emit, m, block.ime)
    if block.ime is not None and bar:
        box = QWidget()
        box.setObjectName("Keyboard")
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(Keypad.KEY_GAP)
        col.addWidget(CandidateBar(block.ime, emit, m))
        col.addWidget(pad)
        return box
    grid = pad.layout()
    if kind == FieldKind.ID_NUMBER and isinstance(grid, QGridLayout):
        x = TouchButton("X", lambda: emit("key", "X"), height=m.key, width=m.key)
        x.setAccessibleName("X")
        tag(x, "key", "X")
        grid.addWidget(x, 3, 0)
    return pad


def _masked(f: FormField) -> FormField:
    """A PIN is shown as one dot per digit, never the digits (the flow sends only the mask anyway;
    masking again here keeps a PIN off the screen whatever a view holds)."""
    if f.kind != FieldKind.PIN:
        return f
    return replace(f, value=pin_mask(f.value))


def _header(view: PageView, emit: Emit, lay: Layout) -> QWidget:
    m = lay.metrics
    head = QWidget()
    head.setObjectName("MaintHeader" if view.kind == PageKind.MAINTENANCE else "Header")
    head.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    row = QHBoxLayout(head)
    row.setContentsMargins(28, 16, 28, 16)
    row.setSpacing(m.gap)
    col = QVBoxLayout()
    col.setSpacing(4)
    col.addWidget(label(tr(view.title), "title"))
    if view.greeting:
        g = label(tr(view.greeting), "small")
        g.setObjectName("Greeting")
        col.addWidget(g)
    row.addLayout(col, 1)
    if view.kind not in (PageKind.STAFF, PageKind.MAINTENANCE):
        staff = TouchButton(
            tr(Txt("action.call_staff")),
            lambda: emit("call_staff", None),
            role="header",
            height=m.target,
            width=m.target * 2,
        )
        tag(staff, "call_staff", None)
        row.addWidget(staff, 0, Qt.AlignmentFlag.AlignTop)
    return head


def _footer(actions: tuple[Action, ...], emit: Emit, m: Metrics) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(m.gap)
    left = [a for a in actions if a.role in (Role.BACK, Role.CANCEL)]
    right = [a for a in actions if a.role not in (Role.BACK, Role.CANCEL)]
    for a in left:
        row.addWidget(action_button(a.label, a.role, emit, a.intent, a.value, m, a.enabled))
    row.addStretch(1)
    for a in right:
        row.addWidget(
            action_button(a.label, a.role, emit, a.intent, a.value, m, a.enabled),
            2 if a.role == Role.PRIMARY else 0,
        )
    return row


def _body(blocks: Sequence[Block], emit: Emit, lay: Layout) -> QWidget:
    m = lay.metrics
    inner = QWidget()
    inner.setObjectName("Body")
    col = QVBoxLayout(inner)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(m.gap)
    grow = False
    for block in blocks:
        w = _block(block, emit, lay)
        stretch = 1 if isinstance(block, TilesBlock) and len(block.tiles) > 2 else 0
        grow = grow or bool(stretch)
        col.addWidget(w, stretch)
    if not grow:
        col.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    # touch panels scroll by dragging; taps (and mouse clicks in tests) still reach the buttons at once
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    active = [w for w in inner.findChildren(QPushButton) if w.property("active") == "true"]
    if active:  # keep the field the keypad types into in sight, with its label (the whole field frame)
        target: QWidget = active[0]
        frame = target.parentWidget()
        while frame is not None and frame.objectName() != "Field":
            frame = frame.parentWidget()
        shown = frame if frame is not None else target
        QTimer.singleShot(0, scroll, lambda: scroll.ensureWidgetVisible(shown, 0, 16))
    return scroll


def _block(block: Block, emit: Emit, lay: Layout) -> QWidget:
    m = lay.metrics
    if isinstance(block, TilesBlock):
        w = QWidget()
        grid = QGridLayout(w)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(m.gap)
        cols = min(lay.tile_columns, max(1, len(block.tiles)))
        icon = 96 if not lay.large else 80
        if len(block.tiles) <= 1:
            icon = 48
        for i, tile in enumerate(block.tiles):
            grid.addWidget(TileButton(tile, emit, m, icon), i // cols, i % cols)
        return w
    if isinstance(block, ListBlock):
        w = QWidget()
        col = QVBoxLayout(w)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(m.gap // 2)
        for row in block.rows:
            col.addWidget(row_widget(row, emit, m))
        if not block.rows and block.empty:
            col.addWidget(notice(block.empty, "info", m))
        return w
    if isinstance(block, KeyValueBlock):
        w = QWidget()
        grid = QGridLayout(w)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(m.gap)
        grid.setVerticalSpacing(10)
        for i, (k, v) in enumerate(block.lines):
            grid.addWidget(label(tr(k)), i, 0)
            grid.addWidget(label(tr(v), "amount", align=Qt.AlignmentFlag.AlignRight), i, 1)
        if block.total is not None:
            line = QFrame()
            line.setObjectName("Total")
            line.setFixedHeight(4)
            n = len(block.lines)
            grid.addWidget(line, n, 0, 1, 2)
            grid.addWidget(label(tr(block.total[0]), "emphasis"), n + 1, 0)
            grid.addWidget(label(tr(block.total[1]), "emphasis", align=Qt.AlignmentFlag.AlignRight), n + 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return w
    if isinstance(block, ParagraphBlock):
        return label(tr(block.text), "emphasis" if block.emphasis else "")
    if isinstance(block, NoticeBlock):
        return notice(block.text, block.level, m)
    if isinstance(block, FormBlock):
        w = QWidget()
        col = QVBoxLayout(w)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(m.gap // 2)
        narrow = lay.large or lay.landscape
        for f in block.fields:
            col.addWidget(field_widget(_masked(f), emit, m, narrow))
        return w
    if isinstance(block, QrBlock):
        w = QWidget()
        col = QVBoxLayout(w)
        col.setSpacing(m.gap)
        col.addWidget(label(tr(block.amount), "big", align=Qt.AlignmentFlag.AlignCenter))
        side = 520 if not lay.landscape else 440
        col.addWidget(QrCode(block.payload, side), 0, Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(label(tr(block.status), "emphasis", align=Qt.AlignmentFlag.AlignCenter))
        return w
    if isinstance(block, BigTextBlock):
        w = QWidget()
        col = QVBoxLayout(w)
        if block.caption:
            col.addWidget(label(tr(block.caption), "prompt", align=Qt.AlignmentFlag.AlignCenter))
        col.addWidget(label(block.text, "big", align=Qt.AlignmentFlag.AlignCenter))
        return w
    return QWidget()  # pragma: no cover - every block kind is handled above


def _progress(content: QVBoxLayout, view: PageView, m: Metrics) -> None:
    content.addStretch(1)
    pic = QLabel()
    pic.setPixmap(
        icons.pixmap(
            "printer"
            if view.title == Txt("wait.printing")
            else "card"
            if view.screen == "reading"
            else "calculator",
            200,
        )
    )
    pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
    content.addWidget(pic)
    bar = QProgressBar()
    bar.setRange(0, 0)  # a moving bar (not a flash): the screen is not frozen
    bar.setTextVisible(False)
    bar.setFixedHeight(28)
    content.addWidget(bar)
    for block in view.blocks:
        if isinstance(block, ParagraphBlock | NoticeBlock):
            content.addWidget(label(tr(block.text)))
    content.addStretch(2)


def _attract(page: Page, root: QVBoxLayout, view: PageView, emit: Emit, lay: Layout) -> None:
    m = lay.metrics
    content = QVBoxLayout()
    pad = 48
    content.setContentsMargins(pad, pad, pad, pad)
    content.setSpacing(m.gap * 2)
    root.addLayout(content)
    content.addWidget(label(tr(view.title), "title", align=Qt.AlignmentFlag.AlignCenter))
    for block in view.blocks:
        content.addWidget(_block(block, emit, lay))
    content.addStretch(1)
    pic = QLabel()
    pic.setPixmap(icons.pixmap("card", 360 if not lay.landscape else 260))
    pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
    content.addWidget(pic)
    content.addWidget(label(tr(view.prompt), "emphasis", align=Qt.AlignmentFlag.AlignCenter))
    content.addStretch(1)
    grid = QGridLayout()
    grid.setSpacing(m.gap)
    languages = [a for a in view.actions if a.intent == "language"]
    rest = [a for a in view.actions if a.intent != "language"]
    per_row = 1 if lay.large and not lay.landscape else (3 if lay.landscape else 2)
    for i, a in enumerate(languages):
        b = action_button(a.label, a.role, emit, a.intent, a.value, m, True)
        if not a.enabled:
            b.setProperty("selected", "true")  # the language in use: shown chosen, tapping does nothing
        grid.addWidget(b, 0, i * 6 // len(languages), 1, 6 // len(languages))
    span = 6 // per_row
    for i, a in enumerate(rest):
        b = action_button(a.label, a.role, emit, a.intent, a.value, m, a.enabled)
        grid.addWidget(b, 1 + i // per_row, (i % per_row) * span, 1, span)
    content.addLayout(grid)


def _out_of_service(root: QVBoxLayout, view: PageView, lay: Layout) -> None:
    """Both languages at once, whatever the kiosk's language: the next person may read either."""
    content = QVBoxLayout()
    pad = 64
    content.setContentsMargins(pad, pad, pad, pad)
    content.setSpacing(lay.metrics.gap * 2)
    root.addLayout(content)
    content.addStretch(1)
    pic = QLabel()
    pic.setPixmap(icons.pixmap("tools", 240 if not lay.landscape else 180))
    pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
    content.addWidget(pic)
    for language in ("zh_CN", "en"):
        content.addWidget(label(tr_in(view.title, language), "title", align=Qt.AlignmentFlag.AlignCenter))
        content.addWidget(label(tr_in(view.prompt, language), "prompt", align=Qt.AlignmentFlag.AlignCenter))
        for block in view.blocks:
            if isinstance(block, ParagraphBlock):
                content.addWidget(label(tr_in(block.text, language), "", align=Qt.AlignmentFlag.AlignCenter))
    for block in view.blocks:
        if isinstance(block, NoticeBlock):  # the reason, in small type, for the staff who come
            content.addWidget(label(tr(block.text), "small", align=Qt.AlignmentFlag.AlignCenter))
    content.addStretch(1)
