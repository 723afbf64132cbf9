"""`kiosk device read-card`, `kiosk device idcard-status` and `kiosk sim idcard`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kiosk.cli.cmd_idcard  # noqa: F401  (registers the commands on the groups)
from devices.idcard.simulator import Fault, IdCardSimulator
from kiosk.cli.groups import cli

pytestmark = pytest.mark.pty

REPO = Path(__file__).resolve().parents[3]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_read_card_json(sim: IdCardSimulator) -> None:
    sim.place("resident_zhaxi_dunzhu")
    code, out, _err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "3", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "card_type", "name", "sex", "nation", "birth_date", "address", "id_number",
        "issuing_authority", "valid_from", "valid_to", "long_term",
    }  # fmt: skip
    assert data["card_type"] == "resident" and data["name"] == "扎西顿珠" and data["sex"] == "男"
    assert data["birth_date"] == "1970-12-30" and data["valid_to"] is None and data["long_term"] is True


def test_read_card_text_output(sim: IdCardSimulator) -> None:
    sim.place("foreign_permanent_smith")
    code, out, _err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "3")
    assert code == 0
    assert "foreign_permanent" in out and "SMITH, JOHN ALEXANDER" in out and "1024 bytes" in out


def test_read_card_without_a_card_exits_3_with_one_line(sim: IdCardSimulator) -> None:
    code, out, err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "0.5")
    assert code == 3 and out == ""
    assert err.startswith("error: No ID card") and err.count("\n") == 1


def test_read_card_without_a_device_exits_4(tmp_path: Path) -> None:
    code, _out, err = _invoke("device", "read-card", "--port", str(tmp_path / "none"), "--timeout", "2")
    assert code == 4
    assert err.startswith("error: Cannot open the ID card reader") and err.count("\n") == 1


def test_read_card_with_invalid_data_exits_5(sim: IdCardSimulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a card whose ID number fails its check digit WHEN read THEN exit 5 and the reason."""
    spec = sim.place("resident_li_na")
    block = bytearray(spec.text_block())
    block[122:158] = "310104199208210108".encode("utf-16-le")
    monkeypatch.setattr(sim, "_blocks", lambda card: (bytes(block), spec.photo()))
    code, _out, err = _invoke("device", "read-card", "--port", sim.port, "--timeout", "3")
    assert code == 5
    assert "check digit" in err and err.count("\n") == 1


def test_read_card_rejects_a_bad_timeout() -> None:
    code, _out, err = _invoke("device", "read-card", "--port", "/dev/null", "--timeout", "0")
    assert code == 2 and "--timeout" in err


def test_idcard_status(sim: IdCardSimulator, tmp_path: Path) -> None:
    code, out, _err = _invoke("device", "idcard-status", "--port", sim.port, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["device"], data["card"], data["sam_id"]) == ("online", "absent", "05.01-20101111-0001234567-1234567890")
    sim.place("resident_li_na")
    code, out, _err = _invoke("device", "idcard-status", "--port", sim.port)
    assert code == 0 and "present" in out
    sim.inject(Fault.SAM_FAILURE)
    code, out, _err = _invoke("device", "idcard-status", "--port", sim.port, "--json")
    assert code == 1 and json.loads(out)["device"] == "hardware_error"
    code, out, _err = _invoke("device", "idcard-status", "--port", str(tmp_path / "none"))
    assert code == 1 and "no_device" in out


def test_sim_idcard_subprocess_against_read_card(tmp_path: Path) -> None:
    """GIVEN `kiosk sim idcard` running with a sample card WHEN read-card reads from its link
    THEN the card comes back; line commands lift it and fault the reader; quit removes the link."""
    link = tmp_path / "idc"
    code = "import kiosk.cli.cmd_idcard; from kiosk.cli.groups import cli; cli()"
    with subprocess.Popen(
        [sys.executable, "-c", code, "sim", "idcard", "--link", str(link), "--card", "resident_zhang_wei"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as proc:  # fmt: skip
        try:
            _drive_simulator(proc, link)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert not link.exists() and not link.is_symlink()


def _drive_simulator(proc: subprocess.Popen[str], link: Path) -> None:
    assert proc.stdin and proc.stdout
    stdin, stdout = proc.stdin, proc.stdout

    def say(line: str) -> str:
        stdin.write(line + "\n")
        stdin.flush()
        return stdout.readline().strip()

    tty = stdout.readline().strip()
    assert tty.startswith("/dev/") and os.path.realpath(link) == tty
    code, out, _err = _invoke("device", "read-card", "--port", str(link), "--json", "--timeout", "3")
    assert code == 0 and json.loads(out)["id_number"] == "110105198503120119"
    assert say("lift") == "ok lifted"
    assert _invoke("device", "read-card", "--port", str(link), "--timeout", "0.5")[0] == 3
    assert say("place resident_li_na") == "ok placed resident card"
    assert say("fault bogus").startswith("error:")
    assert say("fault split delay=0.01") == "ok fault split on"
    out = _invoke("device", "read-card", "--port", str(link), "--json", "--timeout", "3")[1]
    assert json.loads(out)["name"] == "李娜"
    assert say("clear") == "ok cleared"
    assert say("unplug") == "ok unplugged"
    assert say("status").endswith("connected=False")
    assert say("replug").startswith("ok replugged /dev/")
    assert say("nonsense").startswith("error: unknown command")
    stdin.write("quit\n")
    stdin.flush()
    assert proc.wait(5) == 0


def test_sim_idcard_ends_when_stdin_closes(tmp_path: Path) -> None:
    link = tmp_path / "idc"
    result = subprocess.run(
        [sys.executable, "-c", "import kiosk.cli.cmd_idcard; from kiosk.cli.groups import cli; cli()",
         "sim", "idcard", "--link", str(link)],
        input="", capture_output=True, text=True, timeout=10, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("/dev/")
    assert not link.is_symlink()


def test_sim_idcard_refuses_an_unknown_card(tmp_path: Path) -> None:
    code, _out, err = _invoke("sim", "idcard", "--link", str(tmp_path / "idc"), "--card", "nobody")
    assert code == 1 and err.startswith("error: Cannot place nobody")
