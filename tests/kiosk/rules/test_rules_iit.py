"""The IIT rule table: the shipped figures, year lookup and validation of the data file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, RuleTableError, iit_rules
from kiosk.rules._reader import data_files, parse_toml
from kiosk.rules.iit import all_iit_tables, check_no_overlap, parse_iit_table

D = Decimal


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027])
def test_every_year_2023_to_2027_has_the_2023_table(year: int) -> None:
    rules = iit_rules(year)
    assert rules.version == "iit-2023.2"
    assert (rules.from_year, rules.to_year) == (2023, 2027)


@pytest.mark.parametrize("year", [2018, 2028, 2031, "2024", True, None])
def test_a_year_without_a_table_is_a_user_input_error(year: Any) -> None:
    with pytest.raises(NoRuleTable, match="no income tax rules for the tax year") as info:
        iit_rules(year)
    assert isinstance(info.value, UserInputError)
    assert info.value.exit_code == 2
    assert "2019-2027" in str(info.value)


def test_annual_table_is_the_seven_bracket_table() -> None:
    table = iit_rules(2024).annual_table
    rows = [(b.upto, b.rate, b.quick_deduction) for b in table.brackets]
    assert rows == [
        (D(36000), D("0.03"), D(0)),
        (D(144000), D("0.10"), D(2520)),
        (D(300000), D("0.20"), D(16920)),
        (D(420000), D("0.25"), D(31920)),
        (D(660000), D("0.30"), D(52920)),
        (D(960000), D("0.35"), D(85920)),
        (None, D("0.45"), D(181920)),
    ]
    assert table.edges == (D(36000), D(144000), D(300000), D(420000), D(660000), D(960000))


@pytest.mark.parametrize(
    ("taxable", "rate"),
    [("0", "0.03"), ("36000", "0.03"), ("36000.01", "0.10"), ("960000", "0.35"), ("960000.01", "0.45")],
)
def test_bracket_upper_bounds_are_inclusive(taxable: str, rate: str) -> None:
    assert iit_rules(2024).annual_table.find(D(taxable)).rate == D(rate)


def test_basic_figures_and_income_factors() -> None:
    rules = iit_rules(2025)
    assert rules.basic_deduction == 60000
    assert rules.monthly_basic_deduction == 5000
    assert rules.donation_cap_rate == D("0.30")
    assert dict(rules.income_factors) == {
        "wages": 1,
        "labor_remuneration": D("0.8"),
        "author_remuneration": D("0.56"),  # 80% x 70%
        "royalties": D("0.8"),
    }


def test_special_additional_amounts_and_caps() -> None:
    sad = iit_rules(2024).special_additional
    assert (sad.children_education_monthly, sad.infant_care_monthly) == (2000, 2000)
    assert (sad.elderly_only_child_monthly, sad.elderly_sibling_share_max_monthly) == (3000, 1500)
    assert (sad.continuing_education_monthly, sad.vocational_certificate) == (400, 3600)
    assert sad.continuing_education_max_months == 48
    assert (sad.illness_threshold, sad.illness_cap) == (15000, 80000)
    assert sad.housing_loan_monthly == 1000
    assert dict(sad.housing_rent_monthly) == {"tier1": 1500, "tier2": 1100, "tier3": 800}
    assert sad.annual_caps() == {
        "children_education": 240000,  # 10 children x 24,000
        "infant_care": 240000,
        "elderly_support": 36000,
        "continuing_education": 8400,  # 12 x 400 + 3,600
        "serious_illness": 80000,
        "housing_loan_interest": 12000,
        "housing_rent": 18000,
    }


def test_filing_exemption_and_window() -> None:
    rules = iit_rules(2024)
    exemption = rules.filing_exemption
    assert (exemption.receipts_max, exemption.balance_max) == (120000, 400)
    assert exemption.applies_to(2023) and exemption.applies_to(2027)
    assert not exemption.applies_to(2022) and not exemption.applies_to(2028)
    assert rules.reconciliation_window(2024) == (dt.date(2025, 3, 1), dt.date(2025, 6, 30))


def test_labour_withholding_table() -> None:
    labour = iit_rules(2024).labour_withholding
    assert (labour.threshold, labour.fixed_deduction, labour.percent_deduction) == (4000, 800, D("0.20"))
    rows = [(b.upto, b.rate, b.quick_deduction) for b in labour.table.brackets]
    assert rows == [(D(20000), D("0.20"), 0), (D(50000), D("0.30"), 2000), (None, D("0.40"), 7000)]


def test_rules_are_frozen_and_loaded_once() -> None:
    rules = iit_rules(2024)
    with pytest.raises(AttributeError):
        rules.basic_deduction = D(0)  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.income_factors["wages"] = D(0)  # type: ignore[index]
    assert all_iit_tables() is all_iit_tables()
    assert iit_rules(2023) is iit_rules(2027)


def test_data_files_are_found_in_the_package() -> None:
    names = [name for name, _ in data_files("iit")]
    assert names == ["iit_2019.toml", "iit_2022.toml", "iit_2023.toml"]


def test_the_shipped_file_parses_to_the_same_table(iit_data: dict[str, Any]) -> None:
    assert parse_iit_table(iit_data, "iit_2023.toml") == iit_rules(2024)


# ---- validation of the data file: each broken file is refused with the key named ----------------


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("version", "", "version: expected a non-empty string"),
        ("version", _DELETE, "version: missing"),
        ("from_year", 1999, "from_year: expected a whole number of at least 2000"),
        ("to_year", 2022, "to_year: expected a whole number of at least 2023"),
        ("to_year", "2027", "to_year: expected a whole number"),
        ("basic_deduction", "60000", "basic_deduction: expected a number"),
        ("basic_deduction", True, "basic_deduction: expected a number"),
        ("basic_deduction", D(-1), "basic_deduction: expected a number of at least 0"),
        ("basic_deduction", D("NaN"), "basic_deduction: expected a number of at least 0"),
        ("donation_cap_rate", D("1.5"), "donation_cap_rate: expected a number of at least 0 and at most 1"),
        ("surprise", 1, "surprise: unknown key"),
        ("income_factors", [1], "income_factors: expected a table"),
        ("income_factors.wages", [], "income_factors.wages: expected a non-empty list"),
        ("income_factors.wages", 1, "income_factors.wages: expected a non-empty list"),
        ("income_factors.royalties", [D("1.2")], r"income_factors.royalties\[0\]: expected a factor"),
        ("income_factors.royalties", [0], r"income_factors.royalties\[0\]: expected a factor"),
        ("income_factors.royalties", [True], r"income_factors.royalties\[0\]: expected a factor"),
        ("income_factors.interest", [1], "income_factors.interest: unknown key"),
        ("annual_brackets", [], "annual_brackets: expected a non-empty array"),
        (
            "annual_brackets.0.quick_deduction",
            D(1),
            r"annual_brackets\[0\].quick_deduction: the first bracket",
        ),
        ("annual_brackets.1.upto", D(36000), r"annual_brackets\[1\].upto: must be above the previous bound"),
        ("annual_brackets.1.rate", D("0.03"), r"annual_brackets\[1\].rate: must be above the previous rate"),
        (
            "annual_brackets.2.quick_deduction",
            D(16902),
            r"annual_brackets\[2\].quick_deduction: expected 16920",
        ),
        ("annual_brackets.6.upto", D(2000000), r"annual_brackets\[6\].upto: the last bracket must have no"),
        ("annual_brackets.6.note", "x", r"annual_brackets\[6\].note: unknown key"),
        ("special_additional.housing_rent_monthly.tier4", 500, "housing_rent_monthly.tier4: unknown key"),
        ("special_additional.max_children", 0, "max_children: expected a whole number of at least 1"),
        ("special_additional.elderly_sibling_share_max_monthly", 3500, "must not exceed elderly_only_child"),
        ("filing_exemption.to_year", 2020, "filing_exemption.to_year: must not be before from_year"),
        (
            "reconciliation_window.start_month",
            7,
            "reconciliation_window.end_month: the window must end after",
        ),
        (
            "reconciliation_window.start_month",
            13,
            "start_month: expected a whole number of at least 1 and at most 12",
        ),
        ("reconciliation_window.end_day", 31, "reconciliation_window.end_day: 6-31 is not a date"),
        ("wage_withholding.monthly_basic_deduction", _DELETE, "monthly_basic_deduction: missing"),
        ("labour_withholding.percent_deduction", D(2), "labour_withholding.percent_deduction: expected"),
        ("labour_withholding.brackets.1.quick_deduction", D(0), "quick_deduction: expected 2000"),
    ],
)
def test_a_broken_iit_file_is_refused_naming_the_key(
    iit_data: dict[str, Any], path: str, value: Any, message: str
) -> None:
    _set(iit_data, path, value)
    with pytest.raises(RuleTableError, match=message) as info:
        parse_iit_table(iit_data, "iit_test.toml")
    assert str(info.value).startswith("iit_test.toml: ")
    assert "\n" not in str(info.value)


def test_a_file_that_is_not_a_table_is_refused() -> None:
    with pytest.raises(RuleTableError, match="top level: expected a table"):
        parse_iit_table([], "x.toml")  # type: ignore[arg-type]


def test_invalid_toml_is_refused_naming_the_file() -> None:
    with pytest.raises(RuleTableError, match=r"^broken.toml: not valid TOML"):
        parse_toml("rate = = 1", "broken.toml")


def test_toml_numbers_are_read_as_decimal() -> None:
    assert parse_toml("rate = 0.1", "x.toml") == {"rate": D("0.1")}


def test_two_tables_claiming_one_year_are_refused(iit_data: dict[str, Any]) -> None:
    first = parse_iit_table(iit_data, "a.toml")
    iit_data.update(version="iit-2027.1", from_year=2027, to_year=2030)
    second = parse_iit_table(iit_data, "b.toml")
    with pytest.raises(RuleTableError, match=r"iit-2023\.2 and iit-2027\.1 both cover the year 2027"):
        check_no_overlap([second, first], "iit rule tables")
    iit_data.update(version="iit-2028.1", from_year=2028, to_year=2030)
    check_no_overlap([first, parse_iit_table(iit_data, "c.toml")], "iit rule tables")
