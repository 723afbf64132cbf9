"""Rule tables for renting out property (VAT, surcharges, property tax, IIT or one combined rate).

A default table plus optional overrides per tax office (by code prefix), see
``kiosk/rules/data/rental_*.toml``. ``rental_rules(year, office_code)`` returns the merged table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from kiosk.rules._reader import Reader, data_files, parse_toml, read_years
from kiosk.rules.iit import check_no_overlap, no_table
from kiosk.rules.offices import match_office

LOCATION_CLASSES: tuple[str, ...] = ("city", "county_town", "other")


class RentalMode(StrEnum):
    ITEMISED = "itemised"  # VAT, surcharges, property tax and IIT each computed
    COMBINED = "combined"  # one combined rate (综合征收率) on the rent


@dataclass(frozen=True)
class RentalRules:
    version: str
    from_year: int
    to_year: int
    office_prefix: str | None  # the override that applied, None for the default table
    mode: RentalMode
    vat_rate_residential: Decimal  # 5% reduced to 1.5% for housing only
    vat_rate_other: Decimal  # 5% for shops, offices and other non-residential property
    vat_divisor: Decimal
    vat_monthly_exemption: Decimal
    city_maintenance: MappingProxyType[str, Decimal]  # city / county_town / other
    education_surcharge: Decimal
    local_education_surcharge: Decimal
    property_tax_residential: Decimal
    property_tax_other: Decimal
    iit_repairs_cap_monthly: Decimal
    iit_threshold: Decimal
    iit_fixed_deduction: Decimal
    iit_percent_deduction: Decimal
    iit_rate_residential: Decimal
    iit_rate_other: Decimal
    combined_rate_residential: Decimal
    combined_rate_other: Decimal
    # Share still charged of city maintenance tax, the two education surcharges and property tax
    # (1 = no relief; 0.5 = halved for small-scale VAT taxpayers, 公告2023年第12号).
    small_scale_charged_share: Decimal

    def vat_rate(self, residential: bool) -> Decimal:
        return self.vat_rate_residential if residential else self.vat_rate_other

    def covers(self, year: int) -> bool:
        return self.from_year <= year <= self.to_year


_RATES = (
    "vat_rate_residential",
    "vat_rate_other",
    "small_scale_charged_share",
    "education_surcharge",
    "local_education_surcharge",
    "property_tax_residential",
    "property_tax_other",
    "iit_percent_deduction",
    "iit_rate_residential",
    "iit_rate_other",
    "combined_rate_residential",
    "combined_rate_other",
)
_AMOUNTS = ("vat_monthly_exemption", "iit_repairs_cap_monthly", "iit_threshold", "iit_fixed_deduction")


def _read_settings(reader: Reader, *, complete: bool) -> dict[str, Any]:
    """The settings present in one table (all of them when ``complete``), checked."""
    out: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return complete or reader.has(key)

    if wanted("mode"):
        out["mode"] = RentalMode(reader.text("mode", tuple(m.value for m in RentalMode)))
    for key in _RATES:
        if wanted(key):
            out[key] = reader.rate(key)
    for key in _AMOUNTS:
        if wanted(key):
            out[key] = reader.decimal(key)
    if wanted("vat_divisor"):
        out["vat_divisor"] = reader.decimal("vat_divisor", low=Decimal(1))
    if wanted("city_maintenance"):
        city = reader.table("city_maintenance")
        out["city_maintenance"] = {c: city.rate(c) for c in LOCATION_CLASSES if complete or city.has(c)}
        city.finish()
    reader.finish()
    return out


@dataclass(frozen=True)
class RentalTableFile:
    version: str
    from_year: int
    to_year: int
    default: dict[str, Any]
    offices: dict[str, dict[str, Any]]

    def resolve(self, office_code: str | None) -> RentalRules:
        prefix, override = match_office(self.offices, office_code)
        settings = dict(self.default)
        if override:
            city = dict(settings["city_maintenance"])
            city.update(override.get("city_maintenance", {}))
            settings.update(override)
            settings["city_maintenance"] = city
        settings["city_maintenance"] = MappingProxyType(settings["city_maintenance"])
        return RentalRules(
            version=self.version,
            from_year=self.from_year,
            to_year=self.to_year,
            office_prefix=prefix,
            **settings,
        )


def parse_rental_table(data: dict[str, Any], source: str) -> RentalTableFile:
    top = Reader(data, "", source)
    version, from_year, to_year = read_years(top)
    default = _read_settings(top.table("default"), complete=True)
    offices: dict[str, dict[str, Any]] = {}
    if top.has("offices"):
        office_tables = top.table("offices")
        for code in office_tables.names():
            if not code.isdigit():
                raise office_tables.fail(code, "an office code prefix must be digits")
            offices[code] = _read_settings(office_tables.table(code), complete=False)
        office_tables.finish()
    top.finish()
    return RentalTableFile(version, from_year, to_year, default, offices)


@functools.cache
def all_rental_tables() -> tuple[RentalTableFile, ...]:
    tables = [parse_rental_table(parse_toml(text, name), name) for name, text in data_files("rental")]
    check_no_overlap(tables, "rental rule tables")
    return tuple(sorted(tables, key=lambda t: t.from_year))


def rental_rules(year: int, office_code: str | None = None) -> RentalRules:
    """The rental rules for ``year`` at the tax office ``office_code`` (default table when None)."""
    tables = all_rental_tables()
    for table in tables:
        if not isinstance(year, bool) and isinstance(year, int) and table.from_year <= year <= table.to_year:
            return table.resolve(office_code)
    raise no_table("rental", year, tables)


__all__ = ["LOCATION_CLASSES", "RentalMode", "RentalRules", "rental_rules"]
