"""The A4 archive: signed PDFs rendered on a worker thread once the document's unit of work commits.

Issuing a document commits its number, its canonical content, its verification code, its journal
step and its ESC/POS slip together (:mod:`kiosk.services.documents`). The signed A4 PDF is derived
from that canonical content: rendering it (ReportLab, ~30 ms) and signing it (pyHanko, ~20 ms) inside
the issuing transaction kept the transaction and its row locks open for that long on a database
other kiosks share, and kept the taxpayer's slip waiting. So the desk hands A4 documents to this
archive, which starts on them only after the commit (a rolled-back issue leaves no PDF behind),
writes each file whole or not at all (0600) and records the hash of its exact bytes in a unit of
work of its own (``document_renderings``, what ``kiosk verify --pdf`` checks).

Nothing is lost to a crash: a document whose PDF was not written yet has no rendering row, and
:meth:`PdfArchive.catch_up` (called at start-up, after recovery) renders every such document still
within ``printing.pdf_retention_days`` again from its canonical content. Every wait is bounded: the
queue holds at most ``max_pending`` jobs (beyond that the desk renders in the caller, as without an
archive), :meth:`drain` and :meth:`close` take a timeout.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.persistence.db import transaction
from receipts.model import Document

log = logging.getLogger("kiosk.archive")


class ArchiveIssuer(Protocol):
    """What the archive needs of :class:`kiosk.documents.issuer.DocumentIssuer`."""

    def load(self, db_session: Session, number: str) -> Document: ...
    def record_rendering(self, db_session: Session, number: str, reprint_count: int, sha256: str,
                         size: int) -> None: ...


@dataclass(frozen=True)
class _Job:
    doc: Document
    path: Path


Render = Callable[[Document, KioskConfig], tuple[Path, bytes]]


def _render(doc: Document, config: KioskConfig) -> tuple[Path, bytes]:
    from kiosk.documents.render import write_signed_pdf

    return write_signed_pdf(doc, config)


class PdfArchive:
    def __init__(self, config: KioskConfig, session_factory: sessionmaker[Session], issuer: ArchiveIssuer, *,
                 max_pending: int = 64, render: Render = _render) -> None:
        self._config = config
        self._factory = session_factory
        self._issuer = issuer
        self._render = render
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=max_pending)
        self._thread = threading.Thread(target=self._run, name="pdf-archive", daemon=True)
        self._idle = threading.Condition()
        self._pending = 0
        self.written = 0
        self.failed = 0
        self.warmed = False
        self._warm_up = False

    def start(self, *, warm_up: bool = False) -> PdfArchive:
        """Start the worker; with ``warm_up``, it first renders and signs a sample of each A4 kind in
        memory (:func:`kiosk.documents.render.warm_up`) so the first taxpayer's PDF does not pay the
        libraries' load. Jobs queued meanwhile wait in the bounded queue."""
        self._warm_up = warm_up
        self._thread.start()
        return self

    # ---- the desk's side -------------------------------------------------------------------------
    def path_for(self, doc: Document) -> Path:
        from kiosk.documents.render import pdf_path_for

        return pdf_path_for(doc, self._config)

    def after_commit(self, db: Session, doc: Document) -> Path | None:
        """Render ``doc``'s PDF once ``db``'s transaction commits; the path it will have, or None when
        the archive is not running or full (the caller then renders it itself)."""
        if not self._thread.is_alive() or self._jobs.full():
            return None
        job = _Job(doc, self.path_for(doc))

        def committed(_session: Session) -> None:
            self._enqueue(job)

        def rolled_back(_session: Session) -> None:  # the document is gone: no PDF for it
            if event.contains(db, "after_commit", committed):
                event.remove(db, "after_commit", committed)

        event.listen(db, "after_commit", committed, once=True)
        event.listen(db, "after_rollback", rolled_back, once=True)
        return job.path

    def _enqueue(self, job: _Job) -> None:
        with self._idle:
            self._pending += 1
        try:
            self._jobs.put(job, timeout=5.0)
        except queue.Full:  # cannot happen often: after_commit checked; catch_up renders it at the next start
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()
            log.error("document %s A4 PDF from pending to deferred (archive queue full)", job.doc.number)

    # ---- start-up ----------------------------------------------------------------------------------
    def catch_up(self, now: dt.datetime | None = None) -> int:
        """Queue every A4 document within the retention period that has no recorded PDF (a crash came
        between its commit and its rendering); returns how many."""
        from kiosk.documents.render import A4_KINDS
        from kiosk.persistence.models import DocumentRendering, IssuedDocument

        now = now or dt.datetime.now(dt.UTC)
        since = now - dt.timedelta(days=self._config.printing.pdf_retention_days)
        with self._factory() as db:
            rendered = select(DocumentRendering.document_id).where(DocumentRendering.reprint_count == 0)
            numbers = db.scalars(
                select(IssuedDocument.number).where(
                    IssuedDocument.kind.in_([k.value for k in A4_KINDS]),
                    IssuedDocument.kiosk_id == self._config.kiosk.id,
                    IssuedDocument.issued_at >= since,
                    IssuedDocument.id.not_in(rendered),
                )
            ).all()
            docs = [self._issuer.load(db, n) for n in numbers]
        for doc in docs:
            log.info("document %s A4 PDF from missing to queued (catch-up after a restart)", doc.number)
            self._enqueue(_Job(doc, self.path_for(doc)))
        return len(docs)

    # ---- the worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        if self._warm_up:
            from kiosk.documents.render import warm_up

            self.warmed = warm_up(self._config)
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                self._write(job)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _write(self, job: _Job) -> None:
        import hashlib

        number = job.doc.number
        try:
            path, signed = self._render(job.doc, self._config)
            with transaction(self._factory) as db:
                self._issuer.record_rendering(db, number, job.doc.reprint_count, hashlib.sha256(signed).hexdigest(),
                                              len(signed))
        except (KioskError, OSError, ValueError, SQLAlchemyError) as exc:
            self.failed += 1
            log.error("document %s A4 PDF from pending to failed (%s); rendered again at the next start",
                      number, exc.__class__.__name__)
            return
        except Exception:  # the worker must outlive any one document
            self.failed += 1
            log.exception("document %s A4 PDF from pending to failed", number)
            return
        self.written += 1
        log.info("document %s A4 PDF from pending to written (%s)", number, path.name)

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every queued PDF is written (or failed); False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Finish the queued PDFs (bounded by ``timeout``), then stop the worker."""
        if not self._thread.is_alive():
            return
        if not self.drain(timeout):
            log.warning("pdf archive from running to stopped with %d PDF(s) unwritten (rendered at the next start)",
                        self._pending)
        try:
            self._jobs.put(None, timeout=1.0)
        except queue.Full:
            return  # a daemon thread: it ends with the process
        self._thread.join(timeout)


__all__ = ["ArchiveIssuer", "PdfArchive"]
