"""What a kiosk's metrics say that its own database rows already hold, read for one kiosk id.

:func:`snapshot` is called by the Prometheus exporter (``app/metrics.py``) on its scrape thread,
never on the GUI thread. Counts come from the rows the services commit (sessions by how they ended,
payments by state, print jobs by outcome, journal items needing a technician), so they survive a
restart and agree with the journal; what only the running process knows (device states, errors,
start-up time) is fed to the exporter from events in the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.models import (
    ConsumableCounter,
    IssuedDocument,
    KioskSession,
    Payment,
    PrintJob,
    Transaction,
)
from kiosk.services.devicelog import PAPER_ROLL
from kiosk.services.journal import TransactionState as S

ATTENTION = (S.UNPRINTED.value, S.PAYMENT_UNKNOWN.value, S.PAYMENT_REQUESTED.value, S.PRINT_REQUESTED.value)


@dataclass(frozen=True)
class MetricsSnapshot:
    sessions_ended: dict[str, int] = field(default_factory=dict)  # end reason -> count
    sessions_active: int = 0
    payments: dict[str, int] = field(default_factory=dict)  # payment state -> count
    print_jobs: dict[str, int] = field(default_factory=dict)  # job state -> count
    journal_attention: dict[str, int] = field(default_factory=dict)  # transaction state -> count
    paper_used_mm: int = 0
    paper_capacity_mm: int = 0


def snapshot(factory: sessionmaker[Session], kiosk_id: str) -> MetricsSnapshot:
    with factory() as db:
        sessions = dict(db.execute(
            select(KioskSession.end_reason, func.count()).where(
                KioskSession.kiosk_id == kiosk_id, KioskSession.state == "ended")
            .group_by(KioskSession.end_reason)).tuples().all())
        active = db.execute(select(func.count()).select_from(KioskSession).where(
            KioskSession.kiosk_id == kiosk_id, KioskSession.state == "active")).scalar_one()
        payments = dict(db.execute(
            select(Payment.state, func.count()).join(Transaction, Transaction.id == Payment.transaction_id)
            .where(Transaction.kiosk_id == kiosk_id).group_by(Payment.state)).tuples().all())
        jobs = dict(db.execute(
            select(PrintJob.state, func.count()).join(IssuedDocument, IssuedDocument.id == PrintJob.document_id)
            .where(IssuedDocument.kiosk_id == kiosk_id).group_by(PrintJob.state)).tuples().all())
        attention = dict(db.execute(
            select(Transaction.state, func.count()).where(
                Transaction.kiosk_id.in_((kiosk_id, "")), Transaction.state.in_(ATTENTION))
            .group_by(Transaction.state)).tuples().all())
        paper = db.get(ConsumableCounter, PAPER_ROLL)
    return MetricsSnapshot(
        sessions_ended={str(k or "unknown"): int(v) for k, v in sessions.items()},
        sessions_active=int(active),
        payments={str(k): int(v) for k, v in payments.items()},
        print_jobs={str(k): int(v) for k, v in jobs.items()},
        journal_attention={str(k): int(v) for k, v in attention.items()},
        paper_used_mm=int(paper.used) if paper else 0,
        paper_capacity_mm=int(paper.capacity) if paper else 0,
    )


__all__ = ["MetricsSnapshot", "snapshot"]
