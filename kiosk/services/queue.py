"""Queue tickets for the counters: numbers per hall, day and service (A001 ...) and an estimated wait.

The hall has one queue however many kiosks draw from it: the number comes from the shared counter
row of (hall, day, service), locked in the drawing transaction (:mod:`kiosk.persistence.counters`).

Estimated wait = people waiting ahead x the average minutes a counter spent on each of the day's
served tickets (called -> served); before anyone has been served that day, the service's default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import local_day, to_db
from kiosk.persistence.counters import next_number, queue_scope
from kiosk.persistence.models import QueueTicket
from kiosk.services.api import QueueService, QueueTicketView
from kiosk.services.errors import UserInputError


@dataclass(frozen=True)
class QueueServiceSpec:
    service: QueueService
    default_minutes: Decimal  # average minutes per person before the day has its own figure


SERVICES: tuple[QueueServiceSpec, ...] = (
    QueueServiceSpec(QueueService("A", "综合办税", "General tax services"), Decimal("8")),
    QueueServiceSpec(QueueService("B", "发票业务", "Invoices"), Decimal("6")),
    QueueServiceSpec(QueueService("C", "社保费业务", "Social insurance"), Decimal("10")),
    QueueServiceSpec(QueueService("D", "咨询", "Enquiries"), Decimal("5")),
)
MAX_NUMBER = 999


def spec(code: str) -> QueueServiceSpec:
    for s in SERVICES:
        if s.service.code == code.strip().upper():
            return s
    raise UserInputError(f"there is no counter service {code!r}", message_key="error.queue_service")


def format_ticket(code: str, number: int) -> str:
    return f"{code}{number:03d}"


def average_minutes(db: Session, code: str, day: dt.date, default: Decimal, hall: str = "") -> Decimal:
    served = db.execute(
        select(QueueTicket.called_at, QueueTicket.served_at).where(
            QueueTicket.hall == hall, QueueTicket.day == day, QueueTicket.service == code,
            QueueTicket.called_at.is_not(None), QueueTicket.served_at.is_not(None),
        )
    ).all()
    durations = [(s - c).total_seconds() for c, s in served if s >= c]
    if not durations:
        return default
    return Decimal(str(sum(durations) / len(durations))) / 60


def estimate(db: Session, code: str, day: dt.date, number: int, default: Decimal,
             hall: str = "") -> tuple[int, int]:
    """(people waiting ahead of ticket ``number``, estimated wait in whole minutes, rounded up)."""
    ahead = db.execute(
        select(func.count()).select_from(QueueTicket).where(
            QueueTicket.hall == hall, QueueTicket.day == day, QueueTicket.service == code, QueueTicket.number < number,
            QueueTicket.called_at.is_(None),
        )
    ).scalar_one()
    minutes = (average_minutes(db, code, day, default, hall) * ahead).to_integral_value(ROUND_CEILING)
    return int(ahead), int(minutes)


def take(
    factory: sessionmaker[Session], code: str, now: dt.datetime, *, kiosk_id: str, taxpayer_id: int | None,
    hall: str = "",
) -> tuple[QueueTicketView, int]:
    """Draw the hall's next number of the day for a service; returns the view and the ticket's row id."""
    s = spec(code)
    code = s.service.code
    day = local_day(now)
    with factory() as db:
        number = next_number(db, queue_scope(hall, day.isoformat(), code))
        if number > MAX_NUMBER:
            db.rollback()
            raise UserInputError(f"no more tickets for {s.service.label_en} today", message_key="error.queue_full")
        ticket = QueueTicket(hall=hall, day=day, service=code, number=number, kiosk_id=kiosk_id,
                             taxpayer_id=taxpayer_id, issued_at=to_db(now))
        db.add(ticket)
        db.flush()
        ahead, minutes = estimate(db, code, day, number, s.default_minutes, hall)
        db.commit()
        return QueueTicketView(s.service, format_ticket(code, number), ahead, minutes), ticket.id


def call_next(factory: sessionmaker[Session], code: str, now: dt.datetime, hall: str = "") -> str | None:
    """Counter side (and tests): call the next waiting ticket; returns its number text."""
    day = local_day(now)
    with factory() as db:
        t = db.execute(
            select(QueueTicket).where(QueueTicket.hall == hall, QueueTicket.day == day, QueueTicket.service == code,
                                      QueueTicket.called_at.is_(None)).order_by(QueueTicket.number).limit(1)
        ).scalar_one_or_none()
        if t is None:
            return None
        t.called_at = to_db(now)
        db.commit()
        return format_ticket(code, t.number)


def mark_served(factory: sessionmaker[Session], code: str, ticket: str, now: dt.datetime,
                hall: str = "") -> None:
    day = local_day(now)
    with factory() as db:
        t = db.execute(
            select(QueueTicket).where(QueueTicket.hall == hall, QueueTicket.day == day, QueueTicket.service == code,
                                      QueueTicket.number == int(ticket[len(code):]))
        ).scalar_one()
        t.served_at = to_db(now)
        db.commit()


__all__ = ["SERVICES", "call_next", "estimate", "format_ticket", "mark_served", "spec", "take"]
