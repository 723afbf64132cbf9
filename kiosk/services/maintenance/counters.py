"""Counters for technicians, read from what the kiosk already records.

* slips: print jobs that printed (``print_jobs``); A4 pages: pages of the PDFs of documents issued
  (``documents`` and the files under the PDF folder);
* paper: the current roll's millimetres (``consumable_counters.paper_roll``, kept by the device
  log) plus the earlier rolls' (``kiosk_counters.paper_mm``, added at each roll change);
* card reads: ``kiosk_counters.card_reads`` (counted by the app as the reader reports reads);
* sessions by service (``transactions`` by kind, one per session; sessions with none are "queries");
* payments by outcome (``payments.state``).

"Since the roll change" is everything after ``consumable_counters.paper_roll.reset_at``; for the
two running totals it is ``total - at_roll_change``.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from devices.printjob import JobState
from kiosk.clock import from_db
from kiosk.persistence.models import (
    ConsumableCounter,
    IssuedDocument,
    KioskCounter,
    KioskSession,
    Payment,
    PrintJob,
    Transaction,
    utcnow,
)
from kiosk.services.maintenance_api import CounterPair, CountersView

PAPER_ROLL = "paper_roll"  # the device log's counter (kiosk.services.devicelog)
PAPER_MM = "paper_mm"  # millimetres on earlier rolls
CARD_READS = "card_reads"

SERVICE_OF_KIND = {
    "certificate": "certificates",
    "iit_record": "certificates",
    "reconciliation": "reconciliation",
    "payment": "payment",
    "rental_invoice": "rental",
    "queue_ticket": "queue",
    "reprint": "queries",
}
SERVICES = ("certificates", "reconciliation", "payment", "rental", "queue", "queries")
PAYMENT_OUTCOMES = ("paid", "declined", "expired", "cancelled", "unknown", "pending", "requested")
A4_KINDS = ("certificate", "iit_record", "payment_voucher", "reconciliation", "rental_invoice", "readiness_report")
@functools.lru_cache(maxsize=4096)
def _pages_in(path: str, _mtime: float) -> int:
    # pypdf reads the page tree: the signed PDFs carry an incremental update that repeats page objects,
    # so counting "/Type /Page" in the bytes would count a page twice.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return max(1, len(PdfReader(path).pages))
    except (OSError, PdfReadError, ValueError):
        return 1


def pdf_pages(pdf_dir: Path, number: str) -> int:
    path = pdf_dir / f"{number}.pdf"
    try:
        return _pages_in(str(path), path.stat().st_mtime)
    except OSError:
        return 1  # issued on A4 but the file was moved away: at least one page


def bump(db: Session, name: str, by: int = 1) -> None:
    row = db.get(KioskCounter, name)
    if row is None:
        row = KioskCounter(name=name, total=0, at_roll_change=0)
        db.add(row)
    row.total = (row.total or 0) + by
    row.updated_at = utcnow()


def roll(db: Session, capacity: int) -> ConsumableCounter:
    row = db.get(ConsumableCounter, PAPER_ROLL)
    if row is None:
        row = ConsumableCounter(name=PAPER_ROLL, used=0, capacity=capacity, reset_at=None)
        db.add(row)
        db.flush()
    return row


def read_counters(db: Session, *, capacity: int, pdf_dir: Path) -> CountersView:
    paper = roll(db, capacity)
    since = paper.reset_at or dt.datetime(1970, 1, 1)

    def pair(stmt_total: int, stmt_since: int) -> CounterPair:
        return CounterPair(stmt_since, stmt_total)

    printed = PrintJob.state == JobState.PRINTED.value
    slips_total = db.scalar(select(func.count()).select_from(PrintJob).where(printed)) or 0
    slips_since = db.scalar(select(func.count()).select_from(PrintJob).where(printed, PrintJob.created_at >= since)) or 0

    pages_total = pages_since = 0
    for number, issued_at in db.execute(
        select(IssuedDocument.number, IssuedDocument.issued_at).where(IssuedDocument.kind.in_(A4_KINDS))
    ):
        n = pdf_pages(pdf_dir, number)
        pages_total += n
        if issued_at >= since:
            pages_since += n

    earlier = db.get(KioskCounter, PAPER_MM)
    paper_pair = CounterPair(paper.used or 0, (earlier.total if earlier else 0) + (paper.used or 0))
    reads = db.get(KioskCounter, CARD_READS)
    reads_pair = CounterPair((reads.total - reads.at_roll_change) if reads else 0, reads.total if reads else 0)

    sessions: dict[str, list[int]] = {s: [0, 0] for s in SERVICES}
    seen: set[tuple[str, str]] = set()
    for kind, session_id, tx_id, created in db.execute(
        select(Transaction.kind, Transaction.session_id, Transaction.id, Transaction.created_at)
    ):
        service = SERVICE_OF_KIND.get(kind, kind)
        key = (service, session_id or tx_id)
        if key in seen:
            continue
        seen.add(key)
        counts = sessions.setdefault(service, [0, 0])
        counts[1] += 1
        if created >= since:
            counts[0] += 1
    with_tx = select(Transaction.session_id).where(Transaction.session_id.is_not(None))
    bare = KioskSession.id.not_in(with_tx)
    sessions["queries"][1] += db.scalar(select(func.count()).select_from(KioskSession).where(bare)) or 0
    sessions["queries"][0] += db.scalar(
        select(func.count()).select_from(KioskSession).where(bare, KioskSession.started_at >= since)
    ) or 0

    payments: dict[str, list[int]] = {o: [0, 0] for o in PAYMENT_OUTCOMES}
    for state, created in db.execute(select(Payment.state, Payment.created_at)):
        counts = payments.setdefault(state, [0, 0])
        counts[1] += 1
        if created >= since:
            counts[0] += 1

    return CountersView(
        slips_printed=pair(slips_total, slips_since),
        pages_printed=pair(pages_total, pages_since),
        paper_used_mm=paper_pair,
        card_reads=reads_pair,
        sessions_by_service={k: CounterPair(v[0], v[1]) for k, v in sessions.items()},
        payments_by_outcome={k: CounterPair(v[0], v[1]) for k, v in payments.items()},
        roll_capacity_mm=paper.capacity or 0,
        roll_changed_at=from_db(paper.reset_at) if paper.reset_at else None,
        roll_changed_by=paper.reset_by,
    )


def change_roll(db: Session, *, by: str, capacity: int, at: dt.datetime) -> int:
    """A new roll: the old roll's millimetres go to the running total, the roll counter starts at 0,
    and the card-read mark moves. Returns the millimetres the old roll had printed."""
    paper = roll(db, capacity)
    used = paper.used or 0
    bump(db, PAPER_MM, used)
    reads = db.get(KioskCounter, CARD_READS)
    if reads is not None:
        reads.at_roll_change = reads.total
    paper.used = 0
    paper.capacity = capacity
    paper.reset_at = at
    paper.reset_by = by
    return used
