"""Staff credentials: a login and a PIN, checked with a slow hash and a lockout (kiosk-ux.md).

A login alone must never open a session for someone else's ID number. After 5 wrong PINs the login
is locked for 15 s, doubling with each further failure; after 10 it is locked for 30 minutes.
Every attempt, right or wrong, goes to the audit log (login only, never the PIN).
"""

from __future__ import annotations

import datetime as dt
import hmac

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.errors import UserInputError
from kiosk.persistence.models import Technician
from kiosk.security.pins import hash_pin, new_credentials

FIRST_LOCK_AFTER = 5
FIRST_LOCK_SECONDS = 15
LONG_LOCK_AFTER = 10
LONG_LOCK = dt.timedelta(minutes=30)


class StaffLocked(UserInputError):
    message_key = "error.staff_locked"


ROLES = ("staff", "technician")


def add_technician(
    db: Session, login: str, name: str, pin: str, *, role: str = "staff", card_hash: str | None = None
) -> Technician:
    """Create (or re-activate with a new PIN) a staff account; the caller commits.

    ``role``: staff (hall staff) or technician (maintenance mode). ``card_hash``: the keyed hash of
    the person's own ID card (kiosk.security.cards), so placing it opens the PIN keypad."""
    if role not in ROLES:
        raise UserInputError(f"a staff role is staff or technician, not {role!r}", message_key="error.input")
    code = normalise_login(login)
    if not code.isalnum() or len(code) > 40:
        raise UserInputError("a staff code is letters and digits only, at most 40", message_key="error.staff_code_form")
    pin_hash, pin_salt = new_credentials(pin)
    tech = db.scalar(select(Technician).where(func.upper(Technician.login) == code))
    if tech is None:
        tech = Technician(login=code, name=name, pin_hash=pin_hash, pin_salt=pin_salt, role=role)
        db.add(tech)
    else:
        tech.name, tech.pin_hash, tech.pin_salt, tech.active = name, pin_hash, pin_salt, True
        tech.failed_attempts, tech.locked_until, tech.role = 0, None, role
    if card_hash is not None:
        other = db.scalar(select(Technician).where(Technician.card_hash == card_hash, Technician.login != code))
        if other is not None:
            raise UserInputError(f"this ID card is already registered to staff code {other.login}")
        tech.card_hash = card_hash
    return tech


def normalise_login(login: str) -> str:
    return "".join(login.split()).upper()


def lock_for(failures: int) -> dt.timedelta | None:
    if failures >= LONG_LOCK_AFTER:
        return LONG_LOCK
    if failures >= FIRST_LOCK_AFTER:
        return dt.timedelta(seconds=FIRST_LOCK_SECONDS * 2 ** (failures - FIRST_LOCK_AFTER))
    return None


def check(db: Session, login: str, pin: str, now: dt.datetime) -> str:
    """Return the technician's login when ``pin`` is right; raise a person-readable error otherwise.
    ``now`` is naive UTC, as the database stores it. The caller commits (failures are counted)."""
    wanted = normalise_login(login)
    tech = db.scalar(select(Technician).where(func.upper(Technician.login) == wanted, Technician.active.is_(True)))
    if tech is None:
        hash_pin(pin or "0", "00" * 16)  # same cost as a real check: no timing hint about logins
        raise UserInputError("the staff code or PIN is not right", message_key="error.staff_code")
    if tech.locked_until is not None and tech.locked_until > now:
        wait = int((tech.locked_until - now).total_seconds()) + 1
        raise StaffLocked(f"this staff code is locked for {wait} more seconds after wrong PINs")
    if not hmac.compare_digest(hash_pin(pin or "", tech.pin_salt), tech.pin_hash):
        tech.failed_attempts += 1
        lock = lock_for(tech.failed_attempts)
        tech.locked_until = now + lock if lock else None
        raise UserInputError("the staff code or PIN is not right", message_key="error.staff_code")
    tech.failed_attempts = 0
    tech.locked_until = None
    return tech.login
