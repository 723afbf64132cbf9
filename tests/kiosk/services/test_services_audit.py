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
    a = AuditLog(world.factory, world.clock, secrets_dir=world.config.secrets_dir, chain=world.config.kiosk.id)
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
        ("DELETE FROM audit_log WHERE id = 5", 5),  # the end cut off: the anchor still names entry 5
        ("UPDATE audit_log SET detail = '{not json' WHERE id = 2", 2),
        ("UPDATE audit_log SET at = 'yesterday-ish' WHERE id = 3", 3),
        ("UPDATE audit_log SET prev_hash = '" + GENESIS + "' WHERE id = 5", 5),
    ],
    ids=["detail", "actor", "time", "deleted", "cut-off", "bad-json", "bad-time", "relinked"],
)
def test_tampering_names_the_first_broken_entry(world: World, log: AuditLog, sql: str, broken: int) -> None:
    """GIVEN an intact chain WHEN a row is edited or deleted with SQL THEN verify names the first broken entry."""
    with world.factory() as db:
        db.execute(text(sql))
        db.commit()
    result = log.verify()
    assert not result.ok and result.first_broken_id == broken
    assert f"entry {broken}" in result.message
    assert log.last(10)  # reading the damaged log never raises either


def _forge(world: World, entries: list[tuple[int, str, dict]]) -> None:  # type: ignore[type-arg]
    """A database writer without the audit key: rewrites rows from ``entries`` with plain SHA-256 hashes
    recomputed over the whole chain, as the old unkeyed scheme allowed."""
    import datetime as dt
    import hashlib

    from kiosk.services.audit import canonical

    with world.factory() as db:
        db.execute(text("DELETE FROM audit_log"))
        prev = GENESIS
        at = dt.datetime(2025, 5, 12, 2, 0)
        chain = world.config.kiosk.id
        for entry_id, action, detail in entries:
            body = canonical({"chain": chain, "id": entry_id, "at": at.isoformat(timespec="microseconds"),
                              "actor": "kiosk", "action": action, "detail": detail, "prev_hash": prev})
            digest = hashlib.sha256((prev + body).encode()).hexdigest()
            db.execute(text("INSERT INTO audit_log (id, chain, seq, at, actor, action, detail, prev_hash, hash) "
                            "VALUES (:i, :c, :i, :at, 'kiosk', :a, :d, :p, :h)"),
                       {"i": entry_id, "c": chain, "at": at, "a": action, "d": canonical(detail), "p": prev,
                        "h": digest})
            prev = digest
        db.commit()


@pytest.mark.parametrize(
    "plan",
    [
        [(i + 1, f"test.{i}", {"n": 99 if i == 2 else i, "id": "440305********5130"}) for i in range(5)],
        [(i + 1, f"test.{i}", {"n": i, "id": "440305********5130"}) for i in range(5)]
        + [(6, "payment.refund", {"amount": "99999.00"})],
        [(n, f"test.{i}", {"n": i, "id": "440305********5130"}) for n, i in enumerate([0, 1, 3, 4], start=1)],
    ],
    ids=["edited-and-rehashed", "appended", "deleted-and-renumbered"],
)
def test_a_database_writer_without_the_key_cannot_rewrite_the_chain(world: World, log: AuditLog, plan) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an intact keyed chain WHEN someone with only database access rewrites it with every hash
    recomputed (an edit, an appended entry, a deletion with the later entries renumbered)
    THEN verify refuses it and names entry 1, the first one not made with the kiosk's key."""
    _forge(world, plan)
    result = log.verify()
    assert not result.ok and result.first_broken_id == 1
    assert "keyed hash" in result.message


def test_the_anchor_follows_each_commit_and_is_printable(world: World, log: AuditLog) -> None:
    from kiosk.services.audit import anchored_head, read_anchor

    anchor = read_anchor(world.config.secrets_dir, world.config.kiosk.id)
    assert anchor is not None and anchor.id == 5 and anchor.hash == log.last(1)[0].hash
    assert anchored_head(world.config.secrets_dir, world.config.kiosk.id).startswith("audit head #5 ")
    with world.factory() as db:  # a unit of work that rolls back leaves chain and anchor as they were
        log.append_in(db, "kiosk", "test.rolled_back", {})
        db.rollback()
    assert read_anchor(world.config.secrets_dir, world.config.kiosk.id) == anchor and log.verify().ok


def _config_file(world: World, tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = str(world.factory.kw["bind"].url)
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "{tmp_path}"\n[database]\nurl = "{url}"\n'
                    f'[secrets]\ndir = "{world.config.secrets_dir}"\n', encoding="utf-8")
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


def test_entries_of_one_unit_of_work_are_written_at_its_commit_in_order(world: World, log: AuditLog) -> None:
    """append_in queues; the entries reach audit_log only at the commit (where the chain's lock is
    taken, issue 16), in the order appended, chained to each other, and the anchor follows."""
    from kiosk.services.audit import read_anchor

    before = log.last(1)[0].id
    with world.factory() as db:
        log.append_in(db, "kiosk", "test.first", {"n": 1})
        log.append_in(db, "kiosk", "test.second", {"n": 2})
        assert db.execute(text("SELECT count(*) FROM audit_log WHERE id > :id"), {"id": before}).scalar_one() == 0
        db.commit()
    first, second = sorted(log.last(2), key=lambda e: e.id)
    assert (first.id, first.action, second.id, second.action) == (before + 1, "test.first", before + 2, "test.second")
    anchor = read_anchor(world.config.secrets_dir, world.config.kiosk.id)
    assert anchor is not None and (anchor.id, anchor.hash) == (second.id, second.hash)
    assert log.verify().ok
