"""An incremental ESC/POS stream parser: bytes in, printer elements out (pure, no I/O).

This is the printer's side of the protocol and is written from the command reference, not from
our builder: it must also make sense of what other software (python-escpos, vendor tools) sends.
Unknown commands are skipped by their documented length where known and reported as ``Unknown``;
nothing here raises on bad input.

Text decoding follows the printer: in Chinese mode (FS &) a byte 0x81-0xFE starts a GB18030
double-byte character; a four-byte GB18030 sequence is outside what a two-byte printer has in ROM
and comes out as U+FFFD. Outside Chinese mode bytes >= 0x80 go through the selected code page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---- elements ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    """Base of everything the parser emits."""


@dataclass(frozen=True)
class Text(Element):
    text: str


@dataclass(frozen=True)
class LineFeed(Element):
    pass


@dataclass(frozen=True)
class Init(Element):
    pass


@dataclass(frozen=True)
class SetAlign(Element):
    align: int  # 0 left, 1 centre, 2 right


@dataclass(frozen=True)
class SetBold(Element):
    on: bool


@dataclass(frozen=True)
class SetUnderline(Element):
    n: int


@dataclass(frozen=True)
class SetSize(Element):
    width: int
    height: int


@dataclass(frozen=True)
class SetPrintMode(Element):
    """ESC ! n: font B, bold, double height/width and underline in one byte."""

    n: int


@dataclass(frozen=True)
class SetChinese(Element):
    on: bool


@dataclass(frozen=True)
class SetCodePage(Element):
    n: int


@dataclass(frozen=True)
class Feed(Element):
    lines: int


@dataclass(frozen=True)
class FeedDots(Element):
    dots: int


@dataclass(frozen=True)
class Cut(Element):
    partial: bool
    feed_dots: int = 0


@dataclass(frozen=True)
class QrCode(Element):
    data: bytes
    module_size: int
    ec: str

    @property
    def payload(self) -> str:
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Barcode(Element):
    symbology: int
    data: str
    height: int
    module_width: int
    hri: int


@dataclass(frozen=True)
class Raster(Element):
    width: int  # dots
    height: int
    bits: bytes = field(repr=False)
    scale: int = 0  # GS v 0 m: 0 normal, 1 double width, 2 double height, 3 both


@dataclass(frozen=True)
class StatusRequest(Element):
    """DLE EOT n: real-time status; answered at once."""

    n: int


@dataclass(frozen=True)
class RecoverRequest(Element):
    """DLE ENQ n: 1 recover and restart, 2 recover and clear buffers."""

    n: int


@dataclass(frozen=True)
class PaperSensorRequest(Element):
    """GS r n: transmit status, answered when the printer gets to it (after earlier data)."""

    n: int


@dataclass(frozen=True)
class AutoStatusBack(Element):
    n: int


@dataclass(frozen=True)
class Unknown(Element):
    data: bytes


# ---- parser ------------------------------------------------------------------------------------------

MAX_RASTER_DOTS = 4096
_CODE_PAGES = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    17: "cp866",
    19: "cp858",
}


class _NeedMore(Exception):
    """The buffer ends in the middle of a command: wait for more bytes."""


class EscPosParser:
    """Feed bytes as they arrive; get back the elements completed so far."""

    def __init__(self, chinese: bool = True) -> None:
        self.chinese = chinese
        self.code_page = 0
        self._buf = bytearray()
        # GS ( k keeps QR settings and the stored symbol until printed
        self._qr_module = 3
        self._qr_ec = "M"
        self._qr_data = b""
        self._bc_height = 162
        self._bc_width = 3
        self._bc_hri = 0

    @property
    def pending(self) -> int:
        """Bytes held back because the command they start is not complete yet."""
        return len(self._buf)

    def reset(self) -> None:
        """Drop a half-received command (the printer's receive buffer was cleared)."""
        self._buf.clear()

    def feed(self, data: bytes) -> list[Element]:
        self._buf += data
        out: list[Element] = []
        pos = 0
        buf = self._buf
        while pos < len(buf):
            try:
                pos = self._one(buf, pos, out)
            except _NeedMore:
                break
        del buf[:pos]
        return out

    # Each handler returns the position after what it consumed, or raises _NeedMore.
    def _one(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        b = buf[pos]
        if b == 0x1B:
            return self._esc(buf, pos, out)
        if b == 0x1D:
            return self._gs(buf, pos, out)
        if b == 0x1C:
            return self._fs(buf, pos, out)
        if b == 0x10:
            return self._dle(buf, pos, out)
        if b == 0x0A:
            out.append(LineFeed())
            return pos + 1
        if b == 0x0C:  # form feed: print and return to standard mode
            out.append(LineFeed())
            return pos + 1
        if b == 0x09:
            out.append(Text("    "))
            return pos + 1
        if b < 0x20 or b == 0x7F:  # CR, CAN, NUL, XON/XOFF echoes... nothing to print
            return pos + 1
        return self._text(buf, pos, out)

    def _text(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        chars: list[str] = []
        end = len(buf)
        while pos < end:
            b = buf[pos]
            if b < 0x20 or b == 0x7F:
                break
            if b < 0x80:
                chars.append(chr(b))
                pos += 1
                continue
            if self.chinese and 0x81 <= b <= 0xFE:
                if pos + 1 >= end:
                    if not chars:
                        raise _NeedMore
                    break
                b2 = buf[pos + 1]
                if 0x30 <= b2 <= 0x39:  # four-byte GB18030: not in a two-byte printer's ROM
                    if pos + 3 >= end:
                        if not chars:
                            raise _NeedMore
                        break
                    chars.append("\ufffd")
                    pos += 4
                    continue
                try:
                    chars.append(bytes(buf[pos : pos + 2]).decode("gb18030"))
                except UnicodeDecodeError:
                    chars.append("\ufffd")
                pos += 2
                continue
            if self.chinese:  # 0x80 or 0xFF in Chinese mode: not a lead byte
                chars.append("\ufffd")
            else:
                chars.append(bytes([b]).decode(_CODE_PAGES.get(self.code_page, "cp437"), errors="replace"))
            pos += 1
        out.append(Text("".join(chars)))
        return pos

    @staticmethod
    def _need(buf: bytearray, pos: int, n: int) -> None:
        if pos + n > len(buf):
            raise _NeedMore

    def _esc(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 2)
        c = buf[pos + 1]
        one_param = b"aE-!dJetMG3 R=rUVc{TB"
        if c == 0x40:  # @
            out.append(Init())
            self.code_page = 0
            return pos + 2
        if c in (0x32, 0x3C, 0x69, 0x6D):  # 2 default spacing, < return home, i / m cuts
            if c in (0x69, 0x6D):
                out.append(Cut(partial=True))  # ESC i / ESC m: partial cuts (one or three points left)
            return pos + 2
        if c in one_param:
            self._need(buf, pos, 3)
            n = buf[pos + 2]
            if c == 0x63:  # ESC c 3 n / c 4 n / c 5 n: two bytes after 'c'
                self._need(buf, pos, 4)
                out.append(Unknown(bytes(buf[pos : pos + 4])))
                return pos + 4
            if c == 0x61:
                out.append(SetAlign(n & 0x03 if n < 0x30 else (n - 0x30) & 0x03))
            elif c == 0x45:
                out.append(SetBold(bool(n & 1)))
            elif c == 0x2D:
                out.append(SetUnderline((n - 0x30) if n >= 0x30 else n))
            elif c == 0x21:
                out.append(SetPrintMode(n))
            elif c == 0x64:
                out.append(Feed(n))
            elif c == 0x4A:
                out.append(FeedDots(n))
            elif c == 0x74:
                self.code_page = n
                out.append(SetCodePage(n))
            else:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
            return pos + 3
        if c in (0x24, 0x5C):  # ESC $ / ESC \ : positions, two bytes
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c == 0x70:  # ESC p m t1 t2: drawer kick
            self._need(buf, pos, 5)
            out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5
        if c == 0x2A:  # ESC * m nL nH d: column bit image
            self._need(buf, pos, 5)
            m, count = buf[pos + 2], buf[pos + 3] | buf[pos + 4] << 8
            length = count * (3 if m in (32, 33) else 1)
            self._need(buf, pos, 5 + length)
            out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5 + length
        if c == 0x44:  # ESC D n1 ... NUL: tab stops
            end = buf.find(0, pos + 2)
            if end < 0:
                if len(buf) - pos > 34:
                    return pos + 2
                raise _NeedMore
            return end + 1
        if c == 0x57:  # ESC W: print area in page mode, 8 bytes
            self._need(buf, pos, 10)
            return pos + 10
        out.append(Unknown(bytes(buf[pos : pos + 2])))
        return pos + 2

    def _gs(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 2)
        c = buf[pos + 1]
        if c == 0x21:  # GS ! n
            self._need(buf, pos, 3)
            n = buf[pos + 2]
            out.append(SetSize(((n >> 4) & 0x07) + 1, (n & 0x07) + 1))
            return pos + 3
        if c == 0x56:  # GS V m [n]
            self._need(buf, pos, 3)
            m = buf[pos + 2]
            if m in (65, 66, 97, 98, 103, 104):
                self._need(buf, pos, 4)
                out.append(Cut(partial=m in (66, 98, 104), feed_dots=buf[pos + 3]))
                return pos + 4
            out.append(Cut(partial=m in (1, 49)))
            return pos + 3
        if c in (0x68, 0x77, 0x48, 0x66, 0x61, 0x72, 0x42, 0x62, 0x49, 0x45, 0x2F):
            self._need(buf, pos, 3)
            n = buf[pos + 2]
            if c == 0x68:
                self._bc_height = n or 1
            elif c == 0x77:
                self._bc_width = n or 1
            elif c == 0x48:
                self._bc_hri = n & 0x03 if n < 0x30 else (n - 0x30) & 0x03
            elif c == 0x61:
                out.append(AutoStatusBack(n))
            elif c == 0x72:
                out.append(PaperSensorRequest(n if n < 0x30 else n - 0x30))
            else:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
            return pos + 3
        if c in (0x4C, 0x57, 0x50):  # GS L / GS W / GS P: two parameter bytes
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c == 0x6B:  # GS k m ...
            return self._barcode(buf, pos, out)
        if c == 0x76:  # GS v 0 m xL xH yL yH d
            self._need(buf, pos, 8)
            if buf[pos + 2] != 0x30:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
                return pos + 3
            m = buf[pos + 3]
            x = buf[pos + 4] | buf[pos + 5] << 8
            y = buf[pos + 6] | buf[pos + 7] << 8
            if x * 8 > MAX_RASTER_DOTS or y > MAX_RASTER_DOTS:  # a corrupt header: do not wait for GBs
                out.append(Unknown(bytes(buf[pos : pos + 8])))
                return pos + 8
            self._need(buf, pos, 8 + x * y)
            out.append(Raster(x * 8, y, bytes(buf[pos + 8 : pos + 8 + x * y]), m & 0x03))
            return pos + 8 + x * y
        if c == 0x2A:  # GS * x y d: define downloaded bit image (x*y*8 bytes)
            self._need(buf, pos, 4)
            length = buf[pos + 2] * buf[pos + 3] * 8
            self._need(buf, pos, 4 + length)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4 + length
        if c == 0x28:  # GS ( X pL pH ...
            self._need(buf, pos, 5)
            fn = buf[pos + 2]
            length = buf[pos + 3] | buf[pos + 4] << 8
            self._need(buf, pos, 5 + length)
            body = bytes(buf[pos + 5 : pos + 5 + length])
            if fn == 0x6B:
                self._qr(body, out)
            else:
                out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5 + length
        if c == 0x38 and len(buf) > pos + 2 and buf[pos + 2] == 0x4C:  # GS 8 L p1..p4
            self._need(buf, pos, 7)
            length = buf[pos + 3] | buf[pos + 4] << 8 | buf[pos + 5] << 16 | buf[pos + 6] << 24
            self._need(buf, pos, 7 + length)
            out.append(Unknown(bytes(buf[pos : pos + 7])))
            return pos + 7 + length
        out.append(Unknown(bytes(buf[pos : pos + 2])))
        return pos + 2

    def _barcode(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 3)
        m = buf[pos + 2]
        if m <= 6:  # function A: data ends with NUL
            end = buf.find(0, pos + 3)
            if end < 0:
                if len(buf) - pos > 260:
                    return pos + 3
                raise _NeedMore
            data = bytes(buf[pos + 3 : end])
            nxt = end + 1
            symbology = m + 65
        else:
            self._need(buf, pos, 4)
            n = buf[pos + 3]
            self._need(buf, pos, 4 + n)
            data = bytes(buf[pos + 4 : pos + 4 + n])
            nxt = pos + 4 + n
            symbology = m
        text = data.decode("latin-1")
        if symbology == 73:  # CODE128: {A {B {C select the code set, {{ is a literal brace
            text = self._code128_text(data)
        out.append(Barcode(symbology, text, self._bc_height, self._bc_width, self._bc_hri))
        return nxt

    @staticmethod
    def _code128_text(data: bytes) -> str:
        chars: list[str] = []
        code_set = "B"
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x7B and i + 1 < len(data):
                sel = chr(data[i + 1])
                i += 2
                if sel in "ABC":
                    code_set = sel
                elif sel == "{":
                    chars.append("{")
                continue  # {1 {2 {3 {4 {S: function characters, nothing printed
            if code_set == "C":
                chars.append(f"{b:02d}")
            else:
                chars.append(chr(b))
            i += 1
        return "".join(chars)

    def _qr(self, body: bytes, out: list[Element]) -> None:
        if len(body) < 2 or body[0] != 0x31:  # cn 49 = QR; other symbols (PDF417 ...) ignored
            out.append(Unknown(b"\x1d(k" + body[:2]))
            return
        fn = body[1]
        if fn == 0x43 and len(body) >= 3:
            self._qr_module = body[2]
        elif fn == 0x45 and len(body) >= 3:
            self._qr_ec = {0x30: "L", 0x31: "M", 0x32: "Q", 0x33: "H"}.get(body[2], "M")
        elif fn == 0x50 and len(body) >= 3:
            self._qr_data = body[3:]
        elif fn == 0x51:
            out.append(QrCode(self._qr_data, self._qr_module, self._qr_ec))

    def _fs(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 2)
        c = buf[pos + 1]
        if c == 0x26:
            self.chinese = True
            out.append(SetChinese(True))
            return pos + 2
        if c == 0x2E:
            self.chinese = False
            out.append(SetChinese(False))
            return pos + 2
        if c in (0x21, 0x2D, 0x57, 0x43):  # FS ! n, FS - n, FS W n, FS C n
            self._need(buf, pos, 3)
            if c == 0x2D:
                n = buf[pos + 2]
                out.append(SetUnderline(n - 0x30 if n >= 0x30 else n))
            return pos + 3
        if c in (0x53, 0x70):  # FS S n1 n2, FS p n m
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c == 0x28:  # FS ( X pL pH ...
            self._need(buf, pos, 5)
            length = buf[pos + 3] | buf[pos + 4] << 8
            self._need(buf, pos, 5 + length)
            return pos + 5 + length
        out.append(Unknown(bytes(buf[pos : pos + 2])))
        return pos + 2

    def _dle(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 2)
        c = buf[pos + 1]
        if c == 0x04:
            self._need(buf, pos, 3)
            out.append(StatusRequest(buf[pos + 2]))
            return pos + 3
        if c == 0x05:
            self._need(buf, pos, 3)
            out.append(RecoverRequest(buf[pos + 2]))
            return pos + 3
        if c == 0x14:  # DLE DC4 fn m t
            self._need(buf, pos, 5)
            out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5
        return pos + 1  # a lone DLE


def parse(data: bytes, chinese: bool = True) -> list[Element]:
    """Parse a complete stream (a trailing half command is dropped)."""
    return EscPosParser(chinese=chinese).feed(data)


__all__ = [
    "AutoStatusBack",
    "Barcode",
    "Cut",
    "Element",
    "EscPosParser",
    "Feed",
    "FeedDots",
    "Init",
    "LineFeed",
    "PaperSensorRequest",
    "QrCode",
    "Raster",
    "RecoverRequest",
    "SetAlign",
    "SetBold",
    "SetChinese",
    "SetCodePage",
    "SetPrintMode",
    "SetSize",
    "SetUnderline",
    "StatusRequest",
    "Text",
    "Unknown",
    "parse",
]
