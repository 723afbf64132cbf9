"""Fixtures for the receipts tests: sample documents of every kind with a code, and a decoder."""

from __future__ import annotations

import dataclasses

import pytest

from devices.escpos import parser as p
from receipts.model import Document, DocumentKind
from receipts.samples import sample, sample_context
from receipts.verification import compute_code

KEY = bytes(range(32))


def signed(doc: Document, number: str = "KIOSK-DEMO-01-20261126-000001") -> Document:
    doc = doc.with_number(number)
    return dataclasses.replace(doc, verification_code=compute_code(KEY, doc.content()))


def decode_escpos(data: bytes) -> list[str]:
    """ESC/POS bytes -> printed lines, through the printer simulator's parser."""
    lines: list[str] = []
    cur = ""
    after_qr = False
    for e in p.parse(data):
        if isinstance(e, p.Text):
            cur += e.text
        elif isinstance(e, p.LineFeed):
            if not (after_qr and not cur):
                lines.append(cur)
            cur = ""
        elif isinstance(e, p.Feed):
            if cur:
                lines.append(cur)
                cur = ""
            lines.extend([""] * e.lines)
        elif isinstance(e, p.QrCode):
            lines.append(f"[QR:{e.payload}]")
        elif isinstance(e, p.Barcode):
            lines.append(f"[BARCODE:{e.data}]")
        after_qr = isinstance(e, p.QrCode | p.Barcode)
    if cur:
        lines.append(cur)
    return lines


@pytest.fixture(params=list(DocumentKind), ids=lambda k: k.value)
def any_doc(request: pytest.FixtureRequest) -> Document:
    return signed(sample(request.param, sample_context()))


@pytest.fixture
def cert() -> Document:
    return signed(sample(DocumentKind.CERTIFICATE, sample_context()))
