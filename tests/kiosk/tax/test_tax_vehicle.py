"""Vehicle and vessel tax on a passenger car, checked against hand computations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, vehicle_rules
from kiosk.tax.vehicle import vehicle_tax

D = Decimal


def test_whole_year_with_the_default_figure() -> None:
    quote = vehicle_tax(D("1.6"), 2024)
    assert (quote.band, quote.annual, quote.months, quote.amount) == ("le_1_6", D(360), 12, D(360))
    assert (quote.rule_version, quote.office_prefix) == ("vehicle-2023.1", None)


def test_a_car_bought_in_may_pays_from_may() -> None:
    """360 a year, bought 3 May 2024: May-December is 8 months -> 360 / 12 x 8 = 240."""
    quote = vehicle_tax("1.6", 2024, purchase_date=dt.date(2024, 5, 3))
    assert (quote.months, quote.amount) == (8, D(240))


def test_the_province_figure_applies_for_its_offices() -> None:
    """Province 131 fixes 300 for 1.0-1.6 L; bought in November: 300 / 12 x 2 = 50."""
    quote = vehicle_tax(D("1.5"), 2024, purchase_date=dt.date(2024, 11, 30), office_code="13100000000")
    assert (quote.annual, quote.months, quote.amount, quote.office_prefix) == (D(300), 2, D(50), "131")


@pytest.mark.parametrize(
    ("litres", "annual"),
    [(1, 180), ("0.999", 180), ("2.0", 420), ("2.4", 720), ("3.0", 1800), ("3.5", 3000), ("4.2", 4500)],
)
def test_default_figures_by_engine_size(litres: Any, annual: int) -> None:
    assert vehicle_tax(litres, 2025).amount == D(annual)


def test_a_car_bought_before_the_year_pays_the_whole_year() -> None:
    assert vehicle_tax(D("2.4"), 2025, purchase_date=dt.date(2019, 12, 1)).months == 12


def test_pro_rata_is_rounded_to_the_cent() -> None:
    """With a figure of 500 (in range 300-540), bought in June: 500 / 12 x 7 = 291.666... -> 291.67."""
    base = vehicle_rules(2024)
    rules = dataclasses.replace(base, figures=MappingProxyType({**base.figures, "le_1_6": D(500)}))
    assert vehicle_tax(D("1.6"), 2024, purchase_date=dt.date(2024, 6, 1), rules=rules).amount == D("291.67")


@pytest.mark.parametrize(
    ("litres", "message"),
    [
        ("abc", "engine_litres must be a size in litres such as 1.6, got 'abc'"),
        (1.6, "engine_litres must be a size in litres"),
        (True, "engine_litres must be a size in litres"),
        (D(0), "engine_litres must be above 0 and at most 20"),
        ("-1", "engine_litres must be above 0"),
        ("25", "engine_litres must be above 0 and at most 20, got '25'"),
        ("NaN", "engine_litres must be above 0"),
    ],
)
def test_bad_engine_size(litres: Any, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        vehicle_tax(litres, 2024)


def test_a_car_bought_after_the_year_owes_nothing_for_it() -> None:
    with pytest.raises(UserInputError, match="bought on 2025-01-02, after the tax year 2024"):
        vehicle_tax(D("1.6"), 2024, purchase_date=dt.date(2025, 1, 2))


def test_vehicle_rules_must_cover_the_year() -> None:
    with pytest.raises(NoRuleTable):
        vehicle_tax(D("1.6"), 2018)
    with pytest.raises(NoRuleTable, match="tax year 2030"):
        vehicle_tax(D("1.6"), 2030, rules=vehicle_rules(2024))
