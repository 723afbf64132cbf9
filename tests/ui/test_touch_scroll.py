"""Dragging a page's list scrolls it on every page, and building pages does not grow the process."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.touch import flick_gesture, touch_scroll


def _pump(ms: float) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def _list(qtbot) -> QScrollArea:  # type: ignore[no-untyped-def]
    area = QScrollArea()
    area.resize(300, 300)
    area.setWidgetResizable(True)
    inner = QWidget()
    col = QVBoxLayout(inner)
    for i in range(30):
        b = QPushButton(f"row {i}")
        b.setMinimumHeight(60)
        col.addWidget(b)
    area.setWidget(inner)
    touch_scroll(area.viewport())
    qtbot.addWidget(area)
    area.show()
    return area


def _gesture_types() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Qt.GestureType))


def test_a_finger_dragging_up_scrolls_each_new_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    """GIVEN three pages built one after the other, each with a list longer than the screen WHEN a
    finger drags each list up THEN each scrolls (one recognizer serves them all)."""
    device = QTest.createTouchDevice()
    for _ in range(3):
        area = _list(qtbot)
        vp = area.viewport()
        _pump(50)
        QTest.touchEvent(vp, device).press(0, QPoint(150, 250), vp)
        for k in range(1, 21):
            _pump(30)
            QTest.touchEvent(vp, device).move(0, QPoint(150, 250 - 10 * k), vp)
        _pump(30)
        QTest.touchEvent(vp, device).release(0, QPoint(150, 50), vp)
        qtbot.waitUntil(lambda area=area: area.verticalScrollBar().value() > 0, timeout=3000)
        area.close()
        area.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_building_pages_registers_no_new_gesture_types(qtbot) -> None:  # type: ignore[no-untyped-def]
    """QScroller.grabGesture per page made a new gesture type each time, which PySide keeps forever."""
    first = flick_gesture()
    _list(qtbot)
    before = _gesture_types()
    for _ in range(20):
        _list(qtbot)
    assert _gesture_types() == before
    assert flick_gesture() == first
