"""The QR payment step shared by taxes due and rental invoices: create, show QR, poll, never charge twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Generic, TypeVar

from kiosk.flow import format as fmt
from kiosk.flow.context import ErrorAction, ServiceCall
from kiosk.flow.events import ServiceResult
from kiosk.flow.views import Action, NoticeBlock, ParagraphBlock, QrBlock, Role, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import PaymentOrderView, PaymentState

S = TypeVar("S", bound=StrEnum)

WAITING = (PaymentState.REQUESTED, PaymentState.PENDING, PaymentState.UNKNOWN)
MAX_FAILED_POLLS = 30


class QrPayment(Generic[S]):
    """Runs the "pay" step of ``wizard``; ``on_paid(transaction_id)`` continues the wizard.

    ``confirm_step`` is where the person goes back to (Back, "Try again", a cancelled order).
    """

    def __init__(self, wizard: Wizard[S], confirm_step: S, on_paid: Callable[[str], None]) -> None:
        self.wizard = wizard
        self.ctx = wizard.ctx
        self.confirm_step = confirm_step
        self.on_paid = on_paid
        self.order: PaymentOrderView | None = None
        self.failed_polls = 0
        self._after_stop: Callable[[], None] | None = None
        self._left: float | None = None  # seconds before the code on show expires

    def tick(self, seconds: float) -> None:
        if self._left is not None:
            self._left = max(0.0, self._left - seconds)

    def seconds_left(self) -> int | None:
        """Whole seconds before the payment code expires (counted down on screen), or None."""
        return None if self._left is None or self.order is None else int(self._left + 0.999)

    @property
    def waiting(self) -> bool:
        return self.order is not None and self.order.state in WAITING

    # ---- create and poll -------------------------------------------------------------------------
    def create(self, call: ServiceCall[PaymentOrderView]) -> None:
        self.order = None
        self.failed_polls = 0
        self.ctx.call(call, then=self._created, wait=Txt("wait.payment_create"), on_error=self._create_failed)

    def _retry_action(self) -> ErrorAction:
        return (Action("error.retry", Txt("action.try_again"), Role.PRIMARY), self.back_to_confirm)

    def back_to_confirm(self) -> None:
        self.wizard.goto(self.confirm_step)

    def _create_failed(self, res: ServiceResult) -> None:
        self.order = None
        key = res.error_key or "payment.failed"
        self.ctx.show_error(
            key,
            title=Txt("error.payment.title"),
            blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("payment.no_money_taken"))),
            actions=[self._retry_action()],
        )

    def _created(self, order: PaymentOrderView) -> None:
        self.order = order
        self._left = None
        if order.expires_at is not None:
            # The provider's expiry against the wall clock at the moment the order came back; from then
            # on the countdown follows the flow's own ticks (no clock reads in the view).
            now = dt.datetime.now(order.expires_at.tzinfo) if order.expires_at.tzinfo else dt.datetime.now()
            self._left = max(0.0, (order.expires_at - now).total_seconds())
        self.wizard.advance()  # confirm -> pay
        self._settle()

    def _poll(self) -> None:
        assert self.order is not None
        transaction_id = self.order.transaction_id
        self.ctx.call(
            lambda s: s.poll_payment(transaction_id),
            then=self._polled,
            on_error=self._poll_failed,
            delay=self.ctx.timeouts.payment_poll_interval,
        )

    def _polled(self, order: PaymentOrderView) -> None:
        if self.order is None or order.transaction_id != self.order.transaction_id:
            return  # an answer about an order already given up (Back, Cancel)
        self.order = order
        self.failed_polls = 0
        self._settle()

    def _poll_failed(self, res: ServiceResult) -> None:
        del res
        self.failed_polls += 1
        if self.order is None:
            return
        if self.failed_polls >= MAX_FAILED_POLLS:
            self.order = PaymentOrderView(self.order.transaction_id, self.order.amount, PaymentState.UNKNOWN)
            self.ctx.show_error(
                "payment.unknown",
                title=Txt("error.payment.title"),
                blocks=(NoticeBlock(Txt("payment.unknown"), "error"), ParagraphBlock(Txt("payment.never_twice"))),
                actions=[(Action("call_staff", Txt("action.call_staff"), Role.PRIMARY), _nothing)],
            )
            return
        self.order = PaymentOrderView(
            self.order.transaction_id, self.order.amount, PaymentState.UNKNOWN, self.order.qr_payload
        )
        self.ctx.show_wizard()
        self._poll()

    def _settle(self) -> None:
        order = self.order
        assert order is not None
        if order.state in WAITING:
            self._poll()
        elif order.state == PaymentState.PAID:
            self.on_paid(order.transaction_id)
        elif order.state == PaymentState.CANCELLED:
            self.order = None
            self.back_to_confirm()
        else:  # declined or expired: nothing was taken, offer to try again
            key = "payment.declined" if order.state == PaymentState.DECLINED else "payment.expired"
            self.order = None
            self.ctx.show_error(
                key,
                title=Txt("error.payment.title"),
                blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("payment.no_money_taken"))),
                actions=[self._retry_action()],
            )

    # ---- the step ------------------------------------------------------------------------------
    def view(self) -> StepContent:
        order = self.order
        if order is None:
            return StepContent(Txt("payment.qr.prompt"))
        status = "payment.status.checking" if order.state == PaymentState.UNKNOWN else "payment.status.waiting"
        return StepContent(
            Txt("payment.qr.prompt"),
            (
                QrBlock(order.qr_payload or "", fmt.money(order.amount), Txt(status),
                        expires=self._left is not None),
                ParagraphBlock(Txt("payment.qr.help")),
            ),
        )

    # ---- leaving the step ----------------------------------------------------------------------
    def stop(self, then: Callable[[], None]) -> None:
        """Cancel a waiting order (Back or Cancel on the QR step); a late "paid" still wins."""
        order = self.order
        if order is None or order.state not in WAITING:
            self.order = None
            then()
            return
        self.order = None  # stop polling: a late poll answer is ignored
        self._after_stop = then
        transaction_id = order.transaction_id
        self.ctx.call(
            lambda s: s.cancel_payment(transaction_id), then=self._cancelled, wait=Txt("wait.payment_cancel")
        )

    def _cancelled(self, result: PaymentOrderView) -> None:
        then, self._after_stop = self._after_stop, None
        if result.state == PaymentState.PAID:
            self.order = result
            self.on_paid(result.transaction_id)
            return
        self.order = None
        if then is not None:
            then()


def _nothing() -> None:
    """The "call staff" button on the unknown-payment screen: the intent itself calls staff."""


class PaysByQr(Wizard[S]):
    """The steps every wizard that ends in a QR payment shares: Back and Cancel on the pay step first
    stop the payment (asking the provider, never leaving an order behind)."""

    payment: QrPayment[S]
    pay_step: S

    def back(self) -> None:
        if self.step == self.pay_step:
            self.payment.stop(self.payment.back_to_confirm)
        else:
            super().back()

    def cancel(self) -> None:
        self.payment.stop(self.ctx.to_menu)
