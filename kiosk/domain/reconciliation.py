"""The IIT annual reconciliation's inputs and result, shared by the calculator, the services and the screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class BonusMethod(StrEnum):
    """How the annual one-off bonus (全年一次性奖金) is taxed (财税〔2018〕164号, to 2027 by 公告2023年第30号)."""

    BEST = "best"  # whichever costs less; a tie goes to separate
    SEPARATE = "separate"  # bonus / 12 on the monthly table, apart from the comprehensive income
    COMBINED = "combined"  # added to the wages


@dataclass(frozen=True)
class Donation:
    """A donation to a public-welfare cause: ``full`` for the categories the law deducts in full,
    else an ordinary one, deducted up to 30% of taxable income (个人所得税法 第六条)."""

    amount: Decimal
    full: bool = False


@dataclass(frozen=True)
class DeductionAnswers:
    """Simple questions instead of forms; the rules turn them into annual deduction amounts."""

    children_ages: tuple[int, ...] = ()  # age at the end of the year; under 3 -> infant care
    child_share_percent: int = 100  # 100 or 50 (parents split)
    supports_elderly: bool = False
    only_child: bool = True
    # Monthly share when not an only child (at most 1,500 from 2023, 1,000 before). None: an equal
    # split among ``elderly_sharers`` children, else the year's maximum share.
    elderly_share: Decimal | None = None
    elderly_sharers: int = 0  # children sharing the support, this person included (0: not asked)
    housing: str = "none"  # none, loan, rent_tier1, rent_tier2, rent_tier3
    # Housing loan interest between spouses (国发〔2018〕41号 第十五条): 100 this person claims it all,
    # 0 the spouse does, 50 each claims half for the home each bought before the marriage.
    housing_loan_share_percent: int = 100
    loan_homes_bought_before_marriage: bool = False
    spouse_claims_rent: bool = False  # a couple cannot claim loan interest and rent in one year
    spouse_claims_loan: bool = False  # ... nor rent while the spouse claims the loan interest
    continuing_education_months: int = 0
    vocational_certificate: bool = False
    illness_self_paid: Decimal = Decimal("0")
    months_employed: int = 12
    # The year's annual one-off bonus: the part of the wages on record that was the bonus.
    bonus: Decimal = Decimal("0")
    bonus_method: BonusMethod = BonusMethod.BEST
    # Other deductions: the amounts paid in the year (the calculator deducts at most each cap).
    health_insurance: Decimal = Decimal("0")
    personal_pension: Decimal = Decimal("0")
    tax_deferred_pension: Decimal = Decimal("0")
    annuity: Decimal = Decimal("0")
    donations: tuple[Donation, ...] = ()


@dataclass(frozen=True)
class ComputationStep:
    label_zh: str
    label_en: str
    amount: Decimal | None = None
    text: str = ""  # e.g. "10% - 2,520" for the rate line
    text_en: str = ""  # the text in English when it holds words (the bonus comparison), else ""


@dataclass(frozen=True)
class ReconciliationPreview:
    year: int
    steps: tuple[ComputationStep, ...]
    tax: Decimal  # the year's tax under the bonus method applied (bonus tax included)
    prepaid_tax: Decimal
    balance: Decimal  # positive: pay; negative: refund
    result: str  # pay, refund, none
    filing_required: bool
    exemption: str | None  # None, income_le_120000, balance_le_400
    deductions: dict[str, Decimal] = field(default_factory=dict)  # special additional, by key
    other_deductions: dict[str, Decimal] = field(default_factory=dict)  # allowed, by key
    donations_allowed: Decimal = Decimal("0")
    receipts_total: Decimal = Decimal("0")  # 收入合计: gross comprehensive income receipts
    bonus: Decimal = Decimal("0")
    bonus_method: BonusMethod | None = None  # the method applied; None without a bonus
    bonus_tax: Decimal = Decimal("0")  # tax on the bonus under the separate method
    separate_total: Decimal | None = None  # the year's tax with the bonus taxed separately
    combined_total: Decimal | None = None  # ... and with it added to the wages
