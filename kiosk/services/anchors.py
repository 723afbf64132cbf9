"""The audit chain's head pushed to the hall database: a third copy, out of the kiosk's reach.

The head (entry id and keyed hash) is anchored in ``<secrets_dir>/audit.head`` after every commit
(:mod:`kiosk.services.audit`). A hall database holds it too, in ``audit_anchors`` (one row per
kiosk id, migration 0006_integrity), so that someone who can write both the kiosk's database and
its secrets directory (an older copy of the secrets restored, the anchor file deleted) still cannot
cut entries off the end or replace the chain unseen: ``kiosk audit verify`` checks the chain
against both anchors.

Which database is the hall's: ``audit.anchor_url`` when set (its table is created on first use);
otherwise the kiosk's own database when it is PostgreSQL (the hall's shared database, issue 16);
otherwise none (a lone SQLite kiosk: the secrets directory is the only anchor).

Pushing never delays a commit: :meth:`HallAnchors.submit` hands the newest head to a worker thread,
which writes it (never moving the row backwards) and, when the hall database cannot be reached,
logs it once and tries again with the next head or after ``RETRY_SECONDS``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.clock import system_clock, to_db
from kiosk.config import KioskConfig
from kiosk.errors import DatabaseError
from kiosk.persistence.models import AuditAnchor

log = logging.getLogger("kiosk.audit")

RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class HallHead:
    id: int
    hash: str

    def describe(self) -> str:
        return f"#{self.id} {self.hash[:16]}"


class HallAnchors:
    """The kiosk's row in the hall database's ``audit_anchors``, and the worker that keeps it current."""

    def __init__(self, engine: Engine, kiosk_id: str, *, where: str) -> None:
        self.engine = engine
        self.kiosk_id = kiosk_id
        self.where = where  # "the kiosk's PostgreSQL database" or the anchor URL without its password
        self._cond = threading.Condition()
        self._pending: HallHead | None = None
        self._pushed: HallHead | None = None
        self._failing = False
        self._closed = False
        self._thread: threading.Thread | None = None

    # ---- reading and writing (synchronous) ------------------------------------------------------
    def read(self) -> HallHead | None:
        """The head the hall database holds for this kiosk; raises DatabaseError when unreachable."""
        try:
            with Session(self.engine) as db:
                row = db.get(AuditAnchor, self.kiosk_id)
                return None if row is None else HallHead(row.entry_id, row.entry_hash)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the hall database ({self.where}) cannot be read: "
                                f"{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}") from None

    def push(self, head: HallHead) -> None:
        """Write ``head`` unless the hall already holds a later entry; raises DatabaseError."""
        try:
            with Session(self.engine) as db, db.begin():
                row = db.scalar(select(AuditAnchor).where(AuditAnchor.kiosk_id == self.kiosk_id).with_for_update())
                if row is None:
                    db.add(AuditAnchor(kiosk_id=self.kiosk_id, entry_id=head.id, entry_hash=head.hash,
                                       updated_at=to_db(system_clock())))
                elif row.entry_id < head.id:
                    db.execute(update(AuditAnchor).where(AuditAnchor.kiosk_id == self.kiosk_id)
                               .values(entry_id=head.id, entry_hash=head.hash, updated_at=to_db(system_clock())))
        except IntegrityError:  # another process of this kiosk inserted the row first: try once more
            self.push(head)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the hall database ({self.where}) cannot be written: "
                                f"{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}") from None

    def describe(self) -> str:
        """One line for the readiness report."""
        try:
            head = self.read()
        except DatabaseError as exc:
            return str(exc)
        return f"hall database: head {head.describe()}" if head else "hall database: no head pushed yet"

    # ---- the worker ----------------------------------------------------------------------------------
    def submit(self, head: HallHead) -> None:
        """Push ``head`` soon, off the calling thread (only the newest of several waiting is pushed)."""
        with self._cond:
            if self._closed:
                return
            if self._pending is None or head.id > self._pending.id:
                self._pending = head
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-anchor-push", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float) -> bool:
        """Wait until every submitted head is pushed (True) or ``timeout`` seconds pass (False)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None, timeout)

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._closed or self._pending is not None, RETRY_SECONDS)
                head = self._pending
                if head is None:
                    if self._closed:
                        return
                    continue
            try:
                self.push(head)
            except DatabaseError as exc:
                if not self._failing:
                    log.error("audit head %s from local to not pushed (%s)", head.describe(), exc)
                self._failing = True
                with self._cond:
                    if self._closed:
                        return
                    self._cond.wait(RETRY_SECONDS)  # a newer head or close() wakes it sooner
                continue
            with self._cond:
                if self._failing:
                    log.info("audit head %s from not pushed to pushed (hall database back)", head.describe())
                self._failing = False
                self._pushed = head
                if self._pending is not None and self._pending.id <= head.id:
                    self._pending = None
                self._cond.notify_all()
                if self._closed and self._pending is None:
                    return


def hall_anchors_for(config: KioskConfig, kiosk_engine: Engine | None) -> HallAnchors | None:
    """The hall database to push the head to, or None (see the module's description)."""
    url = config.audit.anchor_url
    if url:
        from kiosk.persistence.db import make_engine

        engine = make_engine(url)
        try:
            AuditAnchor.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
        except SQLAlchemyError as exc:
            log.error("audit anchors table in the hall database not ready: %s",
                      str(getattr(exc, "orig", exc)).splitlines()[0])
        return HallAnchors(engine, config.kiosk.id, where=engine.url.render_as_string(hide_password=True))
    if kiosk_engine is not None and kiosk_engine.dialect.name == "postgresql":
        return HallAnchors(kiosk_engine, config.kiosk.id, where="the kiosk's PostgreSQL database")
    return None
