"""Progressive bracket tables (rate and quick deduction per bracket)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiosk.rules._reader import Reader


@dataclass(frozen=True)
class Bracket:
    upto: Decimal | None  # inclusive upper bound of taxable income; None for the top bracket
    rate: Decimal
    quick_deduction: Decimal


@dataclass(frozen=True)
class BracketTable:
    brackets: tuple[Bracket, ...]

    def find(self, taxable: Decimal) -> Bracket:
        """The bracket whose range holds ``taxable`` (upper bounds are inclusive)."""
        for bracket in self.brackets:
            if bracket.upto is None or taxable <= bracket.upto:
                return bracket
        raise AssertionError("a validated table always ends with an open bracket")  # pragma: no cover

    @property
    def edges(self) -> tuple[Decimal, ...]:
        return tuple(b.upto for b in self.brackets if b.upto is not None)


def read_brackets(parent: Reader, key: str) -> BracketTable:
    """Read and check a bracket table: ascending bounds, rising rates, open top, no jump at an edge.

    The quick deduction of each bracket must equal the one that makes the tax continuous at the
    lower edge (``edge x rate - quick``, the same from both sides), so a typo in the data is caught.
    """
    rows = parent.tables(key)
    brackets: list[Bracket] = []
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        upto = None
        if last:
            if row.has("upto"):
                raise row.fail("upto", "the last bracket must have no upper bound")
        else:
            upto = row.decimal("upto", low=Decimal("0.01"))
        rate = row.rate("rate")
        quick = row.decimal("quick_deduction")
        row.finish()
        if brackets:
            prev = brackets[-1]
            assert prev.upto is not None
            if upto is not None and upto <= prev.upto:
                raise row.fail("upto", f"must be above the previous bound {prev.upto}")
            if rate <= prev.rate:
                raise row.fail("rate", f"must be above the previous rate {prev.rate}")
            expected = prev.quick_deduction + prev.upto * (rate - prev.rate)
            if quick != expected:
                raise row.fail("quick_deduction", f"expected {expected} for a continuous table, got {quick}")
        elif quick != 0:
            raise row.fail("quick_deduction", "the first bracket must have a quick deduction of 0")
        brackets.append(Bracket(upto, rate, quick))
    return BracketTable(tuple(brackets))
