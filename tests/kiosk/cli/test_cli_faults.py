"""Issue 14, defect 6: every command under every environment fault says one line, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli.main import cli

UNREACHABLE_PG = "postgresql+psycopg://kiosk:pw@127.0.0.1:9/kiosk?connect_timeout=2"


def _config(tmp: Path, **sections: dict[str, str]) -> Path:
    sections.setdefault("kiosk", {}).setdefault("data_dir", str(tmp / "data"))
    lines = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f'{k} = "{v}"' for k, v in values.items()]
    path = tmp / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pg_down(tmp: Path) -> Path:
    return _config(tmp, database={"url": UNREACHABLE_PG})


def _data_dir_is_a_file(tmp: Path) -> Path:
    (tmp / "plain").write_text("x")
    return _config(tmp, kiosk={"data_dir": str(tmp / "plain")})


def _data_dir_uncreatable(tmp: Path) -> Path:
    (tmp / "plain").write_text("x")
    return _config(tmp, kiosk={"data_dir": str(tmp / "plain" / "data")})


def _secrets_uncreatable(tmp: Path) -> Path:
    (tmp / "plain").write_text("x")
    return _config(tmp, secrets={"dir": str(tmp / "plain" / "secrets")})


def _not_a_database(tmp: Path) -> Path:
    (tmp / "data").mkdir()
    (tmp / "data" / "kiosk.db").write_bytes(b"this is not an SQLite file at all, just text\n" * 100)
    return _config(tmp)


def _logs_dir_is_a_file(tmp: Path) -> Path:
    (tmp / "data").mkdir()
    (tmp / "data" / "logs").write_text("x")
    return _config(tmp)


def _migrated(tmp: Path) -> Path:
    cfg = _config(tmp)
    assert CliRunner().invoke(cli, ["--config", str(cfg), "db", "upgrade"]).exit_code == 0
    return cfg


FAULTS: list[tuple[str, Callable[[Path], Path], list[str]]] = [
    ("pg-down-db-status", _pg_down, ["db", "status"]),
    ("pg-down-db-upgrade", _pg_down, ["db", "upgrade"]),
    ("pg-down-audit-verify", _pg_down, ["audit", "verify"]),
    ("pg-down-audit-show", _pg_down, ["audit", "show"]),
    ("data-dir-file-upgrade", _data_dir_is_a_file, ["db", "upgrade"]),
    ("data-dir-file-status", _data_dir_is_a_file, ["db", "status"]),
    ("data-dir-uncreatable-upgrade", _data_dir_uncreatable, ["db", "upgrade"]),
    ("data-dir-uncreatable-verify", _data_dir_uncreatable, ["audit", "verify"]),
    ("secrets-uncreatable-slip", _secrets_uncreatable, ["slip", "render", "test-slip", "--out", "{tmp}/t.txt"]),
    ("not-a-database-status", _not_a_database, ["db", "status"]),
    ("not-a-database-upgrade", _not_a_database, ["db", "upgrade"]),
    ("not-a-database-verify", _not_a_database, ["audit", "verify"]),
    ("not-a-database-slip", _not_a_database, ["slip", "render", "test-slip", "--out", "{tmp}/t.txt"]),
    ("not-a-database-code", _not_a_database, ["verify", "ABCD-EFGH-JKLM"]),
    ("bad-revision", _migrated, ["db", "upgrade", "--revision", "zzz"]),
    ("slip-out-under-a-file", _migrated, ["slip", "render", "test-slip", "--out", "{tmp}/kiosk.toml/t.pdf"]),
    ("sim-link-missing-dir", _migrated, ["sim", "idcard", "--link", "{tmp}/no/such/dir/ttyID"]),
]


@pytest.mark.parametrize(("setup", "args"), [(f[1], f[2]) for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_fault_gives_one_error_line(tmp_path: Path, setup: Callable[[Path], Path], args: list[str]) -> None:
    """GIVEN an environment fault WHEN the command runs THEN one `error:` line and a non-zero exit."""
    cfg = setup(tmp_path)
    argv = ["--config", str(cfg), *[a.replace("{tmp}", str(tmp_path)) for a in args]]
    result = CliRunner().invoke(cli, argv, input="")
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), f"traceback: {result.exc_info}"
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_data_dir(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir(mode=0o500)
    cfg = _config(tmp_path, kiosk={"data_dir": str(tmp_path / "ro" / "data")})
    result = CliRunner().invoke(cli, ["--config", str(cfg), "db", "upgrade"])
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1

