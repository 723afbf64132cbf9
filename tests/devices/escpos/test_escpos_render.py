"""The simulator's pictures: real PNGs of the paper, with a CJK font, QR modules and CODE128 bars."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from devices.escpos.builder import Align, EscPosBuilder
from devices.escpos.parser import parse
from devices.escpos.render_png import MARGIN, code128_widths, find_cjk_font, render_receipt
from devices.escpos.simulator import PrinterSimulator, QrRow, TextRow, _Layout


def test_code128_widths_have_eleven_modules_per_symbol_and_thirteen_for_stop() -> None:
    widths = code128_widths("AB12")
    # start + 4 data + check = 6 symbols of 11 modules (6 elements each), stop 13 modules (7 elements)
    assert len(widths) == 6 * 6 + 7
    assert sum(widths) == 6 * 11 + 13
    assert widths[:6] == [2, 1, 1, 2, 1, 4]  # start B


def test_a_cjk_font_is_found() -> None:
    font = find_cjk_font()
    assert font is not None and Path(font).is_file()


@pytest.mark.pty
def test_rendered_receipt_is_paper_width_and_has_ink(tmp_path: Path) -> None:
    sim = PrinterSimulator(58, out_dir=tmp_path)
    b = EscPosBuilder(58).init().align(Align.CENTER).line("完税证明").qr("https://x.invalid/1").cut()
    sim._layout = _Layout(sim.dots)
    for e in parse(b.build()):
        sim._print(e)
    sim._publish_receipts()
    receipt = sim.receipts[0]
    assert receipt.png_path is not None
    with Image.open(receipt.png_path) as img:
        assert img.width == 384 + 2 * MARGIN
        gray = img.convert("L")
        assert gray.getextrema()[0] == 0  # some black ink
        text_row = next(r for r in receipt.rows if isinstance(r, TextRow))
        top = MARGIN
        band = gray.crop((MARGIN, top, MARGIN + 384, top + text_row.height))
        assert band.getextrema()[0] < 128  # the Han characters were drawn
    assert any(isinstance(r, QrRow) for r in receipt.rows)


def test_render_receipt_handles_every_row_kind(tmp_path: Path) -> None:
    rows = parse(EscPosBuilder(80).init().line("x").raster(8, 1, b"\xff").barcode128("Z").cut().build())
    lay = _Layout(576)
    for e in rows:
        if hasattr(e, "text"):
            lay.add_text(e.text)
    lay.flush()
    out = render_receipt(lay.rows, 576, tmp_path / "r.png")
    assert out.exists()
