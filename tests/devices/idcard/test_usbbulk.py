"""USB bulk readers: the same codec and driver over a fake pyusb backend object.

The fake device stands for ``usb.core.Device``: its bulk OUT endpoint writes into the simulator's pty
and its bulk IN endpoint reads from it, so the simulator answers as it does on a tty; timeouts raise
an exception named like pyusb's USBTimeoutError.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
import serial

from devices.idcard.driver import CardRead, CardRemoved, probe_status
from devices.idcard.simulator import IdCardSimulator
from devices.idcard.usbbulk import UsbBulkPort, is_usb_port, parse_usb_port
from devices.status import DeviceState
from tests.devices.idcard.support import EventLog

pytestmark = pytest.mark.pty


class USBTimeoutError(Exception):  # the name pyusb gives its timeout
    errno = errno.ETIMEDOUT


class FakeUsbDevice:
    """Bulk OUT 0x02 / IN 0x81 bridged to a simulator's pty (pyusb's Device.write/read signatures)."""

    def __init__(self, port: str) -> None:
        self._ser = serial.serial_for_url(port, baudrate=115200, timeout=0)
        self.writes: list[tuple[int, bytes]] = []
        self.unplugged = False

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        if self.unplugged:
            raise OSError(errno.ENODEV, "No such device")
        assert endpoint == 0x02
        self.writes.append((endpoint, bytes(data)))
        return int(self._ser.write(data) or 0)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> Any:
        if self.unplugged:
            raise OSError(errno.ENODEV, "No such device")
        assert endpoint == 0x81
        self._ser.timeout = (timeout or 1) / 1000
        data = self._ser.read(min(size, 64))  # full-speed bulk packets of 64 bytes
        if not data:
            raise USBTimeoutError("timed out")
        return bytearray(data)


def test_port_syntax() -> None:
    assert parse_usb_port("usb:0400:c35a") == (0x0400, 0xC35A, 0x81, 0x02)
    assert parse_usb_port("USB:0400:C35A:82:01") == (0x0400, 0xC35A, 0x82, 0x01)
    assert is_usb_port("usb:1:2") and not is_usb_port("/dev/ttyUSB0")
    for bad in ("usb:0400", "usb:zz:01", "tty:1:2"):
        with pytest.raises(ValueError):
            parse_usb_port(bad)


def test_a_bulk_reader_comes_online_reads_and_sees_removal(tmp_path: Path, make_reader: Any) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        fake = FakeUsbDevice(sim.port)
        _reader, log = make_reader("usb:0400:c35a", usb_find=lambda vid, pid: fake if (vid, pid) == (0x0400, 0xC35A) else None)
        assert isinstance(log, EventLog)
        online = log.wait_device(DeviceState.ONLINE)
        assert "SAM id of 16 bytes" in online.reason
        sim.place("foreign_permanent_2023_garcia")
        read = log.wait_type(CardRead)
        assert isinstance(read, CardRead) and read.identity.extra["english_name"].startswith("GARCIA")
        sim.lift()
        log.wait_type(CardRemoved)
        assert fake.writes[0][1] == bytes.fromhex("AAAAAA96690003 10FF EC")  # reset, as on a tty


def test_a_missing_bulk_device_is_no_device(make_reader: Any) -> None:
    _reader, log = make_reader("usb:0400:c35a", usb_find=lambda vid, pid: None)
    event = log.wait_device(DeviceState.NO_DEVICE)
    assert "no USB device 0400:c35a" in event.reason


def test_an_unplugged_bulk_device_goes_offline(tmp_path: Path, make_reader: Any) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        fake = FakeUsbDevice(sim.port)
        _reader, log = make_reader("usb:0400:c35a", usb_find=lambda vid, pid: fake)
        log.wait_device(DeviceState.ONLINE)
        mark = log.mark()
        fake.unplugged = True
        event = log.wait_device(DeviceState.OFFLINE, since=mark)
        assert "disconnected" in event.reason or "USB" in event.reason


def test_bulk_port_read_times_out_and_closes(tmp_path: Path) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        port = UsbBulkPort(FakeUsbDevice(sim.port), timeout=0.05)
        assert port.read(10) == b"" and port.in_waiting == 0
        port.close()
        with pytest.raises(OSError):
            port.write(b"x")


def test_probe_status_over_usb_needs_pyusb_or_a_finder() -> None:
    status, reason = probe_status("usb:0400:c35a")  # no finder given: pyusb, absent here or no device
    assert status.device is DeviceState.NO_DEVICE
    assert "pyusb" in reason or "no USB device" in reason
