"""IIT withholding during the year: cumulative wage withholding and prepayment on labour
remuneration, author's remuneration and royalties (国家税务总局公告2018年第61号).

Wage withholding (累计预扣法): year-to-date wages - the cumulative basic deduction - the special,
special additional and other deductions to date, on the annual table, less what was withheld
already this year. The cumulative basic deduction is 5,000 x the months worked for this employer,
or:

- 5,000 x the month number of the year when this is the year's first employment and it starts
  after January (国家税务总局公告2020年第13号, for months from July 2020);
- 60,000 from January when last year's wages came from this employer all year and were at most
  60,000 (国家税务总局公告2020年第19号, from 2021): nothing is withheld until the year's wages pass
  60,000 plus the other deductions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiosk.errors import UserInputError
from kiosk.rules import IitRules
from kiosk.tax.iit_annual import rules_for_year
from kiosk.tax.money import ZERO, parse_amount, round_cents


@dataclass(frozen=True)
class WageMonth:
    """One month of cumulative withholding (all figures year to date except ``withheld``)."""

    month_index: int  # 1 for the first month worked this year
    cumulative_income: Decimal
    cumulative_deductions: Decimal  # the cumulative basic deduction + special + special additional + other
    cumulative_taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal
    withheld: Decimal  # this month's withholding
    month: int = 0  # the calendar month (1-12)
    cumulative_basic_deduction: Decimal = ZERO


@dataclass(frozen=True)
class MonthInput:
    """One month's wage and deductions as paid by the employer (amounts for that month)."""

    wage: Decimal = ZERO
    special_deductions: Decimal = ZERO  # 三险一金
    special_additional_deductions: Decimal = ZERO
    other_deductions: Decimal = ZERO  # e.g. personal pension, health insurance claimed monthly


def _month_number(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise UserInputError(f"{name} must be a month from 1 to 12, got {value!r}.")
    return value


def wage_withholding(
    months: Sequence[MonthInput],
    year: int,
    *,
    start_month: int = 1,
    first_job_of_year: bool = True,
    prior_year_income_le_60000: bool = False,
    rules: IitRules | None = None,
) -> list[WageMonth]:
    """Cumulative withholding month by month from ``start_month``, one entry per month given.

    ``first_job_of_year``: this employment is the person's first of the year (公告2020年第13号;
    it only matters when it starts after January). ``prior_year_income_le_60000``: the person's
    wages last year all came from this employer and were at most 60,000 (公告2020年第19号);
    refused before 2021 or with a start after January.

    A month whose cumulative tax is below what was already withheld withholds 0; nothing is paid
    back during the year (that happens at the annual reconciliation).
    """
    rules = rules_for_year(year, rules)
    start = _month_number(start_month, "start_month")
    if len(months) > 13 - start:
        raise UserInputError(
            f"{len(months)} months from month {start} run past December; give at most {13 - start}."
        )
    if not isinstance(first_job_of_year, bool) or not isinstance(prior_year_income_le_60000, bool):
        raise UserInputError("first_job_of_year and prior_year_income_le_60000 must be true or false.")
    wr = rules.wage_withholding
    if prior_year_income_le_60000:
        if year < wr.low_income_from_year:
            raise UserInputError(
                f"The 60,000 rule (公告2020年第19号) applies from {wr.low_income_from_year}, not {year}."
            )
        if start != 1:
            raise UserInputError(
                "The 60,000 rule is for an employee of the same employer since last January; "
                "start_month must be 1."
            )
    income = deductions = withheld_so_far = ZERO
    out: list[WageMonth] = []
    for i, entry in enumerate(months):
        if not isinstance(entry, MonthInput):
            raise UserInputError(f"months[{i}] must be a month of wage and deductions.")
        month = start + i
        income += parse_amount(entry.wage, f"months[{i}].wage")
        deductions += parse_amount(entry.special_deductions, f"months[{i}].special_deductions")
        deductions += parse_amount(
            entry.special_additional_deductions, f"months[{i}].special_additional_deductions"
        )
        deductions += parse_amount(entry.other_deductions, f"months[{i}].other_deductions")
        if prior_year_income_le_60000:
            basic = wr.low_income_annual_deduction + ZERO
        elif first_job_of_year and wr.first_job_rule_applies(year, month):
            basic = wr.monthly_basic_deduction * month
        else:
            basic = wr.monthly_basic_deduction * (i + 1)
        taxable = max(income - basic - deductions, ZERO)
        bracket = rules.annual_table.find(taxable)
        cumulative_tax = round_cents(taxable * bracket.rate - bracket.quick_deduction)
        withheld = max(cumulative_tax - withheld_so_far, ZERO)
        withheld_so_far += withheld
        out.append(
            WageMonth(
                month_index=i + 1,
                cumulative_income=income,
                cumulative_deductions=basic + deductions,
                cumulative_taxable=taxable,
                rate=bracket.rate,
                quick_deduction=bracket.quick_deduction + ZERO,
                cumulative_tax=cumulative_tax,
                withheld=withheld,
                month=month,
                cumulative_basic_deduction=basic,
            )
        )
    return out


def cumulative_wage_detail(
    monthly_wages: Sequence[Decimal],
    monthly_special_deductions: Sequence[Decimal],
    monthly_special_additional: Sequence[Decimal],
    year: int,
    rules: IitRules | None = None,
) -> list[WageMonth]:
    """Cumulative withholding (累计预扣法) from January, with the year-to-date figures.

    One entry per month worked for this employer this year, first month first (at most 12).
    """
    months = len(monthly_wages)
    if months > 12:
        raise UserInputError(f"monthly_wages has {months} months; a year has at most 12.")
    if len(monthly_special_deductions) != months or len(monthly_special_additional) != months:
        raise UserInputError(
            "monthly_wages, monthly_special_deductions and monthly_special_additional must have "
            "one amount per month each."
        )
    entries = []
    for i in range(months):
        entries.append(
            MonthInput(
                wage=parse_amount(monthly_wages[i], f"monthly_wages[{i}]"),
                special_deductions=parse_amount(
                    monthly_special_deductions[i], f"monthly_special_deductions[{i}]"
                ),
                special_additional_deductions=parse_amount(
                    monthly_special_additional[i], f"monthly_special_additional[{i}]"
                ),
            )
        )
    return wage_withholding(entries, year, rules=rules)


def cumulative_wage_withholding(
    monthly_wages: list[Decimal],
    monthly_special_deductions: list[Decimal],
    monthly_special_additional: list[Decimal],
    year: int,
) -> list[Decimal]:
    """Each month's wage withholding by the cumulative method (see :func:`cumulative_wage_detail`).

    Salary 30,000, social insurance 4,500 and special additional 2,000 a month give
    555, 625, 1,850, ... and 27,480 for the year.
    """
    detail = cumulative_wage_detail(
        monthly_wages, monthly_special_deductions, monthly_special_additional, year
    )
    return [month.withheld for month in detail]


class PrepayKind(StrEnum):
    LABOUR = "labour"  # 劳务报酬
    AUTHOR = "author"  # 稿酬
    ROYALTY = "royalty"  # 特许权使用费


@dataclass(frozen=True)
class LabourWithholding:
    payment: Decimal
    expenses: Decimal  # 800 or 20% of the payment
    taxable: Decimal  # 预扣预缴应纳税所得额, rounded to the cent
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal
    kind: PrepayKind = PrepayKind.LABOUR


def prepayment(
    kind: PrepayKind | str, payment: Decimal, year: int, rules: IitRules | None = None
) -> LabourWithholding:
    """Prepayment (预扣预缴) on one payment of labour, author's remuneration or royalties.

    Expenses: 800 for a payment of at most 4,000 (not more than the payment), else 20%. Then:
    labour: 20% up to 20,000 taxable, 30% - 2,000 up to 50,000, 40% - 7,000 above (2,000 -> 240,
    40,000 -> 7,600); author's remuneration: 70% of the rest at 20% (40,000 -> 4,480); royalties:
    20% (10,000 -> 1,600).
    """
    if not isinstance(kind, str) or kind not in PrepayKind.__members__.values():
        choices = ", ".join(k.value for k in PrepayKind)
        raise UserInputError(f"kind must be one of {choices}, got {kind!r}.")
    kind = PrepayKind(kind)
    rules = rules_for_year(year, rules)
    table = rules.labour_withholding
    amount = parse_amount(payment, "payment")
    expenses = round_cents(table.expenses(amount))
    rest = amount - expenses
    if kind is PrepayKind.LABOUR:
        taxable = rest
        bracket = table.table.find(taxable)
        rate, quick = bracket.rate, bracket.quick_deduction + ZERO
    elif kind is PrepayKind.AUTHOR:
        taxable = rest * rules.prepay.author_income_factor
        rate, quick = rules.prepay.author_rate, ZERO
    else:
        taxable = rest
        rate, quick = rules.prepay.royalty_rate, ZERO
    tax = round_cents(taxable * rate - quick)
    return LabourWithholding(amount, expenses, round_cents(taxable), rate, quick, tax, kind)


def labour_withholding_detail(
    payment: Decimal, year: int, rules: IitRules | None = None
) -> LabourWithholding:
    """Withholding on one payment of labour remuneration (劳务报酬, 预扣预缴): see :func:`prepayment`."""
    return prepayment(PrepayKind.LABOUR, payment, year, rules)


def labour_withholding(payment: Decimal, year: int, rules: IitRules | None = None) -> Decimal:
    """The tax withheld on one labour remuneration payment: 2,000 -> 240; 40,000 -> 7,600."""
    return labour_withholding_detail(payment, year, rules).tax
