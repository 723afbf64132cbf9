"""`kiosk device watch-card`: the reader's events as they happen, one JSON object a line, masked."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import kiosk.cli.cmd_idcard  # noqa: F401  (registers the commands on the groups)
from devices.idcard.simulator import Fault, IdCardSimulator, SimModes
from kiosk.cli.groups import cli

pytestmark = pytest.mark.pty


def _watch(sim: IdCardSimulator, seconds: str, *extra: str, script: list[tuple[float, str]]) -> tuple[int, str, str]:
    timers = [threading.Timer(at, sim.control, (line,)) for at, line in script]
    for timer in timers:
        timer.start()
    try:
        result = CliRunner().invoke(cli, ["device", "watch-card", "--port", sim.port, "--seconds", seconds, *extra])
    finally:
        for timer in timers:
            timer.cancel()
    return result.exit_code, result.stdout, result.stderr


def test_watch_card_json_lines_placed_read_removed(tmp_path: Path) -> None:
    """GIVEN a watched reader WHEN a card is placed and lifted THEN status, placed, read and removed
    lines arrive in order, each with a rising "t", and no line holds the person's name or number."""
    with IdCardSimulator(tmp_path / "idc", modes=SimModes(select_needs_fresh_find=True)) as sim:
        code, out, err = _watch(sim, "3", "--json", script=[(0.6, "place resident_zhang_wei"), (1.8, "lift")])
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    events = [line["event"] for line in lines]
    assert events[0] == "status" and lines[0]["device"] == "online" and "reset answered" in lines[0]["reason"]
    cards = [e for e in events if e != "status"]
    assert cards == ["placed", "read", "removed"]  # no false removal while the card lay there
    read = next(line for line in lines if line["event"] == "read")
    assert read["ok"] is True and read["card_type"] == "resident"
    assert read["id_number"] == "110105********0119" and read["name"] == "张*"
    assert [line["t"] for line in lines] == sorted(line["t"] for line in lines)
    assert "110105198503120119" not in out and "张伟" not in out


def test_watch_card_reports_a_failed_read_and_text_mode(tmp_path: Path) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        sim.inject(Fault.READ_FAILURE)
        code, out, _err = _watch(sim, "1.5", script=[(0.3, "place foreign_permanent_smith")])
    assert code == 0
    assert " status " in out and " placed" in out
    assert "read     ok=False error=CardReadFailed" in out
    assert "SMITH" not in out


def test_watch_card_rejects_bad_seconds() -> None:
    result = CliRunner().invoke(cli, ["device", "watch-card", "--port", "/dev/null", "--seconds", "0"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --seconds")
