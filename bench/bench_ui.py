"""UI benchmarks: start-up to the attract screen, and tap-to-next-screen latency (median and p95),
each as a ratio to a minimal PySide6 window measured in the same run (same machine, same Qt).

Services are the in-memory fake (tests/helpers/fake_services.py) so only the UI's own cost is timed;
the device and database paths have their own benchmarks.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.harness import Figure, p95_ms

REPEAT_START = 5
REPEAT_TAP = 40


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401  (the PySide refcount workaround, before any signal)

    return QApplication.instance() or QApplication([])


def _settle() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _minimal_start() -> tuple[float, object]:
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    t0 = time.perf_counter()
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)  # as the kiosk window does
    label = QLabel("自助办税终端")
    button = QPushButton("开始")
    lay.addWidget(label)
    lay.addWidget(button)
    w.resize(1080, 1920)
    w.show()
    w.repaint()
    _settle()
    return time.perf_counter() - t0, (w, label, button)


def _kiosk_start() -> tuple[float, object]:
    from kiosk.flow import FlowController
    from tests.helpers.fake_services import FakeServices
    from tests.helpers.ui_driver import FakePrinter
    from ui.controller import KioskController
    from ui.window import KioskWindow

    t0 = time.perf_counter()
    window = KioskWindow(kiosk_mode=False)
    controller = KioskController(FlowController(), FakeServices(), FakePrinter(), window)
    controller.start()
    window.show()
    window.repaint()
    _settle()
    assert controller.view.screen == "attract"
    return time.perf_counter() - t0, (window, controller)


def _close(objs: object) -> None:
    w = objs[0]  # type: ignore[index]
    if hasattr(w, "allow_close"):
        objs[1].stop()  # type: ignore[index]
        w.allow_close()
    w.close()
    w.deleteLater()
    _settle()


def _click(button: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _minimal_taps() -> list[float]:
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
    label = QLabel("0")
    button = QPushButton("next")
    button.setMinimumSize(400, 120)
    button.clicked.connect(lambda: label.setText(str(int(label.text()) + 1)))
    lay.addWidget(label)
    lay.addWidget(button)
    w.resize(1080, 1920)
    w.show()
    _settle()
    out = []
    for _ in range(REPEAT_TAP):
        t0 = time.perf_counter()
        _click(button)
        w.repaint()
        _settle()
        out.append(time.perf_counter() - t0)
    _close((w,))
    return out


def _kiosk_taps() -> list[float]:
    """Certificates: kind -> period -> back, alternately: each tap builds and paints a whole new screen."""
    from PySide6.QtWidgets import QAbstractButton

    from kiosk.flow import CardRead, FlowController
    from tests.helpers.fake_services import FakeServices
    from tests.helpers.ui_driver import FakePrinter
    from ui.controller import KioskController
    from ui.window import KioskWindow

    window = KioskWindow(kiosk_mode=False)
    controller = KioskController(FlowController(), FakeServices(), FakePrinter(), window)
    controller.start()
    window.show()
    controller.post(CardRead("11010519491231002X", "张三丰", "resident"))
    deadline = time.monotonic() + 5
    while controller.view.screen != "menu" and time.monotonic() < deadline:
        _settle()
    controller.on_intent("menu.open", "certificates")
    _settle()

    def button(intent: str, value: object) -> QAbstractButton:
        for b in window.page.findChildren(QAbstractButton):
            if b.property("intent") == intent and b.property("intent_value") == repr(value):
                return b
        raise RuntimeError(f"no button {intent} on {controller.view.screen}")

    out = []
    for i in range(REPEAT_TAP):
        target = button("cert.kind", "iit") if i % 2 == 0 else button("wizard.back", None)
        expected = "certificates.period" if i % 2 == 0 else "certificates.kind"
        t0 = time.perf_counter()
        _click(target)
        window.repaint()
        _settle()
        out.append(time.perf_counter() - t0)
        assert controller.view.screen == expected, controller.view.screen
    _close((window, controller))
    return out


_PROCESS_MINIMAL = """
import time, os; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([]); w = QLabel("自助办税终端"); w.resize(1080, 1920); w.show(); w.repaint(); app.processEvents()
print(time.perf_counter() - t0)
"""
_PROCESS_KIOSK = """
import time, os; t0 = time.perf_counter()
import ui
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.flow import FlowController
from tests.helpers.fake_services import FakeServices
from tests.helpers.ui_driver import FakePrinter
from ui.controller import KioskController
from ui.window import KioskWindow
w = KioskWindow(kiosk_mode=False); c = KioskController(FlowController(), FakeServices(), FakePrinter(), w)
c.start(); w.show(); w.repaint(); app.processEvents()
assert c.view.screen == "attract"
print(time.perf_counter() - t0)
"""


def _process_start(code: str) -> float:
    """Seconds from interpreter start of the script to the first painted screen, in a fresh process."""
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    proc_kiosk = [_process_start(_PROCESS_KIOSK) for _ in range(3)]
    proc_minimal = [_process_start(_PROCESS_MINIMAL) for _ in range(3)]
    _app()
    _close(_kiosk_start()[1])  # warm-up: font file, style sheet parser, translator
    _close(_minimal_start()[1])
    kiosk_starts, minimal_starts = [], []
    for _ in range(REPEAT_START):
        t, objs = _minimal_start()
        minimal_starts.append(t)
        _close(objs)
        t, objs = _kiosk_start()
        kiosk_starts.append(t)
        _close(objs)
    minimal_taps = _minimal_taps()
    kiosk_taps = _kiosk_taps()
    med = statistics.median
    return [
        Figure(
            "ui: process start-up to attract screen (median of 3)",
            med(proc_kiosk) * 1000,
            "ms",
            med(proc_minimal) * 1000,
            "minimal PySide6 window process",
            "< 2000 ms",
            med(proc_kiosk) < 2.0,
        ),
        Figure(
            "ui: start-up to attract screen (median, warm)",
            med(kiosk_starts) * 1000,
            "ms",
            med(minimal_starts) * 1000,
            "minimal PySide6 window",
            "informational",
        ),
        Figure(
            "ui: tap to next screen, median",
            med(kiosk_taps) * 1000,
            "ms",
            med(minimal_taps) * 1000,
            "minimal window label update",
            "< 100 ms",
            med(kiosk_taps) * 1000 < 100,
        ),
        Figure(
            "ui: tap to next screen, p95",
            p95_ms(kiosk_taps),
            "ms",
            p95_ms(minimal_taps),
            "minimal window label update",
            "< 150 ms",
            p95_ms(kiosk_taps) < 150,
        ),
    ]
