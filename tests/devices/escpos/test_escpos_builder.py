"""The command builder: golden bytes from the ESC/POS reference, widths, wrapping, replacements."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.escpos.builder import Align, EscPosBuilder, char_width, text_width, wrap_text


def hx(s: str) -> bytes:
    return bytes.fromhex(s)


def test_golden_bytes_of_a_short_centred_chinese_slip() -> None:
    b = EscPosBuilder(58).init().align(Align.CENTER).bold(True).line("中文").bold(False).cut()
    assert b.build() == hx("1B40 1C26 1B6101 1B4501 D6D0CEC4 0A 1B4500 1B6403 1D5600")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda b: b.align(Align.RIGHT), "1B6102"),
        (lambda b: b.underline(2), "1B2D02"),
        (lambda b: b.size(2, 2), "1D2111"),
        (lambda b: b.size(1, 3), "1D2102"),
        (lambda b: b.feed(5), "1B6405"),
        (lambda b: b.cut(partial=True, feed=0), "1D5601"),
        (lambda b: b.chinese(False), "1C2E"),
        (
            lambda b: b.qr("AB", module_size=6, ec="M"),
            "1D286B0400314132 00 1D286B0300314306 1D286B0300314531 1D286B0500315030 4142 1D286B0300315130 0A",
        ),
        (lambda b: b.barcode128("AB12"), "1D6850 1D7702 1D4802 1D6B4906 7B42 41423132 0A"),
        (lambda b: b.barcode128("a{b"), "1D6850 1D7702 1D4802 1D6B4906 7B42 617B7B62 0A"),
        (lambda b: b.raster(16, 2, hx("FF000FF0")), "1D763000 0200 0200 FF000FF0"),
    ],
)
def test_command_golden_bytes(call, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert call(EscPosBuilder(80)).build() == hx(expected)


def test_yen_sign_is_sent_as_full_width_yen() -> None:
    b = EscPosBuilder().init().text("¥5")
    assert b.build().endswith(hx("A3A4") + b"5")
    assert b.replacements == []


def test_unprintable_characters_are_replaced_visibly_and_reported() -> None:
    """GIVEN a rare four-byte Han character, an emoji and an ESC control byte
    WHEN they are printed THEN each is replaced by a visible stand-in and reported with its position."""
    b = EscPosBuilder().init().line("ok").line("王𠮷😀\x1b!")
    data = b.build()
    assert b"\x1b!" not in data.split(b"ok\n", 1)[1]  # no command smuggled in through text
    assert [(r.original, r.replacement, r.line, r.position) for r in b.replacements] == [
        ("𠮷", "□", 1, 1),
        ("😀", "□", 1, 2),
        ("\x1b", "?", 1, 3),
    ]
    assert b.replacements[0].codepoint == "U+20BB7"
    assert data.endswith("王□□?!".encode("gb18030") + b"\n")


def test_non_ascii_outside_chinese_mode_is_replaced_not_sent_raw() -> None:
    b = EscPosBuilder(chinese=False).init().text("税a")
    assert b.build() == hx("1B40") + b"?a"
    assert [r.original for r in b.replacements] == ["税"]


@pytest.mark.parametrize(("width", "cols", "dots"), [(58, 32, 384), (80, 48, 576)])
def test_paper_geometry(width: int, cols: int, dots: int) -> None:
    b = EscPosBuilder(width)
    assert (b.columns_count, b.dots) == (cols, dots)
    assert b.rule().build() == b"-" * cols + b"\n"


def test_unknown_paper_width_is_refused() -> None:
    with pytest.raises(ValueError, match="58 or 80"):
        EscPosBuilder(76)


def test_text_width_counts_han_and_full_width_as_two_columns() -> None:
    assert text_width("abc") == 3
    assert text_width("中文") == 4
    assert text_width("￥1.00") == 6
    assert text_width("¥1.00") == 6  # printed as ￥
    assert text_width("é·") == 4  # double-byte GB characters print full width
    assert text_width("𠮷") == 2  # replaced by □
    assert text_width("\n") == 0
    assert text_width("a\tb") == 3 and text_width("a\x07b") == 3  # tab as a space; a bell as "?"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0x2FFFF), max_size=40))
def test_text_widths_fast_path_agrees_with_the_character_by_character_sum(s: str) -> None:
    """text_width's shortcut for printable ASCII and the cached char_width give what counting each
    character as the printer gets it gives."""
    assert text_width(s) == sum(char_width(ch) for ch in s)


def test_wrap_mixed_text_never_exceeds_the_columns() -> None:
    s = "纳税人识别号 91110000MA01ABCDEF，税款所属期 2026年01月至2026年03月，This is English 中文。"
    for cols in (10, 20, 32, 48):
        lines = wrap_text(s, cols)
        assert all(text_width(line) <= cols for line in lines), (cols, lines)
        assert "".join(lines).replace(" ", "") == s.replace(" ", "")


def test_wrap_keeps_words_whole_and_punctuation_off_line_starts() -> None:
    assert wrap_text("hello world again", 11) == ["hello world", "again"]
    assert wrap_text("一二三四五，六", 10) == ["一二三四", "五，六"]
    assert wrap_text("金额￥1,234.56", 10) == ["金额", "￥1,234.56"]
    assert wrap_text("x" * 12, 5) == ["xxxxx", "xxxxx", "xx"]
    assert wrap_text("a\n\nb", 5) == ["a", "", "b"]
    with pytest.raises(ValueError):
        wrap_text("a", 1)


def test_wrapped_honours_double_width_and_indent() -> None:
    b = EscPosBuilder(58).size(2, 1).wrapped("中" * 10)
    data = b.build()
    assert data.startswith(hx("1D2110 1C26"))  # Chinese mode switched on by the first Han text
    lines = data[5:].split(b"\n")[:-1]
    assert [len(line) // 2 for line in lines] == [8, 2]  # 16 columns at double width = 8 Han
    b2 = EscPosBuilder(58).wrapped("a b c", indent=4)
    assert b2.build() == b"    a b c\n"


def test_columns_pads_to_width_and_wraps_a_long_value() -> None:
    b = EscPosBuilder(58).columns("金额", "￥12.00")
    assert b.build() == hx("1C26") + ("金额" + " " * 21 + "￥12.00\n").encode("gb18030")
    long = EscPosBuilder(58).columns("备注", "这是一个很长的备注信息需要换行显示在右边")
    lines = long.build()[2:].decode("gb18030").split("\n")[:-1]
    assert len(lines) == 2
    assert all(text_width(line) == 32 for line in lines)
    assert lines[0].startswith("备注")


def test_parts_split_at_marks_and_build_joins_them() -> None:
    b = EscPosBuilder().init().line("a").mark_part().mark_part().line("b").mark_part()
    assert b.parts() == [hx("1B401C26") + b"a\n", b"b\n"]
    assert b.build() == b"".join(b.parts())


def test_tall_raster_is_sent_in_bands() -> None:
    bits = bytes(2 * 300)
    data = EscPosBuilder().raster(16, 300, bits).build()
    assert data.count(hx("1D763000")) == 3  # 128 + 128 + 44 rows


def test_image_from_a_pillow_like_object() -> None:
    class Mono:
        size = (10, 1)

        def convert(self, mode: str) -> Mono:
            return self

        def tobytes(self) -> bytes:
            return bytes([0b00001111, 0b00000000])  # Pillow: 0 = black, 1 = white

    data = EscPosBuilder().image(Mono()).build()
    assert data == hx("1D763000 0200 0100") + bytes([0b11110000, 0b11000000])


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.underline(3),
        lambda b: b.size(9, 1),
        lambda b: b.feed(256),
        lambda b: b.qr("x", module_size=17),
        lambda b: b.qr("x", ec="X"),
        lambda b: b.qr(""),
        lambda b: b.barcode128(""),
        lambda b: b.barcode128("中"),
        lambda b: b.barcode128("A" * 60),
        lambda b: b.raster(600, 1, bytes(75)),
        lambda b: b.raster(8, 2, bytes(1)),
        lambda b: b.wrapped("x", indent=47),
    ],
)
def test_bad_arguments_raise_value_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call(EscPosBuilder(80))
