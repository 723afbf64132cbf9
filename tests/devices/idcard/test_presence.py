"""Card presence that is true: no false removal, one read per placement, swaps seen by their data.

Issue 15 item 6. Each reader model is the simulator in one of its modes, driven over a real pty.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from devices.idcard.driver import (
    CardPlaced,
    CardRead,
    CardRemoved,
    CardStillPresent,
    IdCardReader,
    StatusChanged,
)
from devices.idcard.simulator import IdCardSimulator, SimModes
from devices.status import DeviceState
from tests.devices.idcard.support import EventLog

pytestmark = pytest.mark.pty

MakeReader = Callable[..., tuple[IdCardReader, EventLog]]


def _kinds(log: EventLog, since: int = 0) -> list[type]:
    return [type(e) for e in log.events[since:] if not isinstance(e, StatusChanged)]


def _start(tmp_path: Path, make_reader: MakeReader, modes: SimModes, **options: object) -> tuple[IdCardSimulator, EventLog]:
    sim = IdCardSimulator(tmp_path / "idc", modes=modes)
    sim.start()
    _reader, log = make_reader(sim.port, **options)
    log.wait_device(DeviceState.ONLINE)
    return sim, log


def test_select_after_read_reader_gives_no_false_removal(tmp_path: Path, make_reader: MakeReader) -> None:
    """GIVEN a reader whose first select after a read fails (it wants a fresh find) WHEN the card is
    left lying for many polls THEN one read, no removal; WHEN lifted THEN removed after two empty polls."""
    sim, log = _start(tmp_path, make_reader, SimModes(select_needs_fresh_find=True))
    try:
        sim.place("resident_zhang_wei")
        log.wait_type(CardRead)
        time.sleep(0.8)  # ~16 polls of 0.05 s
        assert _kinds(log) == [CardPlaced, CardRead, CardStillPresent]
        assert sim.commands["READ"] == 1
        sim.lift()
        log.wait_type(CardRemoved)
        assert _kinds(log)[-1] is CardRemoved
    finally:
        sim.stop()


def test_re_arming_reader_reads_a_card_left_lying_once(tmp_path: Path, make_reader: MakeReader) -> None:
    """GIVEN a reader that answers find with 9F for a card already read WHEN the card is left lying
    THEN one CardRead, no removal, and at most one comparing re-read - not a read every poll."""
    sim, log = _start(tmp_path, make_reader, SimModes(rearm_find=True))
    try:
        sim.place("resident_liu_fang")
        log.wait_type(CardRead)
        time.sleep(0.6)
        reads = sim.commands["READ"]
        assert reads <= 2  # the read, and one comparison that taught the driver this reader re-arms
        time.sleep(0.6)  # ~12 more polls
        assert sim.commands["READ"] == reads
        assert sim.commands["FIND"] > 20
        assert _kinds(log) == [CardPlaced, CardRead, CardStillPresent]
    finally:
        sim.stop()


def test_re_arming_reader_compares_again_after_its_interval(tmp_path: Path, make_reader: MakeReader) -> None:
    sim, log = _start(tmp_path, make_reader, SimModes(rearm_find=True), reverify_interval=0.3)
    try:
        sim.place("resident_liu_fang")
        log.wait_type(CardRead)
        time.sleep(1.0)
        assert 3 <= sim.commands["READ"] <= 6  # about one comparison each 0.3 s, not one each 0.05 s poll
        assert _kinds(log) == [CardPlaced, CardRead, CardStillPresent]
    finally:
        sim.stop()


@pytest.mark.parametrize("modes", [SimModes(), SimModes(select_needs_fresh_find=True)], ids=["reference", "select-after-read"])
def test_a_different_card_put_down_within_a_poll_is_a_new_placement(
    tmp_path: Path, make_reader: MakeReader, modes: SimModes
) -> None:
    """GIVEN a card read WHEN it is swapped for another between two polls (never an empty poll)
    THEN removed, placed and read are reported for the new card."""
    sim, log = _start(tmp_path, make_reader, modes, poll_interval=0.3)
    try:
        sim.place("resident_zhang_wei")
        log.wait_type(CardRead)
        mark = log.mark()
        sim.place("resident_li_na")  # the simulator swaps the card in one step
        event = log.wait_type(CardRead, since=mark)
        assert isinstance(event, CardRead) and event.identity.name == "李娜"
        assert _kinds(log, mark)[:3] == [CardRemoved, CardPlaced, CardRead]
    finally:
        sim.stop()


def test_the_same_card_put_back_within_a_poll_is_not_read_as_new(tmp_path: Path, make_reader: MakeReader) -> None:
    sim, log = _start(tmp_path, make_reader, SimModes(), poll_interval=0.3)
    try:
        sim.place("resident_zhang_wei")
        log.wait_type(CardRead)
        mark = log.mark()
        sim.lift()
        sim.place("resident_zhang_wei")  # find answers 9F again: compared by data, found the same
        deadline = time.monotonic() + 3
        while sim.commands["READ"] < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.4)
        assert sim.commands["READ"] == 2
        assert CardRead not in _kinds(log, mark) and CardRemoved not in _kinds(log, mark)
    finally:
        sim.stop()


def test_removal_needs_two_empty_polls(tmp_path: Path, make_reader: MakeReader) -> None:
    """A lift is reported only after ``absent_polls`` polls found neither find nor select answering."""
    sim, log = _start(tmp_path, make_reader, SimModes(), poll_interval=0.2, absent_polls=3)
    try:
        sim.place("resident_zhang_wei")
        log.wait_type(CardRead)
        finds = sim.commands["FIND"]
        sim.lift()
        log.wait_type(CardRemoved)
        assert sim.commands["FIND"] - finds >= 3
    finally:
        sim.stop()
