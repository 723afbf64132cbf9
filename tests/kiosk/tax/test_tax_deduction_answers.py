"""Simple questions -> annual special additional deduction amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import SPECIAL_ADDITIONAL_KEYS, NoRuleTable
from kiosk.services.api import DeductionAnswers
from kiosk.tax.iit_annual import AnnualInput, compute_annual, deductions_from_answers

D = Decimal


def test_no_answers_no_deductions() -> None:
    amounts = deductions_from_answers(DeductionAnswers(), 2024)
    assert list(amounts) == list(SPECIAL_ADDITIONAL_KEYS)
    assert all(amount == 0 for amount in amounts.values())


def test_a_family_with_everything() -> None:
    """GIVEN a child of 1 and one of 7 (shared 50%), elderly parents with a sibling (1,500/month),
    a rented home in a tier-2 city, 3 months of degree study plus a certificate, 20,000 of
    self-paid medical costs, all over 12 months
    THEN infant care 12,000, education 12,000, elderly 18,000, rent 13,200, continuing 4,800,
    illness 5,000."""
    answers = DeductionAnswers(
        children_ages=(1, 7),
        child_share_percent=50,
        supports_elderly=True,
        only_child=False,
        elderly_share=D(1500),
        housing="rent_tier2",
        continuing_education_months=3,
        vocational_certificate=True,
        illness_self_paid=D(20000),
    )
    assert deductions_from_answers(answers, 2024) == {
        "children_education": D("12000.00"),
        "infant_care": D("12000.00"),
        "elderly_support": D("18000.00"),
        "continuing_education": D("4800.00"),
        "serious_illness": D("5000.00"),
        "housing_loan_interest": D("0.00"),
        "housing_rent": D("13200.00"),
    }


@pytest.mark.parametrize(
    ("answers", "key", "amount"),
    [
        (DeductionAnswers(children_ages=(2,)), "infant_care", 24000),
        (DeductionAnswers(children_ages=(3,)), "children_education", 24000),
        (DeductionAnswers(children_ages=(3, 4, 20)), "children_education", 72000),
        (DeductionAnswers(supports_elderly=True), "elderly_support", 36000),
        (
            DeductionAnswers(supports_elderly=True, only_child=False, elderly_share=D(1000)),
            "elderly_support",
            12000,
        ),
        (DeductionAnswers(supports_elderly=False, only_child=True), "elderly_support", 0),
        (DeductionAnswers(housing="loan"), "housing_loan_interest", 12000),
        (DeductionAnswers(housing="rent_tier1"), "housing_rent", 18000),
        (DeductionAnswers(housing="rent_tier3", months_employed=6), "housing_rent", 4800),
        (DeductionAnswers(children_ages=(5,), months_employed=4), "children_education", 8000),
        (DeductionAnswers(continuing_education_months=12), "continuing_education", 4800),
        (DeductionAnswers(vocational_certificate=True), "continuing_education", 3600),
        (DeductionAnswers(illness_self_paid=D(15000)), "serious_illness", 0),
        (DeductionAnswers(illness_self_paid=D("15000.01")), "serious_illness", D("0.01")),
        (DeductionAnswers(illness_self_paid=D(200000)), "serious_illness", 80000),
        (DeductionAnswers(illness_self_paid=D(3000)), "serious_illness", 0),
    ],
)
def test_each_answer(answers: DeductionAnswers, key: str, amount: Any) -> None:
    amounts = deductions_from_answers(answers, 2024)
    assert amounts[key] == D(amount)
    assert all(v == 0 for k, v in amounts.items() if k != key)


def test_answers_always_pass_the_calculator_caps() -> None:
    answers = DeductionAnswers(
        children_ages=(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        supports_elderly=True,
        housing="rent_tier1",
        continuing_education_months=12,
        vocational_certificate=True,
        illness_self_paid=D(500000),
    )
    amounts = deductions_from_answers(answers, 2024)
    result = compute_annual(AnnualInput(year=2024, wages=D(2000000), special_additional_deductions=amounts))
    assert result.special_additional == amounts


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (DeductionAnswers(months_employed=13), "months_employed must be a whole number from 0 to 12, got 13"),
        (DeductionAnswers(months_employed=-1), "months_employed must be"),
        (DeductionAnswers(child_share_percent=30), "child_share_percent must be 100 or 50, got 30"),
        (DeductionAnswers(children_ages=(1,) * 11), "children_ages lists more than 10 children"),
        (DeductionAnswers(children_ages=(-1,)), "children_ages must hold whole ages of 0 or more, got -1"),
        (DeductionAnswers(children_ages=("5",)), "children_ages must hold whole ages"),  # type: ignore[arg-type]
        (
            DeductionAnswers(supports_elderly=True, only_child=False, elderly_share=D(1600)),
            "elderly_share of 1600.00",
        ),
        (
            DeductionAnswers(supports_elderly=True, only_child=False, elderly_share=D(-1)),
            "elderly_share must not be",
        ),
        (
            DeductionAnswers(housing="castle"),
            "housing must be one of none, loan, rent_tier1, rent_tier2, rent_tier3",
        ),
        (DeductionAnswers(housing="rent_tier9"), "housing must be one of"),
        (
            DeductionAnswers(continuing_education_months=13),
            "continuing_education_months must be a whole number",
        ),
        (DeductionAnswers(continuing_education_months=True), "continuing_education_months must be"),  # type: ignore[arg-type]
        (DeductionAnswers(illness_self_paid=D("-5")), "illness_self_paid must not be negative"),
    ],
)
def test_bad_answers_are_refused(answers: DeductionAnswers, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        deductions_from_answers(answers, 2024)


def test_answers_need_a_rule_table() -> None:
    with pytest.raises(NoRuleTable):
        deductions_from_answers(DeductionAnswers(), 2031)


# ---- elderly support shared with siblings ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "sharers", "share", "annual"),
    [
        (2024, 3, None, "12000"),  # three siblings sharing 3,000 equally: 1,000 each
        (2024, 2, None, "18000"),  # 1,500 each: the maximum share
        (2024, 4, None, "9000"),  # 750 each
        (2024, 0, None, "18000"),  # not asked: the year's maximum share
        (2024, 3, D(500), "6000"),  # an agreed share wins over the equal split
        (2022, 3, None, "8000"),  # 2,000 / 3 a month x 12 before 2023
        (2022, 2, None, "12000"),  # 1,000 each: the maximum share before 2023
        (2022, 0, None, "12000"),
    ],
)
def test_the_elderly_share_is_asked_or_split_equally(year: int, sharers: int, share: Any, annual: str) -> None:
    answers = DeductionAnswers(supports_elderly=True, only_child=False, elderly_sharers=sharers, elderly_share=share)
    assert deductions_from_answers(answers, year)["elderly_support"] == D(annual)


def test_the_agreed_share_is_capped_by_the_year() -> None:
    answers = DeductionAnswers(supports_elderly=True, only_child=False, elderly_share=D(1500))
    assert deductions_from_answers(answers, 2023)["elderly_support"] == D(18000)
    with pytest.raises(UserInputError, match=r"elderly_share of 1500\.00 a month is above the sibling maximum of 1000"):
        deductions_from_answers(answers, 2022)
    with pytest.raises(UserInputError, match="elderly_sharers must be a whole number from 0 to 20"):
        deductions_from_answers(DeductionAnswers(supports_elderly=True, only_child=False, elderly_sharers=-1), 2024)


# ---- housing loan interest between spouses (国发〔2018〕41号 第十五条) ------------------------------


@pytest.mark.parametrize(
    ("answers", "amount"),
    [
        (DeductionAnswers(housing="loan"), 12000),  # this person claims 100%
        (DeductionAnswers(housing="loan", housing_loan_share_percent=0), 0),  # the spouse claims it
        (DeductionAnswers(housing="loan", housing_loan_share_percent=50, loan_homes_bought_before_marriage=True), 6000),
        (DeductionAnswers(housing="loan", housing_loan_share_percent=100, loan_homes_bought_before_marriage=True), 12000),
        (DeductionAnswers(housing="loan", housing_loan_share_percent=50, loan_homes_bought_before_marriage=True,
                          months_employed=6), 3000),
    ],
)
def test_spouses_share_loan_interest(answers: DeductionAnswers, amount: int) -> None:
    assert deductions_from_answers(answers, 2024)["housing_loan_interest"] == D(amount)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (DeductionAnswers(housing="loan", housing_loan_share_percent=50), "50/50 only when each bought a home"),
        (DeductionAnswers(housing="loan", housing_loan_share_percent=30), "must be 100, 50 or 0, got 30"),
        (DeductionAnswers(housing="loan", spouse_claims_rent=True), "cannot claim housing loan interest and housing rent"),
    ],
)
def test_the_checks_the_law_makes_on_loan_interest(answers: DeductionAnswers, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        deductions_from_answers(answers, 2024)


# ---- the answers as the calculator's input -----------------------------------------------------


def test_the_bonus_is_carved_out_of_the_wages_on_record() -> None:
    """GIVEN 296,000 of wages on record of which 36,000 was the annual bonus
    THEN the calculator sees wages 260,000 and a bonus of 36,000: 24,160 separately."""
    from kiosk.domain.reconciliation import BonusMethod, Donation
    from kiosk.tax.iit_annual import input_from_answers

    answers = DeductionAnswers(bonus=D(36000), health_insurance=D(2400), donations=(Donation(D(100)),))
    inp, deductions = input_from_answers(2024, wages=D(296000), answers=answers)
    assert (inp.wages, inp.bonus, inp.bonus_method) == (D(260000), D(36000), BonusMethod.BEST)
    assert inp.health_insurance == D(2400) and inp.donations == (Donation(D(100)),)
    assert deductions == deductions_from_answers(answers, 2024)
    plain, _ = input_from_answers(2024, wages=D(296000), answers=DeductionAnswers(bonus=D(36000)))
    assert compute_annual(plain).tax == D(24160)
    with pytest.raises(UserInputError, match=r"bonus of 300000\.00 is more than the wages on record"):
        input_from_answers(2024, wages=D(296000), answers=DeductionAnswers(bonus=D(300000)))
