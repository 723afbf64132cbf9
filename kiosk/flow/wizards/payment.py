"""Taxes due and payment: choose what to pay, confirm the amount, scan the QR code, take the voucher."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from kiosk.flow import format as fmt
from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import (
    Action,
    Block,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    ParagraphBlock,
    Role,
    Row,
    Txt,
)
from kiosk.flow.wizards.base import StepContent
from kiosk.flow.wizards.paying import PaysByQr, QrPayment
from kiosk.services.api import DueView, PrintableDocument


class Step(StrEnum):
    DUES = "dues"
    CONFIRM = "confirm"
    PAY = "pay"


class PaymentWizard(PaysByQr[Step]):
    name = "payment"
    title_key = "menu.payment"
    nav = NavMap(
        Step.DUES,
        {
            Step.DUES: Nav("step.dues", (Step.CONFIRM,)),
            Step.CONFIRM: Nav("step.confirm", (Step.PAY,)),
            Step.PAY: Nav("step.pay"),
        },
    )
    pay_step = Step.PAY

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.dues: list[DueView] = []
        self.selected: set[int] = set()
        self.payment = QrPayment(self, Step.CONFIRM, self._paid)
        self.paid_amount = ""
        self.document: PrintableDocument | None = None

    @property
    def busy(self) -> bool:
        return self.payment.waiting

    def tick(self, seconds: float) -> None:
        self.payment.tick(seconds)

    def countdown(self) -> int | None:
        return self.payment.seconds_left() if self.step == Step.PAY else None

    def start(self) -> None:
        self.ctx.call(lambda s: s.list_dues(), then=self._got_dues, wait=Txt("wait.dues"))

    def _got_dues(self, dues: list[DueView]) -> None:
        self.dues = list(dues)
        self.selected = {d.due_id for d in self.dues}
        self.goto(Step.DUES)

    def _chosen(self) -> list[DueView]:
        return [d for d in self.dues if d.due_id in self.selected]

    def _total(self) -> Decimal:
        return sum((d.amount for d in self._chosen()), start=Decimal("0"))

    # ---- steps ---------------------------------------------------------------------------------
    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.DUES:
                return self._view_dues()
            case Step.CONFIRM:
                return self._view_confirm()
            case Step.PAY:
                return self.payment.view()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.DUES:
                if intent.name == "dues.toggle" and intent.value in {d.due_id for d in self.dues}:
                    self.selected ^= {intent.value}
                elif intent.name == "wizard.next" and self.selected:
                    self.advance()
            case Step.CONFIRM:
                if intent.name == "wizard.next" and self.selected:
                    due_ids = sorted(self.selected)
                    self.payment.create(lambda s: s.create_payment(due_ids))
            case Step.PAY:
                pass  # the QR step has only Back and Cancel
            case _:
                assert_never(step)

    def _view_dues(self) -> StepContent:
        rows = tuple(
            Row(
                (self.label(d.label_zh, d.label_en), self.label(d.item, d.item_en or d.item),
                 Txt.of("dues.due_date", date=fmt.date(d.due_date))),
                fmt.money(d.amount),
                d.due_id,
                "dues.toggle",
                d.due_id in self.selected,
            )
            for d in self.dues
        )
        return StepContent(
            Txt("dues.prompt") if self.dues else Txt("dues.none"),
            (ListBlock(rows, Txt("dues.none")),),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=bool(self.selected)),
        )

    def _view_confirm(self) -> StepContent:
        lines = tuple((self.label(d.label_zh, d.label_en), fmt.money(d.amount)) for d in self._chosen())
        total = fmt.money(self._total())
        blocks: list[Block] = [KeyValueBlock(lines, (Txt("dues.total"), total))]
        if not self.ctx.printer_ok:
            blocks.append(NoticeBlock(Txt("payment.no_voucher_print"), "warning"))
        blocks.append(ParagraphBlock(Txt("payment.confirm.help")))
        return StepContent(
            Txt("payment.confirm.prompt"),
            tuple(blocks),
            Action("wizard.next", Txt.of("action.pay", amount=total), Role.PRIMARY),
        )

    # ---- after the payment -----------------------------------------------------------------------
    def _paid(self, transaction_id: str) -> None:
        self.paid_amount = fmt.money(self._total())
        self.ctx.call(
            lambda s: s.issue_payment_voucher(transaction_id), then=self._issued, wait=Txt("wait.issuing")
        )

    def _issued(self, doc: PrintableDocument) -> None:
        self.document = doc
        self.ctx.print_document(doc, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        assert self.document is not None
        blocks: list[Block] = [
            ParagraphBlock(Txt.of("payment.done", amount=self.paid_amount), emphasis=True),
            KeyValueBlock(((Txt("doc.number"), self.document.number),)),
        ]
        if not ok:
            blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
        self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)
