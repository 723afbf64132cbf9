"""Vehicle and vessel tax (车船税) on a passenger car: the province's or office's annual figure for
the engine size, pro rata from the month of purchase in the year it was bought."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kiosk.errors import UserInputError
from kiosk.rules import VehicleRules, vehicle_rules
from kiosk.rules.iit import no_table
from kiosk.tax.money import ZERO, round_cents

MAX_ENGINE_LITRES = Decimal(20)  # anything bigger is a typing mistake for a passenger car


@dataclass(frozen=True)
class VehicleTaxQuote:
    year: int
    engine_litres: Decimal
    band: str  # band key, e.g. "le_1_6"
    annual: Decimal  # the full year's figure
    months: int  # months taxed this year (12, or from the month of purchase)
    amount: Decimal  # annual / 12 x months, rounded to the cent
    rule_version: str
    office_prefix: str | None


def parse_litres(value: object, field: str = "engine_litres") -> Decimal:
    """An engine size in litres above 0 and at most 20, from a Decimal, int or decimal string."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise UserInputError(f"{field} must be a size in litres such as 1.6, got {value!r}.")
    try:
        litres = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation as exc:
        raise UserInputError(f"{field} must be a size in litres such as 1.6, got {value!r}.") from exc
    if not litres.is_finite() or not 0 < litres <= MAX_ENGINE_LITRES:
        raise UserInputError(f"{field} must be above 0 and at most {MAX_ENGINE_LITRES}, got {value!r}.")
    return litres


def vehicle_tax(
    engine_litres: Decimal,
    year: int,
    *,
    purchase_date: dt.date | None = None,
    office_code: str | None = None,
    rules: VehicleRules | None = None,
) -> VehicleTaxQuote:
    """Vehicle and vessel tax on a passenger car for ``year``.

    A car bought during ``year`` pays annual / 12 x the months from its month of purchase (that
    month included); one bought earlier (or ``purchase_date`` None) pays the whole year. A car
    bought after ``year`` owes nothing for it: :class:`UserInputError`.
    """
    litres = parse_litres(engine_litres)
    if rules is None:
        rules = vehicle_rules(year, office_code)
    elif isinstance(year, bool) or not isinstance(year, int) or not rules.from_year <= year <= rules.to_year:
        raise no_table("vehicle and vessel tax", year, (rules,))
    band = rules.band_for(litres)
    annual = rules.figures[band.key]
    months = 12
    if purchase_date is not None:
        if purchase_date.year > year:
            raise UserInputError(f"The car was bought on {purchase_date}, after the tax year {year}.")
        if purchase_date.year == year:
            months = 12 - purchase_date.month + 1
    amount = round_cents(annual / 12 * months) if months != 12 else annual + ZERO
    return VehicleTaxQuote(
        year, litres, band.key, annual + ZERO, months, amount, rules.version, rules.office_prefix
    )
