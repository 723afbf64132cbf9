"""Taxes due and payment: choose what to pay, confirm the amount, scan the QR code, take the voucher."""

from __future__ import annotations

from decimal import Decimal

from kiosk.flow import format as fmt
from kiosk.flow.events import Intent
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


class PaymentWizard(PaysByQr):
    name = "payment"
    title_key = "menu.payment"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.dues: list[DueView] = []
        self.selected: set[int] = set()
        self.payment = QrPayment(self, "confirm", self._paid)

    def steps(self) -> tuple[tuple[str, str], ...]:
        return (("dues", "step.dues"), ("confirm", "step.confirm"), ("pay", "step.pay"))

    @property
    def busy(self) -> bool:
        return self.payment.waiting

    def start(self) -> None:
        self.ctx.call("list_dues", then=self._got_dues, wait=Txt("wait.dues"))

    def _got_dues(self, dues: list[DueView]) -> None:
        self.dues = list(dues)
        self.selected = {d.due_id for d in self.dues}
        self.goto("dues")

    def _chosen(self) -> list[DueView]:
        return [d for d in self.dues if d.due_id in self.selected]

    def _total(self) -> Decimal:
        return sum((d.amount for d in self._chosen()), start=Decimal("0"))

    # ---- dues ----------------------------------------------------------------------------------
    def view_dues(self) -> StepContent:
        rows = tuple(
            Row(
                (
                    self.label(d.label_zh, d.label_en),
                    d.item,
                    Txt.of("dues.due_date", date=fmt.date(d.due_date)),
                ),
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

    def on_dues(self, intent: Intent) -> None:
        if intent.name == "dues.toggle" and intent.value in {d.due_id for d in self.dues}:
            self.selected ^= {intent.value}
        elif intent.name == "wizard.next" and self.selected:
            self.goto("confirm")

    # ---- confirm (before money moves) ----------------------------------------------------------
    def view_confirm(self) -> StepContent:
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

    def on_confirm(self, intent: Intent) -> None:
        if intent.name == "wizard.next" and self.selected:
            self.payment.create("create_payment", sorted(self.selected))

    # ---- pay (view_pay, on_pay, back and cancel come from PaysByQr) ------------------------------
    def _paid(self, transaction_id: str) -> None:
        amount = fmt.money(self._total())
        self.ctx.call(
            "issue_payment_voucher",
            transaction_id,
            then=lambda doc: self._issued(doc, amount),
            wait=Txt("wait.issuing"),
        )

    def _issued(self, doc: PrintableDocument, amount: str) -> None:
        def printed(ok: bool, reason: str) -> None:
            blocks: list[Block] = [
                ParagraphBlock(Txt.of("payment.done", amount=amount), emphasis=True),
                KeyValueBlock(((Txt("doc.number"), doc.number),)),
            ]
            if not ok:
                blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
            self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)

        self.ctx.print_document(doc, printed)
