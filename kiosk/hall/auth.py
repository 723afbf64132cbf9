"""Console sign-in on the staff accounts and PINs the kiosks use, with their lockout.

The PIN check and the lockout are :func:`kiosk.services.staff.check` (5 wrong PINs lock for 15 s,
doubling; 10 lock for 30 minutes), so the console and the kiosk's maintenance mode share one
counter per staff code. Every attempt goes to the audit log (login only, never the PIN).

Sessions are server-side: the cookie holds only a random token (``secrets.token_urlsafe``), set
HttpOnly and SameSite=Strict; a session ends after 15 minutes without a request (kiosk-ux.md) or
on sign-out, and is forgotten when the console restarts. Each session has its own CSRF token, which
every state-changing request must send back in the ``X-CSRF-Token`` header (see console.py).
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import DatabaseError, KioskError
from kiosk.services import staff
from kiosk.services.audit import AuditLog

log = logging.getLogger("kiosk.hall.auth")

IDLE = dt.timedelta(minutes=15)


@dataclass
class StaffSession:
    login: str
    csrf: str
    last_seen: dt.datetime


class ConsoleAuth:
    def __init__(self, factory: sessionmaker[Session], audit: AuditLog | None = None,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        self._factory = factory
        self.audit = audit
        self._clock = clock
        self._sessions: dict[str, StaffSession] = {}
        self._lock = threading.Lock()

    def _audit(self, actor: str, action: str) -> None:
        if self.audit is None:
            return
        try:
            self.audit.append(actor, action, {"where": "hall console"})
        except KioskError as exc:  # sign-in must not fail because the audit anchor cannot be written
            log.warning("console audit entry %s for %s not written (%s)", action, actor, exc)

    def sign_in(self, login: str, pin: str) -> tuple[str, StaffSession]:
        """A new session for a right PIN; a person-readable KioskError otherwise (UserInputError,
        StaffLocked). Failures are counted in the database like the kiosk's."""
        now = self._clock().astimezone(dt.UTC).replace(tzinfo=None)
        who = staff.normalise_login(login)[:40] or "-"
        try:
            with self._factory() as db:
                try:
                    code = staff.check(db, login, pin, now)
                except KioskError:
                    db.commit()  # the failure counter and the lock
                    self._audit(who, "hall.sign_in_failed")
                    log.info("console sign-in for %s from none to refused", who)
                    raise
                db.commit()
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the staff accounts could not be read: {exc.__class__.__name__}") from exc
        token = secrets.token_urlsafe(32)
        sess = StaffSession(code, secrets.token_urlsafe(24), self._clock())
        with self._lock:
            self._sessions[token] = sess
        self._audit(code, "hall.sign_in")
        log.info("console session for %s from none to open", code)
        return token, sess

    def session(self, token: str | None, *, touch: bool = True) -> StaffSession | None:
        """The live session of ``token``; ``touch=False`` (the event stream) does not count as use."""
        if not token:
            return None
        now = self._clock()
        with self._lock:
            sess = self._sessions.get(token)
            if sess is None:
                return None
            if now - sess.last_seen > IDLE:
                del self._sessions[token]
                log.info("console session for %s from open to closed (idle)", sess.login)
                return None
            if touch:
                sess.last_seen = now
            return sess

    @staticmethod
    def csrf_ok(sess: StaffSession, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(sess.csrf, sent or "")

    def sign_out(self, token: str | None) -> None:
        with self._lock:
            sess = self._sessions.pop(token or "", None)
        if sess is not None:
            self._audit(sess.login, "hall.sign_out")
            log.info("console session for %s from open to closed (sign-out)", sess.login)
