"""Payment records, and the documents that prove them: the tax payment certificate and the IIT record.

The records are read by :mod:`kiosk.services.records`; each document is its own journal transaction,
confirmed by the person, then issued through the print book.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.models import Taxpayer
from kiosk.rules.names import item_en, office_en
from kiosk.services import records
from kiosk.services.api import PrintableDocument, RecordView
from kiosk.services.errors import NotFoundError
from kiosk.services.journal import Journal, TransactionKind
from kiosk.services.print_book import Builder, PrintBook
from kiosk.services.sessions import SessionManager
from receipts import documents as builders
from receipts.model import Document, IssueContext


class CertificateDesk:
    def __init__(self, session_factory: sessionmaker[Session], journal: Journal, sessions: SessionManager,
                 book: PrintBook) -> None:
        self._factory = session_factory
        self._journal = journal
        self._sessions = sessions
        self._book = book

    def list_records(self, date_from: dt.date, date_to: dt.date, tax_type: str | None = None) -> list[RecordView]:
        me = self._sessions.current
        with self._factory() as db:
            return records.list_records(db, me.taxpayer_id, date_from, date_to, tax_type)

    def issue_certificate(self, record_ids: list[int]) -> PrintableDocument:
        me = self._sessions.current
        with self._factory() as db:
            ids = [r.id for r in records.chosen_records(db, me.taxpayer_id, record_ids)]
        tx_id = self._journal.begin_confirmed(
            TransactionKind.CERTIFICATE, session_id=me.session_id, taxpayer_id=me.taxpayer_id,
            detail={"record_ids": ids}, reason=f"certificate for {len(ids)} payment(s) confirmed",
        )
        return self._book.issue(tx_id, certificate(ids))

    def issue_iit_record(self, month_from: dt.date, month_to: dt.date) -> PrintableDocument:
        me = self._sessions.current
        first, last = records.month_span(month_from, month_to)
        tx_id = self._journal.begin_confirmed(
            TransactionKind.IIT_RECORD, session_id=me.session_id, taxpayer_id=me.taxpayer_id,
            detail={"from": first.isoformat(), "to": last.isoformat()},
            reason=f"IIT record {first:%Y-%m} to {last:%Y-%m} confirmed",
        )
        return self._book.issue(tx_id, iit_record(first, last))


def certificate(record_ids: list[int]) -> Builder:
    def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
        if tp is None:
            raise NotFoundError("a certificate needs a taxpayer")
        rows = records.chosen_records(db, tp.id, record_ids)
        lines = [builders.CertificateLine(r.voucher_no, r.tax_type, records.income_item_label(r.item),
                                          r.period_from, r.period_to, r.paid_on, r.amount,
                                          item_en(records.income_item_label(r.item))) for r in rows]
        return builders.certificate(ctx, tp.name, tp.id_number, lines)

    return build


def iit_record(first: dt.date, last: dt.date) -> Builder:
    def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
        if tp is None:
            raise NotFoundError("an IIT record needs a taxpayer")
        rows = records.iit_records(db, tp.id, first, last)
        lines = [builders.IitRecordLine(records.income_item_label(r.item), records.period_text(r.period_from,
                                                                                              r.period_to),
                                        r.paid_on, r.tax_office, r.amount,
                                        item_en(records.income_item_label(r.item)), office_en(r.tax_office))
                 for r in rows]
        return builders.iit_record(ctx, tp.name, tp.id_number, first, last, lines)

    return build
