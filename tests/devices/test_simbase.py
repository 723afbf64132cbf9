"""The pty-simulator base's contract, once for both simulators: lifecycle, the cable, control lines."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from devices.escpos import PrinterSimulator
from devices.idcard import IdCardSimulator
from devices.simbase import ControlError, PtySimulator, parse_params

pytestmark = pytest.mark.pty

MakeSim = Callable[[Path], PtySimulator]
SIMULATORS: dict[str, MakeSim] = {
    "idcard": lambda link: IdCardSimulator(link=link),
    "printer": lambda link: PrinterSimulator(58, render_png=False, link=link),
}


@pytest.fixture(params=sorted(SIMULATORS))
def make_sim(request: pytest.FixtureRequest) -> MakeSim:
    return SIMULATORS[request.param]


def _sim_threads(sim: PtySimulator) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(f"{sim.kind}-sim-")]


def test_with_starts_and_stops_and_removes_the_link(make_sim: MakeSim, tmp_path: Path) -> None:
    link = tmp_path / "tty"
    with make_sim(link) as sim:
        assert sim.running and sim.connected
        assert link.is_symlink() and os.path.realpath(link) == sim.tty_name and sim.port == str(link)
        assert _sim_threads(sim)
    assert not sim.running and not link.is_symlink()
    assert _sim_threads(sim) == []


def test_start_is_idempotent_and_stop_returns_true(make_sim: MakeSim, tmp_path: Path) -> None:
    sim = make_sim(tmp_path / "tty")
    assert sim.stop() is True  # never started
    port = sim.start()
    threads = _sim_threads(sim)
    assert sim.start() == port and _sim_threads(sim) == threads
    assert sim.stop(2.0) is True and sim.stop(2.0) is True
    assert not sim.running


def test_a_stopped_simulator_starts_again_at_the_same_link(make_sim: MakeSim, tmp_path: Path) -> None:
    link = tmp_path / "tty"
    sim = make_sim(link)
    assert sim.start() == str(link)
    assert sim.stop()
    try:
        assert sim.start() == str(link) and link.is_symlink() and sim.running
    finally:
        sim.stop()


def test_unplug_and_replug_keep_the_link(make_sim: MakeSim, tmp_path: Path) -> None:
    link = tmp_path / "tty"
    with make_sim(link) as sim:
        sim.unplug()
        assert not sim.connected and sim.running
        sim.replug()
        assert sim.connected and os.path.realpath(link) == sim.tty_name


def test_unplug_before_start_says_so(make_sim: MakeSim, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not started"):
        make_sim(tmp_path / "tty").unplug()


def test_one_control_loop_with_shared_and_own_verbs(make_sim: MakeSim, tmp_path: Path) -> None:
    """GIVEN a running simulator WHEN control lines come in THEN each gets one reply line, 'ok ...'
    or 'error: ...'; quit ends the loop (True) and nothing after it is read."""
    with make_sim(tmp_path / "tty") as sim:
        replies: list[str] = []
        lines = ["help", "", "unplug", "status", "replug", "nonsense here", "status 'unclosed", "quit", "unplug"]
        assert sim.serve_control(iter(lines), replies.append) is True
        help_text, unplugged, status, replugged, unknown, unparsable = replies
        for verb in ("unplug", "replug", "status", "help", "quit"):
            assert verb in help_text
        assert unplugged == "ok unplugged" and status.startswith("ok ")
        assert replugged.startswith("ok replugged /dev/")
        assert unknown == "error: unknown command 'nonsense here' (try help)"
        assert unparsable.startswith("error: ")
        assert sim.connected  # the "unplug" after quit was never read
        assert sim.serve_control(iter(["status"]), replies.append) is False  # the lines ran out


def test_wrong_arguments_are_an_error_not_a_crash(make_sim: MakeSim, tmp_path: Path) -> None:
    with make_sim(tmp_path / "tty") as sim:
        assert sim.control("fault") == "error: unknown command 'fault' (try help)"  # a verb without its NAME
        reply = sim.control("fault no_such_fault")
        assert reply is not None and reply.startswith("error: ")
        assert sim.control("unplug now") == "error: unknown command 'unplug now' (try help)"
        assert sim.control("quit") is None and sim.running


def test_the_simulators_own_verbs() -> None:
    idc = IdCardSimulator()
    assert idc.control("place resident_li_na") == "ok placed resident card"
    assert idc.control("fault split delay=0.02") == "ok fault split on"
    assert idc.control("fault slow_sam delay=slow") == "error: delay: expected a number, got 'slow'"
    assert idc.control("clear") == "ok cleared" and idc.faults == {}
    assert idc.control("lift") == "ok lifted" and idc.card is None
    prn = PrinterSimulator(80, render_png=False)
    assert prn.control("paper out") == "ok paper out"
    assert prn.control("cover ajar") == "error: cover: expected open or closed, got 'ajar'"
    assert str(prn.control("runout many")).startswith("error: ")
    assert prn.control("status") == f"ok status bytes {prn.status_bytes().hex(' ')}"


def test_parse_params() -> None:
    assert parse_params(["delay=0.5", "size=24"]) == {"delay": 0.5, "size": 24.0}
    with pytest.raises(ControlError, match="key=value"):
        parse_params(["delay"])
