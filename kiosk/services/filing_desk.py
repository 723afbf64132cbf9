"""The IIT annual reconciliation (年度汇算) at the kiosk: years, prefill, preview, sign and submit.

The figures come from :mod:`kiosk.services.reconciliation` (shared data and the versioned rule
tables); this desk stores the filing with the signed commitment, adds the balance to pay as a due,
and issues the reconciliation document through the print book.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, local_day, to_db
from kiosk.domain.taxes import TaxType
from kiosk.persistence.models import Reconciliation, TaxDue
from kiosk.services import commitment as commitment_texts
from kiosk.services import reconciliation as recon
from kiosk.services import registry
from kiosk.services.api import (
    BankAccountView,
    Commitment,
    DeductionAnswers,
    PrintableDocument,
    ReconciliationPrefill,
    ReconciliationPreview,
)
from kiosk.services.audit import AuditLog
from kiosk.services.errors import UserInputError
from kiosk.services.journal import Journal, TransactionKind, TransactionState
from kiosk.services.owed_documents import owed_document
from kiosk.services.print_book import PrintBook
from kiosk.services.sessions import SessionManager

S = TransactionState


class FilingDesk:
    def __init__(self, session_factory: sessionmaker[Session], journal: Journal, audit: AuditLog,
                 sessions: SessionManager, book: PrintBook, clock: Clock) -> None:
        self._factory = session_factory
        self._journal = journal
        self._audit = audit
        self._sessions = sessions
        self._book = book
        self._clock = clock

    def years(self) -> list[int]:
        me = self._sessions.current
        with self._factory() as db:
            return recon.years(db, me.taxpayer_id, local_day(self._clock()))

    def prefill(self, year: int) -> ReconciliationPrefill:
        me = self._sessions.current
        with self._factory() as db:
            return recon.prefill(db, me.taxpayer_id, year)

    def preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview:
        me = self._sessions.current
        with self._factory() as db:
            return recon.compute(db, me.taxpayer_id, year, answers)[0]

    @staticmethod
    def commitment() -> Commitment:
        return commitment_texts.current()

    def refund_accounts(self) -> list[BankAccountView]:
        me = self._sessions.current
        with self._factory() as db:
            return registry.refund_accounts(db, me.taxpayer_id)

    def submit(self, year: int, answers: DeductionAnswers, commitment_version: str,
               refund_account_id: int | None = None) -> tuple[ReconciliationPreview, PrintableDocument]:
        """File the year. A refund needs one of the person's accounts on file (``refund_account_id``);
        without a refund the account is not kept."""
        me = self._sessions.current
        text = commitment_texts.require_current(commitment_version)
        with self._factory() as db:
            recon.check_not_submitted(db, me.taxpayer_id, year)
            preview, rule_version, inputs = recon.compute(db, me.taxpayer_id, year, answers)
            account = None
            if preview.result == "refund":
                if refund_account_id is None:
                    raise UserInputError("choose the bank account that receives the refund",
                                               message_key="error.refund_account")
                account = registry.account_view(registry.refund_account(db, me.taxpayer_id, refund_account_id))
        tx_id = self._journal.begin_confirmed(
            TransactionKind.RECONCILIATION, session_id=me.session_id, taxpayer_id=me.taxpayer_id,
            detail={"year": year}, reason=f"commitment {text.version} signed for {year}",
        )
        now = self._clock()
        with self._factory() as db:
            recon.check_not_submitted(db, me.taxpayer_id, year)  # again: another kiosk may have filed meanwhile
            db.add(Reconciliation(
                taxpayer_id=me.taxpayer_id, transaction_id=tx_id, year=year, rule_version=rule_version,
                inputs=inputs, result=recon.preview_as_json(preview), balance=preview.balance,
                commitment_version=text.version, commitment_text=f"{text.text_zh}\n{text.text_en}",
                signed_at=to_db(now), submitted_at=to_db(now),
                refund_account_id=account.account_id if account is not None else None,
            ))
            if preview.result == "pay" and preview.filing_required and preview.balance > 0:
                from kiosk.rules import iit_rules

                db.add(TaxDue(
                    taxpayer_id=me.taxpayer_id, tax_type=TaxType.IIT.value, item=f"{year}年度汇算补税",
                    period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31),
                    due_date=iit_rules(year).reconciliation_window(year)[1], amount=preview.balance,
                    detail={"reconciliation_tx": tx_id},
                ))
            self._journal.advance_in(db, tx_id, S.SUBMITTED,
                                     f"{year} submitted: {preview.result} {preview.balance} ({rule_version})")
            self._audit.append_in(db, "taxpayer", "reconciliation.submitted",
                                  {"transaction": tx_id, "year": year, "result": preview.result,
                                   "balance": preview.balance, "commitment": text.version,
                                    "refund_to": f"{account.bank_zh} {account.masked_number}" if account else None})
            db.commit()
        return preview, self._book.issue(tx_id, owed_document(tx_id))
