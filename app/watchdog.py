"""systemd notification from the kiosk: READY=1 when in service, WATCHDOG=1 from the Qt event loop,
STOPPING=1 on the way out (``Type=notify`` + ``WatchdogSec=`` in deploy/kiosk.service).

The watchdog ping is sent by a QTimer on the GUI thread, so it proves the event loop turns: a GUI
frozen by a blocking call stops pinging, systemd sees no WATCHDOG=1 within WatchdogSec, kills the
kiosk (SIGABRT, a core for the technician) and restarts it (Restart=on-failure).

The protocol is a datagram to the unix socket named by $NOTIFY_SOCKET (sd_notify(3): a path, or an
abstract socket when it starts with "@"), written with the stdlib ``socket`` module: the python
bindings of libsystemd would add a C dependency for four lines. Without $NOTIFY_SOCKET (a developer's
``kiosk run``) every call does nothing. The ping interval is half of $WATCHDOG_USEC, as sd_watchdog_enabled(3)
recommends; the same tick records whether the screen is idle for the metrics and the idle restart.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any

log = logging.getLogger("app.watchdog")


class SystemdNotifier:
    """sd_notify over $NOTIFY_SOCKET; a no-op when the kiosk was not started by systemd."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self._address: str | bytes | None = None
        if address.startswith("@"):
            self._address = b"\0" + address[1:].encode()
        elif address.startswith("/"):
            self._address = address
        usec = env.get("WATCHDOG_USEC", "")
        # WATCHDOG_PID names the unit's main process. Under the kiosk compositor that is cage and the
        # kiosk is its child, notifying with NotifyAccess=all (deploy/kiosk.service), so unlike
        # sd_watchdog_enabled(3) a different PID does not switch the watchdog off here.
        self.watchdog_usec = int(usec) if usec.isdigit() else 0
        self._sock: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def notify(self, message: str) -> bool:
        """Send one notification; False (logged once per failure kind) when it could not be sent."""
        if self._address is None:
            return False
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._sock.settimeout(1.0)  # a datagram to a local socket: never a long wait
            self._sock.sendto(message.encode(), self._address)
            return True
        except OSError as exc:
            log.warning("systemd notification %r not sent: %s", message.split("\n", 1)[0], exc.strerror or exc)
            return False

    def ready(self, status: str = "in service") -> bool:
        return self.notify(f"READY=1\nSTATUS={status}")

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def ping_interval_ms(notifier: SystemdNotifier, default_ms: int = 5000) -> int:
    """Half the watchdog timeout (at least 100 ms); ``default_ms`` when systemd set no watchdog."""
    if notifier.watchdog_usec <= 0:
        return default_ms
    return max(100, notifier.watchdog_usec // 2000)


class EventLoopWatchdog:
    """A QTimer on the GUI thread that pings systemd and runs ``on_tick`` (cheap, no I/O) each time."""

    def __init__(self, notifier: SystemdNotifier, on_tick: Callable[[], None] | None = None,
                 interval_ms: int | None = None) -> None:
        from PySide6.QtCore import QTimer

        self.notifier = notifier
        self._on_tick = on_tick
        self.timer: Any = QTimer()
        self.timer.setInterval(interval_ms if interval_ms is not None else ping_interval_ms(notifier))
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Ping from now on (READY=1 follows separately, once the kiosk is in service)."""
        self.timer.start()
        log.info("watchdog from off to pinging every %d ms (%s)", self.timer.interval(),
                 "systemd" if self.notifier.enabled else "no systemd: pings go nowhere")

    def _tick(self) -> None:
        self.notifier.ping()
        if self._on_tick is not None:
            try:
                self._on_tick()
            except Exception:  # the ping is what matters; a broken observer must not stop it
                log.exception("watchdog tick observer failed")

    def stop(self) -> None:
        self.timer.stop()
        self.notifier.stopping()
        self.notifier.close()


__all__ = ["EventLoopWatchdog", "SystemdNotifier", "ping_interval_ms"]
