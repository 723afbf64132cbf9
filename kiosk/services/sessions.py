"""Taxpayer sessions: from an ID card read (or staff-assisted entry) to log-out, timeout or card removal.

The only thing kept in memory about the person is :class:`CurrentSession`: the taxpayer's row id
and the *masked* name and ID number for the screen. The full ID number is used once, to find the
taxpayer (as a bound parameter at execution time, so no cached SQL statement keeps it), and is then
dropped. :meth:`SessionManager.end` forgets the session object and everything hung on it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, to_db
from kiosk.persistence.models import KioskSession, Taxpayer
from kiosk.privacy import mask_id, mask_name
from kiosk.services.api import TaxpayerView
from kiosk.services.audit import AuditLog
from kiosk.services.errors import NoSessionError, SessionActiveError, UnknownTaxpayer, UserInputError

log = logging.getLogger("kiosk.session")

_BY_ID_NUMBER = select(Taxpayer.id, Taxpayer.name).where(Taxpayer.id_number == bindparam("idn"))


class Via(StrEnum):
    CARD = "card"
    STAFF = "staff"


class EndReason(StrEnum):
    LOGOUT = "logout"
    TIMEOUT = "timeout"
    CARD_REMOVED = "card_removed"
    STAFF = "staff"
    ERROR = "error"
    SHUTDOWN = "shutdown"
    RESTART = "restart"  # still open when the kiosk started again (start-up recovery)


class SessionState(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(eq=False)
class CurrentSession:
    """Everything the kiosk holds about the person at the kiosk; dropped whole at the end."""

    session_id: str
    taxpayer_id: int
    masked_name: str
    masked_id: str
    via: Via
    scratch: dict[str, Any] = field(default_factory=dict)  # per-session caches (print jobs in flight ...)

    def view(self) -> TaxpayerView:
        return TaxpayerView(self.masked_name, self.masked_id, self.session_id, self.via.value)

    def wipe(self) -> None:
        self.scratch.clear()
        self.masked_name = ""
        self.masked_id = ""
        self.taxpayer_id = 0


class SessionManager:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        audit: AuditLog,
        clock: Clock,
        *,
        kiosk_id: str,
        id_mask: str,
    ) -> None:
        self._factory = session_factory
        self._audit = audit
        self._clock = clock
        self._kiosk_id = kiosk_id
        self._id_mask = id_mask
        self._current: CurrentSession | None = None

    @property
    def current(self) -> CurrentSession:
        if self._current is None:
            raise NoSessionError("please identify yourself first (insert your ID card)")
        return self._current

    @property
    def current_or_none(self) -> CurrentSession | None:
        """The session if one is open (a queue ticket needs none)."""
        return self._current

    @property
    def active(self) -> bool:
        return self._current is not None

    def start(self, id_number: str, via: Via, *, staff_code: str | None = None,
              staff_pin: str | None = None, card_type: str = "resident") -> TaxpayerView:
        """Open a session for the taxpayer registered under the card's number.

        ``card_type`` (a card read: resident, hk_mo_tw_permit, foreign_permanent,
        foreign_permanent_2023) picks the number's rules; staff entry keeps the resident rules.
        """
        from kiosk.domain.cardnumber import validate
        from kiosk.services import staff as staff_auth

        if self._current is not None:
            raise SessionActiveError("a session is already open on this kiosk; end it first")
        number = validate(id_number, card_type if via is Via.CARD else "resident")
        masked = mask_id(number, self._id_mask)
        with self._factory() as db:
            if via is Via.STAFF:
                who = staff_auth.normalise_login(staff_code or "")
                try:
                    staff_code = staff_auth.check(db, who, staff_pin or "", to_db(self._clock()))
                except UserInputError as exc:
                    # the failed attempt counts towards the lockout
                    self._audit.append_in(db, who or "unknown", "staff.login_failed", {"reason": exc.message_key})
                    db.commit()
                    raise
                db.commit()
            row = db.execute(_BY_ID_NUMBER, {"idn": number}).first()
            del number
            if row is None:
                self._audit.append_in(db, "kiosk", "session.unknown_taxpayer", {"id": masked, "via": via.value})
                db.commit()
                raise UnknownTaxpayer("no taxpayer with this ID number is registered at this tax office")
            taxpayer_id, name = row.id, row.name
            del row
            session_id = str(uuid.uuid4())
            db.add(KioskSession(id=session_id, kiosk_id=self._kiosk_id, taxpayer_id=taxpayer_id, via=via.value,
                                state=SessionState.ACTIVE.value, started_at=to_db(self._clock())))
            self._audit.append_in(db, staff_code or "taxpayer", "session.start",
                                  {"session": session_id, "id": masked, "via": via.value})
            db.commit()
        self._current = CurrentSession(session_id, taxpayer_id, mask_name(name), masked, via)
        del name
        log.info("session %s from none to active (%s, %s)", session_id, via.value, masked)
        return self._current.view()

    def end(self, reason: str) -> None:
        """End the session (idempotent): record it, then forget the person entirely."""
        current = self._current
        if current is None:
            return
        self._current = None
        session_id = current.session_id
        current.wipe()
        del current
        with self._factory() as db:
            row = db.get(KioskSession, session_id)
            if row is not None and row.state == SessionState.ACTIVE.value:
                row.state = SessionState.ENDED.value
                row.ended_at = to_db(self._clock())
                row.end_reason = reason[:40]
            self._audit.append_in(db, "kiosk", "session.end", {"session": session_id, "reason": reason})
            db.commit()
        log.info("session %s from active to ended (%s)", session_id, reason)

    def end_left_open(self, reason: EndReason = EndReason.RESTART) -> int:
        """End every session a crash left open on this kiosk (start-up); returns how many. Other kiosks'
        sessions on a shared database are theirs: they are not touched."""
        with self._factory() as db:
            rows = list(db.execute(select(KioskSession).where(
                KioskSession.state == SessionState.ACTIVE, KioskSession.kiosk_id == self._kiosk_id)).scalars())
            for row in rows:
                row.state = SessionState.ENDED
                row.ended_at = to_db(self._clock())
                row.end_reason = reason
                log.info("session %s from active to ended (%s)", row.id, reason.value)
            db.commit()
        return len(rows)
