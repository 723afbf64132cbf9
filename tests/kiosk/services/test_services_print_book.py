"""The print book on its own: issuing under a transaction, reprints, print jobs and the reprints owed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from devices.printjob import JobState
from kiosk.errors import NotFoundError, UserInputError
from kiosk.persistence.models import AuditEntry, IssuedDocument, PrintJob, TaxPaymentRecord, Transaction
from kiosk.services.certificate_desk import certificate
from kiosk.services.errors import IllegalTransition
from kiosk.services.journal import TransactionKind, TransactionState
from kiosk.services.print_book import PRINT_TX, DocumentPrintState
from kiosk.services.sessions import Via

from .conftest import ID_NUMBER, OTHER_ID, Collaborators, World, collaborators

S = TransactionState


@pytest.fixture
def parts(world: World) -> Collaborators:
    return collaborators(world)


def _records(world: World, taxpayer_id: int) -> list[int]:
    with world.factory() as db:
        return list(db.execute(select(TaxPaymentRecord.id).where(TaxPaymentRecord.taxpayer_id == taxpayer_id)
                               .order_by(TaxPaymentRecord.id)).scalars())


def _confirmed(world: World, parts: Collaborators, taxpayer_id: int | None = None) -> str:
    me = parts.sessions.current_or_none
    return parts.journal.begin_confirmed(
        TransactionKind.CERTIFICATE, session_id=me.session_id if me else None,
        taxpayer_id=taxpayer_id or world.taxpayer_id, reason="confirmed",
    )


def _row(world: World, number: str) -> IssuedDocument:
    with world.factory() as db:
        return db.execute(select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one()


def _steps(parts: Collaborators, tx: str) -> list[str]:
    return [to for _from, to, _why in parts.journal.steps(tx)]


def _documents(world: World) -> int:
    with world.factory() as db:
        return db.execute(select(func.count()).select_from(IssuedDocument)).scalar_one()


def _reprint_transactions(world: World) -> int:
    with world.factory() as db:
        return db.execute(select(func.count()).select_from(Transaction)
                          .where(Transaction.kind == TransactionKind.REPRINT)).scalar_one()


def test_issue_stores_the_document_with_the_issued_step(world: World, parts: Collaborators) -> None:
    """GIVEN a confirmed certificate transaction WHEN the print book issues it THEN the numbered document
    is stored for the transaction's taxpayer, the journal says issued, and the session remembers it."""
    parts.sessions.start(ID_NUMBER, Via.CARD)
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    row = _row(world, doc.number)
    assert (row.transaction_id, row.taxpayer_id, row.kind) == (tx, world.taxpayer_id, "certificate")
    assert (row.print_state, row.free_reprint) == (DocumentPrintState.PENDING, False)
    assert _steps(parts, tx) == ["started", "confirmed", "issued"]
    assert parts.sessions.current.scratch[PRINT_TX] == {doc.number: tx}
    with world.factory() as db:
        audit = db.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert (audit.action, audit.detail["number"]) == ("document.issued", doc.number)


def test_issue_refuses_a_transaction_not_ready_before_spending_a_number(world: World, parts: Collaborators) -> None:
    tx = parts.journal.begin(TransactionKind.CERTIFICATE, session_id=None, taxpayer_id=world.taxpayer_id)
    with pytest.raises(IllegalTransition):
        parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    assert _documents(world) == 0 and parts.journal.state(tx) is S.STARTED
    with pytest.raises(NotFoundError):
        parts.book.issue("no-such-transaction", certificate([]))


def test_issue_is_one_commit_with_the_journal_step(world: World, parts: Collaborators,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a document numbered and stored, whose rendering then fails (a broken font, a full disk)
    WHEN the print book issues it THEN neither the document nor the ``issued`` step is kept: the
    transaction is still confirmed and may be issued again."""
    tx = _confirmed(world, parts)

    def broken(doc: object, db: object = None) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(parts.desk, "printable", broken)
    with pytest.raises(OSError, match="disk full"):
        parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    assert _documents(world) == 0
    assert parts.journal.state(tx) is S.CONFIRMED and _steps(parts, tx) == ["started", "confirmed"]
    monkeypatch.undo()
    assert parts.book.issue(tx, certificate(_records(world, world.taxpayer_id))).number.endswith("-00000001")


def test_issue_after_restart_is_owed_at_once_and_remembered_nowhere(world: World, parts: Collaborators) -> None:
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)), after_restart=True)
    row = _row(world, doc.number)
    assert (row.print_state, row.free_reprint) == (DocumentPrintState.UNPRINTED, True)
    assert _steps(parts, tx)[-2:] == ["issued", "unprinted"]
    assert parts.book.owed_reprints(world.taxpayer_id) == [doc.number]


def test_print_job_lifecycle_uses_the_job_states(world: World, parts: Collaborators) -> None:
    """GIVEN an issued document WHEN a print job begins THEN a PRINTING job row and the print_requested
    step are on disk before anything prints; WHEN it ends printed THEN the document is handed out (done)."""
    parts.sessions.start(ID_NUMBER, Via.CARD)
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    job_id = parts.book.begin_print(doc.number)
    with world.factory() as db:
        job = db.get(PrintJob, job_id)
        assert job is not None
        assert (job.state, job.transaction_id, job.parts_total) == (JobState.PRINTING, tx, len(doc.escpos_parts))
    assert parts.journal.state(tx) is S.PRINT_REQUESTED
    for wrong in (JobState.PRINTING, "torn"):
        with pytest.raises(UserInputError):
            parts.book.finish_print(job_id, wrong, 0)  # type: ignore[arg-type]
    parts.book.finish_print(job_id, "printed", 2)  # type: ignore[arg-type]  # a plain value counts as printed
    parts.book.finish_print(job_id, JobState.FAILED, 0, "late report")  # ignored: the job is finished
    with world.factory() as db:
        job = db.get(PrintJob, job_id)
        assert job is not None
        assert (job.state, job.parts_done, job.error) == (JobState.PRINTED, 2, None) and job.finished_at
    assert _row(world, doc.number).print_state == DocumentPrintState.PRINTED
    assert _steps(parts, tx)[-3:] == ["print_requested", "printed", "done"]
    with pytest.raises(NotFoundError):
        parts.book.finish_print("no-such-job", JobState.PRINTED, 0)


def test_owed_document_reprints_under_its_own_transaction(world: World, parts: Collaborators) -> None:
    """GIVEN a certificate whose job ended incomplete WHEN it is reprinted THEN it keeps its number,
    says 补打 / REPRINT, and prints under the transaction that owns it (no reprint transaction)."""
    parts.sessions.start(ID_NUMBER, Via.CARD)
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    parts.book.finish_print(parts.book.begin_print(doc.number), JobState.INCOMPLETE, 1, "paper out")
    assert parts.book.owed_reprints(world.taxpayer_id) == [doc.number]
    assert parts.journal.state(tx) is S.UNPRINTED

    again = parts.book.reprint(doc.number)

    assert (again.number, again.is_reprint) == (doc.number, True)
    assert "补打" in again.text and "REPRINT" in again.text
    assert _reprint_transactions(world) == 0
    parts.book.finish_print(parts.book.begin_print(doc.number), JobState.PRINTED, len(again.escpos_parts))
    assert parts.journal.state(tx) is S.DONE
    assert parts.book.owed_reprints(world.taxpayer_id) == []
    with world.factory() as db:
        jobs = [(j.state, j.is_reprint) for j in db.execute(select(PrintJob).order_by(PrintJob.created_at))
                .scalars()]
    assert jobs == [(JobState.INCOMPLETE, False), (JobState.PRINTED, True)]


def test_reprint_of_a_printed_document_is_a_reprint_transaction(world: World, parts: Collaborators) -> None:
    parts.sessions.start(ID_NUMBER, Via.CARD)
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    parts.book.finish_print(parts.book.begin_print(doc.number), JobState.PRINTED, 2)

    copy = parts.book.reprint(doc.number)

    reprint_tx = parts.sessions.current.scratch[PRINT_TX][doc.number]
    assert reprint_tx != tx and copy.is_reprint and _reprint_transactions(world) == 1
    assert _steps(parts, reprint_tx) == ["started", "confirmed", "issued"]
    parts.book.finish_print(parts.book.begin_print(doc.number), JobState.PRINTED, 2)
    assert parts.journal.state(reprint_tx) is S.DONE and parts.journal.state(tx) is S.DONE
    assert _row(world, doc.number).reprint_count == 1


def test_only_ones_own_documents_are_reprinted_or_printed(world: World, parts: Collaborators) -> None:
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    parts.sessions.start(OTHER_ID, Via.CARD)
    for call in (parts.book.reprint, parts.book.begin_print):
        with pytest.raises(NotFoundError):
            call(doc.number)


def test_owed_reprints_lists_ones_own_oldest_first(world: World, parts: Collaborators) -> None:
    owed = []
    for _ in range(2):
        tx = _confirmed(world, parts)
        owed.append(parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)), after_restart=True).number)
        world.clock.advance(60)
    other_tx = _confirmed(world, parts, world.other_id)
    parts.book.issue(other_tx, certificate(_records(world, world.other_id)), after_restart=True)
    printed_tx = _confirmed(world, parts)
    parts.book.issue(printed_tx, certificate(_records(world, world.taxpayer_id)))  # issued, not owed
    assert parts.book.owed_reprints(world.taxpayer_id) == owed
    assert len(parts.book.owed_reprints(world.other_id)) == 1


def test_settle_after_restart(world: World, parts: Collaborators) -> None:
    """GIVEN one job the kiosk died during and one the printer confirmed just before the crash
    WHEN the print book settles them THEN the first is incomplete and owed, the second printed and done."""
    parts.sessions.start(ID_NUMBER, Via.CARD)
    cut, confirmed = _confirmed(world, parts), _confirmed(world, parts)
    cut_doc = parts.book.issue(cut, certificate(_records(world, world.taxpayer_id)))
    ok_doc = parts.book.issue(confirmed, certificate(_records(world, world.taxpayer_id)))
    parts.book.begin_print(cut_doc.number)
    parts.book.begin_print(ok_doc.number)
    parts.journal.advance(confirmed, S.PRINTED, "the printer said done; the kiosk died before done")
    with pytest.raises(IllegalTransition):
        parts.book.settle_unprinted(confirmed, S.PRINTED)

    assert parts.book.settle_unprinted(cut, S.PRINT_REQUESTED) == [cut_doc.number]
    parts.book.settle_printed(confirmed)

    assert parts.journal.state(cut) is S.UNPRINTED and parts.journal.state(confirmed) is S.DONE
    assert parts.book.owed_reprints(world.taxpayer_id) == [cut_doc.number]
    assert _row(world, ok_doc.number).print_state == DocumentPrintState.PRINTED
    with world.factory() as db:
        states = {tx: state for tx, state in db.execute(select(PrintJob.transaction_id, PrintJob.state)).tuples()}
    assert states == {cut: JobState.INCOMPLETE, confirmed: JobState.PRINTED}


def test_a_job_sent_but_not_confirmed_is_not_owed_a_reprint(world: World, parts: Collaborators) -> None:
    """SENT_UNCONFIRMED: every byte went out, no fault seen; stored as such, the document is done."""
    parts.sessions.start(ID_NUMBER, Via.CARD)
    tx = _confirmed(world, parts)
    doc = parts.book.issue(tx, certificate(_records(world, world.taxpayer_id)))
    parts.book.finish_print(parts.book.begin_print(doc.number), JobState.SENT_UNCONFIRMED, 3, "sent, not confirmed")
    assert parts.journal.state(tx) is S.DONE
    assert parts.book.owed_reprints(world.taxpayer_id) == []
    with world.factory() as db:
        assert [j.state for j in db.execute(select(PrintJob)).scalars()] == [JobState.SENT_UNCONFIRMED]
