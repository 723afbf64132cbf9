"""The printer commands: sim printer, device printer-status, device test-print."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.escpos import PrinterSimulator
from kiosk.cli.main import cli

pytestmark = pytest.mark.pty

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run with a data directory of the test's own, never ./var of whoever runs pytest."""
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(cfg))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_printer_status_json_keys(printer_sim: PrinterSimulator) -> None:
    code, out, _ = run("device", "printer-status", "--port", printer_sim.port, "--json")
    assert code == 0
    assert json.loads(out) == {
        "online": True,
        "cover_open": False,
        "paper": "ok",
        "cutter_error": False,
        "unrecoverable_error": False,
        "auto_recoverable_error": False,
        "transport": "serial",
        "identity": {
            "model": "KIOSK-SIM 80", "firmware": "1.00 SIM", "fonts": "CHINA GB18030", "type_id": 3,
            "chinese_font": True,
        },
        "confirmation": "gs_r",
    }


def test_printer_status_near_end_is_ready_and_out_is_not(printer_sim: PrinterSimulator) -> None:
    printer_sim.set_paper("near_end")
    code, out, _ = run("device", "printer-status", "--port", printer_sim.port)
    assert code == 0 and "ready (paper near end)" in out
    printer_sim.set_paper("out")
    code, out, _ = run("device", "printer-status", "--port", printer_sim.port, "--json")
    assert code == 1 and json.loads(out)["paper"] == "out"


def test_test_print_prints_the_slip(printer_sim: PrinterSimulator) -> None:
    code, out, _ = run("device", "test-print", "--port", printer_sim.port)
    assert code == 0, out
    receipt = printer_sim.wait_for_receipt(1, 3)
    assert receipt is not None
    text = receipt.text
    assert "KIOSK-DEMO-01" in text and "打印测试" in text and "税收完税证明" in text
    assert "[QR:https://verify.example.invalid/v/" in text and "[BARCODE:KIOSK-DEMO-01]" in text
    assert text.splitlines()[-1].endswith("CUT]")


def test_test_print_registers_the_slip_when_the_database_exists(printer_sim: PrinterSimulator) -> None:
    """With this kiosk's database the test slip is issued like any document, so `kiosk verify` knows it."""
    assert run("db", "upgrade")[0] == 0
    code, out, _ = run("device", "test-print", "--port", printer_sim.port)
    # numbered like every document: <tax office>-<year>-<number> (docs/fleet.md)
    assert code == 0 and re.search(r"test slip \d{11}-\d{4}-\d{8} printed", out), out
    receipt = printer_sim.wait_for_receipt(1, 3)
    assert receipt is not None
    verify_url = next(ln for ln in receipt.text.splitlines() if ln.startswith("[QR:"))
    code_chars = verify_url.removeprefix("[QR:").removesuffix("]").rsplit("/", 1)[1]
    code, out, _ = run("verify", code_chars)
    assert code == 0 and out.startswith("GENUINE: 打印测试页")


def test_test_print_refuses_with_a_one_line_reason_when_not_ready(printer_sim: PrinterSimulator) -> None:
    printer_sim.cover(True)
    code, _out, err = run("device", "test-print", "--port", printer_sim.port)
    assert code == 1
    assert err.strip() == "error: printer not ready: printer cover open"
    assert printer_sim.receipts == []


def test_test_print_on_a_missing_port(tmp_path: Path) -> None:
    code, _, err = run("device", "test-print", "--port", str(tmp_path / "none"))
    assert code == 1 and err.startswith("error: printer not ready: printer not connected")


def test_sim_printer_command_writes_receipts_and_obeys_stdin(tmp_path: Path) -> None:
    """GIVEN `kiosk sim printer` running WHEN a test slip is printed and then the paper runs out
    THEN NNNN.txt and NNNN.png appear and printer-status sees the paper out."""
    link, out_dir = tmp_path / "printer", tmp_path / "out"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with subprocess.Popen(
        [sys.executable, "-c", "from kiosk.cli.main import cli; cli()", "sim", "printer",
         "--link", str(link), "--out", str(out_dir), "--width", "58"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
    ) as proc:  # fmt: skip
        try:
            assert proc.stdout is not None and proc.stdin is not None
            first = proc.stdout.readline()
            assert "printer simulator (58 mm)" in first
            code, out, err = run("device", "test-print", "--port", str(link), "--width", "58")
            assert code == 0, out + err
            deadline = time.monotonic() + 5
            while not (out_dir / "0001.png").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert (out_dir / "0001.txt").read_text(encoding="utf-8").rstrip().endswith("CUT]")
            assert (out_dir / "0001.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            proc.stdin.write("paper out\n")
            proc.stdin.flush()
            replies = {proc.stdout.readline().strip() for _ in range(2)}  # the two may come in either order
            assert "ok paper out" in replies and any(r.startswith("receipt 0001") for r in replies)
            code, out, _ = run("device", "printer-status", "--port", str(link), "--json")
            assert code == 1 and json.loads(out)["paper"] == "out"
            proc.stdin.write("quit\n")
            proc.stdin.flush()
            assert proc.wait(5) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
