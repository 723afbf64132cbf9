"""The receipt-roll layout of a :class:`Document`, written once against the builder's interface.

``lay_out`` drives anything with the :class:`EscPosBuilder` methods it uses: the real builder
(``receipts.escpos``) or the plain-text slip (``receipts.text``), so both wrap the same way.
Three parts (header / body / verification) let the printer driver check status between them.
"""

from __future__ import annotations

from typing import Protocol

from devices.escpos.builder import Align, text_width
from receipts.model import (
    DEMO_MARK,
    DEMO_NOTICE,
    ISSUED_LABEL,
    KIOSK_LABEL,
    NUMBER_LABEL,
    OFFICE_LABEL,
    REPRINT_MARK,
    VERIFY_LABEL,
    Document,
    Label,
    format_code,
    verification_url,
)

CAPITALS_LABEL = Label("大写", "In words")


class SlipSink(Protocol):
    """The part of :class:`devices.escpos.builder.EscPosBuilder` the layout uses."""

    columns_count: int

    def init(self) -> SlipSink: ...
    def align(self, align: Align) -> SlipSink: ...
    def bold(self, on: bool = True) -> SlipSink: ...
    def size(self, width_mult: int = 1, height_mult: int = 1) -> SlipSink: ...
    def line(self, s: str = "") -> SlipSink: ...
    def wrapped(self, s: str, indent: int = 0) -> SlipSink: ...
    def columns(self, left: str, right: str) -> SlipSink: ...
    def rule(self, char: str = "-") -> SlipSink: ...
    def feed(self, n: int = 1) -> SlipSink: ...
    def qr(self, data: str, module_size: int = 6, ec: str = "M") -> SlipSink: ...
    def barcode128(self, data: str) -> SlipSink: ...
    def mark_part(self) -> SlipSink: ...
    def cut(self, partial: bool = False, feed: int = 3) -> SlipSink: ...


def demo_banner(doc: Document) -> list[str]:
    return [f"【{DEMO_MARK.zh} / {DEMO_MARK.en}】", DEMO_NOTICE.zh, DEMO_NOTICE.en]


def _field(out: SlipSink, label: str, value: str) -> None:
    """Label left, value right when both fit on one line; else one flowing paragraph."""
    if text_width(label) + 1 + text_width(value) <= out.columns_count or not value:
        out.columns(label, value)
    elif value.isascii() and " " not in value and text_width(value) < out.columns_count:
        out.line(label)  # a document number or code is never split: it goes whole on its own line
        out.columns("", value)
    else:
        out.wrapped(f"{label}: {value}")


def lay_out(doc: Document, out: SlipSink) -> None:
    """Write ``doc`` onto a receipt roll: demo mark, title, header, fields, tables, totals,
    paragraphs, notice, verification code and QR, demo mark again, cut."""
    bi = doc.context.bilingual
    cols = out.columns_count
    out.init()

    def banner() -> None:
        out.align(Align.CENTER).bold(True)
        for text in demo_banner(doc):
            out.wrapped(text)
        out.bold(False).align(Align.LEFT)

    if doc.demo:
        banner()
    out.align(Align.CENTER).bold(True)
    wide = text_width(doc.title.zh) * 2 <= cols
    out.size(2 if wide else 1, 2).wrapped(doc.title.zh)
    out.size(1, 1)
    if bi:
        out.wrapped(doc.title.en)
    if doc.is_reprint:
        out.line(f"【{REPRINT_MARK.zh} / {REPRINT_MARK.en} {doc.reprint_count}】")
    out.bold(False)
    if doc.highlight:
        out.feed(1).bold(True).size(4, 4).line(doc.highlight).size(1, 1).bold(False).feed(1)
    out.align(Align.LEFT)
    _field(out, NUMBER_LABEL.render(bi), doc.number)
    out.columns(ISSUED_LABEL.render(bi), f"{doc.context.issued_at:%Y-%m-%d %H:%M:%S}")
    _field(out, OFFICE_LABEL.render(bi), doc.context.tax_office)
    out.columns(KIOSK_LABEL.render(bi), doc.context.kiosk_id)
    out.mark_part()

    for f in doc.head_fields():
        _field(out, f.label.render(bi), f.value)
    for table in doc.tables:
        out.rule("-")
        if table.title:
            out.bold(True).line(table.title.render(bi)).bold(False)
        if len(table.columns) == 2:
            for cells in table.rows:
                out.columns(cells[0], cells[1])
            continue
        for i, cells in enumerate(table.rows, 1):
            if i > 1:
                out.rule(".")
            for j, (col, cell) in enumerate(zip(table.columns, cells, strict=True)):
                label = col.label.render(bi)
                out.columns(f"{i}. {label}" if j == 0 else label, cell)
        if not table.rows:
            out.line("（无记录 / no records）" if bi else "（无记录）")
    if doc.totals:
        out.rule("=")
        for total in doc.totals:
            out.bold(True).columns(total.label.render(bi), total.figures).bold(False)
            out.wrapped(f"{CAPITALS_LABEL.render(bi)}: {total.capitals}")
    for para in doc.paragraphs:
        out.rule("-")
        if para.title:
            out.bold(True).line(para.title.render(bi)).bold(False)
        out.wrapped(para.text_zh)
        if para.text_en and (bi or not para.text_zh):
            out.wrapped(para.text_en)
    if doc.foot_fields():
        out.rule("-")
    for f in doc.foot_fields():
        _field(out, f.label.render(bi), f.value)
    if doc.notice:
        out.wrapped(doc.notice.render(bi, " / "))
    out.mark_part()

    out.rule("-")
    out.align(Align.CENTER)
    out.line(VERIFY_LABEL.render(bi))
    out.bold(True).line(format_code(doc.verification_code)).bold(False)
    url = verification_url(doc.context.verify_url_prefix, doc.verification_code)
    out.qr(url, 6 if cols >= 48 else 4, "M")
    out.wrapped(url)
    if doc.barcode:
        out.barcode128(doc.barcode)
    if doc.demo:
        out.feed(1)
        banner()
    out.align(Align.LEFT)
    out.mark_part()
    out.cut(partial=True, feed=4)
