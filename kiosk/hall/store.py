"""The hall's tables as the kiosks and the console use them: heartbeat state, staff calls, commands.

Every write that the console should see at once also sends ``pg_notify('kiosk_hall', kiosk id)`` on
PostgreSQL, in the same transaction (a notification is delivered only if the transaction commits,
and after it, so a listener that re-reads finds the new rows). On SQLite there is no NOTIFY; the
console polls one cheap "change stamp" query instead (:mod:`kiosk.hall.live`).

Every database wait has a timeout: :func:`hall_engine` sets a connect timeout and a statement / lock
timeout on PostgreSQL and SQLite's busy timeout, so a heartbeat worker or a console request never
hangs on a database that went away.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import from_db, to_db
from kiosk.errors import DatabaseError, UserInputError
from kiosk.persistence.db import make_engine
from kiosk.persistence.models import HallCommand, KioskState, StaffCall

log = logging.getLogger("kiosk.hall")

CHANNEL = "kiosk_hall"
DB_TIMEOUT_S = 3  # connect, statement and lock timeouts for every hall query
OFFLINE_AFTER = dt.timedelta(seconds=15)  # no heartbeat for this long: the console shows "offline"


class Command(StrEnum):
    OUT_OF_SERVICE = "out_of_service"
    RETURN_TO_SERVICE = "return_to_service"


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def hall_engine(url: str) -> Engine:
    """An engine whose every wait is bounded (the kiosk's heartbeat thread and the console use it)."""
    if not is_postgres(url):
        return make_engine(url)  # SQLite: busy timeout 5 s (kiosk.persistence.db)
    ms = DB_TIMEOUT_S * 1000
    try:
        return create_engine(
            url, future=True, hide_parameters=True, pool_pre_ping=True, pool_timeout=DB_TIMEOUT_S,
            pool_size=4, max_overflow=4,
            connect_args={"connect_timeout": DB_TIMEOUT_S,
                          "options": f"-c statement_timeout={ms} -c lock_timeout={ms}"},
        )
    except Exception as exc:
        raise DatabaseError(f"the database URL cannot be used: {exc}") from exc


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as a libpq connection string for psycopg (LISTEN)."""
    u = make_url(url).set(drivername="postgresql")
    return u.render_as_string(hide_password=False)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(exc).__name__])[0]


@dataclass(frozen=True)
class DeviceLine:
    device: str
    state: str
    problem: str = ""
    paper: str = ""


@dataclass(frozen=True)
class KioskReport:
    """What a kiosk's heartbeat says about it (no personal data: states, keys and masked texts)."""

    kiosk_id: str
    service_state: str
    screen: str = ""
    devices: Sequence[DeviceLine] = ()
    paper: str = ""
    version: str = ""
    last_error: str = ""
    recent_errors: Sequence[str] = ()

    def content(self) -> dict[str, Any]:
        return {
            "service_state": self.service_state, "screen": self.screen[:64], "paper": self.paper[:16],
            "version": self.version[:32], "last_error": self.last_error[:240],
            "devices": {d.device: {"state": d.state, "problem": d.problem, "paper": d.paper} for d in self.devices},
            "errors": {"recent": list(self.recent_errors)[-10:]},
        }


@dataclass(frozen=True)
class KioskTile:
    kiosk_id: str
    service_state: str
    screen: str
    devices: dict[str, dict[str, str]]
    paper: str
    version: str
    last_error: str
    recent_errors: list[str]
    beat_at: dt.datetime
    changed_at: dt.datetime
    online: bool
    open_calls: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "kiosk_id": self.kiosk_id, "service_state": self.service_state if self.online else "offline",
            "reported_state": self.service_state, "screen": self.screen, "devices": self.devices,
            "paper": self.paper, "version": self.version, "last_error": self.last_error,
            "recent_errors": self.recent_errors, "beat_at": self.beat_at.isoformat(),
            "changed_at": self.changed_at.isoformat(), "online": self.online, "open_calls": self.open_calls,
            "problems": self.problems(),
        }

    def problems(self) -> list[str]:
        out = [] if self.online else ["offline"]
        out += [f"{name}: {d.get('problem') or d.get('state')}" for name, d in sorted(self.devices.items())
                if d.get("state") != "online" or d.get("problem")]
        if self.paper in ("low", "out"):
            out.append(f"paper {self.paper}")
        return out


@dataclass(frozen=True)
class CallRow:
    id: int
    kiosk_id: str
    code: str
    service: str
    step: str
    error_key: str
    masked_id: str
    called_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kiosk_id": self.kiosk_id, "code": self.code, "service": self.service,
            "step": self.step, "error_key": self.error_key, "masked_id": self.masked_id,
            "called_at": self.called_at.isoformat(),
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "acknowledged_by": self.acknowledged_by,
        }


@dataclass(frozen=True)
class PendingCommand:
    id: int
    command: Command
    reason: str
    requested_by: str


@dataclass
class KioskInbox:
    """What the console left for one kiosk since its last beat."""

    commands: list[PendingCommand] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (hand-over code, by)


class HallStore:
    """The hall's queries over one engine (see :func:`hall_engine`)."""

    def __init__(self, engine: Engine, clock: Any = None) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._factory = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self._factory

    @classmethod
    def at(cls, url: str) -> HallStore:
        return cls(hall_engine(url))

    def now_db(self) -> dt.datetime:
        return to_db(self._clock())

    @contextmanager
    def _session(self, what: str) -> Iterator[Session]:
        try:
            with self._factory() as db:
                yield db
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the hall database could not {what}: {_first_line(exc)}") from exc

    def _notify(self, db: Session, kiosk_id: str) -> None:
        if self.postgres:  # delivered after COMMIT, only if it commits
            db.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": kiosk_id})

    # ---- the kiosk's side ----------------------------------------------------------------------------
    def beat(self, report: KioskReport, *, changed: bool, started_at: dt.datetime,
             waiting_codes: Sequence[str] = ()) -> KioskInbox:
        """Write the heartbeat (and notify when something changed) and collect what the console left:
        commands not yet applied (marked applied here: the caller hands them to the flow at once)
        and acknowledgements of the hand-over codes in ``waiting_codes``. One short transaction."""
        now = self.now_db()
        content = report.content()
        inbox = KioskInbox()
        with self._session("record the kiosk's state") as db:
            row = db.get(KioskState, report.kiosk_id, with_for_update=self.postgres)
            if row is None:
                row = KioskState(kiosk_id=report.kiosk_id, started_at=to_db(started_at), changed_at=now, **content)
                db.add(row)
                changed = True
            else:
                differs = any(getattr(row, k) != v for k, v in content.items())
                changed = changed or differs
                if differs:
                    for k, v in content.items():
                        setattr(row, k, v)
                if changed:
                    row.changed_at = now
                row.started_at = to_db(started_at)
            row.beat_at = now
            q = (select(HallCommand)
                 .where(HallCommand.kiosk_id == report.kiosk_id, HallCommand.applied_at.is_(None))
                 .order_by(HallCommand.id))
            if self.postgres:  # two beats of one kiosk never apply a command twice
                q = q.with_for_update(skip_locked=True)
            pending = db.scalars(q).all()
            for cmd in pending:
                cmd.applied_at = now
                inbox.commands.append(PendingCommand(cmd.id, Command(cmd.command), cmd.reason, cmd.requested_by))
            if waiting_codes:
                for call in db.scalars(select(StaffCall).where(
                        StaffCall.kiosk_id == report.kiosk_id, StaffCall.code.in_(list(waiting_codes)),
                        StaffCall.acknowledged_at.is_not(None))):
                    inbox.acknowledged.append((call.code, call.acknowledged_by or ""))
            if changed or pending:
                self._notify(db, report.kiosk_id)
            db.commit()
        return inbox

    def notify(self, kiosk_id: str) -> None:
        """Tell listeners that something of ``kiosk_id`` changed (a staff call was just recorded)."""
        if not self.postgres:
            return
        with self._session("notify the console") as db:
            self._notify(db, kiosk_id)
            db.commit()

    # ---- the console's side ---------------------------------------------------------------------------
    def kiosks(self) -> list[KioskTile]:
        now = self.now_db()
        with self._session("read the kiosks") as db:
            rows = db.scalars(select(KioskState).order_by(KioskState.kiosk_id)).all()
            open_calls = dict(db.execute(
                select(StaffCall.kiosk_id, func.count()).where(StaffCall.acknowledged_at.is_(None))
                .group_by(StaffCall.kiosk_id)).tuples().all())
        return [
            KioskTile(r.kiosk_id, r.service_state, r.screen, dict(r.devices or {}), r.paper, r.version,
                      r.last_error, list((r.errors or {}).get("recent", [])), from_db(r.beat_at),
                      from_db(r.changed_at), now - r.beat_at < OFFLINE_AFTER, int(open_calls.get(r.kiosk_id, 0)))
            for r in rows
        ]

    def kiosk(self, kiosk_id: str) -> KioskTile:
        for tile in self.kiosks():
            if tile.kiosk_id == kiosk_id:
                return tile
        raise UserInputError(f"no kiosk {kiosk_id!r} has reported to the hall")

    def calls(self, *, open_only: bool = False, limit: int = 50) -> list[CallRow]:
        with self._session("read the staff calls") as db:
            q = select(StaffCall).order_by(StaffCall.called_at.desc(), StaffCall.id.desc()).limit(limit)
            if open_only:
                q = q.where(StaffCall.acknowledged_at.is_(None))
            rows = db.scalars(q).all()
        return [CallRow(r.id, r.kiosk_id, r.code, r.service, r.step, r.error_key, r.masked_id, from_db(r.called_at),
                        from_db(r.acknowledged_at) if r.acknowledged_at else None, r.acknowledged_by) for r in rows]

    def acknowledge(self, call_id: int, by: str) -> CallRow:
        """One tap: the call is acknowledged by ``by`` (idempotent: a second tap keeps the first)."""
        with self._session("acknowledge the call") as db:
            row = db.get(StaffCall, call_id, with_for_update=self.postgres)
            if row is None:
                raise UserInputError(f"no staff call {call_id}")
            if row.acknowledged_at is None:
                row.acknowledged_at, row.acknowledged_by = self.now_db(), by[:40]
                self._notify(db, row.kiosk_id)
                log.info("staff call %s from waiting to acknowledged (by %s)", row.code, by)
            db.commit()
            return CallRow(row.id, row.kiosk_id, row.code, row.service, row.step, row.error_key, row.masked_id,
                           from_db(row.called_at), from_db(row.acknowledged_at) if row.acknowledged_at else None,
                           row.acknowledged_by)

    def command(self, kiosk_id: str, command: Command, reason: str, by: str) -> int:
        """Leave a command for the kiosk; its next heartbeat (a few seconds) picks it up."""
        with self._session("send the command") as db:
            if db.get(KioskState, kiosk_id) is None:
                raise UserInputError(f"no kiosk {kiosk_id!r} has reported to the hall")
            cmd = HallCommand(kiosk_id=kiosk_id, command=command.value, reason=reason[:200], requested_by=by[:40],
                              requested_at=self.now_db())
            db.add(cmd)
            self._notify(db, kiosk_id)
            db.commit()
            log.info("kiosk %s command %s from none to requested (by %s: %s)", kiosk_id, command.value, by,
                     reason or "no reason")
            return cmd.id

    def change_stamp(self) -> tuple[Any, ...]:
        """One cheap query whose answer changes whenever anything the console shows changes (SQLite's poll)."""
        with self._session("read the change stamp") as db:
            return tuple(db.execute(select(
                select(func.max(KioskState.changed_at)).scalar_subquery(),
                select(func.count()).select_from(KioskState).scalar_subquery(),
                select(func.max(StaffCall.id)).scalar_subquery(),
                select(func.max(StaffCall.acknowledged_at)).scalar_subquery(),
                select(func.max(HallCommand.id)).scalar_subquery(),
                select(func.max(HallCommand.applied_at)).scalar_subquery(),
            )).one())
