"""Decoding of the DLE EOT 1-4 replies, bit by bit, and the status model built on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.escpos.status import (
    PaperState,
    PrinterStatus,
    encode_status,
    is_paper_sensor_byte,
    is_status_byte,
)
from devices.status import DeviceState

IDLE = bytes([0x12, 0x12, 0x12, 0x12])


def with_byte(n: int, value: int) -> bytes:
    raw = bytearray(IDLE)
    raw[n - 1] = value
    return bytes(raw)


def test_idle_printer_is_ready() -> None:
    s = PrinterStatus.decode(IDLE)
    assert s.ready and s.problem is None and s.device == DeviceState.ONLINE
    assert s.to_json_dict() == {
        "online": True,
        "cover_open": False,
        "paper": "ok",
        "cutter_error": False,
        "unrecoverable_error": False,
        "auto_recoverable_error": False,
    }
    assert s.summary() == "ready"


@pytest.mark.parametrize(
    ("n", "value", "field", "expected", "device", "problem"),
    [
        (1, 0x12 | 0x08, "online", False, DeviceState.OFFLINE, "printer offline"),
        (1, 0x12 | 0x20, "waiting_recovery", True, DeviceState.OFFLINE, "printer waiting for recovery"),
        (2, 0x12 | 0x04, "cover_open", True, DeviceState.USER_ERROR, "printer cover open"),
        (2, 0x12 | 0x20, "paper", PaperState.OUT, DeviceState.USER_ERROR, "paper out"),
        (3, 0x12 | 0x08, "cutter_error", True, DeviceState.HARDWARE_ERROR, "paper cutter error"),
        (
            3,
            0x12 | 0x20,
            "unrecoverable_error",
            True,
            DeviceState.HARDWARE_ERROR,
            "printer has an unrecoverable error",
        ),
        (3, 0x12 | 0x40, "auto_recoverable_error", True, DeviceState.BUSY, "print head too hot"),
        (4, 0x12 | 0x0C, "paper", PaperState.NEAR_END, DeviceState.ONLINE, None),
        (4, 0x12 | 0x60, "paper", PaperState.OUT, DeviceState.USER_ERROR, "paper out"),
    ],
)
def test_each_status_bit(
    n: int, value: int, field: str, expected: object, device: DeviceState, problem: str | None
) -> None:
    s = PrinterStatus.decode(with_byte(n, value))
    assert getattr(s, field) == expected
    assert s.device == device
    assert s.problem == problem
    assert s.ready is (problem is None)


@pytest.mark.parametrize("ignored", [0x04, 0x40])  # drawer pin and feed button: not our business
def test_bits_without_meaning_for_a_kiosk_are_ignored(ignored: int) -> None:
    assert PrinterStatus.decode(with_byte(1, 0x12 | ignored)).ready


def test_reference_values() -> None:
    """The common values from the reference: 0x1A offline, 0x1E near end, 0x72 paper out."""
    assert not PrinterStatus.decode(with_byte(1, 0x1A)).online
    assert PrinterStatus.decode(with_byte(4, 0x1E)).paper == PaperState.NEAR_END
    near = PrinterStatus.decode(with_byte(4, 0x1E))
    assert near.ready and near.warnings == ["paper near end"] and near.summary() == "ready (paper near end)"
    assert PrinterStatus.decode(with_byte(4, 0x72)).paper == PaperState.OUT


@pytest.mark.parametrize("raw", [b"", b"\x12\x12\x12", b"\x12" * 5, b"\x12\x12\x12\x11", b"\x00\x12\x12\x12"])
def test_malformed_replies_raise_value_error(raw: bytes) -> None:
    with pytest.raises(ValueError):
        PrinterStatus.decode(raw)


def test_unreachable_status_keeps_last_paper_and_says_why() -> None:
    last = PrinterStatus.decode(with_byte(4, 0x1E))
    s = PrinterStatus.unreachable(DeviceState.NO_DEVICE, "printer disconnected", last)
    assert not s.online and s.paper == PaperState.NEAR_END and s.problem == "printer disconnected"
    assert PrinterStatus.unreachable(DeviceState.OFFLINE, "").problem == "printer does not answer"


def test_flow_control_and_sensor_bytes_are_never_status_bytes() -> None:
    assert not is_status_byte(0x11) and not is_status_byte(0x13)
    assert all(is_paper_sensor_byte(b) for b in (0x00, 0x03, 0x0C, 0x0F))
    assert not any(is_status_byte(b) for b in range(0x10))


@given(
    offline=st.booleans(),
    waiting=st.booleans(),
    cover=st.booleans(),
    paper=st.sampled_from(list(PaperState)),
    cutter=st.booleans(),
    unrec=st.booleans(),
    auto=st.booleans(),
)
def test_encode_then_decode_round_trips(
    offline: bool, waiting: bool, cover: bool, paper: PaperState, cutter: bool, unrec: bool, auto: bool
) -> None:
    raw = encode_status(
        offline=offline,
        waiting_recovery=waiting,
        cover_open=cover,
        paper=paper,
        cutter_error=cutter,
        unrecoverable_error=unrec,
        auto_recoverable_error=auto,
    )
    s = PrinterStatus.decode(raw)
    assert (s.cover_open, s.paper, s.cutter_error, s.unrecoverable_error, s.auto_recoverable_error) == (
        cover,
        paper,
        cutter,
        unrec,
        auto,
    )
    assert s.waiting_recovery == waiting
    assert s.ready == (not any((offline, waiting, cover, paper == PaperState.OUT, cutter, unrec, auto)))


@given(st.binary(max_size=8))
def test_fuzzed_status_bytes_decode_or_raise_value_error(raw: bytes) -> None:
    try:
        s = PrinterStatus.decode(raw)
    except ValueError:
        return
    assert isinstance(s.problem, str | None)
    assert set(s.to_json_dict()) == {
        "online",
        "cover_open",
        "paper",
        "cutter_error",
        "unrecoverable_error",
        "auto_recoverable_error",
    }
