"""The audit chain head pushed to the hall database, and `audit verify` against it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from kiosk.cli.main import cli
from kiosk.persistence.db import make_engine
from kiosk.services.anchors import HallAnchors, HallHead, hall_anchors_for
from kiosk.services.audit import AuditLog, anchor_path, read_anchor

from .conftest import World


@pytest.fixture
def hall_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hall.db'}"


@pytest.fixture
def hall(world: World, hall_url: str) -> HallAnchors:
    config = dataclasses.replace(world.config, audit=dataclasses.replace(world.config.audit, anchor_url=hall_url))
    anchors = hall_anchors_for(config, world.factory.kw["bind"])
    assert anchors is not None
    yield anchors
    anchors.close()


@pytest.fixture
def log(world: World, hall: HallAnchors) -> AuditLog:
    a = AuditLog(world.factory, world.clock, secrets_dir=world.config.secrets_dir, chain=world.config.kiosk.id,
                 hall=hall)
    for i in range(5):
        a.append("kiosk", f"test.{i}", {"n": i})
    assert hall.flush(10), "the head was not pushed"
    return a


def test_each_commit_pushes_the_head_to_the_hall_database(world: World, log: AuditLog, hall: HallAnchors) -> None:
    local = read_anchor(world.config.secrets_dir, world.config.kiosk.id)
    assert local is not None and hall.read() == HallHead(local.id, local.hash) == HallHead(5, log.last(1)[0].hash)
    result = log.verify()
    assert result.ok and "hall database head #5" in result.message and "matches" in result.message, result.message
    log.append("kiosk", "test.5", {})
    assert hall.flush(10) and hall.read() == HallHead(6, log.last(1)[0].hash)
    hall.push(HallHead(2, "0" * 64))  # never moved backwards
    assert hall.read() is not None and hall.read().id == 6  # type: ignore[union-attr]


def test_an_end_cut_off_with_the_local_anchor_rewritten_is_caught_by_the_hall(world: World, log: AuditLog) -> None:
    """GIVEN someone who can write both the database and the secrets directory WHEN they delete the
    last two entries and write the anchor file back to entry 3 THEN the secrets-directory anchor is
    satisfied but the hall database's is not: verify names the entries cut off."""
    third = log.last(3)[0]
    with world.factory() as db:
        db.execute(text("DELETE FROM audit_log WHERE id > 3"))
        db.commit()
    anchor_path(world.config.secrets_dir).write_text(json.dumps({"id": 3, "hash": third.hash}) + "\n")
    result = log.verify()
    assert not result.ok and result.first_broken_id == 4
    assert "hall database anchors entry 5" in result.message and "entries 4-5 cut off" in result.message


def test_a_replaced_chain_and_a_deleted_anchor_file_are_caught_by_the_hall(world: World, log: AuditLog) -> None:
    """GIVEN the anchor file deleted and entry 5's hash replaced in the hall's view of things THEN
    verify says the chain is not the one the hall database anchors."""
    anchor_path(world.config.secrets_dir).unlink()
    assert log.hall is not None
    with log.hall.engine.begin() as conn:
        conn.execute(text("UPDATE audit_anchors SET entry_hash = :h"), {"h": "f" * 64})
    result = log.verify()
    assert not result.ok and result.first_broken_id == 5 and "hall database anchors" in result.message


def test_an_unreachable_hall_database_is_said_in_one_line_and_never_delays_a_commit(world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a hall database that cannot be opened WHEN entries are appended THEN they commit (the
    push waits in its worker), and verify says the hall database cannot be read."""
    missing = tmp_path / "no-such-dir" / "hall.db"
    hall = HallAnchors(make_engine(f"sqlite:///{missing}"), world.config.kiosk.id, where=str(missing))
    try:
        a = AuditLog(world.factory, world.clock, secrets_dir=world.config.secrets_dir, chain=world.config.kiosk.id,
                 hall=hall)
        a.append("kiosk", "test.0", {})
        assert not hall.flush(0.5)
        result = a.verify()
        assert not result.ok and "hall database" in result.message and "cannot be read" in result.message
        assert "\n" not in result.message
    finally:
        hall.close()


def test_cli_verify_checks_the_hall_anchor(world: World, log: AuditLog, hall_url: str, tmp_path: Path) -> None:
    url = str(world.factory.kw["bind"].url)
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path}"\n[database]\nurl = "{url}"\n'
                   f'[secrets]\ndir = "{world.config.secrets_dir}"\n[audit]\nanchor_url = "{hall_url}"\n',
                   encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(cli, ["--config", str(cfg), "audit", "verify"])
    assert ok.exit_code == 0 and "hall database head #5" in ok.output, ok.output
    with world.factory() as db:
        db.execute(text("DELETE FROM audit_log WHERE id = 5"))
        db.commit()
    anchor_path(world.config.secrets_dir).unlink()
    bad = runner.invoke(cli, ["--config", str(cfg), "audit", "verify"])
    assert bad.exit_code == 1 and "hall database anchors entry 5" in bad.output, bad.output


def test_no_hall_database_on_a_lone_sqlite_kiosk(world: World) -> None:
    assert hall_anchors_for(world.config, world.factory.kw["bind"]) is None


@pytest.mark.postgres
def test_a_kiosk_on_postgresql_pushes_to_its_own_database(pg_engine, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    from kiosk.persistence.migrate import upgrade

    upgrade(pg_engine)
    hall = hall_anchors_for(kiosk_config, pg_engine)
    assert hall is not None and hall.engine is pg_engine
    hall.submit(HallHead(7, "a" * 64))
    try:
        assert hall.flush(10) and hall.read() == HallHead(7, "a" * 64)
    finally:
        hall.close()
