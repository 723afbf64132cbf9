"""Issuing, reprinting and verifying documents against a real SQLite file."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select, update

from kiosk.clock import LOCAL_TZ
from kiosk.documents import queries
from kiosk.documents.issuer import DocumentIssuer
from kiosk.documents.render import render_document
from kiosk.persistence.db import transaction
from kiosk.persistence.models import IssuedDocument
from receipts.model import Document, DocumentKind
from receipts.pdf import ATTACHMENT_NAME, read_attachment, render_pdf
from receipts.samples import sample
from tests.kiosk.documents.conftest import ID_NUMBER


def issue_certificate(issuer: DocumentIssuer, factory) -> Document:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        start, end = queries.month_range("2026-01", "2026-12")
        tp_id, doc = queries.certificate_for(db, issuer.context(), ID_NUMBER, start, end)
        return issuer.issue(db, doc, taxpayer_id=tp_id)


def test_issue_numbers_and_stores(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    a = issue_certificate(issuer, factory)
    b = issue_certificate(issuer, factory)
    year = f"{dt.datetime.now(LOCAL_TZ):%Y}"  # numbers carry the tax office and the hall's local year
    assert a.number == f"13100000000-{year}-00000001" and b.number == f"13100000000-{year}-00000002"
    assert a.verification_code != b.verification_code
    with factory() as db:
        row = db.scalar(select(IssuedDocument).where(IssuedDocument.number == a.number))
        assert row.verification_code == a.verification_code and row.content == a.content()
        assert row.is_demo and row.kind == "certificate" and row.taxpayer_id is not None
    assert a.totals[0].capitals == "壹万陆仟肆佰零玖元零贰分"  # 1409.50 + 6007.14 + 480 + 8512.38


def test_reprint_keeps_number_and_code(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    doc = issue_certificate(issuer, factory)
    with transaction(factory) as db:
        again = issuer.reprint(db, doc.number)
    with transaction(factory) as db:
        third = issuer.reprint(db, doc.number)
    assert (again.number, again.verification_code, again.reprint_count) == (
        doc.number,
        doc.verification_code,
        1,
    )
    assert third.reprint_count == 2
    assert issuer.verify(doc.verification_code).reprint_count == 2


def test_verify_code(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    doc = issue_certificate(issuer, factory)
    res = issuer.verify(doc.verification_code.lower())
    assert res.genuine and res.number == doc.number and res.kind == "certificate"
    assert "税收完税证明" in res.summary and "壹万陆仟肆佰零玖元零贰分" in res.summary
    assert not issuer.verify("0000-0000-0000-0000").genuine
    assert "16" in issuer.verify("nonsense").reason


def test_verify_code_rejects_each_altered_field_in_the_database(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an issued certificate WHEN any one stored value is changed THEN its code no longer verifies."""
    doc = issue_certificate(issuer, factory)
    original = doc.content()
    edits = [
        ("fields", 0, 3),
        ("fields", 1, 3),
        ("tables", 0, "rows", 0, 5),
        ("tables", 0, "rows", 2, 0),
        ("totals", 0, 3),
        ("issued_at",),
        ("tax_office",),
        ("kiosk_id",),
        ("demo",),
        ("number",),
    ]
    for path in edits:
        content = copy.deepcopy(original)
        target = content
        for step in path[:-1]:
            target = target[step]
        old = target[path[-1]]
        target[path[-1]] = (not old) if isinstance(old, bool) else old + "9"
        with transaction(factory) as db:
            db.execute(
                update(IssuedDocument).where(IssuedDocument.number == doc.number).values(content=content)
            )
        assert not issuer.verify(doc.verification_code).genuine, path
    with transaction(factory) as db:
        db.execute(update(IssuedDocument).where(IssuedDocument.number == doc.number).values(content=original))
    assert issuer.verify(doc.verification_code).genuine


def _swap_attachment(pdf: bytes, payload: dict) -> bytes:  # type: ignore[type-arg]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer._root_object.pop("/Names", None)
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(payload, ensure_ascii=False).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_verify_pdf_accepts_the_original(issuer: DocumentIssuer, factory, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    doc = issue_certificate(issuer, factory)
    rendered = render_document(doc, kiosk_config)
    assert rendered.pdf_path is not None and rendered.pdf_path.exists()
    res = issuer.verify_pdf(rendered.pdf_path)
    assert res.genuine, res.reason


def test_verify_pdf_rejects_altered_content_and_altered_text(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    doc = issue_certificate(issuer, factory)
    pdf = render_pdf(doc)
    payload = read_attachment(pdf)
    assert payload is not None
    # 1. the embedded content altered (amount of the first payment), code kept
    forged = copy.deepcopy(payload)
    forged["content"]["tables"][0]["rows"][0][5] = "9,409.50"
    res = issuer.verify_pdf(_swap_attachment(pdf, forged))
    assert not res.genuine and "altered" in res.reason
    # 2. the visible text altered, the original content and code embedded: each field in turn
    content = doc.content()
    for where in [
        ("fields", 1, 3),
        ("tables", 0, "rows", 1, 5),
        ("totals", 0, 3),
        ("tables", 0, "rows", 0, 0),
    ]:
        c2 = copy.deepcopy(content)
        target = c2
        for step in where[:-1]:
            target = target[step]
        if where[0] == "totals":
            target[where[-1]] = "99999.99"
            c2["totals"][0][4] = "玖万玖仟玖佰玖拾玖元玖角玖分"
        else:
            target[where[-1]] = target[where[-1]].replace("1", "7") + "7"
        shown = Document.from_content(c2, verification_code=doc.verification_code)
        tampered = _swap_attachment(render_pdf(shown), payload)
        res = issuer.verify_pdf(tampered)
        assert not res.genuine and "printed text" in res.reason, where
    # 3. not a kiosk PDF at all, and an unknown code
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    Canvas(buf).save()
    assert not issuer.verify_pdf(buf.getvalue()).genuine
    other = DocumentIssuer(issuer._sessions, issuer._config, issuer._key)
    stranger = sample(DocumentKind.QUEUE_TICKET, other.context()).with_number("X-1")
    import dataclasses

    from receipts.verification import compute_code

    stranger = dataclasses.replace(stranger, verification_code=compute_code(issuer._key, stranger.content()))
    res = issuer.verify_pdf(render_pdf(stranger))
    assert not res.genuine and "unknown" in res.reason


def test_iit_record_only_lists_iit(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        start, end = queries.month_range("2026-01", "2026-06")
        _tp, doc = queries.iit_record_for(db, issuer.context(), ID_NUMBER, start, end)
    assert len(doc.tables[0].rows) == 2
    assert str(doc.totals[0].amount) == "7416.64"


def test_month_range() -> None:
    assert queries.month_range("2026-02", "2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    with pytest.raises(Exception, match="YYYY-MM"):
        queries.month_range("2026/02", None)
    with pytest.raises(Exception, match="after"):
        queries.month_range("2026-05", "2026-01")


def test_issue_is_not_committed_before_the_caller_commits(issuer: DocumentIssuer, factory) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a document issued as the first write of a unit of work (its savepoint opens the transaction)
    WHEN the unit of work fails afterwards (the rendering, the journal step, a kill)
    THEN no numbered document is left behind: issue, rendering and journal step commit together."""
    with pytest.raises(RuntimeError), transaction(factory) as db:
        start, end = queries.month_range("2026-01", "2026-12")
        tp_id, doc = queries.certificate_for(db, issuer.context(), ID_NUMBER, start, end)
        issuer.issue(db, doc, taxpayer_id=tp_id)
        raise RuntimeError("rendering failed")
    with factory() as db:
        assert db.scalars(select(IssuedDocument)).all() == []


def _annotated(pdf: bytes, *, incremental: bool) -> bytes:
    """A FreeText annotation "RMB 99,999.00" laid on page 1, written in place or as an incremental update."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(io.BytesIO(pdf), incremental=True) if incremental else PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    note = FreeText(text="RMB 99,999.00", rect=(300, 600, 500, 640), font_size="20pt")
    writer.add_annotation(page_number=0, annotation=note)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _overlaid(pdf: bytes) -> bytes:
    """A forged full-page image drawn over the genuine page (the text layer left as it was)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (60, 80), "white").save(png, format="PNG")
    png.seek(0)
    layer = io.BytesIO()
    canvas = Canvas(layer, pagesize=A4)
    canvas.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(layer.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("forge", ["annotation", "annotation-incremental", "image-overlay", "appended-update"])
def test_verify_pdf_reports_visible_forgeries_as_altered(issuer: DocumentIssuer, factory, kiosk_config, forge: str) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a genuine issued PDF WHEN someone adds what a PDF reader shows (an annotation, an image
    over the page) or any incremental update, leaving the text layer and the attachment alone
    THEN verify says ALTERED and what was issued."""
    doc = issue_certificate(issuer, factory)
    rendered = render_document(doc, kiosk_config)
    assert rendered.pdf_path is not None
    pdf = rendered.pdf_path.read_bytes()
    if forge == "annotation":
        forged = _annotated(pdf, incremental=False)
    elif forge == "annotation-incremental":
        forged = _annotated(pdf, incremental=True)
    elif forge == "image-overlay":
        forged = _overlaid(pdf)
    else:
        forged = pdf + b"\n% nothing visible\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n0\n%%EOF\n"
    res = issuer.verify_pdf(forged)
    assert not res.genuine and "altered" in res.reason.lower(), res.reason
    assert doc.number in res.reason  # it says what was issued


def test_archived_pdf_is_pades_signed_private_and_verifies(issuer: DocumentIssuer, factory, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """The A4 PDF carries one PAdES signature by the kiosk's (demo) certificate covering the whole file,
    it is 0600, and stripping nothing but adding one byte after signing is ALTERED."""
    import stat

    from kiosk.documents.render import pdf_identity
    from kiosk.security.pdf_signing import check_signature

    doc = issue_certificate(issuer, factory)
    rendered = render_document(doc, kiosk_config)
    assert rendered.pdf_path is not None
    data = rendered.pdf_path.read_bytes()
    assert stat.S_IMODE(rendered.pdf_path.stat().st_mode) == 0o600
    assert check_signature(data, pdf_identity(kiosk_config)) == (True, "")
    assert (kiosk_config.secrets_dir / "pdf-key.pem").stat().st_mode & 0o077 == 0
    assert issuer.verify_pdf(data).genuine
    res = issuer.verify_pdf(data + b"\n% appended\n")
    assert not res.genuine and "ALTERED" in res.reason and doc.number in res.reason


def test_the_issuing_office_in_english_only_on_bilingual_slips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.config import parse_config
    from kiosk.documents.issuer import DocumentIssuer

    for bilingual in (False, True):
        config = parse_config({"kiosk": {"data_dir": str(tmp_path)}, "printing": {"bilingual": bilingual}},
                              source="test")
        office = DocumentIssuer(None, config, bytes(32)).context().tax_office  # type: ignore[arg-type]
        assert office.startswith(config.kiosk.tax_office)
        assert ("First Tax Branch" in office) is bilingual
