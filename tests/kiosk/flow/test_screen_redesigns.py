"""Issue 12 item 4 in the view-models: the period ranges, the step indicator, positive refunds, the
payment code's expiry countdown, the card-left screen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from kiosk.flow import CardPlaced, CardRead, CardRemoved, DeviceStatus, Tick
from kiosk.flow.views import PageKind, QrBlock, Txt
from kiosk.flow.wizards.certificates import period_range
from kiosk.flow.wizards.reconciliation import _total_line
from kiosk.services.api import PaymentOrderView
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys


def signed_in(services: FakeServices | None = None) -> FlowDriver:
    d = FlowDriver(services) if services is not None else FlowDriver()
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.view.screen == "menu"
    return d


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 12, 3), dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
        (dt.date(2026, 1, 15), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 3, 31), dt.date(2025, 3, 1), dt.date(2026, 2, 28)),
    ],
)
def test_last_12_months_are_the_12_whole_months_before_this_one(today: dt.date, start: dt.date, end: dt.date) -> None:
    assert period_range("last_12_months", today) == (start, end)
    assert period_range("last_12_months", today) != period_range("this_year", today)


def test_the_step_indicator_never_says_step_0_and_never_1_of_1() -> None:
    from kiosk.flow import Device, Health

    d = FlowDriver()
    d.tap("attract.queue")  # the queue ticket: one step, so no indicator
    assert d.view.screen == "queue.service" and d.view.steps == () and d.view.step_index == -1
    d.tap("wizard.cancel")
    d = signed_in()
    d.send(DeviceStatus(Device.PRINTER, Health.UNAVAILABLE, "printer.cover_open"))
    d.tap("menu.open", "certificates")
    assert d.view.screen == "certificates.no_printer"
    assert d.view.steps == () and d.view.step_index == -1  # not "step 0 of 4"
    d.tap("wizard.next")
    assert len(d.view.steps) > 1 and d.view.step_index == 0


def test_the_bottom_line_of_a_reconciliation_is_never_negative() -> None:
    assert _total_line("refund", Decimal("-3681.60")) == (Txt("rec.total.refund"), "¥3,681.60")
    assert _total_line("pay", Decimal("1200.00")) == (Txt("rec.total.pay"), "¥1,200.00")


class Expiring(FakeServices):
    def _new_order(self, amount: Decimal) -> PaymentOrderView:
        order = super()._new_order(amount)
        return dataclasses.replace(order, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=300))


def test_the_payment_code_counts_its_expiry_down() -> None:
    d = signed_in(Expiring())
    d.tap("menu.open", "payment")
    d.tap("wizard.next")
    d.auto_run = False
    d.tap("wizard.next")
    d.run(d.held.pop(0))  # the order is made; its first poll is held (no answer yet)
    assert d.view.screen == "payment.pay"
    (qr,) = [b for b in d.view.blocks if isinstance(b, QrBlock)]
    assert qr.expires and d.view.countdown is not None and 295 <= d.view.countdown <= 300
    before = d.view.countdown
    d.send(Tick(10))
    assert d.view.countdown == before - 10
    assert d.view.structure() == dataclasses.replace(d.view, countdown=None).structure()  # updated in place


def test_the_card_left_screen_asks_for_the_card_and_not_for_a_card() -> None:
    d = signed_in()
    d.tap("menu.finish")
    assert d.view.kind == PageKind.ATTRACT and d.view.card_reminder
    assert d.view.prompt == Txt("remind.take_card") and "attract.place_card" not in keys(d.view)
    d.send(CardRemoved())
    assert d.view.prompt == Txt("attract.place_card")
