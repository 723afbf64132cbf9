"""Drive the kiosk's real widgets the way a person does: look at the screen, tap, wait for the next one.

The one automation driver of the project: the headless tour (``kiosk tour``) and the UI tests both
use it. A target is found as a person finds it, by what it does (the intent and value a widget
emits), by the words it shows in the current language, or by the screen it is on. A tap is a real
mouse press and release delivered to the window at the target's centre, so Qt hit-tests it like a
finger on the panel: a hidden, disabled, zero-sized, off-screen or covered target is refused with an
error that names the screen and what was looked for. Every wait processes Qt events and has a
timeout; a timed-out wait names the screen it is on and what it waited for.

Not pytest-qt's ``qtbot``: that lives in the test suite and sends clicks straight to a widget object
(no hit-testing), and the tour runs outside pytest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QScrollArea, QWidget

from kiosk.flow.views import PageView, Text
from ui.tr import tr
from ui.window import KioskWindow


class AutomationError(Exception):
    """Something on the screen could not be found, tapped or waited for; the message says what and where."""


class TargetNotFound(AutomationError):
    pass


class TargetNotTappable(AutomationError):
    pass


class WaitTimeout(AutomationError):
    pass


class _AnyValue:
    def __repr__(self) -> str:
        return "ANY"


#: Match a target whatever value it emits (e.g. "the first year offered").
ANY: Final = _AnyValue()

#: How many of a screen's tappable targets an error message lists.
_LISTED = 12


def pump(ms: float = 10) -> None:
    """Process Qt events for ``ms`` milliseconds, then run pending deferred deletes (old pages go)."""
    end = time.monotonic() + ms / 1000
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if time.monotonic() >= end:
            break
        time.sleep(0.001)
    # deleteLater() from inside a slot is only honoured by a running event loop, which a driver is not
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_until(
    what: str, condition: Callable[[], bool], timeout: float, where: Callable[[], str] = lambda: ""
) -> None:
    """Process events until ``condition()`` holds; after ``timeout`` s raise :class:`WaitTimeout`."""
    end = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() >= end:
            place = where()
            raise WaitTimeout(
                f"timed out after {timeout:g} s waiting for {what}" + (f" ({place})" if place else "")
            )
        pump(10)


def live_texts(window: QWidget | None = None) -> list[str]:
    """Every text a live widget of the application holds, shown or not: label, button and line-edit
    texts, tooltips, window titles, accessible names and descriptions (for the privacy checks).

    With ``window``, the widgets of other kiosk windows of the same class (another test's kiosk still
    alive in the same process) are left out; stray widgets without such a window stay in."""
    out: list[str] = []
    for w in QApplication.allWidgets():
        top = w.window()
        if window is not None and top is not window and type(top) is type(window):
            continue
        out += [w.toolTip(), w.windowTitle(), w.accessibleName(), w.accessibleDescription()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            out.append(w.text())
    return [t for t in out if t]


def _shown_words(text: str) -> str:
    return text.removeprefix("✓ ").replace("▏", "").strip()  # a chosen option's mark, the input cursor


def widget_words(w: QWidget) -> list[str]:
    """What a person reads on a tappable widget: its text, or the labels laid out inside it (tiles, rows)."""
    words = [w.text()] if isinstance(w, QAbstractButton) else []
    words += [lab.text() for lab in w.findChildren(QLabel) if lab.isVisibleTo(w)]
    return [s for s in (_shown_words(x) for x in words) if s]


@dataclass(frozen=True)
class Target:
    """What to look for: the intent (and value) a widget emits, and/or the words it shows."""

    intent: str | None = None
    value: object = None  # ANY: whatever value; ignored when no intent is given
    text: Text | None = None  # a message key is translated into the language on screen
    exact: bool = True  # False: the text only needs to be part of what the widget shows

    def describe(self) -> str:
        parts = []
        if self.intent is not None:
            parts.append(f"intent {self.intent!r}" + ("" if self.value is None else f" = {self.value!r}"))
        if self.text is not None:
            words = tr(self.text)
            parts.append(f"text {words!r}" if self.exact else f"text containing {words!r}")
        return "button with " + " and ".join(parts or ["anything"])

    def matches(self, w: QAbstractButton) -> bool:
        if self.intent is not None:
            if w.property("intent") != self.intent:
                return False
            if self.value is not ANY and w.property("intent_value") != repr(self.value):
                return False
        if self.text is not None:
            words = _shown_words(tr(self.text))
            shown = widget_words(w)
            if not any((s == words) if self.exact else (words in s) for s in shown):
                return False
        return True


def describe_widget(w: QWidget) -> str:
    """A short name for a widget in an error message: the intent it (or its button) emits, else its
    words if it is a button, else its class and the nearest object name (never a label's text: it may
    be personal data)."""
    node: QWidget | None = w
    while node is not None:
        intent = node.property("intent")
        if intent:
            value = node.property("intent_value")
            return f"{intent}" + ("" if value in (None, "None") else f" {value}")
        node = node.parentWidget()
    if isinstance(w, QAbstractButton) and widget_words(w):
        return repr(widget_words(w)[0])
    node = w
    while node is not None and not node.objectName():
        node = node.parentWidget()
    if node is w:
        return f"{type(w).__name__} {w.objectName()!r}"
    where = f" in {type(node).__name__} {node.objectName()!r}" if node is not None else ""
    return f"a {type(w).__name__}{where}"


class UiDriver:
    """Finds, taps and waits on one window: a :class:`~ui.window.KioskWindow` (screen ids come from the
    view it shows; the idle overlay covers the page while it is up) or any other top-level widget
    (its object name stands in for the screen id)."""

    def __init__(self, window: QWidget, *, timeout: float = 5.0, settle_ms: float = 5) -> None:
        self.window = window
        self.timeout = timeout  # for every tap and wait that does not give its own
        self.settle_ms = settle_ms  # events processed after each tap

    # ---- looking ---------------------------------------------------------------------------------
    @property
    def view(self) -> PageView | None:
        return self.window.view if isinstance(self.window, KioskWindow) else None

    @property
    def screen(self) -> str:
        """The id of the screen on show (``"attract"``, ``"certificates.period"``...)."""
        if isinstance(self.window, KioskWindow):
            return self.window.view.screen if self.window.view is not None else "(nothing shown yet)"
        return self.window.objectName() or type(self.window).__name__

    def _layers(self, top_only: bool) -> list[QWidget]:
        w = self.window
        if not isinstance(w, KioskWindow):
            return [w]
        page: list[QWidget] = [x for x in (w.page, w.access_bar) if x is not None]
        if w.overlay.isVisible():
            return [w.overlay] if top_only else [w.overlay, *page]
        return page

    def _buttons(self, top_only: bool) -> Iterator[QAbstractButton]:
        for layer in self._layers(top_only):
            yield from layer.findChildren(QAbstractButton)

    def find(
        self, intent: str | None = None, value: object = None, *, text: Text | None = None, exact: bool = True
    ) -> QAbstractButton | None:
        """The first button a person sees on the screen (visible, on the top layer) that matches, or None.

        Disabled buttons are found too: a person sees them greyed out.
        """
        target = Target(intent, value, text, exact)
        return next((b for b in self._buttons(True) if b.isVisible() and target.matches(b)), None)

    def shows(self, text: Text, *, exact: bool = False) -> bool:
        """Some visible label or button on the screen shows ``text`` (a key is translated first)."""
        words = _shown_words(tr(text))
        for layer in self._layers(True):
            for w in [layer, *layer.findChildren(QWidget)]:
                if isinstance(w, QLabel | QAbstractButton) and w.isVisible():
                    shown = _shown_words(w.text())
                    if (shown == words) if exact else (words in shown):
                        return True
        return False

    def tappables(self) -> list[str]:
        """What a person sees and could tap on the screen now, scrolling if need be (for error messages)."""
        return [describe_widget(b) for b in self._buttons(True) if b.isVisible() and b.isEnabled()]

    # ---- tapping ---------------------------------------------------------------------------------
    def _refusal(self, w: QWidget, *, scroll: bool) -> str | None:
        """Why a finger cannot tap ``w`` at its centre now (None: it can). With ``scroll``, a target
        scrolled out of its list is first scrolled into view, as a person drags the list."""
        if not w.isVisible():
            return "hidden"
        if not w.isEnabled():
            return "disabled"
        if w.width() <= 0 or w.height() <= 0:
            return f"zero-sized ({w.width()}x{w.height()})"
        top = w.window()
        centre = w.rect().center()
        if scroll:
            _scroll_into_view(w)
        node: QWidget | None = w.parentWidget()
        while node is not None:
            inside = w.mapTo(node, centre)
            if not node.rect().contains(inside):
                return (
                    f"off-screen (its centre is at {inside.x()},{inside.y()}, outside the "
                    f"{node.width()}x{node.height()} {describe_widget(node)})"
                )
            if node is top:
                break
            node = node.parentWidget()
        hit = top.childAt(w.mapTo(top, centre))
        if hit is None or not (hit is w or w.isAncestorOf(hit)):
            return f"covered by {describe_widget(hit) if hit is not None else 'the window itself'}"
        return None

    def tap(
        self,
        intent: str | None = None,
        value: object = None,
        *,
        text: Text | None = None,
        exact: bool = True,
        timeout: float | None = None,
    ) -> None:
        """Tap the matching button at its centre with a real press and release through the window.

        Waits up to ``timeout`` s for a matching button to be tappable (screens are rebuilt after
        each tap and after every service result), then raises :class:`TargetNotFound` when none is on
        the screen, or :class:`TargetNotTappable` saying why (hidden, disabled, zero-sized,
        off-screen, covered).
        """
        target = Target(intent, value, text, exact)
        limit = self.timeout if timeout is None else timeout
        end = time.monotonic() + limit
        while True:
            refusals: list[str] = []  # why each matching button cannot be tapped
            for b in self._buttons(False):
                if not target.matches(b):
                    continue
                why = self._refusal(b, scroll=True)
                if why is None:
                    self._click(b)
                    return
                refusals.append(why)
            if time.monotonic() >= end:
                break
            pump(10)
        if refusals:
            raise TargetNotTappable(
                f"the {target.describe()} on screen {self.screen} is {refusals[0]} (waited {limit:g} s)"
            )
        raise TargetNotFound(
            f"no {target.describe()} on screen {self.screen} (waited {limit:g} s); "
            f"tappable there: {', '.join(self.tappables()[:_LISTED]) or 'nothing'}"
        )

    def _click(self, w: QWidget) -> None:
        top = w.window()
        handle = top.windowHandle()
        if handle is None:  # pragma: no cover - a visible top-level widget always has one
            raise TargetNotTappable(f"{describe_widget(w)} on screen {self.screen} has no window to tap on")
        # Through the QWindow (not to the widget object): Qt picks the receiver under the point.
        QTest.mouseClick(
            handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, w.mapTo(top, w.rect().center())
        )
        pump(self.settle_ms)

    def type_keys(self, text: str, *, timeout: float | None = None) -> None:
        """Type on the on-screen keypad or keyboard by tapping its keys, one per character (" " is space)."""
        for ch in text:
            self.tap("key", "space" if ch == " " else ch, timeout=timeout)

    # ---- waiting ---------------------------------------------------------------------------------
    def _where(self) -> str:
        shown = ""
        if isinstance(self.window, KioskWindow):
            page = self.window.page
            if page is None or not page.isVisible():
                shown = ", not drawn yet"
        return f"on screen {self.screen}{shown}"

    def wait_until(self, what: str, condition: Callable[[], bool], timeout: float | None = None) -> None:
        """Process events until ``condition()`` holds; on timeout the error names ``what`` and the screen."""
        wait_until(what, condition, self.timeout if timeout is None else timeout, self._where)

    def wait_screen(self, screen: str, timeout: float | None = None) -> None:
        """Wait until screen ``screen`` is on show and drawn (its page built and visible)."""

        def shown() -> bool:
            if self.screen != screen:
                return False
            if isinstance(self.window, KioskWindow):
                page = self.window.page
                return page is not None and page.view.screen == screen and page.isVisible()
            return self.window.isVisible()

        self.wait_until(f"screen {screen}", shown, timeout)
        pump(self.settle_ms)  # let the new page lay itself out

    def pump(self, ms: float = 10) -> None:
        pump(ms)

    # ---- pictures --------------------------------------------------------------------------------
    def screenshot(self, path: Path) -> Path:
        """Save the window as it is drawn now to ``path`` (PNG)."""
        pump(30)
        if not self.window.grab().save(str(path), "PNG"):
            raise AutomationError(f"cannot write the screenshot of screen {self.screen} to {path}")
        return path


def _scroll_into_view(w: QWidget) -> None:
    """Scroll every scroll area around ``w`` so that it is in sight (a person drags the list)."""
    node = w.parentWidget()
    while node is not None:
        content = node.widget() if isinstance(node, QScrollArea) else None
        if isinstance(node, QScrollArea) and content is not None and content.isAncestorOf(w):
            port = node.viewport()
            box = w.rect().translated(w.mapTo(port, QPoint(0, 0)))
            if not port.rect().contains(box):
                node.ensureWidgetVisible(w, 0, 0)
        node = node.parentWidget()
