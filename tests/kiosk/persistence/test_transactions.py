"""SQLite transactions behave as SQLAlchemy documents them: one BEGIN, savepoints nested inside it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from kiosk.persistence import models as m
from kiosk.persistence.db import session_factory


def _taxpayer(n: int) -> m.Taxpayer:
    return m.Taxpayer(id_number=f"T{n:017d}", name="演示", birth_date=dt.date(1990, 1, 1), is_demo=True)


def _count(factory) -> int:  # type: ignore[no-untyped-def]
    with factory() as db:
        return int(db.scalar(select(func.count()).select_from(m.Taxpayer)) or 0)


def test_savepoint_before_any_write_does_not_commit_on_its_own(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a session whose first statement is a savepoint (begin_nested) holding a row
    WHEN the savepoint is released and the outer transaction then rolls back
    THEN the row is gone: releasing a savepoint never commits by itself (pysqlite's quirk fixed)."""
    factory = session_factory(migrated_engine)
    with factory() as db:
        with db.begin_nested():
            db.add(_taxpayer(1))
            db.flush()
        db.rollback()
    assert _count(factory) == 0


def test_a_failed_savepoint_keeps_the_outer_work(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an outer row and a savepoint that fails WHEN the outer transaction commits THEN the outer row stays."""
    factory = session_factory(migrated_engine)
    with factory() as db:
        db.add(_taxpayer(2))
        db.flush()
        with pytest.raises(RuntimeError), db.begin_nested():
            db.add(_taxpayer(3))
            db.flush()
            raise RuntimeError("boom")
        db.commit()
    with factory() as db:
        assert [t.id_number for t in db.scalars(select(m.Taxpayer))] == [f"T{2:017d}"]


def test_sqlite_is_power_safe(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    """WAL with synchronous=FULL: a committed step survives a power cut (NORMAL may lose the last commits)."""
    with Session(migrated_engine) as db:
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
