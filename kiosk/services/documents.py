"""From a receipts Document to what the printer and the screen need (:class:`PrintableDocument`).

The :class:`DocumentDesk` wraps the document issuer (numbers, verification codes, the stored
canonical content, reprints) and the receipts renderers (ESC/POS parts, plain text, A4 PDF).
Issuing happens inside the caller's database unit of work so that the document and the journal
step that announces it commit together.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_TZ, Clock
from kiosk.config import KioskConfig
from kiosk.services.api import PrintableDocument
from kiosk.services.archive import PdfArchive
from kiosk.services.errors import ServiceUnavailable
from receipts.model import Document, IssueContext

log = logging.getLogger("kiosk.documents")


class IssuerPort(Protocol):
    """What the desk needs of :class:`kiosk.documents.issuer.DocumentIssuer`.

    Both calls work inside the caller's unit of work (the caller commits) and return the numbered,
    signed document; they raise :class:`kiosk.errors.KioskError` subclasses (DocumentError,
    DatabaseError, NotFoundError) when they cannot.
    """

    def issue(self, db_session: Session, document: Document, *, taxpayer_id: int | None,
              transaction_id: str | None = None) -> Document: ...
    def reprint(self, db_session: Session, number: str) -> Document: ...
    def record_rendering(self, db_session: Session, number: str, reprint_count: int, sha256: str,
                         size: int) -> None: ...
    def load(self, db_session: Session, number: str) -> Document: ...


class DocumentDesk:
    def __init__(self, config: KioskConfig, issuer: IssuerPort, clock: Clock,
                 archive: PdfArchive | None = None) -> None:
        self._config = config
        self._issuer = issuer
        self._clock = clock
        self._archive = archive

    def context(self) -> IssueContext:
        p = self._config.printing
        return IssueContext(
            kiosk_id=self._config.kiosk.id,
            tax_office=self._config.kiosk.tax_office,
            issued_at=self._clock().astimezone(LOCAL_TZ),
            demo=self._config.is_demo,
            bilingual=p.bilingual,
            id_mask=p.id_mask,
            verify_url_prefix=p.verify_url_prefix,
        )

    def issue(self, db: Session, document: Document, *, taxpayer_id: int | None,
              transaction_id: str | None) -> PrintableDocument:
        try:
            issued = self._issuer.issue(db, document, taxpayer_id=taxpayer_id, transaction_id=transaction_id)
        except (ValueError, OSError) as exc:
            raise ServiceUnavailable("the document cannot be issued now", message_key="error.issue") from exc
        return self.printable(issued, db)

    def reprint(self, db: Session, number: str) -> PrintableDocument:
        try:
            issued = self._issuer.reprint(db, number)
        except (ValueError, OSError) as exc:
            raise ServiceUnavailable("the document cannot be reprinted now", message_key="error.issue") from exc
        return self.printable(issued, db)

    def printable(self, doc: Document, db: Session | None = None) -> PrintableDocument:
        """Render ``doc``; with ``db``, the hash of each signed PDF is recorded in that unit of work.

        With an archive, an A4 document's PDF is left to it (rendered after ``db`` commits, see
        :mod:`kiosk.services.archive`) and only the slip is rendered here."""
        from dataclasses import replace

        from kiosk.documents.render import A4_KINDS, Rendered, printable

        if self._archive is not None and db is not None and doc.kind in A4_KINDS:
            path = self._archive.after_commit(db, doc)
            if path is not None:
                return replace(printable(doc, self._config, pdf=False), pdf_path=str(path))

        def record(r: Rendered) -> None:
            if db is not None and r.pdf_sha256 is not None:
                self._issuer.record_rendering(db, doc.number, doc.reprint_count, r.pdf_sha256, r.pdf_size)

        return printable(doc, self._config, on_pdf=record)
