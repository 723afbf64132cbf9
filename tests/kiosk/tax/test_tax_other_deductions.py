"""Other deductions (其他扣除), donations and the sibling share of elderly support, each at the edge
of its cap and outside the years it applies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.domain.reconciliation import Donation
from kiosk.errors import UserInputError
from kiosk.tax.iit_annual import AnnualInput, compute_annual

D = Decimal
# Wages 160,000: 100,000 taxable before these deductions (x 10% - 2,520 = 7,480).
WAGES = D(160000)


def _tax(**changes: object) -> Decimal:
    return compute_annual(AnnualInput(**{"year": 2024, "wages": WAGES, **changes})).tax


def _step(result: object, label: str):  # type: ignore[no-untyped-def]
    return next(s for s in result.steps if s.label_en == label)  # type: ignore[attr-defined]


# ---- commercial health insurance: 财税〔2017〕39号, 2,400 a year ------------------------------------


@pytest.mark.parametrize(
    ("paid", "allowed"),
    [("2399.99", "2399.99"), ("2400", "2400.00"), ("2400.01", "2400.00"), ("6000", "2400.00")],
)
def test_health_insurance_up_to_2400(paid: str, allowed: str) -> None:
    result = compute_annual(AnnualInput(year=2024, wages=WAGES, health_insurance=D(paid)))
    assert result.other_deductions["health_insurance"] == D(allowed)
    assert result.taxable_income == D(100000) - D(allowed)
    step = _step(result, "Other deduction: Commercial health insurance")
    assert step.amount == D(allowed)
    assert ("cap 2,400" in step.text) is (D(paid) > 2400)


def test_health_insurance_lowers_the_tax() -> None:
    """97,600 taxable x 10% - 2,520 = 7,240 instead of 7,480."""
    assert (_tax(), _tax(health_insurance=D(2400))) == (D(7480), D(7240))


# ---- personal pension: 财政部 税务总局公告2022年第34号, 12,000 a year from 2022 -----------------------


def test_personal_pension_up_to_12000_from_2022() -> None:
    """88,000 taxable x 10% - 2,520 = 6,280; above 12,000 only 12,000 counts."""
    assert _tax(personal_pension=D(12000)) == D(6280)
    assert _tax(personal_pension=D("12000.01")) == D(6280)
    assert compute_annual(AnnualInput(year=2022, wages=WAGES, personal_pension=D(12000))).tax == D(6280)


def test_personal_pension_before_2022_is_refused() -> None:
    with pytest.raises(UserInputError, match="personal_pension cannot be deducted for 2021: the deduction applies from 2022"):
        compute_annual(AnnualInput(year=2021, wages=WAGES, personal_pension=D(1)))
    assert compute_annual(AnnualInput(year=2021, wages=WAGES, personal_pension=D(0))).tax == D(7480)


# ---- tax-deferred commercial pension: 财税〔2018〕22号, 6% of wages and at most 12,000 ----------------


@pytest.mark.parametrize(
    ("wages", "paid", "allowed"),
    [
        ("100000", "12000", "6000.00"),  # 6% of 100,000
        ("100000", "5999.99", "5999.99"),
        ("200000", "12000", "12000.00"),  # 6% = 12,000 exactly
        ("300000", "13000", "12000.00"),  # 6% = 18,000: the 12,000 cap
    ],
)
def test_tax_deferred_pension_caps(wages: str, paid: str, allowed: str) -> None:
    result = compute_annual(AnnualInput(year=2023, wages=D(wages), tax_deferred_pension=D(paid)))
    assert result.other_deductions["tax_deferred_pension"] == D(allowed)


def test_tax_deferred_pension_only_2018_to_2023() -> None:
    assert compute_annual(AnnualInput(year=2019, wages=WAGES, tax_deferred_pension=D(1000))).tax == D(7380)
    with pytest.raises(UserInputError, match="tax_deferred_pension cannot be deducted for 2024: the deduction applies 2018-2023"):
        compute_annual(AnnualInput(year=2024, wages=WAGES, tax_deferred_pension=D(1000)))


# ---- enterprise / occupational annuity: 财税〔2013〕103号, 4% of the wage base ----------------------


@pytest.mark.parametrize(
    ("wages", "bonus", "paid", "allowed"),
    [
        ("100000", "0", "4000", "4000.00"),
        ("100000", "0", "4000.01", "4000.00"),
        ("100000", "0", "3999.99", "3999.99"),
        ("100000", "50000", "6000", "6000.00"),  # the bonus is wage income too: 4% of 150,000
    ],
)
def test_annuity_up_to_4_percent_of_wages(wages: str, bonus: str, paid: str, allowed: str) -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(wages), bonus=D(bonus), annuity=D(paid)))
    assert result.other_deductions["annuity"] == D(allowed)


def test_other_deductions_all_together() -> None:
    """2,400 + 12,000 + 4% x 160,000 = 6,400 annuity: 79,200 taxable x 10% - 2,520 = 5,400."""
    result = compute_annual(
        AnnualInput(year=2024, wages=WAGES, health_insurance=D(2400), personal_pension=D(12000), annuity=D(9000))
    )
    assert dict(result.other_deductions) == {
        "health_insurance": D(2400),
        "personal_pension": D(12000),
        "tax_deferred_pension": D(0),
        "annuity": D(6400),
    }
    assert result.taxable_income == D(79200) and result.tax == D(5400)
    assert result.to_preview().other_deductions["annuity"] == D(6400)


@pytest.mark.parametrize("key", ["health_insurance", "personal_pension", "tax_deferred_pension", "annuity"])
def test_bad_other_deduction_amounts(key: str) -> None:
    with pytest.raises(UserInputError, match=f"{key} must not be negative"):
        compute_annual(AnnualInput(**{"year": 2023, key: D(-1)}))


# ---- donations: 个人所得税法 第六条, 财政部 税务总局公告2019年第99号 ----------------------------------


@pytest.mark.parametrize(
    ("ordinary", "allowed", "capped"),
    [("29999.99", "29999.99", False), ("30000", "30000", False), ("30000.01", "30000", True)],
)
def test_ordinary_donations_at_the_30_percent_edge(ordinary: str, allowed: str, capped: bool) -> None:
    """30% of the 100,000 taxable before donations is 30,000."""
    result = compute_annual(AnnualInput(year=2024, wages=WAGES, donations=(Donation(D(ordinary)),)))
    assert result.donations_allowed == D(allowed)
    assert ("30% cap 30,000" in _step(result, "Eligible donations").text) is capped


def test_donations_in_full_and_ordinary_ones_together() -> None:
    """GIVEN 100,000 taxable, 20,000 to a category deducted in full and 50,000 ordinary
    THEN 20,000 + 30,000 (30% of 100,000) are deducted: 50,000 taxable x 10% - 2,520 = 2,480."""
    result = compute_annual(
        AnnualInput(
            year=2024,
            wages=WAGES,
            donations=(Donation(D(20000), full=True), Donation(D(30000)), Donation(D(20000), full=False)),
        )
    )
    assert result.donations_allowed == D(50000)
    assert result.taxable_income == D(50000) and result.tax == D(2480)
    assert _step(result, "Donations deducted in full").amount == D(20000)


def test_full_donations_never_take_taxable_income_below_zero() -> None:
    result = compute_annual(
        AnnualInput(year=2024, wages=WAGES, donations=(Donation(D(150000), full=True), Donation(D(1000))))
    )
    assert result.donations_allowed == D(100000)
    assert result.taxable_income == 0 and result.tax == 0
    assert "150,000" in _step(result, "Donations deducted in full").text


def test_a_donation_amount_alone_is_an_ordinary_donation() -> None:
    assert _tax(donations=D(50000)) == _tax(donations=(Donation(D(50000)),)) == D(4480)


@pytest.mark.parametrize(
    ("donations", "message"),
    [
        ([D(1)], r"donations\[0\] must be a donation"),
        ((Donation(D(-1)),), r"donations\[0\].amount must not be negative"),
        ((Donation(D(1)), Donation("x")), r"donations\[1\].amount must be an amount"),
        ((Donation(D(1), full="yes"),), r"donations\[0\].full must be true or false"),  # type: ignore[arg-type]
    ],
)
def test_bad_donations(donations: object, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        compute_annual(AnnualInput(year=2024, donations=donations))  # type: ignore[arg-type]


# ---- elderly support shared with siblings: 国发〔2018〕41号, 国发〔2023〕13号 ------------------------


def test_three_siblings_sharing_equally_claim_1000_a_month_each() -> None:
    """GIVEN a share of 1,000 a month and no annual amount THEN elderly support is 12,000."""
    result = compute_annual(AnnualInput(year=2024, wages=WAGES, elderly_support_share_monthly=D(1000)))
    assert result.special_additional["elderly_support"] == D(12000)
    assert result.taxable_income == D(88000)


@pytest.mark.parametrize(
    ("year", "share", "ok"),
    [(2024, "1500", True), (2024, "1500.01", False), (2022, "1000", True), (2022, "1000.01", False), (2019, "1500", False)],
)
def test_the_sibling_share_is_at_most_1500_from_2023_and_1000_before(year: int, share: str, ok: bool) -> None:
    inp = AnnualInput(year=year, wages=WAGES, elderly_support_share_monthly=D(share))
    if ok:
        assert compute_annual(inp).special_additional["elderly_support"] == D(share) * 12
    else:
        with pytest.raises(UserInputError, match=f"elderly_support_share_monthly of {D(share):.2f} is above the most"):
            compute_annual(inp)


def test_a_share_caps_the_annual_elderly_amount() -> None:
    months = {"elderly_support": D(6000)}
    result = compute_annual(
        AnnualInput(year=2024, special_additional_deductions=months, elderly_support_share_monthly=D(1000))
    )
    assert result.special_additional["elderly_support"] == D(6000)  # 6 months of 1,000: fine
    with pytest.raises(UserInputError, match=r"elderly_support of 12000.01 is above 12 months of the share"):
        compute_annual(
            AnnualInput(
                year=2024,
                special_additional_deductions={"elderly_support": D("12000.01")},
                elderly_support_share_monthly=D(1000),
            )
        )


def test_an_only_child_may_claim_36000() -> None:
    result = compute_annual(AnnualInput(year=2024, special_additional_deductions={"elderly_support": D(36000)}))
    assert result.special_additional["elderly_support"] == D(36000)
