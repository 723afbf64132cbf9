"""USB readers that speak the SAM framing over bulk endpoints (no CDC serial), through pyusb.

Many USB readers enumerate as CDC serial and are plain ttys; some put the same frames on a pair of
bulk endpoints instead (a public libusb client, IDRUSB, writes to endpoint 0x02 and reads 0x81).
``UsbBulkPort`` gives such a reader the few pyserial calls ``driver.Link`` makes, so the one codec and
the one driver serve both. pyusb is optional: it is imported only when a ``usb:`` port is opened
without a device finder of the caller's own (tests pass a fake backend object).

Port syntax: ``usb:VVVV:PPPP`` (hex vendor and product id), optionally ``:IN:OUT`` endpoints in hex,
e.g. ``usb:0400:c35a`` or ``usb:0400:c35a:81:02``.
"""

from __future__ import annotations

import errno
import importlib
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

DEFAULT_IN, DEFAULT_OUT = 0x81, 0x02
_PACKET = 512  # the largest bulk packet asked for at once (USB 2.0 high speed)


class UsbDevice(Protocol):
    """The part of ``usb.core.Device`` used here."""

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int: ...

    def read(self, endpoint: int, size_or_buffer: int, timeout: int | None = None) -> Any: ...


UsbFinder = Callable[[int, int], UsbDevice | None]


def parse_usb_port(port: str) -> tuple[int, int, int, int]:
    """``usb:VVVV:PPPP[:IN:OUT]`` -> (vendor, product, in endpoint, out endpoint); ValueError otherwise."""
    parts = port.split(":")
    if parts[0].lower() != "usb" or len(parts) not in (3, 5):
        raise ValueError(f"not a USB port: {port!r} (expected usb:VVVV:PPPP or usb:VVVV:PPPP:IN:OUT)")
    try:
        numbers = [int(p, 16) for p in parts[1:]]
    except ValueError:
        raise ValueError(f"USB ids and endpoints are hexadecimal: {port!r}") from None
    vendor, product = numbers[0], numbers[1]
    ep_in, ep_out = (numbers[2], numbers[3]) if len(numbers) == 4 else (DEFAULT_IN, DEFAULT_OUT)
    return vendor, product, ep_in, ep_out


def is_usb_port(port: str) -> bool:
    return port.lower().startswith("usb:")


def _pyusb_find(vendor: int, product: int) -> UsbDevice | None:  # pragma: no cover - needs pyusb and a device
    # pyusb is optional (the brief: devices/ is stdlib + pyserial, pyusb optional), so it is looked up
    # at run time, only for usb: ports
    try:
        core = importlib.import_module("usb.core")
    except ImportError as exc:
        raise OSError(errno.ENOSYS, "pyusb is not installed (pip install pyusb) for usb: ports") from exc
    device = core.find(idVendor=vendor, idProduct=product)
    if device is not None:
        device.set_configuration()
    return device  # type: ignore[no-any-return]


def _is_timeout(exc: BaseException) -> bool:
    # pyusb raises usb.core.USBTimeoutError (errno ETIMEDOUT); matched without importing pyusb
    return type(exc).__name__ == "USBTimeoutError" or getattr(exc, "errno", None) == errno.ETIMEDOUT


class UsbBulkPort:
    """A bulk endpoint pair with the pyserial calls ``Link`` uses: write, read, in_waiting,
    reset_input_buffer, cancel_read, close. USB errors other than timeouts become OSError (the
    driver treats them as an unplug)."""

    def __init__(self, device: UsbDevice, ep_in: int = DEFAULT_IN, ep_out: int = DEFAULT_OUT,
                 *, timeout: float = 0.05, write_timeout: float = 1.0) -> None:
        self._dev = device
        self._in, self._out = ep_in, ep_out
        self.timeout = timeout
        self.write_timeout = write_timeout
        self._buf = bytearray()
        self._cancel = threading.Event()
        self._closed = False

    @classmethod
    def open(cls, port: str, *, find: UsbFinder | None = None, timeout: float = 0.05) -> UsbBulkPort:
        vendor, product, ep_in, ep_out = parse_usb_port(port)
        device = (find or _pyusb_find)(vendor, product)
        if device is None:
            raise OSError(errno.ENODEV, f"no USB device {vendor:04x}:{product:04x}")
        return cls(device, ep_in, ep_out, timeout=timeout)

    def _check(self) -> None:
        if self._closed:
            raise OSError(errno.EBADF, "USB port closed")

    def _pull(self, wait: float) -> None:
        try:
            chunk = self._dev.read(self._in, _PACKET, max(1, int(wait * 1000)))
        except Exception as exc:
            if _is_timeout(exc):
                return
            raise OSError(getattr(exc, "errno", None) or errno.EIO, f"USB read failed: {exc}") from exc
        self._buf += bytes(chunk)

    def write(self, data: bytes) -> int:
        self._check()
        try:
            return int(self._dev.write(self._out, bytes(data), int(self.write_timeout * 1000)))
        except Exception as exc:
            raise OSError(getattr(exc, "errno", None) or errno.EIO, f"USB write failed: {exc}") from exc

    @property
    def in_waiting(self) -> int:
        self._check()
        if not self._buf:
            self._pull(0.001)
        return len(self._buf)

    def read(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes, waiting at most ``timeout`` seconds for the first ones."""
        self._check()
        deadline = time.monotonic() + self.timeout
        while not self._buf and not self._cancel.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._pull(min(left, self.timeout))
        self._cancel.clear()
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    def reset_input_buffer(self) -> None:
        self._check()
        self._buf.clear()
        while True:  # drain what the endpoint still holds (late replies)
            before = len(self._buf)
            self._pull(0.001)
            if len(self._buf) == before:
                break
        self._buf.clear()

    def cancel_read(self) -> None:
        self._cancel.set()

    def close(self) -> None:
        self._closed = True


__all__ = ["DEFAULT_IN", "DEFAULT_OUT", "UsbBulkPort", "UsbDevice", "UsbFinder", "is_usb_port", "parse_usb_port"]
