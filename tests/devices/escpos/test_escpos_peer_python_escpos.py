"""python-escpos (a well-kept peer client) printing to the simulator through the driver: text with
currency signs, images in all three of its modes, barcodes and QR codes, each rendered as expected."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.escpos import JobState, PrinterSimulator, Receipt, ReceiptPrinter
from devices.escpos.simulator import BarcodeRow, QrRow, RasterRow

pytestmark = pytest.mark.pty


def escpos_bytes(build: Callable[[Any], None]) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # python-escpos warns about its own profile data
        from escpos.printer import Dummy

        d = Dummy()
        build(d)
        d.cut()
        return bytes(d.output)


@pytest.fixture(params=[False, True], ids=["western", "chinese-mode"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PrinterSimulator]:
    s = PrinterSimulator(80, render_png=False, link=tmp_path / "tty", chinese=request.param)
    s.start()
    yield s
    s.stop()


def print_via_driver(sim: PrinterSimulator, data: bytes) -> Receipt:
    with ReceiptPrinter(sim.port, poll_interval=3600) as printer:
        result = printer.submit([data]).wait(10)
        assert result is not None and result.state == JobState.PRINTED
    receipt = sim.wait_for_receipt(1, 5)
    assert receipt is not None
    return receipt


def test_text_with_currency_signs_keeps_its_line_feeds(sim: PrinterSimulator) -> None:
    """The reported loss: text("¥5 ...") swallowed the next LF on a Chinese-mode printer."""
    data = escpos_bytes(lambda d: (d.text("¥5 per item\n"), d.text("€3 and $2\n"), d.text("next line\n")))
    receipt = print_via_driver(sim, data)
    lines = [ln for ln in receipt.text.splitlines() if ln.strip()]
    assert lines[-1] == "[CUT]" and lines[-2] == "next line"
    assert lines[0].endswith("5 per item") and lines[1].endswith("3 and $2")
    if not sim._parser.chinese:  # a Western printer decodes python-escpos's code page: exact signs
        assert lines[0] == "¥5 per item" and lines[1] == "€3 and $2"


@pytest.mark.parametrize("impl", ["bitImageRaster", "graphics", "bitImageColumn"])
def test_images_in_every_mode_are_rendered(sim: PrinterSimulator, impl: str) -> None:
    from PIL import Image

    img = Image.new("1", (64, 48), 1)
    for x in range(64):
        for y in range(8, 16):
            img.putpixel((x, y), 0)
    receipt = print_via_driver(sim, escpos_bytes(lambda d: d.image(img, impl=impl)))
    rasters = [r for r in receipt.rows if isinstance(r, RasterRow)]
    assert rasters, receipt.text
    assert sum(r.height for r in rasters) >= 48 and max(r.width for r in rasters) >= 64
    black = sum(bin(b).count("1") for r in rasters for b in r.bits)
    assert 64 * 8 <= black <= 64 * 8 * 4  # the black band, at most doubled both ways


def test_barcodes_and_qr_are_rendered(sim: PrinterSimulator) -> None:
    def build(d: Any) -> None:
        d.barcode("4006381333931", "EAN13")
        d.barcode("{BKIOSK-42", "CODE128", function_type="B")
        d.qr("https://example.com/peer", native=True, size=5)

    receipt = print_via_driver(sim, escpos_bytes(build))
    codes = [r.data for r in receipt.rows if isinstance(r, BarcodeRow)]
    assert codes[0].startswith("400638133393") and codes[1] == "KIOSK-42"
    assert [r.data for r in receipt.rows if isinstance(r, QrRow)] == [b"https://example.com/peer"]
    assert sim.unknown_commands == [] or all(not c.startswith(b"\x1d(k") for c in sim.unknown_commands)
