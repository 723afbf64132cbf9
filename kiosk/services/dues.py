"""Taxes and fees due (vehicle and vessel tax, property tax, social insurance, a reconciliation balance).

Paying dues runs through :class:`kiosk.services.ledger.PaymentLedger`; this module says which dues
may be paid together, locks them to one payment, and on "paid" marks them paid and writes the
payment records (with voucher numbers) that later appear in records and certificates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import local_day
from kiosk.persistence.models import Payment, TaxDue, TaxPaymentRecord, Transaction
from kiosk.rules.names import item_en
from kiosk.services.api import DueView, PaymentState
from kiosk.services.errors import NotFoundError, PaymentInProgress, UserInputError
from kiosk.services.ledger import PaidEffect
from kiosk.services.records import tax_type_labels


class DueStatus(StrEnum):
    DUE = "due"
    PAID = "paid"
    CANCELLED = "cancelled"


# A due locked to a payment in one of these states cannot be put into another payment.
LOCKING_PAYMENT_STATES = frozenset(
    {PaymentState.REQUESTED.value, PaymentState.PENDING.value, PaymentState.UNKNOWN.value, PaymentState.PAID.value}
)


def due_view(d: TaxDue) -> DueView:
    zh, en = tax_type_labels(d.tax_type)
    return DueView(d.id, d.tax_type, zh, en, d.item, d.period_from, d.period_to, d.due_date, d.amount,
                   item_en(d.item))


def list_dues(db: Session, taxpayer_id: int) -> list[DueView]:
    rows = db.execute(
        select(TaxDue).where(TaxDue.taxpayer_id == taxpayer_id, TaxDue.status == DueStatus.DUE.value)
        .order_by(TaxDue.due_date, TaxDue.id)
    ).scalars()
    return [due_view(d) for d in rows]


def chosen_dues(db: Session, taxpayer_id: int, due_ids: Sequence[int]) -> tuple[list[TaxDue], str | None]:
    """The dues chosen for payment and, if all of them are already in one open payment, its transaction.

    Raises PaymentInProgress when some are locked to a pending, unknown or paid payment (and not
    exactly this set), so a second order for the same dues can never be made.
    """
    if not due_ids:
        raise UserInputError("choose at least one tax or fee to pay", message_key="error.no_dues")
    ids = sorted(set(due_ids))
    # FOR UPDATE: two kiosks ordering the same dues at once (a shared PostgreSQL) are serialised here,
    # and the second then sees the first one's payment on them and is refused (SQLite: BEGIN IMMEDIATE).
    dues = list(db.execute(
        select(TaxDue).where(TaxDue.id.in_(ids), TaxDue.taxpayer_id == taxpayer_id).order_by(TaxDue.id)
        .with_for_update()
    ).scalars())
    if len(dues) != len(ids):
        raise NotFoundError("some of the chosen taxes are not owed by you", message_key="error.not_found")
    locks: set[tuple[int, str]] = set()
    for d in dues:
        if d.status == DueStatus.PAID.value:
            raise PaymentInProgress(f"{d.item} is already paid", message_key="error.already_paid")
        if d.status != DueStatus.DUE.value:
            raise NotFoundError(f"{d.item} is no longer due", message_key="error.not_found")
        if d.payment_id is not None:
            row = db.execute(
                select(Payment.state, Payment.transaction_id).where(Payment.id == d.payment_id)
            ).first()
            if row is not None and row.state in LOCKING_PAYMENT_STATES:
                locks.add((d.payment_id, row.transaction_id))
    if not locks:
        return dues, None
    if len(locks) == 1:
        payment_id, tx_id = next(iter(locks))
        same_set = {d.id for d in db.execute(select(TaxDue).where(TaxDue.payment_id == payment_id)).scalars()}
        if same_set == set(ids):
            return dues, tx_id
    raise PaymentInProgress("some of these taxes are already in a payment that is not finished")


def total(dues: Sequence[TaxDue]) -> Decimal:
    return sum((d.amount for d in dues), Decimal("0.00"))


def lock(due_ids: Sequence[int]) -> Callable[[Session, Payment], None]:
    """Lock the dues to a new payment, in its unit of work; refused if one was taken meanwhile."""
    ids = list(due_ids)

    def _lock(db: Session, payment: Payment) -> None:
        for d in db.execute(select(TaxDue).where(TaxDue.id.in_(ids))).scalars():
            if d.status != DueStatus.DUE:
                raise PaymentInProgress(f"{d.item} is no longer due")
            if d.payment_id is not None:
                st = db.execute(select(Payment.state).where(Payment.id == d.payment_id)).scalar()
                if st in LOCKING_PAYMENT_STATES:
                    raise PaymentInProgress("some of these taxes are already in a payment that is not finished")
            d.payment_id = payment.id

    return _lock


def voucher_number(prefix: str, day: dt.date, serial: int, index: int = 0) -> str:
    """原凭证号 for a payment made at the kiosk: deterministic, so a repeated 'paid' cannot write twice."""
    return f"{prefix}{day:%Y%m%d}{serial:010d}{index:02d}"


def on_paid(tax_office: str) -> PaidEffect:
    def _paid(db: Session, tx: Transaction, payment: Payment, now: dt.datetime) -> None:
        day = local_day(now)
        for d in db.execute(select(TaxDue).where(TaxDue.payment_id == payment.id).order_by(TaxDue.id)).scalars():
            d.status = DueStatus.PAID.value
            db.add(TaxPaymentRecord(
                taxpayer_id=d.taxpayer_id, voucher_no=voucher_number("KP", day, d.id), tax_type=d.tax_type,
                item=d.item, period_from=d.period_from, period_to=d.period_to, paid_on=day, amount=d.amount,
                tax_office=tax_office,
            ))

    return _paid


def release(db: Session, tx: Transaction) -> None:
    """The payment failed or was cancelled: the dues are free to be paid again."""
    ids = [p for p in db.execute(select(Payment.id).where(Payment.transaction_id == tx.id)).scalars()]
    for d in db.execute(select(TaxDue).where(TaxDue.payment_id.in_(ids))).scalars():
        if d.status == DueStatus.DUE.value:
            d.payment_id = None
