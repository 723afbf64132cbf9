"""Alembic migrations on an empty database, re-run, and the schema matching the models."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from kiosk.persistence.db import make_engine
from kiosk.persistence.migrate import current_revision, head_revision, is_current, upgrade
from kiosk.persistence.models import Base


def test_upgrade_empty_then_rerun(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an empty SQLite file WHEN upgraded twice THEN it is at head and the second run changes nothing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    assert current_revision(engine) is None
    before, after = upgrade(engine)
    assert before is None and after == head_revision()
    assert upgrade(engine) == (head_revision(), head_revision())
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_schema_matches_models(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    with migrated_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_sqlite_pragmas(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    with migrated_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("KIOSK_TEST_PG_URL"), reason="set KIOSK_TEST_PG_URL to test PostgreSQL")
def test_upgrade_on_postgresql() -> None:
    engine = make_engine(os.environ["KIOSK_TEST_PG_URL"])
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    assert is_current(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
