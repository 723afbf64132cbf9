"""The printer simulator's other cables: a FIFO pair standing in for usblp, and a loopback TCP port.

Each has the device-side interface of ``devices.ptylink.PtyLink`` (``open``, ``read``, ``write``,
``unplug``, ``replug``, ``close``, ``link``, ``tty_name``, ``connected``), so the simulator runs
unchanged behind any of them and the driver opens the address with its own transport:

* ``FifoLink``: ``PATH`` (the driver writes, the printer reads) and ``PATH.back`` (the printer
  answers). The driver's ``UsbLpTransport`` opens them with plain ``os.open``, as it opens
  ``/dev/usb/lp0``: no termios anywhere. Unplugging removes both, so the driver's next write fails
  (EPIPE) and reopening fails (ENOENT) until ``replug``.
* ``TcpLink``: listens on 127.0.0.1 and serves one connection at a time, like a print server's
  port 9100; the address is ``socket://127.0.0.1:PORT``. Unplugging closes the connection and the
  listening socket; ``replug`` listens again on the same port.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import socket
import tempfile
import threading
from pathlib import Path

from devices.escpos.transport import BACK_SUFFIX

log = logging.getLogger("devices.escpos.sim")


def _write_all(fd: int, data: bytes, timeout: float) -> int:
    sent = 0
    view = memoryview(data)
    while sent < len(data):
        try:
            _, ready, _ = select.select([], [fd], [], timeout)
            if not ready:
                return sent
            sent += os.write(fd, view[sent:])
        except BlockingIOError:
            continue
        except (OSError, ValueError):
            return sent
    return sent


class FifoLink:
    """Printer end of a FIFO pair (a usblp stand-in)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._tmpdir: str | None = None
        if path is None:
            self._tmpdir = tempfile.mkdtemp(prefix="kiosk-usblp-")
            path = os.path.join(self._tmpdir, "lp0")
        self.link = Path(path)
        self.back = Path(str(path) + BACK_SUFFIX)
        self._lock = threading.RLock()
        self._rfd: int | None = None
        self._wfd: int | None = None
        self.tty_name: str | None = None

    def open(self) -> str:
        with self._lock:
            if self._rfd is not None:
                return str(self.link)
            for p in (self.link, self.back):
                if p.exists() or p.is_symlink():
                    p.unlink()
                os.mkfifo(p, 0o600)
            # O_RDWR keeps each FIFO open from this side, so neither end sees EOF while the other
            # side (the driver) comes and goes; the driver sees ENXIO only when no simulator runs
            self._rfd = os.open(self.link, os.O_RDWR | os.O_NONBLOCK)
            self._wfd = os.open(self.back, os.O_RDWR | os.O_NONBLOCK)
            self.tty_name = str(self.link)
            log.info("usblp stand-in from closed to open (%s)", self.link)
            return str(self.link)

    @property
    def connected(self) -> bool:
        return self._rfd is not None

    def unplug(self) -> None:
        with self._lock:
            for fd in (self._rfd, self._wfd):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._rfd = self._wfd = None
            for p in (self.link, self.back):
                with contextlib.suppress(OSError):
                    p.unlink()
            log.info("usblp stand-in from open to unplugged (%s)", self.link)

    def replug(self) -> str:
        return self.open()

    def close(self) -> None:
        self.unplug()
        if self._tmpdir:
            with contextlib.suppress(OSError):
                os.rmdir(self._tmpdir)

    def read(self, max_bytes: int = 4096, timeout: float = 0.1) -> bytes:
        fd = self._rfd
        if fd is None:
            return b""
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return b""
            return os.read(fd, max_bytes)
        except (BlockingIOError, InterruptedError):
            return b""
        except (OSError, ValueError):
            return b""

    def write(self, data: bytes, timeout: float = 2.0) -> int:
        fd = self._wfd
        return 0 if fd is None else _write_all(fd, data, timeout)


class TcpLink:
    """Printer end of a loopback TCP port: one client at a time, as a print server's raw port."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port_number = port
        self._lock = threading.RLock()
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self.tty_name: str | None = None

    @property
    def link(self) -> str:
        return f"socket://{self.host}:{self.port_number}"

    def open(self) -> str:
        with self._lock:
            if self._server is not None:
                return self.link
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind((self.host, self.port_number))
            server.listen(1)
            server.setblocking(False)
            self.port_number = server.getsockname()[1]
            self._server = server
            self.tty_name = f"{self.host}:{self.port_number}"
            log.info("tcp printer port from closed to listening (%s)", self.link)
            return self.link

    @property
    def connected(self) -> bool:
        return self._server is not None

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(OSError):
                client.close()

    def unplug(self) -> None:
        with self._lock:
            self._drop_client()
            server, self._server = self._server, None
            if server is not None:
                with contextlib.suppress(OSError):
                    server.close()
            log.info("tcp printer port from listening to unplugged (%s)", self.link)

    def replug(self) -> str:
        return self.open()

    def close(self) -> None:
        self.unplug()

    def read(self, max_bytes: int = 4096, timeout: float = 0.1) -> bytes:
        with self._lock:
            server, client = self._server, self._client
        if server is None:
            return b""
        watch = [s for s in (server, client) if s is not None]
        try:
            ready, _, _ = select.select(watch, [], [], timeout)
        except (OSError, ValueError):
            return b""
        if server in ready:
            with contextlib.suppress(BlockingIOError, OSError):
                conn, _ = server.accept()
                conn.setblocking(False)
                with self._lock:
                    self._drop_client()  # a new connection replaces the old one, as on a print server
                    self._client = conn
                log.info("tcp printer port from listening to connected (%s)", self.link)
        if client is not None and client in ready:
            try:
                data = client.recv(max_bytes)
            except (BlockingIOError, InterruptedError):
                return b""
            except OSError as exc:
                if exc.errno not in (errno.ECONNRESET, errno.EPIPE):
                    log.info("tcp printer port read failed: %s", exc)
                data = b""
            if not data:
                with self._lock:
                    if self._client is client:
                        self._drop_client()
                log.info("tcp printer port from connected to listening (%s)", self.link)
            return data
        return b""

    def write(self, data: bytes, timeout: float = 2.0) -> int:
        client = self._client
        return 0 if client is None else _write_all(client.fileno(), data, timeout)


__all__ = ["FifoLink", "TcpLink"]
