"""Draw a simulated receipt as a picture of the paper (PNG).

This is the one module of devices/ that uses more than the standard library and pyserial: Pillow
draws the paper and segno draws real, scannable QR codes. Both are imported inside the functions
below, so importing the printer library (driver, builder, simulator) never needs them and a kiosk
without them still prints; only the simulator's picture output does.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

from devices.escpos.rows import (
    LINE_DOTS,
    BarcodeRow,
    BlankRow,
    MarkRow,
    Pdf417Row,
    QrRow,
    RasterRow,
    Row,
    TextRow,
)

MARGIN = 12  # grey paper edge around the printable width, dots

# Searched in order; fc-match is asked last so a machine with other CJK fonts still works.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)

# CODE128 bar/space widths of symbol values 0..105 (6 each), then the stop pattern.
_CODE128 = (
    "212222222122222221121223121322131222122213122312132212221213221312231212112232122132122231113222"
    "123122123221223211221132221231213212223112312131311222321122321221312212322112322211212123212321"
    "232121111323131123131321112313132113132311211313231113231311112133112331132131113123113321133121"
    "313121211331231131213113213311213131311123311321331121312113312311332111314111221411431111111224"
    "111422121124121421141122141221112214112412122114122411142112142211241211221114413111241112134111"
    "111242121142121241114212124112124211411212421112421211212141214121412121111143111341131141114113"
    "114311411113411311113141114131311141411131211412211214211232"
)
_CODE128_STOP = "2331112"


def code128_widths(data: str) -> list[int]:
    """Bar and space widths (in modules) of ``data`` in code set B, with check symbol and stop."""
    values = [104] + [ord(ch) - 32 for ch in data if 32 <= ord(ch) <= 126]
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    values.append(check)
    widths = [int(d) for v in values for d in _CODE128[v * 6 : v * 6 + 6]]
    return widths + [int(d) for d in _CODE128_STOP]


@functools.cache
def find_cjk_font() -> str | None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and Path(out).is_file():
            return out
    return None


@functools.cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    path = find_cjk_font()
    if path is None:
        return ImageFont.load_default()
    return ImageFont.truetype(path, size)


def _row_height(row: Row) -> int:
    if isinstance(row, TextRow | BlankRow):
        return row.height
    if isinstance(row, QrRow):
        return _qr_size(row) + 12
    if isinstance(row, BarcodeRow):
        return row.height + (30 if row.hri else 0) + 6
    if isinstance(row, RasterRow):
        return row.height
    if isinstance(row, Pdf417Row):
        return 3 * LINE_DOTS
    return LINE_DOTS


def _qr(row: QrRow) -> Any:
    import segno

    try:
        return segno.make_qr(row.data, error=row.ec.lower())
    except Exception:  # data segno refuses: draw the largest code instead of failing the receipt
        return segno.make_qr(row.data[:1000], error="l")


def _qr_size(row: QrRow) -> int:
    return int(_qr(row).symbol_size(scale=max(1, row.module_size), border=0)[0])


def _x_for(align: int, width: int, dots: int) -> int:
    if align == 1:
        return max(0, (dots - width) // 2)
    if align == 2:
        return max(0, dots - width)
    return 0


def render_receipt(rows: list[Row] | tuple[Row, ...], dots: int, path: Path) -> Path:
    """Draw ``rows`` on a strip of paper ``dots`` wide and save it as PNG at ``path``."""
    from PIL import Image, ImageDraw

    height = sum(_row_height(r) for r in rows) + 2 * MARGIN
    img = Image.new("L", (dots + 2 * MARGIN, max(height, 2 * MARGIN + 1)), 255)
    draw = ImageDraw.Draw(img)
    y = MARGIN
    for row in rows:
        h = _row_height(row)
        if isinstance(row, TextRow):
            _draw_text_row(img, draw, row, y)
        elif isinstance(row, QrRow):
            size = _qr_size(row)
            x0 = MARGIN + _x_for(row.align, size, dots)
            scale = max(1, row.module_size)
            for my, line in enumerate(_qr(row).matrix):
                for mx, dark in enumerate(line):
                    if dark:
                        x, top = x0 + mx * scale, y + 6 + my * scale
                        draw.rectangle([x, top, x + scale - 1, top + scale - 1], fill=0)
        elif isinstance(row, BarcodeRow):
            _draw_barcode(draw, row, MARGIN, y, dots)
        elif isinstance(row, RasterRow):
            _draw_raster(img, row, MARGIN + _x_for(row.align, row.width, dots), y)
        elif isinstance(row, Pdf417Row):  # drawn as a labelled box: no PDF417 encoder in the standard library
            x0 = MARGIN + _x_for(row.align, dots // 2, dots)
            draw.rectangle([x0, y + 4, x0 + dots // 2, y + h - 4], outline=0, width=3)
            draw.text((x0 + 8, y + 8), "PDF417", fill=0, font=_font(16))
        elif isinstance(row, MarkRow):
            mid = y + h // 2
            for x in range(0, img.width, 12):
                draw.line([(x, mid), (x + 6, mid)], fill=128, width=2)
            draw.text((MARGIN + 4, mid - 22), row.text, fill=96, font=_font(16))
        y += h
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path


def _draw_text_row(img: Any, draw: Any, row: TextRow, y: int) -> None:
    from PIL import Image, ImageDraw, ImageOps

    base = y + row.height - 6  # bottom of the glyph cells
    for cell in row.cells:
        dots_h = 17 if cell.font_b else 24
        cell_h = dots_h * cell.hm
        top = base - cell_h
        x = MARGIN + cell.x
        # draw at 1x into a cell-sized box, then stretch: the printer scales the bitmap font
        w1 = max(1, cell.width // cell.wm)
        glyph = Image.new("L", (w1, dots_h), 255)
        if cell.ch != " ":
            gd = ImageDraw.Draw(glyph)
            font = _font((22 if w1 >= 24 else 20) if not cell.font_b else 15)
            gd.text((w1 / 2, dots_h / 2), cell.ch, fill=0, font=font, anchor="mm")
            if cell.bold:
                gd.text((w1 / 2 + 1, dots_h / 2), cell.ch, fill=0, font=font, anchor="mm")
        if cell.invert:  # GS B: white on black
            glyph = ImageOps.invert(glyph)
        if cell.ch != " " or cell.invert:
            if cell.wm != 1 or cell.hm != 1:
                glyph = glyph.resize((cell.width, cell_h), Image.Resampling.NEAREST)
            img.paste(glyph, (x, top), None)
        if cell.underline:
            draw.rectangle([x, base - 1, x + cell.width - 1, base - 2 + cell.underline], fill=0)
    if row.upside_down:  # ESC {: the whole line turned 180 degrees
        box = (0, y, img.width, y + row.height)
        img.paste(img.crop(box).rotate(180), box[:2])


def _draw_barcode(draw: Any, row: BarcodeRow, left: int, y: int, dots: int) -> None:
    widths = code128_widths(row.data)
    mw = max(1, row.module_width)
    total = sum(widths) * mw
    while mw > 1 and total > dots:
        mw -= 1
        total = sum(widths) * mw
    x = left + _x_for(row.align, total, dots)
    top = y + 3
    for i, w in enumerate(widths):
        if i % 2 == 0:  # bars at even positions, spaces at odd
            draw.rectangle([x, top, x + w * mw - 1, top + row.height - 1], fill=0)
        x += w * mw
    if row.hri:
        font = _font(20)
        cx = left + _x_for(row.align, total, dots) + total // 2
        draw.text((cx, top + row.height + 14), row.data, fill=0, font=font, anchor="mm")


def _draw_raster(img: Any, row: RasterRow, x0: int, y0: int) -> None:
    from PIL import Image

    row_bytes = (row.width + 7) // 8
    # 1 = black on the printer; Pillow's mode "1" has 1 = white, so invert the bits
    data = bytes(b ^ 0xFF for b in row.bits[: row_bytes * row.height])
    if len(data) < row_bytes * row.height:
        data += b"\xff" * (row_bytes * row.height - len(data))
    pic = Image.frombytes("1", (row_bytes * 8, row.height), data).convert("L")
    img.paste(pic.crop((0, 0, min(row.width, img.width - x0), row.height)), (x0, y0))


__all__ = ["code128_widths", "find_cjk_font", "render_receipt"]
