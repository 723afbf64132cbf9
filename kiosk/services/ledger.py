"""Money through the journal: one payment per transaction, never lost, never doubled.

Order of events for a payment:

1. one commit: the ``payments`` row with a fresh idempotency key, the key on the transaction, the
   dues (or invoice) locked to this payment, and the journal step ``payment_requested``;
2. only then the provider's ``create_order(key, ...)``;
3. a timeout there -> ``payment_unknown``; from then on the provider is *asked* by key (poll,
   callback, start-up recovery). A request the provider never saw may be re-sent with the *same*
   key while the taxpayer is still at the kiosk (the provider is idempotent by key), never a new key;
4. "paid" is recorded once, whatever the number of polls and callbacks that report it: the step is
   a compare-and-set on the transaction's state and the paid effects commit with it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, from_db, to_db
from kiosk.persistence.models import Payment, Transaction
from kiosk.services.api import PaymentOrderView, PaymentState
from kiosk.services.audit import AuditLog
from kiosk.services.errors import IllegalTransition, NotFoundError
from kiosk.services.journal import (
    MONEY_RECEIVED,
    PAYMENT_OPEN,
    Journal,
    TransactionKind,
    TransactionState,
)
from kiosk.services.payments import (
    OrderState,
    PaymentHostError,
    PaymentProvider,
    ProviderOrder,
    ProviderTimeout,
    ProviderUnavailable,
)

log = logging.getLogger("kiosk.payment")
S = TransactionState

# What paying means for each kind of transaction (mark dues paid, write records ...), and what
# giving up means (unlock the dues). Both run inside the unit of work that records the step.
PaidEffect = Callable[[Session, Transaction, Payment, dt.datetime], None]
ReleaseEffect = Callable[[Session, Transaction], None]


@dataclass(frozen=True)
class Effects:
    paid: PaidEffect
    release: ReleaseEffect


class PaymentLedger:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        journal: Journal,
        audit: AuditLog,
        provider: PaymentProvider,
        clock: Clock,
        effects: dict[TransactionKind, Effects],
    ) -> None:
        self._factory = session_factory
        self._journal = journal
        self._audit = audit
        self._provider = provider
        self._clock = clock
        self._effects = effects

    # ---- request --------------------------------------------------------------------------------
    def request(
        self, tx_id: str, description: str, lock: Callable[[Session, Payment], None]
    ) -> PaymentOrderView:
        """Commit the key and the ``payment_requested`` step, then ask the provider for an order."""
        key = uuid.uuid4().hex
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None or tx.amount is None:
                raise NotFoundError(f"transaction {tx_id} has nothing to pay")
            payment = Payment(transaction_id=tx_id, idempotency_key=key, provider=self._provider.name,
                              amount=tx.amount, state=PaymentState.REQUESTED.value,
                              created_at=to_db(self._clock()), updated_at=to_db(self._clock()))
            db.add(payment)
            tx.idempotency_key = key
            db.flush()
            lock(db, payment)
            self._journal.advance_in(db, tx_id, S.PAYMENT_REQUESTED, f"idempotency key {key}",
                                     expect=S.CONFIRMED)
            amount = tx.amount
            self._audit.append_in(db, "kiosk", "payment.requested", {"transaction": tx_id, "key": key,
                                                                     "amount": amount})
            db.commit()
        return self._send(tx_id, key, amount, description)

    def _send(self, tx_id: str, key: str, amount: Decimal, description: str) -> PaymentOrderView:
        try:
            order = self._provider.create_order(key, amount, description)
        except ProviderUnavailable as exc:
            # Refused outright: nothing was created. Stay unknown anyway and let the next poll re-send
            # with the same key; the person can cancel.
            return self._mark_unknown(tx_id, f"payment host refused: {exc}")
        except ProviderTimeout as exc:
            return self._mark_unknown(tx_id, f"payment host timeout: {exc}")
        except PaymentHostError as exc:
            return self._mark_unknown(tx_id, f"payment host error: {exc}")
        self._apply(tx_id, order, "order created")
        return self.view(tx_id)

    def _mark_unknown(self, tx_id: str, reason: str) -> PaymentOrderView:
        with self._factory() as db:
            state = S(db.execute(select(Transaction.state).where(Transaction.id == tx_id)).scalar_one())
            if state in (S.PAYMENT_REQUESTED, S.PAYMENT_PENDING):
                self._journal.advance_in(db, tx_id, S.PAYMENT_UNKNOWN, reason[:200])
                self._payment_of(db, tx_id).state = PaymentState.UNKNOWN.value
                db.commit()
        return self.view(tx_id, message=reason)

    # ---- poll / callback / cancel -----------------------------------------------------------------
    def poll(self, tx_id: str) -> PaymentOrderView:
        """Ask the provider (by key) where an open payment stands and record the answer."""
        state, key, amount, description = self._open_info(tx_id)
        if state not in PAYMENT_OPEN:
            return self.view(tx_id)
        try:
            order = self._provider.query(key)
        except PaymentHostError as exc:
            return self._mark_unknown(tx_id, f"payment host query failed: {exc}")
        if order is None:
            # The provider never received our request (it was lost on the way): re-send it with the
            # same key; the provider being idempotent by key, this can never charge twice.
            return self._send(tx_id, key, amount, description)
        self._apply(tx_id, order, "provider answered a poll")
        return self.view(tx_id)

    def on_notification(self, key: str, state: OrderState) -> PaymentOrderView | None:
        """A provider callback: trust only what a query by key confirms; any number of repeats is harmless."""
        with self._factory() as db:
            tx_id = db.execute(select(Payment.transaction_id).where(Payment.idempotency_key == key)).scalar()
        if tx_id is None:
            log.warning("payment callback for an unknown key %s (%s) ignored", key, state.value)
            return None
        return self.poll(tx_id)

    def cancel(self, tx_id: str) -> PaymentOrderView:
        """The person gives up: cancel at the provider first; if it was paid meanwhile, it stays paid."""
        state, key, _amount, _desc = self._open_info(tx_id)
        if state not in PAYMENT_OPEN:
            return self.view(tx_id)
        try:
            order = self._provider.cancel(key)
        except PaymentHostError as exc:
            # Not known whether the cancel arrived: stay unknown; the next poll or recovery settles it.
            return self._mark_unknown(tx_id, f"payment host cancel failed: {exc}")
        if order is None:
            self._close(tx_id, S.CANCELLED, PaymentState.CANCELLED, "cancelled by the taxpayer before the "
                        "payment host saw the request")
        else:
            self._apply(tx_id, order, "cancel requested by the taxpayer")
        return self.view(tx_id)

    def resolve(self, tx_id: str) -> str:
        """Start-up recovery of an open payment: ask the provider and settle it. Returns what happened."""
        state, key, _amount, _desc = self._open_info(tx_id)
        if state not in PAYMENT_OPEN:
            return state.value
        if not key:  # pragma: no cover - the key commits with the payment_requested step
            self._close(tx_id, S.FAILED, PaymentState.CANCELLED, "no idempotency key recorded")
            return "failed"
        try:
            order = self._provider.query(key)
            if order is not None and order.state is OrderState.PENDING:
                # The payer walked away from the kiosk: close the order so it can no longer be paid.
                order = self._provider.cancel(key) or order
        except PaymentHostError as exc:
            self._mark_unknown(tx_id, f"recovery: payment host not reachable: {exc}")
            return "unknown"
        if order is None:
            self._close(tx_id, S.FAILED, PaymentState.CANCELLED,
                        "recovery: the payment host never received the request")
            return "failed"
        self._apply(tx_id, order, "recovery: provider asked")
        return self._journal.state(tx_id).value

    # ---- recording answers ------------------------------------------------------------------------
    def _apply(self, tx_id: str, order: ProviderOrder, why: str) -> None:
        if order.state is OrderState.PAID:
            self._record_paid(tx_id, order, why)
        elif order.state is OrderState.PENDING:
            with self._factory() as db:
                tx_state = S(db.execute(select(Transaction.state).where(Transaction.id == tx_id)).scalar_one())
                payment = self._payment_of(db, tx_id)
                payment.provider_order_id = order.order_id
                payment.qr_payload = order.qr_payload
                tx = db.get(Transaction, tx_id)
                assert tx is not None
                tx.detail = {**tx.detail, "expires_at": order.expires_at.isoformat()}
                if tx_state in (S.PAYMENT_REQUESTED, S.PAYMENT_UNKNOWN):
                    payment.state = PaymentState.PENDING.value
                    self._journal.advance_in(db, tx_id, S.PAYMENT_PENDING, f"{why}: order {order.order_id} pending")
                db.commit()
        else:
            target = S.CANCELLED if order.state is OrderState.CANCELLED else S.FAILED
            self._close(tx_id, target, PaymentState(order.state.value), f"{why}: {order.state.value}")

    def _record_paid(self, tx_id: str, order: ProviderOrder, why: str) -> None:
        now = self._clock()
        try:
            with self._factory() as db:
                tx = db.get(Transaction, tx_id)
                assert tx is not None
                current = S(tx.state)
                if current in MONEY_RECEIVED:
                    log.info("payment of %s already recorded as paid (%s): nothing to do", tx_id, why)
                    return
                if current not in PAYMENT_OPEN:
                    # Money arrived for a transaction already closed: never lose it, flag it for staff.
                    log.error("payment of %s reported paid while the transaction is %s", tx_id, current.value)
                    self._audit.append_in(db, "kiosk", "payment.paid_after_close",
                                          {"transaction": tx_id, "order": order.order_id, "state": current.value})
                    db.commit()
                    return
                payment = self._payment_of(db, tx_id)
                self._journal.advance_in(db, tx_id, S.PAID, f"{why}: order {order.order_id} paid")
                payment.state = PaymentState.PAID.value
                payment.provider_order_id = order.order_id
                payment.paid_at = to_db(now)
                self._effects[TransactionKind(tx.kind)].paid(db, tx, payment, now)
                self._audit.append_in(db, "kiosk", "payment.paid", {"transaction": tx_id, "order": order.order_id,
                                                                    "amount": order.amount})
                db.commit()
        except IllegalTransition:
            # Another thread (a callback racing a poll) recorded it first.
            if self._journal.state(tx_id) in MONEY_RECEIVED:
                return
            raise

    def _close(self, tx_id: str, target: TransactionState, pay_state: PaymentState, reason: str) -> None:
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            assert tx is not None
            if S(tx.state) not in PAYMENT_OPEN:
                return
            self._journal.advance_in(db, tx_id, target, reason, failure_reason=reason)
            self._payment_of(db, tx_id).state = pay_state.value
            self._effects[TransactionKind(tx.kind)].release(db, tx)
            self._audit.append_in(db, "kiosk", f"payment.{pay_state.value}", {"transaction": tx_id, "reason": reason})
            db.commit()

    # ---- reading -------------------------------------------------------------------------------
    @staticmethod
    def _payment_of(db: Session, tx_id: str) -> Payment:
        payment = db.execute(
            select(Payment).where(Payment.transaction_id == tx_id).order_by(Payment.id.desc()).limit(1)
        ).scalar_one_or_none()
        if payment is None:
            raise NotFoundError(f"transaction {tx_id} has no payment")
        return payment

    def _open_info(self, tx_id: str) -> tuple[TransactionState, str, Decimal, str]:
        """(state, idempotency key, amount, description) of a payment transaction."""
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None:
                raise NotFoundError(f"payment {tx_id} does not exist", message_key="error.payment_not_found")
            return (S(tx.state), tx.idempotency_key or "", tx.amount or Decimal("0.00"),
                    str(tx.detail.get("description", "")))

    def view(self, tx_id: str, message: str = "") -> PaymentOrderView:
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None:
                raise NotFoundError(f"payment {tx_id} does not exist", message_key="error.payment_not_found")
            payment = db.execute(
                select(Payment).where(Payment.transaction_id == tx_id).order_by(Payment.id.desc()).limit(1)
            ).scalar_one_or_none()
            state = S(tx.state)
            if state in MONEY_RECEIVED:
                pstate = PaymentState.PAID
            elif state is S.PAYMENT_PENDING:
                pstate = PaymentState.PENDING
            elif state is S.PAYMENT_UNKNOWN:
                pstate = PaymentState.UNKNOWN
            elif state is S.CANCELLED:
                pstate = PaymentState.CANCELLED
            elif state is S.FAILED and payment is not None and payment.state in (
                PaymentState.DECLINED.value, PaymentState.EXPIRED.value
            ):
                pstate = PaymentState(payment.state)
            elif state is S.FAILED:
                pstate = PaymentState.CANCELLED
            else:
                pstate = PaymentState.REQUESTED
            expires = tx.detail.get("expires_at")
            return PaymentOrderView(
                transaction_id=tx_id,
                amount=tx.amount if tx.amount is not None else Decimal("0.00"),
                state=pstate,
                qr_payload=payment.qr_payload if payment is not None and pstate is PaymentState.PENDING else None,
                expires_at=from_db(dt.datetime.fromisoformat(expires)) if expires else None,
                message=message or (tx.failure_reason or ""),
            )
