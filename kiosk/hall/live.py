"""Changes pushed to the console's browsers: PostgreSQL LISTEN/NOTIFY, or a modest poll on SQLite.

One :class:`LiveFeed` per console process. Its watcher thread learns that something changed and
bumps a version number under a condition variable; every browser's Server-Sent Events stream
(``GET /api/events``) waits on that condition (with a timeout, sending a keep-alive comment) and then
tells its page to re-read ``/api/kiosks`` and ``/api/calls``. So the database is asked once per
change per browser, never polled by the browsers.

* PostgreSQL: a psycopg connection in autocommit mode runs ``LISTEN kiosk_hall`` and waits in
  ``Connection.notifies(timeout=...)``; the kiosks and the console send ``pg_notify`` in the
  transaction of each change (:mod:`kiosk.hall.store`). Notifications that arrive together are
  coalesced into one bump. A lost connection is retried with back-off, and the pages re-read once it
  is back (they may have missed notifications meanwhile).
* SQLite (a single kiosk with its console on one machine) has no NOTIFY: the watcher runs one
  cheap change-stamp query (maxima of a few indexed columns) every second.

Either way the version is also bumped every ``TICK`` seconds so that a kiosk that stopped beating
turns "offline" on the pages without anyone asking.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from kiosk.errors import KioskError
from kiosk.hall.store import CHANNEL, HallStore, libpq_url

log = logging.getLogger("kiosk.hall.live")

SQLITE_POLL = 1.0
TICK = 10.0
KEEPALIVE = 15.0
COALESCE = 0.2


class LiveFeed:
    def __init__(self, store: HallStore, url: str) -> None:
        self.store = store
        self.url = url
        self.version = 0
        self.mode = "listen" if store.postgres else "poll"
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set once LISTEN is in place (tests wait for it)

    def bump(self, why: str = "") -> None:
        with self._cond:
            self.version += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float = KEEPALIVE) -> int:
        """Block up to ``timeout`` for a version newer than ``seen``; returns the current version."""
        with self._cond:
            self._cond.wait_for(lambda: self.version > seen or self._stop.is_set(), timeout)
            return self.version

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        target = self._listen if self.store.postgres else self._poll
        self._thread = threading.Thread(target=target, name=f"hall-{self.mode}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    # ---- SQLite -----------------------------------------------------------------------------------
    def _poll(self) -> None:
        last: tuple[Any, ...] | None = None
        next_tick = time.monotonic() + TICK
        self.listening.set()
        while not self._stop.wait(SQLITE_POLL):
            try:
                stamp = self.store.change_stamp()
            except KioskError as exc:
                log.warning("hall poll failed (%s)", exc)
                continue
            if stamp != last:
                last = stamp
                self.bump("changed")
            elif time.monotonic() >= next_tick:
                self.bump("tick")
            if time.monotonic() >= next_tick:
                next_tick = time.monotonic() + TICK

    # ---- PostgreSQL ---------------------------------------------------------------------------------
    def _listen(self) -> None:
        import psycopg

        backoff = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(libpq_url(self.url), autocommit=True, connect_timeout=3) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    log.info("hall feed from idle to listening (LISTEN %s)", CHANNEL)
                    self.listening.set()
                    self.bump("listening")  # pages re-read: they may have missed something
                    backoff = 1.0
                    next_tick = time.monotonic() + TICK
                    while not self._stop.is_set():
                        got = False
                        for _n in conn.notifies(timeout=1.0, stop_after=1):
                            got = True
                        if got:
                            # coalesce a burst of notifications (many kiosks beating) into one bump
                            for _n in conn.notifies(timeout=COALESCE):
                                pass
                            self.bump("notified")
                        if time.monotonic() >= next_tick:
                            next_tick = time.monotonic() + TICK
                            self.bump("tick")
            except psycopg.Error as exc:
                self.listening.clear()
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                log.warning("hall feed from listening to retrying in %.0f s (%s)", backoff, first)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)
