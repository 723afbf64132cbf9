"""The IIT annual reconciliation's inputs and result, shared by the calculator, the services and the screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class DeductionAnswers:
    """Simple questions instead of forms; the rules turn them into annual deduction amounts."""

    children_ages: tuple[int, ...] = ()  # age at the end of the year; under 3 -> infant care
    child_share_percent: int = 100  # 100 or 50 (parents split)
    supports_elderly: bool = False
    only_child: bool = True
    elderly_share: Decimal = Decimal("1500")  # monthly share when not an only child (at most 1,500)
    housing: str = "none"  # none, loan, rent_tier1, rent_tier2, rent_tier3
    continuing_education_months: int = 0
    vocational_certificate: bool = False
    illness_self_paid: Decimal = Decimal("0")
    months_employed: int = 12


@dataclass(frozen=True)
class ComputationStep:
    label_zh: str
    label_en: str
    amount: Decimal | None = None
    text: str = ""  # e.g. "10% - 2,520" for the rate line


@dataclass(frozen=True)
class ReconciliationPreview:
    year: int
    steps: tuple[ComputationStep, ...]
    tax: Decimal
    prepaid_tax: Decimal
    balance: Decimal  # positive: pay; negative: refund
    result: str  # pay, refund, none
    filing_required: bool
    exemption: str | None  # None, income_le_120000, balance_le_400
    deductions: dict[str, Decimal] = field(default_factory=dict)
