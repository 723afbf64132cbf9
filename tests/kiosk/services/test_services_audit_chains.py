"""One audit chain per kiosk: kiosks sharing a database never wait for each other's audit entries,
and each chain is still checked end to end (migration 0008, kiosk.services.audit)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.security.keys import AUDIT_KEY_FILE, ensure_secrets_dir, load_or_create_key
from kiosk.services.audit import GENESIS, AuditLog, anchor_path, canonical, read_anchors


def _hall(factory: sessionmaker[Session], secrets: Path) -> tuple[AuditLog, AuditLog]:
    ensure_secrets_dir(secrets)
    a = AuditLog(factory, secrets_dir=secrets, chain="KIOSK-A")
    b = AuditLog(factory, secrets_dir=secrets, chain="KIOSK-B")
    for i in range(4):  # interleaved, as two kiosks of a hall write
        a.append("kiosk", f"a.{i}", {"n": i})
        b.append("kiosk", f"b.{i}", {"n": i})
    return a, b


@pytest.fixture
def factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'hall.db'}")
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def test_each_kiosk_numbers_its_own_chain_and_both_verify(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = _hall(factory, tmp_path / "secrets")
    assert [e.seq for e in a.last(10)] == [1, 2, 3, 4] and [e.action for e in a.last(10)] == [f"a.{i}" for i in range(4)]
    assert [e.seq for e in b.last(10)] == [1, 2, 3, 4] and {e.chain for e in b.last(10)} == {"KIOSK-B"}
    heads = read_anchors(tmp_path / "secrets")
    assert set(heads) == {"KIOSK-A", "KIOSK-B"} and heads["KIOSK-A"].id == heads["KIOSK-B"].id == 4
    for log in (a, b):
        result = log.verify()
        assert result.ok and result.checked == 8, result.message
        assert "4 entries, head #4" in result.message and "1 other chain intact" in result.message


@pytest.mark.parametrize(
    ("sql", "broken", "words"),
    [
        ("UPDATE audit_log SET detail = '{\"n\": 9}' WHERE chain = 'KIOSK-B' AND seq = 2", 2, "keyed hash"),
        ("DELETE FROM audit_log WHERE chain = 'KIOSK-B' AND seq = 4", 4, "cut off the end"),
        ("DELETE FROM audit_log WHERE chain = 'KIOSK-B' AND seq = 2", 3, "missing (deleted)"),
    ],
    ids=["edited", "cut-off", "deleted"],
)
def test_damage_to_another_kiosks_chain_is_named_with_its_chain(factory, tmp_path: Path, sql: str,  # type: ignore[no-untyped-def]
                                                                broken: int, words: str) -> None:
    """GIVEN two kiosks' chains sharing a database and a secrets directory WHEN a row of kiosk B's is
    edited, deleted or cut off the end THEN kiosk A's verify names chain B, the entry and what
    happened."""
    a, _ = _hall(factory, tmp_path / "secrets")
    with factory() as db:
        db.execute(text(sql))
        db.commit()
    result = a.verify()
    assert not result.ok and result.chain == "KIOSK-B" and result.first_broken_id == broken, result.message
    assert result.message.startswith("chain KIOSK-B: ") and f"entry {broken}" in result.message
    assert words in result.message


def _legacy_rows(factory: sessionmaker[Session], secrets: Path, n: int) -> str:
    """Audit rows as a kiosk wrote them before migration 0008 (ids 1..n, hashed without a chain name)
    and the anchor file of that time; returns the last hash."""
    key = load_or_create_key(secrets, AUDIT_KEY_FILE)
    prev = GENESIS
    at = dt.datetime(2026, 11, 30, 9, 0)
    with factory() as db:
        for i in range(1, n + 1):
            detail = {"n": i}
            body = canonical({"id": i, "at": at.isoformat(timespec="microseconds"), "actor": "kiosk",
                              "action": f"old.{i}", "detail": detail, "prev_hash": prev})
            digest = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
            db.execute(text("INSERT INTO audit_log (id, at, actor, action, detail, prev_hash, hash) "
                            "VALUES (:i, :at, 'kiosk', :a, :d, :p, :h)"),
                       {"i": i, "at": at, "a": f"old.{i}", "d": canonical(detail), "p": prev, "h": digest})
            prev = digest
        db.commit()
    anchor_path(secrets).write_text(json.dumps({"id": n, "hash": prev}) + "\n")
    os.chmod(anchor_path(secrets), 0o600)
    return prev


@contextlib.contextmanager
def _upgraded_from_0007(url: str, secrets: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(url)
    try:
        upgrade(engine, "0007_hall")
        factory = session_factory(engine)
        ensure_secrets_dir(secrets)
        _legacy_rows(factory, secrets, 3)
        upgrade(engine)
        yield factory
    finally:
        engine.dispose()


def test_a_chain_from_before_0008_still_verifies_and_keeps_its_anchor(tmp_path: Path) -> None:
    """GIVEN a kiosk's audit rows and anchor file from before chains WHEN the database is upgraded and
    the kiosk writes on THEN the old rows verify as the chain from before (end still anchored), the
    kiosk's new entries start its own chain at 1, and the anchor file keeps both heads."""
    secrets = tmp_path / "secrets"
    with _upgraded_from_0007(f"sqlite:///{tmp_path / 'old.db'}", secrets) as factory:
        log = AuditLog(factory, secrets_dir=secrets, chain="KIOSK-DEMO-01")
        first = log.verify()
        assert first.ok and "before chains (3, end anchored here)" in first.message, first.message
        log.append("kiosk", "new.1", {})
        assert [(e.seq, e.chain, e.id) for e in log.last(5)] == [(1, "KIOSK-DEMO-01", 4)]
        assert set(read_anchors(secrets)) == {"", "KIOSK-DEMO-01"}
        assert log.verify().ok
        with factory() as db:  # the old chain's end cut off: still caught through its kept anchor
            db.execute(text("DELETE FROM audit_log WHERE chain = '' AND seq = 3"))
            db.commit()
        cut = log.verify()
    assert not cut.ok and cut.chain == "" and "cut off the end" in cut.message, cut.message


@pytest.mark.postgres
def test_on_postgresql_the_migration_moves_the_id_sequence_past_the_old_rows(pg_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before 0008 every id was given explicitly, so the column's sequence stood at 1: the migration
    moves it past the old rows, or the first new entry would collide with entry 1."""
    with _upgraded_from_0007(pg_engine.url.render_as_string(hide_password=False), tmp_path / "secrets") as factory:
        log = AuditLog(factory, secrets_dir=tmp_path / "secrets", chain="KIOSK-PG")
        view = log.append("kiosk", "new.1", {})
        assert view.id == 4 and view.seq == 1
        assert log.verify().ok


@pytest.mark.postgres
def test_on_postgresql_kiosks_do_not_wait_for_each_others_chain(pg_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN kiosk A in the middle of committing an audited unit of work (holding its chain's lock)
    THEN kiosk B's entry commits at once, while A's own next entry waits for A's lock: the lock is
    per chain, the hall no longer has one audit queue."""
    from kiosk.services.audit import _PG_LOCK_CLASS, _lock_key

    upgrade(pg_engine)
    factory = session_factory(pg_engine)
    secrets = tmp_path / "secrets"
    ensure_secrets_dir(secrets)
    a = AuditLog(factory, secrets_dir=secrets, chain="KIOSK-A")
    b = AuditLog(factory, secrets_dir=secrets, chain="KIOSK-B")
    holder = factory()
    holder.execute(text("SELECT pg_advisory_xact_lock(:c, :k)"), {"c": _PG_LOCK_CLASS, "k": _lock_key("KIOSK-A")})
    try:
        done_b = threading.Event()
        done_a = threading.Event()
        threading.Thread(target=lambda: (b.append("kiosk", "b.1", {}), done_b.set()), daemon=True).start()
        threading.Thread(target=lambda: (a.append("kiosk", "a.1", {}), done_a.set()), daemon=True).start()
        assert done_b.wait(10), "kiosk B waited for kiosk A's chain"
        assert not done_a.wait(0.5), "kiosk A's entry did not wait for its own chain's lock"
    finally:
        holder.rollback()
        holder.close()
    assert done_a.wait(10)
    assert a.verify().ok and b.verify().ok
