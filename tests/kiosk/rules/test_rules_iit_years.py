"""The IIT tables for 2019-2021, 2022 and 2023-2027: the figures that differ by year, the new
sections (monthly table, bonus, other deductions, withholding rules, prepayment), the sources the
data files cite, and validation of the new keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.rules import OTHER_DEDUCTION_KEYS, RuleTableError, iit_rules
from kiosk.rules._reader import data_files
from kiosk.rules.iit import all_iit_tables, parse_iit_table

D = Decimal


@pytest.mark.parametrize(
    ("year", "version", "children", "infant", "only_child", "sibling"),
    [
        (2019, "iit-2019.1", 1000, 0, 2000, 1000),  # 国发〔2018〕41号
        (2020, "iit-2019.1", 1000, 0, 2000, 1000),
        (2021, "iit-2019.1", 1000, 0, 2000, 1000),
        (2022, "iit-2022.1", 1000, 1000, 2000, 1000),  # 国发〔2022〕8号
        (2023, "iit-2023.2", 2000, 2000, 3000, 1500),  # 国发〔2023〕13号
        (2027, "iit-2023.2", 2000, 2000, 3000, 1500),
    ],
)
def test_special_additional_amounts_by_year(
    year: int, version: str, children: int, infant: int, only_child: int, sibling: int
) -> None:
    rules = iit_rules(year)
    sad = rules.special_additional
    assert rules.version == version
    assert (sad.children_education_monthly, sad.infant_care_monthly) == (children, infant)
    assert (sad.elderly_only_child_monthly, sad.elderly_sibling_share_max_monthly) == (only_child, sibling)
    assert sad.infant_care_exists(year) is (year >= 2022)
    # Unchanged since 2019.
    assert (sad.continuing_education_monthly, sad.vocational_certificate) == (400, 3600)
    assert (sad.illness_threshold, sad.illness_cap, sad.housing_loan_monthly) == (15000, 80000, 1000)
    assert dict(sad.housing_rent_monthly) == {"tier1": 1500, "tier2": 1100, "tier3": 800}


@pytest.mark.parametrize("year", range(2019, 2028))
def test_what_is_the_same_in_every_year(year: int) -> None:
    rules = iit_rules(year)
    assert rules.basic_deduction == 60000 and rules.donation_cap_rate == D("0.30")
    assert rules.annual_table == iit_rules(2024).annual_table
    assert rules.monthly_table == iit_rules(2024).monthly_table
    assert rules.bonus_separate_taxation is True
    exemption = rules.filing_exemption
    assert exemption.applies_to(year)
    assert (exemption.receipts_max, exemption.balance_max) == (120000, 400)
    assert rules.reconciliation_window(year)[0].year == year + 1
    assert rules.labour_withholding == iit_rules(2024).labour_withholding
    assert (rules.prepay.author_income_factor, rules.prepay.author_rate, rules.prepay.royalty_rate) == (
        D("0.70"),
        D("0.20"),
        D("0.20"),
    )


def test_the_tables_cover_2019_to_2027_without_a_gap() -> None:
    spans = [(t.from_year, t.to_year) for t in all_iit_tables()]
    assert spans == [(2019, 2021), (2022, 2022), (2023, 2027)]


def test_the_monthly_table_for_the_bonus() -> None:
    """财税〔2018〕164号 附件: 按月换算后的综合所得税率表."""
    rows = [(b.upto, b.rate, b.quick_deduction) for b in iit_rules(2024).monthly_table.brackets]
    assert rows == [
        (D(3000), D("0.03"), 0),
        (D(12000), D("0.10"), 210),
        (D(25000), D("0.20"), 1410),
        (D(35000), D("0.25"), 2660),
        (D(55000), D("0.30"), 4410),
        (D(80000), D("0.35"), 7160),
        (None, D("0.45"), 15160),
    ]


def test_other_deductions_and_the_years_they_apply() -> None:
    others = iit_rules(2024).other_deductions
    assert list(others) == list(OTHER_DEDUCTION_KEYS)
    health, pension, deferred, annuity = (others[k] for k in OTHER_DEDUCTION_KEYS)
    assert (health.annual_cap, health.wage_rate, health.from_year, health.to_year) == (2400, None, 2017, None)
    assert (pension.annual_cap, pension.from_year) == (12000, 2022)
    assert (deferred.annual_cap, deferred.wage_rate, deferred.from_year, deferred.to_year) == (
        12000,
        D("0.06"),
        2018,
        2023,
    )
    assert (annuity.annual_cap, annuity.wage_rate, annuity.from_year) == (None, D("0.04"), 2014)
    assert not pension.applies_to(2021) and pension.applies_to(2022)
    assert deferred.applies_to(2023) and not deferred.applies_to(2024)
    assert deferred.cap(D(100000)) == D(6000) and deferred.cap(D(1000000)) == D(12000)
    assert annuity.cap(D(100000)) == D(4000)
    assert health.cap(D(0)) == D(2400)


def test_withholding_rules_with_their_start() -> None:
    wr = iit_rules(2020).wage_withholding
    assert wr.monthly_basic_deduction == 5000 == iit_rules(2020).monthly_basic_deduction
    assert wr.first_job_from == (2020, 7)  # 公告2020年第13号
    assert not wr.first_job_rule_applies(2020, 6) and wr.first_job_rule_applies(2020, 7)
    assert wr.first_job_rule_applies(2021, 1)
    assert (wr.low_income_from_year, wr.low_income_prior_max, wr.low_income_annual_deduction) == (
        2021,
        60000,
        60000,
    )  # 公告2020年第19号


@pytest.mark.parametrize(
    ("name", "sources"),
    [
        ("iit_2019.toml", ["国发〔2018〕41号", "公告2019年第94号", "公告2021年第42号", "财税〔2018〕164号",
                           "公告2020年第13号", "公告2020年第19号", "财税〔2017〕39号", "财税〔2018〕22号",
                           "财税〔2013〕103号", "公告2018年", "公告2019年第99号"]),
        ("iit_2022.toml", ["国发〔2022〕8号", "公告2021年第42号", "公告2022年第34号"]),
        ("iit_2023.toml", ["国发〔2023〕13号", "公告2023年第32号", "公告2023年第30号", "公告2022年第34号"]),
        ("rental_2023.toml", ["公告2016年第16号", "公告2023年第12号", "财税〔2008〕24号"]),
    ],
)
def test_the_data_files_cite_their_sources(name: str, sources: list[str]) -> None:
    text = dict(data_files(name.split("_")[0]))[name]
    missing = [source for source in sources if source not in text]
    assert missing == []


def test_a_monthly_table_that_is_not_the_annual_one_by_12_is_refused(iit_data: dict[str, Any]) -> None:
    """A continuous table with the right number of brackets still has to be annual / 12."""
    iit_data["monthly_brackets"] = [dict(row) for row in iit_data["annual_brackets"]]
    with pytest.raises(RuleTableError, match=r"monthly_brackets\[0\]: must be the annual bracket divided by 12"):
        parse_iit_table(iit_data, "iit_test.toml")


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("monthly_brackets.1.quick_deduction", D(200), r"monthly_brackets\[1\].quick_deduction: expected 210"),
        ("monthly_brackets", [{"rate": D("0.45"), "quick_deduction": 0}], "must have as many brackets"),
        ("annual_bonus.separate_taxation", "yes", "annual_bonus.separate_taxation: expected true or false"),
        ("annual_bonus.note", "x", "annual_bonus.note: unknown key"),
        ("other_deductions.annuity.wage_rate", _DELETE, "other_deductions.annuity.annual_cap: give an annual_cap"),
        ("other_deductions.pets", {"from_year": 2020, "annual_cap": 1}, "other_deductions.pets: unknown key"),
        ("other_deductions.health_insurance", _DELETE, "other_deductions.health_insurance: missing"),
        ("other_deductions.tax_deferred_pension.to_year", 2010, "to_year: expected a whole number of at least 2018"),
        ("other_deductions.annuity.wage_rate", D(2), "wage_rate: expected a number of at least 0 and at most 1"),
        ("filing_exemption.income_max", D(120000), "filing_exemption.income_max: unknown key"),
        ("wage_withholding.first_job_from_month", 13, "first_job_from_month: expected a whole number"),
        ("wage_withholding.low_income_annual_deduction", _DELETE, "low_income_annual_deduction: missing"),
        ("author_withholding.income_factor", D(0), "author_withholding.income_factor: expected a number of at least 0.01"),
        ("royalty_withholding.rate", D("1.2"), "royalty_withholding.rate: expected a number"),
        ("special_additional.infant_care_from_year", _DELETE, "infant_care_from_year: missing"),
    ],
)
def test_a_broken_new_section_is_refused_naming_the_key(
    iit_data: dict[str, Any], path: str, value: Any, message: str
) -> None:
    _set(iit_data, path, value)
    with pytest.raises(RuleTableError, match=message):
        parse_iit_table(iit_data, "iit_test.toml")
