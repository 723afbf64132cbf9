"""Invoices issued on a person's behalf for renting out a home: quote, pay the taxes, issue the invoice.

Certificate-free: the ownership is checked against the shared property registry (looked up by the
owner's ID number, :mod:`kiosk.services.registry`) and the lease is replaced by a signed personal
commitment (versioned text, stored with the invoice). The taxes are quoted by
:mod:`kiosk.services.rental` (the office's rule table); paying goes through the payment desk like
any other payment; an exempt rent (nothing to pay) is paid at once.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, to_db
from kiosk.persistence.models import RentalCommitment
from kiosk.services import commitment as commitment_texts
from kiosk.services import registry, rental
from kiosk.services.api import (
    Commitment,
    PaymentOrderView,
    PrintableDocument,
    PropertyView,
    RentalQuoteView,
    RentalRequest,
)
from kiosk.services.errors import UserInputError
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

    def properties(self) -> list[PropertyView]:
        me = self._sessions.current
        with self._factory() as db:
            return registry.properties_of(db, me.taxpayer_id)

    @staticmethod
    def commitment() -> Commitment:
        return commitment_texts.rental_current()

    def _from_registry(self, db: Session, request: RentalRequest) -> RentalRequest:
        """The request with the registry's address, use and location (the owner's own property only)."""
        if request.property_id is None:
            return request
        prop = registry.property_view(registry.property_of(db, self._sessions.current.taxpayer_id,
                                                           request.property_id))
        return dataclasses.replace(request, property_address=prop.address, residential=prop.residential,
                                   location_class=prop.location_class)

    def quote(self, request: RentalRequest) -> RentalQuoteView:
        with self._factory() as db:
            request = self._from_registry(db, request)
        return rental.quote(request, self._office_code)[0]

    def create_payment(self, request: RentalRequest) -> PaymentOrderView:
        """Needs a registry record of the person's and the current commitment text signed."""
        me = self._sessions.current
        if request.property_id is None:
            raise UserInputError("the property must be one the registry lists for you; without a record the "
                                 "counter needs the ownership certificate", message_key="error.property_not_found")
        text = commitment_texts.rental_require_current(request.commitment_version)
        with self._factory() as db:
            request = self._from_registry(db, request)
        view, lines = rental.quote(request, self._office_code)
        with self._factory() as db:
            tx = self._journal.begin_in(db, TransactionKind.RENTAL_INVOICE, session_id=me.session_id,
                                        taxpayer_id=me.taxpayer_id, amount=view.total_tax,
                                        detail={"description": DESCRIPTION},
                                        reason=f"rental invoice quoted {view.total_tax} ({view.rule_version})")
            invoice = rental.new_invoice(db, me.taxpayer_id, tx.id, request, view, lines)
            db.add(RentalCommitment(rental_invoice_id=invoice.id, taxpayer_id=me.taxpayer_id,
                                    property_id=request.property_id, commitment_version=text.version,
                                    commitment_text=f"{text.text_zh}\n{text.text_en}",
                                    signed_at=to_db(self._clock())))
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
