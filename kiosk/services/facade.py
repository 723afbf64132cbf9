"""KioskServices: the one object the screen flows, the CLI and the tests talk to (KioskServicesPort).

It owns no person's data beyond the current session (:mod:`kiosk.services.sessions`); everything
else is read from the database when needed and dropped after the call. Every taxpayer task is a
journal transaction (:mod:`kiosk.services.journal`) whose steps commit before their actions.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from devices.printjob import JobState
from kiosk.clock import LOCAL_TZ, Clock, from_db, local_day, system_clock, to_db
from kiosk.config import KioskConfig
from kiosk.persistence.models import (
    IssuedDocument,
    Payment,
    PrintJob,
    Reconciliation,
    TaxDue,
    Taxpayer,
    Transaction,
)
from kiosk.services import commitment as commitment_texts
from kiosk.services import dues as dues_mod
from kiosk.services import queue as queue_mod
from kiosk.services import reconciliation as recon
from kiosk.services import records as records_mod
from kiosk.services import rental as rental_mod
from kiosk.services.api import (
    Commitment,
    DeductionAnswers,
    DueView,
    PaymentOrderView,
    PaymentState,
    PrintableDocument,
    QueueService,
    QueueTicketView,
    ReconciliationPrefill,
    ReconciliationPreview,
    RecordView,
    RentalQuoteView,
    RentalRequest,
    TaxpayerView,
)
from kiosk.services.audit import AuditLog
from kiosk.services.documents import DocumentDesk, IssuerPort
from kiosk.services.errors import (
    IllegalTransition,
    NotFoundError,
    PaymentError,
    PaymentInProgress,
    UserInputError,
)
from kiosk.services.journal import MONEY_RECEIVED, Journal, TransactionKind, TransactionState
from kiosk.services.ledger import Effects, PaymentLedger
from kiosk.services.payments import OrderState, PaymentProvider
from kiosk.services.sessions import CurrentSession, SessionManager, Via
from receipts import documents as builders

if TYPE_CHECKING:
    from kiosk.services.recovery import RecoveryReport
from receipts.model import Document, IssueContext

log = logging.getLogger("kiosk.services")
S = TransactionState


class DocumentPrintState(StrEnum):
    """Whether an issued document has come out of the printer (documents.print_state)."""

    PENDING = "pending"
    PRINTED = "printed"
    UNPRINTED = "unprinted"  # owed a free reprint


Builder = Callable[[Session, Taxpayer | None, IssueContext], Document]


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
    ) -> None:
        self.config = config
        self._factory = session_factory
        self._clock = clock
        self.provider = provider
        self.audit = AuditLog(session_factory, clock)
        self.journal = Journal(session_factory, clock)
        self.desk = DocumentDesk(config, issuer, clock)
        office = config.kiosk.tax_office
        self.ledger = PaymentLedger(
            session_factory, self.journal, self.audit, provider, clock,
            {
                TransactionKind.PAYMENT: Effects(dues_mod.on_paid(office), dues_mod.release),
                TransactionKind.RENTAL_INVOICE: Effects(rental_mod.on_paid(office), rental_mod.release),
            },
        )
        self.sessions = SessionManager(session_factory, self.audit, clock, kiosk_id=config.kiosk.id,
                                       id_mask=config.printing.id_mask)
        subscribe = getattr(provider, "subscribe", None)
        if subscribe_callbacks and callable(subscribe):
            subscribe(self.handle_payment_notification)

    # ---- identity and session ----------------------------------------------------------------
    def start_session_from_card(self, id_number: str, name: str, card_type: str) -> TaxpayerView:
        del name, card_type  # the card's name is not needed: the taxpayer's row has it
        return self.sessions.start(id_number, Via.CARD)

    def start_session_staff(self, id_number: str, staff_code: str, pin: str) -> TaxpayerView:
        return self.sessions.start(id_number, Via.STAFF, staff_code=staff_code, staff_pin=pin)

    def end_session(self, reason: str) -> None:
        self.sessions.end(reason)

    @property
    def has_session(self) -> bool:
        return self.sessions.active

    def _me(self) -> CurrentSession:
        return self.sessions.current

    # ---- records and certificates ----------------------------------------------------------
    def list_records(self, date_from: dt.date, date_to: dt.date, tax_type: str | None = None) -> list[RecordView]:
        me = self._me()
        with self._factory() as db:
            return records_mod.list_records(db, me.taxpayer_id, date_from, date_to, tax_type)

    def issue_certificate(self, record_ids: list[int]) -> PrintableDocument:
        me = self._me()
        with self._factory() as db:
            ids = [r.id for r in records_mod.chosen_records(db, me.taxpayer_id, record_ids)]

        def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
            assert tp is not None
            rows = records_mod.chosen_records(db, tp.id, ids)
            lines = [builders.CertificateLine(r.voucher_no, r.tax_type, records_mod.income_item_label(r.item),
                                              r.period_from, r.period_to, r.paid_on, r.amount) for r in rows]
            return builders.certificate(ctx, tp.name, tp.id_number, lines)

        tx_id = self._begin_confirmed(TransactionKind.CERTIFICATE, me, {"record_ids": ids},
                                      f"certificate for {len(ids)} payment(s) confirmed")
        return self._issue(tx_id, me.taxpayer_id, build)

    def issue_iit_record(self, month_from: dt.date, month_to: dt.date) -> PrintableDocument:
        me = self._me()
        first, last = records_mod.month_span(month_from, month_to)

        def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
            assert tp is not None
            rows = records_mod.iit_records(db, tp.id, first, last)
            lines = [builders.IitRecordLine(records_mod.income_item_label(r.item),
                                            records_mod.period_text(r.period_from, r.period_to), r.paid_on,
                                            r.tax_office, r.amount) for r in rows]
            return builders.iit_record(ctx, tp.name, tp.id_number, first, last, lines)

        tx_id = self._begin_confirmed(TransactionKind.IIT_RECORD, me,
                                      {"from": first.isoformat(), "to": last.isoformat()},
                                      f"IIT record {first:%Y-%m} to {last:%Y-%m} confirmed")
        return self._issue(tx_id, me.taxpayer_id, build)

    def reprint(self, number: str) -> PrintableDocument:
        """The same number, marked 补打 / REPRINT; free. Owed documents reuse their own transaction."""
        me = self._me()
        with self._factory() as db:
            doc = self._own_document(db, me, number)
            owner_tx = db.get(Transaction, doc.transaction_id) if doc.transaction_id else None
            if owner_tx is not None and S(owner_tx.state) in (S.ISSUED, S.UNPRINTED):
                tx_id = owner_tx.id
            else:
                tx = self.journal.begin_in(db, TransactionKind.REPRINT, session_id=me.session_id,
                                           taxpayer_id=me.taxpayer_id, detail={"number": number},
                                           reason=f"reprint of {number} asked")
                tx_id = tx.id
                self.journal.advance_in(db, tx_id, S.CONFIRMED, "reprint confirmed")
                db.commit()
        with self._factory() as db:
            printable = self.desk.reprint(db, number)
            if self.journal.state(tx_id) is S.CONFIRMED:
                self.journal.advance_in(db, tx_id, S.ISSUED, f"reprint of {number} issued")
            db.commit()
        me.scratch.setdefault("print_tx", {})[number] = tx_id
        me.scratch.setdefault("parts", {})[number] = len(printable.escpos_parts)
        self.audit.append("taxpayer", "document.reprinted", {"number": number, "transaction": tx_id})
        return printable

    def unprinted_documents(self) -> list[str]:
        me = self._me()
        with self._factory() as db:
            return list(db.execute(
                select(IssuedDocument.number).where(IssuedDocument.taxpayer_id == me.taxpayer_id,
                                                    IssuedDocument.free_reprint.is_(True))
                .order_by(IssuedDocument.issued_at)
            ).scalars())

    # ---- printing bookkeeping ----------------------------------------------------------------
    def begin_print(self, number: str) -> str:
        me = self.sessions.current_or_none  # a queue ticket prints without a session
        with self._factory() as db:
            doc = db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
            if doc is None or (doc.taxpayer_id is not None and (me is None or doc.taxpayer_id != me.taxpayer_id)):
                raise NotFoundError(f"document {number} is not yours or does not exist")
            tx_id = (me.scratch.get("print_tx", {}).get(number) if me else None) or doc.transaction_id
            if tx_id is None:
                raise NotFoundError(f"document {number} has no transaction to print under")
            job_id = str(uuid.uuid4())
            parts = (me.scratch.get("parts", {}).get(number, 0) if me else 0)
            db.add(PrintJob(id=job_id, document_id=doc.id, transaction_id=tx_id, state=JobState.PRINTING,
                            is_reprint=doc.reprint_count > 0, parts_total=parts, created_at=to_db(self._clock())))
            self.journal.advance_in(db, tx_id, S.PRINT_REQUESTED, f"print job {job_id} for {number}",
                                    expect=frozenset({S.ISSUED, S.UNPRINTED}))
            db.commit()
        return job_id

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        if state not in (JobState.PRINTED, JobState.INCOMPLETE, JobState.FAILED):
            raise UserInputError(f"print job state must be printed, incomplete or failed, got {state!r}")
        with self._factory() as db:
            job = db.get(PrintJob, job_id)
            if job is None:
                raise NotFoundError(f"print job {job_id} does not exist")
            if job.state != JobState.PRINTING:
                log.warning("print job %s already finished as %s; %s ignored", job_id, job.state, state)
                return
            job.state = state
            job.parts_done = parts_done
            job.error = reason[:200] or None
            job.finished_at = to_db(self._clock())
            doc = db.get(IssuedDocument, job.document_id)
            assert doc is not None and job.transaction_id is not None
            if state == JobState.PRINTED:
                doc.print_state = DocumentPrintState.PRINTED
                doc.free_reprint = False
                self.journal.advance_in(db, job.transaction_id, S.PRINTED, f"print job {job_id} printed")
                self.journal.advance_in(db, job.transaction_id, S.DONE, "document handed out")
            else:
                doc.print_state = DocumentPrintState.UNPRINTED
                doc.free_reprint = True
                self.journal.advance_in(db, job.transaction_id, S.UNPRINTED,
                                        f"print job {job_id} {state}: {reason or 'no reason given'}; free reprint")
            number = doc.number
            db.commit()
        self.audit.append("kiosk", f"print.{state}", {"number": number, "job": job_id, "parts": parts_done})

    # ---- IIT annual reconciliation -------------------------------------------------------------
    def reconciliation_years(self) -> list[int]:
        me = self._me()
        with self._factory() as db:
            return recon.years(db, me.taxpayer_id, local_day(self._clock()))

    def reconciliation_prefill(self, year: int) -> ReconciliationPrefill:
        me = self._me()
        with self._factory() as db:
            return recon.prefill(db, me.taxpayer_id, year)

    def reconciliation_preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview:
        me = self._me()
        with self._factory() as db:
            return recon.compute(db, me.taxpayer_id, year, answers)[0]

    def commitment(self) -> Commitment:
        return commitment_texts.current()

    def reconciliation_submit(
        self, year: int, answers: DeductionAnswers, commitment_version: str
    ) -> tuple[ReconciliationPreview, PrintableDocument]:
        me = self._me()
        text = commitment_texts.require_current(commitment_version)
        with self._factory() as db:
            recon.check_not_submitted(db, me.taxpayer_id, year)
            preview, rule_version, inputs = recon.compute(db, me.taxpayer_id, year, answers)
        tx_id = self._begin_confirmed(TransactionKind.RECONCILIATION, me, {"year": year},
                                      f"commitment {text.version} signed for {year}")
        now = self._clock()
        with self._factory() as db:
            recon.check_not_submitted(db, me.taxpayer_id, year)
            rec = Reconciliation(
                taxpayer_id=me.taxpayer_id, transaction_id=tx_id, year=year, rule_version=rule_version,
                inputs=inputs, result=recon.preview_as_json(preview), balance=preview.balance,
                commitment_version=text.version, commitment_text=f"{text.text_zh}\n{text.text_en}",
                signed_at=to_db(now), submitted_at=to_db(now),
            )
            db.add(rec)
            if preview.result == "pay" and preview.filing_required and preview.balance > 0:
                from kiosk.domain.taxes import TaxType
                from kiosk.rules import iit_rules

                db.add(TaxDue(
                    taxpayer_id=me.taxpayer_id, tax_type=TaxType.IIT.value, item=f"{year}年度汇算补税",
                    period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31),
                    due_date=iit_rules(year).reconciliation_window(year)[1], amount=preview.balance,
                    detail={"reconciliation_tx": tx_id},
                ))
            self.journal.advance_in(db, tx_id, S.SUBMITTED,
                                    f"{year} submitted: {preview.result} {preview.balance} ({rule_version})")
            db.commit()
        self.audit.append("taxpayer", "reconciliation.submitted",
                          {"transaction": tx_id, "year": year, "result": preview.result,
                           "balance": preview.balance, "commitment": text.version})
        return preview, self._issue(tx_id, me.taxpayer_id, self._builder_for(tx_id))

    # ---- taxes due and payment -----------------------------------------------------------------
    def list_dues(self) -> list[DueView]:
        me = self._me()
        with self._factory() as db:
            return dues_mod.list_dues(db, me.taxpayer_id)

    def create_payment(self, due_ids: list[int]) -> PaymentOrderView:
        me = self._me()
        with self._factory() as db:
            chosen, open_tx = dues_mod.chosen_dues(db, me.taxpayer_id, due_ids)
            amount = dues_mod.total(chosen)
            ids = [d.id for d in chosen]
            items = "、".join(d.item for d in chosen)
        if open_tx is not None:  # the same dues are already in a payment: show that one, never a second
            log.info("dues %s already in payment %s: polling it instead of ordering again", ids, open_tx)
            return self.poll_payment(open_tx)
        if amount <= 0:
            raise UserInputError("there is nothing to pay", message_key="error.nothing_to_pay")
        description = f"{self.config.kiosk.tax_office} {items}"[:120]
        tx_id = self._begin_confirmed(TransactionKind.PAYMENT, me, {"due_ids": ids, "description": description},
                                      f"taxpayer confirmed {len(ids)} due(s), total {amount}", amount=amount)
        return self._request_payment(tx_id, description, self._lock_dues(ids))

    def _lock_dues(self, ids: list[int]) -> Callable[[Session, Payment], None]:
        def lock(db: Session, payment: Payment) -> None:
            for d in db.execute(select(TaxDue).where(TaxDue.id.in_(ids))).scalars():
                if d.status != dues_mod.DueStatus.DUE.value:
                    raise PaymentInProgress(f"{d.item} is no longer due")
                if d.payment_id is not None:
                    st = db.execute(select(Payment.state).where(Payment.id == d.payment_id)).scalar()
                    if st in dues_mod.LOCKING_PAYMENT_STATES:
                        raise PaymentInProgress("some of these taxes are already in a payment that is not finished")
                d.payment_id = payment.id

        return lock

    def _request_payment(self, tx_id: str, description: str,
                         lock: Callable[[Session, Payment], None]) -> PaymentOrderView:
        try:
            return self.ledger.request(tx_id, description, lock)
        except PaymentInProgress as exc:
            self.journal.advance(tx_id, S.CANCELLED, f"not requested: {exc}", failure_reason=str(exc))
            raise

    def poll_payment(self, transaction_id: str) -> PaymentOrderView:
        self._own_tx(transaction_id)
        return self.ledger.poll(transaction_id)

    def cancel_payment(self, transaction_id: str) -> PaymentOrderView:
        self._own_tx(transaction_id)
        return self.ledger.cancel(transaction_id)

    def handle_payment_notification(self, idempotency_key: str, state: OrderState) -> PaymentOrderView | None:
        """Provider callback (any thread, any number of times): it only triggers a query by key."""
        return self.ledger.on_notification(idempotency_key, state)

    def issue_payment_voucher(self, transaction_id: str) -> PrintableDocument:
        me = self._me()
        self._own_tx(transaction_id, kinds=(TransactionKind.PAYMENT,))
        return self._issue_paid_document(me, transaction_id)

    def _issue_paid_document(self, me: CurrentSession, tx_id: str) -> PrintableDocument:
        state = self.journal.state(tx_id)
        if state not in MONEY_RECEIVED:
            raise PaymentError("this payment is not complete", message_key="error.payment_not_paid")
        if state is S.PAID:
            printable = self._issue(tx_id, me.taxpayer_id, self._builder_for(tx_id))
            return printable
        with self._factory() as db:
            number = db.execute(select(IssuedDocument.number).where(IssuedDocument.transaction_id == tx_id)
                                .order_by(IssuedDocument.id).limit(1)).scalar_one()
        return self.reprint(number)

    # ---- rental invoice on a person's behalf ----------------------------------------------------
    def rental_quote(self, request: RentalRequest) -> RentalQuoteView:
        return rental_mod.quote(request, self.config.kiosk.tax_office_code)[0]

    def rental_create_payment(self, request: RentalRequest) -> PaymentOrderView:
        me = self._me()
        view, lines = rental_mod.quote(request, self.config.kiosk.tax_office_code)
        with self._factory() as db:
            tx = self.journal.begin_in(db, TransactionKind.RENTAL_INVOICE, session_id=me.session_id,
                                       taxpayer_id=me.taxpayer_id, amount=view.total_tax,
                                       detail={"description": "个人出租住房代开发票税费"},
                                       reason=f"rental invoice quoted {view.total_tax} ({view.rule_version})")
            rental_mod.new_invoice(db, me.taxpayer_id, tx.id, request, view, lines)
            self.journal.advance_in(db, tx.id, S.CONFIRMED, f"taxpayer confirmed taxes of {view.total_tax}")
            tx_id = tx.id
            db.commit()
        if view.total_tax <= 0:
            with self._factory() as db:
                tx = db.get(Transaction, tx_id)
                assert tx is not None
                self.journal.advance_in(db, tx_id, S.PAID, "nothing to pay (exempt)")
                rental_mod.on_paid(self.config.kiosk.tax_office)(db, tx, None, self._clock())  # type: ignore[arg-type]
                db.commit()
            return self.ledger.view(tx_id)
        return self._request_payment(tx_id, "个人出租住房代开发票税费", lambda db, payment: None)

    def issue_rental_invoice(self, transaction_id: str) -> PrintableDocument:
        me = self._me()
        self._own_tx(transaction_id, kinds=(TransactionKind.RENTAL_INVOICE,))
        return self._issue_paid_document(me, transaction_id)

    # ---- queue ticket ----------------------------------------------------------------------------
    def queue_services(self) -> list[QueueService]:
        return [s.service for s in queue_mod.SERVICES]

    def take_queue_ticket(self, service_code: str) -> tuple[QueueTicketView, PrintableDocument]:
        me = self.sessions.current_or_none
        view, _ticket_id = queue_mod.take(self._factory, service_code, self._clock(), kiosk_id=self.config.kiosk.id,
                                          taxpayer_id=me.taxpayer_id if me else None)
        with self._factory() as db:
            tx = self.journal.begin_in(db, TransactionKind.QUEUE_TICKET, session_id=me.session_id if me else None,
                                       taxpayer_id=None, detail={"ticket": view.ticket},
                                       reason=f"queue ticket {view.ticket}")
            self.journal.advance_in(db, tx.id, S.CONFIRMED, "ticket drawn")
            tx_id = tx.id
            db.commit()

        def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
            s = view.service
            return builders.queue_ticket(ctx, s.code, s.label_zh, s.label_en, view.ticket, view.waiting_ahead,
                                         view.estimated_wait_minutes)

        return view, self._issue(tx_id, None, build)

    # ---- start-up recovery -----------------------------------------------------------------------
    def recover_on_startup(self) -> RecoveryReport:
        """Settle what a crash left in the middle; call once at start-up, before the first session."""
        from kiosk.services.recovery import recover

        return recover(self)

    # ---- inside ------------------------------------------------------------------------------------
    def _begin_confirmed(self, kind: TransactionKind, me: CurrentSession, detail: dict[str, Any], confirm: str,
                         amount: Decimal | None = None) -> str:
        with self._factory() as db:
            tx = self.journal.begin_in(db, kind, session_id=me.session_id, taxpayer_id=me.taxpayer_id,
                                       amount=amount, detail=detail)
            self.journal.advance_in(db, tx.id, S.CONFIRMED, confirm)
            db.commit()
            return tx.id

    def _issue(self, tx_id: str, taxpayer_id: int | None, build: Builder, *,
               remember: bool = True, owed: bool = False) -> PrintableDocument:
        """Build, number and store the document together with the ``issued`` step (one commit)."""
        with self._factory() as db:
            tp = db.get(Taxpayer, taxpayer_id) if taxpayer_id is not None else None
            doc = build(db, tp, self.desk.context())
            del tp
            printable = self.desk.issue(db, doc, taxpayer_id=taxpayer_id, transaction_id=tx_id)
            del doc
            kind = TransactionKind(db.execute(select(Transaction.kind).where(Transaction.id == tx_id)).scalar_one())
            if kind is TransactionKind.RENTAL_INVOICE:
                rental_mod.invoice_of(db, tx_id).state = rental_mod.InvoiceState.ISSUED
            self.journal.advance_in(db, tx_id, S.ISSUED, f"{printable.kind} {printable.number} issued")
            if owed:
                row = db.execute(select(IssuedDocument).where(IssuedDocument.number == printable.number)).scalar_one()
                row.print_state = DocumentPrintState.UNPRINTED
                row.free_reprint = True
                self.journal.advance_in(db, tx_id, S.UNPRINTED, "recovery: issued after a restart; free reprint")
            db.commit()
        me = self.sessions.current_or_none if remember else None
        if me is not None:
            me.scratch.setdefault("print_tx", {})[printable.number] = tx_id
            me.scratch.setdefault("parts", {})[printable.number] = len(printable.escpos_parts)
        self.audit.append("kiosk", "document.issued", {"number": printable.number, "kind": printable.kind,
                                                        "transaction": tx_id})
        return printable

    def _builder_for(self, tx_id: str) -> Builder:
        """The document a paid or submitted transaction is owed (voucher, invoice, reconciliation)."""

        def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
            assert tp is not None
            tx = db.get(Transaction, tx_id)
            assert tx is not None
            kind = TransactionKind(tx.kind)
            if kind is TransactionKind.PAYMENT:
                payment = db.execute(select(Payment).where(Payment.transaction_id == tx_id)
                                     .order_by(Payment.id.desc()).limit(1)).scalar_one()
                lines = [builders.VoucherLine(d.tax_type, d.item, d.period_from, d.period_to, d.amount)
                         for d in db.execute(select(TaxDue).where(TaxDue.payment_id == payment.id)
                                             .order_by(TaxDue.id)).scalars()]
                paid_at = from_db(payment.paid_at or payment.updated_at).astimezone(LOCAL_TZ).replace(tzinfo=None)
                return builders.payment_voucher(ctx, tp.name, tp.id_number, tx_id, f"扫码支付 QR ({payment.provider})",
                                                payment.provider_order_id or payment.idempotency_key, paid_at, lines)
            if kind is TransactionKind.RENTAL_INVOICE:
                inv = rental_mod.invoice_of(db, tx_id)
                lines = [builders.RentalTaxLine(zh, en, amount) for zh, en, amount, _type in rental_mod.stored_lines(inv)]
                return builders.rental_invoice(ctx, tp.name, tp.id_number, inv.tenant_name, inv.tenant_tax_id,
                                               inv.property_address, inv.period_from, inv.period_to, inv.rent_total,
                                               lines, inv.rule_version)
            if kind is TransactionKind.RECONCILIATION:
                rec = db.execute(select(Reconciliation).where(Reconciliation.transaction_id == tx_id)).scalar_one()
                r = rec.result
                steps = [builders.ReconciliationStep(s["label_zh"], s["label_en"],
                                                     Decimal(s["amount"]) if s["amount"] is not None else None,
                                                     s.get("text", "")) for s in r["steps"]]
                text = commitment_texts.by_version(rec.commitment_version)
                signed = from_db(rec.signed_at).astimezone(LOCAL_TZ).replace(tzinfo=None)
                return builders.reconciliation(ctx, tp.name, tp.id_number, rec.year, steps, Decimal(r["tax"]),
                                               Decimal(r["prepaid_tax"]), Decimal(r["balance"]), r["result"],
                                               rec.rule_version, rec.commitment_version, text.text_zh, text.text_en,
                                               signed)
            raise NotFoundError(f"a {kind.value} transaction is owed no document")  # pragma: no cover

        return build

    def _own_tx(self, tx_id: str, kinds: tuple[TransactionKind, ...] = (TransactionKind.PAYMENT,
                                                                          TransactionKind.RENTAL_INVOICE)) -> None:
        me = self._me()
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None or tx.taxpayer_id != me.taxpayer_id or TransactionKind(tx.kind) not in kinds:
                raise NotFoundError(f"payment {tx_id} is not yours or does not exist",
                                    message_key="error.payment_not_found")

    @staticmethod
    def _own_document(db: Session, me: CurrentSession, number: str) -> IssuedDocument:
        doc = db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
        if doc is None or (doc.taxpayer_id is not None and doc.taxpayer_id != me.taxpayer_id):
            raise NotFoundError(f"document {number} is not yours or does not exist",
                                message_key="error.document_not_found")
        return doc


__all__ = ["IllegalTransition", "KioskServices", "PaymentState"]
