"""IIT withholding during the year: cumulative wage withholding and one-off labour remuneration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kiosk.errors import UserInputError
from kiosk.rules import IitRules
from kiosk.tax.iit_annual import rules_for_year
from kiosk.tax.money import ZERO, parse_amount, round_cents


@dataclass(frozen=True)
class WageMonth:
    """One month of cumulative withholding (all figures year to date except ``withheld``)."""

    month_index: int  # 1 for the first month worked this year
    cumulative_income: Decimal
    cumulative_deductions: Decimal  # 5,000 x months + special + special additional
    cumulative_taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal
    withheld: Decimal  # this month's withholding


def cumulative_wage_detail(
    monthly_wages: Sequence[Decimal],
    monthly_special_deductions: Sequence[Decimal],
    monthly_special_additional: Sequence[Decimal],
    year: int,
    rules: IitRules | None = None,
) -> list[WageMonth]:
    """Cumulative withholding (累计预扣法) month by month, with the year-to-date figures.

    One entry per month worked for this employer this year, first month first (at most 12). A
    month whose cumulative tax is below what was already withheld withholds 0; nothing is paid back
    during the year (that happens at the annual reconciliation).
    """
    rules = rules_for_year(year, rules)
    months = len(monthly_wages)
    if months > 12:
        raise UserInputError(f"monthly_wages has {months} months; a year has at most 12.")
    if len(monthly_special_deductions) != months or len(monthly_special_additional) != months:
        raise UserInputError(
            "monthly_wages, monthly_special_deductions and monthly_special_additional must have "
            "one amount per month each."
        )
    income = deductions = withheld_so_far = ZERO
    out: list[WageMonth] = []
    for i in range(months):
        income += parse_amount(monthly_wages[i], f"monthly_wages[{i}]")
        deductions += rules.monthly_basic_deduction
        deductions += parse_amount(monthly_special_deductions[i], f"monthly_special_deductions[{i}]")
        deductions += parse_amount(monthly_special_additional[i], f"monthly_special_additional[{i}]")
        taxable = max(income - deductions, ZERO)
        bracket = rules.annual_table.find(taxable)
        cumulative_tax = round_cents(taxable * bracket.rate - bracket.quick_deduction)
        withheld = max(cumulative_tax - withheld_so_far, ZERO)
        withheld_so_far += withheld
        out.append(
            WageMonth(
                i + 1,
                income,
                deductions,
                taxable,
                bracket.rate,
                bracket.quick_deduction + ZERO,
                cumulative_tax,
                withheld,
            )
        )
    return out


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


@dataclass(frozen=True)
class LabourWithholding:
    payment: Decimal
    expenses: Decimal  # 800 or 20% of the payment
    taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal


def labour_withholding_detail(
    payment: Decimal, year: int, rules: IitRules | None = None
) -> LabourWithholding:
    """Withholding on one payment of labour remuneration (劳务报酬, 预扣预缴).

    Payment at most 4,000: deduct 800 (not below 0), else 20%; then 20% up to 20,000 taxable,
    30% - 2,000 up to 50,000, 40% - 7,000 above.
    """
    rules = rules_for_year(year, rules)
    table = rules.labour_withholding
    amount = parse_amount(payment, "payment")
    expenses = (
        min(table.fixed_deduction, amount) if amount <= table.threshold else amount * table.percent_deduction
    )
    expenses = round_cents(expenses)
    taxable = amount - expenses
    bracket = table.table.find(taxable)
    tax = round_cents(taxable * bracket.rate - bracket.quick_deduction)
    return LabourWithholding(amount, expenses, taxable, bracket.rate, bracket.quick_deduction + ZERO, tax)


def labour_withholding(payment: Decimal, year: int, rules: IitRules | None = None) -> Decimal:
    """The tax withheld on one labour remuneration payment: 2,000 -> 240; 40,000 -> 7,600."""
    return labour_withholding_detail(payment, year, rules).tax
