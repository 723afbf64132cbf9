"""Every document kind in every form: text, ESC/POS (decoded by the simulator's parser) and PDF."""

from __future__ import annotations

import dataclasses
import re

import pytest

from devices.escpos.builder import text_width
from receipts.escpos import render_bytes, render_parts, replacements
from receipts.model import Document, DocumentKind, format_code
from receipts.pdf import extract_text, read_attachment, render_pdf
from receipts.samples import sample, sample_context
from receipts.text import render_text
from tests.receipts.conftest import decode_escpos, signed


def visible_values(doc: Document) -> list[str]:
    """Everything a reader must find on the document."""
    out = [doc.title.zh, doc.number, format_code(doc.verification_code), doc.context.kiosk_id]
    out += [f.value for f in doc.fields if f.value]
    out += [cell for t in doc.tables for row in t.rows for cell in row]
    out += [x for t in doc.totals for x in (t.capitals, t.figures)]
    out += [p.text_zh for p in doc.paragraphs]
    if doc.highlight:
        out.append(doc.highlight)
    return out


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("width", [58, 80])
def test_escpos_decodes_to_the_text_rendering(any_doc: Document, width: int) -> None:
    """GIVEN a document WHEN rendered as ESC/POS and decoded by the printer simulator's parser
    THEN the printed lines are the lines of the text rendering."""
    printed = [ln.strip() for ln in decode_escpos(render_bytes(any_doc, width)) if ln.strip()]
    text = [ln.strip() for ln in render_text(any_doc, width).splitlines() if ln.strip()]
    assert printed == text
    assert not replacements(any_doc, width)  # nothing the printer cannot print


@pytest.mark.parametrize("width", [58, 80])
def test_slip_carries_every_field_and_fits_the_paper(any_doc: Document, width: int) -> None:
    text = render_text(any_doc, width)
    columns = 32 if width == 58 else 48
    for line in text.splitlines():
        if not line.startswith("[QR:"):
            assert text_width(line) <= columns, line
    flat = squash(text)
    for value in visible_values(any_doc):
        assert squash(value) in flat, value
    assert "[QR:https://verify.example.invalid/v/" + any_doc.verification_code + "]" in text


def test_escpos_comes_in_parts(any_doc: Document) -> None:
    parts = render_parts(any_doc, 80)
    assert len(parts) == 4  # header, body, verification, cut
    assert parts[0].startswith(b"\x1b@")
    assert parts[-1].endswith(b"\x1dV\x01")


def test_pdf_carries_every_field_and_the_total_in_capitals(any_doc: Document) -> None:
    pdf = render_pdf(any_doc)
    text = squash(extract_text(pdf))
    for value in visible_values(any_doc):
        assert squash(value) in text, value
    payload = read_attachment(pdf)
    assert payload is not None
    assert payload["content"] == any_doc.content()
    assert payload["code"] == any_doc.verification_code


def test_pdf_embeds_the_cjk_font(cert: Document) -> None:
    pdf = render_pdf(cert)
    assert b"/FontFile2" in pdf  # the TrueType program itself is in the file
    assert b"/ToUnicode" in pdf  # and the text can be extracted


@pytest.mark.parametrize("demo", [True, False])
@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_demo_mark_present_exactly_when_demo(kind: DocumentKind, demo: bool) -> None:
    doc = signed(sample(kind, sample_context(demo=demo)))
    slip = render_text(doc, 58)
    pdf_text = extract_text(render_pdf(doc))
    for rendering in (slip, pdf_text):
        assert ("演示" in rendering and "DEMO" in rendering and "不是有效凭证" in rendering) is demo


def test_no_full_id_number_anywhere(any_doc: Document) -> None:
    for rendering in (render_text(any_doc, 80), extract_text(render_pdf(any_doc)), str(any_doc.content())):
        assert "110105199001011234" not in rendering
        assert "110101198502023456" not in rendering


def test_id_mask_is_configurable() -> None:
    ctx = dataclasses.replace(sample_context(), id_mask="3*2")
    doc = sample(DocumentKind.CERTIFICATE, ctx)
    assert doc.field_value("taxpayer_id") == "110*************34"


def test_bilingual_labels() -> None:
    doc = signed(sample(DocumentKind.CERTIFICATE, sample_context(bilingual=True)))
    text = render_text(doc, 80)
    assert "Tax Payment Certificate" in text and "Taxpayer ID" in text and "In words" in text
    assert "Tax Payment Certificate" in extract_text(render_pdf(doc))
    mono = render_text(signed(sample(DocumentKind.CERTIFICATE, sample_context())), 80)
    assert "Taxpayer ID" not in mono


def test_reprint_is_marked_on_both_forms(cert: Document) -> None:
    again = dataclasses.replace(cert, reprint_count=2)
    assert "补打 / REPRINT 2" in render_text(again, 58)
    assert "补打/REPRINT2" in squash(extract_text(render_pdf(again)))
    assert again.content() == cert.content()  # the reprint mark is not signed


def test_long_values_wrap_on_58_and_80(cert: Document) -> None:
    """GIVEN a long item name WHEN printed THEN it wraps within the paper and nothing is lost."""
    long_item = "个人出租住房取得的财产租赁所得（按次申报，含多个月份合并计算）"
    table = cert.tables[0]
    rows = ((table.rows[0][0], table.rows[0][1], long_item, *table.rows[0][3:]),)
    doc = dataclasses.replace(cert, tables=(dataclasses.replace(table, rows=rows),))
    for width, cols in ((58, 32), (80, 48)):
        lines = render_text(doc, width).splitlines()
        assert all(text_width(ln) <= cols for ln in lines if not ln.startswith("[QR:"))
        assert long_item in squash("".join(ln.strip() for ln in lines))
    assert len(render_text(doc, 58).splitlines()) > len(render_text(doc, 80).splitlines())


def test_pdf_multipage_when_many_rows(cert: Document) -> None:
    table = cert.tables[0]
    rows = table.rows * 30
    doc = dataclasses.replace(cert, tables=(dataclasses.replace(table, rows=rows),))
    from io import BytesIO

    from pypdf import PdfReader

    pdf = render_pdf(doc)
    assert len(PdfReader(BytesIO(pdf)).pages) >= 2
    assert "续" in extract_text(pdf)


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path, cert: Document) -> None:  # type: ignore[no-untyped-def]
    from receipts import fonts
    from receipts.errors import FontNotFoundError

    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_bytes(b"nothing")
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.setenv("KIOSK_CJK_FONT", str(bogus))
    fonts.reset_for_tests()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-wqy-microhei"):
            render_pdf(cert)
    finally:
        fonts.reset_for_tests()
