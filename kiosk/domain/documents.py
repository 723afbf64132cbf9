"""An issued document as the printer and the screen need it (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrintableDocument:
    """An issued document ready for the receipt printer (and, for certificates, an A4 PDF)."""

    number: str
    kind: str
    escpos_parts: tuple[bytes, ...]  # send with ReceiptPrinter.submit(list(parts))
    text: str  # plain-text rendering (for logs of layout, tests and the tour); masked data only
    pdf_path: str | None = None
    is_reprint: bool = False
