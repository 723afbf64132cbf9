"""Money in the calculators: Decimal only, one rounding rule, one way to read an amount.

Rounding rule (written once): every tax amount shown or charged is rounded to the cent with
ROUND_HALF_UP (四舍五入); intermediate products stay exact until that point.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kiosk.errors import UserInputError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Larger amounts are surely typing mistakes; this also keeps Decimal well inside its precision.
MAX_AMOUNT = Decimal("1000000000000")
_AMOUNT_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (the one rounding rule of the calculators)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal) -> str:
    """Two decimals, no grouping: ``Decimal('360') -> '360.00'``."""
    return f"{round_cents(amount):.2f}"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 32 else text[:29] + "..."


def parse_amount(value: object, field: str) -> Decimal:
    """A non-negative amount with at most two decimals from a Decimal, int or decimal string.

    Floats are refused: they cannot hold most cent amounts exactly. Raises :class:`UserInputError`
    with one sentence naming ``field``.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise UserInputError(f"{field} must be an amount such as 1234.56, got {_show(value)}.")
    if isinstance(value, str):
        text = value.strip()
        if not _AMOUNT_TEXT.match(text):
            raise UserInputError(f"{field} must be an amount such as 1234.56, got {_show(value)}.")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
            raise UserInputError(f"{field} must be an amount such as 1234.56, got {_show(value)}.") from exc
    else:
        number = Decimal(value)
    if not number.is_finite():
        raise UserInputError(f"{field} must be an amount such as 1234.56, got {_show(value)}.")
    if number < 0:
        raise UserInputError(f"{field} must not be negative, got {number}.")
    if number > MAX_AMOUNT:
        raise UserInputError(f"{field} is too large ({number}); amounts are at most {MAX_AMOUNT}.")
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise UserInputError(f"{field} has more than two decimal places ({number}).")
    return number + ZERO  # normalise the exponent: 5 -> 5.00


def format_rate(rate: Decimal) -> str:
    """A rate as a decimal string with at least two places: 0.03 -> '0.03', 0.015 -> '0.015', 0.1 -> '0.10'."""
    text = f"{rate.normalize():f}"
    whole, _, places = text.partition(".")
    return f"{whole}.{places.ljust(2, '0')}"
