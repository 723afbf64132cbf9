"""Error paths and edges of the flows: payments that fail or race, input normalisation, stray events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.errors import KioskError
from kiosk.flow import (
    CardPlaced,
    CardRead,
    CardReadFailed,
    CardRemoved,
    Device,
    DeviceStatus,
    EndSession,
    Health,
    JobState,
    PrintOutcome,
    PrintResult,
)
from kiosk.flow.forms import MAX_TEXT, Form
from kiosk.flow.views import FieldKind, FormField, PageKind, Txt
from kiosk.flow.wizards.paying import MAX_FAILED_POLLS
from kiosk.services.api import PaymentOrderView, PaymentState, RentalQuoteView
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys


def signed_in(services: FakeServices | None = None, **kw: object) -> FlowDriver:
    d = FlowDriver(services=services or FakeServices(), **kw)  # type: ignore[arg-type]
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    return d


# ---- keypad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "keys_", "expected"),
    [
        (FieldKind.NUMBER, "007", "7"),
        (FieldKind.NUMBER, "49", "4"),  # maximum 48: the 9 is refused
        (FieldKind.NUMBER, "1.5", "15"),  # no point in whole numbers
        (FieldKind.MONEY, ".5", "0.5"),
        (FieldKind.MONEY, "1.234", "1.23"),
        (FieldKind.MONEY, "00012", "12"),
        (FieldKind.MONEY, "1..2", "1.2"),
        (FieldKind.MONEY, "1234567890", "123456789"),
        (FieldKind.TEXT, "ab c", "AB C"),
        (FieldKind.TEXT, "  x  y", "X Y"),
        (FieldKind.TEXT, "a@b", "AB"),
    ],
)
def test_keypad_input_is_normalised_leniently(kind: FieldKind, keys_: str, expected: str) -> None:
    form = Form([FormField("f", kind, "", "", maximum=48)])
    assert form.active == "f"
    from kiosk.flow.events import Intent

    for k in keys_:
        form.handle(Intent("key", "space" if k == " " else k))
    assert form["f"] == expected


def test_backspace_clear_and_text_limit() -> None:
    from kiosk.flow.events import Intent

    form = Form([FormField("f", FieldKind.TEXT, "", "")])
    for _ in range(MAX_TEXT + 5):
        form.handle(Intent("key", "A"))
    assert len(form["f"]) == MAX_TEXT
    form.handle(Intent("key", "backspace"))
    assert len(form["f"]) == MAX_TEXT - 1
    form.handle(Intent("key", "clear"))
    assert form["f"] == ""
    assert not form.handle(Intent("field.inc", "nope"))
    assert not form.handle(Intent("field.choose", ("f", "x")))
    assert not form.handle(Intent("other"))


def test_form_without_leading_input_opens_no_keypad_until_tapped() -> None:
    from kiosk.flow.events import Intent

    form = Form(
        [FormField("n", FieldKind.STEPPER, "", 0, maximum=2), FormField("m", FieldKind.MONEY, "", "")]
    )
    assert form.active is None and len(form.block()) == 1
    form.handle(Intent("field.focus", "n"))  # a stepper cannot take the keypad
    assert form.active is None
    form.handle(Intent("field.focus", "m"))
    assert form.active == "m" and len(form.block()) == 2
    for _ in range(4):
        form.handle(Intent("field.inc", "n"))
    assert form["n"] == 2
    assert form.decimal("m") == Decimal("0") and form.integer("m") == 0


# ---- payments -------------------------------------------------------------------------------------
class FailingCreate(FakeServices):
    def create_payment(self, due_ids: list[int]) -> PaymentOrderView:
        raise KioskError("host down", message_key="error.service_unavailable")


def test_payment_that_cannot_start_says_no_money_was_taken() -> None:
    d = signed_in(FailingCreate())
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.screen == "error.error.service_unavailable"
    assert "payment.no_money_taken" in keys(d.view)
    d.tap("error.retry")
    assert d.view.screen == "payment.confirm"


class FlakyPolls(FakeServices):
    failures: int = 0

    def poll_payment(self, transaction_id: str) -> PaymentOrderView:
        if self.failures:
            self.failures -= 1
            raise KioskError("timeout", message_key="error.service_unavailable")
        return super().poll_payment(transaction_id)


def test_poll_failures_keep_asking_and_never_charge_twice() -> None:
    services = FlakyPolls()
    services.failures = 3
    d = signed_in(services)
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.kind == PageKind.RESULT
    assert services.calls.count("create_payment") == 1


def test_poll_failing_for_good_ends_in_payment_unknown_with_staff() -> None:
    services = FlakyPolls()
    services.failures = MAX_FAILED_POLLS + 5
    d = signed_in(services)
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.screen == "error.payment.unknown"
    assert "payment.never_twice" in keys(d.view)
    assert services.calls.count("create_payment") == 1


def test_expired_qr_offers_a_new_try() -> None:
    d = signed_in(FakeServices(payment_outcome="expired"))
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.tap("wizard.next")
    assert d.view.screen == "error.payment.expired"


class PaidWhileCancelling(FakeServices):
    def cancel_payment(self, transaction_id: str) -> PaymentOrderView:
        order = self._orders[transaction_id][0]
        return PaymentOrderView(transaction_id, order.amount, PaymentState.PAID)  # type: ignore[attr-defined]


def test_cancel_that_loses_the_race_to_a_payment_still_gives_the_voucher() -> None:
    d = signed_in(PaidWhileCancelling(polls_until_outcome=99))
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))
    assert d.view.screen == "payment.pay"
    d.auto_run = True
    d.tap("wizard.back")
    d.run_held()
    assert d.view.kind == PageKind.RESULT
    assert d.printed[-1].kind == "payment_voucher"


def test_back_on_the_rental_qr_step_cancels_and_returns_to_the_quote() -> None:
    d = signed_in(FakeServices(polls_until_outcome=99))
    d.tap("menu.open", "rental")
    d.tap("rental.property", 32)
    d.tap("ime.mode")  # Latin letters
    for k in "LI":
        d.tap("key", k)
    d.tap("wizard.next")
    for k in "5000":
        d.tap("key", k)
    d.tap("wizard.next")
    d.tap("rental.agree")
    d.tap("wizard.next")
    assert d.view.screen == "rental.quote"
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))
    assert d.view.screen == "rental.pay"
    d.auto_run = True
    d.tap("wizard.back")
    d.run_held()
    assert d.view.screen == "rental.quote"
    assert "cancel_payment" in d.services.calls


class NoTaxRent(FakeServices):
    def rental_quote(self, request):  # type: ignore[no-untyped-def]
        return RentalQuoteView((), Decimal("0"), 1, "test")


def test_rent_without_tax_cannot_be_paid() -> None:
    d = signed_in(NoTaxRent())
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    d.tap("menu.open", "rental")
    d.tap("rental.property", 31)
    d.tap("ime.mode")  # Latin letters
    d.tap("key", "L")
    d.tap("key", "I")
    d.tap("wizard.next")
    d.tap("key", "1")
    d.tap("wizard.next")
    d.tap("rental.agree")
    d.tap("wizard.next")
    assert d.view.screen == "rental.quote"
    assert {"rental.nothing_to_pay", "payment.no_voucher_print"} <= keys(d.view)
    assert not d.view.actions[-1].enabled


def walk_to_preview(d: FlowDriver) -> None:
    """From the income screen to the result, answering "none" to every question."""
    d.tap("rec.bonus.choose", "no")
    d.tap("wizard.next")  # children
    d.tap("rec.elderly.choose", "none")
    d.tap("rec.housing.choose", "none")
    for _ in range(4):  # education, illness, other deductions, donations
        d.tap("wizard.next")
    assert d.view.screen == "reconciliation.preview", d.view.screen


# ---- reconciliation verdicts ---------------------------------------------------------------------------
class Exempt(FakeServices):
    def _preview(self, year, answers):  # type: ignore[no-untyped-def]
        import dataclasses

        return dataclasses.replace(super()._preview(year, answers), exemption="balance_le_400")


@pytest.mark.parametrize(
    ("services", "verdict", "done"),
    [
        (FakeServices(), "rec.verdict.pay", "rec.done.pay"),
        (Exempt(), "rec.exemption.balance_le_400", "rec.done.pay"),
    ],
)
def test_reconciliation_verdicts(services: FakeServices, verdict: str, done: str) -> None:
    d = signed_in(services, print_outcomes=[PrintOutcome(JobState.FAILED, 0, "printer.cover_open")])
    d.tap("menu.open", "reconciliation")
    d.tap("rec.year", 2024)
    d.tap("wizard.next")
    walk_to_preview(d)  # no deductions: the fake makes that a balance to pay
    assert verdict in keys(d.view)
    d.tap("wizard.next")
    d.tap("rec.agree")
    d.tap("rec.agree")
    assert not d.view.actions[-1].enabled
    d.tap("rec.agree")
    d.tap("wizard.next")
    assert d.view.screen == "error.printer.cover_open" and "error.print_failed.title" in keys(d.view)
    d.tap("error.skip_print")
    assert {done, "result.not_printed", "take.card"} <= keys(d.view)


# ---- the controller's own edges ----------------------------------------------------------------------
def test_read_failure_then_lift_says_lifted_too_soon() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardReadFailed())
    assert d.view.screen == "error.card.read_failed"
    d.send(CardRemoved())
    assert d.view.screen == "error.card.lifted_early"


def test_service_error_offers_retry_which_calls_again() -> None:
    class Once(FakeServices):
        failed = False

        def list_dues(self):  # type: ignore[no-untyped-def]
            if not self.failed:
                self.failed = True
                raise KioskError("db", message_key="error.database")
            return super().list_dues()

    d = signed_in(Once())
    d.tap("menu.open", "payment")
    assert d.view.screen == "error.error.database"
    d.tap("call_staff")
    assert d.staff_calls[-1].context.endswith("error.database")
    d.tap("staff.close")
    d.tap("error.retry")
    assert d.view.screen == "payment.dues"


def test_print_again_while_the_printer_is_still_out_stays_on_the_message() -> None:
    d = signed_in(print_outcomes=[PrintOutcome(JobState.INCOMPLETE, 1, "printer.paper_out")])
    d.tap("menu.open", "queue")
    d.tap("queue.take", "A")
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.paper_out"))
    d.tap("error.retry")
    assert d.view.screen == "error.printer.paper_out"
    assert "reprint" not in d.services.calls


def test_stray_events_and_intents_change_nothing() -> None:
    d = FlowDriver()
    for name in ("menu.open", "result.finish", "wizard.next"):
        d.tap(name)
    assert d.view.screen == "attract"
    d.send(PrintResult(999, PrintOutcome(JobState.PRINTED)))
    d.send(DeviceStatus(Device.PRINTER, Health.DEGRADED, "printer.paper_near_end"))
    assert "notice.printer_degraded" in keys(d.view)
    d.tap("call_staff")
    d.tap("wizard.next")
    assert d.view.screen == "staff"
    d.tap("staff.close")
    d = signed_in()
    d.tap("nothing")
    d.tap("menu.open", "no-such-flow")
    assert d.view.screen == "menu"
    d.tap("menu.open", "queue")
    d.tap("queue.take", "Z")
    assert d.view.screen == "queue.service"
    d.tap("queue.take", "A")
    d.tap("nothing")
    assert d.view.kind == PageKind.RESULT
    d.send(EndSession("maintenance"))
    assert d.view.screen == "attract" and d.services.ended == ["maintenance"]


def test_error_screen_unknown_intent_is_ignored_and_finish_ends() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRemoved())
    d.tap("error.retry")  # not offered here
    assert d.view.screen == "error.card.lifted_early"
    assert Txt("action.finish") in [a.label for a in d.view.actions]
