"""Records, certificates, IIT records, reprints and the print bookkeeping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from devices.printjob import JobState
from kiosk.errors import NotFoundError, UserInputError
from kiosk.persistence.models import IssuedDocument, PrintJob
from kiosk.services.errors import IllegalTransition
from kiosk.services.journal import TransactionState

from .conftest import ID_NUMBER, STAFF_PIN, World

Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_records_by_period_and_tax_type(logged_in) -> None:  # type: ignore[no-untyped-def]
    all_2025 = logged_in.list_records(*Y2025)
    assert [r.voucher_no for r in all_2025] == ["V20250301", "V20250201", "V20250101"]  # newest first, own only
    assert all_2025[0].label_zh == "个人所得税" and all_2025[0].amount == Decimal("90.00")
    assert logged_in.list_records(*Y2025, tax_type="vehicle_vessel") == []
    vv = logged_in.list_records(dt.date(2024, 1, 1), dt.date(2024, 12, 31), tax_type="vehicle_vessel")
    assert [r.voucher_no for r in vv] == ["V2024VV01"]
    with pytest.raises(UserInputError):
        logged_in.list_records(*Y2025, tax_type="bogus")
    with pytest.raises(UserInputError):
        logged_in.list_records(Y2025[1], Y2025[0])


def test_certificate_for_chosen_records(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    recs = logged_in.list_records(*Y2025)
    doc = logged_in.issue_certificate([recs[0].record_id, recs[2].record_id])
    assert doc.kind == "certificate" and not doc.is_reprint
    assert "税收完税证明" in doc.text and "V20250301" in doc.text and "V20250201" not in doc.text
    assert ID_NUMBER not in doc.text and "180.00" in doc.text
    assert doc.escpos_parts and all(isinstance(p, bytes) for p in doc.escpos_parts)
    assert doc.pdf_path and doc.pdf_path.endswith(".pdf")
    with world.factory() as db:
        row = db.execute(select(IssuedDocument).where(IssuedDocument.number == doc.number)).scalar_one()
    assert row.taxpayer_id == world.taxpayer_id and row.print_state == "pending"


def test_certificate_refuses_someone_elses_record(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    from kiosk.persistence.models import TaxPaymentRecord

    with world.factory() as db:
        other = db.execute(select(TaxPaymentRecord.id).where(TaxPaymentRecord.voucher_no == "V-OTHER")).scalar_one()
    with pytest.raises(NotFoundError):
        logged_in.issue_certificate([other])
    with pytest.raises(UserInputError):
        logged_in.issue_certificate([])


def test_iit_record_for_months(logged_in) -> None:  # type: ignore[no-untyped-def]
    doc = logged_in.issue_iit_record(dt.date(2025, 1, 15), dt.date(2025, 2, 3))
    assert "个人所得税纳税记录" in doc.text and "工资薪金所得" in doc.text
    assert "2025-01 至 2025-02" in doc.text and "180.00" in doc.text


def test_print_success_and_failure_bookkeeping(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an issued certificate WHEN the printer fails part-way THEN it is owed a free reprint that
    keeps its number and says REPRINT; WHEN that prints THEN nothing is owed any more."""
    recs = logged_in.list_records(*Y2025)
    doc = logged_in.issue_certificate([r.record_id for r in recs])
    job = logged_in.begin_print(doc.number)
    with pytest.raises(IllegalTransition):
        logged_in.begin_print(doc.number)  # a second job while one may be printing: never
    logged_in.finish_print(job, JobState.INCOMPLETE, 1, "paper out")
    logged_in.finish_print(job, JobState.PRINTED, 2)  # a late report for a finished job is ignored
    assert logged_in.unprinted_documents() == [doc.number]
    again = logged_in.reprint(doc.number)
    assert again.number == doc.number and again.is_reprint
    assert "补打" in again.text and "REPRINT" in again.text
    job2 = logged_in.begin_print(again.number)
    logged_in.finish_print(job2, JobState.PRINTED, len(again.escpos_parts))
    assert logged_in.unprinted_documents() == []
    with world.factory() as db:
        jobs = list(db.execute(select(PrintJob).order_by(PrintJob.created_at)).scalars())
        row = db.execute(select(IssuedDocument).where(IssuedDocument.number == doc.number)).scalar_one()
    assert [(j.state, j.is_reprint) for j in jobs] == [("incomplete", False), ("printed", True)]
    assert row.reprint_count == 1 and row.print_state == "printed"
    tx = row.transaction_id
    assert logged_in.journal.state(tx) is TransactionState.DONE
    assert [s[1] for s in logged_in.journal.steps(tx)] == [
        "started", "confirmed", "issued", "print_requested", "unprinted", "print_requested", "printed", "done"]


def test_reprint_of_a_printed_document_is_its_own_transaction(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    doc = logged_in.issue_iit_record(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    logged_in.finish_print(logged_in.begin_print(doc.number), JobState.PRINTED, 3)
    copy = logged_in.reprint(doc.number)
    assert copy.is_reprint and copy.number == doc.number
    logged_in.finish_print(logged_in.begin_print(copy.number), JobState.PRINTED, 3)
    second = logged_in.reprint(doc.number)
    assert "补打" in second.text
    with world.factory() as db:
        assert db.execute(select(IssuedDocument.reprint_count).where(IssuedDocument.number == doc.number)
                          ).scalar_one() == 2


def test_documents_of_others_cannot_be_reprinted(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    doc = logged_in.issue_iit_record(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    logged_in.end_session("logout")
    from .conftest import OTHER_ID

    logged_in.start_session_staff(OTHER_ID, "S001", STAFF_PIN)
    with pytest.raises(NotFoundError):
        logged_in.reprint(doc.number)
    with pytest.raises(NotFoundError):
        logged_in.begin_print(doc.number)
    with pytest.raises(NotFoundError):
        logged_in.reprint("NO-SUCH-NUMBER")
