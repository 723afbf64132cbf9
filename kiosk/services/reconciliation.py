"""IIT annual reconciliation (年度汇算), certificate-free: the year's income comes from shared data.

Prefill sums the withholding agents' income records; the person answers simple questions that
:func:`kiosk.tax.iit_annual.input_from_answers` turns into the calculator's input (deduction
amounts, the annual one-off bonus carved out of the wages on record, the other deductions and
donations); the calculator (:func:`kiosk.tax.iit_annual.compute_annual`, versioned rule tables by
tax year) does all the math, the filing exemption and its "agent failed to withhold" exception
included. This module never computes tax itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.taxes import IncomeType
from kiosk.persistence.models import IncomeRecord, Reconciliation
from kiosk.rules.names import payer_en
from kiosk.services.api import DeductionAnswers, IncomeSource, ReconciliationPrefill, ReconciliationPreview
from kiosk.services.errors import NotFoundError, UserInputError

ZERO = Decimal("0.00")


def years(db: Session, taxpayer_id: int, today: dt.date) -> list[int]:
    """Tax years with income on record that have ended and have a rule table, newest first."""
    from kiosk.rules import NoRuleTable, iit_rules

    found = db.execute(
        select(IncomeRecord.year).where(IncomeRecord.taxpayer_id == taxpayer_id).distinct()
    ).scalars().all()
    out = []
    for year in sorted(set(found), reverse=True):
        if year >= today.year:
            continue
        try:
            iit_rules(year)
        except NoRuleTable:
            continue
        out.append(year)
    return out


def prefill(db: Session, taxpayer_id: int, year: int) -> ReconciliationPrefill:
    rows = db.execute(
        select(
            IncomeRecord.payer, IncomeRecord.income_type,
            func.sum(IncomeRecord.gross_amount), func.sum(IncomeRecord.tax_withheld),
            func.sum(IncomeRecord.special_deductions),
        ).where(IncomeRecord.taxpayer_id == taxpayer_id, IncomeRecord.year == year)
        .group_by(IncomeRecord.payer, IncomeRecord.income_type).order_by(IncomeRecord.payer)
    ).all()
    if not rows:
        raise NotFoundError(f"no income is on record for {year}", message_key="error.no_income")
    by_type: dict[str, Decimal] = {t.value: ZERO for t in IncomeType}
    special = prepaid = ZERO
    sources = []
    for payer, income_type, gross, withheld, sd in rows:
        gross, withheld, sd = (Decimal(str(v or 0)).quantize(ZERO) for v in (gross, withheld, sd))
        by_type[income_type] = by_type.get(income_type, ZERO) + gross
        special += sd
        prepaid += withheld
        sources.append(IncomeSource(payer, income_type, gross, withheld, payer_en(payer)))
    from kiosk.rules import OTHER_DEDUCTION_KEYS, iit_rules

    rules = iit_rules(year)
    sad = rules.special_additional
    return ReconciliationPrefill(
        year=year,
        elderly_total_monthly=sad.elderly_only_child_monthly,
        elderly_share_max_monthly=sad.elderly_sibling_share_max_monthly,
        other_deductions_open=tuple(k for k in OTHER_DEDUCTION_KEYS if rules.other_deductions[k].applies_to(year)),
        wages=by_type[IncomeType.WAGES.value],
        labor_remuneration=by_type[IncomeType.LABOR_REMUNERATION.value],
        author_remuneration=by_type[IncomeType.AUTHOR_REMUNERATION.value],
        royalties=by_type[IncomeType.ROYALTIES.value],
        special_deductions=special,
        prepaid_tax=prepaid,
        sources=tuple(sources),
    )


def agent_failed_to_withhold(db: Session, taxpayer_id: int, year: int) -> bool:
    return bool(db.execute(
        select(func.count()).select_from(IncomeRecord).where(
            IncomeRecord.taxpayer_id == taxpayer_id, IncomeRecord.year == year, IncomeRecord.not_withheld.is_(True)
        )
    ).scalar_one())


def compute(db: Session, taxpayer_id: int, year: int, answers: DeductionAnswers) -> tuple[ReconciliationPreview,
                                                                                          str, dict[str, Any]]:
    """(the preview, the rule version, the inputs as stored) for this person's year and answers.

    ``answers.bonus`` is the part of the wages on record that was the annual one-off bonus.
    """
    from kiosk.tax.iit_annual import compute_annual, input_from_answers

    check_couple(answers)
    p = prefill(db, taxpayer_id, year)
    annual_input, deductions = input_from_answers(
        year, wages=p.wages, labor_remuneration=p.labor_remuneration,
        author_remuneration=p.author_remuneration, royalties=p.royalties,
        special_deductions=p.special_deductions, prepaid_tax=p.prepaid_tax, answers=answers,
        # The exemption does not hold when a withholding agent failed to withhold (公告2023年第32号).
        agent_failed_to_withhold=agent_failed_to_withhold(db, taxpayer_id, year),
    )
    result = compute_annual(annual_input)
    preview = result.to_preview()
    inputs = {
        "prefill": {k: str(v) for k, v in dataclasses.asdict(p).items() if k not in ("sources", "year")},
        "answers": _jsonable(dataclasses.asdict(answers)),
        "deductions": {k: str(v) for k, v in deductions.items()},
        "other_deductions": {k: str(v) for k, v in result.other_deductions.items()},
    }
    return preview, result.rule_version, inputs


def check_couple(answers: DeductionAnswers) -> None:
    """A couple claims housing loan interest or housing rent in a year, never both (国发〔2018〕41号
    第十八条 as read here); the calculator checks the loan side, this the rent side."""
    if answers.housing.startswith("rent_") and answers.spouse_claims_loan:
        raise UserInputError("a couple cannot claim housing rent while the spouse claims housing loan interest",
                             message_key="error.housing_couple")


def preview_as_json(preview: ReconciliationPreview) -> dict[str, Any]:
    data: dict[str, Any] = _jsonable(dataclasses.asdict(preview))
    return data


def already_submitted(db: Session, taxpayer_id: int, year: int) -> bool:
    return db.execute(
        select(func.count()).select_from(Reconciliation).where(
            Reconciliation.taxpayer_id == taxpayer_id, Reconciliation.year == year,
            Reconciliation.submitted_at.is_not(None),
        )
    ).scalar_one() > 0


def check_not_submitted(db: Session, taxpayer_id: int, year: int) -> None:
    if already_submitted(db, taxpayer_id, year):
        raise UserInputError(f"the reconciliation for {year} is already submitted; corrections are made at "
                             "the counter", message_key="error.already_submitted")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
