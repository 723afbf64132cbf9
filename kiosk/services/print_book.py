"""The print book: documents issued under journal transactions, their print jobs, and the reprints owed.

* :meth:`PrintBook.issue` builds, numbers and stores a document together with its transaction's
  ``issued`` step, in one commit: a document exists exactly when the journal says it was issued.
* :meth:`PrintBook.begin_print` commits a ``print_jobs`` row and the ``print_requested`` step before
  the first byte goes to the printer; :meth:`PrintBook.finish_print` records the outcome: ``printed``
  then ``done``, or ``unprinted`` (the document is owed a free reprint).
* :meth:`PrintBook.reprint` gives the same number again, marked 补打 / REPRINT, free. A document still
  owed to its transaction (issued or unprinted) is reprinted under that transaction; any other under
  a new ``reprint`` transaction.
* Start-up recovery settles print work a crash cut short with :meth:`PrintBook.settle_unprinted`,
  :meth:`PrintBook.settle_printed` and ``issue(..., after_restart=True)``.

The print-job states are :class:`devices.printjob.JobState` (the driver's own vocabulary); a
document's own state is :class:`DocumentPrintState`. Both are stored as their string values.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from devices.printjob import JobState
from kiosk.clock import Clock, to_db
from kiosk.persistence.models import IssuedDocument, PrintJob, Taxpayer, Transaction
from kiosk.services import rental
from kiosk.services.api import PrintableDocument
from kiosk.services.audit import AuditLog
from kiosk.services.documents import DocumentDesk
from kiosk.services.errors import IllegalTransition, NotFoundError, UserInputError
from kiosk.services.journal import Journal, TransactionKind, TransactionState
from kiosk.services.sessions import CurrentSession, SessionManager
from receipts.model import Document, IssueContext

log = logging.getLogger("kiosk.printing")
S = TransactionState


class DocumentPrintState(StrEnum):
    """Whether an issued document has come out of the printer (documents.print_state)."""

    PENDING = "pending"
    PRINTED = "printed"
    UNPRINTED = "unprinted"  # owed a free reprint


# Builds the document for a transaction inside the issuing unit of work, from the taxpayer's row
# (None for a queue ticket) and the issue context (kiosk, office, time, presentation).
Builder = Callable[[Session, Taxpayer | None, IssueContext], Document]

FINISHED = frozenset({JobState.PRINTED, JobState.SENT_UNCONFIRMED, JobState.INCOMPLETE, JobState.FAILED})
# An owed document is reprinted under its own transaction while that one is in these states.
OWED_STATES = frozenset({S.ISSUED, S.UNPRINTED})
RESTART_UNPRINTED = frozenset({S.ISSUED, S.PRINT_REQUESTED})

# Per-session memory of what was just issued: the transaction to print it under and its parts.
PRINT_TX = "print_tx"
PARTS = "parts"


class PrintBook:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        journal: Journal,
        audit: AuditLog,
        desk: DocumentDesk,
        sessions: SessionManager,
        clock: Clock,
    ) -> None:
        self._factory = session_factory
        self._journal = journal
        self._audit = audit
        self._desk = desk
        self._sessions = sessions
        self._clock = clock

    # ---- issuing -------------------------------------------------------------------------------
    def issue(self, tx_id: str, build: Builder, *, after_restart: bool = False) -> PrintableDocument:
        """Build, number and store the document with the transaction's ``issued`` step (one commit).

        The document is for the transaction's taxpayer (none for a queue ticket). ``after_restart``
        is start-up recovery's: nobody is at the kiosk to take the paper, so the document is owed a
        free reprint at once and nothing is remembered for a session.
        """
        with self._factory() as db:
            tx = db.get(Transaction, tx_id)
            if tx is None:
                raise NotFoundError(f"transaction {tx_id} does not exist")
            taxpayer_id, kind = tx.taxpayer_id, TransactionKind(tx.kind)
            # The journal step comes first: it refuses a transaction not ready to be issued before a
            # number is spent. Everything below, rendering included, commits in this one transaction
            # (kiosk.persistence.db makes SQLite savepoints nest inside it).
            self._journal.advance_in(db, tx_id, S.ISSUED, f"{kind.value} document issued")
            if kind is TransactionKind.RENTAL_INVOICE:
                rental.mark_issued(db, tx_id)
            taxpayer = db.get(Taxpayer, taxpayer_id) if taxpayer_id is not None else None
            document = build(db, taxpayer, self._desk.context())
            del taxpayer
            printable = self._desk.issue(db, document, taxpayer_id=taxpayer_id, transaction_id=tx_id)
            del document
            if after_restart:
                self._owe_reprint(self._document(db, printable.number), "issued after a restart")
                self._journal.advance_in(db, tx_id, S.UNPRINTED, "recovery: issued after a restart; free reprint")
            self._audit.append_in(db, "kiosk", "document.issued", {"number": printable.number,
                                                                   "kind": printable.kind, "transaction": tx_id})
            db.commit()
        if not after_restart:
            self._remember(self._sessions.current_or_none, printable, tx_id)
        return printable

    def reprint(self, number: str) -> PrintableDocument:
        """The current taxpayer's document again: same number, marked 补打 / REPRINT, free."""
        me = self._sessions.current
        with self._factory() as db:
            doc = self._own_document(db, me, number)
            owner = db.get(Transaction, doc.transaction_id) if doc.transaction_id else None
            owner_id = owner.id if owner is not None and S(owner.state) in OWED_STATES else None
        tx_id = owner_id or self._journal.begin_confirmed(
            TransactionKind.REPRINT, session_id=me.session_id, taxpayer_id=me.taxpayer_id,
            detail={"number": number}, reason=f"reprint of {number} asked",
        )
        with self._factory() as db:
            printable = self._desk.reprint(db, number)
            if owner_id is None:
                self._journal.advance_in(db, tx_id, S.ISSUED, f"reprint of {number} issued")
            self._audit.append_in(db, "taxpayer", "document.reprinted", {"number": number, "transaction": tx_id})
            db.commit()
        self._remember(me, printable, tx_id)
        return printable

    def owed_reprints(self, taxpayer_id: int) -> list[str]:
        """Numbers of the taxpayer's documents owed a free reprint, oldest first."""
        with self._factory() as db:
            return list(db.execute(
                select(IssuedDocument.number)
                .where(IssuedDocument.taxpayer_id == taxpayer_id, IssuedDocument.free_reprint.is_(True))
                .order_by(IssuedDocument.issued_at, IssuedDocument.id)
            ).scalars())

    # ---- printing ------------------------------------------------------------------------------
    def begin_print(self, number: str) -> str:
        """Commit a print job and the ``print_requested`` step before printing; returns the job id."""
        me = self._sessions.current_or_none  # a queue ticket prints without a session
        with self._factory() as db:
            doc = db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
            if doc is None or (doc.taxpayer_id is not None and (me is None or doc.taxpayer_id != me.taxpayer_id)):
                raise NotFoundError(f"document {number} is not yours or does not exist")
            tx_id = (me.scratch.get(PRINT_TX, {}).get(number) if me else None) or doc.transaction_id
            if tx_id is None:
                raise NotFoundError(f"document {number} has no transaction to print under")
            job_id = str(uuid.uuid4())
            parts = me.scratch.get(PARTS, {}).get(number, 0) if me else 0
            db.add(PrintJob(id=job_id, document_id=doc.id, transaction_id=tx_id, state=JobState.PRINTING,
                            is_reprint=doc.reprint_count > 0, parts_total=parts, created_at=to_db(self._clock())))
            self._journal.advance_in(db, tx_id, S.PRINT_REQUESTED, f"print job {job_id} for {number}",
                                     expect=OWED_STATES)
            db.commit()
        log.info("print job %s from none to %s (%s)", job_id, JobState.PRINTING.value, number)
        return job_id

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        """Record how a job ended; a document that did not fully print is owed a free reprint."""
        if state not in FINISHED:
            raise UserInputError(
                f"print job state must be printed, sent_unconfirmed, incomplete or failed, got {state!r}"
            )
        state = JobState(state)  # a caller's plain "printed" must count as printed, not as a failure
        with self._factory() as db:
            job = db.get(PrintJob, job_id)
            if job is None:
                raise NotFoundError(f"print job {job_id} does not exist")
            if job.state != JobState.PRINTING:
                log.warning("print job %s already finished as %s; %s ignored", job_id, job.state, state.value)
                return
            self._end_job(job, state, reason or "printer")
            job.parts_done = parts_done
            job.error = reason[:200] or None
            doc = db.get(IssuedDocument, job.document_id)
            if doc is None or job.transaction_id is None:  # pragma: no cover - begin_print sets both
                raise NotFoundError(f"print job {job_id} has no document or transaction")
            if state.counts_as_printed:  # SENT_UNCONFIRMED: every byte went out; never a free reprint
                self._printed(doc)
                self._journal.advance_in(db, job.transaction_id, S.PRINTED, f"print job {job_id} {state.text}")
                self._journal.advance_in(db, job.transaction_id, S.DONE, "document handed out")
            else:
                self._owe_reprint(doc, f"print job {state.value}")
                self._journal.advance_in(db, job.transaction_id, S.UNPRINTED,
                                         f"print job {job_id} {state.value}: {reason or 'no reason given'}; "
                                         "free reprint")
            self._audit.append_in(db, "kiosk", f"print.{state.value}", {"number": doc.number, "job": job_id,
                                                                        "parts": parts_done})
            db.commit()

    # ---- start-up recovery ---------------------------------------------------------------------
    def settle_unprinted(self, tx_id: str, left_in: TransactionState) -> list[str]:
        """A restart found the transaction issued or printing: owe its documents a free reprint.

        A job still printing is marked incomplete: it may have printed, so it is never reprinted
        automatically. Returns the numbers now owed.
        """
        if left_in not in RESTART_UNPRINTED:
            raise IllegalTransition(f"only an issued or printing transaction is settled as unprinted, not {left_in}")
        with self._factory() as db:
            for job in self._running_jobs(db, tx_id):
                self._end_job(job, JobState.INCOMPLETE, "restart")
                job.error = "kiosk restarted while printing; may have printed"
            numbers = []
            for doc in db.execute(select(IssuedDocument).where(IssuedDocument.transaction_id == tx_id)).scalars():
                if doc.print_state != DocumentPrintState.PRINTED or left_in is S.PRINT_REQUESTED:
                    self._owe_reprint(doc, "restart")
                    numbers.append(doc.number)
            if not numbers:
                # A reprint transaction owns no document: the one it was reprinting is owed instead.
                tx = db.get(Transaction, tx_id)
                number = (tx.detail or {}).get("number") if tx is not None else None
                target = self._document_or_none(db, number) if number else None
                if target is not None:
                    self._owe_reprint(target, "restart")
                    numbers.append(target.number)
            self._journal.advance_in(db, tx_id, S.UNPRINTED, f"recovery: {left_in.value} at restart; free reprint",
                                     expect=left_in)
            db.commit()
        return numbers

    def settle_printed(self, tx_id: str) -> None:
        """A restart found the job confirmed printed: record it so and the transaction done."""
        with self._factory() as db:
            for job in self._running_jobs(db, tx_id):
                self._end_job(job, JobState.PRINTED, "printed before the restart")
                doc = db.get(IssuedDocument, job.document_id)
                if doc is not None:
                    self._printed(doc)
            self._journal.advance_in(db, tx_id, S.DONE, "recovery: printed before the restart", expect=S.PRINTED)
            db.commit()

    # ---- inside --------------------------------------------------------------------------------
    def _end_job(self, job: PrintJob, state: JobState, why: str) -> None:
        log.info("print job %s from %s to %s (%s)", job.id, job.state, state.value, why)
        job.state = state
        job.finished_at = to_db(self._clock())

    @staticmethod
    def _running_jobs(db: Session, tx_id: str) -> list[PrintJob]:
        return list(db.execute(select(PrintJob).where(PrintJob.transaction_id == tx_id,
                                                      PrintJob.state == JobState.PRINTING)).scalars())

    @staticmethod
    def _owe_reprint(doc: IssuedDocument, why: str) -> None:
        if doc.print_state != DocumentPrintState.UNPRINTED:
            log.info("document %s from %s to %s (%s; free reprint)", doc.number, doc.print_state,
                     DocumentPrintState.UNPRINTED.value, why)
        doc.print_state = DocumentPrintState.UNPRINTED
        doc.free_reprint = True

    @staticmethod
    def _printed(doc: IssuedDocument) -> None:
        if doc.print_state != DocumentPrintState.PRINTED:
            log.info("document %s from %s to %s (printer)", doc.number, doc.print_state,
                     DocumentPrintState.PRINTED.value)
        doc.print_state = DocumentPrintState.PRINTED
        doc.free_reprint = False

    @staticmethod
    def _remember(me: CurrentSession | None, printable: PrintableDocument, tx_id: str) -> None:
        if me is not None:
            me.scratch.setdefault(PRINT_TX, {})[printable.number] = tx_id
            me.scratch.setdefault(PARTS, {})[printable.number] = len(printable.escpos_parts)

    @staticmethod
    def _document_or_none(db: Session, number: str) -> IssuedDocument | None:
        return db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()

    def _document(self, db: Session, number: str) -> IssuedDocument:
        doc = self._document_or_none(db, number)
        if doc is None:
            raise NotFoundError(f"document {number} does not exist", message_key="error.document_not_found")
        return doc

    def _own_document(self, db: Session, me: CurrentSession, number: str) -> IssuedDocument:
        doc = self._document_or_none(db, number)
        if doc is None or (doc.taxpayer_id is not None and doc.taxpayer_id != me.taxpayer_id):
            raise NotFoundError(f"document {number} is not yours or does not exist",
                                message_key="error.document_not_found")
        return doc


__all__ = ["Builder", "DocumentPrintState", "PrintBook"]
