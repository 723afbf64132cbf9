"""Line breaking for Chinese text mixed with Latin words, with the Chinese line-start/line-end rules.

ReportLab's CJK wrap (``Paragraph`` with ``wordWrap='CJK'``, which calls
``reportlab.lib.textsplit.wordSplit``) breaks between any two characters and knows only a Japanese
list of characters that may not start a line. That list lacks ，：；！？》〉”’ and other Chinese
closing punctuation; when a listed character would start a line it *hangs* it past the line's width
(one character only, so the second of "）。" still starts the next line), and it has no rule at all
for opening brackets at a line's end ("升(" / "含)的乘用车"). In a narrow table column that gives a
lone "）" or "。" on a line, or a full-width mark spilling over the cell's border.

So we choose the break points here and hand ReportLab the lines (see receipts.pdfparts.CJKParagraph):
a break is allowed between two characters unless the second may not start a line (closing brackets
and quotes, stops, commas...), the first may not end a line (opening brackets and quotes, currency
signs), or both belong to one Latin word or number ("2026-01-31", "KIOSK-DEMO-01"). Characters so
joined are kept on one line, like non-breaking joins; a word wider than the whole line is still cut,
but never in front of a closing mark. Spaces are break opportunities and vanish at a line's end.
Rules from GB/T 15834-2011 (标点符号用法) and the W3C's Requirements for Chinese Text Layout (CLREQ).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

# May not begin a line: closing brackets and quotes, stops, commas, colons, ellipsis, % and the like.
NO_LINE_START = frozenset(
    "!%),.:;?]}¢°'\"‰′″℃›»"
    "\u2019\u201d\u2026\u2025\u2014\u00b7\u30fb"  # ’ ” … ‥ — · ・
    "、。〉》」』】〕〗〙〛〞"
    "！＂％＇），．：；？］｝～｠｣､"
)
# May not end a line: opening brackets and quotes, currency signs.
NO_LINE_END = frozenset(
    "$([{£¥‹«"
    "\u2018\u201c"  # ‘ “
    "〈《「『【〔〖〘〚〝"
    "＄（［｛｟｢￥￡"
)
FUZZ = 1e-8  # as ReportLab's rl_config._FUZZ: a line exactly as wide as the room fits

WidthOf = Callable[[str], float]


def is_wide(ch: str) -> bool:
    """Han, kana, full-width forms and CJK punctuation: a break may fall on either side of them."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def may_break(before: str, after: str) -> bool:
    """May a line end between ``before`` and ``after`` (two adjacent characters)?"""
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before.isspace():
        return True
    if after.isspace():
        return False  # break after the space instead, so it ends the line and vanishes
    return is_wide(before) or is_wide(after)  # two narrow characters form one Latin word or number


def units(text: str) -> list[str]:
    """``text`` cut at every allowed break point; a line holds whole units."""
    out: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if may_break(text[i - 1], text[i]):
            out.append(text[start:i])
            start = i
    if text:
        out.append(text[start:])
    return out


def _may_cut(unit: str, k: int) -> bool:
    """May ``unit`` be cut before its character ``k``? Spaces at the cut vanish, so the marks that
    count are the last one left on this line and the first one on the next."""
    tail, head = unit[:k].rstrip()[-1:], unit[k:].lstrip()[:1]
    return bool(tail) and tail not in NO_LINE_END and head not in NO_LINE_START


def _cut(unit: str, width_of: WidthOf, room: float) -> int:
    """How many leading characters of ``unit``, a unit wider than a whole line, go on the line.

    As many as fit (at least one, so every line makes progress), moved back while the cut would
    put a closing mark at the next line's start or an opening one at this line's end. The unit is
    one Latin word or number (or punctuation glued to one), so only the punctuation rules count here.
    """
    n = 1
    while n < len(unit) and width_of(unit[: n + 1]) <= room + FUZZ:
        n += 1
    k = n
    while k > 1 and not _may_cut(unit, k):
        k -= 1
    return k if _may_cut(unit, k) else n


def break_lines(text: str, width_of: WidthOf, max_widths: Sequence[float]) -> list[tuple[float, str]]:
    """Lines of ``text`` as (unused width, line) pairs, like ``reportlab.lib.textsplit.wordSplit``.

    ``max_widths`` gives the room of the first lines; the last value holds for all later lines.
    Runs of white space count as one space.
    """
    lines: list[tuple[float, str]] = []

    def room() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    def flush(s: str) -> None:
        s = s.rstrip()
        lines.append((room() - width_of(s), s))

    # ReportLab's widths add up glyph by glyph (no kerning), so a line's width is the sum of its
    # units'; each unit is measured once, with and without its trailing space.
    line, line_w = "", 0.0
    for unit in units(" ".join(text.split())):
        w_full = width_of(unit)
        w_bare = width_of(unit.rstrip()) if unit.endswith(" ") else w_full
        if line_w + w_bare <= room() + FUZZ:
            line, line_w = line + unit, line_w + w_full
            continue
        if line:
            flush(line)
        line, line_w = unit, w_full
        while w_bare > room() + FUZZ and len(line.rstrip()) > 1:
            k = _cut(line, width_of, room())
            flush(line[:k])
            line = line[k:].lstrip()
            line_w = width_of(line)
            w_bare = width_of(line.rstrip())
    if line or not lines:
        flush(line)
    return lines
