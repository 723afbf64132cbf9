"""The simulator's own ESC/POS parser, on our builder's bytes, on python-escpos's bytes and on garbage."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.escpos.builder import Align, EscPosBuilder, wrap_text
from devices.escpos.parser import (
    Barcode,
    Cut,
    EscPosParser,
    Feed,
    Init,
    LineFeed,
    PaperSensorRequest,
    QrCode,
    Raster,
    RecoverRequest,
    SetAlign,
    SetBold,
    SetChinese,
    SetSize,
    StatusRequest,
    Text,
    parse,
)


def python_escpos_dummy():  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from escpos.printer import Dummy

        return Dummy()


def sample_slip() -> EscPosBuilder:
    b = (
        EscPosBuilder(58)
        .init()
        .align(Align.CENTER)
        .bold(True)
        .size(2, 2)
        .line("完税证明")
        .size(1, 1)
        .bold(False)
    )
    b.align(Align.LEFT).columns("金额", "¥12.00").mark_part()
    b.qr("https://verify.example.invalid/v/X1", module_size=4, ec="Q").barcode128("CERT-0001")
    b.raster(16, 2, bytes.fromhex("FF000FF0")).cut(partial=True)
    return b


def test_parses_builder_output_into_the_same_story() -> None:
    elements = parse(sample_slip().build())
    assert elements[:6] == [
        Init(),
        SetChinese(True),
        SetAlign(1),
        SetBold(True),
        SetSize(2, 2),
        Text("完税证明"),
    ]
    assert Text("金额" + " " * 21 + "￥12.00") in elements
    assert QrCode(b"https://verify.example.invalid/v/X1", 4, "Q") in elements
    assert Barcode(73, "CERT-0001", 80, 2, 2) in elements
    raster = next(e for e in elements if isinstance(e, Raster))
    assert (raster.width, raster.height, raster.bits) == (16, 2, bytes.fromhex("FF000FF0"))
    assert elements[-2:] == [Feed(3), Cut(partial=True)]


def test_feeding_byte_by_byte_gives_the_same_elements_as_one_feed() -> None:
    data = sample_slip().build()
    parser = EscPosParser()
    pieces = [e for i in range(len(data)) for e in parser.feed(data[i : i + 1])]
    merged: list[object] = []
    for e in pieces:  # text arrives a character at a time; join it back
        if isinstance(e, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + e.text)
        else:
            merged.append(e)
    assert merged == parse(data)
    assert parser.pending == 0


def test_parses_python_escpos_output() -> None:
    """GIVEN bytes made by python-escpos (a different library) THEN our parser finds text, QR and cut."""
    p = python_escpos_dummy()
    p.hw("INIT")
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.text("Hello kiosk\n")
    p.set(align="left", normal_textsize=True)
    p.text("Price: 12.50\n")
    p.qr("https://example.com/q?id=42", native=True, size=5)
    p.barcode("{BABC123", "CODE128", function_type="B")
    p.cut()
    elements = parse(p.output)
    assert Text("Hello kiosk") in elements and Text("Price: 12.50") in elements
    assert any(isinstance(e, QrCode) and e.payload == "https://example.com/q?id=42" for e in elements)
    assert any(isinstance(e, Barcode) and e.data == "ABC123" for e in elements)
    assert isinstance(elements[-1], Cut)


def test_python_escpos_chinese_without_fs_ampersand_decodes_in_power_on_chinese_mode() -> None:
    p = python_escpos_dummy()
    p._raw("中文 ok\n".encode("gb18030"))
    assert parse(p.output)[0] == Text("中文 ok")
    assert parse(p.output, chinese=False)[0] != Text("中文 ok")


def test_real_time_and_queued_requests() -> None:
    data = bytes.fromhex("100401 100404 100502 1D7201 1D7231")
    assert parse(data) == [
        StatusRequest(1),
        StatusRequest(4),
        RecoverRequest(2),
        PaperSensorRequest(1),
        PaperSensorRequest(1),
    ]


def test_status_request_inside_image_data_is_image_data() -> None:
    """A real parser knows command lengths: 10 04 01 inside raster bytes is not a status request."""
    data = bytes.fromhex("1D763000 0300 0100 100401")
    assert parse(data) == [Raster(24, 1, bytes.fromhex("100401"))]


def test_four_byte_gb18030_prints_as_replacement_character() -> None:
    assert parse("𠮷a".encode("gb18030")) == [Text("\ufffda")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x1dV\x41\x05", Cut(partial=False, feed_dots=5)),
        (b"\x1dV\x31", Cut(partial=True)),
        (b"\x1bi", Cut(partial=True)),
        (b"\x1bd\x02", Feed(2)),
        (b"\x0a", LineFeed()),
    ],
)
def test_cut_and_feed_variants(data: bytes, expected: object) -> None:
    assert parse(data) == [expected]


def test_code128_code_set_c_and_escaped_brace() -> None:
    assert parse(b"\x1dkI\x05{C\x0c\x22\x38")[0] == Barcode(73, "123456", 162, 3, 0)
    assert parse(b"\x1dkI\x05{Ba{{")[0] == Barcode(73, "a{", 162, 3, 0)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=50))
def test_garbage_never_crashes_the_parser(data: bytes, chunk: int) -> None:
    parser = EscPosParser()
    for i in range(0, len(data), chunk):
        parser.feed(data[i : i + chunk])
    assert parser.pending <= len(data)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"\x1d\x76\x30\x00\xff\xff\xff\xff", b"\x1d(k\xff\xff", b"\x1b*\x21\xff\xff"]),
        max_size=3,
    )
)
def test_huge_lengths_in_headers_do_not_hang(headers: list[bytes]) -> None:
    parser = EscPosParser()
    parser.feed(b"".join(headers) + b"abc")  # must return promptly


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_garbage_never_crashes_the_simulator_print_side(data: bytes) -> None:
    from devices.escpos.simulator import PrinterSimulator

    sim = PrinterSimulator(58, render_png=False)  # not started: no pty, status replies go nowhere
    sim._receive(data + b"\n\x1dV\x00")
    while sim._queue:
        element, _ = sim._queue.popleft()
        sim._print(element)
    sim._publish_receipts()
    assert all(r.text.endswith("\n") for r in sim.receipts)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("税款金额中文，。abcXYZ 0123456789-￥¥é·𠮷")), max_size=120),
    st.sampled_from([58, 80]),
    st.sampled_from([1, 2]),
)
def test_builder_wrapping_fits_the_printers_own_layout(text: str, width: int, wm: int) -> None:
    """Whatever mixed text the builder wraps, the printer (the simulator's independent layout) never
    has to wrap a line again: builder and printer agree on every character's width."""
    from devices.escpos.simulator import PrinterSimulator, TextRow

    b = EscPosBuilder(width).init().size(wm, 1).wrapped(text)
    sim = PrinterSimulator(width, render_png=False)
    sim._receive(b.build())
    line_feeds = 0
    while sim._queue:
        element, _ = sim._queue.popleft()
        line_feeds += isinstance(element, LineFeed)
        sim._print(element)
    printed = sim._layout.rows
    assert len(printed) == line_feeds == len(wrap_text(text, sim.columns // wm))  # no automatic wrap
    assert all(not isinstance(r, TextRow) or r.cells[-1].x + r.cells[-1].width <= sim.dots for r in printed)
