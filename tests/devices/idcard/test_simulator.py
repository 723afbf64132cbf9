"""The simulator speaks the device end of the protocol byte for byte (checked with a bare pyserial port)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import serial

from devices.idcard.codec import SW3, Command, FrameParser, Response, build_command, parse_read_data
from devices.idcard.driver import Link
from devices.idcard.errors import InvalidCardData
from devices.idcard.simulator import IdCardSimulator

pytestmark = pytest.mark.pty


def _ask(port: serial.Serial, frame: bytes, timeout: float = 1.0) -> Response:
    port.reset_input_buffer()
    port.write(frame)
    parser = FrameParser()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = parser.feed(port.read(port.in_waiting or 1))
        if found:
            return found[0]
    raise AssertionError("no reply")


def test_protocol_answers(sim: IdCardSimulator) -> None:
    with serial.serial_for_url(sim.port, baudrate=115200, timeout=0.05) as port:
        assert _ask(port, build_command(Command.FIND)) == Response(0, 0, SW3.FIND_FAILED)
        assert _ask(port, build_command(Command.SELECT)).sw3 == SW3.SELECT_FAILED
        assert _ask(port, build_command(Command.READ)).sw3 == SW3.READ_FAILED
        sim.place("resident_zhang_wei")
        assert _ask(port, build_command(Command.FIND)) == Response(0, 0, SW3.FIND_SUCCESS, bytes(4))
        assert len(_ask(port, build_command(Command.SELECT)).data) == 8
        assert _ask(port, build_command(Command.READ_ADDRESS)).sw3 == SW3.NO_SUCH_ITEM
        read = _ask(port, build_command(Command.READ_FINGERPRINT))
        assert parse_read_data(read.data, fingerprint=True).fingerprint == b""
        # after a successful read, find stays silent until the card is lifted or the SAM reset
        assert _ask(port, build_command(Command.FIND)).sw3 == SW3.FIND_FAILED
        assert _ask(port, build_command(Command.RESET)).sw3 == SW3.SUCCESS
        assert _ask(port, build_command(Command.FIND)).sw3 == SW3.FIND_SUCCESS
        unknown = b"\xaa\xaa\xaa\x96\x69\x00\x03\x77\x01" + bytes([0x03 ^ 0x77 ^ 0x01])
        assert _ask(port, unknown).sw3 == SW3.BAD_COMMAND
        damaged = bytearray(build_command(Command.FIND))
        damaged[-1] ^= 0xFF
        assert _ask(port, bytes(damaged)).sw3 == SW3.CHECKSUM_ERROR
    assert sim.commands["FIND"] >= 4 and sim.commands["7701"] == 1


def test_wire_time_of_115200_baud_is_emulated(tmp_path: Path) -> None:
    """The 1295-byte read reply takes at least its 112 ms of wire time (reference)."""
    with IdCardSimulator(tmp_path / "slow", baud=115200, card="resident_li_na") as sim:
        link = Link(sim.port, 115200)
        try:
            t0 = time.perf_counter()
            resp = link.transact(Command.READ, 2.0)
            elapsed = time.perf_counter() - t0
        finally:
            link.close()
    assert len(resp.data) == 1284
    assert 0.112 <= elapsed < 0.25


def test_place_refuses_an_invalid_description(sim: IdCardSimulator, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"card_type": "resident"}', encoding="utf-8")
    with pytest.raises(InvalidCardData):
        sim.place(bad)
    assert sim.card is None
    assert sim.place("resident_zhou_ji").name_on_card != "周𠮷"


def test_fidelity_select_zeros_set_rf_wlt_header_and_sam_delay(tmp_path: Path) -> None:
    """Issue 15 item 8: select answers 8 zero bytes, 61 FF answers 90, the photo starts with the WLT
    header, and the SAM takes the configured time over a read."""
    from devices.idcard.simulator import SimModes

    with IdCardSimulator(tmp_path / "idc", card="resident_zhang_wei", modes=SimModes(sam_delay=0.4)) as sim, \
            serial.serial_for_url(sim.port, baudrate=115200, timeout=0.05) as port:
        # the exact frame hevz/hev-idcard-reader sends after SAM status: set max RF byte (61 FF, data 50)
        assert _ask(port, bytes.fromhex("AAAAAA96690004 61FF50 CA")) == Response(0, 0, SW3.SUCCESS)
        assert _ask(port, build_command(Command.FIND)).sw3 == SW3.FIND_SUCCESS
        assert _ask(port, build_command(Command.SELECT)) == Response(0, 0, SW3.SUCCESS, bytes(8))
        started = time.monotonic()
        read = _ask(port, build_command(Command.READ), timeout=3)
        assert time.monotonic() - started >= 0.4
        assert parse_read_data(read.data).photo[:4] == bytes.fromhex("574C6600")
