"""Touch panels scroll a page's list by dragging it (QScroller), with one flick recognizer for the
whole application.

``QScroller.grabGesture`` registers a new gesture recognizer, and so a new ``Qt.GestureType``
value, on every call; Qt never reuses the values and PySide keeps a pseudo-enum class for each new
value it returns, forever. The kiosk builds a page (and a scroll area) per screen, so grabbing per
page grew the process by ~2.7 KB a page, about 12 KB a taxpayer session (found by bench/bench_soak.py).
Qt's flick recognizer creates its gesture per target, bound to that target's own QScroller, so one
registration serves every page: it is made once on a QObject owned by the application, and each
page's viewport gets its own QScroller and grabs that one gesture type.
"""

from __future__ import annotations

import atexit

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QScroller, QWidget

_OWNER = "kiosk_touch_scroll"
_PROPERTY = "gesture_type"
_exit_hook = False


def flick_gesture() -> Qt.GestureType:
    """The application's one touch-flick gesture type (registered on first use)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("touch scrolling needs a QApplication")
    owner = app.findChild(QObject, _OWNER, Qt.FindChildOption.FindDirectChildrenOnly)
    if owner is None:
        owner = QObject(app)
        owner.setObjectName(_OWNER)
        owner.setProperty(_PROPERTY, int(QScroller.grabGesture(owner, QScroller.ScrollerGestureType.TouchGesture)))
        # registered after PySide's own exit handler, so it runs before PySide destroys the application
        # (atexit runs last-in first-out): covers a process that never calls KioskApp.stop (test runs)
        global _exit_hook
        if not _exit_hook:
            atexit.register(release_flick_gesture)
            _exit_hook = True
    return Qt.GestureType(int(owner.property(_PROPERTY)))


def release_flick_gesture() -> None:
    """Unregister the application's flick recognizer while the application is still whole.

    Left to the application's own teardown, the owner (a child of the QApplication) dies after
    ``~QApplication`` has already deleted the gesture manager, and its QScroller's destructor then
    ungrabs through a dangling manager: a segfault at exit (seen at the end of ``kiosk tour``). The
    kiosk calls this when it stops; a later page registers the recognizer again.
    """
    app = QCoreApplication.instance()
    if app is None:
        return
    owner = app.findChild(QObject, _OWNER, Qt.FindChildOption.FindDirectChildrenOnly)
    if owner is not None and shiboken6.isValid(owner):
        shiboken6.delete(owner)  # now, not deleteLater: the event loop may not run again


def touch_scroll(viewport: QWidget) -> None:
    """Let a person drag ``viewport`` (a scroll area's) to scroll it; taps still reach its buttons."""
    QScroller.scroller(viewport)  # its own scroller: the recognizer's gesture drives this one
    viewport.grabGesture(flick_gesture())
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
