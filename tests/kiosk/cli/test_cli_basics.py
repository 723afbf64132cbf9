"""CLI help and exit codes: every command answers --help, user mistakes exit non-zero with one line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk import __version__
from kiosk.cli.main import cli


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append((*prefix, name))
        if isinstance(cmd, click.Group):
            out.extend(_all_commands(cmd, (*prefix, name)))
    return out


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("path", _all_commands(cli), ids=lambda p: " ".join(p))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_groups_exist() -> None:
    assert {"db", "config", "device", "sim", "calc", "slip", "audit"} <= set(cli.commands)


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_config_check_bad_file_one_line_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[devices.printer]\npaper_width = 76\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", "check", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: devices.printer.paper_width: expected 58 or 80, got 76 (in {bad})"
    ]
    assert "Traceback" not in result.output


def test_config_check_shows_effective_values_without_secrets(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[database]\nurl = "postgresql+psycopg://kiosk:pw123@db/kiosk"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "configuration OK" in result.output
    assert "[devices.printer]" in result.output
    assert "pw123" not in result.output


def test_db_upgrade_seed_status(tmp_path: Path) -> None:
    """GIVEN a config pointing at an empty directory WHEN upgrade, seed, seed again THEN data once, no error."""
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(cli, ["--config", str(cfg), "db", "seed", "--demo"])
    assert r.exit_code == 1 and "kiosk db upgrade" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "upgrade"])
    assert r.exit_code == 0 and "migrated from empty" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "upgrade"])
    assert r.exit_code == 0 and "already at" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "seed", "--demo", "--taxpayers", "12"])
    assert r.exit_code == 0, r.output
    assert "seeded 12 taxpayers" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "seed", "--demo", "--taxpayers", "12"])
    assert r.exit_code == 1 and "--replace" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "seed", "--demo", "--if-empty"])
    assert r.exit_code == 0 and "nothing done" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "db", "status"])
    assert r.exit_code == 0
    assert "taxpayers" in r.output and "12" in r.output


def test_seed_without_demo_flag_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "seed"])
    assert result.exit_code == 2
    assert "--demo" in result.output


def test_staff_add_stores_only_a_hash(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["--config", str(cfg), "db", "upgrade"]).exit_code == 0
    r = runner.invoke(cli, ["--config", str(cfg), "staff", "add", "t007", "--name", "王工"], input="86420975\n86420975\n")
    assert r.exit_code == 0 and "staff account T007 ready" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "staff", "add", "t008", "--name", "x", "--pin", "12"])
    assert r.exit_code == 2 and "4 to 12 digits" in r.output
    db_bytes = (tmp_path / "data" / "kiosk.db").read_bytes() + b"".join(
        p.read_bytes() for p in (tmp_path / "data").glob("kiosk.db-wal"))
    assert b"86420975" not in db_bytes  # 8 digits: a chance match in the hex hash is ~1e-8
