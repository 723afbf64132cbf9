"""Taxes due and paying them by QR code, and the document a paid transaction is owed.

The money itself moves through :class:`kiosk.services.ledger.PaymentLedger`; this desk chooses the
dues, opens the journal transaction, and issues the voucher (or invoice) once the money is in. The
rental desk pays through it too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.models import IssuedDocument, Payment, Transaction
from kiosk.services import dues, rental
from kiosk.services.api import DueView, PaymentOrderView, PrintableDocument
from kiosk.services.errors import NotFoundError, PaymentError, PaymentInProgress, UserInputError
from kiosk.services.journal import MONEY_RECEIVED, Journal, TransactionKind, TransactionState
from kiosk.services.ledger import Effects, PaymentLedger
from kiosk.services.owed_documents import owed_document
from kiosk.services.payments import OrderState
from kiosk.services.print_book import PrintBook
from kiosk.services.sessions import SessionManager

log = logging.getLogger("kiosk.payment")
S = TransactionState
PAID_KINDS = (TransactionKind.PAYMENT, TransactionKind.RENTAL_INVOICE)


def paid_effects(tax_office: str) -> dict[TransactionKind, Effects]:
    """What paying (and giving up on) each kind of paid transaction means, for the ledger."""
    return {
        TransactionKind.PAYMENT: Effects(dues.on_paid(tax_office), dues.release),
        TransactionKind.RENTAL_INVOICE: Effects(rental.on_paid(tax_office), rental.release),
    }


class PaymentDesk:
    def __init__(
        self,
        tax_office: str,
        session_factory: sessionmaker[Session],
        journal: Journal,
        ledger: PaymentLedger,
        sessions: SessionManager,
        book: PrintBook,
    ) -> None:
        self._tax_office = tax_office
        self._factory = session_factory
        self._journal = journal
        self._ledger = ledger
        self._sessions = sessions
        self._book = book

    def list_dues(self) -> list[DueView]:
        me = self._sessions.current
        with self._factory() as db:
            return dues.list_dues(db, me.taxpayer_id)

    def create_payment(self, due_ids: list[int]) -> PaymentOrderView:
        me = self._sessions.current
        with self._factory() as db:
            chosen, open_tx = dues.chosen_dues(db, me.taxpayer_id, due_ids)
            amount = dues.total(chosen)
            ids = [d.id for d in chosen]
            items = "、".join(d.item for d in chosen)
        if open_tx is not None:  # the same dues are already in a payment: show that one, never a second
            log.info("dues %s already in payment %s: polling it instead of ordering again", ids, open_tx)
            return self.poll(open_tx)
        if amount <= 0:
            raise UserInputError("there is nothing to pay", message_key="error.nothing_to_pay")
        description = f"{self._tax_office} {items}"[:120]
        tx_id = self._journal.begin_confirmed(
            TransactionKind.PAYMENT, session_id=me.session_id, taxpayer_id=me.taxpayer_id, amount=amount,
            detail={"due_ids": ids, "description": description},
            reason=f"taxpayer confirmed {len(ids)} due(s), total {amount}",
        )
        return self.request(tx_id, description, dues.lock(ids))

    def request(self, tx_id: str, description: str, lock: Callable[[Session, Payment], None]) -> PaymentOrderView:
        """Ask the ledger for the money; a transaction that could not even be requested is cancelled."""
        try:
            return self._ledger.request(tx_id, description, lock)
        except PaymentInProgress as exc:
            self._journal.advance(tx_id, S.CANCELLED, f"not requested: {exc}", failure_reason=str(exc))
            raise

    def poll(self, tx_id: str) -> PaymentOrderView:
        self.check_own(tx_id)
        return self._ledger.poll(tx_id)

    def cancel(self, tx_id: str) -> PaymentOrderView:
        self.check_own(tx_id)
        return self._ledger.cancel(tx_id)

    def on_notification(self, idempotency_key: str, state: OrderState) -> PaymentOrderView | None:
        return self._ledger.on_notification(idempotency_key, state)

    def issue_voucher(self, tx_id: str) -> PrintableDocument:
        self.check_own(tx_id, kinds=(TransactionKind.PAYMENT,))
        return self.issue_paid_document(tx_id)

    # ---- shared with the rental desk --------------------------------------------------------------
    def check_own(self, tx_id: str, kinds: tuple[TransactionKind, ...] = PAID_KINDS) -> None:
        """The transaction is the current taxpayer's and of one of ``kinds``, or NotFoundError."""
        me = self._sessions.current
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None or tx.taxpayer_id != me.taxpayer_id or TransactionKind(tx.kind) not in kinds:
                raise NotFoundError(f"payment {tx_id} is not yours or does not exist",
                                    message_key="error.payment_not_found")

    def issue_paid_document(self, tx_id: str) -> PrintableDocument:
        """The first time: issue what the money paid for. After that: a free reprint of it."""
        state = self._journal.state(tx_id)
        if state not in MONEY_RECEIVED:
            raise PaymentError("this payment is not complete", message_key="error.payment_not_paid")
        if state is S.PAID:
            return self._book.issue(tx_id, owed_document(tx_id))
        with self._factory() as db:
            number = db.execute(select(IssuedDocument.number).where(IssuedDocument.transaction_id == tx_id)
                                .order_by(IssuedDocument.id).limit(1)).scalar_one()
        return self._book.reprint(number)
