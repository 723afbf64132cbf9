"""Vehicle and vessel tax (车船税) rule tables for passenger cars: ranges by engine size and the
figure a province or tax office fixed inside each range (``kiosk/rules/data/vehicle_*.toml``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from kiosk.rules._reader import Reader, data_files, parse_toml, read_years
from kiosk.rules.iit import check_no_overlap, no_table
from kiosk.rules.offices import match_office


@dataclass(frozen=True)
class EngineBand:
    key: str
    upto_litres: Decimal | None  # inclusive; None for the top band
    min_annual: Decimal
    max_annual: Decimal


@dataclass(frozen=True)
class VehicleRules:
    version: str
    from_year: int
    to_year: int
    office_prefix: str | None  # the figures that applied: None for the default figures
    bands: tuple[EngineBand, ...]
    figures: MappingProxyType[str, Decimal]  # band key -> annual tax

    def band_for(self, engine_litres: Decimal) -> EngineBand:
        for band in self.bands:
            if band.upto_litres is None or engine_litres <= band.upto_litres:
                return band
        raise AssertionError("a validated table always ends with an open band")  # pragma: no cover


@dataclass(frozen=True)
class VehicleTableFile:
    version: str
    from_year: int
    to_year: int
    bands: tuple[EngineBand, ...]
    default: MappingProxyType[str, Decimal]
    overrides: dict[str, MappingProxyType[str, Decimal]]

    def resolve(self, office_code: str | None) -> VehicleRules:
        prefix, figures = match_office(self.overrides, office_code)
        return VehicleRules(
            self.version, self.from_year, self.to_year, prefix, self.bands, figures or self.default
        )


def _read_bands(top: Reader) -> tuple[EngineBand, ...]:
    rows = top.tables("bands")
    bands: list[EngineBand] = []
    for i, row in enumerate(rows):
        key = row.text("key")
        if i == len(rows) - 1:
            if row.has("upto_litres"):
                raise row.fail("upto_litres", "the last band must have no upper bound")
            upto = None
        else:
            upto = row.decimal("upto_litres", low=Decimal("0.1"))
        low = row.decimal("min")
        high = row.decimal("max", low=low)
        row.finish()
        if bands:
            prev_upto = bands[-1].upto_litres
            assert prev_upto is not None
            if upto is not None and upto <= prev_upto:
                raise row.fail("upto_litres", f"must be above the previous bound {prev_upto}")
            if key in {b.key for b in bands}:
                raise row.fail("key", f"{key!r} is used twice")
        bands.append(EngineBand(key, upto, low, high))
    return tuple(bands)


def _read_figures(reader: Reader, bands: tuple[EngineBand, ...]) -> MappingProxyType[str, Decimal]:
    figures = {}
    for band in bands:
        figure = reader.decimal(band.key)
        if not band.min_annual <= figure <= band.max_annual:
            raise reader.fail(
                band.key, f"{figure} is outside the legal range {band.min_annual}-{band.max_annual}"
            )
        figures[band.key] = figure
    reader.finish()
    return MappingProxyType(figures)


def parse_vehicle_table(data: dict[str, Any], source: str) -> VehicleTableFile:
    top = Reader(data, "", source)
    version, from_year, to_year = read_years(top)
    bands = _read_bands(top)
    figures = top.table("figures")
    default = _read_figures(figures.table("default"), bands)
    overrides = {}
    for code in figures.names():
        if code == "default":
            continue
        if not code.isdigit():
            raise figures.fail(code, "an office code prefix must be digits")
        overrides[code] = _read_figures(figures.table(code), bands)
    figures.finish()
    top.finish()
    return VehicleTableFile(version, from_year, to_year, bands, default, overrides)


@functools.cache
def all_vehicle_tables() -> tuple[VehicleTableFile, ...]:
    tables = [parse_vehicle_table(parse_toml(text, name), name) for name, text in data_files("vehicle")]
    check_no_overlap(tables, "vehicle rule tables")
    return tuple(sorted(tables, key=lambda t: t.from_year))


def vehicle_rules(year: int, office_code: str | None = None) -> VehicleRules:
    """Vehicle and vessel tax rules for ``year`` at ``office_code`` (default figures when None)."""
    tables = all_vehicle_tables()
    for table in tables:
        if not isinstance(year, bool) and isinstance(year, int) and table.from_year <= year <= table.to_year:
            return table.resolve(office_code)
    raise no_table("vehicle and vessel tax", year, tables)
