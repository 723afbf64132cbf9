"""Alembic migrations on an empty database, re-run, and the schema matching the models."""

from __future__ import annotations

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
def test_upgrade_on_postgresql(pg_engine) -> None:  # type: ignore[no-untyped-def]
    """The same migrations build the same schema on PostgreSQL (kiosks of a district share one server)."""
    upgrade(pg_engine)
    assert is_current(pg_engine)
    assert upgrade(pg_engine) == (head_revision(), head_revision())
    with pg_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
