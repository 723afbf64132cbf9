"""Payment records by period and tax type, and the documents that prove them.

These functions read and build; the certificate desk wraps them in journal transactions and issues the
documents. They take a taxpayer's row id, never the person's ID number.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.taxes import IncomeType, TaxType
from kiosk.persistence.models import TaxPaymentRecord
from kiosk.rules.names import item_en
from kiosk.services.api import RecordView
from kiosk.services.errors import NotFoundError, UserInputError


def tax_type_labels(tax_type: str) -> tuple[str, str]:
    try:
        t = TaxType(tax_type)
    except ValueError:
        return tax_type, tax_type
    return t.label_zh, t.label_en


def record_view(r: TaxPaymentRecord) -> RecordView:
    zh, en = tax_type_labels(r.tax_type)
    return RecordView(r.id, r.voucher_no, r.tax_type, zh, en, r.item, r.period_from, r.period_to, r.paid_on,
                      r.amount, r.tax_office, item_en(r.item))


def list_records(
    db: Session, taxpayer_id: int, date_from: dt.date, date_to: dt.date, tax_type: str | None = None
) -> list[RecordView]:
    """Records paid into the treasury between two dates (inclusive), newest first."""
    if date_from > date_to:
        raise UserInputError("the start date is after the end date", message_key="error.date_range")
    if tax_type is not None:
        try:
            TaxType(tax_type)
        except ValueError:
            raise UserInputError(f"unknown tax type {tax_type!r}", message_key="error.tax_type") from None
    stmt = select(TaxPaymentRecord).where(
        TaxPaymentRecord.taxpayer_id == taxpayer_id,
        TaxPaymentRecord.paid_on >= date_from,
        TaxPaymentRecord.paid_on <= date_to,
    )
    if tax_type is not None:
        stmt = stmt.where(TaxPaymentRecord.tax_type == tax_type)
    rows = db.execute(stmt.order_by(TaxPaymentRecord.paid_on.desc(), TaxPaymentRecord.id.desc())).scalars()
    return [record_view(r) for r in rows]


def chosen_records(db: Session, taxpayer_id: int, record_ids: Sequence[int]) -> list[TaxPaymentRecord]:
    """The records a person picked for a certificate; each must be theirs."""
    if not record_ids:
        raise UserInputError("choose at least one payment for the certificate", message_key="error.no_records")
    ids = sorted(set(record_ids))
    rows = list(db.execute(
        select(TaxPaymentRecord).where(TaxPaymentRecord.id.in_(ids), TaxPaymentRecord.taxpayer_id == taxpayer_id)
        .order_by(TaxPaymentRecord.paid_on, TaxPaymentRecord.id)
    ).scalars())
    if len(rows) != len(ids):
        raise NotFoundError("some of the chosen payments are not on record for you", message_key="error.not_found")
    return rows


def month_span(month_from: dt.date, month_to: dt.date) -> tuple[dt.date, dt.date]:
    first = month_from.replace(day=1)
    last = month_to.replace(day=calendar.monthrange(month_to.year, month_to.month)[1])
    if first > last:
        raise UserInputError("the first month is after the last month", message_key="error.date_range")
    return first, last


def iit_records(db: Session, taxpayer_id: int, month_from: dt.date, month_to: dt.date) -> list[TaxPaymentRecord]:
    """IIT paid for tax periods that fall within the months chosen (by 税款所属期)."""
    first, last = month_span(month_from, month_to)
    return list(db.execute(
        select(TaxPaymentRecord).where(
            TaxPaymentRecord.taxpayer_id == taxpayer_id,
            TaxPaymentRecord.tax_type == TaxType.IIT.value,
            TaxPaymentRecord.period_from >= first,
            TaxPaymentRecord.period_to <= last,
        ).order_by(TaxPaymentRecord.period_from, TaxPaymentRecord.id)
    ).scalars())


_INCOME_ITEM_ZH = {
    IncomeType.WAGES.value: "工资薪金所得",
    IncomeType.LABOR_REMUNERATION.value: "劳务报酬所得",
    IncomeType.AUTHOR_REMUNERATION.value: "稿酬所得",
    IncomeType.ROYALTIES.value: "特许权使用费所得",
}


def income_item_label(item: str) -> str:
    """Records store the 品目名称 as text; income-type values are shown in Chinese."""
    return _INCOME_ITEM_ZH.get(item, item)


def period_text(a: dt.date, b: dt.date) -> str:
    if (a.year, a.month) == (b.year, b.month):
        return f"{a:%Y-%m}"
    return f"{a:%Y-%m} 至 {b:%Y-%m}"
