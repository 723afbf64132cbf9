"""The QR payment step shared by taxes due and rental invoices: create, show QR, poll, never charge twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.flow import format as fmt
from kiosk.flow.events import Intent, ServiceResult
from kiosk.flow.views import Action, NoticeBlock, ParagraphBlock, QrBlock, Role, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import PaymentOrderView, PaymentState

WAITING = (PaymentState.REQUESTED, PaymentState.PENDING, PaymentState.UNKNOWN)
MAX_FAILED_POLLS = 30


class QrPayment:
    """Runs the "pay" step of ``wizard``; ``on_paid(transaction_id)`` continues the wizard."""

    def __init__(self, wizard: Wizard, confirm_step: str, on_paid: Callable[[str], None]) -> None:
        self.wizard = wizard
        self.ctx = wizard.ctx
        self.confirm_step = confirm_step
        self.on_paid = on_paid
        self.order: PaymentOrderView | None = None
        self.failed_polls = 0

    @property
    def waiting(self) -> bool:
        return self.order is not None and self.order.state in WAITING

    def create(self, method: str, *args: Any) -> None:
        self.order = None
        self.failed_polls = 0
        self.ctx.call(
            method, *args, then=self._created, wait=Txt("wait.payment_create"), on_error=self._create_failed
        )

    def _create_failed(self, res: ServiceResult) -> None:
        self.order = None
        self.ctx.show_error(
            res.error_key or "payment.failed",
            title=Txt("error.payment.title"),
            blocks=(
                NoticeBlock(Txt(res.error_key or "payment.failed"), "error"),
                ParagraphBlock(Txt("payment.no_money_taken")),
            ),
            actions=[
                (
                    Action("error.retry", Txt("action.try_again"), Role.PRIMARY),
                    lambda: self.wizard.goto(self.confirm_step),
                )
            ],
        )

    def _created(self, order: PaymentOrderView) -> None:
        self.order = order
        self.wizard.goto("pay")
        self._settle()

    def _poll(self) -> None:
        assert self.order is not None
        self.ctx.call(
            "poll_payment",
            self.order.transaction_id,
            then=self._polled,
            on_error=self._poll_failed,
            delay=self.ctx.timeouts.payment_poll_interval,
        )

    def _polled(self, order: PaymentOrderView) -> None:
        if self.order is None or order.transaction_id != self.order.transaction_id:
            return
        self.order = order
        self.failed_polls = 0
        self._settle()

    def _poll_failed(self, res: ServiceResult) -> None:
        self.failed_polls += 1
        if self.order is None:
            return
        if self.failed_polls >= MAX_FAILED_POLLS:
            self.order = PaymentOrderView(self.order.transaction_id, self.order.amount, PaymentState.UNKNOWN)
            self.ctx.show_error(
                "payment.unknown",
                title=Txt("error.payment.title"),
                blocks=(
                    NoticeBlock(Txt("payment.unknown"), "error"),
                    ParagraphBlock(Txt("payment.never_twice")),
                ),
                actions=[(Action("call_staff", Txt("action.call_staff"), Role.PRIMARY), lambda: None)],
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
            self.wizard.goto(self.confirm_step)
        else:  # declined or expired: nothing was taken, offer to try again
            key = "payment.declined" if order.state == PaymentState.DECLINED else "payment.expired"
            self.order = None
            self.ctx.show_error(
                key,
                title=Txt("error.payment.title"),
                blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("payment.no_money_taken"))),
                actions=[
                    (
                        Action("error.retry", Txt("action.try_again"), Role.PRIMARY),
                        lambda: self.wizard.goto(self.confirm_step),
                    )
                ],
            )

    # ---- the step ------------------------------------------------------------------------------
    def view(self) -> StepContent:
        order = self.order
        if order is None:
            return StepContent(Txt("payment.qr.prompt"))
        status = (
            "payment.status.checking" if order.state == PaymentState.UNKNOWN else "payment.status.waiting"
        )
        return StepContent(
            Txt("payment.qr.prompt"),
            (
                QrBlock(order.qr_payload or "", fmt.money(order.amount), Txt(status)),
                ParagraphBlock(Txt("payment.qr.help")),
            ),
        )

    def stop(self, then: Callable[[], None]) -> None:
        """Cancel a waiting order (Back or Cancel on the QR step); a late "paid" still wins."""
        order = self.order
        if order is None or order.state not in WAITING:
            self.order = None
            then()
            return

        def cancelled(result: PaymentOrderView) -> None:
            if result.state == PaymentState.PAID:
                self.order = result
                self.on_paid(result.transaction_id)
                return
            self.order = None
            then()

        self.order = None  # stop polling: a late poll answer is ignored
        self.ctx.call("cancel_payment", order.transaction_id, then=cancelled, wait=Txt("wait.payment_cancel"))

    def on_intent(self, intent: Intent) -> None:
        del intent  # the QR step has only Back and Cancel


class PaysByQr(Wizard):
    """The steps every wizard that ends in a QR payment shares: its "pay" step, and Back / Cancel
    that first stop the payment (asking the provider, never leaving an order behind)."""

    payment: QrPayment

    def view_pay(self) -> StepContent:
        return self.payment.view()

    def on_pay(self, intent: Intent) -> None:
        self.payment.on_intent(intent)

    def back(self) -> None:
        if self.step == "pay":
            self.payment.stop(lambda: self.goto(self.payment.confirm_step))
        else:
            super().back()

    def cancel(self) -> None:
        self.payment.stop(self.ctx.to_menu)
