"""Formatting of money and dates for screens (the same in both languages)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def money(amount: Decimal) -> str:
    """Decimal('1234.5') -> '¥1,234.50' (negative amounts keep their sign)."""
    q = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    return f"{sign}¥{abs(q):,.2f}"


def date(d: dt.date) -> str:
    return d.isoformat()


def period(a: dt.date, b: dt.date) -> str:
    return f"{a.isoformat()} – {b.isoformat()}"


def add_months(d: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after ``d``'s month."""
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_end(d: dt.date) -> dt.date:
    return add_months(d, 1) - dt.timedelta(days=1)
