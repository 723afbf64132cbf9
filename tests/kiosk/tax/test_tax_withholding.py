"""Withholding during the year: cumulative wage withholding and one-off labour remuneration."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, iit_rules
from kiosk.tax.withholding import (
    cumulative_wage_detail,
    cumulative_wage_withholding,
    labour_withholding,
    labour_withholding_detail,
)

D = Decimal


def test_reference_salary_example() -> None:
    """GIVEN salary 30,000, social insurance 4,500 and special additional 2,000 every month
    WHEN wages are withheld by the cumulative method
    THEN January 555, February 625, March 1,850, and 27,480 in the whole year."""
    withheld = cumulative_wage_withholding([D(30000)] * 12, [D(4500)] * 12, [D(2000)] * 12, 2024)
    assert withheld[:3] == [D(555), D(625), D(1850)]
    assert sum(withheld) == D(27480)
    # Hand computed: the cumulative taxable income crosses 144,000 in August (148,000)
    # -> 148,000 x 20% - 16,920 = 12,680 year to date, minus 10,430 already withheld = 2,250.
    assert withheld[7] == D(2250)
    assert withheld == [D(x) for x in (555, 625, 1850, 1850, 1850, 1850, 1850, 2250, 3700, 3700, 3700, 3700)]


def test_detail_shows_the_year_to_date_figures() -> None:
    detail = cumulative_wage_detail([D(30000)] * 2, [D(4500)] * 2, [D(2000)] * 2, 2024)
    february = detail[1]
    assert february.month_index == 2
    assert february.cumulative_income == D(60000)
    assert february.cumulative_deductions == D(23000)  # 2 x (5,000 + 4,500 + 2,000)
    assert february.cumulative_taxable == D(37000)
    assert (february.rate, february.quick_deduction) == (D("0.10"), D(2520))
    assert february.cumulative_tax == D(1180)
    assert february.withheld == D(625)


def test_a_low_month_after_a_high_one_withholds_nothing_and_refunds_nothing() -> None:
    """GIVEN 20,000 in January (withheld 450) then nothing in February and March
    THEN the year-to-date tax falls, but nothing is paid back during the year."""
    withheld = cumulative_wage_withholding([D(20000), D(0), D(0)], [D(0)] * 3, [D(0)] * 3, 2024)
    # January: (20,000 - 5,000) x 3% = 450; February: (20,000 - 10,000) x 3% = 300 < 450 -> 0.
    assert withheld == [D(450), D(0), D(0)]


def test_no_months_no_withholding() -> None:
    assert cumulative_wage_withholding([], [], [], 2024) == []


@pytest.mark.parametrize(
    ("wages", "special", "additional", "message"),
    [
        ([D(1)] * 13, [D(0)] * 13, [D(0)] * 13, "monthly_wages has 13 months"),
        ([D(1)] * 2, [D(0)] * 1, [D(0)] * 2, "one amount per month each"),
        ([D(1)] * 2, [D(0)] * 2, [D(0)] * 3, "one amount per month each"),
        ([D(1), D(-1)], [D(0)] * 2, [D(0)] * 2, r"monthly_wages\[1\] must not be negative"),
        ([D(1)], ["x"], [D(0)], r"monthly_special_deductions\[0\] must be an amount"),
        ([D(1)], [D(0)], [1.5], r"monthly_special_additional\[0\] must be an amount"),
    ],
)
def test_bad_month_lists_are_refused(wages: list, special: list, additional: list, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        cumulative_wage_withholding(wages, special, additional, 2024)


def test_wage_withholding_needs_a_rule_table() -> None:
    with pytest.raises(NoRuleTable):
        cumulative_wage_withholding([D(1)], [D(0)], [D(0)], 2018)


@pytest.mark.parametrize(
    ("payment", "tax"),
    [
        ("2000", "240.00"),  # reference: (2,000 - 800) x 20%
        ("40000", "7600.00"),  # reference: 40,000 x 80% = 32,000 x 30% - 2,000
        ("500", "0.00"),  # less than 800: nothing taxable
        ("800", "0.00"),
        ("4000", "640.00"),  # (4,000 - 800) x 20%
        ("4000.01", "640.00"),  # 3,200.008 x 20% = 640.0016
        ("25000", "4000.00"),  # 20,000 taxable x 20% (upper bound inclusive)
        ("25000.01", "4000.00"),  # 20,000.008 x 30% - 2,000 = 4,000.0024
        ("62500", "13000.00"),  # 50,000 x 30% - 2,000
        ("100000", "25000.00"),  # 80,000 x 40% - 7,000
    ],
)
def test_labour_withholding(payment: str, tax: str) -> None:
    assert labour_withholding(D(payment), 2024) == D(tax)


def test_labour_detail() -> None:
    detail = labour_withholding_detail(D(40000), 2025, rules=iit_rules(2025))
    assert (detail.expenses, detail.taxable, detail.rate, detail.quick_deduction) == (
        D(8000),
        D(32000),
        D("0.30"),
        D(2000),
    )


def test_labour_payment_must_be_an_amount() -> None:
    with pytest.raises(UserInputError, match="payment must not be negative"):
        labour_withholding(D(-1), 2024)
