"""Document rendering speed: A4 PDF certificate (target median < 50 ms), ESC/POS slip (< 5 ms).

The 60-payment certificate (several pages, column heads repeated) is measured for information.
"""

from __future__ import annotations

import dataclasses

from bench.harness import Figure, median_ms, p95_ms, timed
from receipts.escpos import render_bytes
from receipts.model import DocumentKind
from receipts.pdf import render_pdf
from receipts.samples import sample, sample_context
from receipts.text import render_text
from receipts.verification import compute_code


def run() -> list[Figure]:
    doc = sample(DocumentKind.CERTIFICATE, sample_context()).with_number("KIOSK-DEMO-01-20261126-000001")
    doc = dataclasses.replace(doc, verification_code=compute_code(b"k" * 32, doc.content()))
    render_pdf(doc)  # font registration happens once per process; not part of a render
    pdf = timed(lambda: render_pdf(doc), repeat=30)
    table = doc.tables[0]
    long_doc = dataclasses.replace(doc, tables=(dataclasses.replace(table, rows=table.rows * 20),))
    pdf_long = timed(lambda: render_pdf(long_doc), repeat=10)
    slip80 = timed(lambda: render_bytes(doc, 80), repeat=200)
    slip58 = timed(lambda: render_bytes(doc, 58), repeat=200)
    text = timed(lambda: render_text(doc, 80), repeat=200)
    out = [
        Figure(
            "receipts: PDF certificate render (median)",
            median_ms(pdf),
            "ms",
            50.0,
            "target",
            "< 50 ms",
            median_ms(pdf) < 50.0,
            f"p95 {p95_ms(pdf):.1f} ms",
        ),
        Figure(
            "receipts: PDF certificate of 60 payments, 4 pages (median)",
            median_ms(pdf_long),
            "ms",
            note=f"p95 {p95_ms(pdf_long):.1f} ms",
        ),
        Figure(
            "receipts: ESC/POS certificate slip 80 mm (median)",
            median_ms(slip80),
            "ms",
            5.0,
            "target",
            "< 5 ms",
            median_ms(slip80) < 5.0,
            f"p95 {p95_ms(slip80):.2f} ms",
        ),
        Figure(
            "receipts: ESC/POS certificate slip 58 mm (median)",
            median_ms(slip58),
            "ms",
            5.0,
            "target",
            "< 5 ms",
            median_ms(slip58) < 5.0,
        ),
        Figure("receipts: text slip 80 mm (median)", median_ms(text), "ms", note="same layout as ESC/POS"),
    ]
    return out
