"""A real slip from receipts/ for the printer tests: the tax payment certificate, signed and numbered."""

from __future__ import annotations

import dataclasses

from receipts.escpos import render_parts
from receipts.model import DocumentKind
from receipts.samples import sample, sample_context
from receipts.verification import compute_code

KEY = bytes(range(32))
NUMBER = "KIOSK-DEMO-01-20261126-000001"


def certificate_parts(width_mm: int = 80) -> list[bytes]:
    doc = sample(DocumentKind.CERTIFICATE, sample_context()).with_number(NUMBER)
    doc = dataclasses.replace(doc, verification_code=compute_code(KEY, doc.content()))
    return render_parts(doc, width_mm)
