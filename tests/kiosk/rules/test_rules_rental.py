"""Rental rule tables: the default table, per-office overrides (longest prefix) and validation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.rules import NoRuleTable, RentalMode, RuleTableError, rental_rules
from kiosk.rules.offices import match_office
from kiosk.rules.rental import all_rental_tables, parse_rental_table

D = Decimal


def test_default_table_holds_the_reference_figures() -> None:
    rules = rental_rules(2024)
    assert rules.version == "rental-2023.2"
    assert rules.office_prefix is None
    assert rules.mode is RentalMode.ITEMISED
    assert (rules.vat_rate_residential, rules.vat_divisor, rules.vat_monthly_exemption) == (
        D("0.015"),
        D("1.05"),
        100000,
    )
    # 国家税务总局公告2016年第16号 第四条: only housing is reduced to 1.5%; shops and offices pay 5%.
    assert rules.vat_rate_other == D("0.05")
    assert (rules.vat_rate(True), rules.vat_rate(False)) == (D("0.015"), D("0.05"))
    # 财政部 税务总局公告2023年第12号: surcharges and property tax halved for small-scale taxpayers.
    assert rules.small_scale_charged_share == D("0.50")
    assert dict(rules.city_maintenance) == {"city": D("0.07"), "county_town": D("0.05"), "other": D("0.01")}
    assert (rules.education_surcharge, rules.local_education_surcharge) == (D("0.03"), D("0.02"))
    assert (rules.property_tax_residential, rules.property_tax_other) == (D("0.04"), D("0.12"))
    assert (rules.iit_repairs_cap_monthly, rules.iit_threshold, rules.iit_fixed_deduction) == (800, 4000, 800)
    assert rules.iit_percent_deduction == D("0.20")
    assert (rules.iit_rate_residential, rules.iit_rate_other) == (D("0.10"), D("0.20"))


def test_an_office_without_an_override_uses_the_default() -> None:
    assert rental_rules(2024, "13100000000") == rental_rules(2024)
    assert rental_rules(2024, "") == rental_rules(2024)


def test_an_office_under_a_combined_rate_prefix_gets_the_combined_mode() -> None:
    rules = rental_rules(2025, "13199000123")
    assert rules.office_prefix == "13199"
    assert rules.mode is RentalMode.COMBINED
    assert (rules.combined_rate_residential, rules.combined_rate_other) == (D("0.025"), D("0.08"))
    assert rules.vat_rate_other == D("0.05")  # not overridden: from the default


@pytest.mark.parametrize("year", [2022, 2028])
def test_no_rental_table_outside_2023_2027(year: int) -> None:
    with pytest.raises(NoRuleTable, match=f"no rental rules for the tax year {year}"):
        rental_rules(year)


def test_longest_prefix_wins() -> None:
    overrides = {"1": "province", "131": "city", "13101": "district"}
    assert match_office(overrides, "13101050000") == ("13101", "district")
    assert match_office(overrides, "13199") == ("131", "city")
    assert match_office(overrides, "1") == ("1", "province")
    assert match_office(overrides, "2") == (None, None)
    assert match_office(overrides, None) == (None, None)


def test_a_partial_city_maintenance_override_keeps_the_other_classes(rental_data: dict[str, Any]) -> None:
    rental_data["offices"]["2"] = {"city_maintenance": {"city": D("0.05")}, "iit_rate_residential": D("0.05")}
    table = parse_rental_table(rental_data, "t.toml")
    rules = table.resolve("21")
    assert dict(rules.city_maintenance) == {"city": D("0.05"), "county_town": D("0.05"), "other": D("0.01")}
    assert rules.iit_rate_residential == D("0.05")
    assert table.resolve("3").city_maintenance["city"] == D("0.07")


def test_a_file_without_offices_is_fine(rental_data: dict[str, Any]) -> None:
    del rental_data["offices"]
    assert parse_rental_table(rental_data, "t.toml").resolve("13199").office_prefix is None


def test_shipped_tables_are_loaded_once() -> None:
    assert all_rental_tables() is all_rental_tables()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["default"].update(mode="flat"), "default.mode: expected one of itemised, combined"),
        (lambda d: d["default"].pop("vat_rate_other"), "default.vat_rate_other: missing"),
        (lambda d: d["default"].pop("small_scale_charged_share"), "default.small_scale_charged_share: missing"),
        (
            lambda d: d["default"].update(small_scale_charged_share=D("1.5")),
            "default.small_scale_charged_share: expected a number of at least 0 and at most 1",
        ),
        (
            lambda d: d["default"].update(vat_divisor=D("0.9")),
            "default.vat_divisor: expected a number of at least 1",
        ),
        (lambda d: d["default"]["city_maintenance"].pop("other"), "default.city_maintenance.other: missing"),
        (
            lambda d: d["default"]["city_maintenance"].update(village=D("0.01")),
            "city_maintenance.village: unknown",
        ),
        (lambda d: d["offices"].update(abc={}), "offices.abc: an office code prefix must be digits"),
        (
            lambda d: d["offices"]["13199"].update(combined_rate_other=D(2)),
            "offices.13199.combined_rate_other",
        ),
        (lambda d: d["offices"]["13199"].update(colour="red"), "offices.13199.colour: unknown key"),
    ],
)
def test_a_broken_rental_file_is_refused(rental_data: dict[str, Any], mutate: Any, message: str) -> None:
    mutate(rental_data)
    with pytest.raises(RuleTableError, match=message):
        parse_rental_table(rental_data, "rental_test.toml")
