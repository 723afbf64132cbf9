"""Start-up recovery: settle every transaction a crash or power cut left in the middle.

===================  ===========================================================================
left in              resolved to
===================  ===========================================================================
started, confirmed   cancelled: no money moved, nothing issued
payment_requested,   the provider is asked by idempotency key (never charged again): paid ->
payment_pending,     as below; pending -> the order is cancelled at the provider (the payer has
payment_unknown      gone); declined / expired / never received -> failed; host unreachable ->
                     stays unknown and is listed as unresolved
paid, submitted      the owed document (voucher, invoice, reconciliation) is issued, marked
                     unprinted with a free reprint
issued               unprinted, free reprint
print_requested      unprinted, free reprint; the print job is marked incomplete (it may have
                     printed: never reprinted automatically)
printed              done
===================  ===========================================================================

Sessions still open are ended (reason "restart"): nothing of a person survives a restart either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from kiosk.clock import to_db
from kiosk.persistence.models import IssuedDocument, KioskSession, PrintJob
from kiosk.services.journal import PAYMENT_OPEN, TransactionKind, TransactionState

if TYPE_CHECKING:
    from kiosk.services.facade import KioskServices

log = logging.getLogger("kiosk.recovery")
S = TransactionState


@dataclass(frozen=True)
class RecoveredTransaction:
    transaction_id: str
    kind: str
    from_state: str
    to_state: str
    action: str


@dataclass
class RecoveryReport:
    resolved: list[RecoveredTransaction] = field(default_factory=list)
    unresolved: list[RecoveredTransaction] = field(default_factory=list)
    sessions_ended: int = 0

    @property
    def clean(self) -> bool:
        return not self.unresolved

    def summary(self) -> str:
        return (f"recovery: {len(self.resolved)} transaction(s) resolved, {len(self.unresolved)} unresolved, "
                f"{self.sessions_ended} session(s) ended")


def recover(services: KioskServices) -> RecoveryReport:
    report = RecoveryReport()
    report.sessions_ended = _end_open_sessions(services)
    for tx_id, kind, state in services.journal.open_transactions():
        try:
            final, action = _resolve(services, tx_id, kind, state)
        except Exception as exc:  # one bad transaction must not stop the kiosk from starting
            log.exception("recovery of %s (%s, %s) failed", tx_id, kind.value, state.value)
            report.unresolved.append(RecoveredTransaction(tx_id, kind.value, state.value, state.value,
                                                          f"error: {exc}"))
            continue
        item = RecoveredTransaction(tx_id, kind.value, state.value, final.value, action)
        if final in PAYMENT_OPEN:
            report.unresolved.append(item)
        else:
            report.resolved.append(item)
        log.info("recovery: transaction %s from %s to %s (%s)", tx_id, state.value, final.value, action)
    services.audit.append("kiosk", "recovery", {
        "resolved": len(report.resolved), "unresolved": len(report.unresolved),
        "sessions_ended": report.sessions_ended,
    })
    return report


def _resolve(services: KioskServices, tx_id: str, kind: TransactionKind,
             state: TransactionState) -> tuple[TransactionState, str]:
    journal = services.journal
    if state in (S.STARTED, S.CONFIRMED):
        with services._factory() as db:
            journal.advance_in(db, tx_id, S.CANCELLED, "recovery: interrupted before any money moved",
                               failure_reason="interrupted by a restart")
            if kind is TransactionKind.RENTAL_INVOICE:
                from kiosk.persistence.models import Transaction
                from kiosk.services.rental import release

                tx = db.get(Transaction, tx_id)
                assert tx is not None
                release(db, tx)
            db.commit()
        return S.CANCELLED, "cancelled"
    actions = []
    if state in PAYMENT_OPEN:
        outcome = services.ledger.resolve(tx_id)
        actions.append(f"provider asked: {outcome}")
        state = journal.state(tx_id)
        if state is not S.PAID:
            return state, "; ".join(actions)
    if state in (S.PAID, S.SUBMITTED):
        with services._factory() as db:
            from kiosk.persistence.models import Transaction

            taxpayer_id = db.execute(select(Transaction.taxpayer_id).where(Transaction.id == tx_id)).scalar_one()
        printable = services._issue(tx_id, taxpayer_id, services._builder_for(tx_id), remember=False,
                                     owed=True)
        actions.append(f"{printable.kind} {printable.number} issued unprinted, free reprint")
        return S.UNPRINTED, "; ".join(actions)
    if state in (S.ISSUED, S.PRINT_REQUESTED):
        with services._factory() as db:
            for job in db.execute(select(PrintJob).where(PrintJob.transaction_id == tx_id,
                                                         PrintJob.state == "printing")).scalars():
                job.state = "incomplete"
                job.error = "kiosk restarted while printing; may have printed"
                job.finished_at = to_db(services._clock())
            numbers = []
            for doc in db.execute(select(IssuedDocument).where(IssuedDocument.transaction_id == tx_id)).scalars():
                if doc.print_state != "printed" or state is S.PRINT_REQUESTED:
                    doc.print_state = "unprinted"
                    doc.free_reprint = True
                    numbers.append(doc.number)
            _mark_reprint_target(db, tx_id, numbers)
            journal.advance_in(db, tx_id, S.UNPRINTED, f"recovery: {state.value} at restart; free reprint")
            db.commit()
        actions.append(f"document(s) {', '.join(numbers) or '-'} marked for a free reprint")
        return S.UNPRINTED, "; ".join(actions)
    if state is S.PRINTED:
        with services._factory() as db:
            for job in db.execute(select(PrintJob).where(PrintJob.transaction_id == tx_id,
                                                         PrintJob.state == "printing")).scalars():
                job.state = "printed"
                job.finished_at = to_db(services._clock())
                doc = db.get(IssuedDocument, job.document_id)
                if doc is not None:
                    doc.print_state = "printed"
                    doc.free_reprint = False
            journal.advance_in(db, tx_id, S.DONE, "recovery: printed before the restart")
            db.commit()
        return S.DONE, "done"
    return state, "nothing to do"  # pragma: no cover - every intermediate state is handled above


def _mark_reprint_target(db, tx_id: str, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A reprint transaction points at a document owned by another transaction: mark that one."""
    if numbers:
        return
    from kiosk.persistence.models import Transaction

    tx = db.get(Transaction, tx_id)
    number = (tx.detail or {}).get("number") if tx is not None else None
    if number:
        doc = db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
        if doc is not None:
            doc.print_state = "unprinted"
            doc.free_reprint = True
            numbers.append(number)


def _end_open_sessions(services: KioskServices) -> int:
    with services._factory() as db:
        rows = list(db.execute(select(KioskSession).where(KioskSession.state == "active")).scalars())
        for row in rows:
            row.state = "ended"
            row.ended_at = to_db(services._clock())
            row.end_reason = "restart"
        db.commit()
        return len(rows)
