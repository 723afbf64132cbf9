"""Document -> plain text laid out exactly like the receipt slip (same layout code, same wrapping).

Used for logs of layout, tests, the tour and ``kiosk slip render --format txt``. Double-size text
is written once and centred by its printed width; the QR code is shown as ``[QR:<data>]`` as the
printer simulator shows it.
"""

from __future__ import annotations

from devices.escpos.builder import PAPER_GEOMETRY, Align, char_width, layout_columns, text_width, wrap_text
from receipts.model import Document
from receipts.slip import lay_out


class TextSlip:
    """A stand-in for the ESC/POS builder that writes lines of text (see :class:`SlipSink`)."""

    def __init__(self, width_mm: int = 80) -> None:
        if width_mm not in PAPER_GEOMETRY:
            raise ValueError(f"paper width must be 58 or 80 mm, got {width_mm}")
        self.columns_count = PAPER_GEOMETRY[width_mm][0]
        self.lines: list[str] = []
        self._align = Align.LEFT
        self._wm = 1

    @property
    def line_columns(self) -> int:
        return max(2, self.columns_count // self._wm)

    def init(self) -> TextSlip:
        self._align, self._wm = Align.LEFT, 1
        return self

    def align(self, align: Align) -> TextSlip:
        self._align = Align(align)
        return self

    def bold(self, on: bool = True) -> TextSlip:
        return self

    def size(self, width_mult: int = 1, height_mult: int = 1) -> TextSlip:
        self._wm = width_mult
        return self

    def line(self, s: str = "") -> TextSlip:
        printed = text_width(s) * self._wm
        room = self.columns_count - printed
        if self._align == Align.CENTER and room > 0:
            s = " " * (room // 2) + s
        elif self._align == Align.RIGHT and room > 0:
            s = " " * room + s
        self.lines.append(s.rstrip())
        return self

    def wrapped(self, s: str, indent: int = 0) -> TextSlip:
        for piece in wrap_text(s, self.line_columns - indent):
            self.line(" " * indent + piece)
        return self

    def columns(self, left: str, right: str) -> TextSlip:
        for text in layout_columns(left, right, self.line_columns):
            self.line(text)
        return self

    def rule(self, char: str = "-") -> TextSlip:
        return self.line(char * (self.line_columns // (char_width(char) or 1)))

    def feed(self, n: int = 1) -> TextSlip:
        self.lines.extend([""] * n)
        return self

    def qr(self, data: str, module_size: int = 6, ec: str = "M") -> TextSlip:
        self.lines.append(f"[QR:{data}]")
        return self

    def barcode128(self, data: str) -> TextSlip:
        self.lines.append(f"[BARCODE:{data}]")  # as the printer simulator renders it
        return self

    def mark_part(self) -> TextSlip:
        return self

    def cut(self, partial: bool = False, feed: int = 3) -> TextSlip:
        return self.feed(feed)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def render_text(doc: Document, paper_width: int = 80) -> str:
    slip = TextSlip(paper_width)
    lay_out(doc, slip)
    return slip.text()
