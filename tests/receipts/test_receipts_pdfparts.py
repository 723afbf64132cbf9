"""The form grid: rows at any fractions of the width become one Table on the union of their edges."""

from __future__ import annotations

import pytest

from receipts.pdfparts import Cell, FormGrid


def test_rows_with_different_edges_share_one_column_grid() -> None:
    grid = FormGrid(200.0)
    grid.add(Cell(0, 0.25, "a"), Cell(0.25, 1, "b"))
    grid.add(Cell(0, 0.5, "c"), Cell(0.5, 1, "d"))
    table = grid.table(repeat_rows=1, keep_from=0)
    assert table._colWidths == pytest.approx([50.0, 50.0, 100.0])
    spans = [cmd[1:3] for cmd in table._spanCmds]
    assert ((1, 0), (2, 0)) in spans and ((0, 1), (1, 1)) in spans
    assert table.repeatRows == 1
    assert table._nosplitCmds


@pytest.mark.parametrize(
    "cells",
    [
        [Cell(0, 0.4, "x"), Cell(0.5, 1, "y")],  # a gap
        [Cell(0, 0.6, "x"), Cell(0.5, 1, "y")],  # an overlap
        [Cell(0, 0.5, "x")],  # short of the right edge
        [Cell(0.5, 1, "x"), Cell(0, 0.5, "y")],  # out of order
    ],
)
def test_a_row_must_cover_the_width_exactly(cells: list[Cell]) -> None:
    with pytest.raises(ValueError, match="tile"):
        FormGrid(100.0).add(*cells)
