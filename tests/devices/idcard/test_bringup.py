"""Bring-up as tolerant as real readers: reset and SAM status answered 21 or not at all, 8-byte SAM ids.

Each variant runs the real driver against the simulator over a pty; the simulator's modes play the
reader (issue 15, item 5).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import kiosk.cli.cmd_idcard  # noqa: F401  (registers the commands on the groups)
from devices.idcard.driver import CardRead, IdCardReader, StatusChanged, bring_up, probe_status
from devices.idcard.errors import BringUpFailed, SamSelfTestFailed
from devices.idcard.simulator import Fault, IdCardSimulator, Reply, SimModes
from devices.status import DeviceProblem, DeviceState
from kiosk.cli.groups import cli
from tests.devices.idcard.support import EventLog

pytestmark = pytest.mark.pty

MakeReader = Callable[..., tuple[IdCardReader, EventLog]]

# (reset, status, SAM id length) -> words the "offline to online" reason must hold
VARIANTS = [
    (Reply.OK, Reply.OK, 16, ["reset answered", "SAM status answered", "SAM id of 16 bytes"]),
    (Reply.UNSUPPORTED, Reply.OK, 16, ["reset not supported (SW3 21)", "SAM status answered"]),
    (Reply.SILENT, Reply.OK, 16, ["reset: no answer within", "SAM status answered"]),
    (Reply.OK, Reply.UNSUPPORTED, 16, ["reset answered", "SAM status not supported (SW3 21)"]),
    (Reply.OK, Reply.SILENT, 16, ["SAM status: no answer within"]),
    (Reply.UNSUPPORTED, Reply.UNSUPPORTED, 8, ["reset not supported", "SAM status not supported", "SAM id of 8 bytes"]),
    (Reply.SILENT, Reply.SILENT, 8, ["reset: no answer", "SAM status: no answer", "SAM id of 8 bytes"]),
    (Reply.OK, Reply.OK, 8, ["SAM id of 8 bytes"]),
]


@pytest.mark.parametrize(("reset", "status", "id_len", "words"), VARIANTS)
def test_each_bring_up_variant_comes_online_and_reads(
    tmp_path: Path, make_reader: MakeReader, reset: Reply, status: Reply, id_len: int, words: list[str]
) -> None:
    """GIVEN a reader answering reset/status as given WHEN the driver starts THEN it is online,
    the reason says what each step did, and a card is read."""
    modes = SimModes(reset=reset, status=status, sam_id_len=id_len)
    with IdCardSimulator(tmp_path / "idc", modes=modes) as sim:
        _reader, log = make_reader(sim.port)
        online = log.wait_device(DeviceState.ONLINE, timeout=5.0)
        for word in words:
            assert word in online.reason
        assert online.status.sam_id is not None
        assert len(online.status.sam_id) == (36 if id_len == 16 else 16)  # vendor format or hex
        sim.place("resident_li_na")
        assert isinstance(log.wait_type(CardRead, 5.0), CardRead)


def test_a_reader_that_answers_nothing_stays_offline_naming_each_step(tmp_path: Path, make_reader: MakeReader) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        sim.inject(Fault.NO_REPLY)
        _reader, log = make_reader(sim.port)
        event = log.wait_for(lambda e: isinstance(e, StatusChanged) and e.status.device is DeviceState.OFFLINE
                             and "does not answer" in e.reason)
        assert isinstance(event, StatusChanged)
        assert event.status.problem_kind is DeviceProblem.NO_ANSWER
        for step in ("reset: no answer", "SAM status: no answer", "SAM id: no answer"):
            assert step in event.reason


def test_a_broken_sam_is_still_a_hardware_error(tmp_path: Path, make_reader: MakeReader) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        sim.inject(Fault.SAM_FAILURE)
        _reader, log = make_reader(sim.port)
        event = log.wait_device(DeviceState.HARDWARE_ERROR)
        assert event.status.problem_kind is DeviceProblem.SAM_FAILED


def test_bring_up_rules_without_a_port() -> None:
    """The rules themselves: a refused status is noted, a hardware status raises, silence everywhere fails."""
    from devices.idcard.codec import SW3, Command, Response
    from devices.idcard.errors import ReplyTimeout

    def answers(table: dict[Command, Response | None]) -> Callable[[Command], Response]:
        def send(command: Command) -> Response:
            resp = table[command]
            if resp is None:
                raise ReplyTimeout(command.stage, 0.5)
            return resp
        return send

    ok, sam = Response(0, 0, SW3.SUCCESS), Response(0, 0, SW3.SUCCESS, bytes(16))
    came = bring_up(answers({Command.RESET: Response(0, 0, SW3.NOT_PERMITTED), Command.STATUS: ok, Command.SAM_ID: sam}))
    assert came.reason.startswith("reset refused (SW3 23)") and came.sam_id == bytes(16)
    came = bring_up(answers({Command.RESET: ok, Command.STATUS: ok, Command.SAM_ID: Response(0, 0, SW3.SUCCESS, b"\x01\x02")}))
    assert came.sam_id is None and "SAM id of 2 bytes not understood" in came.reason
    came = bring_up(answers({Command.RESET: ok, Command.STATUS: ok, Command.SAM_ID: None}))
    assert came.sam_id is None and "SAM id: no answer within 0.50 s" in came.reason
    came = bring_up(answers({Command.RESET: ok, Command.STATUS: ok, Command.SAM_ID: Response(0, 0, SW3.BAD_COMMAND)}))
    assert "SAM id refused (SW3 21)" in came.reason
    with pytest.raises(SamSelfTestFailed):
        bring_up(answers({Command.RESET: ok, Command.STATUS: Response(0, 0, SW3.SAM_SELF_TEST_FAILED),
                          Command.SAM_ID: sam}))
    with pytest.raises(SamSelfTestFailed):
        bring_up(answers({Command.RESET: ok, Command.STATUS: ok, Command.SAM_ID: Response(0, 0, 0x60)}))
    with pytest.raises(BringUpFailed, match=r"reset: no answer.*SAM status: no answer.*SAM id: no answer"):
        bring_up(answers({Command.RESET: None, Command.STATUS: None, Command.SAM_ID: None}))


@pytest.mark.parametrize(("reset", "status", "id_len"), [(Reply.UNSUPPORTED, Reply.UNSUPPORTED, 8), (Reply.SILENT, Reply.OK, 16)])
def test_probe_status_is_as_tolerant(tmp_path: Path, reset: Reply, status: Reply, id_len: int) -> None:
    with IdCardSimulator(tmp_path / "idc", modes=SimModes(reset=reset, status=status, sam_id_len=id_len)) as sim:
        status_now, reason = probe_status(sim.port)
    assert status_now.device is DeviceState.ONLINE and status_now.sam_id is not None
    assert ("not supported" in reason) or ("no answer" in reason)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_read_card_on_a_reader_answering_reset_21_reads(tmp_path: Path) -> None:
    with IdCardSimulator(tmp_path / "idc", modes=SimModes(reset=Reply.UNSUPPORTED, sam_id_len=8)) as sim:
        sim.place("resident_zhang_wei")
        code, out, err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "5", "--json")
    assert code == 0, err
    assert json.loads(out)["card_type"] == "resident"


def test_read_card_names_what_each_step_did_when_nothing_answers(tmp_path: Path) -> None:
    with IdCardSimulator(tmp_path / "idc") as sim:
        sim.inject(Fault.NO_REPLY)
        code, out, err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "6")
    assert code == 4 and out == ""
    assert err.count("\n") == 1, err
    assert "reset: no answer within" in err and "SAM status: no answer" in err and "SAM id: no answer" in err


def test_read_card_on_sw3_41_prints_one_line_and_no_stray_log_line(tmp_path: Path) -> None:
    """Issue 14 item 9: the driver's warning reached stderr through logging's last-resort handler."""
    with IdCardSimulator(tmp_path / "idc") as sim:
        sim.place("resident_li_na")
        sim.inject(Fault.READ_FAILURE)
        code, out, err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "1.5")
    assert code == 3 and out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("error: No card read") and "SW3 41" in err


def test_mode_control_line(tmp_path: Path) -> None:
    sim = IdCardSimulator(tmp_path / "idc")
    assert sim.control("mode reset=silent sam_id_len=8 rearm_find=on") == (
        "ok reset=silent status=ok sam_id_len=8 select_needs_fresh_find=False rearm_find=True sam_delay=0.0"
    )
    assert sim.modes.reset is Reply.SILENT and sim.rearm_find
    assert sim.control("mode sam_id_len=9").startswith("error: sam_id_len: 8 or 16")  # type: ignore[union-attr]
    assert sim.control("mode colour=red").startswith("error: unknown mode 'colour'")  # type: ignore[union-attr]
    assert sim.control("mode rearm_find=maybe") == "error: rearm_find: bad value 'maybe'"
    assert sim.control("mode reset").startswith("error: expected key=value")  # type: ignore[union-attr]
