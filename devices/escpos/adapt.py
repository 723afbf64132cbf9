"""A job rewritten for the printer at hand (pure, no I/O): what it cannot print is left out or
replaced, never sent as garbage.

* **No Chinese font** (GS I says so, or the configuration): a printer without the GB18030 ROM
  prints each byte of a double-byte character as a Latin one, i.e. garbage. Chinese mode (FS &) is
  not sent and every character outside ASCII becomes "?" for each printer column it would take,
  so columns still line up and the status says why ("this printer has no Chinese font").
* **No native QR** (GS ( k unknown to the printer, configured): the QR code's parameters are not
  sent; at the print command the stored data is drawn as a GS v 0 raster image of the same module
  size, by a ``QrEncoder`` the composition root passes (``receipts.qrmatrix.qr_matrix``, on segno),
  so the library still needs only the standard library and pyserial. Without an encoder the QR
  code cannot be drawn and the job is refused rather than printed without it.

The stream is walked with the printer-side parser (``EscPosParser.feed_spans``), so the rewrite
knows each command's length exactly as a printer does; commands it does not touch pass unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from devices.escpos import parser as p

# (payload, error correction "L"/"M"/"Q"/"H") -> rows of modules, True = dark, quiet zone included
QrEncoder = Callable[[bytes, str], list[list[bool]]]
MAX_QR_DOTS = 512


class NoQrEncoderError(ValueError):
    """A QR code must be drawn as an image but no encoder was given."""


def qr_raster(data: bytes, module_size: int, ec: str, encoder: QrEncoder) -> bytes:
    """GS v 0 bytes of a QR code: each module ``module_size`` dots square (smaller if it would not fit)."""
    matrix = encoder(data, ec)
    size = len(matrix)
    scale = max(1, min(module_size, MAX_QR_DOTS // max(1, size)))
    width = size * scale
    row_bytes = (width + 7) // 8
    bits = bytearray()
    for row in matrix:
        line = bytearray(row_bytes)
        for x, dark in enumerate(row):
            if dark:
                for dx in range(scale):
                    col = x * scale + dx
                    line[col // 8] |= 0x80 >> (col % 8)
        bits += bytes(line) * scale
    height = size * scale
    header = b"\x1dv0\x00" + bytes([row_bytes & 0xFF, row_bytes >> 8, height & 0xFF, height >> 8])
    return header + bytes(bits)


def _no_chinese(text: str) -> bytes:
    """ASCII as it is; anything else as one "?" per printer column it would take."""
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80:
            out += ch.encode("ascii")
        else:
            out += b"??" if ch.encode("gb18030", errors="replace").__len__() >= 2 else b"?"
    return bytes(out)


class JobAdapter:
    """Rewrites the parts of a job for a printer without Chinese font and/or native QR."""

    def __init__(self, *, chinese: bool, native_qr: bool, qr_encoder: QrEncoder | None = None) -> None:
        self.chinese = chinese
        self.native_qr = native_qr
        self.qr_encoder = qr_encoder
        self.replaced_chars = 0
        self.rastered_qr = 0

    def adapt(self, parts: list[bytes]) -> list[bytes]:
        # chinese=False: the printer decodes bytes >= 0x80 through its code page until FS & comes
        parser = p.EscPosParser(chinese=False)
        out: list[bytes] = []
        for part in parts:
            new = bytearray()
            for elements, raw in parser.feed_spans(part):
                new += self._rewrite(elements, raw, parser)
            new += parser.take_pending()  # an unfinished command goes out as it came
            out.append(bytes(new))
        return out

    def _rewrite(self, elements: list[p.Element], raw: bytes, parser: p.EscPosParser) -> bytes:
        if not elements:
            if not self.native_qr and raw[:3] == b"\x1d(k":
                return b""  # QR parameters a printer without GS ( k would print as text
            return raw
        first = elements[0]
        if not self.chinese and isinstance(first, p.SetChinese):
            return b""  # stay in single-byte mode
        if not self.chinese and isinstance(first, p.Text) and parser_in_chinese(parser, raw):
            self.replaced_chars += sum(1 for ch in first.text if ord(ch) >= 0x80)
            return _no_chinese(first.text)
        if not self.native_qr and isinstance(first, p.QrCode):
            if self.qr_encoder is None:
                raise NoQrEncoderError("this printer has no native QR and no QR encoder was given")
            self.rastered_qr += 1
            return qr_raster(first.data, first.module_size, first.ec, self.qr_encoder)
        return raw


def parser_in_chinese(parser: p.EscPosParser, raw: bytes) -> bool:
    """Whether a text run was decoded in Chinese mode (only then it may hold double-byte characters)."""
    return parser.chinese and any(b >= 0x80 for b in raw)


__all__ = ["JobAdapter", "NoQrEncoderError", "QrEncoder", "qr_raster"]
