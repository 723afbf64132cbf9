"""Engine and session set-up for any SQLAlchemy URL; SQLite gets WAL, foreign keys and real transactions.

SQLite transactions follow SQLAlchemy's documented recipe for pysqlite ("Serializable isolation /
Savepoints / Transactional DDL" in the SQLite dialect's documentation): the driver's own implicit
BEGIN handling is switched off (``isolation_level = None`` on connect) and SQLAlchemy's ``begin``
event emits ``BEGIN`` itself. Without it pysqlite starts a transaction only before the first
INSERT/UPDATE/DELETE, so a ``begin_nested()`` taken before any write *was* the transaction and
releasing that SAVEPOINT committed its rows at once, whatever the outer unit of work did next. With
the recipe every session's work is one transaction and savepoints nest inside it.

Durability: WAL with ``synchronous=FULL``. With NORMAL, WAL mode stays consistent but a power cut may
roll back the last commits (SQLite documents that a transaction committed in WAL mode with
synchronous=NORMAL might roll back after a power loss: https://www.sqlite.org/pragma.html#pragma_synchronous);
the journal's contract is that ``payment_requested`` with its idempotency key is on disk before the
payment host is called, and kiosks are switched off at the wall. FULL syncs the WAL on every commit;
its cost is measured by ``bench/bench_durability.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import DatabaseError

log = logging.getLogger("kiosk.db")


SQLITE_SYNCHRONOUS = "FULL"


def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # The recipe, part 1: pysqlite must not emit BEGIN (or COMMIT before DDL) on its own.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # The recipe, part 2: SQLAlchemy's begin() is the one place a transaction starts. IMMEDIATE takes
    # the write lock at once: a deferred transaction that reads and then writes fails at once with
    # "database is locked" when another connection wrote in between (SQLite cannot upgrade a stale
    # read snapshot; busy_timeout does not apply), while an immediate one waits up to busy_timeout.
    # Units of work are short, so serialising them costs little on a kiosk.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine; for a file SQLite URL, create its directory and switch on WAL + foreign keys."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseError(f"the database URL cannot be parsed: {exc}") from exc
    # hide_parameters: an error message must never carry bound values (ID numbers, names) into a log.
    kwargs: dict[str, object] = {"echo": echo, "future": True, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            directory = Path(parsed.database).parent
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"the data directory {directory} cannot be created: {exc.strerror or exc}"
                    + (" (a file is in the way)" if isinstance(exc, FileExistsError | NotADirectoryError) else "")
                ) from None
        kwargs["connect_args"] = {"timeout": 5}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (SQLAlchemyError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {parsed.render_as_string(hide_password=True)}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error, always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
