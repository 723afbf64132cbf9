"""The journal's states and transitions, and start-up recovery from every intermediate state."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select, text

from devices.printjob import JobState
from kiosk.persistence.models import IssuedDocument, Payment, PrintJob, TaxDue, Transaction
from kiosk.services.api import DeductionAnswers, PaymentState
from kiosk.services.errors import IllegalTransition
from kiosk.services.journal import (
    ALLOWED,
    INTERMEDIATE,
    TERMINAL,
    Journal,
    TransactionKind,
    TransactionState,
)
from kiosk.services.payments import Fault, SimulatedCrash
from kiosk.services.recovery import RecoveryReport

from .conftest import ID_NUMBER, NAME, World

S = TransactionState


def test_every_state_is_reachable_and_terminal_states_are_final() -> None:
    reachable = {S.STARTED}
    frontier = [S.STARTED]
    while frontier:
        for nxt in ALLOWED[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(S)
    assert all(not ALLOWED[t] for t in TERMINAL)
    assert S.UNPRINTED not in INTERMEDIATE and S.PAYMENT_UNKNOWN in INTERMEDIATE


def test_advance_commits_step_and_logs_from_to(world: World, caplog: pytest.LogCaptureFixture) -> None:
    j = world.services.journal
    tx = j.begin(TransactionKind.CERTIFICATE, session_id=None, taxpayer_id=world.taxpayer_id)
    with caplog.at_level(logging.INFO, logger="kiosk.journal"):
        before = j.advance(tx, S.CONFIRMED, "person confirmed")
    assert before is S.STARTED
    assert j.state(tx) is S.CONFIRMED
    assert j.steps(tx) == [(None, "started", "certificate started"), ("started", "confirmed", "person confirmed")]
    assert f"transaction {tx} (certificate) from started to confirmed (person confirmed)" in caplog.text


def test_illegal_transition_is_refused_and_leaves_no_step(world: World) -> None:
    j = world.services.journal
    tx = j.begin(TransactionKind.PAYMENT, session_id=None, taxpayer_id=world.taxpayer_id)
    with pytest.raises(IllegalTransition, match="cannot move from started to paid"):
        j.advance(tx, S.PAID, "skipping ahead")
    with pytest.raises(IllegalTransition, match="expected confirmed"):
        j.advance(tx, S.CANCELLED, "x", expect=S.CONFIRMED)
    assert j.state(tx) is S.STARTED and len(j.steps(tx)) == 1


# ---- recovery from every intermediate state ---------------------------------------------------------


def _login(w: World):  # type: ignore[no-untyped-def]
    w.services.start_session_from_card(ID_NUMBER, NAME, "resident")
    return w.services


def _dues(w: World) -> list[int]:
    return [d.due_id for d in w.services.list_dues()]


def to_started(w: World) -> str:
    return w.services.journal.begin(TransactionKind.PAYMENT, session_id=None, taxpayer_id=w.taxpayer_id)


def to_confirmed(w: World) -> str:
    s = _login(w)
    me = s.sessions.current
    return s.journal.begin_confirmed(TransactionKind.CERTIFICATE, session_id=me.session_id,
                                     taxpayer_id=me.taxpayer_id, reason="confirmed")


def to_requested_never_sent(w: World) -> str:
    s = _login(w)
    w.provider.inject("create", Fault.CRASH_BEFORE)
    with pytest.raises(SimulatedCrash):
        s.create_payment(_dues(w))
    return _last_tx(w)


def to_requested_order_created(w: World) -> str:
    s = _login(w)
    w.provider.inject("create", Fault.CRASH_AFTER)
    with pytest.raises(SimulatedCrash):
        s.create_payment(_dues(w))
    return _last_tx(w)


def to_pending(w: World) -> str:
    return _login(w).create_payment(_dues(w)).transaction_id


def to_pending_then_paid(w: World) -> str:
    tx = to_pending(w)
    w.clock.advance(31)  # the payer pays on the phone while the kiosk is down
    return tx


def to_unknown(w: World) -> str:
    s = _login(w)
    w.provider.inject("create", Fault.TIMEOUT_AFTER)
    view = s.create_payment(_dues(w))
    assert view.state is PaymentState.UNKNOWN
    w.clock.advance(31)
    return view.transaction_id


def to_paid(w: World) -> str:
    s = _login(w)
    tx = s.create_payment(_dues(w)).transaction_id
    w.clock.advance(31)
    assert s.poll_payment(tx).state is PaymentState.PAID
    return tx


def to_submitted(w: World) -> str:
    s = _login(w)

    def crash(*a, **k):  # type: ignore[no-untyped-def]
        raise SimulatedCrash("died while issuing")

    s.desk.issue = crash  # type: ignore[method-assign]
    with pytest.raises(SimulatedCrash):
        account = s.refund_accounts()[0].account_id
        s.reconciliation_submit(2024, DeductionAnswers(children_ages=(8,)), s.commitment().version, account)
    return _last_tx(w)


def to_issued(w: World) -> str:
    s = _login(w)
    s.issue_certificate([r.record_id for r in s.list_records(*_year(2025))])
    return _last_tx(w)


def to_paid_and_issued(w: World) -> str:
    tx = to_paid(w)
    w.services.issue_payment_voucher(tx)
    return tx


def to_print_requested(w: World) -> str:
    s = _login(w)
    doc = s.issue_certificate([r.record_id for r in s.list_records(*_year(2025))])
    s.begin_print(doc.number)
    return _last_tx(w)


def to_printed(w: World) -> str:
    tx = to_print_requested(w)
    w.services.journal.advance(tx, S.PRINTED, "printer said done; crash before done")
    return tx


def _year(y: int):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _last_tx(w: World) -> str:
    with w.factory() as db:
        return db.execute(select(Transaction.id).order_by(text("transactions.rowid DESC"))
                          .limit(1)).scalar_one()


CASES: list[tuple[str, Callable[[World], str], S, S, str]] = [
    # name, drive, state left in, state after recovery, expected effect
    ("started", to_started, S.STARTED, S.CANCELLED, "nothing"),
    ("confirmed", to_confirmed, S.CONFIRMED, S.CANCELLED, "nothing"),
    ("requested-never-sent", to_requested_never_sent, S.PAYMENT_REQUESTED, S.FAILED, "released"),
    ("requested-order-created", to_requested_order_created, S.PAYMENT_REQUESTED, S.CANCELLED, "released"),
    ("pending", to_pending, S.PAYMENT_PENDING, S.CANCELLED, "released"),
    ("pending-paid-meanwhile", to_pending_then_paid, S.PAYMENT_PENDING, S.UNPRINTED, "paid"),
    ("unknown-paid", to_unknown, S.PAYMENT_UNKNOWN, S.UNPRINTED, "paid"),
    ("paid", to_paid, S.PAID, S.UNPRINTED, "paid"),
    ("submitted", to_submitted, S.SUBMITTED, S.UNPRINTED, "document"),
    ("issued", to_issued, S.ISSUED, S.UNPRINTED, "document"),
    ("paid-issued", to_paid_and_issued, S.ISSUED, S.UNPRINTED, "paid"),
    ("print-requested", to_print_requested, S.PRINT_REQUESTED, S.UNPRINTED, "document"),
    ("printed", to_printed, S.PRINTED, S.DONE, "nothing"),
]


def test_cases_cover_every_intermediate_state() -> None:
    assert {c[2] for c in CASES} == set(INTERMEDIATE)


@pytest.mark.parametrize(("drive", "left", "after", "effect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_recovery_from_every_intermediate_state(world: World, drive, left: S, after: S, effect: str) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a transaction left in an intermediate state by a crash
    WHEN a new process starts on the same database and runs recovery
    THEN the transaction is settled, money is neither lost nor doubled, owed documents are free reprints."""
    tx = drive(world)
    assert world.services.journal.state(tx) is left
    orders_before = world.provider.order_count()

    restarted = world.restart()  # the old service object is abandoned: the crash
    report = restarted.recover_on_startup()

    assert_settled(world, restarted.journal, report, tx, after, effect, orders_before)
    # A second recovery finds nothing left to do.
    again = world.restart().recover_on_startup()
    assert again.resolved == [] and again.unresolved == []


def assert_settled(world: World, journal: Journal, report: RecoveryReport, tx: str, after: S, effect: str,
                   orders_before: int) -> None:
    """What every recovery of a crashed transaction must leave behind (shared with test_services_recovery)."""
    assert journal.state(tx) is after
    assert report.clean, report.unresolved
    assert tx in {r.transaction_id for r in report.resolved}
    assert journal.open_transactions() == []
    assert world.provider.order_count() == orders_before  # recovery never creates an order
    assert world.provider.charged_count() == (1 if effect == "paid" else 0)
    with world.factory() as db:
        dues = list(db.execute(select(TaxDue).where(TaxDue.taxpayer_id == world.taxpayer_id)).scalars())
        docs = list(db.execute(select(IssuedDocument).where(IssuedDocument.transaction_id == tx)).scalars())
        jobs = list(db.execute(select(PrintJob).where(PrintJob.transaction_id == tx)).scalars())
    if effect == "paid":
        assert all(d.status == "paid" for d in dues)
        assert len(docs) == 1 and docs[0].kind == "payment_voucher"
    if effect == "released":
        assert all(d.status == "due" and d.payment_id is None for d in dues)
    if effect in ("paid", "document"):
        assert [(d.print_state, d.free_reprint) for d in docs] == [("unprinted", True)]
    assert all(j.state != "printing" for j in jobs)


def test_recovery_leaves_unknown_when_host_unreachable_then_settles(world: World) -> None:
    """GIVEN an unknown payment and an unreachable payment host at start-up
    WHEN recovery runs THEN the payment stays unknown (never guessed); the next recovery settles it."""
    tx = to_unknown(world)
    world.provider.inject("query", Fault.TIMEOUT_BEFORE)
    report = world.restart().recover_on_startup()
    assert [r.transaction_id for r in report.unresolved] == [tx]
    assert world.services.journal.state(tx) is S.PAYMENT_UNKNOWN
    report = world.restart().recover_on_startup()
    assert report.clean and world.services.journal.state(tx) is S.UNPRINTED
    assert world.provider.charged_count() == 1


def test_recovered_voucher_is_offered_as_free_reprint_keeping_its_number(world: World) -> None:
    """GIVEN a payment that was paid but whose voucher never printed (crash)
    WHEN the taxpayer comes back THEN the voucher is listed and reprints with its number, marked REPRINT."""
    tx = to_paid(world)
    world.restart().recover_on_startup()
    s = _login(world)
    owed = s.unprinted_documents()
    assert len(owed) == 1
    doc = s.reprint(owed[0])
    assert doc.number == owed[0] and doc.is_reprint
    assert "补打" in doc.text
    job = s.begin_print(doc.number)
    s.finish_print(job, JobState.PRINTED, len(doc.escpos_parts))
    assert s.unprinted_documents() == []
    assert s.journal.state(tx) is S.DONE
    with world.factory() as db:
        assert db.execute(select(Payment.state).where(Payment.transaction_id == tx)).scalar_one() == "paid"


def test_recovery_ends_sessions_left_open(world: World) -> None:
    _login(world)
    report = world.restart().recover_on_startup()
    assert report.sessions_ended == 1
