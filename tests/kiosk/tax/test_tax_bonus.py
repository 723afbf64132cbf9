"""The annual one-off bonus (全年一次性奖金): taxed separately on the monthly table or added to the
wages, both computed, the cheaper applied (财税〔2018〕164号 第一条; allowed to 2027 by
财政部 税务总局公告2023年第30号)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.reconciliation import BonusMethod
from kiosk.errors import UserInputError
from kiosk.rules import iit_rules
from kiosk.tax.iit_annual import AnnualInput, Exemption, compute_annual

D = Decimal


def test_high_wages_pay_less_with_the_bonus_taxed_separately() -> None:
    """The issue's first example. GIVEN wages 260,000 and a bonus of 36,000
    THEN separately: (260,000 - 60,000) x 20% - 16,920 = 23,080 on the wages plus 36,000 x 3% =
    1,080 on the bonus (36,000 / 12 = 3,000: the 3% bracket) = 24,160; combined: 236,000 taxable
    x 20% - 16,920 = 30,280. The kiosk applies the separate method."""
    result = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36000)))
    assert result.separate_total == D("24160.00")
    assert result.combined_total == D("30280.00")
    assert result.bonus_tax == D("1080.00")
    assert (result.bonus_rate, result.bonus_quick_deduction) == (D("0.03"), D(0))
    assert result.bonus_method is BonusMethod.SEPARATE
    assert result.tax == D("24160.00")
    assert result.taxable_income == D("200000.00")  # the comprehensive income without the bonus
    assert result.comprehensive_income == D("260000.00")


def test_low_wages_pay_less_with_the_bonus_added_to_them() -> None:
    """The issue's second example. GIVEN wages 50,000 and a bonus of 20,000
    THEN separately: nothing on the wages (below 60,000) and 20,000 x 3% = 600 on the bonus;
    combined: (70,000 - 60,000) x 3% = 300. The kiosk applies the combined method."""
    result = compute_annual(AnnualInput(year=2024, wages=D(50000), bonus=D(20000)))
    assert (result.separate_total, result.combined_total) == (D(600), D(300))
    assert result.bonus_method is BonusMethod.COMBINED
    assert result.tax == D(300)
    assert result.bonus_tax == D(600)  # still shown: what the separate method would cost
    assert result.comprehensive_income == D(70000)


def test_the_36000_trap() -> None:
    """The issue's third example: one yuan more of bonus crosses 3,000 a month on the monthly
    table: 36,000 x 3% = 1,080, but 36,001 x 10% - 210 = 3,390.10. With wages of 260,000 the
    year costs 24,160 and 26,470.10: the extra yuan costs 2,310.10."""
    at = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36000), bonus_method="separate"))
    above = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36001), bonus_method="separate"))
    assert (at.bonus_tax, above.bonus_tax) == (D("1080.00"), D("3390.10"))
    assert (at.tax, above.tax) == (D("24160.00"), D("26470.10"))
    assert above.tax - at.tax == D("2310.10")


# Hand computed: bonus x rate - quick deduction, the rate found at bonus / 12 on the monthly
# table (3,000 / 12,000 / 25,000 / 35,000 / 55,000 / 80,000; quick 0, 210, 1,410, 2,660, 4,410,
# 7,160, 15,160). Each pair is the last bonus of a bracket and the first yuan above it.
@pytest.mark.parametrize(
    ("bonus", "rate", "tax"),
    [
        ("0.01", "0.03", "0.00"),
        ("36000", "0.03", "1080.00"),  # 3,000 a month
        ("36000.01", "0.10", "3390.00"),  # 3,600.001 - 210
        ("36001", "0.10", "3390.10"),
        ("144000", "0.10", "14190.00"),  # 14,400 - 210
        ("144001", "0.20", "27390.20"),  # 28,800.20 - 1,410
        ("300000", "0.20", "58590.00"),  # 60,000 - 1,410
        ("300001", "0.25", "72340.25"),  # 75,000.25 - 2,660
        ("420000", "0.25", "102340.00"),  # 105,000 - 2,660
        ("420001", "0.30", "121590.30"),  # 126,000.30 - 4,410
        ("660000", "0.30", "193590.00"),  # 198,000 - 4,410
        ("660001", "0.35", "223840.35"),  # 231,000.35 - 7,160
        ("960000", "0.35", "328840.00"),  # 336,000 - 7,160
        ("960001", "0.45", "416840.45"),  # 432,000.45 - 15,160
        ("2000000", "0.45", "884840.00"),  # 900,000 - 15,160
    ],
)
def test_every_trap_point_of_the_monthly_table(bonus: str, rate: str, tax: str) -> None:
    result = compute_annual(AnnualInput(year=2025, bonus=D(bonus), bonus_method="separate"))
    assert result.bonus_rate == D(rate)
    assert result.bonus_tax == D(tax)
    assert result.tax == D(tax)  # no wages: the bonus tax is the year's tax


def test_a_tie_goes_to_the_separate_method() -> None:
    """GIVEN wages 70,000 (10,000 taxable) and a bonus of 20,000, all in the 3% bracket either way
    THEN separately 300 + 600 = 900, combined 30,000 x 3% = 900: the tie goes to separate."""
    result = compute_annual(AnnualInput(year=2024, wages=D(70000), bonus=D(20000)))
    assert result.separate_total == result.combined_total == D(900)
    assert result.bonus_method is BonusMethod.SEPARATE


def test_a_chosen_method_is_applied_even_when_it_costs_more() -> None:
    combined = compute_annual(
        AnnualInput(year=2024, wages=D(260000), bonus=D(36000), bonus_method=BonusMethod.COMBINED)
    )
    assert combined.bonus_method is BonusMethod.COMBINED
    assert combined.tax == D(30280)
    assert combined.taxable_income == D(236000)
    separate = compute_annual(AnnualInput(year=2024, wages=D(50000), bonus=D(20000), bonus_method="separate"))
    assert separate.bonus_method is BonusMethod.SEPARATE and separate.tax == D(600)


def test_without_a_bonus_no_method_is_applied() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(120000), bonus_method="combined"))
    assert result.bonus_method is None
    assert result.separate_total == result.combined_total == result.tax == D(3480)
    assert result.to_preview().separate_total is None
    assert not any("bonus" in step.label_en.lower() for step in result.steps)


def test_the_balance_counts_the_tax_withheld_on_the_bonus() -> None:
    """GIVEN wages 260,000 and a bonus of 36,000 on which the employer withheld 24,160 in all
    THEN nothing is left to pay under the separate method."""
    result = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36000), prepaid_tax=D(24160)))
    assert result.balance == 0
    assert result.result.value == "none"


def test_a_separate_bonus_is_not_in_the_receipts_of_the_exemption() -> None:
    """164号: a bonus taxed separately 不并入当年综合所得. GIVEN wages 100,000 and a bonus of 30,000
    THEN separately (40,000 x 10% - 2,520 = 1,480, plus 30,000 x 3% = 900) 2,380 with receipts
    of 100,000: no filing needed; combined (70,000 x 10% - 2,520 = 4,480) receipts are 130,000."""
    best = compute_annual(AnnualInput(year=2024, wages=D(100000), bonus=D(30000)))
    assert (best.bonus_method, best.tax, best.receipts_total) == (BonusMethod.SEPARATE, D(2380), D(100000))
    assert best.exemption is Exemption.INCOME_LE_120000 and not best.filing_required
    combined = compute_annual(AnnualInput(year=2024, wages=D(100000), bonus=D(30000), bonus_method="combined"))
    assert (combined.tax, combined.receipts_total) == (D(4480), D(130000))
    assert combined.exemption is None and combined.filing_required


def test_steps_show_both_methods() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36000)))
    by_label = {step.label_en: step for step in result.steps}
    assert by_label["Tax on comprehensive income"].amount == D(23080)
    assert by_label["Annual one-off bonus (taxed separately)"].amount == D(36000)
    assert by_label["Bonus rate - quick deduction"].text == "36,000 ÷ 12 → 3% - 0"
    assert by_label["Tax on the bonus"].amount == D(1080)
    assert by_label["Tax due for the year"].amount == D(24160)
    assert by_label["Bonus taxation"].text.endswith("→ 单独计税")  # Chinese, and English apart:
    assert by_label["Bonus taxation"].text_en == "separate 24,160 · combined 30,280 → separate"
    assert "24,160" in by_label["Bonus taxation"].text and "30,280" in by_label["Bonus taxation"].text
    combined = compute_annual(AnnualInput(year=2024, wages=D(50000), bonus=D(20000)))
    labels = [step.label_en for step in combined.steps]
    assert "Annual one-off bonus (added to wages)" in labels
    assert "Tax on the bonus" not in labels


def test_the_preview_carries_the_comparison() -> None:
    preview = compute_annual(AnnualInput(year=2024, wages=D(260000), bonus=D(36000))).to_preview()
    assert preview.bonus_method is BonusMethod.SEPARATE
    assert (preview.bonus, preview.bonus_tax) == (D(36000), D(1080))
    assert (preview.separate_total, preview.combined_total) == (D(24160), D(30280))


@pytest.mark.parametrize("year", [2019, 2022, 2027])
def test_separate_taxation_in_every_year_of_the_tables(year: int) -> None:
    """164号 to 2021, extended by 公告2021年第42号 to 2023 and 公告2023年第30号 to 2027."""
    result = compute_annual(AnnualInput(year=year, wages=D(260000), bonus=D(36000)))
    assert result.bonus_method is BonusMethod.SEPARATE and result.tax == D(24160)


def test_a_table_without_separate_taxation_adds_the_bonus_to_the_wages() -> None:
    rules = dataclasses.replace(iit_rules(2027), bonus_separate_taxation=False)
    result = compute_annual(AnnualInput(year=2027, wages=D(260000), bonus=D(36000)), rules=rules)
    assert result.bonus_method is BonusMethod.COMBINED and result.tax == D(30280)
    with pytest.raises(UserInputError, match="cannot be taxed separately in 2027"):
        compute_annual(AnnualInput(year=2027, wages=D(1), bonus=D(1), bonus_method="separate"), rules=rules)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bonus": D(-1)}, "bonus must not be negative"),
        ({"bonus": "a lot"}, "bonus must be an amount"),
        ({"bonus": D("0.001")}, "bonus has more than two decimal places"),
        ({"bonus_method": "cheapest"}, "bonus_method must be one of best, separate, combined, got 'cheapest'"),
        ({"bonus_method": 1}, "bonus_method must be one of"),
    ],
)
def test_bad_bonus_input(changes: dict, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        compute_annual(AnnualInput(**{"year": 2024, "wages": D(100000), **changes}))


_amounts = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(_amounts, _amounts, _amounts)
def test_best_is_never_dearer_than_either_method(wages: Decimal, bonus: Decimal, deductions: Decimal) -> None:
    best = compute_annual(AnnualInput(year=2024, wages=wages, bonus=bonus, special_deductions=deductions))
    assert best.tax == min(best.separate_total, best.combined_total)
    for method in ("separate", "combined"):
        forced = compute_annual(
            AnnualInput(year=2024, wages=wages, bonus=bonus, special_deductions=deductions, bonus_method=method)
        )
        assert best.tax <= forced.tax
        assert (forced.separate_total, forced.combined_total) == (best.separate_total, best.combined_total)
