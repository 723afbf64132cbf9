"""Chinese line breaking (receipts.cjkwrap) and the Paragraph that uses it (receipts.pdfparts)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from receipts.cjkwrap import break_lines, units
from receipts.fonts import cjk_font
from receipts.pdfparts import CJKParagraph

CLOSING = "）)】]」』》〉，,。.、；;：:！!？?”’…%"
OPENING = "（(【[「『《〈“‘"


def cells(s: str) -> float:
    """Test widths: Han and full-width marks 2, everything else 1 (as on a character terminal)."""
    return float(sum(2 if ord(ch) >= 0x2E80 else 1 for ch in s))


def lines(text: str, width: float) -> list[str]:
    return [line for _room, line in break_lines(text, cells, [width])]


def test_closing_marks_stay_with_the_word_before_them() -> None:
    assert lines("个人所得（按次申报）。", 8) == ["个人所得", "（按次申", "报）。"]
    assert lines("1.6升以上至2.0升(含)的乘用车", 8) == ["1.6升以", "上至2.0", "升(含)的", "乘用车"]
    assert lines("我承诺：本次年度汇算申报信息真实。", 8) == [
        "我承诺：",
        "本次年度",
        "汇算申报",
        "信息真",
        "实。",
    ]


def test_latin_words_and_numbers_move_whole() -> None:
    assert lines("张三（终端屏幕确认 confirmed on screen）", 14) == [
        "张三（终端屏幕",
        "确认 confirmed",
        "on screen）",
    ]
    assert lines("2026-01-01 至 2026-03-31", 13) == ["2026-01-01 至", "2026-03-31"]
    assert lines("2026-01-01 至 2026-03-31", 12) == ["2026-01-01", "至", "2026-03-31"]


def test_a_word_wider_than_the_line_is_cut_but_not_before_a_closing_mark() -> None:
    assert lines("331016260100012345", 7) == ["3310162", "6010001", "2345"]
    assert lines("ABCDEF)", 6) == ["ABCDE", "F)"]
    assert lines("", 5) == [""]


def test_the_room_of_the_first_lines_and_of_the_rest() -> None:
    out = break_lines("一二三四五六七八", cells, [4, 6])
    assert [t for _r, t in out] == ["一二", "三四五", "六七八"]
    assert [r for r, _t in out] == [0, 0, 0]


def test_unit_boundaries() -> None:
    assert units("（含）的 ab, cd") == ["（含）", "的 ", "ab, ", "cd"]


_han = st.sampled_from("税收完税证明个人所得工资薪金住房出租")
_word = st.text(alphabet="abcXYZ0123456789-.", min_size=1, max_size=6)
_token = st.one_of(
    _han,
    _word.map(lambda w: f" {w} "),
    st.tuples(
        st.sampled_from(OPENING + "   "), _han, st.sampled_from(["", *CLOSING, "）。", "”，", ")."])
    ).map("".join),
)


@settings(max_examples=1000, deadline=None)
@example(tokens=[" 000000 ", " .00000 ", " . "], width=14)  # a cut at a space before a stop
@given(tokens=st.lists(_token, min_size=1, max_size=40), width=st.integers(min_value=14, max_value=40))
def test_properties(tokens: list[str], width: int) -> None:
    """GIVEN mixed Chinese, Latin words and punctuation WHEN broken THEN nothing is lost or
    reordered, every line fits, no line starts with a closing mark or ends with an opening one,
    and, when every unbreakable run fits a line, no Latin word is cut."""
    text = " ".join("".join(tokens).split())
    out = lines(text, width)
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    for line in out:
        assert cells(line) <= width, line
        assert line == line.strip()
    for line in out[1:]:
        assert line[0] not in CLOSING, out
    for line in out[:-1]:
        assert line[-1] not in OPENING, out
    if all(cells(u.rstrip()) <= width for u in units(text)):  # " ." glues words into one unit
        for word in re.findall(r"[A-Za-z0-9.-]+", text):
            assert any(word in line for line in out), (word, out)


def test_the_paragraph_keeps_closing_marks_inside_the_column_where_reportlab_alone_does_not() -> None:
    """GIVEN item names whose closing marks fall at a line's end in a narrow column
    WHEN ReportLab's own CJK wrap lays them out THEN some line starts with a closing mark or runs
    past the column; with CJKParagraph none does (why receipts.pdfparts replaces the splitter)."""
    font = cjk_font()
    style = ParagraphStyle("t", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    width = 67.0
    texts = [
        "车" * k + tail
        for k in range(1, 12)
        for tail in ("（含）的乘用车", "(含)。", "，按次申报；含多个月份）。")
    ]

    def faults(cls: type[Paragraph]) -> list[str]:
        bad = []
        for text in texts:
            p = cls(text, style)
            p.wrap(width, 1000)
            for room, words in p.blPara.lines:
                line = "".join(words)
                if line[:1] in CLOSING or stringWidth(line, font, 9) > width + 0.01 or room < -0.01:
                    bad.append(line)
        return bad

    assert faults(Paragraph), "ReportLab's CJK wrap handles these now; CJKParagraph may be unneeded"
    assert faults(CJKParagraph) == []
