"""Individual income tax rule tables (comprehensive income, reconciliation, withholding).

``iit_rules(year)`` returns the frozen, validated table for a tax year; the figures live in
``kiosk/rules/data/iit_*.toml``, one file per period of years, each with a version id.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from kiosk.rules._reader import Reader, data_files, parse_toml, read_years
from kiosk.rules.brackets import BracketTable, read_brackets
from kiosk.rules.errors import NoRuleTable, RuleTableError

# Keys of the special additional deductions, in the order they are shown.
SPECIAL_ADDITIONAL_KEYS: tuple[str, ...] = (
    "children_education",
    "infant_care",
    "elderly_support",
    "continuing_education",
    "serious_illness",
    "housing_loan_interest",
    "housing_rent",
)
INCOME_KEYS: tuple[str, ...] = ("wages", "labor_remuneration", "author_remuneration", "royalties")
RENT_TIERS: tuple[str, ...] = ("tier1", "tier2", "tier3")
# Keys of the other deductions (其他扣除) the kiosk asks about, in the order they are shown.
OTHER_DEDUCTION_KEYS: tuple[str, ...] = ("health_insurance", "personal_pension", "tax_deferred_pension", "annuity")


@dataclass(frozen=True)
class SpecialAdditionalRules:
    children_education_monthly: Decimal
    infant_care_monthly: Decimal
    infant_care_age_below: int
    elderly_only_child_monthly: Decimal
    elderly_sibling_share_max_monthly: Decimal
    continuing_education_monthly: Decimal
    continuing_education_max_months: int
    vocational_certificate: Decimal
    illness_threshold: Decimal
    illness_cap: Decimal
    housing_loan_monthly: Decimal
    housing_rent_monthly: MappingProxyType[str, Decimal]  # tier1 / tier2 / tier3
    max_children: int  # a plausibility limit, not a legal one (see the data file)
    infant_care_from_year: int  # the deduction began in 2022

    def infant_care_exists(self, year: int) -> bool:
        return year >= self.infant_care_from_year and self.infant_care_monthly > 0

    def annual_caps(self) -> dict[str, Decimal]:
        """The largest annual claim the kiosk accepts per deduction, knowing only the amount.

        - children_education, infant_care: 12 months x 2,000 x max_children each (their sum is
          checked against the same figure by the calculator: a child is in one or the other);
        - elderly_support: 12 x 3,000 (an only child; a sibling share is less);
        - continuing_education: 12 x 400 + 3,600 (degree months and a certificate in one year);
        - serious_illness: 80,000 (the taxpayer's own claim);
        - housing_loan_interest: 12 x 1,000; housing_rent: 12 x the tier-1 figure.
        """
        months = 12
        return {
            "children_education": self.children_education_monthly * months * self.max_children,
            "infant_care": self.infant_care_monthly * months * self.max_children,
            "elderly_support": self.elderly_only_child_monthly * months,
            "continuing_education": self.continuing_education_monthly * months + self.vocational_certificate,
            "serious_illness": self.illness_cap,
            "housing_loan_interest": self.housing_loan_monthly * months,
            "housing_rent": max(self.housing_rent_monthly.values()) * months,
        }


@dataclass(frozen=True)
class OtherDeductionRule:
    """One of the other deductions (其他扣除): the years it applies and what caps the amount paid."""

    key: str
    from_year: int
    to_year: int | None  # None: still in force at the end of the table
    annual_cap: Decimal | None  # None: only the wage share caps it
    wage_rate: Decimal | None  # the cap as a share of the year's wages (annuity 4%), or None

    def applies_to(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def cap(self, wages: Decimal) -> Decimal | None:
        """The most that may be deducted for wage income ``wages`` (None: no cap)."""
        caps = [c for c in (self.annual_cap, None if self.wage_rate is None else wages * self.wage_rate)
                if c is not None]
        return min(caps) if caps else None


@dataclass(frozen=True)
class FilingExemption:
    from_year: int
    to_year: int
    receipts_max: Decimal  # on gross receipts (收入), not on the reduced income (收入额)
    balance_max: Decimal

    def applies_to(self, year: int) -> bool:
        return self.from_year <= year <= self.to_year


@dataclass(frozen=True)
class LabourWithholdingRules:
    threshold: Decimal
    fixed_deduction: Decimal
    percent_deduction: Decimal
    table: BracketTable

    def expenses(self, payment: Decimal) -> Decimal:
        """800 for a payment of at most 4,000 (never more than the payment), else 20% of it."""
        if payment <= self.threshold:
            return min(self.fixed_deduction, payment)
        return payment * self.percent_deduction


@dataclass(frozen=True)
class PrepayRules:
    """Prepayment on author's remuneration and royalties: labour's expenses, then a flat rate."""

    author_income_factor: Decimal  # 70%
    author_rate: Decimal
    royalty_rate: Decimal


@dataclass(frozen=True)
class WageWithholdingRules:
    monthly_basic_deduction: Decimal
    first_job_from: tuple[int, int]  # (year, month) from which 公告2020年第13号 applies
    low_income_from_year: int  # 公告2020年第19号
    low_income_prior_max: Decimal
    low_income_annual_deduction: Decimal

    def first_job_rule_applies(self, year: int, month: int) -> bool:
        return (year, month) >= self.first_job_from


@dataclass(frozen=True)
class IitRules:
    version: str  # e.g. "iit-2023.1"
    from_year: int
    to_year: int
    basic_deduction: Decimal  # annual
    donation_cap_rate: Decimal
    income_factors: MappingProxyType[str, Decimal]  # wages 1, labour 0.8, author 0.56, royalties 0.8
    annual_table: BracketTable
    monthly_table: BracketTable  # 按月换算后的综合所得税率表 (separate bonus taxation)
    bonus_separate_taxation: bool  # the annual one-off bonus may be taxed on its own
    special_additional: SpecialAdditionalRules
    other_deductions: MappingProxyType[str, OtherDeductionRule]  # by OTHER_DEDUCTION_KEYS
    filing_exemption: FilingExemption
    window_start: tuple[int, int]  # (month, day) in the year after the tax year
    window_end: tuple[int, int]
    wage_withholding: WageWithholdingRules
    labour_withholding: LabourWithholdingRules
    prepay: PrepayRules

    @property
    def monthly_basic_deduction(self) -> Decimal:
        """5,000: the basic deduction per month of cumulative wage withholding."""
        return self.wage_withholding.monthly_basic_deduction

    def reconciliation_window(self, tax_year: int) -> tuple[dt.date, dt.date]:
        """First and last day (inclusive) of the annual reconciliation for ``tax_year``."""
        return (
            dt.date(tax_year + 1, *self.window_start),
            dt.date(tax_year + 1, *self.window_end),
        )

    def covers(self, year: int) -> bool:
        return self.from_year <= year <= self.to_year


def _month_day(reader: Reader, prefix: str) -> tuple[int, int]:
    month = reader.integer(f"{prefix}_month", low=1, high=12)
    day = reader.integer(f"{prefix}_day", low=1, high=31)
    try:
        dt.date(2023, month, day)  # a non-leap year: 29 February is not a fixed window edge
    except ValueError as exc:
        raise reader.fail(f"{prefix}_day", f"{month}-{day} is not a date") from exc
    return month, day


def parse_iit_table(data: dict[str, Any], source: str) -> IitRules:
    """Validate one parsed IIT data file (numbers already Decimal) into :class:`IitRules`."""
    top = Reader(data, "", source)
    version, from_year, to_year = read_years(top)

    factors_in = top.table("income_factors")
    factors: dict[str, Decimal] = {}
    for key in INCOME_KEYS:
        raw = factors_in.raw(key)
        if not isinstance(raw, list) or not raw:
            raise factors_in.fail(key, "expected a non-empty list of factors")
        product = Decimal(1)
        for i, factor in enumerate(raw):
            if isinstance(factor, bool) or not isinstance(factor, int | Decimal) or not 0 < factor <= 1:
                raise factors_in.fail(
                    f"{key}[{i}]", f"expected a factor above 0 and at most 1, got {factor!r}"
                )
            product *= Decimal(factor)
        factors[key] = product
    factors_in.finish()

    sad = top.table("special_additional")
    rent = sad.table("housing_rent_monthly")
    rent_monthly = {tier: rent.decimal(tier) for tier in RENT_TIERS}
    rent.finish()
    special = SpecialAdditionalRules(
        children_education_monthly=sad.decimal("children_education_monthly"),
        infant_care_monthly=sad.decimal("infant_care_monthly"),
        infant_care_age_below=sad.integer("infant_care_age_below", low=1, high=18),
        elderly_only_child_monthly=sad.decimal("elderly_only_child_monthly"),
        elderly_sibling_share_max_monthly=sad.decimal("elderly_sibling_share_max_monthly"),
        continuing_education_monthly=sad.decimal("continuing_education_monthly"),
        continuing_education_max_months=sad.integer("continuing_education_max_months", low=1),
        vocational_certificate=sad.decimal("vocational_certificate"),
        illness_threshold=sad.decimal("illness_threshold"),
        illness_cap=sad.decimal("illness_cap"),
        housing_loan_monthly=sad.decimal("housing_loan_monthly"),
        housing_rent_monthly=MappingProxyType(rent_monthly),
        max_children=sad.integer("max_children", low=1, high=50),
        infant_care_from_year=sad.integer("infant_care_from_year", low=2000, high=2100),
    )
    sad.finish()
    if special.elderly_sibling_share_max_monthly > special.elderly_only_child_monthly:
        raise sad.fail("elderly_sibling_share_max_monthly", "must not exceed elderly_only_child_monthly")

    others = _read_other_deductions(top.table("other_deductions"))

    bonus = top.table("annual_bonus")
    separate = bonus.raw("separate_taxation")
    if not isinstance(separate, bool):
        raise bonus.fail("separate_taxation", f"expected true or false, got {separate!r}")
    bonus.finish()

    ex = top.table("filing_exemption")
    exemption = FilingExemption(
        from_year=ex.integer("from_year", low=2000, high=2100),
        to_year=ex.integer("to_year", low=2000, high=2100),
        receipts_max=ex.decimal("receipts_max"),
        balance_max=ex.decimal("balance_max"),
    )
    ex.finish()
    if exemption.to_year < exemption.from_year:
        raise ex.fail("to_year", "must not be before from_year")

    window = top.table("reconciliation_window")
    start = _month_day(window, "start")
    end = _month_day(window, "end")
    window.finish()
    if end <= start:
        raise window.fail("end_month", "the window must end after it starts")

    wages = top.table("wage_withholding")
    wage_rules = WageWithholdingRules(
        monthly_basic_deduction=wages.decimal("monthly_basic_deduction"),
        first_job_from=(
            wages.integer("first_job_from_year", low=2000, high=2100),
            wages.integer("first_job_from_month", low=1, high=12),
        ),
        low_income_from_year=wages.integer("low_income_from_year", low=2000, high=2100),
        low_income_prior_max=wages.decimal("low_income_prior_max"),
        low_income_annual_deduction=wages.decimal("low_income_annual_deduction"),
    )
    wages.finish()

    labour_in = top.table("labour_withholding")
    labour = LabourWithholdingRules(
        threshold=labour_in.decimal("threshold"),
        fixed_deduction=labour_in.decimal("fixed_deduction"),
        percent_deduction=labour_in.rate("percent_deduction"),
        table=read_brackets(labour_in, "brackets"),
    )
    labour_in.finish()
    author_in = top.table("author_withholding")
    royalty_in = top.table("royalty_withholding")
    prepay = PrepayRules(
        author_income_factor=author_in.decimal("income_factor", low=Decimal("0.01"), high=Decimal(1)),
        author_rate=author_in.rate("rate"),
        royalty_rate=royalty_in.rate("rate"),
    )
    author_in.finish()
    royalty_in.finish()

    annual_table = read_brackets(top, "annual_brackets")
    monthly_table = read_brackets(top, "monthly_brackets")
    _check_monthly_is_annual_by_12(top, annual_table, monthly_table)

    rules = IitRules(
        version=version,
        from_year=from_year,
        to_year=to_year,
        basic_deduction=top.decimal("basic_deduction"),
        donation_cap_rate=top.rate("donation_cap_rate"),
        income_factors=MappingProxyType(factors),
        annual_table=annual_table,
        monthly_table=monthly_table,
        bonus_separate_taxation=separate,
        special_additional=special,
        other_deductions=others,
        filing_exemption=exemption,
        window_start=start,
        window_end=end,
        wage_withholding=wage_rules,
        labour_withholding=labour,
        prepay=prepay,
    )
    top.finish()
    return rules


def _check_monthly_is_annual_by_12(top: Reader, annual: BracketTable, monthly: BracketTable) -> None:
    """The monthly table is the annual one divided by 12 (财税〔2018〕164号 附件): a typo is caught."""
    rows = list(zip(annual.brackets, monthly.brackets, strict=False))
    if len(annual.brackets) != len(monthly.brackets):
        raise top.fail("monthly_brackets", "must have as many brackets as annual_brackets")
    for i, (a, m) in enumerate(rows):
        same = a.rate == m.rate and a.quick_deduction == m.quick_deduction * 12
        same = same and (a.upto is None) == (m.upto is None)
        if same and a.upto is not None and m.upto is not None:
            same = a.upto == m.upto * 12
        if not same:
            raise top.fail(f"monthly_brackets[{i}]", "must be the annual bracket divided by 12")


def _read_other_deductions(reader: Reader) -> MappingProxyType[str, OtherDeductionRule]:
    rules: dict[str, OtherDeductionRule] = {}
    for key in OTHER_DEDUCTION_KEYS:
        row = reader.table(key)
        from_year = row.integer("from_year", low=2000, high=2100)
        to_year = row.integer("to_year", low=from_year, high=2100) if row.has("to_year") else None
        cap = row.decimal("annual_cap") if row.has("annual_cap") else None
        wage_rate = row.rate("wage_rate") if row.has("wage_rate") else None
        if cap is None and wage_rate is None:
            raise row.fail("annual_cap", "give an annual_cap, a wage_rate or both")
        row.finish()
        rules[key] = OtherDeductionRule(key, from_year, to_year, cap, wage_rate)
    reader.finish()
    return MappingProxyType(rules)


def check_no_overlap(tables: list[Any], source: str) -> None:
    """Two tables of one kind must not claim the same year."""
    ordered = sorted(tables, key=lambda t: t.from_year)
    for before, after in itertools.pairwise(ordered):
        if after.from_year <= before.to_year:
            raise RuleTableError(
                f"{source}: {before.version} and {after.version} both cover the year {after.from_year}."
            )


@functools.cache
def all_iit_tables() -> tuple[IitRules, ...]:
    """Every shipped IIT table, validated, oldest first (loaded once)."""
    tables = [parse_iit_table(parse_toml(text, name), name) for name, text in data_files("iit")]
    check_no_overlap(tables, "iit rule tables")
    return tuple(sorted(tables, key=lambda t: t.from_year))


def _year_ranges(tables: tuple[Any, ...]) -> str:
    """The years the tables cover, adjoining tables merged: "2019-2027", or "2019-2021, 2023-2027"."""
    spans: list[list[int]] = []
    for table in sorted(tables, key=lambda t: t.from_year):
        if spans and table.from_year == spans[-1][1] + 1:
            spans[-1][1] = table.to_year
        else:
            spans.append([table.from_year, table.to_year])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans) or "none"


def no_table(kind: str, year: object, tables: tuple[Any, ...]) -> NoRuleTable:
    known = _year_ranges(tables)
    return NoRuleTable(
        f"There are no {kind} rules for the tax year {year}; this kiosk knows the years {known}.",
        message_key="error.no_rule_table",
    )


def iit_rules(year: int) -> IitRules:
    """The IIT rule table for tax year ``year``; :class:`NoRuleTable` when none covers it."""
    tables = all_iit_tables()
    if not isinstance(year, int) or isinstance(year, bool):
        raise no_table("income tax", year, tables)
    for table in tables:
        if table.covers(year):
            return table
    raise no_table("income tax", year, tables)
