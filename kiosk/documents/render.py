"""Render an issued document for the kiosk's printer and archive: ESC/POS parts, text and A4 PDF."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.documents.issuer import DocumentError
from kiosk.domain.documents import PrintableDocument
from receipts.errors import ReceiptsError
from receipts.escpos import render_parts
from receipts.model import Document, DocumentKind
from receipts.pdf import render_pdf
from receipts.text import render_text

log = logging.getLogger("kiosk.documents")

# Documents a taxpayer may want on A4 too (and that go to the archive).
A4_KINDS = frozenset(
    {
        DocumentKind.CERTIFICATE,
        DocumentKind.IIT_RECORD,
        DocumentKind.PAYMENT_VOUCHER,
        DocumentKind.RECONCILIATION,
        DocumentKind.RENTAL_INVOICE,
    }
)


@dataclass(frozen=True)
class Rendered:
    parts: list[bytes]
    text: str
    pdf_path: Path | None
    pdf_sha256: str | None = None  # of the exact signed bytes written, recorded at issue
    pdf_size: int = 0


def pdf_dir(config: KioskConfig) -> Path:
    return (
        Path(config.printing.a4_output_dir).expanduser()
        if config.printing.a4_output_dir
        else (config.data_dir / "documents")
    )


def pdf_path_for(doc: Document, config: KioskConfig) -> Path:
    suffix = f"-reprint{doc.reprint_count}" if doc.is_reprint else ""
    return pdf_dir(config) / f"{doc.number}{suffix}.pdf"


def pdf_identity(config: KioskConfig):  # type: ignore[no-untyped-def]
    from kiosk.security.pdf_signing import load_identity

    s = config.secrets
    return load_identity(config.secrets_dir, config.kiosk.id, demo=config.is_demo,
                         certificate=s.pdf_certificate, key=s.pdf_key, trust=s.pdf_trust)


def write_signed_pdf(doc: Document, config: KioskConfig) -> tuple[Path, bytes]:
    """The archived PDF, 0600 in a 0700 directory (it shows personal data); old ones purged daily.
    Returns the path and the exact signed bytes written there."""
    from kiosk.security.at_rest import purge_daily
    from kiosk.security.keys import publish_private
    from kiosk.security.pdf_signing import sign_pdf

    target = pdf_path_for(doc, config)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    signed = sign_pdf(render_pdf(doc), pdf_identity(config))
    # Whole or not at all, 0600 from its first byte: written in place, a kill mid-write left a
    # truncated or unsigned PDF under the document's name, readable by all until the chmod.
    publish_private(target, signed, replace=True)
    purge_daily(config)
    return target, signed


def warm_up_now(config: KioskConfig) -> float:
    """Render and sign one sample of every A4 kind and lay out one slip, in memory; returns seconds.

    The first PDF of a process pays ~150 ms loading ReportLab's fonts and ~250 ms loading pyHanko's
    crypto and the kiosk's identity; the first of each kind another ~20 ms. Paid here, ahead of
    time, it does not fall on the first taxpayer's certificate. Nothing is written to disk except
    the PDF identity, which issuing would create anyway."""
    from dataclasses import replace

    from kiosk.security.pdf_signing import sign_pdf
    from receipts.samples import sample, sample_context

    t0 = time.perf_counter()
    identity = pdf_identity(config)
    for kind in sorted(A4_KINDS, key=lambda k: k.value):
        doc = replace(sample(kind, sample_context(demo=True)), number="WARMUP0000000001",
                      verification_code="WARMUPWARMUPWARM")
        sign_pdf(render_pdf(doc), identity)
        render_parts(doc, config.devices.printer.paper_width)
    return time.perf_counter() - t0


def warm_up(config: KioskConfig) -> bool:
    """:func:`warm_up_now`, logged, never raising (a failed warm-up costs time later, never the start).

    The PDF archive runs it on its worker thread before its first job (``PdfArchive.start``): on the
    thread that renders every PDF afterwards, so the libraries' memory is allocated in the arena that
    thread keeps using. A thread of its own for the warm-up cost the soak ~60 MB more RSS (glibc gives
    each thread that allocates heavily an arena of its own, which it keeps)."""
    try:
        log.info("renderers warmed up in %.0f ms", warm_up_now(config) * 1000)
        return True
    except Exception as exc:
        log.warning("renderer warm-up failed: %s", exc.__class__.__name__)
        return False


def render_document(doc: Document, config: KioskConfig, *, pdf: bool | None = None) -> Rendered:
    """ESC/POS parts for the configured paper width, the same slip as text, and (for A4 kinds, or
    when ``pdf`` is True) the PDF written under ``printing.a4_output_dir`` (default <data_dir>/documents)."""
    width = config.devices.printer.paper_width
    want_pdf = doc.kind in A4_KINDS if pdf is None else pdf
    try:
        parts = render_parts(doc, width)
        text = render_text(doc, width)
        if not want_pdf:
            return Rendered(parts, text, None)
        path, signed = write_signed_pdf(doc, config)
    except ReceiptsError as exc:
        raise DocumentError(str(exc)) from exc
    except OSError as exc:
        raise DocumentError(f"the PDF could not be written: {exc.strerror or exc}") from exc
    return Rendered(parts, text, path, hashlib.sha256(signed).hexdigest(), len(signed))


def printable(
    doc: Document, config: KioskConfig, *, pdf: bool | None = None,
    on_pdf: Callable[[Rendered], None] | None = None,
) -> PrintableDocument:
    """The services' view of an issued document, ready for ReceiptPrinter.submit. ``on_pdf`` is told
    of every signed PDF written (the desk records its hash in the unit of work that issued it)."""
    r = render_document(doc, config, pdf=pdf)
    if on_pdf is not None and r.pdf_sha256 is not None:
        on_pdf(r)
    return PrintableDocument(
        number=doc.number,
        kind=doc.kind.value,
        escpos_parts=tuple(r.parts),
        text=r.text,
        pdf_path=str(r.pdf_path) if r.pdf_path else None,
        is_reprint=doc.is_reprint,
    )
