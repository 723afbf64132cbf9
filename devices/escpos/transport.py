"""The three ways a receipt printer is attached, behind one small interface.

* ``SerialTransport``: a tty (RS-232, USB-serial adapter, CDC-ACM) through pyserial, paced by the
  baud rate. The only transport with a wire speed: ``wire_rate`` is baud / 10 (8N1, ten bit times
  a byte), and the driver derives its status timeouts from it.
* ``UsbLpTransport``: a USB printer-class device (``/dev/usb/lp0``) through the kernel's usblp
  driver. It is not a tty ("Inappropriate ioctl for device" from termios), so it is opened with
  plain ``os.open`` and read and written as a file; bidirectional printers answer DLE EOT and GS r
  on its read side. Tests stand in for it with a FIFO pair (``PATH`` the printer reads,
  ``PATH.back`` it answers on), which is opened the same way.
* ``TcpTransport``: a network printer's raw port (``socket://host:9100`` or ``tcp://host:port``);
  the printer answers on the same connection.

``open_transport(port, ...)`` picks one from the configured port. Every wait has a timeout; a
transport raises ``TransportLost`` when the device went away and ``TransportTimeout`` when it does
not take data in time, so the driver's job, status and recovery steps are the same for all three.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import stat
import time
from typing import Protocol
from urllib.parse import urlsplit

import serial

BACK_SUFFIX = ".back"  # the FIFO a usblp stand-in answers on
USBLP_PREFIX = "/dev/usb/lp"
TCP_SCHEMES = ("socket", "tcp")
DEFAULT_TCP_PORT = 9100


class TransportError(Exception):
    """Base of the transport errors; the message is plain words."""


class TransportLost(TransportError):
    """The device went away (cable pulled, connection closed, port cannot be opened)."""


class TransportTimeout(TransportError):
    """The device did not take the data within the write timeout."""

    def __init__(self, message: str, sent: int = 0) -> None:
        super().__init__(message)
        self.sent = sent


class PrinterTransport(Protocol):
    """What the driver needs of a connection to a printer."""

    @property
    def name(self) -> str:
        """'serial', 'usblp' or 'tcp' (for logs and the status report)."""
        ...

    @property
    def wire_rate(self) -> float | None:
        """Bytes per second the line carries, or None when the line is not the bottleneck."""
        ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes, timeout: float) -> None:
        """Send all of ``data`` within ``timeout`` s (TransportTimeout) or TransportLost."""
        ...

    def read(self, timeout: float) -> bytes:
        """What the printer sent, waiting at most ``timeout`` s for the first byte (b"" if none)."""
        ...

    def discard_input(self) -> None:
        """Drop whatever the printer sent before (stale replies from an earlier session)."""
        ...


def transport_kind(port: str) -> str:
    """Which transport a configured port means: 'tcp', 'usblp' or 'serial'."""
    scheme = port.split("://", 1)[0].lower() if "://" in port else ""
    if scheme in TCP_SCHEMES:
        return "tcp"
    if port.startswith("usblp:") or port.startswith(USBLP_PREFIX):
        return "usblp"
    with contextlib.suppress(OSError):
        if stat.S_ISFIFO(os.stat(port).st_mode):
            return "usblp"
    return "serial"


def parse_tcp_port(port: str) -> tuple[str, int]:
    """(host, port) of ``socket://host:9100`` / ``tcp://host:port``; ValueError when malformed."""
    parts = urlsplit(port)
    if parts.scheme.lower() not in TCP_SCHEMES or not parts.hostname:
        raise ValueError(f"expected socket://HOST:PORT or tcp://HOST:PORT, got {port!r}")
    try:
        number = parts.port or DEFAULT_TCP_PORT
    except ValueError as exc:
        raise ValueError(f"bad TCP port in {port!r}") from exc
    return parts.hostname, number


def open_transport(
    port: str, *, baud: int = 115200, rtscts: bool = False, connect_timeout: float = 3.0
) -> PrinterTransport:
    """The transport for a configured port (not opened yet). ValueError for a malformed port."""
    kind = transport_kind(port)
    if kind == "tcp":
        host, number = parse_tcp_port(port)
        return TcpTransport(host, number, connect_timeout=connect_timeout)
    if kind == "usblp":
        return UsbLpTransport(port.removeprefix("usblp:"))
    return SerialTransport(port, baud, rtscts=rtscts)


def _wait_readable(fd: int, timeout: float) -> bool:
    try:
        ready, _, _ = select.select([fd], [], [], max(0.0, timeout))
    except (OSError, ValueError) as exc:
        raise TransportLost(f"read failed: {exc}") from exc
    return bool(ready)


def _write_fd(fd: int, data: bytes, timeout: float, what: str) -> None:
    """Write all of ``data`` to a non-blocking descriptor within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    view = memoryview(data)
    sent = 0
    while sent < len(data):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TransportTimeout(f"{what} took {sent} of {len(data)} bytes in {timeout:.1f} s", sent)
        try:
            _, ready, _ = select.select([], [fd], [], left)
            if not ready:
                continue
            sent += os.write(fd, view[sent:])
        except (BlockingIOError, InterruptedError):
            continue
        except (OSError, ValueError) as exc:
            raise TransportLost(f"write failed: {exc}") from exc


class SerialTransport:
    """A tty through pyserial; XON/XOFF bytes reach the driver (the tty does not swallow them)."""

    name = "serial"

    def __init__(self, port: str, baud: int, *, rtscts: bool = False) -> None:
        self.port = port
        self.baud = baud
        self.rtscts = rtscts
        self._ser: serial.Serial | None = None

    @property
    def wire_rate(self) -> float:
        return self.baud / 10.0

    def open(self) -> None:
        try:
            ser = serial.Serial()
            ser.port = self.port
            ser.baudrate = self.baud
            ser.timeout = 0  # reads never block; read() waits with select
            ser.write_timeout = 1.0  # replaced per write
            ser.xonxoff = False
            ser.rtscts = self.rtscts
            ser.open()
        except (serial.SerialException, OSError, ValueError) as exc:
            raise TransportLost(f"cannot open {self.port}: {exc}") from exc
        self._ser = ser

    def close(self) -> None:
        ser, self._ser = self._ser, None
        if ser is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                ser.close()

    def _port(self) -> serial.Serial:
        if self._ser is None:
            raise TransportLost("port closed")
        return self._ser

    def write(self, data: bytes, timeout: float) -> None:
        ser = self._port()
        try:
            if ser.write_timeout != timeout:
                ser.write_timeout = timeout
            n = ser.write(data)
        except serial.SerialTimeoutException as exc:
            raise TransportTimeout(f"printer did not take data for {timeout:.1f} s") from exc
        except (serial.SerialException, OSError) as exc:
            raise TransportLost(f"write failed: {exc}") from exc
        if n is not None and n != len(data):
            raise TransportTimeout(f"printer took {n} of {len(data)} bytes", n)

    def read(self, timeout: float) -> bytes:
        ser = self._port()
        try:
            if ser.in_waiting == 0:
                if timeout <= 0:
                    return b""
                # wait on the descriptor: changing ser.timeout would reconfigure the tty each time
                if not _wait_readable(ser.fileno(), timeout):
                    return b""
            return bytes(ser.read(max(1, ser.in_waiting)))
        except (serial.SerialException, OSError, TypeError, ValueError) as exc:
            raise TransportLost(f"read failed: {exc}") from exc

    def discard_input(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self._port().reset_input_buffer()


class UsbLpTransport:
    """A USB printer-class device node read and written as a plain file (no termios: not a tty).

    A FIFO at ``path`` is taken as a test stand-in: the printer reads ``path`` and answers on
    ``path + BACK_SUFFIX``. A FIFO's reader end closing means the cable was pulled; on the real
    device a read of nothing is just nothing.
    """

    name = "usblp"
    wire_rate = None  # USB full speed outruns any print head

    def __init__(self, path: str) -> None:
        self.path = path
        self._wfd: int | None = None
        self._rfd: int | None = None
        self._fifo = False

    def open(self) -> None:
        try:
            self._fifo = stat.S_ISFIFO(os.stat(self.path).st_mode)
            if self._fifo:
                # O_WRONLY|O_NONBLOCK on a FIFO fails with ENXIO when nobody reads it: no printer
                self._rfd = os.open(self.path + BACK_SUFFIX, os.O_RDONLY | os.O_NONBLOCK)
                self._wfd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            else:
                self._wfd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY)
                self._rfd = self._wfd
        except OSError as exc:
            self.close()
            raise TransportLost(f"cannot open {self.path}: {os.strerror(exc.errno or errno.EIO)}") from exc

    def close(self) -> None:
        wfd, rfd = self._wfd, self._rfd
        self._wfd = self._rfd = None
        for fd in {wfd, rfd} - {None}:
            with contextlib.suppress(OSError):
                os.close(fd)  # type: ignore[arg-type]

    def write(self, data: bytes, timeout: float) -> None:
        if self._wfd is None:
            raise TransportLost("port closed")
        _write_fd(self._wfd, data, timeout, "printer")

    def read(self, timeout: float) -> bytes:
        fd = self._rfd
        if fd is None:
            raise TransportLost("port closed")
        if not _wait_readable(fd, timeout):
            return b""
        try:
            data = os.read(fd, 4096)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError as exc:
            raise TransportLost(f"read failed: {exc}") from exc
        if not data and self._fifo:
            raise TransportLost("printer closed its end")
        return data

    def discard_input(self) -> None:
        with contextlib.suppress(TransportError):
            while self.read(0):
                pass


class TcpTransport:
    """A network printer's raw port; one connection, the printer answers on it."""

    name = "tcp"
    wire_rate = None

    def __init__(self, host: str, port: int, *, connect_timeout: float = 3.0) -> None:
        self.host = host
        self.port = port
        self.connect_timeout = connect_timeout
        self._sock: socket.socket | None = None

    def open(self) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except OSError as exc:
            raise TransportLost(f"cannot connect to {self.host}:{self.port}: {exc}") from exc
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # DLE EOT must not wait for Nagle
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self._sock = sock

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    def write(self, data: bytes, timeout: float) -> None:
        sock = self._sock
        if sock is None:
            raise TransportLost("connection closed")
        _write_fd(sock.fileno(), data, timeout, "printer")

    def read(self, timeout: float) -> bytes:
        sock = self._sock
        if sock is None:
            raise TransportLost("connection closed")
        if not _wait_readable(sock.fileno(), timeout):
            return b""
        try:
            data = sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError as exc:
            raise TransportLost(f"read failed: {exc}") from exc
        if not data:
            raise TransportLost("printer closed the connection")
        return data

    def discard_input(self) -> None:
        with contextlib.suppress(TransportError):
            while self.read(0):
                pass


__all__ = [
    "PrinterTransport",
    "SerialTransport",
    "TcpTransport",
    "TransportError",
    "TransportLost",
    "TransportTimeout",
    "UsbLpTransport",
    "open_transport",
    "parse_tcp_port",
    "transport_kind",
]
