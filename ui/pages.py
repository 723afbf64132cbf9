"""Build one screen (a QWidget) from a PageView. Pages are rebuilt, never patched, when the view changes
structure, so nothing of an earlier screen (or person) lingers in a widget."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
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
    Row,
    TilesBlock,
    Txt,
)
from ui import icons
from ui.candidates import CandidateBar
from ui.theme import Metrics
from ui.touch import touch_scroll
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
    list_page: int = 0  # the page of a long list on show (the window keeps it while the screen stays)

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
        self.countdown_key = "result.returning"  # or the payment code's expiry ("payment.expires_in")

    def set_countdown(self, seconds: int | None) -> None:
        if self.countdown_label is None or seconds is None:
            return
        if self.countdown_key == "payment.expires_in":
            left = f"{seconds // 60}:{seconds % 60:02d}"
            self.countdown_label.setText(tr(Txt.of("payment.expires_in", time=left)))
        else:
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

    if len(view.steps) > 1 and 0 <= view.step_index < len(view.steps):  # never "step 0", never "1 of 1"
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
    footed = False  # the actions went beside the keyboard (landscape text input)
    if view.kind == PageKind.PROGRESS:
        _progress(content, view, m)
    else:
        keypads = [b for b in view.blocks if isinstance(b, KeypadBlock)]
        others, paging = _paged([b for b in view.blocks if not isinstance(b, KeypadBlock)], view, lay)
        body = _body(others, emit, lay)
        expiry = body.findChild(QLabel, "Countdown")
        if expiry is not None:  # the payment code's expiry, counting down in place
            page.countdown_label, page.countdown_key = expiry, "payment.expires_in"
            page.set_countdown(view.countdown)
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
                left.addWidget(CandidateBar(ime, emit, m, columns=6))
                if view.actions:  # under the candidates, not under both: the keyboard gets the height
                    left.addLayout(_footer(view.actions, emit, m, (lay.width - 2 * pad - m.gap * 2) // 2))
                    footed = True
                row.addLayout(left, 4 if lay.large else 1)
            if lay.large and ime is not None:
                # large text: the keyboard takes 5/9 of the width, so that "Pinyin" and "Delete" fit their keys
                keys = QVBoxLayout()
                keys.addStretch(1)
                keys.addWidget(_keypad(keypads[0], emit, m, bar=False))
                row.addLayout(keys, 5)
            else:
                row.addWidget(_keypad(keypads[0], emit, m, bar=False), 1, Qt.AlignmentFlag.AlignBottom)
            content.addLayout(row, 1)
        else:
            content.addWidget(body, 1)
            if keypads:
                content.addWidget(_keypad(keypads[0], emit, m))
        if paging is not None:
            content.addWidget(_pager(*paging, emit, m))
    if view.kind == PageKind.RESULT:
        page.countdown_label = label("", "amount", align=Qt.AlignmentFlag.AlignCenter)
        page.countdown_label.setObjectName("Countdown")
        content.addWidget(page.countdown_label)
        page.set_countdown(view.countdown)
    if view.actions and not footed:
        content.addLayout(_footer(view.actions, emit, m, lay.width - 2 * pad))
    return page


# ---- long lists: pages with large previous/next buttons, not a thin scrollbar -----------------------
def _estimate(block: Block, lay: Layout) -> int:
    """About how high ``block`` is drawn (px), for choosing how many rows of a list fit on one page."""
    m = lay.metrics
    line = round(m.body * 1.3)
    if isinstance(block, TilesBlock):
        return (48 + 2 * line + 40) if len(block.tiles) <= 1 else 3 * m.target
    if isinstance(block, ParagraphBlock | NoticeBlock):
        return 2 * line + 24
    if isinstance(block, KeyValueBlock):
        return (len(block.lines) + 2) * (line + 10)
    return 2 * m.target


def _row_height(row: Row, m: Metrics) -> int:
    cells = sum(1 for c in row.cells if tr(c)) + (row.selected is not None)
    return max(m.target, 20 + round(m.body * 1.3) + (cells - 1) * round(m.small * 1.3)) + m.gap // 2


def _paged(
    blocks: list[Block], view: PageView, lay: Layout
) -> tuple[list[Block], tuple[int, int] | None]:
    """Cut the first list that does not fit the screen to the page on show: (blocks, (page, pages))."""
    m = lay.metrics
    lists = [b for b in blocks if isinstance(b, ListBlock) and b.rows]
    if not lists:
        return blocks, None
    block = lists[0]
    title_h = round(m.title * 1.3) + (round(m.small * 1.3) if view.greeting else 0) + 32
    fixed = title_h + 40 + (m.target + m.gap) * 2  # header, margins, footer, pager
    fixed += (round(m.small * 1.3) + 12 + m.gap) if view.steps else 0
    fixed += (round(m.prompt * 1.3) * (2 if lay.large else 1) + m.gap) if view.prompt else 0
    fixed += sum(_estimate(b, lay) + m.gap for b in blocks if b is not block)
    columns = 2 if lay.landscape else 1
    row_h = max(_row_height(r, m) for r in block.rows)
    per_page = max(1, (lay.height - fixed) // row_h) * columns
    if len(block.rows) <= per_page:
        return blocks, None
    pages = -(-len(block.rows) // per_page)
    page = min(max(0, lay.list_page), pages - 1)
    shown = replace(block, rows=block.rows[page * per_page : (page + 1) * per_page])
    return [shown if b is block else b for b in blocks], (page, pages)


def _pager(page: int, pages: int, emit: Emit, m: Metrics) -> QWidget:
    """Large previous / next buttons and "page 2 of 4" between them (the window turns the page)."""
    w = QWidget()
    w.setObjectName("Pager")
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(m.gap)
    for text, target, enabled in (
        (Txt("list.previous"), page - 1, page > 0),
        (None, 0, False),
        (Txt("list.next"), page + 1, page < pages - 1),
    ):
        if text is None:
            where = label(tr(Txt.of("list.page", n=str(page + 1), total=str(pages))), "emphasis",
                          align=Qt.AlignmentFlag.AlignCenter)
            where.setObjectName("PageOf")
            row.addWidget(where, 1)
            continue
        b = TouchButton(tr(text), _turn(emit, target), height=m.target, width=m.target * 2, enabled=enabled)
        tag(b, "list.page", target)
        row.addWidget(b, 1)
    return w


def _turn(emit: Emit, page: int) -> Callable[[], None]:
    return lambda: emit("list.page", page)


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
        col.addWidget(CandidateBar(block.ime, emit, m, columns=6))
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
        staff.one_line = True  # the title wraps first
        row.addWidget(staff, 0, Qt.AlignmentFlag.AlignTop)
    return head


def _footer(actions: tuple[Action, ...], emit: Emit, m: Metrics, room: int) -> QBoxLayout:
    """Back and Cancel on the left, the other actions on the right (the primary one widest). When they do
    not fit one row at their one-line widths, the forward actions take a row of their own above Back and
    Cancel (larger buttons, no words broken over three lines)."""
    left = [action_button(a.label, a.role, emit, a.intent, a.value, m, a.enabled)
            for a in actions if a.role in (Role.BACK, Role.CANCEL)]
    right = [(a, action_button(a.label, a.role, emit, a.intent, a.value, m, a.enabled))
             for a in actions if a.role not in (Role.BACK, Role.CANCEL)]
    buttons = left + [b for _, b in right]
    one_line = sum(_one_line_width(b, m) for b in buttons) + m.gap * len(buttons)
    stacked = len(buttons) > 2 and one_line > room
    for b in buttons:  # a row with room keeps every word on one line (layout stretch would squeeze it)
        b.one_line = not stacked and one_line <= room  # else it wraps, and grows taller (heightForWidth)

    def row_of(items: list[QWidget], stretch_right: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(m.gap)
        for b in items:
            row.addWidget(b)
        if stretch_right:
            row.addStretch(1)
        return row

    if stacked:
        col = QVBoxLayout()
        col.setSpacing(m.gap)
        forward = QHBoxLayout()
        forward.setSpacing(m.gap)
        for a, b in right:
            forward.addWidget(b, 2 if a.role == Role.PRIMARY else 1)
        col.addLayout(forward)
        col.addLayout(row_of(list(left), True))
        return col
    row = row_of(list(left), True)
    for a, b in right:
        row.addWidget(b, 2 if a.role == Role.PRIMARY else 0)
    return row


def _one_line_width(b: TouchButton, m: Metrics) -> int:
    """How wide ``b`` is with its text on one line, in the style sheet's button font (the button is not
    styled yet while the page is being built)."""
    font = QFont(b.font())
    font.setPixelSize(m.button)
    font.setBold(b.property("role") == "primary")
    return max(b.min_width, math.ceil(QFontMetricsF(font).horizontalAdvance(b.text())) + 48)


class BodyScroll(QScrollArea):
    """The scrolling body of a page: its content is always exactly as wide as the viewport (less the
    vertical bar once it shows) and as tall as it needs at that width.

    Why not ``setWidgetResizable(True)``: QScrollArea then sizes a height-for-width content from the
    viewport width it had before the vertical bar appeared (and from the content's minimum size hint),
    so the right edge of the rows (amounts, values) lies under the bar. Here the content is sized on
    every viewport resize and every layout change of the content, at the width the viewport really has.
    """

    def __init__(self, inner: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(inner)
        inner.installEventFilter(self)
        self.viewport().installEventFilter(self)
        self._fitting = False
        # A timer of its own, not QTimer.singleShot(0, self, self.fit): a single shot still pending
        # when the page was replaced kept its bound method, and with it this scroll area's wrapper,
        # alive for good (bench/bench_soak.py with KIOSK_SOAK_TRACE: ~2 BodyScrolls a session). This
        # timer dies with the widget, and several layout changes in one pass fit once.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)

    def fit(self) -> None:
        inner = self.widget()
        if inner is None or self._fitting:
            return
        self._fitting = True
        try:
            for _ in range(3):  # the bar may show (or go) with the new height: fit again at the new width
                width = self.viewport().width()
                need = inner.heightForWidth(width)
                if need < 0:
                    need = inner.sizeHint().height()
                inner.resize(width, max(self.viewport().height(), need))
                if self.viewport().width() == width:
                    break
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        et = event.type()
        if (watched is self.viewport() and et == QEvent.Type.Resize) or (
            watched is self.widget() and et == QEvent.Type.LayoutRequest
        ):
            if et == QEvent.Type.LayoutRequest:
                self._refit.start()  # after the content's layout took the change
            else:
                self.fit()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()


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
    scroll = BodyScroll(inner)
    # touch panels scroll by dragging; taps (and mouse clicks in tests) still reach the buttons at once
    touch_scroll(scroll.viewport())
    active = [w for w in inner.findChildren(QPushButton) if w.property("active") == "true"]
    if active:  # keep the field the keypad types into in sight, with its label (the whole field frame)
        target: QWidget = active[0]
        frame = target.parentWidget()
        while frame is not None and frame.objectName() != "Field":
            frame = frame.parentWidget()
        shown = frame if frame is not None else target
        show = QTimer(scroll)  # dies with the page (see BodyScroll: no pending single shot outlives it)
        show.setSingleShot(True)
        show.timeout.connect(lambda: scroll.ensureWidgetVisible(shown, 0, 16))
        show.start(0)
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
        grid = QGridLayout(w)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(m.gap // 2)
        columns = 2 if lay.landscape and len(block.rows) >= 2 else 1  # a landscape panel: two columns
        for i, row in enumerate(block.rows):
            grid.addWidget(row_widget(row, emit, m), i // columns, i % columns)
        if not block.rows and block.empty:
            grid.addWidget(notice(block.empty, "info", m), 0, 0)
        return w
    if isinstance(block, KeyValueBlock):
        # rows of (key 2 : value 3), not a QGridLayout: a grid gives a row the height its texts need on
        # one line, so a key or value wrapped in large text was cut; a box layout's heightForWidth is exact
        w = QWidget()
        col = QVBoxLayout(w)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(10)

        def kv_row(key: QLabel, value: QLabel) -> None:
            line = QHBoxLayout()
            line.setSpacing(m.gap)
            for text in (key, value):  # exactly 2 : 3 (a long unbroken value, a SAM id, breaks inside itself)
                policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                policy.setHeightForWidth(True)
                text.setSizePolicy(policy)
            line.addWidget(key, 2)
            line.addWidget(value, 3)
            col.addLayout(line)

        for k, v in block.lines:
            kv_row(label(tr(k)), label(tr(v), "amount", align=Qt.AlignmentFlag.AlignRight))
        if block.total is not None:
            rule = QFrame()
            rule.setObjectName("Total")
            rule.setFixedHeight(4)
            col.addWidget(rule)
            kv_row(label(tr(block.total[0]), "emphasis"),
                   label(tr(block.total[1]), "emphasis", align=Qt.AlignmentFlag.AlignRight))
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
        # Portrait: amount, code, status and expiry one under the other. Landscape: the words beside the
        # code, so that the whole code stays in sight (large text too) without scrolling.
        w = QWidget()
        outer = QHBoxLayout(w) if lay.landscape else QVBoxLayout(w)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(m.gap * 2 if lay.landscape else m.gap)
        words = QVBoxLayout()
        words.setSpacing(m.gap)
        if lay.landscape:
            words.addStretch(1)
        words.addWidget(label(tr(block.amount), "big", align=Qt.AlignmentFlag.AlignCenter))
        status = label(tr(block.status), "emphasis", align=Qt.AlignmentFlag.AlignCenter)
        side = (400 if lay.large else 460) if lay.landscape else 520
        code = QrCode(block.payload, side)
        code.setObjectName("QrCode")
        expiry = label("", "emphasis", align=Qt.AlignmentFlag.AlignCenter) if block.expires else None
        if expiry is not None:
            expiry.setObjectName("Countdown")
        if lay.landscape:
            for extra in (status, expiry):
                if extra is not None:
                    words.addWidget(extra)
            words.addStretch(1)
            outer.addLayout(words, 1)
            outer.addWidget(code, 0, Qt.AlignmentFlag.AlignVCenter)
        else:
            outer.addLayout(words)
            outer.addWidget(code, 0, Qt.AlignmentFlag.AlignHCenter)
            outer.addWidget(status)
            if expiry is not None:
                outer.addWidget(expiry)
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
    if view.card_reminder:  # "please take your ID card": large, in a warning frame with its icon
        frame = notice(view.prompt, "warning", m)
        frame.setObjectName("CardReminder")
        for lab in frame.findChildren(QLabel):
            if lab.text():
                lab.setProperty("kind", "title")
        content.addWidget(frame)
    else:
        content.addWidget(label(tr(view.prompt), "emphasis", align=Qt.AlignmentFlag.AlignCenter))
    content.addStretch(1)
    grid = QGridLayout()
    grid.setSpacing(m.gap)
    languages = [a for a in view.actions if a.intent == "language"]
    rest = [a for a in view.actions if a.intent != "language"]
    per_row = 1 if lay.large and not lay.landscape else (3 if lay.landscape else 2)
    for i, a in enumerate(languages):
        b = action_button(a.label, a.role, emit, a.intent, a.value, m, True)
        if not a.enabled:  # the language in use: shown chosen (a check mark, not colour alone)
            b.setProperty("selected", "true")
            b.setText("✓ " + b.text())
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
