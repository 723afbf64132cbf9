"""Where the text of a PDF is: one box per line of text, read back with pypdf's text visitor.

pypdf reports each text-showing run with its text matrix and the current transformation matrix;
their product places the baseline's start on the page. The width comes from the embedded font's
advance widths (ReportLab's metrics of the same font), the height from its ascent and descent, so a
box covers the glyphs as printed. Rotated text (the demo watermark) is left out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from receipts.fonts import cjk_font

Matrix = Sequence[float]


@dataclass(frozen=True)
class Box:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    def overlaps(self, other: Box, tolerance: float = 0.25) -> bool:
        """Do the two boxes share more than ``tolerance`` points in both directions?"""
        dx = min(self.x1, other.x1) - max(self.x0, other.x0)
        dy = min(self.y1, other.y1) - max(self.y0, other.y0)
        return self.page == other.page and dx > tolerance and dy > tolerance

    def __str__(self) -> str:
        return f"p{self.page} {self.text!r} x {self.x0:.1f}-{self.x1:.1f} y {self.y0:.1f}-{self.y1:.1f}"


def _mul(m: Matrix, n: Matrix) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def text_boxes(pdf: bytes) -> list[Box]:
    font = cjk_font()
    boxes: list[Box] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):

        def visit(
            text: str, cm: Matrix, tm: Matrix, _font: object, size: float, number: int = number
        ) -> None:
            s = text.replace("\n", "")
            if not s.strip():
                return
            a, b, c, _d, e, f = _mul(tm, cm)
            if abs(b) > 1e-6 or abs(c) > 1e-6:
                return  # rotated: the watermark
            fs = size * a
            ascent, descent = getAscentDescent(font, fs)
            boxes.append(Box(number, s, e, f + descent, e + stringWidth(s, font, fs), f + ascent, fs))

        page.extract_text(visitor_text=visit)
    return boxes


def overlapping_pairs(boxes: Sequence[Box]) -> list[tuple[Box, Box]]:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
