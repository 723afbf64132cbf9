"""Issuing, reprinting and verifying documents: numbers, verification codes and the documents table.

* ``issue`` gives a built :class:`receipts.model.Document` its number (``<tax office code>-<YYYY>-<NNNNNNNN>``,
  counted per tax office and year across every kiosk on the database by a locked counter row,
  :mod:`kiosk.persistence.counters`; an office code too long for the 32-character column is replaced
  by an 8-character hash of it; the issuing kiosk is in the content), computes its code (HMAC of the canonical content with the kiosk key) and
  stores an ``IssuedDocument`` row holding that canonical content.
* ``reprint`` rebuilds the document from the stored content: same number, same code (the reprint
  marker is presentation, outside the signed content), ``reprint_count`` + 1, printed as 补打 / REPRINT.
* ``verify`` / ``verify_pdf`` say whether a code or a PDF is genuine and what it certifies. A code is
  genuine when this kiosk's database has it and the stored content still matches it under the key;
  a PDF is genuine when its embedded content matches its code under the key, the database has the
  same content under that code, and its visible text is exactly what that content renders to.
  A signed PDF must also be byte for byte one of the renderings recorded at issue
  (``record_rendering``: the SHA-256 of each signed A4 PDF written, the original and every reprint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import LOCAL_TZ
from kiosk.config import KioskConfig
from kiosk.errors import DatabaseError, KioskError, NotFoundError
from kiosk.persistence.counters import document_scope, next_number
from kiosk.persistence.models import DocumentRendering, IssuedDocument
from kiosk.rules.names import office_en
from kiosk.security.pdf_signing import signed_revision
from receipts.model import Document, IssueContext
from receipts.verification import check_code, compute_code, normalize_code

log = logging.getLogger("kiosk.documents")

NUMBER_COLUMN = 32
SEQUENCE_DIGITS = 8  # a district's office issues well under 100 million documents a year


class DocumentError(KioskError):
    """A document cannot be issued, rendered or verified."""

    message_key = "error.document"


@dataclass(frozen=True)
class VerificationResult:
    genuine: bool
    reason: str  # plain words: why it is or is not genuine
    code: str = ""
    kind: str = ""
    number: str = ""
    summary: str = ""  # what it certifies, one line
    issued_at: dt.datetime | None = None
    demo: bool = False
    reprint_count: int = 0


def normalise_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


class DocumentIssuer:
    """Issues documents for one kiosk. ``key`` is the signing key (kiosk.security.keys)."""

    def __init__(self, session_factory: sessionmaker[Session], config: KioskConfig, key: bytes) -> None:
        self._sessions = session_factory
        self._config = config
        self._key = key

    # ---- contexts ---------------------------------------------------------------------------------
    def context(self, *, now: dt.datetime | None = None, demo: bool | None = None) -> IssueContext:
        """The issue context from the configuration (demo when devices or data are simulated)."""
        cfg = self._config
        return IssueContext(
            kiosk_id=cfg.kiosk.id,
            tax_office=_office(cfg.kiosk.tax_office, cfg.printing.bilingual),
            # Paper shows the tax hall's local time, as the services' documents do.
            issued_at=now or dt.datetime.now(LOCAL_TZ),
            demo=cfg.is_demo if demo is None else demo,
            bilingual=cfg.printing.bilingual,
            id_mask=cfg.printing.id_mask,
            verify_url_prefix=cfg.printing.verify_url_prefix,
        )

    def _office(self) -> str:
        office = self._config.kiosk.tax_office_code.strip() or self._config.kiosk.id
        if len(office) + len("-YYYY-") + SEQUENCE_DIGITS > NUMBER_COLUMN:
            office = hashlib.sha256(office.encode()).hexdigest()[:8].upper()
        return office

    def _next_number(self, db: Session, issued_at: dt.datetime) -> str:
        office = self._office()
        seq = next_number(db, document_scope(office, issued_at.year), reserve_apart=True)
        return f"{office}-{issued_at:%Y}-{seq:0{SEQUENCE_DIGITS}d}"

    # ---- issue and reprint ------------------------------------------------------------------------
    def issue(
        self,
        db_session: Session,
        document: Document,
        *,
        taxpayer_id: int | None,
        transaction_id: str | None = None,
    ) -> Document:
        """Number, sign and record ``document`` in ``db_session`` (the caller commits).

        Returns the document with its number and verification code set. Raises DocumentError when
        no unique number can be stored.
        """
        for _attempt in range(5):
            try:
                number = self._next_number(db_session, document.context.issued_at)
            except SQLAlchemyError as exc:
                raise DatabaseError(f"no document number could be taken: {exc.__class__.__name__}") from exc
            doc = document.with_number(number)
            content = doc.content()
            code = compute_code(self._key, content)
            row = IssuedDocument(
                number=number,
                kind=doc.kind.value,
                taxpayer_id=taxpayer_id,
                transaction_id=transaction_id,
                verification_code=code,
                content=content,
                kiosk_id=doc.context.kiosk_id,
                is_demo=doc.demo,
                issued_at=doc.context.issued_at,
            )
            try:
                with db_session.begin_nested():
                    db_session.add(row)
                    db_session.flush()
            except IntegrityError:
                log.warning("document number %s taken by another writer; trying the next", number)
                continue
            except SQLAlchemyError as exc:
                raise DatabaseError(f"the document could not be recorded: {exc.__class__.__name__}") from exc
            log.info(
                "document %s from none to issued (%s%s)", number, doc.kind.value, ", demo" if doc.demo else ""
            )
            return replace(doc, verification_code=code)
        raise DocumentError("no free document number could be assigned; try again")

    def _row(self, db: Session, number: str) -> IssuedDocument:
        row = db.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
        if row is None:
            raise NotFoundError(f"no document numbered {number}")
        return row

    def _document(self, row: IssuedDocument, reprint_count: int) -> Document:
        p = self._config.printing
        try:
            return Document.from_content(
                row.content,
                bilingual=p.bilingual,
                id_mask=p.id_mask,
                verify_url_prefix=p.verify_url_prefix,
                verification_code=row.verification_code,
                reprint_count=reprint_count,
            )
        except ValueError as exc:
            raise DocumentError(f"the stored copy of document {row.number} is damaged") from exc

    def load(self, db_session: Session, number: str) -> Document:
        """The document as originally issued (no reprint mark)."""
        return self._document(self._row(db_session, number), 0)

    def reprint(self, db_session: Session, number: str) -> Document:
        """The same document again, marked 补打 / REPRINT n; the code does not change."""
        row = self._row(db_session, number)
        if not check_code(self._key, row.content, row.verification_code):
            raise DocumentError(
                f"the stored copy of document {number} does not match its code; not reprinted"
            )
        count = row.reprint_count + 1
        doc = self._document(row, count)
        row.reprint_count = count
        db_session.flush()
        log.info("document %s from printed to reprinted (reprint %d)", number, count)
        return doc

    def record_rendering(
        self, db_session: Session, number: str, reprint_count: int, sha256: str, size: int
    ) -> None:
        """Record the SHA-256 of the exact bytes of a signed PDF of ``number`` (in the caller's unit
        of work, with the document or the reprint it renders)."""
        row = self._row(db_session, number)
        db_session.add(DocumentRendering(document_id=row.id, reprint_count=reprint_count, sha256=sha256, size=size))
        db_session.flush()
        log.info("document %s rendering %d from none to recorded (sha256 %s...)", number, reprint_count, sha256[:12])

    def _renderings(self, document_id: int) -> list[DocumentRendering]:
        try:
            with self._sessions() as db:
                return list(db.scalars(select(DocumentRendering).where(DocumentRendering.document_id == document_id)
                                       .order_by(DocumentRendering.id)))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the documents cannot be read: {exc.__class__.__name__}") from exc

    def set_print_state(
        self, db_session: Session, number: str, state: str, *, free_reprint: bool = False
    ) -> None:
        """Record pending / printed / unprinted (an unprinted document is owed a free reprint)."""
        row = self._row(db_session, number)
        if row.print_state != state:
            log.info("document %s from %s to %s (printer)", number, row.print_state, state)
        row.print_state = state
        row.free_reprint = free_reprint or row.free_reprint
        db_session.flush()

    # ---- verification --------------------------------------------------------------------------------
    def _lookup(self, code: str) -> IssuedDocument | None:
        try:
            with self._sessions() as db:
                return db.scalar(select(IssuedDocument).where(IssuedDocument.verification_code == code))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the documents cannot be read: {exc.__class__.__name__}") from exc

    def _genuine(self, row: IssuedDocument, reason: str) -> VerificationResult:
        doc = self._document(row, row.reprint_count)
        return VerificationResult(
            True,
            reason,
            code=row.verification_code,
            kind=row.kind,
            number=row.number,
            summary=doc.summary(),
            issued_at=row.issued_at,
            demo=row.is_demo,
            reprint_count=row.reprint_count,
        )

    def verify(self, code: str) -> VerificationResult:
        """Is ``code`` (typed, with or without dashes, or the QR's URL) a genuine document?"""
        try:
            code = normalize_code(code)
        except ValueError as exc:
            return VerificationResult(False, str(exc))
        row = self._lookup(code)
        if row is None:
            return VerificationResult(
                False, "unknown code: no document with this code was issued here", code=code
            )
        if not check_code(self._key, row.content, code) or row.content.get("number") != row.number:
            log.warning("document %s fails its code check: the stored content was altered", row.number)
            return VerificationResult(
                False,
                "the stored record was altered: its content no longer matches the code",
                code=code,
                number=row.number,
            )
        return self._genuine(row, "genuine: issued by this kiosk and unchanged")

    def _signature(self, data: bytes) -> tuple[bool | None, str]:
        from kiosk.security.keys import SigningKeyError
        from kiosk.security.pdf_signing import check_signature, load_identity

        s = self._config.secrets
        try:
            identity = load_identity(self._config.secrets_dir, self._config.kiosk.id, demo=self._config.is_demo,
                                     certificate=s.pdf_certificate, key=s.pdf_key, trust=s.pdf_trust)
        except SigningKeyError as exc:
            return False, f"cannot check its signature: {exc}"
        return check_signature(data, identity)

    def _issued_line(self, number: str) -> str:
        if not number:
            return ""
        try:
            with self._sessions() as db:
                row = db.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
                if row is None:
                    return ""
                return f"; what was issued: {row.number}, {self._document(row, row.reprint_count).summary()}"
        except (SQLAlchemyError, KioskError):
            return ""

    def verify_pdf(self, pdf: str | Path | bytes) -> VerificationResult:
        """Is this PDF a genuine, unaltered kiosk document? Checks signature, database and visible text."""
        from receipts.errors import ReceiptsError
        from receipts.pdf import extract_text, read_attachment, render_pdf

        data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        signed, why = self._signature(data)
        if signed is False:
            payload = read_attachment(data)
            number = ""
            if payload and isinstance(payload.get("content"), dict):
                number = str(payload["content"].get("number", ""))
            issued = self._issued_line(number)
            return VerificationResult(False, f"ALTERED: {why}{issued}")
        if signed:
            data = signed_revision(data)
        payload = read_attachment(data)
        if payload is None:
            return VerificationResult(False, "not a kiosk document: it carries no embedded document content")
        content, code, pres = payload.get("content"), payload.get("code"), payload.get("presentation") or {}
        if not isinstance(content, dict) or not isinstance(code, str):
            return VerificationResult(False, "not a kiosk document: its embedded content is malformed")
        try:
            code = normalize_code(code)
        except ValueError:
            return VerificationResult(False, "not a kiosk document: its verification code is malformed")
        if not check_code(self._key, content, code):
            return VerificationResult(
                False, "altered: the embedded content does not match the verification code", code=code
            )
        row = self._lookup(code)
        if row is None:
            return VerificationResult(
                False, "unknown code: no document with this code was issued here", code=code
            )
        if row.content != content or not check_code(self._key, row.content, code):
            return VerificationResult(
                False, "altered: the document differs from the issued record", code=code
            )
        renderings = self._renderings(row.id) if signed else []
        if renderings and digest not in {r.sha256 for r in renderings}:
            issued_doc = self._document(row, row.reprint_count)
            issued = ", ".join(
                f"{'original' if r.reprint_count == 0 else f'reprint {r.reprint_count}'} {r.sha256[:16]}"
                for r in renderings
            )
            return VerificationResult(
                False,
                f"ALTERED: its bytes (sha256 {digest[:16]}) are none of the signed PDFs recorded at issue "
                f"({issued}); what was issued: {row.number}, {issued_doc.summary()}",
                code=code, number=row.number, kind=row.kind,
            )
        try:
            original = Document.from_content(
                content,
                bilingual=bool(pres.get("bilingual", False)),
                id_mask=str(pres.get("id_mask", "6*4")),
                verify_url_prefix=str(pres.get("verify_url_prefix", "")),
                verification_code=code,
                reprint_count=int(pres.get("reprint_count", 0)),
            )
            expected = extract_text(render_pdf(original))
            seen = extract_text(data)
        except (ValueError, TypeError, ReceiptsError) as exc:
            return VerificationResult(False, f"cannot check the visible text: {exc}", code=code)
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            return VerificationResult(False, f"the PDF cannot be read: {exc.__class__.__name__}", code=code)
        if normalise_whitespace(seen) != normalise_whitespace(expected):
            return VerificationResult(
                False, "altered: the printed text differs from the signed content", code=code
            )
        try:
            change = visible_change(data, render_pdf(original))
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            return VerificationResult(False, f"the PDF cannot be read: {exc.__class__.__name__}", code=code)
        if change:
            issued_doc = self._document(row, row.reprint_count)
            return VerificationResult(
                False, f"ALTERED: {change}; what was issued: {row.number}, {issued_doc.summary()}",
                code=code, number=row.number, kind=row.kind,
            )
        if renderings:
            return self._genuine(row, "genuine: the exact bytes issued (sha256 recorded at issue), signature, "
                                      "issued record, printed text and page drawing all match")
        return self._genuine(row, "genuine: signature, issued record, printed text and page drawing all match")


def visible_change(seen: bytes, expected: bytes) -> str:
    """What a PDF reader would show differently in ``seen`` than in the freshly rendered ``expected``.

    The text layer can stay intact while a reader shows something else: an annotation (a FreeText
    "RMB 99,999.00"), an image drawn over the page, or anything added by an incremental update. The
    kiosk's renderer is deterministic in what it draws, so each page's content stream, its resources
    and its annotations must be exactly those of the re-rendered original, and the file must end
    where the kiosk's own writer ended it. Returns "" when nothing differs.
    """
    import io

    from pypdf import PdfReader

    if seen.count(b"%%EOF") != expected.count(b"%%EOF") or b"startxref" in seen.rsplit(b"%%EOF", 2)[-1]:
        return "the file was updated after it was issued (an incremental update was appended)"
    got, want = PdfReader(io.BytesIO(seen)), PdfReader(io.BytesIO(expected))
    if len(got.pages) != len(want.pages):
        return f"it has {len(got.pages)} pages, the issued document {len(want.pages)}"
    for n, (page, ref) in enumerate(zip(got.pages, want.pages, strict=True), start=1):
        if page.get("/Annots"):
            return f"an annotation was added on page {n}"
        resources, ref_resources = page.get("/Resources") or {}, ref.get("/Resources") or {}
        if sorted(resources.keys()) != sorted(ref_resources.keys()) or "/XObject" in resources:
            return f"an image or drawing was laid over page {n}"
        seen_stream = page.get_contents()
        ref_stream = ref.get_contents()
        if (seen_stream.get_data() if seen_stream else b"") != (ref_stream.get_data() if ref_stream else b""):
            return f"something was drawn on page {n} that the issued document does not have"
    return ""


def _office(zh: str, bilingual: bool) -> str:
    """The issuing office as printed: its English name beside it on bilingual slips, where one is known."""
    en = office_en(zh) if bilingual else ""
    return f"{zh} {en}" if en else zh
