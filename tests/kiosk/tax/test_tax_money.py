"""The one rounding rule and the one way to read an amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.errors import UserInputError
from kiosk.tax.money import format_amount, parse_amount, round_cents

D = Decimal


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("1080.0045", "1080.00"), ("-0.005", "-0.01")],
)
def test_round_cents_is_half_up(value: str, rounded: str) -> None:
    assert round_cents(D(value)) == D(rounded)
    assert str(round_cents(D(value))) == rounded


def test_format_amount_has_two_decimals_and_no_grouping() -> None:
    assert format_amount(D(360)) == "360.00"
    assert format_amount(D("-720.5")) == "-720.50"
    assert format_amount(D("1234567.891")) == "1234567.89"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("120000", "120000.00"),
        (" 12.5 ", "12.50"),
        (D("0.10"), "0.10"),
        (7, "7.00"),
        ("0", "0.00"),
        (".5", "0.50"),
    ],
)
def test_parse_amount_accepts_strings_ints_and_decimals(value: Any, parsed: str) -> None:
    assert str(parse_amount(value, "wages")) == parsed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "wages must be an amount such as 1234.56, got 'abc'"),
        ("1e5", "wages must be an amount such as 1234.56"),
        ("", "wages must be an amount"),
        ("1,000", "wages must be an amount"),
        (1.5, "wages must be an amount such as 1234.56, got 1.5"),
        (True, "wages must be an amount"),
        (None, "wages must be an amount"),
        (D("NaN"), "wages must be an amount"),
        (D("Infinity"), "wages must be an amount"),
        ("-1", "wages must not be negative, got -1"),
        (D("-0.01"), "wages must not be negative"),
        ("1.234", r"wages has more than two decimal places \(1.234\)"),
        ("10000000000000", "wages is too large"),
        ("x" * 100, r"got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx\.\.\.\."),
    ],
)
def test_parse_amount_refuses_with_one_sentence_naming_the_field(value: Any, message: str) -> None:
    with pytest.raises(UserInputError, match=message) as info:
        parse_amount(value, "wages")
    assert "\n" not in str(info.value)
