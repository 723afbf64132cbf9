"""``kiosk calc iit-annual``: the annual IIT reconciliation as JSON on stdin -> JSON on stdout.

Input: one JSON object, amounts annual as decimal strings (numbers accepted; they are read as
Decimal, never float); a missing amount means 0; ``year`` is required. Bad input exits with code 2
and one line ``error: ...`` on stderr (the group prints every UserInputError that way).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click

from kiosk.cli.groups import calc
from kiosk.errors import UserInputError
from kiosk.rules import SPECIAL_ADDITIONAL_KEYS
from kiosk.tax.iit_annual import AnnualInput, AnnualResult, compute_annual
from kiosk.tax.money import format_amount

_AMOUNT_KEYS = (
    "wages",
    "labor_remuneration",
    "author_remuneration",
    "royalties",
    "special_deductions",
    "other_deductions",
    "donations",
    "prepaid_tax",
)
_SAD_KEY = "special_additional_deductions"
_KNOWN_KEYS = ("year", *_AMOUNT_KEYS, _SAD_KEY)


def _reject_constant(name: str) -> Any:
    raise UserInputError(f"The input holds {name}, which is not an amount.")


def _shown(value: object) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 32 else text[:29] + "..."


def parse_annual_json(text: str) -> AnnualInput:
    """Turn the command's JSON input into an :class:`AnnualInput` (amounts checked later)."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"The input is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    except (RecursionError, ValueError) as exc:  # nesting too deep, an integer of thousands of digits
        raise UserInputError(
            "The input is not a reconciliation: it is nested too deeply or holds a huge number."
        ) from exc
    if not isinstance(data, dict):
        raise UserInputError('The input must be one JSON object such as {"year": 2024, "wages": "120000"}.')
    unknown = [key for key in data if key not in _KNOWN_KEYS]
    if unknown:
        raise UserInputError(f"Unknown key {unknown[0]!r}; expected some of {', '.join(_KNOWN_KEYS)}.")
    if "year" not in data:
        raise UserInputError('The input has no "year" (the tax year, such as 2024).')
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise UserInputError(f"year must be a whole number such as 2024, got {_shown(year)}.")
    special = data.get(_SAD_KEY, {})
    if not isinstance(special, dict):
        raise UserInputError(f'{_SAD_KEY} must be an object of amounts such as {{"housing_rent": "18000"}}.')
    for key in special:
        if key not in SPECIAL_ADDITIONAL_KEYS:
            raise UserInputError(
                f"Unknown key {_SAD_KEY}.{key!s}; expected some of {', '.join(SPECIAL_ADDITIONAL_KEYS)}."
            )
    amounts = {key: data.get(key, Decimal(0)) for key in _AMOUNT_KEYS}
    return AnnualInput(year=year, special_additional_deductions=special, **amounts)


def result_json(result: AnnualResult) -> dict[str, Any]:
    return {
        "comprehensive_income": format_amount(result.comprehensive_income),
        "taxable_income": format_amount(result.taxable_income),
        "rate": f"{result.rate:.2f}",
        "quick_deduction": format_amount(result.quick_deduction),
        "tax": format_amount(result.tax),
        "prepaid_tax": format_amount(result.prepaid_tax),
        "balance": format_amount(result.balance),
        "result": result.result.value,
        "filing_required": result.filing_required,
        "exemption": None if result.exemption is None else result.exemption.value,
    }


@calc.command("iit-annual")
def iit_annual_command() -> None:
    """Annual IIT reconciliation: JSON on stdin (amounts as decimal strings) -> JSON on stdout.

    Missing amounts are 0. Output: comprehensive_income, taxable_income, rate, quick_deduction, tax,
    prepaid_tax, balance (positive: pay, negative: refund), result (pay/refund/none),
    filing_required, exemption (null, income_le_120000, balance_le_400). Bad input exits with 2.

    \b
    Example:
      echo '{"year": 2024, "wages": "120000", "special_deductions": "24000",
             "special_additional_deductions": {"children_education": "24000"},
             "prepaid_tax": "1080"}' | kiosk calc iit-annual
    """
    try:
        text = click.get_binary_stream("stdin").read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError("The input is not UTF-8 text.") from exc
    result = compute_annual(parse_annual_json(text))
    click.echo(json.dumps(result_json(result), ensure_ascii=False))
