"""What the printer simulator prints: rows of a receipt (text, blank feed, QR, barcode, raster image,
PDF417, marks) and their plain-text form. Kept apart from the simulator so the PNG renderer can use
the rows without importing the simulator (no import cycle)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LINE_DOTS = 30  # default line spacing (24-dot font + 6 dots)


# ---- what gets printed -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)  # thousands per receipt: no __dict__ each
class Cell:
    ch: str
    x: int  # dots from the left edge of the paper
    width: int  # dots
    bold: bool
    underline: int
    wm: int
    hm: int
    font_b: bool = False
    invert: bool = False


@dataclass(frozen=True, slots=True)
class TextRow:
    cells: tuple[Cell, ...]
    height: int
    text: str  # plain-text rendering, padded for alignment
    upside_down: bool = False


@dataclass(frozen=True)
class BlankRow:
    height: int


@dataclass(frozen=True)
class QrRow:
    data: bytes
    module_size: int
    ec: str
    align: int


@dataclass(frozen=True)
class BarcodeRow:
    data: str
    height: int
    module_width: int
    hri: int
    align: int


@dataclass(frozen=True)
class RasterRow:
    width: int
    height: int
    bits: bytes = field(repr=False)
    align: int = 0


@dataclass(frozen=True)
class Pdf417Row:
    data: bytes
    align: int


@dataclass(frozen=True)
class MarkRow:
    """Not ink: a mark the simulator puts on its picture (cut, paper out)."""

    text: str


Row = TextRow | BlankRow | QrRow | BarcodeRow | RasterRow | Pdf417Row | MarkRow


@dataclass(frozen=True)
class Receipt:
    index: int  # 1-based, in cut order
    text: str
    png_path: Path | None
    rows: tuple[Row, ...] = field(repr=False, default=())


def rows_to_text(rows: list[Row] | tuple[Row, ...]) -> str:
    lines: list[str] = []
    for row in rows:
        if isinstance(row, TextRow):
            lines.append(row.text)
        elif isinstance(row, BlankRow):
            lines.extend([""] * max(1, round(row.height / LINE_DOTS)))
        elif isinstance(row, QrRow):
            lines.append(f"[QR:{row.data.decode('utf-8', errors='replace')}]")
        elif isinstance(row, BarcodeRow):
            lines.append(f"[BARCODE:{row.data}]")
        elif isinstance(row, RasterRow):
            lines.append(f"[IMAGE:{row.width}x{row.height}]")
        elif isinstance(row, Pdf417Row):
            lines.append(f"[PDF417:{row.data.decode('utf-8', errors='replace')}]")
        else:
            lines.append(row.text)
    return "\n".join(lines) + "\n"


