"""Withholding during the year: cumulative wage withholding (with the start-month and 60,000 rules)
and prepayment on labour remuneration, author's remuneration and royalties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, iit_rules
from kiosk.tax.withholding import (
    MonthInput,
    PrepayKind,
    cumulative_wage_detail,
    cumulative_wage_withholding,
    labour_withholding,
    labour_withholding_detail,
    prepayment,
    wage_withholding,
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


# ---- start month: 国家税务总局公告2020年第13号 ----------------------------------------------------


def _months(n: int, wage: int, special: int = 0, additional: int = 0) -> list[MonthInput]:
    return [MonthInput(wage=D(wage), special_deductions=D(special), special_additional_deductions=D(additional))] * n


def test_a_first_job_from_july_deducts_5000_per_month_of_the_year() -> None:
    """公告2020年第13号: a graduate whose first job of the year starts in July gets 7 x 5,000 =
    35,000 in July. GIVEN 10,000 a month with 1,000 social insurance from July
    THEN July: 10,000 - 35,000 - 1,000 < 0, nothing; December: 60,000 - 60,000 - 6,000 < 0,
    nothing all year (without the rule: 4,000 x 3% = 120 every month)."""
    detail = wage_withholding(_months(6, 10000, 1000), 2024, start_month=7)
    assert [m.month for m in detail] == [7, 8, 9, 10, 11, 12]
    assert detail[0].cumulative_basic_deduction == D(35000)
    assert detail[-1].cumulative_basic_deduction == D(60000)
    assert all(m.withheld == 0 for m in detail)
    changed_job = wage_withholding(_months(6, 10000, 1000), 2024, start_month=7, first_job_of_year=False)
    assert changed_job[0].cumulative_basic_deduction == D(5000)
    assert [m.withheld for m in changed_job] == [D(120)] * 6


def test_the_first_job_rule_starts_in_july_2020() -> None:
    """GIVEN a first job from March 2020 at 20,000 a month (no other deductions)
    THEN March-June deduct 5,000 per month worked (450, 450, 1,080, 1,500), and July deducts
    7 x 5,000: 100,000 - 35,000 = 65,000 x 10% - 2,520 = 3,980 - 3,480 = 500 (not 1,500)."""
    detail = wage_withholding(_months(5, 20000), 2020, start_month=3)
    assert [m.cumulative_basic_deduction for m in detail] == [D(x) for x in (5000, 10000, 15000, 20000, 35000)]
    assert [m.withheld for m in detail] == [D(x) for x in (450, 450, 1080, 1500, 500)]
    assert wage_withholding(_months(1, 20000), 2019, start_month=7)[0].cumulative_basic_deduction == D(5000)


# ---- the 60,000 rule: 国家税务总局公告2020年第19号 ------------------------------------------------


def test_last_years_low_wages_deduct_60000_from_january() -> None:
    """GIVEN last year's wages from this employer at most 60,000, and 8,000 a month with 1,000
    social insurance this year
    THEN nothing is withheld until September (72,000 - 60,000 - 9,000 = 3,000 x 3% = 90),
    then 210 a month; 720 in all, the same year's tax as without the rule (60 a month)."""
    detail = wage_withholding(_months(12, 8000, 1000), 2024, prior_year_income_le_60000=True)
    assert all(m.cumulative_basic_deduction == D(60000) for m in detail)
    assert [m.withheld for m in detail] == [D(0)] * 8 + [D(90), D(210), D(210), D(210)]
    plain = wage_withholding(_months(12, 8000, 1000), 2024)
    assert [m.withheld for m in plain] == [D(60)] * 12
    assert sum(m.withheld for m in detail) == sum(m.withheld for m in plain) == D(720)


def test_the_60000_rule_does_not_change_the_reference_example() -> None:
    """30,000 a month is far above 60,000 a year, but a wrong flag must still behave: January
    30,000 - 60,000 - 4,500 - 2,000 < 0 withholds nothing, February 60,000 - 73,000 < 0, March
    90,000 - 79,500 = 10,500 x 3% = 315."""
    detail = wage_withholding(_months(3, 30000, 4500, 2000), 2024, prior_year_income_le_60000=True)
    assert [m.withheld for m in detail] == [D(0), D(0), D(315)]
    assert [m.withheld for m in wage_withholding(_months(3, 30000, 4500, 2000), 2024)] == [D(555), D(625), D(1850)]


def test_other_deductions_count_each_month() -> None:
    """A personal pension of 1,000 a month: 20,000 - 5,000 - 1,000 = 14,000 x 3% = 420."""
    month = MonthInput(wage=D(20000), other_deductions=D(1000))
    assert wage_withholding([month], 2024)[0].withheld == D(420)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": 2020, "prior_year_income_le_60000": True}, r"60,000 rule .* applies from 2021, not 2020"),
        ({"start_month": 3, "prior_year_income_le_60000": True}, "start_month must be 1"),
        ({"start_month": 0}, "start_month must be a month from 1 to 12, got 0"),
        ({"start_month": 13}, "start_month must be a month from 1 to 12"),
        ({"start_month": True}, "start_month must be a month"),
        ({"start_month": 7, "months": _months(7, 1)}, "7 months from month 7 run past December; give at most 6"),
        ({"months": _months(13, 1)}, "13 months from month 1 run past December"),
        ({"months": [D(1)]}, r"months\[0\] must be a month of wage and deductions"),
        ({"months": [MonthInput(wage=D(-1))]}, r"months\[0\].wage must not be negative"),
        ({"months": [MonthInput(other_deductions="x")]}, r"months\[0\].other_deductions must be an amount"),
        ({"first_job_of_year": "yes"}, "first_job_of_year and prior_year_income_le_60000 must be true or false"),
    ],
)
def test_bad_withholding_input(kwargs: dict, message: str) -> None:
    args = {"months": _months(1, 1000), "year": 2024, **kwargs}
    with pytest.raises(UserInputError, match=message):
        wage_withholding(**args)


# ---- prepayment on author's remuneration and royalties: 国家税务总局公告2018年第61号 --------------


@pytest.mark.parametrize(
    ("kind", "payment", "expenses", "taxable", "rate", "tax"),
    [
        ("author", "40000", "8000", "22400", "0.20", "4480"),  # the STA's example: 32,000 x 70% x 20%
        ("author", "3000", "800", "1540", "0.20", "308"),  # (3,000 - 800) x 70% x 20%
        ("author", "4000", "800", "2240", "0.20", "448"),
        ("author", "4000.01", "800", "2240.01", "0.20", "448"),  # 3,200.01 x 70% = 2,240.007 x 20%
        ("author", "500", "500", "0", "0.20", "0"),
        ("royalty", "10000", "2000", "8000", "0.20", "1600"),  # 8,000 x 20%
        ("royalty", "4000", "800", "3200", "0.20", "640"),
        ("royalty", "800", "800", "0", "0.20", "0"),
        ("labour", "2000", "800", "1200", "0.20", "240"),  # the STA's example
        ("labour", "40000", "8000", "32000", "0.30", "7600"),
    ],
)
def test_prepayment(kind: str, payment: str, expenses: str, taxable: str, rate: str, tax: str) -> None:
    result = prepayment(kind, D(payment), 2024)
    assert result.kind is PrepayKind(kind)
    assert (result.expenses, result.taxable, result.rate, result.tax) == (D(expenses), D(taxable), D(rate), D(tax))
    assert result.quick_deduction == (D(2000) if (kind, payment) == ("labour", "40000") else 0)


def test_prepayment_refuses_bad_input() -> None:
    with pytest.raises(UserInputError, match="kind must be one of labour, author, royalty, got 'salary'"):
        prepayment("salary", D(1), 2024)
    with pytest.raises(UserInputError, match="payment must not be negative"):
        prepayment("author", D(-1), 2024)
    with pytest.raises(NoRuleTable):
        prepayment("royalty", D(1), 2018)
