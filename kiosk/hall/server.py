"""The console assembled and served: store, sign-in, live feed, Flask app on a waitress server."""

from __future__ import annotations

import logging
import threading
from typing import Any

from kiosk.config import KioskConfig
from kiosk.errors import UserInputError
from kiosk.hall.auth import ConsoleAuth
from kiosk.hall.console import create_app
from kiosk.hall.live import LiveFeed
from kiosk.hall.store import HallStore
from kiosk.services.audit import HALL_CHAIN, audit_for

log = logging.getLogger("kiosk.hall.server")

# Each browser holds one event stream on a thread of its own; the rest serve the API.
THREADS = 24


def parse_listen(listen: str) -> tuple[str, int]:
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise UserInputError(f"--listen: expected HOST:PORT such as 127.0.0.1:8080, not {listen!r}")
    return host.strip("[]"), int(port)


class HallServer:
    def __init__(self, config: KioskConfig, listen: str = "127.0.0.1:8080", *, migrate: bool = True) -> None:
        from waitress.server import create_server

        host, port = parse_listen(listen)
        self.store = HallStore.at(config.database_url)
        if migrate:  # a console started before any kiosk finds its tables (safe to re-run)
            from kiosk.persistence.migrate import upgrade

            upgrade(self.store.engine)
        self.store.kiosks()  # the database answers, or one line now instead of errors on every request
        self.feed = LiveFeed(self.store, config.database_url)
        audit = audit_for(self.store.session_factory, config.secrets_dir, HALL_CHAIN)
        self.auth = ConsoleAuth(self.store.session_factory, audit)
        self.app = create_app(self.store, self.auth, self.feed, tax_office=config.kiosk.tax_office)
        try:
            self.server: Any = create_server(self.app, host=host, port=port, threads=THREADS,
                                             channel_timeout=60, ident="kiosk-hall")
        except OSError as exc:
            raise UserInputError(f"cannot listen on {listen}: {exc.strerror or exc}") from None
        self.port: int = self.server.effective_port
        self.host = host
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        self.feed.start()
        log.info("hall console from stopped to serving on %s (%s)", self.url, self.feed.mode)
        try:
            self.server.run()
        finally:
            self.feed.stop()

    def start(self) -> None:
        """Serve on a thread (tests, the screenshot script); :meth:`stop` ends it cleanly."""
        self.feed.start()
        self._thread = threading.Thread(target=self._loop, name="hall-server", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        # waitress has no stop call: closing its sockets from another thread races its select().
        # So this thread runs the loop in short turns and closes every socket itself once asked to.
        loop, sockets = self.server.asyncore.loop, self.server._map
        try:
            while not self._stopping.is_set():
                loop(timeout=0.2, map=sockets, count=1)
        finally:
            for dispatcher in list(sockets.values()):
                dispatcher.close()

    def stop(self, timeout: float = 5.0) -> None:
        self.feed.stop()  # wakes the event streams, which end
        # the requests still running (the streams ending) finish while the server can still send,
        # and none opens a database connection after the pool is gone
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.store.engine.dispose()
