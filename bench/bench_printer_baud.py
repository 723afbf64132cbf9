"""Receipt printer throughput at each baud rate, as a ratio to the wire limit.

The tax payment certificate from receipts/ (the real slip, 4 parts, QR included) is printed through
the driver to the simulator, whose pty takes bytes no faster than the wire at that baud would carry
them (10 bits a byte). The reference is that wire time; the ratio shows what status queries, GS r
confirmations and the driver's pacing cost on top (target within 1.2x at every rate).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import Figure
from devices.escpos import JobState, PrinterSimulator, ReceiptPrinter

BAUDS = (9600, 19200, 38400, 57600, 115200)
RUNS = 3


def _certificate_parts() -> list[bytes]:
    import dataclasses

    from receipts.escpos import render_parts
    from receipts.model import DocumentKind
    from receipts.samples import sample, sample_context
    from receipts.verification import compute_code

    doc = sample(DocumentKind.CERTIFICATE, sample_context()).with_number("KIOSK-DEMO-01-20261126-000001")
    doc = dataclasses.replace(doc, verification_code=compute_code(bytes(32), doc.content()))
    return render_parts(doc, 80)


def _one_rate(tmp: Path, baud: int, parts: list[bytes]) -> Figure:
    nbytes = sum(len(p) for p in parts)
    wire_s = nbytes * 10 / baud
    sim = PrinterSimulator(80, baud=baud, render_png=False, link=tmp / f"tty-{baud}")
    sim.start()
    times: list[float] = []
    try:
        with ReceiptPrinter(sim.port, baud=baud, poll_interval=3600) as printer:
            printer.query_status(5.0)
            for i in range(RUNS):
                t0 = time.perf_counter()
                result = printer.submit(parts, f"bench-{baud}-{i}").wait(60)
                elapsed = time.perf_counter() - t0
                if result is None or result.state != JobState.PRINTED:
                    raise RuntimeError(f"certificate did not print at {baud} baud: {result}")
                times.append(elapsed)
    finally:
        sim.stop()
    med = statistics.median(times)
    return Figure(
        f"escpos certificate at {baud} baud (send + confirm)",
        med * 1000,
        "ms",
        reference=wire_s * 1000,
        reference_name=f"wire time of {nbytes} bytes at {baud} baud",
        target="ratio < 1.2",
        ok=med / wire_s < 1.2,
        note=f"{len(parts)} parts, GS r 1 after each; median of {RUNS}",
    )


def run() -> list[Figure]:
    parts = _certificate_parts()
    with tempfile.TemporaryDirectory(prefix="bench-printer-baud-") as d:
        return [_one_rate(Path(d), baud, parts) for baud in BAUDS]
