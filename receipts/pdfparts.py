"""ReportLab pieces of the A4 documents: Chinese-aware paragraphs, the bold title, the QR code and
the ruled form grid (rows of cells at fractions of the width, laid out as one platypus Table)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import segno
from reportlab.lib.colors import Color, black, white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from receipts.cjkwrap import break_lines


class CJKParagraph(Paragraph):
    """A Paragraph (style with ``wordWrap='CJK'``) that breaks lines by the Chinese rules.

    ReportLab's own CJK wrap lets closing punctuation start a line or hang past the column (see
    receipts.cjkwrap). For the plain one-style text every cell holds, this does exactly what
    ``Paragraph.breakLinesCJK`` does for one fragment, with receipts.cjkwrap.break_lines choosing the
    breaks instead of ``textsplit.wordSplit``; anything richer falls back to ReportLab.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        frags = self.frags
        if (
            len(frags) != 1
            or not hasattr(frags[0], "text")
            or hasattr(frags[0], "cbDefn")
            or self.style.endDots
            or getattr(self, "_splitpara", 0)
        ):
            return super().breakLinesCJK(maxWidths)
        f = frags[0]
        widths = tuple(maxWidths) if isinstance(maxWidths, list | tuple) else (maxWidths,)
        font, size = f.fontName, f.fontSize
        # A table wraps each cell several times at the same width (measuring, splitting at a page end).
        memo: dict[tuple[float, ...], list[tuple[float, str]]] = self.__dict__.setdefault("_kinsoku", {})
        lines = memo.get(widths)
        if lines is None:
            lines = memo[widths] = break_lines(f.text, lambda s: stringWidth(s, font, size), widths)
        return f.clone(
            kind=0, lines=[(room, [text]) for room, text in lines], ascent=size, descent=-0.2 * size
        )


class BoldParagraph(CJKParagraph):
    """Glyphs filled and stroked (text render mode 2): a bold look from a font with no bold face,
    with a rule under the text as on the printed form."""

    def beginText(self, x: float, y: float) -> Any:
        text = super().beginText(x, y)
        text.setTextRenderMode(2)
        return text

    def draw(self) -> None:
        c = self.canv
        size = self.style.fontSize
        c.saveState()
        c.setLineWidth(size * 0.016)
        c.setStrokeColor(self.style.textColor)
        super().draw()
        c.restoreState()
        widest = max((self.width - room for room, _t in self.blPara.lines), default=0.0)
        x0 = (self.width - widest) / 2
        c.saveState()
        c.setLineWidth(0.8)
        c.setStrokeColor(black)
        c.line(x0 - 4, -1.5, x0 + widest + 4, -1.5)
        c.restoreState()


class QrCode(Flowable):
    """A QR code of ``data``, ``size`` points square, drawn as vector rectangles (segno's matrix)."""

    def __init__(self, data: str, size: float, quiet: int = 2) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.quiet = quiet

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        matrix = segno.make(self.data, error="m", micro=False).matrix
        n = len(matrix)
        m = self.size / (n + 2 * self.quiet)
        c = self.canv
        c.setFillColor(white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        path = c.beginPath()
        for r, row in enumerate(matrix):
            run_start: int | None = None
            for col in range(n + 1):
                dark = col < n and row[col]
                if dark and run_start is None:
                    run_start = col
                elif not dark and run_start is not None:
                    x = (self.quiet + run_start) * m
                    y = self.size - (self.quiet + r + 1) * m
                    path.rect(x, y, (col - run_start) * m, m)
                    run_start = None
        c.setFillColor(black)
        c.drawPath(path, stroke=0, fill=1)


Content: TypeAlias = Flowable | list[Flowable]  # what a table cell holds


@dataclass
class Cell:
    """One cell of a form row, from ``start`` to ``end`` as fractions of the table's width."""

    start: float
    end: float
    content: Content
    shade: bool = False
    middle: bool = False  # centred vertically (headings, labels); otherwise top-aligned
    align: str = "LEFT"  # where fixed-width flowables (QR code, barcode) sit; text aligns by its style


@dataclass
class _Row:
    cells: Sequence[Cell]
    ruled: bool


@dataclass
class FormGrid:
    """Rows of cells at any fractions of the width, laid on one column grid (every cell edge any row
    uses), so one platypus Table holds heading rows, detail rows, totals and signature boxes alike,
    and ReportLab breaks it across pages, repeating the heading rows."""

    width: float
    line_width: float = 0.6
    pad: float = 4.5
    shade: Color = field(default_factory=lambda: Color(0.93, 0.93, 0.93))
    _rows: list[_Row] = field(default_factory=list)

    def add(self, *cells: Cell, ruled: bool = True) -> int:
        """Append a row; returns its index. Unruled rows get no lines (notes under the form).

        Raises ValueError unless the cells cover the width from 0 to 1, in order, without gaps.
        """
        edges = [0.0] + [x for c in cells for x in (c.start, c.end)] + [1.0]
        if any(abs(a - b) > 1e-6 for a, b in zip(edges[::2], edges[1::2], strict=True)) or any(
            c.end <= c.start for c in cells
        ):
            raise ValueError(f"row cells must tile 0..1: {[(c.start, c.end) for c in cells]}")
        self._rows.append(_Row(cells, ruled))
        return len(self._rows) - 1

    def __len__(self) -> int:
        return len(self._rows)

    def _ruled_runs(self) -> list[tuple[int, int]]:
        """(first, last) of each run of ruled rows; GRID honours the spans inside it."""
        runs: list[tuple[int, int]] = []
        for r, row in enumerate(self._rows):
            if not row.ruled:
                continue
            if runs and runs[-1][1] == r - 1:
                runs[-1] = (runs[-1][0], r)
            else:
                runs.append((r, r))
        return runs

    def table(self, *, repeat_rows: int = 0, keep_from: int | None = None) -> Table:
        """The Table; ``repeat_rows`` heading rows start every page it runs onto, and no page break
        falls between row ``keep_from`` and the last row."""
        edges = sorted({round(x, 6) for row in self._rows for c in row.cells for x in (c.start, c.end)})
        index = {x: i for i, x in enumerate(edges)}
        ncols = len(edges) - 1
        widths = [(b - a) * self.width for a, b in itertools.pairwise(edges)]
        data: list[list[Any]] = []
        cmds: list[tuple[Any, ...]] = [
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad * 0.7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad * 0.9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for r, row in enumerate(self._rows):
            line: list[Any] = [""] * ncols
            for cell in row.cells:
                c0, c1 = index[round(cell.start, 6)], index[round(cell.end, 6)] - 1
                line[c0] = cell.content
                if c1 > c0:
                    cmds.append(("SPAN", (c0, r), (c1, r)))
                if cell.shade:
                    cmds.append(("BACKGROUND", (c0, r), (c1, r), self.shade))
                if cell.middle:
                    cmds.append(("VALIGN", (c0, r), (c1, r), "MIDDLE"))
                if cell.align != "LEFT":
                    cmds.append(("ALIGN", (c0, r), (c1, r), cell.align))
            data.append(line)
        cmds += [("GRID", (0, a), (-1, b), self.line_width, black) for a, b in self._ruled_runs()]
        if keep_from is not None and keep_from < len(self._rows) - 1:
            cmds.append(("NOSPLIT", (0, keep_from), (-1, len(self._rows) - 1)))
        return Table(
            data,
            colWidths=widths,
            style=TableStyle(cmds),
            repeatRows=repeat_rows,
            hAlign="LEFT",
            splitByRow=1,
        )
