"""Amounts in Chinese capitals: the reference's examples and the rules around zeros."""

from __future__ import annotations

from decimal import Decimal

import pytest

from receipts.rmb import AmountError, capitals, figures, yuan

# The examples of shared/reference/tax-rules.md, verbatim. The reference writes 1409.50 without 整;
# our convention adds 整 after 角 (accounting standard), so that one is checked with jiao_zheng=False
# and again in our convention below.
REFERENCE = [
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("532.00", "伍佰叁拾贰元整"),
    ("100304", "壹拾万零叁佰零肆元整"),
    ("0", "零元整"),
]


@pytest.mark.parametrize(("amount", "expected"), REFERENCE)
def test_reference_examples(amount: str, expected: str) -> None:
    assert capitals(amount, jiao_zheng=False) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("0.50", "伍角整"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("10", "壹拾元整"),
        ("10.50", "壹拾元伍角整"),
        ("1000.05", "壹仟元零伍分"),
        ("10000", "壹万元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("1001001", "壹佰万壹仟零壹元整"),
        ("20300405.60", "贰仟零叁拾万零肆佰零伍元陆角整"),
        ("-720.00", "负柒佰贰拾元整"),
        (Decimal("16409.02"), "壹万陆仟肆佰零玖元零贰分"),
        (7, "柒元整"),
    ],
)
def test_conventions(amount: object, expected: str) -> None:
    assert capitals(amount) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["1.005", "abc", "", "NaN", "1e40", 1.5])
def test_bad_amounts_are_refused(bad: object) -> None:
    with pytest.raises(AmountError):
        capitals(bad)  # type: ignore[arg-type]


def test_figures_and_yuan() -> None:
    assert figures("16409.02") == "16,409.02"
    assert yuan(Decimal("1409.5")) == "￥1,409.50"
    assert yuan("-720") == "-￥720.00"
