"""An incremental ESC/POS stream parser: bytes in, printer elements out (pure, no I/O).

This is the printer's side of the protocol and is written from the command reference, not from
our builder: it must also make sense of what other software (python-escpos, vendor tools) sends.
Unknown commands are skipped by their documented length where known and reported as ``Unknown``;
nothing here raises on bad input.

Text decoding follows the printer: in Chinese mode (FS &) a byte 0x81-0xFE starts a GB18030
character only when the bytes after it make a valid sequence: a trail byte 0x40-0x7E / 0x80-0xFE
(two bytes), or digit, 0x81-0xFE, digit (four bytes, outside what a two-byte printer has in ROM:
U+FFFD). A lead byte followed by anything else is one unprintable byte (U+FFFD) and the next byte
is read afresh, so a stray high byte never swallows a digit, a line feed or an ESC. Outside
Chinese mode bytes >= 0x80 go through the selected code page.

Every command with parameters is skipped by its documented length (never printed as text), and
searches for a terminating NUL are bounded (ESC D: 32 tab stops; GS k function A: 255 bytes), so
the result does not depend on how the stream was split into reads (a property test feeds every
split). Lengths follow the Epson ESC/POS command reference (see devices/escpos/README.md).
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
class SetFont(Element):
    """ESC M n: font A (12 x 24) or font B (9 x 17)."""

    font_b: bool


@dataclass(frozen=True)
class SetInvert(Element):
    """GS B n: white on black."""

    on: bool


@dataclass(frozen=True)
class SetUpsideDown(Element):
    """ESC { n: upside-down printing (takes effect at the start of a line)."""

    on: bool


@dataclass(frozen=True)
class SetTabs(Element):
    """ESC D n1 ... nk NUL: horizontal tab stops, in characters from the left margin."""

    positions: tuple[int, ...]


@dataclass(frozen=True)
class Tab(Element):
    """HT: move to the next tab stop."""


@dataclass(frozen=True)
class DrawerKick(Element):
    """ESC p m t1 t2 / DLE DC4 1 m t: a pulse to the cash drawer connector."""

    pin: int  # 2 or 5
    on_ms: int
    off_ms: int


@dataclass(frozen=True)
class Pdf417(Element):
    data: bytes


@dataclass(frozen=True)
class PrinterIdRequest(Element):
    """GS I n: transmit printer ID (answered by the printer)."""

    n: int


@dataclass(frozen=True)
class Unknown(Element):
    data: bytes


# ---- parser ------------------------------------------------------------------------------------------

MAX_RASTER_DOTS = 4096
MAX_GRAPHICS_BYTES = 1 << 20
MAX_TAB_STOPS = 32
MAX_BARCODE_A = 255
# ESC t n -> Python codec, as the Epson numbering in escpos-printer-db's default profile (the table
# python-escpos picks its ESC t from); tables Python has no codec for fall back to cp437.
_CODE_PAGES = {
    0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 13: "cp857", 14: "cp737",
    15: "iso8859_7", 16: "cp1252", 17: "cp866", 18: "cp852", 19: "cp858", 21: "cp874", 32: "cp720",
    33: "cp775", 34: "cp855", 35: "cp861", 36: "cp862", 37: "cp864", 38: "cp869", 39: "iso8859_2",
    40: "iso8859_15", 44: "cp1125", 45: "cp1250", 46: "cp1251", 47: "cp1253", 48: "cp1254",
    49: "cp1255", 50: "cp1256", 51: "cp1257", 52: "cp1258",
}


class _NeedMore(Exception):
    """The buffer ends in the middle of a command: wait for more bytes."""


class EscPosParser:
    """Feed bytes as they arrive; get back the elements completed so far."""

    def __init__(self, chinese: bool = True, *, chinese_font: bool = True, native_qr: bool = True) -> None:
        """``chinese``: Chinese mode at power-up. A printer without ``chinese_font`` ignores FS &
        (its bytes >= 0x80 stay code-page characters: the garbage a real one prints); one without
        ``native_qr`` skips every GS ( k command and prints nothing for it."""
        self.chinese_font = chinese_font
        self.chinese = chinese and chinese_font
        self.native_qr = native_qr
        self.code_page = 0
        self._buf = bytearray()
        # GS ( k keeps QR settings and the stored symbol until printed
        self._qr_module = 3
        self._qr_ec = "M"
        self._qr_data = b""
        self._pdf417_data = b""
        self._graphics: Raster | None = None  # GS ( L function 112: stored until function 50
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

    def feed_spans(self, data: bytes) -> list[tuple[list[Element], bytes]]:
        """Like ``feed``, with the bytes of each command: (elements it gave, its bytes). For
        rewriting a stream command by command (``devices.escpos.adapt``)."""
        self._buf += data
        out: list[tuple[list[Element], bytes]] = []
        pos = 0
        buf = self._buf
        while pos < len(buf):
            got: list[Element] = []
            try:
                end = self._one(buf, pos, got)
            except _NeedMore:
                break
            out.append((got, bytes(buf[pos:end])))
            pos = end
        del buf[:pos]
        return out

    def take_pending(self) -> bytes:
        """The bytes held back (an unfinished command), dropped from the parser."""
        held = bytes(self._buf)
        self._buf.clear()
        return held

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
            out.append(Tab())
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
                if 0x40 <= b2 <= 0xFE and b2 != 0x7F:  # two-byte GB18030
                    try:
                        chars.append(bytes(buf[pos : pos + 2]).decode("gb18030"))
                    except UnicodeDecodeError:
                        chars.append("\ufffd")
                    pos += 2
                    continue
                b3_ok = pos + 2 >= end or 0x81 <= buf[pos + 2] <= 0xFE
                if 0x30 <= b2 <= 0x39 and b3_ok:  # maybe four-byte GB18030: lead, digit, lead, digit
                    if pos + 3 >= end:
                        if not chars:
                            raise _NeedMore
                        break
                    if 0x81 <= buf[pos + 2] <= 0xFE and 0x30 <= buf[pos + 3] <= 0x39:
                        chars.append("\ufffd")  # valid, but not in a two-byte printer's ROM
                        pos += 4
                        continue
                chars.append("\ufffd")  # a stray high byte: one unprintable byte, the next is read afresh
                pos += 1
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
        one_param = b"aE-!dJetMG3 R=rUVc{TB?SLnK"
        if c == 0x40:  # @
            out.append(Init())
            self.code_page = 0
            return pos + 2
        if c in (0x32, 0x3C, 0x69, 0x6D, 0x0C):  # 2 default spacing, < home, i / m cuts, FF page mode
            if c in (0x69, 0x6D):
                out.append(Cut(partial=True))  # ESC i / ESC m: partial cuts (one or three points left)
            return pos + 2
        if c == 0x63:  # ESC c 3 n / c 4 n / c 5 n: two bytes after 'c'
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c in (0x53, 0x4C):  # ESC S standard mode / ESC L page mode: no parameter
            return pos + 2
        if c in one_param:
            self._need(buf, pos, 3)
            n = buf[pos + 2]
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
            elif c == 0x4D:
                out.append(SetFont(bool(n & 1)))
            elif c == 0x7B:
                out.append(SetUpsideDown(bool(n & 1)))
            else:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
            return pos + 3
        if c in (0x24, 0x5C):  # ESC $ / ESC \ : positions, two bytes
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c == 0x70:  # ESC p m t1 t2: drawer kick (t in units of 2 ms)
            self._need(buf, pos, 5)
            m = buf[pos + 2]
            out.append(DrawerKick(5 if m in (1, 0x31) else 2, buf[pos + 3] * 2, buf[pos + 4] * 2))
            return pos + 5
        if c == 0x2A:  # ESC * m nL nH d: column bit image
            return self._column_image(buf, pos, out)
        if c == 0x44:  # ESC D n1 ... nk NUL: at most 32 tab stops
            window = bytes(buf[pos + 2 : pos + 2 + MAX_TAB_STOPS + 1])
            end = window.find(0)
            if end < 0:
                if len(window) <= MAX_TAB_STOPS:
                    raise _NeedMore
                end = MAX_TAB_STOPS  # no NUL within 32 stops: the command ends there
                out.append(SetTabs(_ascending(window[:end])))
                return pos + 2 + end
            out.append(SetTabs(_ascending(window[:end])))
            return pos + 2 + end + 1
        if c == 0x57:  # ESC W: print area in page mode, 8 bytes
            self._need(buf, pos, 10)
            return pos + 10
        if c == 0x28:  # ESC ( X pL pH ...: extended commands (beeper ESC ( A, ...), never printed
            self._need(buf, pos, 5)
            length = buf[pos + 3] | buf[pos + 4] << 8
            self._need(buf, pos, 5 + length)
            out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5 + length
        if c == 0x26:  # ESC & y c1 c2 [x d1 ... d(y*x)] per character: user-defined characters
            self._need(buf, pos, 5)
            y, c1, c2 = buf[pos + 2], buf[pos + 3], buf[pos + 4]
            at = pos + 5
            for _ in range(max(0, c2 - c1 + 1)):
                self._need(buf, at, 1)
                at += 1 + y * buf[at]
                self._need(buf, at, 0)
            out.append(Unknown(bytes(buf[pos : pos + 5])))
            return at
        out.append(Unknown(bytes(buf[pos : pos + 2])))
        return pos + 2

    def _column_image(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        """ESC * m nL nH d: one band of column-format bit image (8 or 24 dots high), as a Raster."""
        self._need(buf, pos, 5)
        m, count = buf[pos + 2], buf[pos + 3] | buf[pos + 4] << 8
        tall = m in (32, 33)
        per_column = 3 if tall else 1
        length = count * per_column
        self._need(buf, pos, 5 + length)
        data = buf[pos + 5 : pos + 5 + length]
        height = 8 * per_column
        stretch = 1 if m in (1, 33) else 2  # single density: each column printed twice as wide
        width = count * stretch
        row_bytes = (width + 7) // 8
        bits = bytearray(row_bytes * height)
        for col in range(count):
            for k in range(per_column):
                byte = data[col * per_column + k]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        y = k * 8 + bit
                        for dx in range(stretch):
                            x = col * stretch + dx
                            bits[y * row_bytes + x // 8] |= 0x80 >> (x % 8)
        out.append(Raster(width, height, bytes(bits)))
        return pos + 5 + length

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
        if c in (0x68, 0x77, 0x48, 0x66, 0x61, 0x72, 0x42, 0x62, 0x49, 0x45, 0x2F, 0x54):
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
            elif c == 0x42:
                out.append(SetInvert(bool(n & 1)))
            elif c == 0x49:
                out.append(PrinterIdRequest(n))
            else:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
            return pos + 3
        if c in (0x4C, 0x57, 0x50, 0x24, 0x5C):  # GS L / W / P / $ / \ : two parameter bytes
            self._need(buf, pos, 4)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4
        if c == 0x6B:  # GS k m ...
            return self._barcode(buf, pos, out)
        if c == 0x76:  # GS v 0 m xL xH yL yH d
            self._need(buf, pos, 3)
            if buf[pos + 2] != 0x30:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
                return pos + 3
            self._need(buf, pos, 8)
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
                self._symbol(body, out)
            elif fn == 0x4C:
                self._graphics_command(body, out)
            else:
                out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5 + length
        if c == 0x38:  # GS 8 L p1 p2 p3 p4 m fn ...: GS ( L with a four-byte length
            self._need(buf, pos, 3)
            if buf[pos + 2] != 0x4C:
                out.append(Unknown(bytes(buf[pos : pos + 3])))
                return pos + 3
            self._need(buf, pos, 7)
            length = buf[pos + 3] | buf[pos + 4] << 8 | buf[pos + 5] << 16 | buf[pos + 6] << 24
            if length > MAX_GRAPHICS_BYTES:  # a corrupt header: do not wait for gigabytes
                out.append(Unknown(bytes(buf[pos : pos + 7])))
                return pos + 7
            self._need(buf, pos, 7 + length)
            self._graphics_command(bytes(buf[pos + 7 : pos + 7 + length]), out)
            return pos + 7 + length
        out.append(Unknown(bytes(buf[pos : pos + 2])))
        return pos + 2

    def _graphics_command(self, body: bytes, out: list[Element]) -> None:
        """GS ( L / GS 8 L: function 112 stores a raster image, 50 (or 2) prints it; others skipped."""
        if len(body) < 2:
            return
        fn = body[1]
        if fn == 0x70 and len(body) >= 10:  # m fn a bx by c xL xH yL yH d...
            bx, by = body[3], body[4]
            x = body[6] | body[7] << 8
            y = body[8] | body[9] << 8
            row_bytes = (x + 7) // 8
            bits = body[10 : 10 + row_bytes * y]
            if x and y and len(bits) == row_bytes * y:
                scale = (1 if bx == 2 else 0) | (2 if by == 2 else 0)
                self._graphics = Raster(row_bytes * 8, y, bytes(bits), scale)
        elif fn in (0x32, 0x02) and self._graphics is not None:
            out.append(self._graphics)
            self._graphics = None

    def _barcode(self, buf: bytearray, pos: int, out: list[Element]) -> int:
        self._need(buf, pos, 3)
        m = buf[pos + 2]
        if m <= 6:  # function A: data ends with NUL, at most 255 bytes
            window = bytes(buf[pos + 3 : pos + 3 + MAX_BARCODE_A + 1])
            end = window.find(0)
            if end < 0:
                if len(window) <= MAX_BARCODE_A:
                    raise _NeedMore
                out.append(Unknown(bytes(buf[pos : pos + 3])))
                return pos + 3  # no NUL within 255 bytes: not a barcode, the rest is data
            data = window[:end]
            nxt = pos + 3 + end + 1
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

    def _symbol(self, body: bytes, out: list[Element]) -> None:
        """GS ( k: 2D symbols. cn 49 QR code, cn 48 PDF417; a printer without native QR skips all."""
        if not self.native_qr or len(body) < 2:
            return
        cn, fn = body[0], body[1]
        if cn == 0x30:  # PDF417: store (fn 80), print (fn 81); settings skipped
            if fn == 0x50 and len(body) >= 3:
                self._pdf417_data = body[3:]
            elif fn == 0x51:
                out.append(Pdf417(self._pdf417_data))
            return
        if cn != 0x31:
            out.append(Unknown(b"\x1d(k" + body[:2]))
            return
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
        if c in (0x26, 0x2E):  # FS & / FS . : Chinese mode on / off (ignored without the font)
            if self.chinese_font:
                self.chinese = c == 0x26
                out.append(SetChinese(self.chinese))
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
        if c == 0x32:  # FS 2 c1 c2 d1...d72: define a 24 x 24 user-defined Chinese character
            self._need(buf, pos, 4 + 72)
            out.append(Unknown(bytes(buf[pos : pos + 4])))
            return pos + 4 + 72
        if c == 0x3F:  # FS ? c1 c2: cancel a user-defined Chinese character
            self._need(buf, pos, 4)
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
        if c == 0x14:  # DLE DC4 fn m t: fn 1 is a real-time drawer pulse (t x 100 ms)
            self._need(buf, pos, 5)
            if buf[pos + 2] == 1:
                t = buf[pos + 4] * 100
                out.append(DrawerKick(5 if buf[pos + 3] == 1 else 2, t, t))
            else:
                out.append(Unknown(bytes(buf[pos : pos + 5])))
            return pos + 5
        return pos + 1  # a lone DLE


def _ascending(stops: bytes) -> tuple[int, ...]:
    """Tab stops as the printer keeps them: strictly ascending, a smaller value ends the list."""
    kept: list[int] = []
    for n in stops:
        if kept and n <= kept[-1]:
            break
        kept.append(n)
    return tuple(kept)


def parse(data: bytes, chinese: bool = True) -> list[Element]:
    """Parse a complete stream (a trailing half command is dropped)."""
    return EscPosParser(chinese=chinese).feed(data)


def merge_text(elements: list[Element]) -> list[Element]:
    """Adjacent Text elements joined: the same printout however the stream was split into reads."""
    merged: list[Element] = []
    for e in elements:
        if isinstance(e, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + e.text)
        else:
            merged.append(e)
    return merged


__all__ = [
    "AutoStatusBack",
    "Barcode",
    "Cut",
    "DrawerKick",
    "Element",
    "EscPosParser",
    "Feed",
    "FeedDots",
    "Init",
    "LineFeed",
    "PaperSensorRequest",
    "Pdf417",
    "PrinterIdRequest",
    "QrCode",
    "Raster",
    "RecoverRequest",
    "SetAlign",
    "SetBold",
    "SetChinese",
    "SetCodePage",
    "SetFont",
    "SetInvert",
    "SetPrintMode",
    "SetSize",
    "SetTabs",
    "SetUnderline",
    "SetUpsideDown",
    "StatusRequest",
    "Tab",
    "Text",
    "Unknown",
    "merge_text",
    "parse",
]
