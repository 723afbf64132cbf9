"""The filing exemption: a payment needs no reconciliation when the year's comprehensive income
*receipts* (收入, gross) are at most 120,000, or when it is at most 400, unless a withholding agent
failed to withhold (财政部 税务总局公告2019年第94号 for 2019-2020, extended to 2023 by
公告2021年第42号, 2024-2027 公告2023年第32号)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.tax.iit_annual import AnnualInput, Exemption, ReconciliationResult, compute_annual

D = Decimal


def test_the_issue_example_must_file() -> None:
    """GIVEN wages 100,000, labour 25,000, social insurance 10,000 and 1,900 prepaid
    WHEN reconciled
    THEN income (收入额) is 100,000 + 20,000 = 120,000 but the receipts (收入) are 125,000;
    taxable 50,000 x 10% - 2,520 = 2,480; 580 to pay: above 400 and receipts above 120,000, so
    the person must file (the kiosk used to say no filing was needed)."""
    result = compute_annual(
        AnnualInput(
            year=2024,
            wages=D(100000),
            labor_remuneration=D(25000),
            special_deductions=D(10000),
            prepaid_tax=D(1900),
        )
    )
    assert result.comprehensive_income == D(120000)
    assert result.receipts_total == D(125000)
    assert (result.taxable_income, result.tax, result.balance) == (D(50000), D(2480), D(580))
    assert result.result is ReconciliationResult.PAY
    assert result.exemption is None and result.filing_required


@pytest.mark.parametrize(
    ("incomes", "exempt"),
    [
        ({"labor_remuneration": D(120000)}, True),  # receipts 120,000; 收入额 96,000, tax 1,080
        ({"labor_remuneration": D("120000.01")}, False),
        ({"author_remuneration": D(120000)}, True),  # 收入额 67,200, tax 216
        ({"wages": D(60000), "royalties": D(60000)}, True),
        ({"wages": D(60000), "royalties": D("60000.01")}, False),
    ],
)
def test_the_receipts_edge_is_on_gross_amounts(incomes: dict, exempt: bool) -> None:
    result = compute_annual(AnnualInput(year=2024, **incomes))
    assert result.balance > 0
    assert exempt or result.balance > 400  # the 400 rule does not rescue the others
    assert (result.exemption is Exemption.INCOME_LE_120000) is exempt
    assert result.filing_required is not exempt


def test_the_400_rule_still_helps_above_120000_receipts() -> None:
    """Wages 200,000 + labour 5,000 (4,000): taxable 144,000 x 10% - 2,520 = 11,880; 400 left."""
    result = compute_annual(
        AnnualInput(year=2024, wages=D(200000), labor_remuneration=D(5000), prepaid_tax=D(11480))
    )
    assert result.receipts_total == D(205000) and result.balance == D(400)
    assert result.exemption is Exemption.BALANCE_LE_400 and not result.filing_required


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024, 2027])
def test_the_exemption_holds_in_every_year_of_the_tables(year: int) -> None:
    result = compute_annual(AnnualInput(year=year, wages=D(120000)))
    assert result.balance == D(3480)
    assert result.exemption is Exemption.INCOME_LE_120000 and not result.filing_required


def test_an_agent_that_failed_to_withhold_removes_the_exemption() -> None:
    """GIVEN receipts of 100,000 and 1,480 to pay, but a payer did not withhold
    THEN the person must file (the exception in each announcement)."""
    result = compute_annual(AnnualInput(year=2024, wages=D(100000), agent_failed_to_withhold=True))
    assert result.balance == D(1480)
    assert result.exemption is None and result.filing_required
    small = compute_annual(
        AnnualInput(year=2024, wages=D(100000), prepaid_tax=D(1100), agent_failed_to_withhold=True)
    )
    assert small.balance == D(380) and small.filing_required


def test_a_refund_always_needs_a_filing() -> None:
    result = compute_annual(AnnualInput(year=2024, wages=D(60000), prepaid_tax=D(100)))
    assert result.result is ReconciliationResult.REFUND and result.filing_required


def test_agent_failed_to_withhold_must_be_a_yes_or_no() -> None:
    from kiosk.errors import UserInputError

    with pytest.raises(UserInputError, match="agent_failed_to_withhold must be true or false"):
        compute_annual(AnnualInput(year=2024, agent_failed_to_withhold="no"))  # type: ignore[arg-type]
