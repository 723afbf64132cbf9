"""A rental invoice quote: the taxes on renting out a property, line by line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class QuoteLine:
    label_zh: str
    label_en: str
    amount: Decimal
    note: str = ""
    tax_type: str = ""  # kiosk.domain.taxes.TaxType value the line is paid as ("" for a total)
    base: Decimal | None = None  # what the rate is applied to (None for a total)
    rate: Decimal | None = None  # the rate charged, reliefs included (7% halved -> 0.035)


@dataclass(frozen=True)
class RentalQuoteView:
    lines: tuple[QuoteLine, ...]
    total_tax: Decimal
    months: int
    rule_version: str
