"""Document -> ESC/POS bytes for the receipt printer (58 or 80 mm), through the devices builder."""

from __future__ import annotations

from devices.escpos.builder import EscPosBuilder, Replacement
from receipts.model import Document
from receipts.slip import lay_out


def builder_for(doc: Document, paper_width: int = 80) -> EscPosBuilder:
    """The filled builder (so callers can inspect ``replacements``)."""
    b = EscPosBuilder(width_mm=paper_width)
    lay_out(doc, b)
    return b


def render_parts(doc: Document, paper_width: int = 80) -> list[bytes]:
    """The job in parts (header / body / verification); send with ``ReceiptPrinter.submit``."""
    return builder_for(doc, paper_width).parts()


def render_bytes(doc: Document, paper_width: int = 80) -> bytes:
    return b"".join(render_parts(doc, paper_width))


def replacements(doc: Document, paper_width: int = 80) -> list[Replacement]:
    """Characters of ``doc`` the printer cannot print (each would print as a visible stand-in)."""
    return builder_for(doc, paper_width).replacements
