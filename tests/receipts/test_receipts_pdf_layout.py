"""The A4 layout, read back from the PDF itself: where each line of text is (tests/receipts/pdfboxes)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from kiosk.documents.issuer import normalise_whitespace
from receipts import documents as d
from receipts.model import Document, DocumentKind, format_code
from receipts.pdf import MARGIN, TABLE_W, extract_text, render_pdf
from receipts.samples import SAMPLE_ID, SAMPLE_NAME, certificate_lines, sample, sample_context
from tests.receipts.conftest import signed
from tests.receipts.pdfboxes import Box, overlapping_pairs, text_boxes

# Chinese and Latin marks that may not begin a line, and those that may not end one (GB/T 15834,
# W3C CLREQ). Written out here, not imported, so the test does not share the code's list.
CLOSING = set("）)】]」』》〉，,。.、；;：:！!？?”’…%")
OPENING = set("（(【[「『《〈“‘")
LONG_ITEM = "个人出租住房取得的财产租赁所得（按次申报，含多个月份合并计算）"


def variants(doc: Document) -> list[Document]:
    """The document as issued, as a reprint, and both again bilingual."""
    bi = dataclasses.replace(doc, context=dataclasses.replace(doc.context, bilingual=True))
    return [doc, dataclasses.replace(doc, reprint_count=2), bi, dataclasses.replace(bi, reprint_count=1)]


def certificate_with(items: list[str], *, bilingual: bool = False) -> Document:
    base = certificate_lines()
    lines = [
        dataclasses.replace(base[i % 3], voucher_no=f"3310162601{i:08d}", item=item)
        for i, item in enumerate(items)
    ]
    ctx = sample_context(bilingual=bilingual)
    return signed(d.certificate(ctx, SAMPLE_NAME, SAMPLE_ID, lines, remarks=["示范数据"]))


def column(doc: Document, key: str) -> tuple[float, float]:
    """The x range of a column of the document's first table (the table spans the frame width)."""
    cols = doc.tables[0].columns
    total = sum(c.weight for c in cols)
    start = sum(c.weight for c in cols[: [c.key for c in cols].index(key)])
    weight = next(c.weight for c in cols if c.key == key)
    return MARGIN + TABLE_W * start / total, MARGIN + TABLE_W * (start + weight) / total


def find(boxes: list[Box], text: str, page: int | None = None) -> list[Box]:
    return [b for b in boxes if text in b.text and (page is None or b.page == page)]


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_number_title_and_marks_never_overlap(kind: DocumentKind) -> None:
    """GIVEN any kind, issued or reprinted, in Chinese or bilingual WHEN rendered THEN the title,
    the number, the reprint mark and the verification code each have their own place."""
    for doc in variants(signed(sample(kind, sample_context()))):
        boxes = text_boxes(render_pdf(doc))
        title = [b for b in boxes if b.page == 1 and b.text == doc.title.zh]
        mark = "No." if doc.context.bilingual else "编号"  # English only on bilingual documents
        number = [b for b in boxes if b.page == 1 and b.text == f"{mark} {doc.number}"]
        code = [b for b in boxes if b.page == 1 and b.text == format_code(doc.verification_code)]
        assert title and number and code
        marks = title + number + code + (find(boxes, "REPRINT", 1) if doc.is_reprint else [])
        assert not doc.is_reprint or len(marks) == 4
        assert not overlapping_pairs(marks), [f"{a} / {b}" for a, b in overlapping_pairs(marks)]
        assert number[0].y1 <= title[0].y0, "the number goes on its own line under the title"


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_no_two_lines_of_text_overlap_anywhere(kind: DocumentKind) -> None:
    """GIVEN any kind and variant WHEN rendered THEN no line of text touches another one: nothing
    spills into a neighbouring cell, the heading or the page furniture."""
    for doc in variants(signed(sample(kind, sample_context()))):
        pairs = overlapping_pairs(text_boxes(render_pdf(doc)))
        assert not pairs, [f"{a} / {b}" for a, b in pairs]


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_no_line_starts_with_closing_punctuation(kind: DocumentKind) -> None:
    for doc in variants(signed(sample(kind, sample_context()))):
        for box in text_boxes(render_pdf(doc)):
            assert box.text.lstrip()[0] not in CLOSING, box
            assert box.text.rstrip()[-1] not in OPENING, box


@pytest.mark.parametrize("bilingual", [False, True])
def test_item_column_wraps_inside_itself_and_never_starts_a_line_with_a_closing_mark(bilingual: bool) -> None:
    """GIVEN item names whose brackets and stops fall at every possible place of a line end
    WHEN the certificate is rendered THEN each item's lines stay inside the item column, keep the
    text in order, and no line starts with a closing mark or ends with an opening one."""
    items = [
        *("车" * k + "（含）的乘用车" for k in range(1, 9)),
        *("车" * k + "(含)。" for k in range(1, 9)),
        *("乘用车" + "车" * k + "，按次申报；含多个月份）。" for k in range(6)),
        LONG_ITEM,
        "1.6升以上至2.0升(含)的乘用车",
    ]
    doc = certificate_with(items, bilingual=bilingual)
    boxes = text_boxes(render_pdf(doc))
    left, right = column(doc, "item")
    head = doc.tables[0].columns[2].label
    (total,) = find(boxes, "金额合计")

    def in_rows(b: Box) -> bool:
        """Under the item column's head on its page, above the total."""
        (top,) = [h for h in boxes if h.page == b.page and h.text == head.zh]
        return b.y1 < top.y0 - (8 if bilingual else 0) and (b.page != total.page or b.y0 > total.y1)

    lines = [b for b in boxes if left <= b.x0 < right and in_rows(b)]
    assert len(lines) > len(items)  # some items wrap
    for box in lines:
        assert box.x1 <= right - 1.0, f"spills over the column's right edge: {box}"
        assert box.text[0] not in CLOSING, f"starts with a closing mark: {box}"
        assert box.text[-1] not in OPENING, f"ends with an opening mark: {box}"
    assert "".join(b.text for b in lines) == "".join(items)


def test_a_long_certificate_repeats_the_column_heads_on_every_page() -> None:
    """GIVEN a certificate of 60 payments WHEN rendered THEN it runs over several pages, each page
    starts with the column heads above its rows and says 第 n 页 / 共 N 页, later pages carry the
    continued band, every payment is printed once, and no page ends on the heads alone."""
    doc = certificate_with([LONG_ITEM if i % 5 == 0 else "住房出租" for i in range(60)])
    pdf = render_pdf(doc)
    boxes = text_boxes(pdf)
    pages = max(b.page for b in boxes)
    assert pages >= 3
    heads = [c.label.zh for c in doc.tables[0].columns]
    vouchers = [row[0] for row in doc.tables[0].rows]
    seen: list[str] = []
    for page in range(1, pages + 1):
        on_page = [b for b in boxes if b.page == page]
        rows = [b for b in on_page if b.text in vouchers]
        assert rows, f"page {page} has no payment under its heads"
        for head in heads:
            (box,) = [b for b in on_page if b.text == head]
            assert box.y0 > max(r.y1 for r in rows), f"{head} is not above the rows on page {page}"
        assert find(on_page, f"第 {page} 页 / 共 {pages} 页")
        assert bool(find(on_page, "续")) is (page > 1)
        seen += [r.text for r in sorted(rows, key=lambda r: -r.y0)]
    assert seen == vouchers


def test_totals_never_leave_their_table() -> None:
    """GIVEN certificates one payment longer each, so the page break falls at every place
    WHEN rendered THEN the total always shares its page with a payment row, and the signature
    boxes and the notice follow the total on the same page."""
    for n in range(10, 22):  # the hand-made layout left the total or the seal boxes behind at 14-16
        doc = certificate_with(["住房出租"] * n)
        boxes = text_boxes(render_pdf(doc))
        vouchers = {row[0] for row in doc.tables[0].rows}
        (total,) = find(boxes, "金额合计")
        rows = [b for b in boxes if b.text in vouchers and b.page == total.page]
        assert rows and max(r.y0 for r in rows) > total.y1, n
        for tail in ("税务机关(盖章)", "填票人", "本证明不作纳税人记账"):
            (box,) = find(boxes, tail)
            assert box.page == total.page and box.y1 < total.y0, (n, tail)


def test_the_long_pdf_still_holds_every_field() -> None:
    doc = dataclasses.replace(certificate_with([LONG_ITEM] * 40, bilingual=True), reprint_count=1)
    text = re.sub(r"\s+", "", extract_text(render_pdf(doc)))
    values = [f.value for f in doc.fields if f.value] + [c for row in doc.tables[0].rows for c in row]
    values += [doc.number, format_code(doc.verification_code), doc.totals[0].capitals, doc.totals[0].figures]
    for value in values:
        assert re.sub(r"\s+", "", value) in text, value


@pytest.mark.parametrize(
    "kind", [DocumentKind.CERTIFICATE, DocumentKind.RECONCILIATION, DocumentKind.RENTAL_INVOICE], ids=str
)
def test_altering_any_printed_field_changes_the_text_verify_compares(kind: DocumentKind) -> None:
    """GIVEN a document WHEN any one field, cell or total it prints is altered THEN the PDF's text,
    as ``kiosk verify --pdf`` compares it (white space removed), differs from the original's."""
    doc = signed(sample(kind, sample_context()))
    original = normalise_whitespace(extract_text(render_pdf(doc)))
    content = doc.content()
    paths: list[tuple[object, ...]] = [("fields", i, 3) for i, f in enumerate(content["fields"]) if f[3]]
    paths += [
        ("tables", t, "rows", r, c)
        for t, tb in enumerate(content["tables"])
        for r, row in enumerate(tb["rows"])
        for c in range(len(row))
    ]
    paths += [("paragraphs", i, 2) for i in range(len(content["paragraphs"]))]
    assert len(paths) > 8
    for path in paths:
        c2 = copy.deepcopy(content)
        target: Any = c2
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] += "7"
        shown = Document.from_content(c2, verification_code=doc.verification_code)
        assert normalise_whitespace(extract_text(render_pdf(shown))) != original, path


def test_amounts_align_right_inside_their_column() -> None:
    doc = signed(sample(DocumentKind.CERTIFICATE, sample_context()))
    boxes = text_boxes(render_pdf(doc))
    left, right = column(doc, "amount")
    for row in doc.tables[0].rows:
        (box,) = [b for b in boxes if b.text == row[5]]
        assert left < box.x0 and right - 6 < box.x1 <= right - 1


def test_dates_and_numbers_are_never_cut() -> None:
    """Dates and numbers are words: they move to the next line whole, never cut."""
    line = d.CertificateLine(
        "331016260100012345",
        "iit",
        "工资薪金所得",
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 15),
        Decimal("100000000.00"),
    )
    doc = signed(d.certificate(sample_context(), SAMPLE_NAME, SAMPLE_ID, [line]))
    texts = [b.text for b in text_boxes(render_pdf(doc))]
    for word in ("2026-12-01", "2026-12-31", "2027-01-15", "331016260100012345", "100,000,000.00"):
        assert any(word in t for t in texts), word
