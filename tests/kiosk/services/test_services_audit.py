"""The hash-chained audit log and ``kiosk audit verify / show``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from kiosk.cli.main import cli
from kiosk.services.audit import GENESIS, AuditLog

from .conftest import World


@pytest.fixture
def log(world: World) -> AuditLog:
    a = AuditLog(world.factory, world.clock)
    for i in range(5):
        a.append("kiosk", f"test.{i}", {"n": i, "id": "440305********5130"})
    return a


def test_intact_chain_verifies(log: AuditLog) -> None:
    result = log.verify()
    assert result.ok and result.first_broken_id is None and result.checked == 5
    ok, broken, message = result
    assert ok and broken is None and "5 entries" in message
    entries = log.last(5)
    assert entries[0].id == 1 and [e.action for e in entries] == [f"test.{i}" for i in range(5)]


@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        ("UPDATE audit_log SET detail = json_set(detail, '$.n', 99) WHERE id = 3", 3),
        ("UPDATE audit_log SET actor = 'mallory' WHERE id = 2", 2),
        ("UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 4", 4),
        ("DELETE FROM audit_log WHERE id = 2", 3),
        ("UPDATE audit_log SET prev_hash = '" + GENESIS + "' WHERE id = 5", 5),
    ],
    ids=["detail", "actor", "time", "deleted", "relinked"],
)
def test_tampering_names_the_first_broken_entry(world: World, log: AuditLog, sql: str, broken: int) -> None:
    """GIVEN an intact chain WHEN a row is edited or deleted with SQL THEN verify names the first broken entry."""
    with world.factory() as db:
        db.execute(text(sql))
        db.commit()
    result = log.verify()
    assert not result.ok and result.first_broken_id == broken
    assert f"entry {broken}" in result.message


def test_recomputing_one_hash_is_still_caught_at_the_next_entry(world: World, log: AuditLog) -> None:
    """GIVEN a forger who edits entry 2 and fixes its own hash WHEN verify runs THEN entry 3 no longer links."""
    from kiosk.services.audit import entry_hash

    with world.factory() as db:
        row = db.execute(text("SELECT id, at, actor, action, prev_hash FROM audit_log WHERE id = 2")).one()
        import datetime as dt

        at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(row.at)
        new_hash = entry_hash(2, at, "mallory", row.action, {"n": 1, "id": "440305********5130"}, row.prev_hash)
        db.execute(text("UPDATE audit_log SET actor='mallory', hash=:h WHERE id=2"), {"h": new_hash})
        db.commit()
    assert log.verify().first_broken_id == 3


def _config_file(world: World, tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = str(world.factory.kw["bind"].url)
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "{tmp_path}"\n[database]\nurl = "{url}"\n', encoding="utf-8")
    return str(path)


def test_cli_verify_and_show(world: World, log: AuditLog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = _config_file(world, tmp_path)
    runner = CliRunner()
    ok = runner.invoke(cli, ["--config", cfg, "audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact: 5 entries" in ok.output
    shown = runner.invoke(cli, ["--config", cfg, "audit", "show", "--last", "2"])
    assert shown.exit_code == 0 and "test.3" in shown.output and "test.4" in shown.output
    assert "test.2" not in shown.output
    with world.factory() as db:
        db.execute(text("UPDATE audit_log SET action = 'test.x' WHERE id = 4"))
        db.commit()
    bad = runner.invoke(cli, ["--config", cfg, "audit", "verify"])
    assert bad.exit_code == 1
    assert "entry 4" in bad.output


def test_services_write_audit_entries_with_masked_data(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    from .conftest import ID_NUMBER, NAME

    logged_in.end_session("logout")
    entries = logged_in.audit.last(10)
    assert [e.action for e in entries] == ["session.start", "session.end"]
    assert all(ID_NUMBER not in str(e.detail) and NAME not in str(e.detail) for e in entries)
    assert logged_in.audit.verify().ok
