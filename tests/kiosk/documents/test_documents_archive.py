"""The A4 archive writes each signed PDF after its document's unit of work commits, never for one that
rolled back, and a start-up catch-up writes the ones a crash or a failure left without a PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.clock import LOCAL_TZ
from kiosk.config import KioskConfig
from kiosk.documents import queries
from kiosk.documents.issuer import DocumentIssuer
from kiosk.persistence.db import transaction
from kiosk.persistence.models import DocumentRendering, IssuedDocument
from kiosk.services.api import PrintableDocument
from kiosk.services.archive import PdfArchive
from kiosk.services.documents import DocumentDesk
from receipts.model import Document
from tests.kiosk.documents.conftest import ID_NUMBER


class Boom(Exception):
    pass


def _issue(desk: DocumentDesk, issuer: DocumentIssuer, factory, *, fail_after: bool = False) -> PrintableDocument:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        start, end = queries.month_range("2026-01", "2026-12")
        tp_id, doc = queries.certificate_for(db, issuer.context(), ID_NUMBER, start, end)
        out = desk.issue(db, doc, taxpayer_id=tp_id, transaction_id=None)
        if fail_after:
            raise Boom("the unit of work fails after the issue (a later step of the flow)")
        return out


def _renderings(factory) -> list[DocumentRendering]:  # type: ignore[no-untyped-def]
    with factory() as db:
        return list(db.scalars(select(DocumentRendering).order_by(DocumentRendering.id)))


@pytest.fixture
def archive(factory, issuer, kiosk_config):  # type: ignore[no-untyped-def]
    a = PdfArchive(kiosk_config, factory, issuer).start()
    yield a
    a.close(timeout=10)


def _desk(kiosk_config: KioskConfig, issuer: DocumentIssuer, archive: PdfArchive | None) -> DocumentDesk:
    return DocumentDesk(kiosk_config, issuer, lambda: dt.datetime.now(LOCAL_TZ), archive)


def test_the_pdf_is_written_after_the_commit_and_verifies(factory, issuer, kiosk_config, archive) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a desk with a running archive WHEN a certificate is issued THEN its slip comes back at once
    with the path its PDF will have, and once the archive is drained that file is there, 0600, its exact
    bytes' hash recorded, and `verify --pdf` calls it GENUINE."""
    doc = _issue(_desk(kiosk_config, issuer, archive), issuer, factory)
    assert doc.escpos_parts and doc.pdf_path
    assert archive.drain(timeout=20)
    path = Path(doc.pdf_path)
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    data = path.read_bytes()
    rows = _renderings(factory)
    assert [(r.reprint_count, r.sha256, r.size) for r in rows] == [(0, hashlib.sha256(data).hexdigest(), len(data))]
    res = issuer.verify_pdf(data)
    assert res.genuine and "exact bytes" in res.reason, res.reason
    assert (archive.written, archive.failed) == (1, 0)


def test_a_rolled_back_issue_leaves_no_pdf(factory, issuer, kiosk_config, archive) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a unit of work that issues a certificate and then fails THEN no document exists, and no PDF
    under its number is ever written (a PDF of a document that does not exist would verify as nothing)."""
    desk = _desk(kiosk_config, issuer, archive)
    with pytest.raises(Boom):
        _issue(desk, issuer, factory, fail_after=True)
    assert archive.drain(timeout=20)
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    assert _renderings(factory) == []
    docs = kiosk_config.data_dir / "documents"
    assert not docs.exists() or list(docs.glob("*.pdf")) == []
    assert (archive.written, archive.failed) == (0, 0)
    # and the listener of that rolled-back unit of work is gone: the next issue writes exactly one PDF
    _issue(desk, issuer, factory)
    assert archive.drain(timeout=20)
    assert archive.written == 1 and len(_renderings(factory)) == 1


def test_a_failed_render_is_written_at_the_next_start(factory, issuer, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the archive's render fails (a full disk) WHEN the document is issued THEN the issue still
    stands, the failure is counted and nothing is recorded; AND at the next start catch-up renders it
    from its canonical content, and it verifies."""
    def full_disk(doc: Document, config: KioskConfig) -> tuple[Path, bytes]:
        raise OSError(28, "No space left on device")

    broken = PdfArchive(kiosk_config, factory, issuer, render=full_disk).start()
    doc = _issue(_desk(kiosk_config, issuer, broken), issuer, factory)
    assert broken.drain(timeout=20)
    broken.close()
    assert (broken.written, broken.failed) == (0, 1)
    assert _renderings(factory) == [] and not Path(doc.pdf_path or "").exists()

    later = PdfArchive(kiosk_config, factory, issuer).start()
    try:
        assert later.catch_up() == 1
        assert later.drain(timeout=20)
        assert later.catch_up() == 0  # written once: nothing more to catch up
    finally:
        later.close()
    data = Path(doc.pdf_path or "").read_bytes()
    assert issuer.verify_pdf(data).genuine
    assert len(_renderings(factory)) == 1


def test_catch_up_leaves_documents_past_retention_alone(factory, issuer, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a certificate with no PDF WHEN the start-up comes after the retention period THEN catch-up
    writes nothing for it (the PDF would be purged as too old; a reprint renders it afresh)."""
    _issue(_desk(kiosk_config, issuer, None), issuer, factory)  # inline: has its rendering
    with transaction(factory) as db:
        db.query(DocumentRendering).delete()
    a = PdfArchive(kiosk_config, factory, issuer).start()
    try:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=kiosk_config.printing.pdf_retention_days + 1)
        assert a.catch_up(later) == 0
        assert a.catch_up(dt.datetime.now(dt.UTC)) == 1
        assert a.drain(timeout=20)
    finally:
        a.close()


def test_without_a_running_archive_the_desk_renders_in_the_unit_of_work(factory, issuer, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an archive that was never started (or is full) THEN the desk renders and records the PDF
    itself, so the file exists as soon as the issue returns."""
    idle = PdfArchive(kiosk_config, factory, issuer)
    doc = _issue(_desk(kiosk_config, issuer, idle), issuer, factory)
    assert doc.pdf_path and Path(doc.pdf_path).exists()
    assert len(_renderings(factory)) == 1


def test_close_is_bounded_when_a_render_hangs(factory, issuer, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a render that never finishes WHEN the kiosk stops THEN close returns within its timeout
    (the PDF is left for the next start's catch-up) instead of holding the shutdown."""
    release = threading.Event()

    def stuck(doc: Document, config: KioskConfig) -> tuple[Path, bytes]:
        release.wait(30)
        raise OSError(5, "I/O error")

    a = PdfArchive(kiosk_config, factory, issuer, render=stuck).start()
    _issue(_desk(kiosk_config, issuer, a), issuer, factory)
    assert not a.drain(timeout=0.2)
    closing = threading.Thread(target=a.close, kwargs={"timeout": 0.5})
    closing.start()
    closing.join(10)  # far less than the 30 s the render would hold it
    stopped_in_time = not closing.is_alive()
    release.set()
    closing.join(10)
    assert stopped_in_time
    assert a.drain(timeout=10) and a.failed == 1  # the worker outlived the stop and counted the failure


def test_warm_up_renders_and_signs_every_a4_kind_in_memory_only(kiosk_config: KioskConfig) -> None:
    """The start-up warm-up pays the fonts' and crypto's first load without leaving a document behind:
    afterwards no PDF file exists and no document was numbered."""
    from kiosk.documents.render import pdf_dir, warm_up_now

    spent = warm_up_now(kiosk_config)
    assert spent > 0
    assert not pdf_dir(kiosk_config).exists() or list(pdf_dir(kiosk_config).iterdir()) == []
    assert kiosk_config.secrets_dir.exists()  # only the PDF identity issuing would have made anyway


def test_a_failed_warm_up_is_logged_and_never_raises(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN a secrets directory that cannot be made (a file stands in its way) THEN the warm-up thread
    logs one warning naming the exception's class and ends; start-up is never held or crashed by it."""
    from kiosk.config import parse_config
    from kiosk.documents.render import warm_up

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the secrets directory should be")
    config = parse_config(
        {"kiosk": {"data_dir": str(tmp_path / "data")}, "secrets": {"dir": str(blocker / "secrets")}}, source="test"
    )
    with caplog.at_level("WARNING", logger="kiosk.documents"):
        assert warm_up(config) is False
    assert any("renderer warm-up failed" in r.getMessage() for r in caplog.records)


def test_the_archive_warms_up_on_its_own_thread_before_its_first_job(factory, issuer, kiosk_config) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an archive started with warm_up WHEN a document is issued THEN its worker warmed the
    renderers first (on the thread that renders every PDF), then wrote the document's PDF."""
    a = PdfArchive(kiosk_config, factory, issuer).start(warm_up=True)
    doc = _issue(_desk(kiosk_config, issuer, a), issuer, factory)
    assert a.drain(timeout=120)
    assert a.warmed and a.written == 1 and doc.pdf_path and Path(doc.pdf_path).exists()
    a.close(timeout=10)
