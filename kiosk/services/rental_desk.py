"""Invoices issued on a person's behalf for renting out a home: quote, pay the taxes, issue the invoice.

The taxes are quoted by :mod:`kiosk.services.rental` (the office's rule table); paying goes through
the payment desk like any other payment; an exempt rent (nothing to pay) is paid at once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.services import rental
from kiosk.services.api import PaymentOrderView, PrintableDocument, RentalQuoteView, RentalRequest
from kiosk.services.journal import Journal, TransactionKind, TransactionState
from kiosk.services.ledger import PaymentLedger
from kiosk.services.payment_desk import PaymentDesk
from kiosk.services.sessions import SessionManager

S = TransactionState
DESCRIPTION = "个人出租住房代开发票税费"


class RentalDesk:
    def __init__(
        self,
        tax_office: str,
        office_code: str | None,
        session_factory: sessionmaker[Session],
        journal: Journal,
        ledger: PaymentLedger,
        payments: PaymentDesk,
        sessions: SessionManager,
        clock: Clock,
    ) -> None:
        self._tax_office = tax_office
        self._office_code = office_code
        self._factory = session_factory
        self._journal = journal
        self._ledger = ledger
        self._payments = payments
        self._sessions = sessions
        self._clock = clock

    def quote(self, request: RentalRequest) -> RentalQuoteView:
        return rental.quote(request, self._office_code)[0]

    def create_payment(self, request: RentalRequest) -> PaymentOrderView:
        me = self._sessions.current
        view, lines = rental.quote(request, self._office_code)
        with self._factory() as db:
            tx = self._journal.begin_in(db, TransactionKind.RENTAL_INVOICE, session_id=me.session_id,
                                        taxpayer_id=me.taxpayer_id, amount=view.total_tax,
                                        detail={"description": DESCRIPTION},
                                        reason=f"rental invoice quoted {view.total_tax} ({view.rule_version})")
            rental.new_invoice(db, me.taxpayer_id, tx.id, request, view, lines)
            self._journal.advance_in(db, tx.id, S.CONFIRMED, f"taxpayer confirmed taxes of {view.total_tax}")
            tx_id = tx.id
            db.commit()
        if view.total_tax <= 0:
            with self._factory() as db:
                self._journal.advance_in(db, tx_id, S.PAID, "nothing to pay (exempt)")
                rental.record_paid(db, tx_id, self._tax_office, self._clock())
                db.commit()
            return self._ledger.view(tx_id)
        return self._payments.request(tx_id, DESCRIPTION, lambda db, payment: None)

    def issue_invoice(self, tx_id: str) -> PrintableDocument:
        self._payments.check_own(tx_id, kinds=(TransactionKind.RENTAL_INVOICE,))
        return self._payments.issue_paid_document(tx_id)
