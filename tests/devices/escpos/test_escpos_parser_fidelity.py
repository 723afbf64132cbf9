"""The simulator's parser on every command the issue lists, and the same result for a stream fed
whole or split at any point (hypothesis)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.escpos import PrinterSimulator, ReceiptPrinter
from devices.escpos import parser as p
from devices.escpos.simulator import RasterRow, TextRow
from devices.escpos.status import encode_asb, encode_status
from tests.devices.escpos.slips import certificate_parts


def texts(elements: list[p.Element]) -> str:
    return "".join(e.text for e in elements if isinstance(e, p.Text))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ESC ( A beeper", b"\x1b(A\x04\x00\x30\x37\x03\x0f"),
        ("ESC & user-defined chars", b"\x1b&\x03\x41\x42" + b"\x0c" + b"\xaa" * 36 + b"\x0c" + b"\x55" * 36),
        ("FS 2 user-defined Chinese", b"\x1c2\xfe\xa1" + b"\x41" * 72),
        ("GS $ vertical position", b"\x1d$\x41\x42"),
        ("GS \\ relative vertical", b"\x1d\\\x41\x42"),
        ("ESC ? cancel user char", b"\x1b?\x41"),
        ("GS 8 L long graphics", b"\x1d8L\x02\x00\x00\x00\x30\x45"),
        ("GS ( k PDF417 setting", b"\x1d(k\x03\x00\x30\x41\x42"),
    ],
)
def test_parameters_of_commands_not_rendered_are_never_printed(name: str, data: bytes) -> None:
    elements = p.parse(b"X" + data + b"Y\n")
    assert texts(elements) == "XY", name


def test_gb18030_only_on_valid_sequences() -> None:
    """A stray high byte and a digit is not a four-byte character and never swallows LF or ESC."""
    el = p.parse(b"\x9d5\n\x1bE\x01ok\n")  # python-escpos's cp437 yen, then "5", LF, bold
    assert texts(el) == "\ufffd5ok" and sum(isinstance(e, p.LineFeed) for e in el) == 2
    assert any(isinstance(e, p.SetBold) for e in el)
    assert texts(p.parse("中文".encode("gb18030"))) == "中文"
    assert texts(p.parse("€".encode("gb18030"))) == "€"  # A2 E3: two bytes
    assert texts(p.parse(b"\x81\x30\x84\x36!")) == "\ufffd!"  # valid four-byte (U+00A5): not in ROM
    assert texts(p.parse(b"\x81\x30\n")) == "\ufffd0"  # lead, digit, LF: not four bytes


def test_tab_stops_font_b_invert_upside_down_and_drawer(tmp_path: Path) -> None:
    sim = PrinterSimulator(80, render_png=False, link=tmp_path / "tty")
    sim.start()
    try:
        with ReceiptPrinter(sim.port, poll_interval=3600) as printer:
            job = (
                b"\x1b@\x1bD\x04\x0a\x00" + b"a\tb\tc\n"  # stops at 4 and 10 characters
                + b"\x1bM\x01small\n\x1bM\x00"
                + b"\x1dB\x01inv\n\x1dB\x00"
                + b"\x1b{\x01down\n\x1b{\x00"
                + b"\x1bp\x00\x19\xfa"  # drawer kick, pin 2, 50 ms / 500 ms
                + b"\x1bd\x01\x1dV\x00"
            )
            assert printer.submit([job]).wait(5) is not None
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None
        rows = [r for r in receipt.rows if isinstance(r, TextRow)]
        assert rows[0].text == "a   b     c"
        assert rows[1].text == "small" and all(c.font_b and c.width == 9 for c in rows[1].cells)
        assert all(c.invert for c in rows[2].cells) and not rows[3].cells[0].invert
        assert rows[3].upside_down and not rows[2].upside_down
        assert sim.drawer_kicks == [(2, 50, 500)]
    finally:
        sim.stop()


def test_graphics_and_column_images_are_rendered() -> None:
    bits = bytes([0xF0, 0x0F] * 4)  # 16 x 4
    store = b"\x1d(L" + bytes([10 + len(bits), 0]) + b"\x30\x70\x30\x01\x01\x31\x10\x00\x04\x00" + bits
    printed = p.parse(store + b"\x1d(L\x02\x00\x30\x32")
    (img,) = [e for e in printed if isinstance(e, p.Raster)]
    assert (img.width, img.height, img.bits) == (16, 4, bits)
    col = p.parse(b"\x1b*\x21\x02\x00" + b"\xff\x00\x00" + b"\x00\x00\x01")  # 24-dot double density
    (band,) = [e for e in col if isinstance(e, p.Raster)]
    assert (band.width, band.height) == (2, 24)
    assert band.bits[0] == 0x80 and band.bits[23] == 0x40  # column 0 top 8 dots, column 1 bottom dot


def test_gs_i_is_answered_and_pdf417_rendered(tmp_path: Path) -> None:
    el = p.parse(b"\x1d(k\x05\x00\x30\x50\x30AB\x1d(k\x03\x00\x30\x51\x30")
    assert [e for e in el if isinstance(e, p.Pdf417)] == [p.Pdf417(b"AB")]
    assert p.parse(b"\x1dIC") == [p.PrinterIdRequest(0x43)]


# ---- split invariance ----------------------------------------------------------------------------
COMMANDS = [
    b"\x1b@", b"\x1c&", b"\x1c.", b"\x1bE\x01", b"\x1d!\x11", b"\x1ba\x01", b"\n", b"\t", b"\x1bd\x02",
    b"\x1dV\x00", b"\x1dVA\x03", b"\x1bD\x04\x08\x00", b"\x1bD" + bytes(range(1, 40)),
    b"\x1dk\x04ABC\x00", b"\x1dk\x04" + b"A" * 300, b"\x1dkI\x05{BABC", b"\x1d8L\x02\x00\x00\x00\x30\x45",
    b"\x1d(k\x03\x00\x31\x43\x04", b"\x1d(k\x06\x00\x31\x50\x30abc", b"\x1d(k\x03\x00\x31\x51\x30",
    b"\x1dv0\x00\x01\x00\x02\x00\xff\x00", b"\x1b*\x00\x02\x00\xff\x01", b"\x1b(A\x04\x00\x30\x37\x03\x0f",
    b"\x10\x04\x01", b"\x1dr\x01", b"\x1dIC", b"\x1bp\x00\x19\xfa", b"\x9d5", b"\x81\x30", "中文".encode("gb18030"),
    b"hello", b"\xff", b"\x1b", b"\x1d",
]


def parse_split(data: bytes, cuts: list[int]) -> list[p.Element]:
    parser = p.EscPosParser()
    out: list[p.Element] = []
    last = 0
    for cut in [*sorted(set(cuts)), len(data)]:
        out += parser.feed(data[last:cut])
        last = cut
    return p.merge_text(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(COMMANDS), max_size=12), st.data())
def test_the_parser_gives_the_same_result_however_the_stream_is_split(chunks: list[bytes], data: st.DataObject) -> None:
    stream = b"".join(chunks)
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=6))
    assert parse_split(stream, cuts) == p.merge_text(p.parse(stream))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 200))
def test_any_bytes_split_anywhere_parse_the_same(stream: bytes, cut: int) -> None:
    assert parse_split(stream, [min(cut, len(stream))]) == p.merge_text(p.parse(stream))


REPLIES = [encode_status(), encode_status(cover_open=True), encode_asb(), encode_asb(cover_open=True),
           b"\x00", b"\x0f", b"_KIOSK-SIM 80\x00", b"\x13", b"\x11", b"\xff"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REPLIES), max_size=10), st.data())
def test_the_drivers_reply_sorter_gives_the_same_result_however_replies_are_split(
    replies: list[bytes], data: st.DataObject
) -> None:
    """The driver's side (DLE EOT answers, ASB blocks, GS I texts, GS r bytes, XON/XOFF)."""
    stream = b"".join(replies)
    cuts = [*sorted(set(data.draw(st.lists(st.integers(0, len(stream)), max_size=5)))), len(stream)]

    def sort(pieces: list[bytes]) -> tuple[object, ...]:
        printer = ReceiptPrinter("/nonexistent")
        for piece in pieces:
            for b in piece:
                printer._sort_byte(b)
        return (printer._status_bytes, printer._plain_bytes, printer._text_replies, printer.asb_blocks,
                printer._paused)

    pieces = [stream[a:b] for a, b in zip([0, *cuts], cuts, strict=False)]
    assert sort(pieces) == sort([stream])
    expected_asb = sum(1 for r in replies if r[:1] and r[0] & 0x93 == 0x10 and len(r) == 4)
    assert sort([stream])[3] == expected_asb


def test_a_slip_renders_to_png_with_every_new_row(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    sim = PrinterSimulator(80, out_dir=tmp_path / "r", link=tmp_path / "tty")
    sim.start()
    try:
        with ReceiptPrinter(sim.port, poll_interval=3600) as printer:
            job = certificate_parts()
            job[-1] = b"\x1dB\x01inv\n\x1b{\x01up\n\x1b*\x00\x02\x00\xff\x01\n" + job[-1]
            assert printer.submit(job).wait(10) is not None
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None and receipt.png_path is not None and receipt.png_path.stat().st_size > 0
        assert any(isinstance(r, RasterRow) for r in receipt.rows)
    finally:
        time.sleep(0)
        sim.stop()


def test_png_draws_invert_upside_down_font_b_and_pdf417(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    from devices.escpos.render_png import MARGIN, render_receipt
    from devices.escpos.simulator import Cell, Pdf417Row

    inv = TextRow(tuple(Cell("A", i * 12, 12, False, 0, 1, 1, False, True) for i in range(10)), 30, "A" * 10)
    small = TextRow(tuple(Cell("b", i * 9, 9, False, 0, 1, 1, True) for i in range(4)), 23, "bbbb", True)
    path = render_receipt([inv, small, Pdf417Row(b"x", 0)], 576, tmp_path / "r.png")
    img = Image.open(path).convert("L")
    band = img.crop((MARGIN, MARGIN, MARGIN + 120, MARGIN + 24))
    dark = sum(1 for v in band.tobytes() if v < 128)
    assert dark > 0.6 * 120 * 24  # white on black
