"""The audit log: HMAC-keyed chains, written with the change they record, their heads anchored outside.

* **One chain per kiosk.** Each kiosk appends to a chain of its own (``chain`` = its kiosk id, ``seq``
  1, 2, ... within it; the hall console's is ``hall``), so the kiosks of a hall on one database never
  wait for each other's audit entries (one chain for the whole database was the fleet's one global
  serialisation point, docs/fleet.md). Rows from before migration 0008 form the legacy chain ``''``.
* **Keyed.** ``hash = HMAC-SHA256(audit key, canonical JSON of {chain, id: seq, at, actor, action,
  detail, prev_hash})`` (the legacy chain's entries without ``chain``, as they were written). The key is 32 random bytes in ``<secrets_dir>/audit.key`` (0600, created like the
  signing key), never in the database: someone who can write the database but not the secrets
  directory cannot compute a valid entry, so an edited, inserted or renumbered row shows, even with
  every later hash recomputed.
* **In the same transaction.** :meth:`AuditLog.append_in` adds the entry to the caller's unit of work,
  so a payment recorded paid, a document issued, a slip rendered from the command line and their
  audit entries commit together or not at all. Entries are serialised by the database's write lock
  (SQLite: every unit of work starts ``BEGIN IMMEDIATE``, see :mod:`kiosk.persistence.db`;
  PostgreSQL: a transaction-scoped advisory lock per chain, taken just before the commit: entries are
  queued on the session and written by its ``before_commit``); ``UNIQUE (chain, seq)`` refuses a fork.
* **Anchored.** After each commit the chain's head (seq and hash) is written to
  ``<secrets_dir>/audit.head`` (one head per chain, so kiosks sharing a secrets directory keep each
  other's; atomic replace, fsync). Entries cut off the end of the table, or a
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
import dataclasses
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
import zlib
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
HALL_CHAIN = "hall"  # the hall console's own chain (staff log-ins, remote commands)
_PG_LOCK_CLASS = 0x6B696F73  # "kios": with the chain's CRC-32, serialises one chain's writers on PostgreSQL
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
               prev_hash: str, chain: str = "") -> str:
    """The keyed hash of one entry; ``entry_id`` is its number within ``chain``."""
    fields: dict[str, Any] = {"id": entry_id, "at": at.isoformat(timespec="microseconds"), "actor": actor,
                              "action": action, "detail": detail, "prev_hash": prev_hash}
    if chain:  # the legacy chain's entries were hashed before chains had names
        fields["chain"] = chain
    return hmac.new(key, canonical(fields).encode("utf-8"), hashlib.sha256).hexdigest()


def _lock_key(chain: str) -> int:
    """The chain's half of its advisory lock key (a signed 32-bit integer, as PostgreSQL takes it)."""
    crc = zlib.crc32(chain.encode("utf-8"))
    return crc - (1 << 32) if crc >= 1 << 31 else crc


# ---- the anchor ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Anchor:
    id: int  # the entry's number within its chain
    hash: str
    chain: str = ""

    def describe(self) -> str:
        return f"#{self.id} {self.hash[:16]}"


def anchor_path(secrets_dir: str | os.PathLike[str]) -> Path:
    return Path(secrets_dir) / ANCHOR_FILE


def read_anchors(secrets_dir: str | os.PathLike[str]) -> dict[str, Anchor]:
    """Every chain head anchored in ``secrets_dir`` (empty when none was written); raises ValueError on a
    damaged file. A file from before chains (``{"id", "hash"}``) anchors the legacy chain ``''``."""
    path = anchor_path(secrets_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ValueError(f"the audit anchor {path} cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
        chains = data.get("chains", {"": data})
        return {str(c): Anchor(int(h["id"]), str(h["hash"]), str(c)) for c, h in chains.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError(f"the audit anchor {path} is damaged") from None


def read_anchor(secrets_dir: str | os.PathLike[str], chain: str) -> Anchor | None:
    """The anchored head of ``chain``, or None when none was written; raises ValueError on a damaged file."""
    return read_anchors(secrets_dir).get(chain)


def anchored_head(secrets_dir: str | os.PathLike[str], chain: str) -> str:
    """One line for the readiness report: the anchored head of the kiosk's audit chain."""
    try:
        anchor = read_anchor(secrets_dir, chain)
    except ValueError as exc:
        return str(exc)
    return f"audit head {anchor.describe()}" if anchor else "audit head: none yet"


def write_anchor(secrets_dir: str | os.PathLike[str], head: Anchor) -> None:
    """Anchor ``head`` for its chain unless a later entry of that chain is anchored already (several
    processes share a secrets directory: a kiosk and its command line, or a simulated hall); the
    other chains' heads are kept."""
    directory = Path(secrets_dir)
    path = anchor_path(directory)
    lock_fd = os.open(directory / (ANCHOR_FILE + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        heads: dict[str, Anchor] = {}
        with contextlib.suppress(ValueError):  # a damaged file is replaced by the heads known now
            heads = read_anchors(directory)
        current = heads.get(head.chain)
        if current is not None and current.id >= head.id:
            return
        heads[head.chain] = head
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            body = {"chains": {c: {"id": a.id, "hash": a.hash} for c, a in sorted(heads.items())}}
            os.write(fd, json.dumps(body, ensure_ascii=True).encode("ascii") + b"\n")
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
    id: int  # the row's key (across chains, in the order written)
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any]
    hash: str
    chain: str = ""
    seq: int = 0  # the entry's number within its chain


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    first_broken_id: int | None  # the broken entry's number within its chain
    message: str
    checked: int
    chain: str = ""  # the chain it is in

    def __iter__(self):  # type: ignore[no-untyped-def]  # (ok, first_broken_id, message) unpacking
        return iter((self.ok, self.first_broken_id, self.message))


@dataclass(frozen=True)
class _Row:
    id: int
    chain: str
    seq: int
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
    fields = (raw.chain, raw.actor, raw.action, raw.prev_hash, raw.hash)
    if not all(isinstance(f, str) for f in fields):
        return "a text field is empty or not text"
    if not isinstance(raw.seq, int):
        return "its number in the chain is not a number"
    return _Row(int(raw.id), raw.chain, raw.seq, at.replace(tzinfo=None), raw.actor, raw.action, detail,
                raw.prev_hash, raw.hash)


_COLUMNS = ("id, chain, seq, CAST(at AS TEXT) AS at, actor, action, CAST(detail AS TEXT) AS detail, "
            "prev_hash, hash")
_RAW = text(f"SELECT {_COLUMNS} FROM audit_log ORDER BY chain, seq, id")
_NEWEST = text(f"SELECT {_COLUMNS} FROM audit_log WHERE chain = :chain ORDER BY seq DESC, id DESC LIMIT :n")


class AuditLog:
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock, *,
                 secrets_dir: str | os.PathLike[str], chain: str, hall: HallAnchors | None = None) -> None:
        """``chain``: the chain this process appends to (the kiosk's id; ``hall`` for the console)."""
        self._factory = session_factory
        self.chain = chain
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
        if db.get_bind().dialect.name == "postgresql":  # this chain's writers only: other kiosks go on
            db.execute(text("SELECT pg_advisory_xact_lock(:c, :k)"), {"c": _PG_LOCK_CLASS, "k": _lock_key(self.chain)})
        last = db.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.chain == self.chain)
                          .order_by(AuditEntry.seq.desc()).limit(1)).first()
        prev = last.hash if last else GENESIS
        seq = (last.seq + 1) if last else 1
        rows = []
        for at, actor, action, clean in pending:
            digest = entry_hash(key, seq, at, actor, action, clean, prev, self.chain)
            rows.append(AuditEntry(chain=self.chain, seq=seq, at=at, actor=actor, action=action, detail=clean,
                                   prev_hash=prev, hash=digest))
            log.debug("audit %s #%d %s %s", self.chain, seq, actor, action)
            prev, seq = digest, seq + 1
        db.add_all(rows)
        db.flush()
        views = [AuditView(r.id, r.at, r.actor, r.action, r.detail, r.hash, r.chain, r.seq) for r in rows]
        db.info[_HEAD] = Anchor(views[-1].seq, views[-1].hash, self.chain)
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
            head = read_anchor(self._secrets, self.chain)
            if head is not None:
                self.hall.submit(HallHead(head.id, head.hash))

    @staticmethod
    def _after_rollback(db: Session) -> None:
        db.info.pop(_HEAD, None)
        db.info.pop(_PENDING, None)
        db.info.pop(_WRITTEN, None)

    # ---- checking --------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        """Walk every chain from its start, and the anchors at the ends (the secrets directory's and,
        for this kiosk's chain, the hall database's); name the first thing wrong."""
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
                                f"entry {hall.id}: {cut} cut off the end", result.checked, self.chain)
        if hashes.get(hall.id) != hall.hash:
            return VerifyResult(False, hall.id, f"entry {hall.id} is not the entry the hall database anchors "
                                "(the chain was replaced)", result.checked, self.chain)
        return VerifyResult(result.ok, None, f"{result.message}; hall database head {hall.describe()} matches",
                            result.checked)

    def _verify_local(self, hashes: dict[int, str]) -> VerifyResult:
        """Every chain against the secrets directory's anchors; ``hashes`` gets each entry of this
        kiosk's chain read intact (by its number in the chain)."""
        try:
            with self._factory() as db:
                rows = db.execute(_RAW).all()
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the audit log cannot be read: {exc.__class__.__name__}") from exc
        anchor_error = ""
        try:
            anchors = read_anchors(self._secrets)
        except ValueError as exc:
            anchors, anchor_error = {}, str(exc)
        chains: dict[str, list[Any]] = {}
        for raw in rows:
            chains.setdefault(raw.chain if isinstance(raw.chain, str) else "", []).append(raw)
        own = self.chain
        if not chains.get(own):
            anchor = anchors.get(own)
            if anchor is not None:
                return VerifyResult(False, 1, f"the audit log holds no entry but {anchor_path(self._secrets)} "
                                    f"anchors entry {anchor.id}: every entry was deleted", 0, own)
            if not rows:
                if anchor_error:
                    return VerifyResult(False, None, anchor_error, 0)
                return VerifyResult(True, None, "audit chain intact: 0 entries", 0)
        try:
            key = load_key(self._secrets, AUDIT_KEY_FILE)
        except SigningKeyError as exc:
            return VerifyResult(False, None, f"cannot check the audit chain: {exc}", 0)
        checked = 0
        others: list[str] = []
        # this kiosk's chain first: its problems are the ones its technician can act on
        for chain in sorted(chains, key=lambda c: (c != own, c)):
            seen: dict[int, str] = {}
            broken = self._verify_chain(key, chain, chains[chain], seen)
            checked += len(seen)
            if broken is not None:
                return dataclasses.replace(broken, checked=checked)
            anchor = anchors.get(chain)
            if anchor is not None and (ended := self._check_end(chain, anchor, seen, checked)) is not None:
                return ended
            if chain == own:
                hashes.update(seen)
                continue
            others.append(f"{chain or 'before chains'} ({len(seen)}"
                          f"{', end anchored here' if anchor is not None else ''})")
        also = f"; {len(others)} other chain{'s' if len(others) != 1 else ''} intact: {', '.join(others)}" \
            if others else ""
        if anchor_error:
            return VerifyResult(False, None, f"{checked} entries check out, but {anchor_error}", checked)
        if not hashes:
            return VerifyResult(True, None, f"audit chain intact: 0 entries of {own}{also}", checked)
        anchor = anchors.get(own)
        if anchor is None:
            return VerifyResult(False, None, f"{checked} entries check out, but there is no anchor for {own} in "
                                f"{anchor_path(self._secrets)}: the end of the chain cannot be checked", checked)
        return VerifyResult(True, None, f"audit chain intact: {len(hashes)} entries, head {anchor.describe()} "
                            f"anchored{also}", checked)

    def _label(self, chain: str) -> str:
        """How a message names a chain: not at all for this kiosk's own."""
        if chain == self.chain:
            return ""
        return f"chain {chain}: " if chain else "chain from before migration 0008: "

    def _verify_chain(self, key: bytes, chain: str, rows: list[Any], seen: dict[int, str]) -> VerifyResult | None:
        """One chain's entries in order; ``seen`` gets each intact entry's hash. None when intact."""
        label = self._label(chain)

        def broken(at: int, message: str) -> VerifyResult:
            return VerifyResult(False, at, f"{label}{message}", 0, chain)

        prev, expected = GENESIS, 1
        for raw in rows:
            row = _parse_row(raw)
            if isinstance(row, str):
                at = raw.seq if isinstance(raw.seq, int) else expected
                return broken(at, f"entry {at} is damaged: {row}")
            if row.seq != expected:
                if row.seq < expected:
                    return broken(row.seq, f"entry {row.seq} appears twice")
                missing = f"entry {expected}" if row.seq == expected + 1 else f"entries {expected}-{row.seq - 1}"
                return broken(row.seq, f"entry {row.seq}: {missing} before it "
                              f"{'is' if row.seq == expected + 1 else 'are'} missing (deleted)")
            if entry_hash(key, row.seq, row.at, row.actor, row.action, row.detail, row.prev_hash, chain) != row.hash:
                return broken(row.seq, f"entry {row.seq}: content does not match its keyed hash "
                              "(the entry was changed, inserted or renumbered without the audit key)")
            if row.prev_hash != prev:
                return broken(row.seq, f"entry {row.seq}: link to the previous entry is broken "
                              "(an entry before it was changed, inserted or removed)")
            seen[row.seq] = row.hash
            prev, expected = row.hash, row.seq + 1
        return None

    def _check_end(self, chain: str, anchor: Anchor, seen: dict[int, str], checked: int) -> VerifyResult | None:
        """The chain's end against its anchor: nothing cut off, not replaced. None when it holds."""
        label = self._label(chain)
        last = max(seen, default=0)
        if anchor.id > last:
            cut = f"entry {last + 1}" if anchor.id == last + 1 else f"entries {last + 1}-{anchor.id}"
            return VerifyResult(False, last + 1, f"{label}the chain ends at entry {last} but the anchor records "
                                f"entry {anchor.id}: {cut} cut off the end", checked, chain)
        if seen.get(anchor.id) != anchor.hash:
            return VerifyResult(False, anchor.id, f"{label}entry {anchor.id} is not the entry the anchor records "
                                "(the chain was replaced)", checked, chain)
        return None

    def last(self, n: int) -> list[AuditView]:
        """The newest ``n`` entries of this kiosk's chain that can be read (damaged rows are left out;
        verify names them)."""
        try:
            with self._factory() as db:
                rows = list(reversed(db.execute(_NEWEST, {"n": max(0, n), "chain": self.chain}).all()))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the audit log cannot be read: {exc.__class__.__name__}") from exc
        out = []
        for raw in rows:
            row = _parse_row(raw)
            if isinstance(row, _Row):
                out.append(AuditView(row.id, row.at, row.actor, row.action, row.detail, row.hash, row.chain, row.seq))
        return out


def audit_for(session_factory: sessionmaker[Session], secrets_dir: str | os.PathLike[str], chain: str,
              clock: Clock = system_clock) -> AuditLog:
    """The audit log of ``chain`` (a kiosk id, or ``hall``) whose secrets live in ``secrets_dir``
    (created 0700 when absent)."""
    ensure_secrets_dir(secrets_dir)
    return AuditLog(session_factory, clock, secrets_dir=secrets_dir, chain=chain)
