"""The audit log: an HMAC-keyed chain, written with the change it records, its head anchored outside.

* **Keyed.** ``hash = HMAC-SHA256(audit key, canonical JSON of {id, at, actor, action, detail,
  prev_hash})``. The key is 32 random bytes in ``<secrets_dir>/audit.key`` (0600, created like the
  signing key), never in the database: someone who can write the database but not the secrets
  directory cannot compute a valid entry, so an edited, inserted or renumbered row shows, even with
  every later hash recomputed.
* **In the same transaction.** :meth:`AuditLog.append_in` adds the entry to the caller's unit of work,
  so a payment recorded paid, a document issued, a slip rendered from the command line and their
  audit entries commit together or not at all. Entries are serialised by the database's write lock
  (SQLite: every unit of work starts ``BEGIN IMMEDIATE``, see :mod:`kiosk.persistence.db`;
  PostgreSQL: a transaction-scoped advisory lock, taken just before the commit: entries are queued
  on the session and written by its ``before_commit``).
* **Anchored.** After each commit the chain head (id and hash) is written to
  ``<secrets_dir>/audit.head`` (atomic replace, fsync). Entries cut off the end of the table, or a
  head replaced wholesale, no longer reach the anchored entry. A crash between the commit and the
  anchor write leaves the anchor one entry behind, which verification accepts (the later entries
  still carry valid keyed hashes).

:meth:`AuditLog.verify` reads the rows as raw text and names what it finds: an entry changed,
entries missing, an entry that does not follow the one before, a damaged row (a detail that is not
JSON, a timestamp that is not one), the end cut off. It never raises on a damaged row.
Details never hold personal data in full: pass masked ids only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, system_clock, to_db
from kiosk.errors import DatabaseError
from kiosk.persistence.models import AuditEntry
from kiosk.security.keys import (
    AUDIT_KEY_FILE,
    SigningKeyError,
    ensure_secrets_dir,
    load_key,
    load_or_create_key,
)
from kiosk.services.anchors import HallAnchors, HallHead

log = logging.getLogger("kiosk.audit")

GENESIS = "0" * 64
ANCHOR_FILE = "audit.head"
_PG_LOCK_ID = 0x6B696F736B  # "kiosk": serialises audit writers on PostgreSQL
_HEAD = "audit_head"  # Session.info key: the head this unit of work will anchor once committed
_LISTENING = "audit_listening"
_PENDING = "audit_pending"  # Session.info key: entries queued by append_in, written just before the commit
_WRITTEN = "audit_written"  # Session.info key: the views of the entries the last commit wrote


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable in an audit detail: {type(value).__name__}")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def entry_hash(key: bytes, entry_id: int, at: dt.datetime, actor: str, action: str, detail: dict[str, Any],
               prev_hash: str) -> str:
    body = canonical({"id": entry_id, "at": at.isoformat(timespec="microseconds"), "actor": actor,
                      "action": action, "detail": detail, "prev_hash": prev_hash})
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


# ---- the anchor ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Anchor:
    id: int
    hash: str

    def describe(self) -> str:
        return f"#{self.id} {self.hash[:16]}"


def anchor_path(secrets_dir: str | os.PathLike[str]) -> Path:
    return Path(secrets_dir) / ANCHOR_FILE


def read_anchor(secrets_dir: str | os.PathLike[str]) -> Anchor | None:
    """The anchored chain head, or None when none was written; raises ValueError on a damaged file."""
    path = anchor_path(secrets_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(f"the audit anchor {path} cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
        anchor = Anchor(int(data["id"]), str(data["hash"]))
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"the audit anchor {path} is damaged") from None
    return anchor


def anchored_head(secrets_dir: str | os.PathLike[str]) -> str:
    """One line for the readiness report: the anchored head of the audit chain."""
    try:
        anchor = read_anchor(secrets_dir)
    except ValueError as exc:
        return str(exc)
    return f"audit head {anchor.describe()}" if anchor else "audit head: none yet"


def write_anchor(secrets_dir: str | os.PathLike[str], head: Anchor) -> None:
    """Replace the anchor with ``head`` unless it already anchors a later entry (several processes)."""
    directory = Path(secrets_dir)
    path = anchor_path(directory)
    lock_fd = os.open(directory / (ANCHOR_FILE + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        with contextlib.suppress(ValueError):
            current = read_anchor(directory)
            if current is not None and current.id >= head.id:
                return
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps({"id": head.id, "hash": head.hash}).encode("ascii") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        os.close(lock_fd)


# ---- views and results --------------------------------------------------------------------------------
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


@dataclass(frozen=True)
class _Row:
    id: int
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


def _parse_row(raw: Any) -> _Row | str:
    """A raw audit row as typed values, or what is wrong with it (in words)."""
    at = raw.at
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError:
            return "its timestamp is not a date and time"
    if not isinstance(at, dt.datetime):
        return "its timestamp is not a date and time"
    detail = raw.detail
    if isinstance(detail, str | bytes):
        try:
            detail = json.loads(detail)
        except ValueError:
            return "its detail is not valid JSON"
    if not isinstance(detail, dict):
        return "its detail is not a JSON object"
    fields = (raw.actor, raw.action, raw.prev_hash, raw.hash)
    if not all(isinstance(f, str) for f in fields):
        return "a text field is empty or not text"
    return _Row(int(raw.id), at.replace(tzinfo=None), raw.actor, raw.action, detail, raw.prev_hash, raw.hash)


_COLUMNS = "id, CAST(at AS TEXT) AS at, actor, action, CAST(detail AS TEXT) AS detail, prev_hash, hash"
_RAW = text(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")
_NEWEST = text(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT :n")


class AuditLog:
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock, *,
                 secrets_dir: str | os.PathLike[str], hall: HallAnchors | None = None) -> None:
        self._factory = session_factory
        self._clock = clock
        self._secrets = Path(secrets_dir)
        self.hall = hall  # the hall database's copy of the head (kiosk.services.anchors), if any
        self._key: bytes | None = None
        self._lock = threading.Lock()

    # ---- writing ---------------------------------------------------------------------------------
    def _signing_key(self) -> bytes:
        with self._lock:
            if self._key is None:
                self._key = load_or_create_key(self._secrets, AUDIT_KEY_FILE)
            return self._key

    def append_in(self, db: Session, actor: str, action: str, detail: dict[str, Any] | None = None) -> None:
        """Add one entry at the end of the chain inside the caller's unit of work (the caller commits).

        The entry is queued on the session and written just before its commit (``before_commit``):
        the chain's lock (PostgreSQL's advisory lock) is taken there, not here, so it is held only
        for the last read of the head, the insert and the COMMIT, never while the caller goes on
        rendering, signing or writing other rows. Holding it from here to the commit made every kiosk
        of a hall wait for each other's whole unit of work (issue 16: 20 kiosks, p95 1 s, most of it
        on this lock). The entry commits with the change or not at all, as before. The anchor
        follows once that unit of work commits; a rollback drops the queued entries and the anchor.
        """
        clean: dict[str, Any] = json.loads(canonical(detail or {}))
        db.info.setdefault(_PENDING, []).append((to_db(self._clock()), actor, action, clean))
        if not db.info.get(_LISTENING):
            db.info[_LISTENING] = True
            event.listen(db, "before_commit", self._before_commit)
            event.listen(db, "after_commit", self._after_commit)
            event.listen(db, "after_rollback", self._after_rollback)

    def _before_commit(self, db: Session) -> None:
        pending = db.info.pop(_PENDING, None)
        if not pending:
            return
        key = self._signing_key()
        db.flush()  # the caller's own rows first, before the lock: under it only the head read and the insert
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})
        last = db.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
        prev = last.hash if last else GENESIS
        next_id = (last.id + 1) if last else 1
        views = []
        for at, actor, action, clean in pending:
            digest = entry_hash(key, next_id, at, actor, action, clean, prev)
            db.add(AuditEntry(id=next_id, at=at, actor=actor, action=action, detail=clean, prev_hash=prev,
                              hash=digest))
            views.append(AuditView(next_id, at, actor, action, clean, digest))
            log.debug("audit #%d %s %s", next_id, actor, action)
            prev, next_id = digest, next_id + 1
        db.flush()
        db.info[_HEAD] = Anchor(views[-1].id, views[-1].hash)
        db.info[_WRITTEN] = views

    def append(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> AuditView:
        """Add one entry in a unit of work of its own (for events that change nothing else)."""
        with self._factory() as db:
            self.append_in(db, actor, action, detail)
            db.commit()
            views: list[AuditView] = db.info.pop(_WRITTEN)
        return views[-1]

    def _after_commit(self, db: Session) -> None:
        head = db.info.pop(_HEAD, None)
        if head is None:
            return
        try:
            write_anchor(self._secrets, head)
        except OSError as exc:  # the entry is committed; the anchor catches up with the next one
            log.error("audit anchor not written for entry %d: %s", head.id, exc.strerror or exc)
        if self.hall is not None:
            self.hall.submit(HallHead(head.id, head.hash))

    def push_anchor(self) -> None:
        """Hand the anchored head to the hall database (at start: a push lost in a crash is redone)."""
        if self.hall is None:
            return
        with contextlib.suppress(ValueError):
            head = read_anchor(self._secrets)
            if head is not None:
                self.hall.submit(HallHead(head.id, head.hash))

    @staticmethod
    def _after_rollback(db: Session) -> None:
        db.info.pop(_HEAD, None)
        db.info.pop(_PENDING, None)
        db.info.pop(_WRITTEN, None)

    # ---- checking --------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        """Walk the chain from the start and the anchors at its end (the secrets directory's and the
        hall database's); name the first thing wrong."""
        hashes: dict[int, str] = {}
        result = self._verify_local(hashes)
        if self.hall is None or (not result.ok and result.first_broken_id is not None):
            return result
        try:
            hall = self.hall.read()
        except DatabaseError as exc:
            return VerifyResult(False, None, f"{result.message}; but {exc}", result.checked)
        if hall is None:
            return VerifyResult(result.ok, None, f"{result.message}; the hall database holds no head for "
                                f"{self.hall.kiosk_id} yet", result.checked)
        last = max(hashes, default=0)
        if hall.id > last:
            cut = f"entry {last + 1}" if hall.id == last + 1 else f"entries {last + 1}-{hall.id}"
            return VerifyResult(False, last + 1, f"the chain ends at entry {last} but the hall database anchors "
                                f"entry {hall.id}: {cut} cut off the end", result.checked)
        if hashes.get(hall.id) != hall.hash:
            return VerifyResult(False, hall.id, f"entry {hall.id} is not the entry the hall database anchors "
                                "(the chain was replaced)", result.checked)
        return VerifyResult(result.ok, None, f"{result.message}; hall database head {hall.describe()} matches",
                            result.checked)

    def _verify_local(self, hashes: dict[int, str]) -> VerifyResult:
        """The chain against the secrets directory's anchor; ``hashes`` gets every entry read intact."""
        try:
            with self._factory() as db:
                rows = db.execute(_RAW).all()
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the audit log cannot be read: {exc.__class__.__name__}") from exc
        anchor_error = ""
        try:
            anchor = read_anchor(self._secrets)
        except ValueError as exc:
            anchor, anchor_error = None, str(exc)
        if not rows:
            if anchor is not None:
                return VerifyResult(False, 1, f"the audit log is empty but {anchor_path(self._secrets)} anchors "
                                    f"entry {anchor.id}: every entry was deleted", 0)
            if anchor_error:
                return VerifyResult(False, None, anchor_error, 0)
            return VerifyResult(True, None, "audit chain intact: 0 entries", 0)
        try:
            key = load_key(self._secrets, AUDIT_KEY_FILE)
        except SigningKeyError as exc:
            return VerifyResult(False, None, f"cannot check the audit chain: {exc}", 0)
        prev, expected, count = GENESIS, 1, 0
        for raw in rows:
            row = _parse_row(raw)
            if isinstance(row, str):
                return VerifyResult(False, int(raw.id), f"entry {raw.id} is damaged: {row}", count)
            count += 1
            if row.id != expected:
                missing = f"entry {expected}" if row.id == expected + 1 else f"entries {expected}-{row.id - 1}"
                return VerifyResult(False, row.id, f"entry {row.id}: {missing} before it "
                                    f"{'is' if row.id == expected + 1 else 'are'} missing (deleted)", count)
            if entry_hash(key, row.id, row.at, row.actor, row.action, row.detail, row.prev_hash) != row.hash:
                return VerifyResult(False, row.id, f"entry {row.id}: content does not match its keyed hash "
                                    "(the entry was changed, inserted or renumbered without the audit key)",
                                    count)
            if row.prev_hash != prev:
                return VerifyResult(False, row.id, f"entry {row.id}: link to the previous entry is broken "
                                    "(an entry before it was changed, inserted or removed)", count)
            hashes[row.id] = row.hash
            prev, expected = row.hash, row.id + 1
        last = expected - 1
        if anchor_error:
            return VerifyResult(False, None, f"{count} entries check out, but {anchor_error}", count)
        if anchor is None:
            return VerifyResult(False, None, f"{count} entries check out, but there is no anchor "
                                f"{anchor_path(self._secrets)}: the end of the chain cannot be checked", count)
        if anchor.id > last:
            cut = f"entry {last + 1}" if anchor.id == last + 1 else f"entries {last + 1}-{anchor.id}"
            return VerifyResult(False, last + 1, f"the chain ends at entry {last} but the anchor records entry "
                                f"{anchor.id}: {cut} cut off the end", count)
        if hashes.get(anchor.id) != anchor.hash:
            return VerifyResult(False, anchor.id, f"entry {anchor.id} is not the entry the anchor records "
                                "(the chain was replaced)", count)
        return VerifyResult(True, None, f"audit chain intact: {count} entries, head {anchor.describe()} anchored",
                            count)

    def last(self, n: int) -> list[AuditView]:
        """The newest ``n`` entries that can be read (damaged rows are left out; verify names them)."""
        try:
            with self._factory() as db:
                rows = list(reversed(db.execute(_NEWEST, {"n": max(0, n)}).all()))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the audit log cannot be read: {exc.__class__.__name__}") from exc
        out = []
        for raw in rows:
            row = _parse_row(raw)
            if isinstance(row, _Row):
                out.append(AuditView(row.id, row.at, row.actor, row.action, row.detail, row.hash))
        return out


def audit_for(session_factory: sessionmaker[Session], secrets_dir: str | os.PathLike[str],
              clock: Clock = system_clock) -> AuditLog:
    """The audit log of a kiosk whose secrets live in ``secrets_dir`` (created 0700 when absent)."""
    ensure_secrets_dir(secrets_dir)
    return AuditLog(session_factory, clock, secrets_dir=secrets_dir)
