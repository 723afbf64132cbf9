"""printing.bilingual decides the English on a taxpayer's slip and A4 page: with it, every label has its
English beside it; without it, no English at all (issue 12 item 7: the QR payment slip, the queue
ticket, the reconciliation and the rental slips used to carry English lines regardless)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

import pytest

from receipts import documents as d
from receipts.escpos import render_bytes
from receipts.model import Document, DocumentKind, Label
from receipts.pdf import extract_text, render_pdf
from receipts.samples import SAMPLE_ID, SAMPLE_NAME, sample, sample_context
from receipts.text import render_text
from tests.receipts.conftest import decode_escpos, signed

# The documents a taxpayer takes home (technicians' slips are for staff, not covered here)
TAXPAYER_KINDS = [DocumentKind.CERTIFICATE, DocumentKind.IIT_RECORD, DocumentKind.PAYMENT_VOUCHER,
                  DocumentKind.RECONCILIATION, DocumentKind.RENTAL_INVOICE, DocumentKind.QUEUE_TICKET]


def build(kind: DocumentKind, bilingual: bool) -> Document:
    # demo=False: the demo banner (演示 / DEMO, on demo kiosks only) is a safety mark, always both
    ctx = sample_context(demo=False, bilingual=bilingual)
    if kind is DocumentKind.PAYMENT_VOUCHER:  # the method as the kiosk's services write it
        lines = [d.VoucherLine("vehicle_vessel", "乘用车", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                               Decimal("480.00"))]
        doc = d.payment_voucher(ctx, SAMPLE_NAME, SAMPLE_ID, "7f1c2a90-0001", "扫码支付", "SIM-000123",
                                dt.datetime(2026, 11, 26, 15, 29, 40), lines)
    else:
        doc = sample(kind, ctx)
    return signed(doc)


def english_of(doc: Document) -> list[str]:
    """Every English text the document model holds (labels, titles, notices, paragraphs)."""
    labels: list[Label] = [doc.title]
    labels += [f.label for f in doc.fields]
    labels += [c.label for t in doc.tables for c in t.columns]
    labels += [t.title for t in doc.tables if t.title is not None]
    labels += [t.label for t in doc.totals]
    labels += [p.title for p in doc.paragraphs if p.title is not None]
    if doc.notice is not None:
        labels.append(doc.notice)
    texts = [lb.en for lb in labels if lb.en] + [p.text_en for p in doc.paragraphs if p.text_en]
    return texts


def words(rendering: str, doc: Document) -> list[str]:
    """English-looking words in a rendering: letters with at least one lower-case letter, leaving out
    the codes and the verification address (identifiers, not language)."""
    versions = [f.value for f in doc.fields if f.key in ("rule_version", "commitment_version")]  # "iit-2025.1"
    for code in (doc.number, doc.context.kiosk_id, *versions):
        rendering = rendering.replace(code, " ")
    rendering = re.sub(r"https?://\S+|\[QR:[^\]]*\]", " ", rendering)  # the address, the QR code's stand-in
    return [w for w in re.findall(r"[A-Za-z]{2,}", rendering) if not w.isupper() or w in _UPPER_WORDS]


_UPPER_WORDS = {"VAT", "IIT", "QR", "READY", "OK", "FAIL"}  # upper-case English that is language


def renderings(doc: Document) -> dict[str, str]:
    return {
        "text 58": render_text(doc, 58),
        "escpos 80": "\n".join(decode_escpos(render_bytes(doc, 80))),
        "pdf": extract_text(render_pdf(doc)),
    }


@pytest.mark.parametrize("kind", TAXPAYER_KINDS, ids=lambda k: k.value)
def test_no_english_on_a_slip_when_bilingual_is_off(kind: DocumentKind) -> None:
    doc = build(kind, bilingual=False)
    english = english_of(build(kind, bilingual=True))
    for form, text in renderings(doc).items():
        flat = re.sub(r"\s+", " ", text)
        assert [e for e in english if e in flat] == [], f"{kind.value} {form}"
        assert words(text, doc) == [], f"{kind.value} {form}"


@pytest.mark.parametrize("kind", TAXPAYER_KINDS, ids=lambda k: k.value)
def test_english_beside_the_chinese_when_bilingual_is_on(kind: DocumentKind) -> None:
    doc = build(kind, bilingual=True)
    text = re.sub(r"\s+", " ", render_text(doc, 80))
    assert doc.title.en in text and doc.title.zh in text
    assert all(f.label.en in text for f in doc.fields if f.label.en and f.value)
    pdf = re.sub(r"\s+", "", extract_text(render_pdf(doc)))
    assert re.sub(r"\s+", "", doc.title.en) in pdf


def test_the_lines_from_the_rules_follow_the_setting() -> None:
    """Tax lines of a rental invoice, a reconciliation's steps and result, the queue's service and wait:
    English from their own English names only when bilingual."""
    for bilingual in (False, True):
        rental = render_text(build(DocumentKind.RENTAL_INVOICE, bilingual), 80)
        assert ("Property tax" in rental) is bilingual and "房产税" in rental
        rec = render_text(build(DocumentKind.RECONCILIATION, bilingual), 80)
        assert ("Taxable income" in rec) is bilingual and "应纳税所得额" in rec
        assert ("Refund due" in rec) is bilingual and ("confirmed on screen" in rec) is bilingual
        ticket = render_text(build(DocumentKind.QUEUE_TICKET, bilingual), 80)
        assert ("General services" in ticket) is bilingual and ("/ min" in ticket) is bilingual
        assert "综合业务" in ticket and "约 12 分钟" in ticket


def test_a_reprint_keeps_its_mark_in_both_languages() -> None:
    """补打 / REPRINT is a safety mark (kiosk-ux.md: a reprint says REPRINT), printed whatever the setting."""
    doc = dataclasses.replace(build(DocumentKind.CERTIFICATE, False), reprint_count=1)
    assert "补打 / REPRINT 1" in render_text(doc, 58)


def test_tax_types_items_and_offices_in_english_only_when_bilingual() -> None:
    line = d.CertificateLine("V1", "iit", "工资薪金所得", dt.date(2026, 1, 1), dt.date(2026, 1, 31),
                             dt.date(2026, 2, 15), Decimal("10.00"), "Wages and salaries")
    record = d.IitRecordLine("工资薪金所得", "2026-01", dt.date(2026, 2, 15), "第一税务所", Decimal("10.00"),
                             "Wages and salaries", "First Tax Branch")
    for bilingual in (False, True):
        ctx = sample_context(demo=False, bilingual=bilingual)
        cert = render_text(signed(d.certificate(ctx, SAMPLE_NAME, SAMPLE_ID, [line])), 80)
        rec = render_text(signed(d.iit_record(ctx, SAMPLE_NAME, SAMPLE_ID, dt.date(2026, 1, 1),
                                              dt.date(2026, 1, 1), [record])), 80)
        cert, rec = (re.sub(r"\s+", " ", t) for t in (cert, rec))  # values wrap within their columns
        for text in (cert, rec):
            assert ("Wages and salaries" in text) is bilingual and "工资薪金所得" in text
        assert ("Individual income tax" in cert) is bilingual and "个人所得税" in cert
        assert ("First Tax Branch" in rec) is bilingual

