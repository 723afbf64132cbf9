"""Payments: the simulated provider, and idempotency under timeouts, crashes and repeated callbacks."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from devices.printjob import JobState
from kiosk.errors import NotFoundError
from kiosk.persistence.models import JournalStep, Payment, TaxDue, TaxPaymentRecord, Transaction
from kiosk.services.api import PaymentState
from kiosk.services.errors import PaymentError, PaymentInProgress
from kiosk.services.journal import MONEY_RECEIVED, TransactionState
from kiosk.services.payments import (
    Fault,
    OrderState,
    ProviderTimeout,
    SimulatedCrash,
    SimulatedPaymentProvider,
)

from .conftest import CST, ID_NUMBER, NAME, OTHER_ID, STAFF_PIN, FakeClock, World

S = TransactionState


# ---- the simulated provider ---------------------------------------------------------------------------


def test_provider_is_idempotent_by_key_and_follows_the_clock() -> None:
    clock = FakeClock(dt.datetime(2025, 1, 1, 9, tzinfo=CST))
    p = SimulatedPaymentProvider(delay=5, outcome="paid", expiry=60, clock=clock)
    a = p.create_order("k1", Decimal("10.00"), "x")
    b = p.create_order("k1", Decimal("10.00"), "x")
    assert a.order_id == b.order_id and p.order_count() == 1
    assert a.qr_payload.startswith(f"kioskpay://order/{a.order_id}?amt=10.00&exp=")
    assert p.query("k1").state is OrderState.PENDING  # type: ignore[union-attr]
    clock.advance(5)
    assert p.query("k1").state is OrderState.PAID  # type: ignore[union-attr]
    assert p.query("nope") is None
    assert p.cancel("k1").state is OrderState.PAID  # type: ignore[union-attr]  # too late to cancel


@pytest.mark.parametrize(("outcome", "wait", "final"), [("declined", 5, OrderState.DECLINED),
                                                        ("expired", 60, OrderState.EXPIRED),
                                                        ("paid", 4, OrderState.PENDING)])
def test_provider_outcomes(outcome: str, wait: int, final: OrderState) -> None:
    clock = FakeClock(dt.datetime(2025, 1, 1, 9, tzinfo=CST))
    p = SimulatedPaymentProvider(delay=5, outcome=outcome, expiry=60, clock=clock)
    p.create_order("k", Decimal("1.00"), "x")
    clock.advance(wait)
    assert p.query("k").state is final  # type: ignore[union-attr]


def test_provider_faults() -> None:
    p = SimulatedPaymentProvider(delay=5, clock=FakeClock(dt.datetime(2025, 1, 1, tzinfo=CST)))
    p.inject("create", Fault.TIMEOUT_BEFORE)
    with pytest.raises(ProviderTimeout):
        p.create_order("k", Decimal("1.00"), "x")
    assert p.query("k") is None  # the request never arrived
    p.inject("create", Fault.TIMEOUT_AFTER)
    with pytest.raises(ProviderTimeout):
        p.create_order("k", Decimal("1.00"), "x")
    assert p.query("k") is not None  # it arrived; only the answer was lost
    p.inject("query", Fault.CRASH_BEFORE)
    with pytest.raises(SimulatedCrash):
        p.query("k")


# ---- the ledger through the services -------------------------------------------------------------------


def _pay_all(s):  # type: ignore[no-untyped-def]
    return s.create_payment([d.due_id for d in s.list_dues()])


def _counts(w: World) -> tuple[int, int, int]:
    with w.factory() as db:
        payments = db.execute(select(func.count()).select_from(Payment)).scalar_one()
        records = db.execute(select(func.count()).select_from(TaxPaymentRecord)
                             .where(TaxPaymentRecord.voucher_no.like("KP%"))).scalar_one()
        paid_dues = db.execute(select(func.count()).select_from(TaxDue).where(TaxDue.status == "paid")).scalar_one()
    return payments, records, paid_dues


def test_key_is_committed_before_the_provider_is_called(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a payment WHEN the provider receives create_order THEN the key is already on disk with its step."""
    seen = {}
    real = world.provider.create_order

    def spy(key, amount, description):  # type: ignore[no-untyped-def]
        with world.factory() as db:  # another connection: only committed data is visible
            tx = db.execute(select(Transaction).where(Transaction.idempotency_key == key)).scalar_one()
            seen["state"] = tx.state
            seen["step"] = db.execute(select(JournalStep.reason).where(JournalStep.transaction_id == tx.id,
                                                                       JournalStep.to_state == "payment_requested")
                                      ).scalar_one()
        return real(key, amount, description)

    world.provider.create_order = spy  # type: ignore[method-assign]
    view = _pay_all(logged_in)
    assert seen["state"] == "payment_requested" and "idempotency key" in seen["step"]
    assert view.amount == Decimal("1689.50")


def test_timeout_then_poll_asks_provider_never_charges_twice(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the provider's answer to create_order is lost (timeout after it acted)
    WHEN the kiosk polls and the payer pays THEN one order, one charge, dues paid once."""
    world.provider.inject("create", Fault.TIMEOUT_AFTER)
    view = _pay_all(logged_in)
    assert view.state is PaymentState.UNKNOWN
    assert logged_in.poll_payment(view.transaction_id).state is PaymentState.PENDING
    world.clock.advance(31)
    assert logged_in.poll_payment(view.transaction_id).state is PaymentState.PAID
    assert logged_in.poll_payment(view.transaction_id).state is PaymentState.PAID
    assert world.provider.order_count() == 1 and world.provider.charged_count() == 1
    assert _counts(world) == (1, 2, 2)


def test_request_lost_before_provider_is_resent_with_the_same_key(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    world.provider.inject("create", Fault.TIMEOUT_BEFORE)
    view = _pay_all(logged_in)
    assert view.state is PaymentState.UNKNOWN and world.provider.order_count() == 0
    again = logged_in.poll_payment(view.transaction_id)
    assert again.state is PaymentState.PENDING and again.qr_payload
    with world.factory() as db:
        key = db.get(Transaction, view.transaction_id).idempotency_key  # type: ignore[union-attr]
    assert world.provider.query_unfaulted(key).order_id in again.qr_payload


def test_no_second_order_for_the_same_dues_while_open_or_paid(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a pending payment WHEN the same dues are paid again THEN the same order is shown, never a new one."""
    first = _pay_all(logged_in)
    again = _pay_all(logged_in)
    assert again.transaction_id == first.transaction_id and world.provider.order_count() == 1
    dues = [d.due_id for d in logged_in.list_dues()]
    with pytest.raises(PaymentInProgress):
        logged_in.create_payment(dues[:1])  # a subset of a pending payment
    world.clock.advance(31)
    logged_in.poll_payment(first.transaction_id)
    with pytest.raises(PaymentInProgress, match="already paid"):
        logged_in.create_payment(dues)
    assert world.provider.order_count() == 1


def test_repeated_callbacks_record_paid_once(world: World) -> None:
    """GIVEN a paid order WHEN the provider calls back five times (and a poll races them) THEN paid once."""
    s = world.restart()  # subscribed to provider callbacks
    s.start_session_from_card(ID_NUMBER, NAME, "resident")
    view = _pay_all(s)
    with world.factory() as db:
        key = db.get(Transaction, view.transaction_id).idempotency_key  # type: ignore[union-attr]
    world.provider.settle(key, "paid")
    threads = [threading.Thread(target=world.provider.notify, args=(key, 5)) for _ in range(3)]
    for t in threads:
        t.start()
    s.poll_payment(view.transaction_id)
    for t in threads:
        t.join(timeout=10)
    assert s.journal.state(view.transaction_id) is S.PAID
    assert _counts(world) == (1, 2, 2)
    steps = [st for st in s.journal.steps(view.transaction_id) if st[1] == "paid"]
    assert len(steps) == 1


def test_callback_for_unknown_key_is_ignored(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    assert logged_in.handle_payment_notification("no-such-key", OrderState.PAID) is None


@pytest.mark.parametrize(("outcome", "wait", "state"), [("declined", 31, PaymentState.DECLINED),
                                                        ("expired", 301, PaymentState.EXPIRED)])
def test_declined_or_expired_releases_dues(world: World, logged_in, outcome: str, wait: int,  # type: ignore[no-untyped-def]
                                           state: PaymentState) -> None:
    world.provider.script_next(outcome)
    view = _pay_all(logged_in)
    world.clock.advance(wait)
    assert logged_in.poll_payment(view.transaction_id).state is state
    assert logged_in.journal.state(view.transaction_id) is S.FAILED
    assert len(logged_in.list_dues()) == 2
    retry = _pay_all(logged_in)  # free to pay again: a new transaction, a new key
    assert retry.transaction_id != view.transaction_id and world.provider.order_count() == 2


def test_cancel_releases_dues_but_a_payment_made_meanwhile_stays_paid(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    view = _pay_all(logged_in)
    assert logged_in.cancel_payment(view.transaction_id).state is PaymentState.CANCELLED
    assert len(logged_in.list_dues()) == 2
    second = _pay_all(logged_in)
    world.clock.advance(31)  # the payer pays just as the person presses cancel
    assert logged_in.cancel_payment(second.transaction_id).state is PaymentState.PAID
    assert logged_in.list_dues() == []


def test_cancel_with_host_timeout_stays_unknown(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    view = _pay_all(logged_in)
    world.provider.inject("cancel", Fault.TIMEOUT_BEFORE)
    assert logged_in.cancel_payment(view.transaction_id).state is PaymentState.UNKNOWN
    assert logged_in.poll_payment(view.transaction_id).state is PaymentState.PENDING


def test_crash_after_order_then_restart_and_poll_in_new_session(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the kiosk dies right after the provider created the order
    WHEN the kiosk restarts, recovers, and the person pays the same dues again
    THEN the abandoned order is cancelled at the provider and only the new one is charged."""
    world.provider.inject("create", Fault.CRASH_AFTER)
    with pytest.raises(SimulatedCrash):
        _pay_all(logged_in)
    s = world.restart()
    s.recover_on_startup()
    s.start_session_from_card(ID_NUMBER, NAME, "resident")
    view = _pay_all(s)
    world.clock.advance(31)
    assert s.poll_payment(view.transaction_id).state is PaymentState.PAID
    assert world.provider.order_count() == 2 and world.provider.charged_count() == 1
    assert _counts(world) == (2, 2, 2)


def test_voucher_requires_paid_and_belongs_to_payer(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    view = _pay_all(logged_in)
    with pytest.raises(PaymentError):
        logged_in.issue_payment_voucher(view.transaction_id)
    logged_in.end_session("logout")
    logged_in.start_session_staff(OTHER_ID, "S001", STAFF_PIN)
    with pytest.raises(NotFoundError):
        logged_in.poll_payment(view.transaction_id)


def test_paid_voucher_then_second_issue_is_a_reprint(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    view = _pay_all(logged_in)
    world.clock.advance(31)
    logged_in.poll_payment(view.transaction_id)
    first = logged_in.issue_payment_voucher(view.transaction_id)
    assert not first.is_reprint and "缴款凭证" in first.text and "1,689.50" in first.text
    job = logged_in.begin_print(first.number)
    logged_in.finish_print(job, JobState.INCOMPLETE, 1, "paper out")
    assert logged_in.unprinted_documents() == [first.number]
    second = logged_in.issue_payment_voucher(view.transaction_id)
    assert second.number == first.number and second.is_reprint


def test_paid_and_its_audit_entry_commit_together(world: World, logged_in, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 14, defect 4: GIVEN the process dies while writing the `payment.paid` audit entry
    WHEN the kiosk comes back THEN the payment is not recorded paid either (one unit of work), and
    the poll that follows records both: every paid payment has its audit entry, the chain verifies."""
    from kiosk.services.audit import AuditLog

    view = _pay_all(logged_in)
    world.clock.advance(31)
    real = AuditLog.append_in

    def dying(self, db, actor, action, detail=None):  # type: ignore[no-untyped-def]
        if action == "payment.paid":
            raise SimulatedCrash("killed while writing the audit entry")
        return real(self, db, actor, action, detail)

    monkeypatch.setattr(AuditLog, "append_in", dying)
    with pytest.raises(SimulatedCrash):
        logged_in.poll_payment(view.transaction_id)
    monkeypatch.setattr(AuditLog, "append_in", real)
    services = world.restart()
    assert services.journal.state(view.transaction_id) is not TransactionState.PAID
    services.recover_on_startup()
    assert services.journal.state(view.transaction_id) in MONEY_RECEIVED
    paid = [e for e in services.audit.last(100) if e.action == "payment.paid"]
    assert [e.detail["transaction"] for e in paid] == [view.transaction_id]
    assert world.provider.charged_count() == 1 and services.audit.verify().ok
