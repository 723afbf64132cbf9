"""Database records -> the plain inputs of the document builders (no ORM object leaves this module)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.taxes import TaxType
from kiosk.errors import NotFoundError, UserInputError
from kiosk.persistence.models import Reconciliation, RentalInvoice, Taxpayer, TaxPaymentRecord
from kiosk.rules.names import item_en, office_en
from receipts import documents as builders
from receipts.model import Document, IssueContext


def month_range(
    month_from: str | None, month_to: str | None, *, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """``YYYY-MM`` .. ``YYYY-MM`` -> first day .. last day; default: this year up to this month."""
    today = today or dt.date.today()

    def parse(s: str, name: str) -> dt.date:
        try:
            return dt.datetime.strptime(s, "%Y-%m").date()
        except ValueError:
            raise UserInputError(f"--{name} must be a month as YYYY-MM, got {s!r}") from None

    start = parse(month_from, "from") if month_from else dt.date(today.year, 1, 1)
    end_month = parse(month_to, "to") if month_to else today.replace(day=1)
    nxt = (end_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = nxt - dt.timedelta(days=1)
    if end < start:
        raise UserInputError("--from must not be after --to")
    return start, end


def taxpayer(db: Session, id_number: str) -> Taxpayer:
    row = db.scalar(select(Taxpayer).where(Taxpayer.id_number == id_number.strip().upper()))
    if row is None:
        raise NotFoundError("no taxpayer with this ID number")
    return row


def _payments(
    db: Session, taxpayer_id: int, start: dt.date, end: dt.date, iit_only: bool
) -> list[TaxPaymentRecord]:
    q = (
        select(TaxPaymentRecord)
        .where(TaxPaymentRecord.taxpayer_id == taxpayer_id)
        .where(TaxPaymentRecord.paid_on >= start, TaxPaymentRecord.paid_on <= end)
        .order_by(TaxPaymentRecord.paid_on, TaxPaymentRecord.voucher_no)
    )
    if iit_only:
        q = q.where(TaxPaymentRecord.tax_type == TaxType.IIT.value)
    return list(db.scalars(q))


def certificate_for(
    db: Session, ctx: IssueContext, id_number: str, start: dt.date, end: dt.date
) -> tuple[int, Document]:
    """(taxpayer row id, 税收完税证明 of every tax paid in [start, end])."""
    tp = taxpayer(db, id_number)
    rows = _payments(db, tp.id, start, end, iit_only=False)
    if not rows:
        raise NotFoundError(f"no tax paid between {start} and {end}")
    lines = [
        builders.CertificateLine(
            r.voucher_no, r.tax_type, r.item, r.period_from, r.period_to, r.paid_on, r.amount, item_en(r.item)
        )
        for r in rows
    ]
    return tp.id, builders.certificate(ctx, tp.name, tp.id_number, lines)


def iit_record_for(
    db: Session, ctx: IssueContext, id_number: str, start: dt.date, end: dt.date
) -> tuple[int, Document]:
    """(taxpayer row id, 个人所得税纳税记录 for [start, end])."""
    tp = taxpayer(db, id_number)
    rows = _payments(db, tp.id, start, end, iit_only=True)
    lines = [
        builders.IitRecordLine(
            income_item=r.item,
            period=f"{r.period_from:%Y-%m}"
            if r.period_from.strftime("%Y%m") == r.period_to.strftime("%Y%m")
            else f"{r.period_from:%Y-%m} 至 {r.period_to:%Y-%m}",
            paid_on=r.paid_on,
            office=r.tax_office,
            amount=r.amount,
            income_item_en=item_en(r.item),
            office_en=office_en(r.tax_office),
        )
        for r in rows
    ]
    return tp.id, builders.iit_record(ctx, tp.name, tp.id_number, start, end, lines)


def rental_invoice_for(db: Session, ctx: IssueContext, id_number: str) -> tuple[int, Document]:
    """(taxpayer row id, the latest paid or issued rental invoice of the taxpayer)."""
    tp = taxpayer(db, id_number)
    inv = db.scalar(
        select(RentalInvoice)
        .where(RentalInvoice.taxpayer_id == tp.id, RentalInvoice.state.in_(("paid", "issued")))
        .order_by(RentalInvoice.id.desc())
        .limit(1)
    )
    if inv is None:
        raise NotFoundError("no paid rental invoice for this taxpayer")
    lines = []
    for key, amount in inv.taxes.items():
        try:
            t = TaxType(key)
            zh, en = t.label_zh, t.label_en
        except ValueError:
            zh, en = key, ""
        lines.append(builders.RentalTaxLine(zh, en, Decimal(str(amount))))
    return tp.id, builders.rental_invoice(
        ctx,
        tp.name,
        tp.id_number,
        inv.tenant_name,
        inv.tenant_tax_id,
        inv.property_address,
        inv.period_from,
        inv.period_to,
        inv.rent_total,
        lines,
        inv.rule_version,
    )


def reconciliation_for(
    db: Session, ctx: IssueContext, id_number: str, year: int | None
) -> tuple[int, Document]:
    """(taxpayer row id, the latest signed reconciliation of ``year`` (or of any year))."""
    tp = taxpayer(db, id_number)
    q = select(Reconciliation).where(Reconciliation.taxpayer_id == tp.id)
    if year is not None:
        q = q.where(Reconciliation.year == year)
    rec = db.scalar(q.order_by(Reconciliation.id.desc()).limit(1))
    if rec is None:
        raise NotFoundError("no annual reconciliation for this taxpayer")
    res = rec.result or {}
    steps = [
        builders.ReconciliationStep(
            str(s.get("label_zh", "")),
            str(s.get("label_en", "")),
            Decimal(str(s["amount"])) if s.get("amount") is not None else None,
            str(s.get("text", "")),
        )
        for s in res.get("steps", [])
        if isinstance(s, dict)
    ]
    balance = rec.balance
    tax = Decimal(str(res.get("tax", "0")))
    prepaid = Decimal(str(res.get("prepaid_tax", tax - balance)))
    outcome = "pay" if balance > 0 else "refund" if balance < 0 else "none"
    return tp.id, builders.reconciliation(
        ctx,
        tp.name,
        tp.id_number,
        rec.year,
        steps,
        tax,
        prepaid,
        balance,
        outcome,
        rec.rule_version,
        rec.commitment_version,
        rec.commitment_text,
        str(res.get("commitment_en", "")),
        rec.signed_at,
    )
