"""The systemd watchdog: pings come from the Qt event loop, so a blocked loop stops them.

A real unix datagram socket stands in for systemd's $NOTIFY_SOCKET.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.watchdog import EventLoopWatchdog, SystemdNotifier, ping_interval_ms


class FakeSystemd:
    """Receives sd_notify datagrams on a real socket and timestamps them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            self.messages.append((time.monotonic(), data.decode()))

    def pings_between(self, start: float, end: float) -> int:
        return sum(1 for t, m in self.messages if m == "WATCHDOG=1" and start <= t <= end)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[FakeSystemd]:
    fake = FakeSystemd(tmp_path / "notify")
    yield fake
    fake.close()


def test_a_blocked_event_loop_stops_the_watchdog_pings(qtbot, systemd: FakeSystemd) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the watchdog pinging every 100 ms from the Qt event loop WHEN the loop is blocked for
    0.8 s (a frozen GUI) THEN no WATCHDOG=1 arrives during the block, and pings resume after it."""
    notifier = SystemdNotifier({"NOTIFY_SOCKET": str(systemd.path), "WATCHDOG_USEC": "200000"})
    assert ping_interval_ms(notifier) == 100  # half of WatchdogSec
    dog = EventLoopWatchdog(notifier)
    dog.start()
    notifier.ready()
    qtbot.waitUntil(lambda: sum(m == "WATCHDOG=1" for _, m in systemd.messages) >= 3, timeout=3000)

    blocked: list[float] = []

    def freeze() -> None:  # runs on the GUI thread, as a hung handler would
        blocked.append(time.monotonic())
        time.sleep(0.8)
        blocked.append(time.monotonic())

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, freeze)
    qtbot.waitUntil(lambda: len(blocked) == 2, timeout=3000)
    resumed_from = blocked[1]
    qtbot.waitUntil(lambda: systemd.pings_between(resumed_from, time.monotonic()) >= 2, timeout=3000)
    dog.stop()
    time.sleep(0.1)
    # a few ms of slack at the start: a ping sent just before the block may be received in it
    assert systemd.pings_between(blocked[0] + 0.02, blocked[1] - 0.01) == 0
    assert "READY=1\nSTATUS=in service" in [m for _, m in systemd.messages]
    assert systemd.messages[-1][1] == "STOPPING=1"


def test_without_notify_socket_nothing_is_sent() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and notifier.ping() is False and ping_interval_ms(notifier) == 5000


def test_abstract_socket_address_and_the_compositor_as_main_pid() -> None:
    """Under cage the unit's main PID is the compositor's; the kiosk (its child) still keeps time."""
    n = SystemdNotifier({"NOTIFY_SOCKET": "@kiosk/notify", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"})
    assert n.enabled and ping_interval_ms(n) == 15_000
