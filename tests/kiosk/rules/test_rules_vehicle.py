"""Vehicle and vessel tax tables: bands by engine size, figures per province/office, validation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.rules import NoRuleTable, RuleTableError, vehicle_rules
from kiosk.rules.vehicle import all_vehicle_tables, parse_vehicle_table

D = Decimal


def test_bands_hold_the_legal_ranges() -> None:
    rules = vehicle_rules(2024)
    assert [(b.upto_litres, b.min_annual, b.max_annual) for b in rules.bands] == [
        (D("1.0"), 60, 360),
        (D("1.6"), 300, 540),
        (D("2.0"), 360, 660),
        (D("2.5"), 660, 1200),
        (D("3.0"), 1200, 2400),
        (D("4.0"), 2400, 3600),
        (None, 3600, 5400),
    ]


@pytest.mark.parametrize(
    ("litres", "band"),
    [
        ("0.8", "le_1_0"),
        ("1.0", "le_1_0"),
        ("1.01", "le_1_6"),
        ("1.6", "le_1_6"),
        ("2.0", "le_2_0"),
        ("2.4", "le_2_5"),
        ("3.0", "le_3_0"),
        ("4.0", "le_4_0"),
        ("4.01", "gt_4_0"),
        ("6.2", "gt_4_0"),
    ],
)
def test_band_for_an_engine_size_upper_bounds_inclusive(litres: str, band: str) -> None:
    assert vehicle_rules(2024).band_for(D(litres)).key == band


def test_default_and_province_figures() -> None:
    default = vehicle_rules(2024)
    assert default.office_prefix is None and default.figures["le_1_6"] == 360
    province = vehicle_rules(2024, "13100000000")
    assert province.office_prefix == "131" and province.figures["le_1_6"] == 300
    assert vehicle_rules(2024, "44030000000").figures == default.figures
    assert all_vehicle_tables() is all_vehicle_tables()


def test_no_vehicle_table_for_2031() -> None:
    with pytest.raises(NoRuleTable, match="no vehicle and vessel tax rules for the tax year 2031"):
        vehicle_rules(2031)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["figures"]["default"].update(le_1_6=D(600)),
            "figures.default.le_1_6: 600 is outside the legal range 300-540",
        ),
        (lambda d: d["figures"]["131"].update(gt_4_0=D(100)), "figures.131.gt_4_0: 100 is outside"),
        (lambda d: d["figures"]["131"].pop("le_2_0"), "figures.131.le_2_0: missing"),
        (lambda d: d["figures"].update(north={}), "figures.north: an office code prefix must be digits"),
        (
            lambda d: d["bands"][1].update(upto_litres=D("0.9")),
            r"bands\[1\].upto_litres: must be above the previous",
        ),
        (lambda d: d["bands"][1].update(key="le_1_0"), r"bands\[1\].key: 'le_1_0' is used twice"),
        (
            lambda d: d["bands"][6].update(upto_litres=D(8)),
            r"bands\[6\].upto_litres: the last band must have no",
        ),
        (lambda d: d["bands"][0].update(max=D(10)), r"bands\[0\].max: expected a number of at least 60"),
    ],
)
def test_a_broken_vehicle_file_is_refused(vehicle_data: dict[str, Any], mutate: Any, message: str) -> None:
    mutate(vehicle_data)
    with pytest.raises(RuleTableError, match=message):
        parse_vehicle_table(vehicle_data, "vehicle_test.toml")
