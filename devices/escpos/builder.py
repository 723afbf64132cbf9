"""ESC/POS command builder: pure functions from text and pictures to printer bytes (no I/O).

Text is encoded as GB18030 in the printer's Chinese (double-byte) mode. Many printers only have
the two-byte area of GB18030 in ROM, so a character that needs four bytes (rare Han characters,
emoji, U+00A5 "¥") or a control character is replaced by a visible stand-in and recorded in
``EscPosBuilder.replacements``; nothing is ever dropped silently. The yen sign is sent as the
full-width "￥" (A3 A4), which every Chinese printer has.

Widths are counted in printer columns of font A (12 x 24 dots): an ASCII character takes one
column, any double-byte character (Han, full-width punctuation, "é", "·") takes two, as the
printer draws it in Chinese mode.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

log = logging.getLogger("devices.escpos")

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"
LF = b"\n"

# Paper geometry of the two roll widths we support: (columns of font A, printable dots).
PAPER_GEOMETRY: dict[int, tuple[int, int]] = {58: (32, 384), 80: (48, 576)}

# Characters that have a known good stand-in on a two-byte GB printer.
SUBSTITUTIONS: dict[str, str] = {
    "\u00a5": "\uffe5",  # ¥ -> ￥ (four bytes in GB18030, garbage on most printers)
    "\u00a0": " ",  # no-break space
    "\t": " ",
}
# ASCII characters the printer gets as something else (text_width's fast path must not count them as 1)
_ASCII_SUBSTITUTED = frozenset(k for k, v in SUBSTITUTIONS.items() if k.isascii() and (len(v) != 1 or not v.isascii()))
WIDE_REPLACEMENT = "\u25a1"  # □, two columns, in GB2312
NARROW_REPLACEMENT = "?"

QR_EC_LEVELS = {"L": 0x30, "M": 0x31, "Q": 0x32, "H": 0x33}
RASTER_BAND_ROWS = 128  # rows per GS v 0 command; small bands keep the printer's buffer happy


class Align(IntEnum):
    LEFT = 0
    CENTER = 1
    RIGHT = 2


@dataclass(frozen=True)
class Replacement:
    """A character the printer cannot print, and what was sent instead."""

    original: str
    replacement: str
    line: int  # printed line number in the job (0-based, counted by line feeds)
    position: int  # index of the character in the string passed to text()/line()

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.original):04X}"


class PilLike(Protocol):
    """The part of a PIL.Image the builder uses (so the builder itself stays stdlib-only)."""

    size: tuple[int, int]

    def convert(self, mode: str) -> PilLike: ...

    def tobytes(self) -> bytes: ...


# ---- width and wrapping (module functions: receipts/ uses them for plain text) -------------------
def _printable_char(ch: str) -> str | None:
    """The character as the printer will get it, or None when it cannot be printed."""
    ch = SUBSTITUTIONS.get(ch, ch)
    if ch == "\n":
        return ch
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
        return None
    if code < 0x80:
        return ch
    try:
        encoded = ch.encode("gb18030")
    except UnicodeEncodeError:  # lone surrogates
        return None
    return ch if len(encoded) == 2 else None


def _replacement_for(ch: str) -> str:
    return WIDE_REPLACEMENT if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW_REPLACEMENT


@functools.lru_cache(maxsize=65536)
def char_width(ch: str) -> int:
    """Printer columns of one character (after substitution or replacement).

    Cached: a slip's layout asks for the width of every character of every prefix it tries while
    wrapping (about 5,000 calls a slip), and the answer never changes for a character."""
    printable = _printable_char(ch)
    if printable is None:
        printable = _replacement_for(ch)
    if printable == "\n":
        return 0
    if unicodedata.combining(printable):
        return 0
    return 1 if ord(printable) < 0x80 else 2


def text_width(s: str) -> int:
    """Printer columns ``s`` takes on one line: ASCII 1, double-byte (Han, full-width, ...) 2."""
    if s.isascii() and s.isprintable() and not _ASCII_SUBSTITUTED.intersection(s):
        return len(s)  # the common case: one column each, no lookups
    return sum(map(char_width, s))


_NO_LINE_START = set("，。、；：？！）》」』】〉,.;:?!)%")
_NO_LINE_END = set("￥（《「『【〈($")


def _tokens(paragraph: str) -> list[str]:
    """Split into runs that must stay together: ASCII words, single spaces, single wide characters;
    closing punctuation sticks to what precedes it, opening brackets and "￥" to what follows."""
    out: list[str] = []
    word = ""
    glue_next = False
    for ch in paragraph:
        if ch == " ":
            if word:
                out.append(word)
                word = ""
            out.append(" ")
            glue_next = False
            continue
        if char_width(ch) == 1:
            if glue_next and not word:
                word = out.pop()
            word += ch
            glue_next = ch in _NO_LINE_END
            continue
        if word:
            out.append(word)
            word = ""
        if out and out[-1] != " " and (glue_next or ch in _NO_LINE_START):
            out[-1] += ch
        else:
            out.append(ch)
        glue_next = ch in _NO_LINE_END
    if word:
        out.append(word)
    return out


def _hard_split(token: str, columns: int) -> list[str]:
    pieces: list[str] = []
    cur, cur_w = "", 0
    for ch in token:
        w = char_width(ch)
        if cur and cur_w + w > columns:
            pieces.append(cur)
            cur, cur_w = "", 0
        cur += ch
        cur_w += w
    if cur:
        pieces.append(cur)
    return pieces


def wrap_text(s: str, columns: int) -> list[str]:
    """Wrap ``s`` to ``columns`` printer columns: Latin words stay whole (unless longer than a line),
    Han text breaks between any two characters, closing punctuation never starts a line.
    Explicit newlines start new lines; an empty string gives one empty line."""
    if columns < 2:
        raise ValueError(f"columns must be at least 2, got {columns}")
    lines: list[str] = []
    for paragraph in s.split("\n"):
        cur, cur_w = "", 0
        start = len(lines)
        for token in _tokens(paragraph):
            tw = text_width(token)
            if token == " ":
                if cur and cur_w + 1 <= columns:
                    cur += " "
                    cur_w += 1
                continue
            if cur_w + tw <= columns:
                cur += token
                cur_w += tw
                continue
            if cur.strip():
                lines.append(cur.rstrip(" "))
            cur, cur_w = "", 0
            if tw > columns:
                pieces = _hard_split(token, columns)
                lines.extend(pieces[:-1])
                cur = pieces[-1]
                cur_w = text_width(cur)
            else:
                cur, cur_w = token, tw
        if cur.strip() or len(lines) == start:
            lines.append(cur.rstrip(" "))
    return lines


def layout_columns(left: str, right: str, cols: int) -> list[str]:
    """Lines of a label/value pair on a ``cols``-column slip: label left, value flush right; a long
    value wraps into the room right of the label, or onto lines of its own when the label leaves
    too little room. One function, so the printed slip and its plain-text twin cannot drift apart."""
    out: list[str] = []
    left_lines = wrap_text(left, cols) if left else [""]
    label = left_lines[-1]
    out.extend(left_lines[:-1])
    room = cols - text_width(label) - 1
    if room >= max(6, cols // 3) or text_width(right) <= room:
        values = wrap_text(right, max(room, 2)) if right else [""]
        first = values[0]
        out.append(label + " " * (cols - text_width(label) - text_width(first)) + first)
        out.extend(" " * (cols - text_width(v)) + v for v in values[1:])
    else:
        out.append(label)
        out.extend(" " * (cols - text_width(v)) + v for v in wrap_text(right, cols))
    return out


# ---- the builder ----------------------------------------------------------------------------------
class EscPosBuilder:
    """Chainable ESC/POS job builder for a 58 mm or 80 mm roll.

    ``mark_part()`` ends a logical part of the job (header, body, QR, ...); the driver checks the
    printer's status after each part, so a fault is pinned to the part it happened in.
    """

    def __init__(self, width_mm: int = 80, *, chinese: bool = True) -> None:
        if width_mm not in PAPER_GEOMETRY:
            raise ValueError(f"paper width must be 58 or 80 mm, got {width_mm}")
        self.width_mm = width_mm
        self.columns_count, self.dots = PAPER_GEOMETRY[width_mm]
        self._chinese_default = chinese
        self._chinese: bool | None = None  # None: not set yet in this job
        self._width_mult = 1
        self._parts: list[bytearray] = [bytearray()]
        self._line_no = 0
        self.replacements: list[Replacement] = []

    # ---- plumbing -------------------------------------------------------------------------------
    def _emit(self, data: bytes) -> EscPosBuilder:
        self._parts[-1] += data
        return self

    def raw(self, data: bytes) -> EscPosBuilder:
        """Append bytes as they are (for commands this builder does not know)."""
        return self._emit(bytes(data))

    def mark_part(self) -> EscPosBuilder:
        """End the current part; the driver checks status before starting the next one."""
        if self._parts[-1]:
            self._parts.append(bytearray())
        return self

    def parts(self) -> list[bytes]:
        return [bytes(p) for p in self._parts if p]

    def build(self) -> bytes:
        return b"".join(self.parts())

    @property
    def line_columns(self) -> int:
        """Columns available at the current character width multiplier."""
        return max(2, self.columns_count // self._width_mult)

    # ---- modes -------------------------------------------------------------------------------------
    def init(self) -> EscPosBuilder:
        """ESC @ (reset), then Chinese mode on unless the builder was made with chinese=False."""
        self._emit(ESC + b"@")
        self._width_mult = 1
        self._chinese = None
        if self._chinese_default:
            self.chinese(True)
        return self

    def chinese(self, on: bool) -> EscPosBuilder:
        """FS & / FS . : double-byte GB18030 text on or off (off: non-ASCII is replaced by '?')."""
        self._chinese = on
        return self._emit(FS + (b"&" if on else b"."))

    def align(self, align: Align) -> EscPosBuilder:
        return self._emit(ESC + b"a" + bytes([Align(align).value]))

    def bold(self, on: bool = True) -> EscPosBuilder:
        return self._emit(ESC + b"E" + bytes([1 if on else 0]))

    def underline(self, n: int = 1) -> EscPosBuilder:
        if n not in (0, 1, 2):
            raise ValueError(f"underline must be 0, 1 or 2, got {n}")
        return self._emit(ESC + b"-" + bytes([n]))

    def size(self, width_mult: int = 1, height_mult: int = 1) -> EscPosBuilder:
        if not (1 <= width_mult <= 8 and 1 <= height_mult <= 8):
            raise ValueError(f"size multipliers must be 1..8, got {width_mult}x{height_mult}")
        self._width_mult = width_mult
        return self._emit(GS + b"!" + bytes([((width_mult - 1) << 4) | (height_mult - 1)]))

    # ---- text ------------------------------------------------------------------------------------------
    def _encode(self, s: str) -> bytes:
        if self._chinese is None and self._chinese_default and not s.isascii():
            self.chinese(True)  # a job that skipped init() still gets its Chinese text right
        out = bytearray()
        for i, ch in enumerate(s):
            printable = _printable_char(ch)
            if printable is not None and ord(printable) >= 0x80 and not self._chinese:
                printable = None
            if printable is None:
                repl = _replacement_for(ch) if self._chinese else NARROW_REPLACEMENT
                self.replacements.append(Replacement(ch, repl, self._line_no, i))
                log.warning("printer cannot print U+%04X; sent %r instead", ord(ch), repl)
                printable = repl
            if printable == "\n":
                self._line_no += 1
            out += printable.encode("gb18030") if ord(printable) >= 0x80 else printable.encode("ascii")
        return bytes(out)

    def text(self, s: str) -> EscPosBuilder:
        """Text without a line feed ("\\n" inside ``s`` is a line feed)."""
        return self._emit(self._encode(s))

    def line(self, s: str = "") -> EscPosBuilder:
        self._emit(self._encode(s))
        self._line_no += 1
        return self._emit(LF)

    def lines(self, items: Iterable[str]) -> EscPosBuilder:
        for s in items:
            self.line(s)
        return self

    def wrapped(self, s: str, indent: int = 0) -> EscPosBuilder:
        """Lines of ``s`` wrapped to the paper (Han characters count two columns); every line is
        indented by ``indent`` columns."""
        cols = self.line_columns - indent
        if cols < 2:
            raise ValueError(f"indent {indent} leaves no room on a {self.line_columns}-column line")
        for piece in wrap_text(s, cols):
            self.line(" " * indent + piece)
        return self

    def columns(self, left: str, right: str) -> EscPosBuilder:
        """A label/value line: label on the left, value flush right (see :func:`layout_columns`)."""
        for text in layout_columns(left, right, self.line_columns):
            self.line(text)
        return self

    def rule(self, char: str = "-") -> EscPosBuilder:
        w = char_width(char) or 1
        return self.line(char * (self.line_columns // w))

    def feed(self, n: int = 1) -> EscPosBuilder:
        """ESC d n: print the buffer and feed ``n`` lines."""
        if not 0 <= n <= 255:
            raise ValueError(f"feed must be 0..255 lines, got {n}")
        self._line_no += n
        return self._emit(ESC + b"d" + bytes([n]))

    # ---- codes and pictures -------------------------------------------------------------------------
    def qr(self, data: str, module_size: int = 6, ec: str = "M") -> EscPosBuilder:
        """Native QR code (GS ( k, model 2), printed at the current alignment."""
        if not 1 <= module_size <= 16:
            raise ValueError(f"QR module size must be 1..16, got {module_size}")
        if ec not in QR_EC_LEVELS:
            raise ValueError(f"QR error correction must be one of L, M, Q, H, got {ec!r}")
        payload = data.encode("utf-8")
        if not payload or len(payload) > 7089:
            raise ValueError(f"QR payload must be 1..7089 bytes, got {len(payload)}")
        store_len = len(payload) + 3
        self._emit(GS + b"(k\x04\x001A2\x00")
        self._emit(GS + b"(k\x03\x001C" + bytes([module_size]))
        self._emit(GS + b"(k\x03\x001E" + bytes([QR_EC_LEVELS[ec]]))
        self._emit(GS + b"(k" + bytes([store_len & 0xFF, store_len >> 8]) + b"1P0" + payload)
        self._emit(GS + b"(k\x03\x001Q0")
        self._line_no += 1
        return self._emit(LF)

    def barcode128(
        self, data: str, height: int = 80, module_width: int = 2, hri: bool = True
    ) -> EscPosBuilder:
        """CODE128 (GS k 73) in code set B, human-readable text below when ``hri``."""
        if not data or len(data) > 253:
            raise ValueError(f"CODE128 data must be 1..253 characters, got {len(data)}")
        bad = [ch for ch in data if not 0x20 <= ord(ch) <= 0x7E]
        if bad:
            raise ValueError(f"CODE128 set B takes printable ASCII only, got {bad[0]!r}")
        if not 1 <= height <= 255 or not 1 <= module_width <= 6:
            raise ValueError("barcode height must be 1..255 dots and module width 1..6")
        modules = 11 * (len(data) + 2) + 13 + 20  # start + data + check + stop + quiet zones
        while module_width > 1 and modules * module_width > self.dots:
            module_width -= 1
        if modules * module_width > self.dots:
            raise ValueError(f"CODE128 {data!r} is too wide for {self.width_mm} mm paper")
        body = b"{B" + data.replace("{", "{{").encode("ascii")
        self._emit(GS + b"h" + bytes([height]))
        self._emit(GS + b"w" + bytes([module_width]))
        self._emit(GS + b"H" + bytes([2 if hri else 0]))
        self._emit(GS + b"k" + bytes([73, len(body)]) + body)
        self._line_no += 1
        return self._emit(LF)

    def raster(self, width_px: int, height_px: int, bits: bytes) -> EscPosBuilder:
        """A 1 bpp picture (rows of ceil(width/8) bytes, most significant bit left, 1 = black),
        sent as GS v 0 bands of at most RASTER_BAND_ROWS rows."""
        if not 1 <= width_px <= self.dots:
            raise ValueError(f"image width must be 1..{self.dots} dots, got {width_px}")
        row_bytes = (width_px + 7) // 8
        if height_px < 1 or len(bits) != row_bytes * height_px:
            raise ValueError(
                f"expected {row_bytes * height_px} bytes for {width_px}x{height_px}, got {len(bits)}"
            )
        for top in range(0, height_px, RASTER_BAND_ROWS):
            rows = min(RASTER_BAND_ROWS, height_px - top)
            header = GS + b"v0\x00" + bytes([row_bytes & 0xFF, row_bytes >> 8, rows & 0xFF, rows >> 8])
            self._emit(header + bits[top * row_bytes : (top + rows) * row_bytes])
        return self

    def image(self, img: PilLike) -> EscPosBuilder:
        """A Pillow image (duck-typed: the builder does not import Pillow), thresholded to 1 bpp."""
        mono = img.convert("1")
        width, height = mono.size
        # Pillow's mode "1" packs rows MSB first with 1 = white; the printer wants 1 = black.
        data = bytes(b ^ 0xFF for b in mono.tobytes())
        row_bytes = (width + 7) // 8
        pad = row_bytes * 8 - width
        if pad:  # the padding bits Pillow leaves as 0 became 1 (black); clear them
            mask = (0xFF << pad) & 0xFF
            data = bytes(b & mask if (i + 1) % row_bytes == 0 else b for i, b in enumerate(data))
        return self.raster(width, height, data)

    def cut(self, partial: bool = False, feed: int = 3) -> EscPosBuilder:
        """Feed ``feed`` lines so the last line clears the cutter, then GS V 0 (full) / 1 (partial)."""
        if feed:
            self.feed(feed)
        return self._emit(GS + b"V" + bytes([1 if partial else 0]))


__all__ = [
    "PAPER_GEOMETRY",
    "Align",
    "EscPosBuilder",
    "Replacement",
    "char_width",
    "text_width",
    "wrap_text",
]
