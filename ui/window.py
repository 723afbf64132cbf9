"""The kiosk window: frameless, full screen, no way out for the public; shows one Page at a time.

Lock-down done here: no title bar, always on top, close requests ignored (Alt+F4), Escape and the
usual quit shortcuts swallowed. What the OS shell must add is in docs/ui.md (kiosk compositor,
no VT switch, no desktop, watchdog restart).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.flow.views import PageKind, PageView, Txt
from ui.gesture import CornerGesture
from ui.pages import Layout, Page, build_page
from ui.theme import app_font, load_cjk_font, style_sheet
from ui.tr import Translations, tr
from ui.widgets import TouchButton, label, tag

log = logging.getLogger("ui.window")

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


class IdleOverlay(QWidget):
    """ "Are you still there?" over the whole screen; any tap on it extends the session."""

    tapped = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 80, 80, 80)
        outer.addStretch(1)
        self.panel = QFrame()
        self.panel.setObjectName("OverlayPanel")
        col = QVBoxLayout(self.panel)
        col.setContentsMargins(40, 40, 40, 40)
        col.setSpacing(30)
        self.title = label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        self.body = label("", "prompt", align=Qt.AlignmentFlag.AlignCenter)
        self.button = TouchButton("", self.tapped.emit, role="primary", height=120, width=400)
        tag(self.button, "idle.extend", None)
        col.addWidget(self.title)
        col.addWidget(self.body)
        col.addWidget(self.button)
        outer.addWidget(self.panel)
        outer.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.title.setText(tr(Txt("idle.title")))
        self.body.setText(tr(Txt.of("idle.body", seconds=str(seconds))))
        self.button.setText(tr(Txt("action.still_here")))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.tapped.emit()
        event.accept()


class KioskWindow(QWidget):
    """Renders view-models; emits ``intent(name, value)`` for every tap."""

    intent = Signal(str, object)
    activity = Signal()

    def __init__(self, *, size: tuple[int, int] = PORTRAIT, kiosk_mode: bool = True) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle("Tax kiosk")  # never personal data
        self.kiosk_mode = kiosk_mode
        self._allow_close = False
        self.family = load_cjk_font()
        self.translations = Translations()
        self._large: bool | None = None
        self.page: Page | None = None
        self.access_bar: QWidget | None = None  # ui/accessbar.AccessBar, under the page on public screens
        self.view: PageView | None = None
        self.pages_built = 0
        self._paged_screen = ""
        self._list_page = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # the screen is the size: a page never resizes the window (and no size hints go to the platform)
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.gesture = CornerGesture(lambda: self.intent.emit("maint.enter", None))
        self.overlay = IdleOverlay(self)
        self.overlay.tapped.connect(lambda: self.intent.emit("idle.extend", None))
        if kiosk_mode:
            self.setWindowFlags(
                Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            self.setCursor(Qt.CursorShape.BlankCursor)
        self.resize(*size)
        self._apply_style(False)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ---- rendering -----------------------------------------------------------------------------
    def _apply_style(self, large: bool) -> None:
        if large == self._large:
            return
        self._large = large
        QApplication.setFont(app_font(self.family, large))
        self.setStyleSheet(style_sheet(self.family, large))

    def show_view(self, view: PageView) -> None:
        old = self.view
        self.view = view
        if self.page is not None and old is not None and old.structure() == view.structure():
            self.page.set_countdown(view.countdown)
        else:
            self.translations.use(view.language)
            self._apply_style(view.large_text)
            self._update_bar(view)  # first: the page is laid out (and scrolled) in the space left
            self._replace(view)
        if view.idle_warning is not None:
            self.overlay.show_seconds(view.idle_warning)
        elif self.overlay.isVisible():
            self.overlay.hide()

    def _replace(self, view: PageView) -> None:
        if view.screen != self._paged_screen:  # another screen: a long list starts on its first page
            self._paged_screen, self._list_page = view.screen, 0
        lay = Layout(self.width(), self.height(), view.large_text, self._list_page)
        self.setUpdatesEnabled(False)
        try:
            new = build_page(view, self._emit, lay)
            old = self.page
            self._layout.insertWidget(0, new, 1)
            self.page = new
            self.pages_built += 1
            if old is not None:
                old.hide()
                self._layout.removeWidget(old)
                old.deleteLater()  # not now: the tapped button may still be on the stack
            new.show()
            self._layout.activate()  # its final size now (above the bar): the page scrolls to its field in it
        finally:
            self.setUpdatesEnabled(True)
        self.overlay.raise_()

    def _update_bar(self, view: PageView) -> None:
        from ui.accessbar import HIDDEN_KINDS, AccessBar, bar_key

        lay = Layout(self.width(), self.height(), view.large_text)
        old = self.access_bar
        if isinstance(old, AccessBar) and old.key == bar_key(view, lay):
            return
        if old is not None:
            old.hide()
            self._layout.removeWidget(old)
            old.deleteLater()
            self.access_bar = None
        if view.kind not in HIDDEN_KINDS:
            self.access_bar = AccessBar(view, self._emit, lay)
            self._layout.addWidget(self.access_bar)
        self.overlay.raise_()

    def _emit(self, name: str, value: Any) -> None:
        if name == "list.page":  # turning a page of a long list is the screen's own business
            self._list_page = int(value)
            if self.view is not None:
                self._replace(self.view)
            return
        self.intent.emit(name, value)

    def purge(self) -> None:
        """The session ended: blank every text of the current page now; the page itself goes with the next build."""
        if self.page is not None:
            scrub(self.page)
        self.overlay.hide()
        self.overlay.body.setText("")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        if self.view is not None and self.page is not None:
            self._update_bar(self.view)
            self._replace(self.view)

    # ---- lock-down -----------------------------------------------------------------------------
    def allow_close(self) -> None:
        self._allow_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode and not self._allow_close:
            log.warning("close request ignored (kiosk mode)")
            event.ignore()
            return
        event.accept()

    def _gesture_listens(self) -> bool:
        return self.view is not None and self.view.kind in (PageKind.ATTRACT, PageKind.OUT_OF_SERVICE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        et = event.type()
        mouse = et in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
        if mouse and isinstance(event, QMouseEvent) and watched is self.windowHandle() and self._gesture_listens():
            pos = event.position().toPoint()  # window coordinates: the corners of the panel
            if et == QEvent.Type.MouseButtonPress:
                self.gesture.press(pos.x(), pos.y(), self.width(), self.height())
            else:
                self.gesture.release(pos.x(), pos.y(), self.width(), self.height())
        if et in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.activity.emit()
        elif et == QEvent.Type.KeyPress and self.kiosk_mode and isinstance(event, QKeyEvent):
            key = event.key()
            mods = event.modifiers()
            if key in (Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W, Qt.Key.Key_Tab) and (
                key == Qt.Key.Key_Escape
                or mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier)
            ):
                return True  # swallowed: no way out for the public
        return False


def scrub(root: QWidget) -> None:
    """Blank every text a widget tree shows (labels, buttons, tooltips, accessible names)."""
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel):
            w.clear()
        elif isinstance(w, QAbstractButton):
            w.setText("")
        w.setToolTip("")
        w.setAccessibleName("")
