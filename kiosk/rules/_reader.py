"""Reading rule data files: TOML with every number as Decimal, each value checked with a named path.

Errors name the file and the key (``iit_2023.toml: annual_brackets[2].rate: ...``) so a bad edit of
the data is found at load time, never in the middle of a computation.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

from kiosk.rules.errors import RuleTableError

DATA_PACKAGE = "kiosk.rules"
DATA_DIR = "data"


def data_files(prefix: str) -> list[tuple[str, str]]:
    """(name, text) of every shipped data file named ``<prefix>_*.toml``, sorted by name."""
    folder = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    found = []
    for entry in folder.iterdir():
        if entry.name.startswith(prefix + "_") and entry.name.endswith(".toml"):
            found.append((entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RuleTableError(f"{source}: not valid TOML ({exc}).") from exc


class Reader:
    """Typed access to one table of a data file; ``finish()`` rejects keys nobody read."""

    def __init__(self, data: object, path: str, source: str) -> None:
        if not isinstance(data, Mapping):
            raise RuleTableError(f"{source}: {path or 'top level'}: expected a table.")
        self._data = data
        self._path = path
        self._source = source
        self._read: set[str] = set()

    def _name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def fail(self, key: str, problem: str) -> RuleTableError:
        return RuleTableError(f"{self._source}: {self._name(key)}: {problem}.")

    def has(self, key: str) -> bool:
        return key in self._data

    def raw(self, key: str) -> Any:
        self._read.add(key)
        if key not in self._data:
            raise self.fail(key, "missing")
        return self._data[key]

    def decimal(self, key: str, *, low: Decimal = Decimal(0), high: Decimal | None = None) -> Decimal:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(key, f"expected a number, got {value!r}")
        number = Decimal(value)
        if not number.is_finite() or number < low or (high is not None and number > high):
            upper = "" if high is None else f" and at most {high}"
            raise self.fail(key, f"expected a number of at least {low}{upper}, got {value}")
        return number

    def rate(self, key: str) -> Decimal:
        return self.decimal(key, high=Decimal(1))

    def integer(self, key: str, *, low: int = 0, high: int | None = None) -> int:
        value = self.raw(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            upper = "" if high is None else f" and at most {high}"
            raise self.fail(key, f"expected a whole number of at least {low}{upper}, got {value!r}")
        return value

    def text(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value or (choices is not None and value not in choices):
            wanted = "a non-empty string" if choices is None else "one of " + ", ".join(choices)
            raise self.fail(key, f"expected {wanted}, got {value!r}")
        return value

    def table(self, key: str) -> Reader:
        return Reader(self.raw(key), self._name(key), self._source)

    def tables(self, key: str) -> list[Reader]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "expected a non-empty array of tables")
        return [Reader(item, f"{self._name(key)}[{i}]", self._source) for i, item in enumerate(value)]

    def names(self) -> list[str]:
        return list(self._data)

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.fail(unknown[0], "unknown key")


def read_years(top: Reader) -> tuple[str, int, int]:
    """The ``version``, ``from_year`` and ``to_year`` every rule file starts with."""
    version = top.text("version")
    from_year = top.integer("from_year", low=2000, high=2100)
    to_year = top.integer("to_year", low=from_year, high=2100)
    return version, from_year, to_year
