"""The device end of a pseudo-terminal, for simulators that real drivers open as a real tty.

The simulator owns the master side; the driver opens the slave (through a stable symlink) with
pyserial and cannot tell it from a USB-serial adapter. ``unplug`` closes the master, so the driver
sees what a pulled cable gives (EIO / SerialException); ``replug`` makes a new pair and points the
symlink at it, as udev does when the adapter comes back.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import tempfile
import threading
import tty
from pathlib import Path

log = logging.getLogger("devices.pty")


class PtyLink:
    """Master side of a pty pair with a stable symlink that survives unplug/replug."""

    def __init__(self, link: str | os.PathLike[str] | None = None) -> None:
        self._tmpdir: str | None = None
        if link is None:
            self._tmpdir = tempfile.mkdtemp(prefix="kiosk-pty-")
            link = os.path.join(self._tmpdir, "tty")
        self.link = Path(link)
        self._lock = threading.RLock()
        self._master: int | None = None
        self._slave: int | None = None
        self.tty_name: str | None = None
        self._closed = False

    # ---- lifecycle ---------------------------------------------------------------------------
    def open(self) -> str:
        """Create the pty pair and the symlink; return the link path a driver should open."""
        with self._lock:
            if self._master is not None:
                return str(self.link)
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no line discipline, 8 bit clean
            os.set_blocking(master, False)
            self._master, self._slave = master, slave
            self.tty_name = os.ttyname(slave)
            tmp = self.link.with_name(self.link.name + ".new")
            if tmp.is_symlink() or tmp.exists():
                tmp.unlink()
            os.symlink(self.tty_name, tmp)
            os.replace(tmp, self.link)
            log.info("pty from closed to open (%s -> %s)", self.link, self.tty_name)
            return str(self.link)

    @property
    def connected(self) -> bool:
        return self._master is not None

    def unplug(self) -> None:
        """Close the master: the driver's next read or write fails as on a pulled cable."""
        with self._lock:
            for fd in (self._master, self._slave):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._master = self._slave = None
            log.info("pty from open to unplugged (%s)", self.link)

    def replug(self) -> str:
        return self.open()

    def close(self) -> None:
        self.unplug()
        self._closed = True
        try:
            if self.link.is_symlink():
                self.link.unlink()
        except OSError:
            pass
        if self._tmpdir:
            with contextlib.suppress(OSError):
                os.rmdir(self._tmpdir)

    # ---- I/O (simulator side) ------------------------------------------------------------------
    def read(self, max_bytes: int = 4096, timeout: float = 0.1) -> bytes:
        """Bytes the driver wrote, waiting at most ``timeout`` s; b"" when nothing came or unplugged."""
        fd = self._master
        if fd is None:
            return b""
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
        except (OSError, ValueError):
            return b""
        if not ready:
            return b""
        try:
            return os.read(fd, max_bytes)
        except BlockingIOError:
            return b""
        except OSError as exc:
            if exc.errno in (errno.EIO, errno.EBADF):
                return b""
            raise

    def write(self, data: bytes, timeout: float = 2.0) -> int:
        """Send bytes to the driver; returns how many went out (0 when unplugged)."""
        sent = 0
        view = memoryview(data)
        while sent < len(data):
            fd = self._master
            if fd is None:
                return sent
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
