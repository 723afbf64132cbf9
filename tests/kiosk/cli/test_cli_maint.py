"""``kiosk maint``: JSON output against a seeded database, bad arguments, the self-test's exit code
with the printer simulator on a real pty (healthy, then out of paper)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.escpos.simulator import PrinterSimulator
from kiosk.cli.main import cli
from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.persistence.models import ConsumableCounter, KioskCounter, PrintJob


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Path]:
    """A migrated kiosk database with 3 slips printed, 7 card reads and 120 mm of paper on this roll."""
    data = tmp_path / "data"
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{data}"\n\n[maintenance]\nexport_dir = "{tmp_path}"\n', encoding="utf-8")
    engine = make_engine(f"sqlite:///{data / 'kiosk.db'}")
    upgrade(engine)
    with session_factory(engine)() as db:
        db.add_all([PrintJob(id=f"job-{i}", state="printed") for i in range(3)])
        db.add(KioskCounter(name="card_reads", total=7, at_roll_change=0))
        db.add(ConsumableCounter(name="paper_roll", used=120, capacity=80_000))
        db.commit()
    engine.dispose()
    yield cfg


def run(cfg: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(cfg), "maint", *args])
    return result.exit_code, result.output


def test_counters_json(kiosk: Path) -> None:
    code, out = run(kiosk, "counters", "--json")
    assert code == 0, out
    c = json.loads(out)
    assert c["slips_printed"] == {"since_roll_change": 3, "total": 3}
    assert c["card_reads"]["total"] == 7 and c["paper_used_mm"]["since_roll_change"] == 120
    assert c["paper_left_mm"] == 80_000 - 120


def test_paper_changed_then_counters(kiosk: Path) -> None:
    assert run(kiosk, "paper-changed")[0] == 0
    c = json.loads(run(kiosk, "counters", "--json")[1])
    assert c["paper_used_mm"] == {"since_roll_change": 0, "total": 120}
    assert c["card_reads"] == {"since_roll_change": 0, "total": 7}
    assert c["slips_printed"]["total"] == 3


def test_journal_export_and_verify(kiosk: Path, tmp_path: Path) -> None:
    code, out = run(kiosk, "journal", "--json", "--since", "7d")
    assert code == 0 and out == ""  # the seeded kiosk has no transactions yet
    run(kiosk, "paper-changed")  # something in the log or journal is not needed for an export
    out_file = tmp_path / "export.jsonl"
    code, out = run(kiosk, "export", "--since", "2020-01-01", "--out", str(out_file))
    assert code == 0, out
    assert run(kiosk, "verify-export", str(out_file))[0] == 0
    out_file.write_bytes(out_file.read_bytes() + b"{}\n")
    code, out = run(kiosk, "verify-export", str(out_file))
    assert code == 1 and "altered" in out


@pytest.mark.parametrize(
    "args",
    [
        ("journal", "--since", "yesterday"),
        ("journal", "--limit", "0"),
        ("journal", "--bogus"),
        ("export", "--out", "x.jsonl"),
        ("export", "--since", "1h", "--out", "/no/such/folder/x.jsonl"),
        ("export", "--since", "soon", "--out", "x.jsonl"),
        ("report", "--pdf", "/no/such/folder/r.pdf"),
        ("verify-export", "/no/such/file.jsonl"),
        ("counters", "--xml"),
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_arguments_exit_2_with_one_line(kiosk: Path, args: tuple[str, ...]) -> None:
    code, out = run(kiosk, *args)
    assert code == 2, out
    assert "Traceback" not in out
    assert "error" in out.lower()


@pytest.mark.pty
def test_selftest_passes_on_a_healthy_simulated_kiosk_and_fails_without_paper(kiosk: Path) -> None:
    """GIVEN the printer simulator on a pty WHEN it has paper THEN selftest exits 0; WHEN it is out of
    paper THEN exit 1 and the printer check says why."""
    with PrinterSimulator() as printer:
        port = printer.port
        text = kiosk.read_text(encoding="utf-8") + f'\n[devices.printer]\nport = "{port}"\n'
        kiosk.write_text(text, encoding="utf-8")
        code, out = run(kiosk, "selftest", "--json")
        assert code == 0, out
        result = json.loads(out)
        assert result["ok"] and {c["name"] for c in result["checks"]} == {"reader", "printer", "database", "clock"}
        printer.set_paper("out")
        code, out = run(kiosk, "selftest", "--json")
        assert code == 1, out
        failed = [c for c in json.loads(out)["checks"] if not c["ok"]]
        assert [c["name"] for c in failed] == ["printer"] and "paper" in failed[0]["detail"]


@pytest.mark.pty
def test_report_json_and_pdf(kiosk: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    code, out = run(kiosk, "report", "--json", "--pdf", str(pdf))
    assert code == 0, out
    r = json.loads(out)
    assert r["ready"] is True and len(r["verification_code"]) == 16 and r["technician_code"].startswith("cli:")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_staff_add_technician_with_card(kiosk: Path) -> None:
    """``kiosk staff add --role technician --id-number N`` stores a keyed hash of N, and that card is
    then known to the maintenance services as T009's."""
    from kiosk.cli.cmd_maint import open_services
    from kiosk.config import load_config

    card = "110101198001010037"
    result = CliRunner().invoke(cli, ["--config", str(kiosk), "staff", "add", "T009", "--name", "王五",
                                      "--role", "technician", "--id-number", card, "--pin", "135790"])
    assert result.exit_code == 0, result.output
    svc = open_services(load_config(kiosk))
    view = svc.staff_by_card(card)
    assert view is not None and view.code == "T009" and view.role.value == "technician"
    bad = CliRunner().invoke(cli, ["--config", str(kiosk), "staff", "add", "T010", "--name", "x",
                                   "--id-number", "123", "--pin", "135790"])
    assert bad.exit_code == 2 and "error:" in bad.output
