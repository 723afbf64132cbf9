"""Numbers shared by every kiosk on one database: a counter row locked inside the issuing transaction.

``next_number(db, scope)`` inserts the scope's row if it is missing (``INSERT ... ON CONFLICT DO
NOTHING``, so two kiosks creating it at once do not fail), then reads it ``SELECT ... FOR UPDATE``
and bumps it. The row lock is held until the caller's unit of work commits or rolls back:

* two kiosks asking at once are serialised on that one row; the second waits for the first's
  commit and then reads the value it left (PostgreSQL re-reads a row locked FOR UPDATE after the
  wait, under READ COMMITTED), so no number is handed out twice;
* a rolled-back issue rolls its number back too, so numbers have no gaps (a PostgreSQL sequence
  never gives a value back, and a sequence per office and year would be DDL at run time, at every
  New Year, with a different path again for SQLite); see ``reserve_apart`` for where documents
  trade that for not holding the lock while they render;
* on SQLite ``FOR UPDATE`` is not rendered; every unit of work there starts ``BEGIN IMMEDIATE``
  (:mod:`kiosk.persistence.db`), which serialises writers the same way for the single kiosk.

The cost is that issuers in one scope wait on each other for the length of an issuing transaction;
those are short (one document row, journal step and audit entry), measured by ``kiosk fleet simulate``.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.persistence.models import NumberCounter, utcnow


def document_scope(office_code: str, year: int) -> str:
    return f"doc:{office_code}:{year:04d}"


def queue_scope(hall: str, day: str, service: str) -> str:
    return f"queue:{hall}:{day}:{service}"


def _ensure_row(conn: Session | Connection, scope: str) -> None:
    values = {"scope": scope, "value": 0, "updated_at": utcnow()}
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(NumberCounter).values(values).on_conflict_do_nothing(index_elements=["scope"]))
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(NumberCounter).values(values).on_conflict_do_nothing(index_elements=["scope"]))
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"number counters on {dialect}")


def next_number(db: Session, scope: str, *, reserve_apart: bool = False) -> int:
    """The next number of ``scope`` (1, 2, ...), taken in ``db``'s transaction (the caller commits).

    ``reserve_apart`` (PostgreSQL only; SQLite always takes it in ``db``): the number is reserved in
    a transaction of its own, committed at once, so the row lock is held for a millisecond instead of
    for the whole issuing transaction. Document issuing renders the slip and the signed A4 PDF inside
    its transaction (its atomicity is tested: a failed render keeps neither the document nor the
    step), and holding the office's counter through that render would make every kiosk of the
    office issue one at a time. The price: a number reserved by an issue that then fails is not
    reused (a gap, like a sequence's; the failed transaction is in the journal). Queue tickets
    render nothing in their transaction and keep the gapless in-transaction lock.
    """
    bind = db.get_bind()
    if reserve_apart and bind.dialect.name == "postgresql" and isinstance(bind, Engine):
        with bind.begin() as conn:
            _ensure_row(conn, scope)
            value = conn.execute(
                update(NumberCounter).where(NumberCounter.scope == scope)
                .values(value=NumberCounter.value + 1, updated_at=utcnow()).returning(NumberCounter.value)
            ).scalar_one()
        return int(value)
    _ensure_row(db, scope)
    row = db.execute(
        select(NumberCounter).where(NumberCounter.scope == scope).with_for_update().execution_options(
            populate_existing=True)
    ).scalar_one()
    row.value += 1
    row.updated_at = utcnow()
    db.flush()
    return row.value


def current_number(db: Session, scope: str) -> int:
    """The last number handed out in ``scope`` (0 when none yet)."""
    value = db.scalar(select(NumberCounter.value).where(NumberCounter.scope == scope))
    return int(value or 0)


__all__ = ["current_number", "document_scope", "next_number", "queue_scope"]
