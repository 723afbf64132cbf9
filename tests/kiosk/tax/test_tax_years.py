"""Tax years 2019-2027: the special additional deductions by year (国发〔2018〕41号 from 2019,
国发〔2022〕8号 infant care from 2022, 国发〔2023〕13号 the increases from 2023), and a clean error
outside the tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.domain.reconciliation import DeductionAnswers
from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable
from kiosk.tax.iit_annual import AnnualInput, compute_annual, deductions_from_answers

D = Decimal


def test_a_2021_refund_with_the_2021_amounts() -> None:
    """GIVEN 2021: wages 120,000, social insurance 24,000, one child at school (1,000 a month
    then), 1,080 prepaid THEN taxable 24,000, tax 720, 360 refunded."""
    deductions = deductions_from_answers(DeductionAnswers(children_ages=(8,)), 2021)
    assert deductions["children_education"] == D(12000)
    result = compute_annual(
        AnnualInput(
            year=2021,
            wages=D(120000),
            special_deductions=D(24000),
            special_additional_deductions=deductions,
            prepaid_tax=D(1080),
        )
    )
    assert (result.taxable_income, result.tax, result.balance) == (D(24000), D(720), D(-360))
    assert result.rule_version == "iit-2019.1"


@pytest.mark.parametrize(
    ("year", "school", "infant", "only_child", "sibling_max"),
    [
        (2019, 12000, 0, 24000, 12000),
        (2021, 12000, 0, 24000, 12000),
        (2022, 12000, 12000, 24000, 12000),  # infant care began: 1,000 a month
        (2023, 24000, 24000, 36000, 18000),  # 国发〔2023〕13号
        (2027, 24000, 24000, 36000, 18000),
    ],
)
def test_amounts_by_year(year: int, school: int, infant: int, only_child: int, sibling_max: int) -> None:
    def amount(answers: DeductionAnswers, key: str) -> Decimal:
        return deductions_from_answers(answers, year)[key]

    assert amount(DeductionAnswers(children_ages=(6,)), "children_education") == school
    assert amount(DeductionAnswers(children_ages=(1,)), "infant_care") == infant
    assert amount(DeductionAnswers(children_ages=(1,)), "children_education") == 0
    assert amount(DeductionAnswers(supports_elderly=True), "elderly_support") == only_child
    assert amount(DeductionAnswers(supports_elderly=True, only_child=False), "elderly_support") == sibling_max
    # Unchanged since 2019: loan interest, tier-1 rent, continuing education, serious illness.
    assert amount(DeductionAnswers(housing="loan"), "housing_loan_interest") == 12000
    assert amount(DeductionAnswers(housing="rent_tier1"), "housing_rent") == 18000
    assert amount(DeductionAnswers(continuing_education_months=12, vocational_certificate=True), "continuing_education") == 8400
    assert amount(DeductionAnswers(illness_self_paid=D(100000)), "serious_illness") == 80000


def test_infant_care_before_2022_is_refused() -> None:
    with pytest.raises(UserInputError, match="infant_care cannot be claimed for 2021: the deduction began in 2022"):
        compute_annual(AnnualInput(year=2021, special_additional_deductions={"infant_care": D(1)}))
    assert compute_annual(AnnualInput(year=2022, special_additional_deductions={"infant_care": D(12000)})).tax == 0


@pytest.mark.parametrize(
    ("year", "key", "amount", "cap"),
    [
        (2022, "elderly_support", "24000.01", "24000.00"),
        (2023, "elderly_support", "36000.01", "36000.00"),
        (2022, "infant_care", "120000.01", "120000.00"),  # 10 children x 12,000
        (2021, "children_education", "120000.01", "120000.00"),
    ],
)
def test_caps_follow_the_year(year: int, key: str, amount: str, cap: str) -> None:
    with pytest.raises(UserInputError, match=rf"{key} of {amount} is above the largest annual amount allowed \({cap}\)"):
        compute_annual(AnnualInput(year=year, special_additional_deductions={key: D(amount)}))


@pytest.mark.parametrize("year", [2018, 2028])
def test_a_year_outside_the_tables_is_a_clean_error(year: int) -> None:
    with pytest.raises(NoRuleTable, match=f"no income tax rules for the tax year {year}; this kiosk knows the years 2019-2027"):
        compute_annual(AnnualInput(year=year, wages=D(1)))
    with pytest.raises(NoRuleTable):
        deductions_from_answers(DeductionAnswers(), year)
