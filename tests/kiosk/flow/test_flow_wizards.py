"""Every wizard walked end to end without Qt: navigation is data (Electrum / photobooth style)."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from kiosk.flow import CardPlaced, CardRead, CardRemoved, JobState, PrintOutcome
from kiosk.flow.views import FieldKind, FormBlock, KeypadBlock, PageKind, QrBlock
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys, texts


def signed_in(**kw: object) -> FlowDriver:
    d = FlowDriver(**kw)  # type: ignore[arg-type]
    d.send(CardPlaced())
    assert d.view.screen == "reading"
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.view.screen == "menu"
    return d


def test_card_starts_a_session_with_a_masked_greeting() -> None:
    """GIVEN the attract screen WHEN a card is read THEN the menu greets the person masked, never in full."""
    d = FlowDriver()
    assert d.view.kind == PageKind.ATTRACT
    assert {"language", "large_text", "call_staff"} <= d.intents()
    signed_in_driver = signed_in()
    all_text = " ".join(texts(signed_in_driver.view))
    assert "张**" in all_text and "110105********002X" in all_text
    assert SAMPLE_NAME not in all_text and SAMPLE_ID not in all_text
    tiles = next(b for b in signed_in_driver.view.blocks if hasattr(b, "tiles")).tiles
    assert [t.value for t in tiles] == [
        "certificates",
        "reconciliation",
        "payment",
        "rental",
        "queue",
        "queries",
    ]


def test_state_changes_are_logged_from_to_with_reason(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.flow")
    signed_in()
    assert "from attract to reading (card placed)" in caplog.text
    assert "from wait to menu (service answered)" in caplog.text
    assert SAMPLE_NAME not in caplog.text and SAMPLE_ID not in caplog.text


def test_certificate_flow_prints_and_says_what_to_take() -> None:
    d = signed_in()
    d.tap("menu.open", "certificates")
    assert d.view.screen == "certificates.kind" and d.view.step_index == 0 and len(d.view.steps) == 4
    assert {"wizard.back", "wizard.cancel"} <= {a.intent for a in d.view.actions}
    d.tap("cert.kind", "certificate")
    d.tap("cert.period", "last_12_months")
    assert d.view.screen == "certificates.records"
    d.tap("cert.toggle", 2)
    d.tap("wizard.next")
    assert d.view.screen == "certificates.confirm"
    assert "¥1,234.56" in texts(d.view)
    d.tap("wizard.next")
    assert d.view.kind == PageKind.RESULT and d.view.countdown == 30
    assert "take.card_and_slip" in keys(d.view)
    assert [doc.kind for doc in d.printed] == ["certificate"]


def test_back_walks_the_steps_back_then_to_the_menu() -> None:
    d = signed_in()
    d.tap("menu.open", "certificates")
    d.tap("cert.kind", "iit")
    assert d.view.screen == "certificates.period" and len(d.view.steps) == 3
    d.tap("cert.period", "this_year")
    assert d.view.screen == "certificates.confirm"
    d.tap("wizard.back")
    assert d.view.screen == "certificates.period"
    d.tap("wizard.back")
    assert d.view.screen == "certificates.kind"
    d.tap("wizard.back")
    assert d.view.screen == "menu"


def test_cancel_from_any_step_returns_to_the_menu() -> None:
    d = signed_in()
    d.tap("menu.open", "reconciliation")
    d.tap("rec.year", 2025)
    d.tap("wizard.cancel")
    assert d.view.screen == "menu"


def test_reconciliation_with_questions_keypad_and_commitment() -> None:
    d = signed_in()
    d.tap("menu.open", "reconciliation")
    assert d.view.screen == "reconciliation.year"
    d.tap("rec.year", 2025)
    assert d.view.screen == "reconciliation.income"
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.bonus"
    d.tap("rec.bonus.choose", "no")
    assert d.view.screen == "reconciliation.children"
    d.tap("field.inc", "children")
    form = next(b for b in d.view.blocks if isinstance(b, FormBlock))
    assert "child_share" in {f.name for f in form.fields}
    d.tap("wizard.next")
    d.tap("rec.elderly.choose", "only_child")
    d.tap("rec.housing.choose", "rent_tier1")
    assert d.view.screen == "reconciliation.housing_check"
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.education"
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.illness"
    for k in "12.345":
        d.tap("key", k)
    form = next(b for b in d.view.blocks if isinstance(b, FormBlock))
    assert [(f.name, f.value) for f in form.fields] == [("illness", "12.34")]
    assert any(isinstance(b, KeypadBlock) and b.kind == FieldKind.MONEY for b in d.view.blocks)
    d.tap("wizard.next")
    d.tap("wizard.next")  # other deductions
    d.tap("wizard.next")  # donations
    assert d.view.screen == "reconciliation.preview"
    d.tap("wizard.next")  # a refund: which account
    assert d.view.screen == "reconciliation.refund"
    d.tap("rec.refund.account", 8)
    d.tap("wizard.next")
    assert d.view.screen == "reconciliation.commit"
    primary = d.view.actions[-1]
    assert not primary.enabled
    d.tap("rec.agree")
    d.tap("wizard.next")
    assert d.view.kind == PageKind.RESULT
    assert "reconciliation_submit" in d.services.calls
    answers, account = d.services.submitted[-1]
    assert account == 8 and answers.housing == "rent_tier1" and answers.only_child
    assert answers.children_ages == (8,) and answers.illness_self_paid == Decimal("12.34")


def test_payment_confirms_before_money_moves_then_shows_qr_and_prints_voucher() -> None:
    d = signed_in(services=FakeServices(polls_until_outcome=2))
    d.tap("menu.open", "payment")
    d.tap("dues.toggle", 12)
    d.tap("wizard.next")
    assert d.view.screen == "payment.confirm"
    assert "create_payment" not in d.services.calls
    assert d.view.actions[-1].label.args == (("amount", "¥1,200.00"),)
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))  # create_payment -> the QR step, first poll held
    assert d.view.screen == "payment.pay" and d.view.busy
    qr = next(b for b in d.view.blocks if isinstance(b, QrBlock))
    assert qr.payload.startswith("https://pay.example.invalid/")
    d.auto_run = True
    d.run_held()
    assert d.view.kind == PageKind.RESULT
    assert [doc.kind for doc in d.printed] == ["payment_voucher"]


def test_payment_declined_takes_no_money_and_offers_retry() -> None:
    d = signed_in(services=FakeServices(payment_outcome="declined"))
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.screen == "error.payment.declined"
    assert "payment.no_money_taken" in keys(d.view)
    d.tap("error.retry")
    assert d.view.screen == "payment.confirm"


def test_cancel_on_the_qr_step_cancels_the_order() -> None:
    d = signed_in()
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))  # create_payment answered; the poll stays held
    assert d.view.screen == "payment.pay"
    d.auto_run = True
    d.tap("wizard.cancel")
    assert "cancel_payment" in d.services.calls
    d.run_held()  # the late poll answer is ignored
    assert d.view.screen == "menu"


def test_rental_invoice_typed_on_the_keyboard() -> None:
    d = signed_in()
    d.tap("menu.open", "rental")
    assert d.view.screen == "rental.property"
    assert {"noneed.property", "noneed.lease"} <= keys(d.view)
    d.tap("rental.property", 31)
    assert next(b for b in d.view.blocks if isinstance(b, KeypadBlock)).kind == FieldKind.TEXT
    assert not d.view.actions[-1].enabled
    d.tap("ime.mode")  # Latin letters (pinyin: tests/kiosk/flow/test_flow_pinyin.py)
    for k in ["L", "I", "space", "space", "S", "I"]:
        d.tap("key", k)
    d.tap("wizard.next")
    assert d.view.screen == "rental.terms"
    d.tap("field.inc", "months")
    d.tap("field.inc", "months")
    for k in "6000":
        d.tap("key", k)
    d.tap("wizard.next")
    assert d.view.screen == "rental.commit"
    assert not d.view.actions[-1].enabled  # the commitment that replaces the lease, signed first
    d.tap("rental.agree")
    d.tap("wizard.next")
    assert d.view.screen == "rental.quote"
    assert {"LI SI", "北京市朝阳区朝阳路12号院5号楼1单元302室"} <= set(texts(d.view))
    d.tap("wizard.next")
    assert d.view.kind == PageKind.RESULT
    assert [doc.kind for doc in d.printed] == ["rental_invoice"]
    request = d.services.rental_requests[-1]
    assert request.property_id == 31 and request.commitment_version == "rental-test-1"


def test_queue_ticket_without_a_card() -> None:
    d = FlowDriver()
    d.tap("attract.queue")
    assert d.view.screen == "queue.service"
    d.tap("queue.take", "B")
    assert d.view.kind == PageKind.RESULT and "B023" in texts(d.view)
    assert "result.again" not in d.intents()
    d.tap("result.finish")
    assert d.view.kind == PageKind.ATTRACT


def test_queries_lists_and_free_reprint() -> None:
    d = signed_in(print_outcomes=[PrintOutcome(JobState.INCOMPLETE, 1, "printer.paper_out")])
    d.tap("menu.open", "queue")
    d.tap("queue.take", "A")
    assert d.view.screen == "error.printer.paper_out"
    assert "error.print.free_reprint" in keys(d.view)
    d.tap("error.skip_print")
    assert d.view.kind == PageKind.RESULT and "result.again" in d.intents()
    d.tap("result.again")
    d.tap("menu.open", "queries")
    d.tap("query.topic", "reprints")
    assert d.view.screen == "queries.answer"
    rows = [r for b in d.view.blocks for r in getattr(b, "rows", ())]
    assert len(rows) == 1
    d.tap("query.reprint", rows[0].value)
    assert d.view.kind == PageKind.RESULT
    assert d.printed[-1].is_reprint
    d.tap("result.again")
    d.tap("menu.open", "queries")
    d.tap("query.topic", "records")
    assert d.view.screen == "queries.answer"
    d.tap("wizard.back")
    d.tap("query.topic", "dues")
    assert "dues.due_date" in keys(d.view)


def test_paper_out_mid_print_offers_retry_which_reprints() -> None:
    d = signed_in(print_outcomes=[PrintOutcome(JobState.INCOMPLETE, 1, "printer.paper_out")])
    d.tap("menu.open", "certificates")
    d.tap("cert.kind", "iit")
    d.tap("cert.period", "last_year")
    d.tap("wizard.next")
    assert d.view.kind == PageKind.ERROR
    assert {"error.retry", "error.skip_print", "error.menu", "error.finish"} <= d.intents()
    d.tap("error.retry")
    assert d.view.kind == PageKind.RESULT
    assert d.printed[-1].is_reprint and "take.card_and_slip" in keys(d.view)


def test_card_lifted_early_and_read_failure() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRemoved())
    assert d.view.screen == "error.card.lifted_early"
    d.tap("error.finish")
    assert d.view.kind == PageKind.ATTRACT


def test_unknown_taxpayer_is_told_in_plain_words() -> None:
    d = FlowDriver(services=FakeServices(known_ids=set()))
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.view.screen == "error.error.taxpayer_not_found"
    assert "error.identity.help" in keys(d.view)


def test_call_staff_shows_a_handover_code_and_returns() -> None:
    d = signed_in()
    d.tap("menu.open", "payment")
    d.tap("call_staff")
    assert d.view.kind == PageKind.STAFF and "K7Q4AC" in texts(d.view)
    assert d.staff_calls[0].context == "payment.dues"
    d.tap("staff.close")
    assert d.view.screen == "payment.dues"


def test_language_and_large_text_reset_after_the_session() -> None:
    d = FlowDriver()
    d.tap("language", "en")
    d.tap("large_text")
    assert d.view.language == "en" and d.view.large_text
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.view.language == "en"
    d.tap("menu.finish")
    assert d.view.language == "zh_CN" and not d.view.large_text
    assert d.services.ended == ["finished"]


def test_a_slip_sent_but_not_confirmed_counts_as_printed_and_is_never_reprinted() -> None:
    """GIVEN a printer that cannot confirm print-out WHEN a queue ticket's job ends SENT_UNCONFIRMED
    THEN the flow goes on as printed: no failure screen, no free reprint offered."""
    d = signed_in(print_outcomes=[PrintOutcome(JobState.SENT_UNCONFIRMED, 2)])
    d.tap("menu.open", "queue")
    d.tap("queue.take", "A")
    assert d.view.kind == PageKind.RESULT
    assert "error.print.free_reprint" not in keys(d.view)
    assert "reprint" not in d.services.calls
