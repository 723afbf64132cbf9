"""Guard against the PySide6 6.12.0 bug that over-releases None/True on every signal under CPython 3.11.

That release aborted the kiosk with "Fatal Python error: bool_dealloc" after enough events; the
dependency range excludes it. This test fails (or aborts) if an upgrade brings such a bug back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Emitter(QObject):
    value = Signal(object)


class _Job(QRunnable):
    def __init__(self, emitter: _Emitter) -> None:
        super().__init__()
        self.emitter = emitter

    def run(self) -> None:
        self.emitter.value.emit(None)


@pytest.mark.gui
def test_signals_and_callbacks_do_not_release_singletons(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.value.connect(lambda v: received.append(v is None))
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    pool = QThreadPool()
    for _ in range(20_000):
        emitter.value.emit(True)
    for _ in range(200):
        pool.start(_Job(emitter))
    assert pool.waitForDone(10_000)
    qtbot.waitUntil(lambda: len(received) == 20_200, timeout=10_000)
    after = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
    for name in before:
        assert after[name] >= before[name] - 100, f"{name} lost {before[name] - after[name]} references"
