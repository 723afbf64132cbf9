"""The exact bytes of every signed A4 PDF are recorded at issue, and `verify --pdf` accepts only those."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy import select

from kiosk.clock import LOCAL_TZ
from kiosk.documents import queries
from kiosk.documents.issuer import DocumentIssuer
from kiosk.documents.render import pdf_identity
from kiosk.persistence.db import transaction
from kiosk.persistence.models import DocumentRendering, IssuedDocument
from kiosk.security.pdf_signing import sign_pdf
from kiosk.services.api import PrintableDocument
from kiosk.services.documents import DocumentDesk
from receipts.pdf import render_pdf
from tests.kiosk.documents.conftest import ID_NUMBER


def _desk(issuer: DocumentIssuer, kiosk_config) -> DocumentDesk:  # type: ignore[no-untyped-def]
    return DocumentDesk(kiosk_config, issuer, lambda: dt.datetime.now(LOCAL_TZ))


def _issue(desk: DocumentDesk, issuer: DocumentIssuer, factory) -> PrintableDocument:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        start, end = queries.month_range("2026-01", "2026-12")
        tp_id, doc = queries.certificate_for(db, issuer.context(), ID_NUMBER, start, end)
        return desk.issue(db, doc, taxpayer_id=tp_id, transaction_id=None)


def test_each_signed_rendering_is_recorded_with_its_document(issuer, factory, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a certificate issued and then reprinted through the services' desk THEN the SHA-256 of
    the exact bytes of both signed PDFs is recorded, in the unit of work that issued them, and both
    PDFs verify as the exact bytes issued."""
    desk = _desk(issuer, kiosk_config)
    original = _issue(desk, issuer, factory)
    with transaction(factory) as db:
        reprint = desk.reprint(db, original.number)
    assert original.pdf_path and reprint.pdf_path and original.pdf_path != reprint.pdf_path
    with factory() as db:
        doc_id = db.scalar(select(IssuedDocument.id).where(IssuedDocument.number == original.number))
        rows = list(db.scalars(select(DocumentRendering).where(DocumentRendering.document_id == doc_id)
                               .order_by(DocumentRendering.id)))
    files = [Path(original.pdf_path).read_bytes(), Path(reprint.pdf_path).read_bytes()]
    assert [(r.reprint_count, r.sha256, r.size) for r in rows] == [
        (0, hashlib.sha256(files[0]).hexdigest(), len(files[0])),
        (1, hashlib.sha256(files[1]).hexdigest(), len(files[1])),
    ]
    for data in files:
        res = issuer.verify_pdf(data)
        assert res.genuine and "exact bytes" in res.reason, res.reason


def test_a_pdf_signed_again_with_the_kiosk_key_is_not_what_was_issued(issuer, factory, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an issued certificate WHEN someone who got hold of the signing key renders its content
    again and signs it (a valid signature, the same text and drawing, other bytes) THEN verify says
    ALTERED, that the bytes are none recorded at issue, and what was issued."""
    desk = _desk(issuer, kiosk_config)
    issued = _issue(desk, issuer, factory)
    with factory() as db:
        doc = issuer.load(db, issued.number)
    resigned = sign_pdf(render_pdf(doc), pdf_identity(kiosk_config))
    assert resigned != Path(issued.pdf_path or "").read_bytes()
    res = issuer.verify_pdf(resigned)
    assert not res.genuine, res.reason
    assert "ALTERED" in res.reason and "recorded at issue" in res.reason and issued.number in res.reason
    assert hashlib.sha256(resigned).hexdigest()[:16] in res.reason


def test_the_hash_commits_with_the_document_or_not_at_all(issuer, factory, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """A unit of work that fails after rendering leaves neither the document nor its rendering."""
    desk = _desk(issuer, kiosk_config)
    try:
        with transaction(factory) as db:
            start, end = queries.month_range("2026-01", "2026-12")
            tp_id, doc = queries.certificate_for(db, issuer.context(), ID_NUMBER, start, end)
            desk.issue(db, doc, taxpayer_id=tp_id, transaction_id=None)
            raise RuntimeError("killed before commit")
    except RuntimeError:
        pass
    with factory() as db:
        assert db.scalars(select(DocumentRendering)).first() is None
        assert db.scalars(select(IssuedDocument)).first() is None
