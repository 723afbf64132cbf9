"""Queue tickets, the rental invoice end to end, and the annual reconciliation end to end."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from devices.printjob import JobState
from kiosk.errors import NotFoundError, UserInputError
from kiosk.persistence.models import (
    IssuedDocument,
    PropertyRecord,
    Reconciliation,
    RentalCommitment,
    RentalInvoice,
    TaxDue,
    TaxPaymentRecord,
)
from kiosk.services import queue as queue_mod
from kiosk.services.api import DeductionAnswers, PaymentState, RentalRequest
from kiosk.services.errors import CommitmentError
from kiosk.services.journal import TransactionState

from .conftest import ID_NUMBER, NAME, World

S = TransactionState


# ---- queue -------------------------------------------------------------------------------------------------


def test_queue_numbers_per_service_and_day(world: World) -> None:
    s = world.services
    assert [q.code for q in s.queue_services()] == ["A", "B", "C", "D"]
    a1, doc = s.take_queue_ticket("A")
    a2, _ = s.take_queue_ticket("a")
    b1, _ = s.take_queue_ticket("B")
    assert (a1.ticket, a2.ticket, b1.ticket) == ("A001", "A002", "B001")
    assert "A001" in doc.text and doc.kind == "queue_ticket"
    world.clock.advance(24 * 3600)  # a new day starts again at 001
    assert s.take_queue_ticket("A")[0].ticket == "A001"
    with pytest.raises(UserInputError):
        s.take_queue_ticket("Z")


def test_queue_ticket_prints_without_a_session(world: World) -> None:
    s = world.services
    _view, doc = s.take_queue_ticket("C")
    s.finish_print(s.begin_print(doc.number), JobState.PRINTED, len(doc.escpos_parts))
    with world.factory() as db:
        row = db.execute(select(IssuedDocument).where(IssuedDocument.number == doc.number)).scalar_one()
    assert row.taxpayer_id is None and row.print_state == "printed"
    assert s.journal.state(row.transaction_id) is S.DONE  # type: ignore[arg-type]


def test_queue_wait_estimate_uses_the_days_served_tickets(world: World) -> None:
    """GIVEN two people served in 4 and 6 minutes and one waiting WHEN a ticket is taken
    THEN one person is ahead and the wait is 1 x 5 minutes (the default before anyone is served)."""
    s, clock = world.services, world.clock
    first, _ = s.take_queue_ticket("A")
    assert (first.waiting_ahead, first.estimated_wait_minutes) == (0, 0)
    second, _ = s.take_queue_ticket("A")
    assert (second.waiting_ahead, second.estimated_wait_minutes) == (1, 8)  # default 8 minutes for A
    for minutes in (4, 6):
        called = queue_mod.call_next(world.factory, "A", clock(), world.config.hall_id)
        clock.advance(minutes * 60)
        queue_mod.mark_served(world.factory, "A", called, clock(), world.config.hall_id)  # type: ignore[arg-type]
    s.take_queue_ticket("A")  # A003, nobody ahead
    fourth, _ = s.take_queue_ticket("A")
    assert fourth.ticket == "A004" and (fourth.waiting_ahead, fourth.estimated_wait_minutes) == (1, 5)


# ---- rental invoice ------------------------------------------------------------------------------------------


REQUEST = RentalRequest(tenant_name="赵租户", property_address="", period_from=dt.date(2025, 1, 1),
                        period_to=dt.date(2025, 12, 31), rent_total=Decimal("36000.00"), property_id=1,
                        commitment_version="rental-2026.1")


def test_rental_properties_come_from_the_registry_by_owner(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the registry lists one home for this owner and a shop for another WHEN asked
    THEN only the owner's own property comes back, ownership checked (no certificate asked for)."""
    props = logged_in.rental_properties()
    assert [(p.property_id, p.address, p.residential) for p in props] == [(1, "示范市示范区示范路8号3-501", True)]
    with pytest.raises(NotFoundError) as err:
        logged_in.rental_quote(dataclasses.replace(REQUEST, property_id=2))  # the other owner's shop
    assert err.value.message_key == "error.property_not_found"


def test_nobody_in_the_registry_gets_an_empty_list(world: World) -> None:
    s = world.services
    with world.factory() as db:
        db.execute(delete(PropertyRecord))
        db.commit()
    s.start_session_from_card(ID_NUMBER, NAME, "resident")
    assert s.rental_properties() == []
    with pytest.raises(UserInputError):
        s.rental_create_payment(dataclasses.replace(REQUEST, property_id=None))


def test_rental_payment_needs_the_current_commitment(logged_in) -> None:  # type: ignore[no-untyped-def]
    c = logged_in.rental_commitment()
    assert c.version == "rental-2026.1" and "租赁合同" in c.text_zh and "lease" in c.text_en
    with pytest.raises(CommitmentError):
        logged_in.rental_create_payment(dataclasses.replace(REQUEST, commitment_version=""))


def test_rental_invoice_end_to_end(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a landlord renting out a home for a year WHEN quoted, paid and issued
    THEN the taxes come from the rule table, are recorded as paid, and the invoice prints."""
    quote = logged_in.rental_quote(REQUEST)
    assert quote.months == 12 and quote.total_tax > 0 and quote.rule_version
    order = logged_in.rental_create_payment(REQUEST)
    assert order.state is PaymentState.PENDING and order.amount == quote.total_tax
    world.clock.advance(31)
    assert logged_in.poll_payment(order.transaction_id).state is PaymentState.PAID
    invoice = logged_in.issue_rental_invoice(order.transaction_id)
    assert invoice.kind == "rental_invoice" and "赵租户" in invoice.text
    logged_in.finish_print(logged_in.begin_print(invoice.number), JobState.PRINTED, len(invoice.escpos_parts))
    with world.factory() as db:
        inv = db.execute(select(RentalInvoice)).scalar_one()
        recs = list(db.execute(select(TaxPaymentRecord).where(TaxPaymentRecord.voucher_no.like("KR%"))).scalars())
    assert inv.state == "issued" and inv.tax_total == quote.total_tax
    assert sum(r.amount for r in recs) == quote.total_tax
    assert {r.tax_type for r in recs} >= {"property", "iit"}
    assert logged_in.journal.state(order.transaction_id) is S.DONE
    # the registry's address is on the invoice; the signed commitment is stored with its text and time
    with world.factory() as db:
        signed = db.execute(select(RentalCommitment)).scalar_one()
    assert inv.property_address == "示范市示范区示范路8号3-501" and "示范路8号3-501" in invoice.text
    assert (signed.rental_invoice_id, signed.property_id, signed.commitment_version) == (inv.id, 1, "rental-2026.1")
    assert logged_in.rental_commitment().text_zh in signed.commitment_text
    assert signed.signed_at == world.clock().astimezone(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=31)


def test_rental_payment_declined_cancels_invoice(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    world.provider.script_next("declined")
    order = logged_in.rental_create_payment(REQUEST)
    world.clock.advance(31)
    assert logged_in.poll_payment(order.transaction_id).state is PaymentState.DECLINED
    with world.factory() as db:
        assert db.execute(select(RentalInvoice.state)).scalar_one() == "cancelled"


def test_rental_quote_needs_tenant_and_address(logged_in) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserInputError):
        logged_in.rental_quote(dataclasses.replace(REQUEST, tenant_name=" "))
    with pytest.raises(UserInputError):
        logged_in.rental_quote(dataclasses.replace(REQUEST, property_address="", property_id=None))


# ---- reconciliation ------------------------------------------------------------------------------------------


def test_reconciliation_end_to_end(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN wages 120,000, social insurance 24,000 and 1,080 withheld in 2024 (tax-rules.md example)
    WHEN the person says they have one child at school and signs the commitment
    THEN taxable 12,000, tax 360, a refund of 720 that must be filed; stored with the text version and time."""
    assert logged_in.reconciliation_years() == [2024]
    pre = logged_in.reconciliation_prefill(2024)
    assert (pre.wages, pre.special_deductions, pre.prepaid_tax) == (Decimal("120000.00"), Decimal("24000.00"),
                                                                      Decimal("1080.00"))
    assert pre.sources and pre.sources[0].payer == "示范科技有限公司"
    answers = DeductionAnswers(children_ages=(8,))
    preview = logged_in.reconciliation_preview(2024, answers)
    assert (preview.tax, preview.balance, preview.result) == (Decimal("360.00"), Decimal("-720.00"), "refund")
    assert preview.filing_required and preview.deductions["children_education"] == Decimal("24000.00")
    assert preview.steps
    c = logged_in.commitment()
    assert c.version == "commit-2024.1" and "真实" in c.text_zh and "true" in c.text_en
    with pytest.raises(CommitmentError):
        logged_in.reconciliation_submit(2024, answers, "commit-2000.1")
    accounts = logged_in.refund_accounts()
    assert [(a.bank_zh, a.masked_number) for a in accounts] == [("中国工商银行", "**** 0123")]
    with pytest.raises(UserInputError) as err:  # a refund needs an account, and one's own
        logged_in.reconciliation_submit(2024, answers, c.version)
    assert err.value.message_key == "error.refund_account"
    with pytest.raises(UserInputError):
        logged_in.reconciliation_submit(2024, answers, c.version, 2)  # the other taxpayer's account
    result, doc = logged_in.reconciliation_submit(2024, answers, c.version, accounts[0].account_id)
    assert result == preview and doc.kind == "reconciliation" and "个人承诺" in doc.text
    assert "**** 0123" in doc.text and "6222020402015860123" not in doc.text
    with world.factory() as db:
        rec = db.execute(select(Reconciliation)).scalar_one()
        docs = db.execute(select(IssuedDocument.kind)).scalars().all()
    assert rec.commitment_version == "commit-2024.1" and c.text_zh in rec.commitment_text
    assert rec.signed_at == world.clock().astimezone(dt.UTC).replace(tzinfo=None)
    assert rec.balance == Decimal("-720.00") and rec.rule_version.startswith("iit-")
    assert rec.inputs["answers"]["children_ages"] == [8] and rec.refund_account_id == accounts[0].account_id
    assert docs == ["reconciliation"]
    with pytest.raises(UserInputError, match="already submitted"):
        logged_in.reconciliation_submit(2024, answers, c.version)


def test_reconciliation_with_tax_to_pay_becomes_a_due(world: World, logged_in) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an extra 200,000 of labour income with nothing withheld WHEN submitted THEN the balance is a due
    that can be paid like any other."""
    from kiosk.persistence.models import IncomeRecord

    with world.factory() as db:
        db.add(IncomeRecord(taxpayer_id=world.taxpayer_id, year=2024, month=6, income_type="labor_remuneration",
                            payer="顾问公司", gross_amount=Decimal("200000.00"), tax_withheld=Decimal("0.00")))
        db.commit()
    preview, _doc = logged_in.reconciliation_submit(2024, DeductionAnswers(), logged_in.commitment().version)
    assert preview.result == "pay" and preview.filing_required and preview.balance > 0
    dues = logged_in.list_dues()
    recon_due = [d for d in dues if d.item == "2024年度汇算补税"]
    assert len(recon_due) == 1 and recon_due[0].amount == preview.balance
    assert recon_due[0].due_date == dt.date(2025, 6, 30)
    with world.factory() as db:
        assert db.execute(select(TaxDue.tax_type).where(TaxDue.item == "2024年度汇算补税")).scalar_one() == "iit"
