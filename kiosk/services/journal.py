"""The transaction journal: every taxpayer task moves through explicit states, step by step.

Each step is committed (a ``journal_steps`` row plus the new state on ``transactions``) *before* the
action it announces: "payment requested" is on disk, with its idempotency key, before the payment
host hears of it; "print requested" before the first byte goes to the printer. A crash therefore
always leaves a transaction in a state that says what may have happened, and start-up recovery
(:mod:`kiosk.services.recovery`) resolves it.

A state change is a compare-and-set on the row (``UPDATE ... WHERE state = <expected>``), so two
threads racing to record the same outcome (a poll and a provider callback) cannot both win.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, system_clock, to_db
from kiosk.persistence.models import JournalStep, Transaction
from kiosk.services.errors import IllegalTransition, NotFoundError

log = logging.getLogger("kiosk.journal")


class TransactionKind(StrEnum):
    CERTIFICATE = "certificate"
    IIT_RECORD = "iit_record"
    PAYMENT = "payment"
    RECONCILIATION = "reconciliation"
    RENTAL_INVOICE = "rental_invoice"
    QUEUE_TICKET = "queue_ticket"
    REPRINT = "reprint"


class TransactionState(StrEnum):
    STARTED = "started"
    CONFIRMED = "confirmed"  # the person confirmed what they chose (before any money moves)
    SUBMITTED = "submitted"  # a filing (reconciliation) is stored with its signed commitment
    PAYMENT_REQUESTED = "payment_requested"  # idempotency key on disk, provider not yet answered
    PAYMENT_PENDING = "payment_pending"  # provider order exists, QR shown, waiting for the payer
    PAYMENT_UNKNOWN = "payment_unknown"  # outcome unknown (timeout): ask the provider, never charge again
    PAID = "paid"
    ISSUED = "issued"  # the document is numbered and stored; nothing printed yet
    PRINT_REQUESTED = "print_requested"  # the printer may have printed part or all of it
    PRINTED = "printed"
    UNPRINTED = "unprinted"  # resting: the document is owed a free reprint
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


S = TransactionState

ALLOWED: dict[TransactionState, frozenset[TransactionState]] = {
    S.STARTED: frozenset({S.CONFIRMED, S.CANCELLED, S.FAILED}),
    S.CONFIRMED: frozenset({S.PAYMENT_REQUESTED, S.PAID, S.SUBMITTED, S.ISSUED, S.CANCELLED, S.FAILED}),  # PAID: 0 due
    S.SUBMITTED: frozenset({S.ISSUED}),
    S.PAYMENT_REQUESTED: frozenset({S.PAYMENT_PENDING, S.PAYMENT_UNKNOWN, S.PAID, S.FAILED, S.CANCELLED}),
    S.PAYMENT_PENDING: frozenset({S.PAYMENT_UNKNOWN, S.PAID, S.FAILED, S.CANCELLED}),
    S.PAYMENT_UNKNOWN: frozenset({S.PAYMENT_PENDING, S.PAID, S.FAILED, S.CANCELLED}),
    S.PAID: frozenset({S.ISSUED}),
    S.ISSUED: frozenset({S.PRINT_REQUESTED, S.UNPRINTED}),
    S.PRINT_REQUESTED: frozenset({S.PRINTED, S.UNPRINTED}),
    S.PRINTED: frozenset({S.DONE}),
    S.UNPRINTED: frozenset({S.PRINT_REQUESTED}),
    S.DONE: frozenset(),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
}

TERMINAL = frozenset({S.DONE, S.FAILED, S.CANCELLED})
# States in which a crash leaves work for start-up recovery (UNPRINTED is a resting state).
INTERMEDIATE = frozenset(ALLOWED) - TERMINAL - {S.UNPRINTED}
PAYMENT_OPEN = frozenset({S.PAYMENT_REQUESTED, S.PAYMENT_PENDING, S.PAYMENT_UNKNOWN})
MONEY_RECEIVED = frozenset({S.PAID, S.ISSUED, S.PRINT_REQUESTED, S.PRINTED, S.UNPRINTED, S.DONE})


def can_move(from_state: TransactionState, to_state: TransactionState) -> bool:
    return to_state in ALLOWED[from_state]


class Journal:
    """Creates transactions and moves them from state to state, one committed step at a time."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock, *,
                 kiosk_id: str | None = None) -> None:
        """``kiosk_id``: this kiosk's journal on a database many kiosks share. Its transactions carry
        it and :meth:`open_transactions` lists only them, so one kiosk's recovery never settles
        another's. None (tools, tests of one kiosk): transactions carry "" and every one is listed."""
        self._factory = session_factory
        self._clock = clock
        self._kiosk_id = kiosk_id

    # ---- creating ------------------------------------------------------------------------------
    def begin(
        self,
        kind: TransactionKind,
        *,
        session_id: str | None,
        taxpayer_id: int | None,
        amount: Decimal | None = None,
        detail: dict[str, Any] | None = None,
        reason: str = "",
    ) -> str:
        """Create a transaction in STARTED and commit it; returns its id."""
        with self._factory() as db:
            tx = self.begin_in(
                db, kind, session_id=session_id, taxpayer_id=taxpayer_id, amount=amount, detail=detail,
                reason=reason,
            )
            db.commit()
            return tx.id

    def begin_in(
        self,
        db: Session,
        kind: TransactionKind,
        *,
        session_id: str | None,
        taxpayer_id: int | None,
        amount: Decimal | None = None,
        detail: dict[str, Any] | None = None,
        reason: str = "",
    ) -> Transaction:
        """Add a STARTED transaction to ``db`` (the caller commits, together with related rows)."""
        now = to_db(self._clock())
        tx = Transaction(
            id=str(uuid.uuid4()),
            session_id=session_id,
            taxpayer_id=taxpayer_id,
            kind=kind.value,
            state=S.STARTED.value,
            kiosk_id=self._kiosk_id or "",
            amount=amount,
            detail=dict(detail or {}),
            created_at=now,
            updated_at=now,
        )
        db.add(tx)
        db.flush()
        db.add(JournalStep(transaction_id=tx.id, from_state=None, to_state=S.STARTED.value,
                           reason=reason or f"{kind.value} started", at=now))
        log.info("transaction %s (%s) from none to %s (%s)", tx.id, kind.value, S.STARTED.value,
                 reason or "started")
        return tx

    def begin_confirmed(
        self,
        kind: TransactionKind,
        *,
        session_id: str | None,
        taxpayer_id: int | None,
        reason: str,
        amount: Decimal | None = None,
        detail: dict[str, Any] | None = None,
    ) -> str:
        """Create a transaction the person has already confirmed (STARTED then CONFIRMED, one commit)."""
        with self._factory() as db:
            tx = self.begin_in(db, kind, session_id=session_id, taxpayer_id=taxpayer_id, amount=amount,
                               detail=detail)
            self.advance_in(db, tx.id, S.CONFIRMED, reason)
            db.commit()
            return tx.id

    # ---- moving --------------------------------------------------------------------------------
    def advance(
        self,
        tx_id: str,
        to_state: TransactionState,
        reason: str,
        *,
        expect: frozenset[TransactionState] | TransactionState | None = None,
        failure_reason: str | None = None,
    ) -> TransactionState:
        """Record the step and the new state, commit, and only then return (the caller acts next).

        Returns the state the transaction was in before. Raises :class:`IllegalTransition` when the
        move is not allowed from the current state, or when ``expect`` is given and not met.
        """
        with self._factory() as db:
            before = self.advance_in(db, tx_id, to_state, reason, expect=expect, failure_reason=failure_reason)
            db.commit()
        return before

    def advance_in(
        self,
        db: Session,
        tx_id: str,
        to_state: TransactionState,
        reason: str,
        *,
        expect: frozenset[TransactionState] | TransactionState | None = None,
        failure_reason: str | None = None,
    ) -> TransactionState:
        """The same step inside the caller's unit of work (so related rows commit with it)."""
        row = db.execute(select(Transaction.state, Transaction.kind).where(Transaction.id == tx_id)).first()
        if row is None:
            raise NotFoundError(f"transaction {tx_id} does not exist")
        current = TransactionState(row.state)
        if expect is not None:
            allowed = {expect} if isinstance(expect, TransactionState) else set(expect)
            if current not in allowed:
                raise IllegalTransition(
                    f"transaction {tx_id} is {current.value}, expected "
                    f"{' or '.join(sorted(s.value for s in allowed))} before moving to {to_state.value}"
                )
        if not can_move(current, to_state):
            raise IllegalTransition(f"transaction {tx_id} cannot move from {current.value} to {to_state.value}")
        now = to_db(self._clock())
        values: dict[str, Any] = {"state": to_state.value, "updated_at": now}
        if failure_reason is not None:
            values["failure_reason"] = failure_reason[:200]
        result = db.execute(
            update(Transaction)
            .where(Transaction.id == tx_id, Transaction.state == current.value)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise IllegalTransition(f"transaction {tx_id} changed state under us (was {current.value})")
        db.add(JournalStep(transaction_id=tx_id, from_state=current.value, to_state=to_state.value,
                           reason=reason[:200], at=now))
        db.flush()
        for obj in list(db.identity_map.values()):
            if isinstance(obj, Transaction) and obj.id == tx_id:
                db.expire(obj)
        log.info("transaction %s (%s) from %s to %s (%s)", tx_id, row.kind, current.value, to_state.value, reason)
        return current

    # ---- reading -------------------------------------------------------------------------------
    def state(self, tx_id: str) -> TransactionState:
        with self._factory() as db:
            value = db.execute(select(Transaction.state).where(Transaction.id == tx_id)).scalar_one_or_none()
        if value is None:
            raise NotFoundError(f"transaction {tx_id} does not exist")
        return TransactionState(value)

    def steps(self, tx_id: str) -> list[tuple[str | None, str, str]]:
        """(from, to, reason) of every step of one transaction, oldest first."""
        with self._factory() as db:
            rows = db.execute(
                select(JournalStep.from_state, JournalStep.to_state, JournalStep.reason)
                .where(JournalStep.transaction_id == tx_id)
                .order_by(JournalStep.id)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def open_transactions(self) -> list[tuple[str, TransactionKind, TransactionState]]:
        """Transactions a crash left in the middle (every non-terminal state except UNPRINTED)."""
        query = select(Transaction.id, Transaction.kind, Transaction.state).where(
            Transaction.state.in_([s.value for s in INTERMEDIATE]))
        if self._kiosk_id is not None:
            query = query.where(Transaction.kiosk_id == self._kiosk_id)
        with self._factory() as db:
            rows = db.execute(query.order_by(Transaction.created_at)).all()
        return [(r[0], TransactionKind(r[1]), TransactionState(r[2])) for r in rows]
