"""Invoices issued on a person's behalf for renting out a home (代开发票): quote, pay, issue.

The taxes come from :func:`kiosk.tax.rental.rental_quote` with the tax office's rule table (rates
configurable per office, ``kiosk.tax_office_code``); this module stores the quote with the
invoice, records the taxes paid as payment records, and builds the invoice document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import local_day
from kiosk.persistence.models import Payment, RentalInvoice, TaxPaymentRecord, Transaction
from kiosk.services.api import QuoteLine, RentalQuoteView, RentalRequest
from kiosk.services.dues import voucher_number
from kiosk.services.errors import UserInputError
from kiosk.services.ledger import PaidEffect


class InvoiceState(StrEnum):
    QUOTED = "quoted"
    PAID = "paid"
    ISSUED = "issued"
    CANCELLED = "cancelled"


def quote(request: RentalRequest, office_code: str | None) -> tuple[RentalQuoteView, tuple[QuoteLine, ...]]:
    """(the view for the screen, the tax lines without the total)."""
    from kiosk.tax.rental import rental_quote

    if not request.tenant_name.strip():
        raise UserInputError("enter the tenant's name", message_key="error.tenant_name")
    if not request.property_address.strip():
        raise UserInputError("enter the address of the home", message_key="error.property_address")
    q = rental_quote(
        request.rent_total, request.period_from, request.period_to, residential=request.residential,
        location_class=request.location_class, repairs=request.repairs, office_code=office_code,
    )
    return q.to_view(), q.tax_lines


def new_invoice(db: Session, taxpayer_id: int, tx_id: str, request: RentalRequest, view: RentalQuoteView,
                lines: tuple[QuoteLine, ...]) -> RentalInvoice:
    taxes: dict[str, Any] = {
        "lines": [[ln.label_zh, ln.label_en, str(ln.amount), ln.note, ln.tax_type] for ln in lines],
        "months": view.months,
        "residential": request.residential,
        "location_class": request.location_class,
        "repairs": str(request.repairs),
    }
    inv = RentalInvoice(
        taxpayer_id=taxpayer_id, transaction_id=tx_id, tenant_name=request.tenant_name.strip(),
        property_address=request.property_address.strip(), period_from=request.period_from,
        period_to=request.period_to, rent_total=request.rent_total, taxes=taxes, tax_total=view.total_tax,
        rule_version=view.rule_version, state=InvoiceState.QUOTED,
    )
    db.add(inv)
    db.flush()
    return inv


def invoice_of(db: Session, tx_id: str) -> RentalInvoice:
    return db.execute(select(RentalInvoice).where(RentalInvoice.transaction_id == tx_id)).scalar_one()


def stored_lines(inv: RentalInvoice) -> list[tuple[str, str, Decimal, str]]:
    """(label zh, label en, amount, tax type) of each tax line, as quoted."""
    return [(zh, en, Decimal(amount), tax_type) for zh, en, amount, _note, tax_type in inv.taxes["lines"]]


def record_paid(db: Session, tx_id: str, tax_office: str, now: dt.datetime) -> None:
    """The taxes are paid (or nothing was due): the invoice may be issued; each tax becomes a record."""
    inv = invoice_of(db, tx_id)
    inv.state = InvoiceState.PAID
    day = local_day(now)
    for i, (zh, _en, amount, tax_type) in enumerate(stored_lines(inv)):
        if amount <= 0:
            continue
        db.add(TaxPaymentRecord(
            taxpayer_id=inv.taxpayer_id, voucher_no=voucher_number("KR", day, inv.id, i),
            tax_type=tax_type, item=f"出租住房 {zh}",
            period_from=inv.period_from, period_to=inv.period_to, paid_on=day, amount=amount,
            tax_office=tax_office,
        ))


def on_paid(tax_office: str) -> PaidEffect:
    def _paid(db: Session, tx: Transaction, payment: Payment, now: dt.datetime) -> None:
        del payment  # the invoice's taxes are known from the quote, whatever paid them
        record_paid(db, tx.id, tax_office, now)

    return _paid


def mark_issued(db: Session, tx_id: str) -> None:
    invoice_of(db, tx_id).state = InvoiceState.ISSUED


def release(db: Session, tx: Transaction) -> None:
    inv = db.execute(select(RentalInvoice).where(RentalInvoice.transaction_id == tx.id)).scalar_one_or_none()
    if inv is not None and inv.state == InvoiceState.QUOTED:
        inv.state = InvoiceState.CANCELLED
