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

Recovery decides; its collaborators record: the journal, the payment ledger (the provider is only
ever asked through it), the print book (documents and print jobs) and the session manager. It is
given each of them and uses only what they offer publicly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.models import Transaction
from kiosk.services import rental
from kiosk.services.audit import AuditLog
from kiosk.services.journal import PAYMENT_OPEN, Journal, TransactionKind, TransactionState
from kiosk.services.ledger import PaymentLedger
from kiosk.services.owed_documents import owed_document
from kiosk.services.print_book import PrintBook
from kiosk.services.sessions import SessionManager

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


@dataclass(frozen=True)
class _Recovery:
    session_factory: sessionmaker[Session]
    journal: Journal
    ledger: PaymentLedger
    print_book: PrintBook

    def resolve(self, tx_id: str, kind: TransactionKind, state: TransactionState) -> tuple[TransactionState, str]:
        if state in (S.STARTED, S.CONFIRMED):
            self.cancel(tx_id, kind)
            return S.CANCELLED, "cancelled"
        actions = []
        if state in PAYMENT_OPEN:
            outcome = self.ledger.resolve(tx_id)
            actions.append(f"provider asked: {outcome}")
            state = self.journal.state(tx_id)
            if state is not S.PAID:
                return state, "; ".join(actions)
        if state in (S.PAID, S.SUBMITTED):
            printable = self.print_book.issue(tx_id, owed_document(tx_id), after_restart=True)
            actions.append(f"{printable.kind} {printable.number} issued unprinted, free reprint")
            return S.UNPRINTED, "; ".join(actions)
        if state in (S.ISSUED, S.PRINT_REQUESTED):
            numbers = self.print_book.settle_unprinted(tx_id, state)
            actions.append(f"document(s) {', '.join(numbers) or '-'} marked for a free reprint")
            return S.UNPRINTED, "; ".join(actions)
        if state is S.PRINTED:
            self.print_book.settle_printed(tx_id)
            return S.DONE, "done"
        return state, "nothing to do"  # pragma: no cover - every intermediate state is handled above

    def cancel(self, tx_id: str, kind: TransactionKind) -> None:
        """Nothing was paid or issued yet: cancel, and free what the transaction held (a quoted invoice)."""
        with self.session_factory() as db:
            self.journal.advance_in(db, tx_id, S.CANCELLED, "recovery: interrupted before any money moved",
                                    failure_reason="interrupted by a restart")
            if kind is TransactionKind.RENTAL_INVOICE:
                tx = db.get(Transaction, tx_id)
                if tx is not None:
                    rental.release(db, tx)
            db.commit()


def recover(
    *,
    journal: Journal,
    ledger: PaymentLedger,
    print_book: PrintBook,
    audit: AuditLog,
    sessions: SessionManager,
    session_factory: sessionmaker[Session],
) -> RecoveryReport:
    """Settle what a crash left in the middle; call once at start-up, before the first session."""
    report = RecoveryReport(sessions_ended=sessions.end_left_open())
    work = _Recovery(session_factory, journal, ledger, print_book)
    for tx_id, kind, state in journal.open_transactions():
        try:
            final, action = work.resolve(tx_id, kind, state)
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
    audit.append("kiosk", "recovery", {
        "resolved": len(report.resolved), "unresolved": len(report.unresolved),
        "sessions_ended": report.sessions_ended,
    })
    return report
