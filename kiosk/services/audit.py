"""The hash-chained audit log: each entry's hash covers the previous hash and the entry itself.

``hash = SHA-256(prev_hash + canonical JSON of {id, at, actor, action, detail, prev_hash})``. Editing,
inserting or deleting a row in the middle breaks the chain at that row or the one after it, and
:meth:`AuditLog.verify` names the first entry that no longer fits. (Cutting entries off the *end*
leaves a shorter valid chain; the kiosk's log files and the last hash in the readiness report are
what show that.) Details never hold personal data in full: pass masked ids only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, system_clock, to_db
from kiosk.persistence.models import AuditEntry

log = logging.getLogger("kiosk.audit")

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable in an audit detail: {type(value).__name__}")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def entry_hash(entry_id: int, at: dt.datetime, actor: str, action: str, detail: dict[str, Any],
               prev_hash: str) -> str:
    body = canonical({"id": entry_id, "at": at.isoformat(timespec="microseconds"), "actor": actor,
                      "action": action, "detail": detail, "prev_hash": prev_hash})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditView:
    id: int
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    first_broken_id: int | None
    message: str
    checked: int

    def __iter__(self):  # type: ignore[no-untyped-def]  # (ok, first_broken_id, message) unpacking
        return iter((self.ok, self.first_broken_id, self.message))


class AuditLog:
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock) -> None:
        self._factory = session_factory
        self._clock = clock
        self._lock = threading.Lock()  # one writer at a time, or two entries would share a prev_hash

    def append(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> AuditView:
        """Add one entry at the end of the chain and commit it."""
        clean: dict[str, Any] = json.loads(canonical(detail or {}))
        with self._lock, self._factory() as db:
            last = db.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
            prev = last.hash if last else GENESIS
            next_id = (last.id + 1) if last else 1
            at = to_db(self._clock())
            digest = entry_hash(next_id, at, actor, action, clean, prev)
            db.add(AuditEntry(id=next_id, at=at, actor=actor, action=action, detail=clean, prev_hash=prev,
                              hash=digest))
            db.commit()
        log.debug("audit #%d %s %s", next_id, actor, action)
        return AuditView(next_id, at, actor, action, clean, digest)

    def verify(self) -> VerifyResult:
        """Walk the chain from the start; report the first entry whose hash or link is wrong."""
        prev = GENESIS
        count = 0
        with self._factory() as db:
            for e in db.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
                count += 1
                if e.prev_hash != prev:
                    return VerifyResult(False, e.id, f"entry {e.id}: link to the previous entry is broken "
                                        "(an entry before it was changed, inserted or removed)", count)
                if entry_hash(e.id, e.at, e.actor, e.action, e.detail, e.prev_hash) != e.hash:
                    return VerifyResult(False, e.id, f"entry {e.id}: content does not match its hash "
                                        "(the entry was changed)", count)
                prev = e.hash
        return VerifyResult(True, None, f"audit chain intact: {count} entries", count)

    def last(self, n: int) -> list[AuditView]:
        with self._factory() as db:
            rows = db.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(0, n))).scalars().all()
            return [AuditView(e.id, e.at, e.actor, e.action, dict(e.detail), e.hash) for e in reversed(rows)]
