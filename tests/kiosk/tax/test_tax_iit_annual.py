"""The annual reconciliation calculator against the reference examples, bracket edges, caps,
exemptions and properties that must hold for any income."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, iit_rules
from kiosk.services.api import ComputationStep
from kiosk.tax.iit_annual import (
    AnnualInput,
    Exemption,
    ReconciliationResult,
    compute_annual,
)

D = Decimal


def test_reference_example_refund_720() -> None:
    """GIVEN wages 120,000, social insurance 24,000, children's education 24,000, prepaid 1,080
    WHEN the year is reconciled
    THEN taxable income is 12,000, tax 360 at 3%, and 720 is refunded (filing needed for it)."""
    result = compute_annual(
        AnnualInput(
            year=2024,
            wages=D(120000),
            special_deductions=D(24000),
            special_additional_deductions={"children_education": D(24000)},
            prepaid_tax=D(1080),
        )
    )
    assert result.comprehensive_income == D("120000.00")
    assert result.taxable_income == D("12000.00")
    assert (result.rate, result.quick_deduction) == (D("0.03"), D(0))
    assert result.tax == D("360.00")
    assert result.balance == D("-720.00")
    assert result.result is ReconciliationResult.REFUND
    assert result.filing_required is True
    assert result.exemption is None
    assert result.rule_version == "iit-2023.2"
    assert result.total_deductions == D(108000)


def test_steps_show_the_computation_for_the_screen() -> None:
    result = compute_annual(
        AnnualInput(
            year=2024,
            wages=D(120000),
            labor_remuneration=D(10000),
            special_deductions=D(24000),
            special_additional_deductions={"children_education": D(24000), "housing_rent": D(13200)},
            prepaid_tax=D(1080),
        )
    )
    steps = result.steps
    assert all(isinstance(step, ComputationStep) for step in steps)
    by_label = {step.label_en: step for step in steps}
    assert by_label["Wages and salaries"].amount == 120000
    assert by_label["Labour remuneration × 80%"].amount == 8000
    assert by_label["Comprehensive income"].amount == 128000
    assert by_label["Basic deduction"].amount == 60000
    assert by_label["Special additional deduction: Housing rent"].amount == 13200
    assert by_label["Special additional deductions, total"].amount == 37200
    assert by_label["Taxable income"].amount == D("6800.00")
    assert by_label["Rate - quick deduction"].text == "3% - 0"
    assert by_label["Tax due for the year"].amount == D("204.00")
    assert steps[-1].label_zh == "应退税额(负数)" and steps[-1].amount == D("-876.00")
    assert "Author's remuneration" not in "".join(s.label_en for s in steps)  # zero incomes are left out


def _tax_on_taxable(taxable: str, year: int = 2024) -> Any:
    """Wages that give exactly ``taxable`` after the 60,000 basic deduction."""
    return compute_annual(AnnualInput(year=year, wages=D(taxable) + 60000))


# Hand computed: taxable x rate - quick deduction (the table is continuous at every edge).
@pytest.mark.parametrize(
    ("taxable", "rate", "tax"),
    [
        ("0", "0.03", "0.00"),
        ("0.01", "0.03", "0.00"),  # 0.0003 rounds to 0
        ("36000", "0.03", "1080.00"),  # 36,000 x 3%
        ("36000.01", "0.10", "1080.00"),  # 3,600.001 - 2,520 = 1,080.001
        ("144000", "0.10", "11880.00"),  # 14,400 - 2,520
        ("144000.01", "0.20", "11880.00"),  # 28,800.002 - 16,920
        ("300000", "0.20", "43080.00"),  # 60,000 - 16,920
        ("300000.01", "0.25", "43080.00"),  # 75,000.0025 - 31,920
        ("420000", "0.25", "73080.00"),  # 105,000 - 31,920
        ("420000.01", "0.30", "73080.00"),  # 126,000.003 - 52,920
        ("660000", "0.30", "145080.00"),  # 198,000 - 52,920
        ("660000.01", "0.35", "145080.00"),  # 231,000.0035 - 85,920
        ("960000", "0.35", "250080.00"),  # 336,000 - 85,920
        ("960000.01", "0.45", "250080.00"),  # 432,000.0045 - 181,920 = 250,080.0045
        ("960000.02", "0.45", "250080.01"),  # ... .009 rounds half up to .01
        ("1000000", "0.45", "268080.00"),  # 450,000 - 181,920
    ],
)
def test_every_bracket_edge(taxable: str, rate: str, tax: str) -> None:
    result = _tax_on_taxable(taxable)
    assert result.taxable_income == D(taxable)
    assert result.rate == D(rate)
    assert result.tax == D(tax)


def test_taxable_income_is_never_below_zero() -> None:
    result = compute_annual(
        AnnualInput(year=2024, wages=D(50000), special_deductions=D(8000), prepaid_tax=D(300))
    )
    assert result.taxable_income == 0
    assert result.tax == 0
    assert result.balance == D(-300)
    assert result.result is ReconciliationResult.REFUND


def test_income_types_count_with_their_shares() -> None:
    """Labour 80%, author 80% x 70% = 56%, royalties 80%; the sum is rounded to the cent once."""
    result = compute_annual(
        AnnualInput(
            year=2024,
            labor_remuneration=D(10000),  # 8,000
            author_remuneration=D("1000.01"),  # 560.0056
            royalties=D(5000),  # 4,000
        )
    )
    assert result.comprehensive_income == D("12560.01")
    assert result.taxable_income == 0
    assert any(s.label_en == "Author's remuneration × 56%" and s.amount == D("560.01") for s in result.steps)


def test_nothing_to_pay_or_refund() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(96000), prepaid_tax=D(1080)))
    assert result.tax == D(1080)
    assert result.balance == 0
    assert result.result is ReconciliationResult.NONE
    assert result.filing_required is False and result.exemption is None
    assert result.to_preview().result == "none"


# ---- exemption from filing ---------------------------------------------------------------------


def test_payment_with_income_at_most_120000_is_exempt() -> None:
    """GIVEN income 120,000 with nothing deducted but the basic 60,000 and nothing prepaid
    THEN 60,000 x 10% - 2,520 = 3,480 is owed, but no filing is required (income <= 120,000)."""
    result = compute_annual(AnnualInput(year=2024, wages=D(120000)))
    assert result.balance == D(3480)
    assert result.result is ReconciliationResult.PAY
    assert result.exemption is Exemption.INCOME_LE_120000
    assert result.filing_required is False
    preview = result.to_preview()
    assert preview.exemption == "income_le_120000" and preview.balance == D(3480)


def test_payment_at_most_400_is_exempt_and_401_is_not() -> None:
    # income 200,000: taxable 140,000 -> 14,000 - 2,520 = 11,480
    small = compute_annual(AnnualInput(year=2024, wages=D(200000), prepaid_tax=D(11080)))
    assert small.balance == D(400)
    assert small.exemption is Exemption.BALANCE_LE_400 and not small.filing_required
    large = compute_annual(AnnualInput(year=2024, wages=D(200000), prepaid_tax=D("11079.99")))
    assert large.balance == D("400.01")
    assert large.exemption is None and large.filing_required
    assert large.result is ReconciliationResult.PAY


def test_income_just_above_120000_needs_the_balance_test() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D("120000.01")))
    assert result.exemption is None and result.filing_required


def test_exemption_applies_only_in_the_years_of_the_rule() -> None:
    """2023 is in the exemption years (see the data file); a table without it exempts nobody."""
    assert compute_annual(AnnualInput(year=2023, wages=D(120000))).exemption is Exemption.INCOME_LE_120000
    import dataclasses

    rules = iit_rules(2024)
    narrow = dataclasses.replace(
        rules, filing_exemption=dataclasses.replace(rules.filing_exemption, from_year=2025)
    )
    result = compute_annual(AnnualInput(year=2024, wages=D(120000)), rules=narrow)
    assert result.exemption is None and result.filing_required


def test_given_rules_must_cover_the_year() -> None:
    with pytest.raises(NoRuleTable, match=r"iit-2023\.2 does not cover the tax year 2030"):
        compute_annual(AnnualInput(year=2030), rules=iit_rules(2024))


@pytest.mark.parametrize("year", [2018, 2031])
def test_year_without_rules(year: int) -> None:
    with pytest.raises(NoRuleTable):
        compute_annual(AnnualInput(year=year, wages=D(1)))


# ---- donations ---------------------------------------------------------------------------------


def test_donations_are_capped_at_30_percent_of_taxable_before_donations() -> None:
    """GIVEN taxable income 100,000 before donations and 50,000 donated
    THEN 30,000 is deducted: taxable 70,000 -> 7,000 - 2,520 = 4,480."""
    result = compute_annual(AnnualInput(year=2024, wages=D(160000), donations=D(50000)))
    assert result.donations_allowed == D(30000)
    assert result.taxable_income == D(70000)
    assert result.tax == D(4480)
    step = next(s for s in result.steps if s.label_en == "Eligible donations")
    assert step.amount == D(30000) and "30% cap 30,000" in step.text


def test_donations_under_the_cap_count_in_full() -> None:
    result = compute_annual(
        AnnualInput(year=2024, wages=D(160000), donations=D(1000), other_deductions=D(500))
    )
    assert result.donations_allowed == D(1000)
    assert result.taxable_income == D(98500)
    step = next(s for s in result.steps if s.label_en == "Eligible donations")
    assert step.text == ""


def test_donations_with_nothing_taxable_deduct_nothing() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(50000), donations=D(1000)))
    assert result.donations_allowed == 0 and result.taxable_income == 0


# ---- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wages": D(-1)}, "wages must not be negative"),
        ({"royalties": "lots"}, "royalties must be an amount"),
        ({"prepaid_tax": 1.5}, "prepaid_tax must be an amount"),
        ({"special_deductions": D("0.001")}, "special_deductions has more than two decimal places"),
        ({"donations": None}, "donations must be an amount"),
        ({"other_deductions": D(-5)}, "other_deductions must not be negative"),
        ({"special_additional_deductions": {"pets": D(1)}}, "unknown deduction 'pets'"),
        ({"special_additional_deductions": [1]}, "must be a table of amounts"),
        ({"special_additional_deductions": {"housing_rent": D(-1)}}, "housing_rent must not be negative"),
        (
            {"special_additional_deductions": {"housing_rent": D("18000.01")}},
            r"housing_rent of 18000.01 is above .* \(18000.00\)",
        ),
        (
            {"special_additional_deductions": {"housing_loan_interest": D(12001)}},
            "housing_loan_interest of 12001",
        ),
        ({"special_additional_deductions": {"elderly_support": D(36001)}}, "elderly_support of 36001"),
        (
            {"special_additional_deductions": {"continuing_education": D(8401)}},
            r"continuing_education .* \(8400.00\)",
        ),
        (
            {"special_additional_deductions": {"serious_illness": D(80001)}},
            r"serious_illness .* \(80000.00\)",
        ),
        (
            {"special_additional_deductions": {"children_education": D(240001)}},
            r"children_education .* \(240000.00\)",
        ),
        ({"special_additional_deductions": {"infant_care": D(240001)}}, "infant_care of 240001"),
        (
            {"special_additional_deductions": {"infant_care": D(120000), "children_education": D(120001)}},
            "children_education and infant_care together are above",
        ),
        (
            {"special_additional_deductions": {"housing_loan_interest": D(12000), "housing_rent": D(1)}},
            "housing_loan_interest and housing_rent cannot both be claimed",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(UserInputError, match=message) as info:
        compute_annual(AnnualInput(**{"year": 2024, **changes}))
    assert "\n" not in str(info.value)


def test_claims_at_the_caps_are_accepted() -> None:
    claims = {
        "children_education": D(120000),
        "infant_care": D(120000),
        "elderly_support": D(36000),
        "continuing_education": D(8400),
        "serious_illness": D(80000),
        "housing_rent": D(18000),
    }
    result = compute_annual(AnnualInput(year=2024, wages=D(1000000), special_additional_deductions=claims))
    assert sum(result.special_additional.values()) == D(382400)
    assert result.special_additional["housing_loan_interest"] == 0


# ---- properties ---------------------------------------------------------------------------------

_amounts = st.decimals(min_value=0, max_value=3_000_000, places=2, allow_nan=False, allow_infinity=False)
_brackets = iit_rules(2024).annual_table.brackets


@settings(max_examples=150, deadline=None)
@given(_amounts, _amounts)
def test_tax_never_decreases_as_income_rises(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert (
        compute_annual(AnnualInput(year=2024, wages=low)).tax
        <= compute_annual(AnnualInput(year=2024, wages=high)).tax
    )


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(range(len(_brackets) - 1)), st.decimals(min_value=-1000, max_value=1000, places=2))
def test_no_jump_at_a_bracket_edge(index: int, offset: Decimal) -> None:
    """One cent more taxable income costs at most one cent x the higher rate, rounded."""
    edge = _brackets[index].upto
    assert edge is not None
    base = edge + offset
    before = _tax_on_taxable(str(base)).tax
    after = _tax_on_taxable(str(base + D("0.01"))).tax
    next_rate = max(_brackets[index].rate, _brackets[index + 1].rate)
    assert D(0) <= after - before <= (D("0.01") * next_rate).quantize(D("0.01"), rounding="ROUND_UP")


@settings(max_examples=100, deadline=None)
@given(_amounts, _amounts, _amounts, st.integers(min_value=2023, max_value=2027))
def test_balance_is_tax_minus_prepaid(wages: Decimal, labour: Decimal, prepaid: Decimal, year: int) -> None:
    result = compute_annual(
        AnnualInput(year=year, wages=wages, labor_remuneration=labour, prepaid_tax=prepaid)
    )
    assert result.balance == result.tax - result.prepaid_tax
    assert result.taxable_income >= 0 and result.tax >= 0
    assert result.tax == result.tax.quantize(D("0.01"))
    expected = "pay" if result.balance > 0 else "refund" if result.balance < 0 else "none"
    assert result.result.value == expected
    if result.exemption is not None:
        assert result.result is ReconciliationResult.PAY and not result.filing_required
