"""Run Alembic migrations from the kiosk (``kiosk db upgrade``) without an alembic.ini on disk.

Many kiosks share one PostgreSQL database and each migrates at start-up; whichever comes first
migrates, the others wait and then find the schema at head. :func:`upgrade` takes a
transaction-scoped advisory lock (``pg_advisory_xact_lock``) as the first statement of the migrating
transaction: the others block on it until the first commits, then Alembic reads ``alembic_version``
afresh (READ COMMITTED: every statement sees what was committed before it) and has nothing to do.
PostgreSQL's DDL is transactional, so a kiosk killed mid-migration leaves nothing half-done and
releases the lock with its connection. SQLite needs no lock: one kiosk, and ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from kiosk.errors import DatabaseError, UserInputError

log = logging.getLogger("kiosk.db")
MIGRATION_LOCK_ID = 0x6B696F736B4D  # "kioskM": only the migrating transactions take it
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate to ``revision``; returns (revision before, revision after). Safe to re-run."""
    try:
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            before = MigrationContext.configure(conn).get_current_revision()  # read under the lock
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        after = current_revision(engine)
    except CommandError as exc:
        raise UserInputError(f"cannot migrate to revision {revision!r}: {str(exc).splitlines()[0]}") from None
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        first = (str(orig).strip().splitlines() or [exc.__class__.__name__])[0]
        raise DatabaseError(f"database migration failed: {first}") from exc
    if before != after:
        log.info("schema from %s to %s (kiosk db upgrade)", before or "empty", after)
    return before, after or ""


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
