"""KioskServices: the one object the screen flows, the CLI and the tests talk to (KioskServicesPort).

It owns no person's data beyond the current session (:mod:`kiosk.services.sessions`); everything
else is read from the database when needed and dropped after the call. Every taxpayer task is a
journal transaction (:mod:`kiosk.services.journal`) whose steps commit before their actions.

This class only composes: each group of methods is a desk of its own (certificates, filing,
payment, rental, queue) over the shared journal, payment ledger, print book and audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

from sqlalchemy.orm import Session, sessionmaker

from devices.printjob import JobState
from kiosk.clock import Clock, system_clock
from kiosk.config import KioskConfig
from kiosk.services.api import (
    BankAccountView,
    Commitment,
    DeductionAnswers,
    DueView,
    PaymentOrderView,
    PaymentState,
    PrintableDocument,
    PropertyView,
    QueueService,
    QueueTicketView,
    ReconciliationPrefill,
    ReconciliationPreview,
    RecordView,
    RentalQuoteView,
    RentalRequest,
    TaxpayerView,
)
from kiosk.services.archive import PdfArchive
from kiosk.services.audit import AuditLog
from kiosk.services.certificate_desk import CertificateDesk
from kiosk.services.documents import DocumentDesk, IssuerPort
from kiosk.services.errors import IllegalTransition
from kiosk.services.filing_desk import FilingDesk
from kiosk.services.journal import Journal
from kiosk.services.ledger import PaymentLedger
from kiosk.services.payment_desk import PaymentDesk, paid_effects
from kiosk.services.payments import OrderState, PaymentCallback, PaymentProvider
from kiosk.services.print_book import PrintBook
from kiosk.services.queue_desk import QueueDesk
from kiosk.services.recovery import RecoveryReport, recover
from kiosk.services.rental_desk import RentalDesk
from kiosk.services.sessions import SessionManager, Via


@runtime_checkable
class NotifyingProvider(Protocol):
    """A payment provider that also pushes order updates (callbacks) besides being asked."""

    def subscribe(self, callback: PaymentCallback) -> None: ...


class KioskServices:
    """Implements :class:`kiosk.services.api.KioskServicesPort`."""

    def __init__(
        self,
        config: KioskConfig,
        session_factory: sessionmaker[Session],
        provider: PaymentProvider,
        issuer: IssuerPort,
        clock: Clock = system_clock,
        *,
        subscribe_callbacks: bool = True,
        archive: PdfArchive | None = None,
    ) -> None:
        office = config.kiosk.tax_office
        self.config = config
        self.provider = provider
        self.session_factory = session_factory
        from kiosk.services.anchors import hall_anchors_for

        self.audit = AuditLog(session_factory, clock, secrets_dir=config.secrets_dir, chain=config.kiosk.id,
                              hall=hall_anchors_for(config, session_factory.kw.get("bind")))
        self.audit.push_anchor()  # a push lost in a crash or while the hall database was away
        self.journal = Journal(session_factory, clock, kiosk_id=config.kiosk.id)
        self.archive = archive
        self.clock = clock
        self.desk = DocumentDesk(config, issuer, clock, archive)
        self.ledger = PaymentLedger(session_factory, self.journal, self.audit, provider, clock, paid_effects(office))
        self.sessions = SessionManager(session_factory, self.audit, clock, kiosk_id=config.kiosk.id,
                                       id_mask=config.printing.id_mask)
        self.print_book = PrintBook(session_factory, self.journal, self.audit, self.desk, self.sessions, clock)
        book = self.print_book
        self.certificates = CertificateDesk(session_factory, self.journal, self.sessions, book)
        self.filing = FilingDesk(session_factory, self.journal, self.audit, self.sessions, book, clock)
        self.payments = PaymentDesk(office, session_factory, self.journal, self.ledger, self.sessions, book)
        self.rental = RentalDesk(office, config.kiosk.tax_office_code, session_factory, self.journal, self.ledger,
                                 self.payments, self.sessions, clock)
        self.queue = QueueDesk(config.kiosk.id, session_factory, self.journal, self.sessions, book, clock,
                               hall=config.hall_id)
        if subscribe_callbacks and isinstance(provider, NotifyingProvider):
            provider.subscribe(self.handle_payment_notification)

    def close(self, timeout: float = 10.0) -> None:
        """Finish the A4 PDFs still being written (bounded); the composition root calls it at stop."""
        if self.archive is not None:
            self.archive.close(timeout)

    # ---- identity and session ----------------------------------------------------------------
    def start_session_from_card(self, id_number: str, name: str, card_type: str) -> TaxpayerView:
        del name  # the card's name is not needed: the taxpayer's row has it (as printed on the card)
        return self.sessions.start(id_number, Via.CARD, card_type=card_type)

    def start_session_staff(self, id_number: str, staff_code: str, pin: str) -> TaxpayerView:
        return self.sessions.start(id_number, Via.STAFF, staff_code=staff_code, staff_pin=pin)

    def end_session(self, reason: str) -> None:
        self.sessions.end(reason)

    @property
    def has_session(self) -> bool:
        return self.sessions.active

    # ---- records and certificates ----------------------------------------------------------
    def list_records(self, date_from: dt.date, date_to: dt.date, tax_type: str | None = None) -> list[RecordView]:
        return self.certificates.list_records(date_from, date_to, tax_type)

    def issue_certificate(self, record_ids: list[int]) -> PrintableDocument:
        return self.certificates.issue_certificate(record_ids)

    def issue_iit_record(self, month_from: dt.date, month_to: dt.date) -> PrintableDocument:
        return self.certificates.issue_iit_record(month_from, month_to)

    def reprint(self, number: str) -> PrintableDocument:
        """The same number, marked 补打 / REPRINT; free. Owed documents reuse their own transaction."""
        return self.print_book.reprint(number)

    def unprinted_documents(self) -> list[str]:
        return self.print_book.owed_reprints(self.sessions.current.taxpayer_id)

    # ---- printing bookkeeping ----------------------------------------------------------------
    def begin_print(self, number: str) -> str:
        return self.print_book.begin_print(number)

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        self.print_book.finish_print(job_id, state, parts_done, reason)

    # ---- IIT annual reconciliation -------------------------------------------------------------
    def reconciliation_years(self) -> list[int]:
        return self.filing.years()

    def reconciliation_prefill(self, year: int) -> ReconciliationPrefill:
        return self.filing.prefill(year)

    def reconciliation_preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview:
        return self.filing.preview(year, answers)

    def commitment(self) -> Commitment:
        return self.filing.commitment()

    def refund_accounts(self) -> list[BankAccountView]:
        return self.filing.refund_accounts()

    def reconciliation_submit(
        self, year: int, answers: DeductionAnswers, commitment_version: str, refund_account_id: int | None = None
    ) -> tuple[ReconciliationPreview, PrintableDocument]:
        return self.filing.submit(year, answers, commitment_version, refund_account_id)

    # ---- taxes due and payment -----------------------------------------------------------------
    def list_dues(self) -> list[DueView]:
        return self.payments.list_dues()

    def create_payment(self, due_ids: list[int]) -> PaymentOrderView:
        return self.payments.create_payment(due_ids)

    def poll_payment(self, transaction_id: str) -> PaymentOrderView:
        return self.payments.poll(transaction_id)

    def cancel_payment(self, transaction_id: str) -> PaymentOrderView:
        return self.payments.cancel(transaction_id)

    def handle_payment_notification(self, idempotency_key: str, state: OrderState) -> PaymentOrderView | None:
        """Provider callback (any thread, any number of times): it only triggers a query by key."""
        return self.payments.on_notification(idempotency_key, state)

    def issue_payment_voucher(self, transaction_id: str) -> PrintableDocument:
        return self.payments.issue_voucher(transaction_id)

    # ---- rental invoice on a person's behalf ----------------------------------------------------
    def rental_properties(self) -> list[PropertyView]:
        return self.rental.properties()

    def rental_commitment(self) -> Commitment:
        return self.rental.commitment()

    def rental_quote(self, request: RentalRequest) -> RentalQuoteView:
        return self.rental.quote(request)

    def rental_create_payment(self, request: RentalRequest) -> PaymentOrderView:
        return self.rental.create_payment(request)

    def issue_rental_invoice(self, transaction_id: str) -> PrintableDocument:
        return self.rental.issue_invoice(transaction_id)

    # ---- queue ticket ----------------------------------------------------------------------------
    def queue_services(self) -> list[QueueService]:
        return self.queue.services()

    def take_queue_ticket(self, service_code: str) -> tuple[QueueTicketView, PrintableDocument]:
        return self.queue.take_ticket(service_code)

    # ---- start-up recovery -----------------------------------------------------------------------
    def recover_on_startup(self) -> RecoveryReport:
        """Settle what a crash left in the middle; call once at start-up, before the first session.
        With an archive, A4 PDFs a crash kept from being written are queued again."""
        report = recover(journal=self.journal, ledger=self.ledger, print_book=self.print_book, audit=self.audit,
                         sessions=self.sessions, session_factory=self.session_factory)
        if self.archive is not None:
            self.archive.catch_up(self.clock())
        return report


__all__ = ["IllegalTransition", "KioskServices", "PaymentState"]
