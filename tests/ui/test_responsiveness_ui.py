"""The GUI thread never waits on a device, the database or the payment host."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from kiosk.flow import CardPlaced, CardRead, FlowTimeouts
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk, FakePrinter

pytestmark = pytest.mark.gui

MAX_LAG_MS = 200


class LagProbe:
    """A 10 ms timer; the worst gap between its ticks beyond 10 ms is how long the event loop was blocked."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - 10)
        self._last = now


def test_event_loop_keeps_running_while_a_slow_printer_and_host_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a printer that takes 1.5 s and a host that takes 0.3 s per call
    WHEN a person prints a certificate THEN the event loop never stalls for more than 200 ms."""
    d = FakeKiosk(FakeServices(delay=0.3), printer=FakePrinter(delay=1.5), timeouts=FlowTimeouts())
    try:
        d.controller.post(CardPlaced())
        d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
        d.wait_until("the menu", lambda: d.screen == "menu", 5)
        probe = LagProbe()
        d.tap("menu.open", "certificates")
        d.tap("cert.kind", "iit")
        d.tap("cert.period", "last_year")
        d.wait_screen("certificates.confirm")
        started = time.perf_counter()
        d.tap("wizard.next")
        d.wait_until("printing", lambda: d.screen == "progress", 2)
        d.wait_until("the result", lambda: d.screen == "result", 10)
        assert time.perf_counter() - started >= 1.5  # the slow work really happened during the probe
        probe.timer.stop()
        assert probe.worst < MAX_LAG_MS, f"event loop blocked for {probe.worst:.0f} ms"
    finally:
        d.close()
