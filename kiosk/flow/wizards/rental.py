"""Rental invoice on a person's behalf (代开房屋租赁发票): tenant, property, period and rent, quote, pay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from kiosk.flow import format as fmt
from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.forms import Form
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import (
    Action,
    Block,
    FieldKind,
    FormField,
    KeyValueBlock,
    NoticeBlock,
    ParagraphBlock,
    Role,
    Text,
    Txt,
)
from kiosk.flow.wizards.base import StepContent
from kiosk.flow.wizards.paying import PaysByQr, QrPayment
from kiosk.services.api import PrintableDocument, RentalQuoteView, RentalRequest

LOCATIONS = ("city", "county_town", "other")


class Step(StrEnum):
    TENANT = "tenant"
    PROPERTY = "property"
    TERMS = "terms"
    QUOTE = "quote"
    PAY = "pay"


class RentalWizard(PaysByQr[Step]):
    name = "rental"
    title_key = "menu.rental"
    nav = NavMap(
        Step.TENANT,
        {
            Step.TENANT: Nav("step.tenant", (Step.PROPERTY,)),
            Step.PROPERTY: Nav("step.property", (Step.TERMS,)),
            Step.TERMS: Nav("step.terms", (Step.QUOTE,)),
            Step.QUOTE: Nav("step.confirm", (Step.PAY,)),
            Step.PAY: Nav("step.pay"),
        },
    )
    pay_step = Step.PAY

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.document: PrintableDocument | None = None
        self.tenant = Form(
            [FormField("tenant", FieldKind.TEXT, Txt("rental.tenant"), "", hint=Txt("rental.tenant_hint"))]
        )
        self.property = Form(
            [
                FormField(
                    "address", FieldKind.TEXT, Txt("rental.address"), "", hint=Txt("rental.address_hint")
                ),
                FormField("residential", FieldKind.TOGGLE, Txt("rental.residential"), True),
                FormField(
                    "location",
                    FieldKind.CHOICE,
                    Txt("rental.location"),
                    "city",
                    options=tuple((loc, Txt(f"rental.location.{loc}")) for loc in LOCATIONS),
                ),
            ]
        )
        self.terms = Form(
            [
                FormField(
                    "rent", FieldKind.MONEY, Txt("rental.rent_total"), "", hint=Txt("rental.rent_hint")
                ),
                FormField("months", FieldKind.STEPPER, Txt("rental.months"), 1, minimum=1, maximum=12),
            ]
        )
        self.quote: RentalQuoteView | None = None
        self.payment = QrPayment(self, Step.QUOTE, self._paid)

    @property
    def busy(self) -> bool:
        return self.payment.waiting

    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.TENANT:
                return self._view_tenant()
            case Step.PROPERTY:
                return self._view_property()
            case Step.TERMS:
                return self._view_terms()
            case Step.QUOTE:
                return self._view_quote()
            case Step.PAY:
                return self.payment.view()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.TENANT:
                self._on_tenant(intent)
            case Step.PROPERTY:
                self._on_property(intent)
            case Step.TERMS:
                self._on_terms(intent)
            case Step.QUOTE:
                if intent.name == "wizard.next" and self.quote is not None and self.quote.total_tax > 0:
                    request = self.request()
                    self.payment.create(lambda s: s.rental_create_payment(request))
            case Step.PAY:
                pass  # the QR step has only Back and Cancel
            case _:
                assert_never(step)

    def period(self) -> tuple[dt.date, dt.date]:
        start = self.ctx.today().replace(day=1)
        end = fmt.month_end(fmt.add_months(start, self.terms.integer("months") - 1))
        return start, end

    def request(self) -> RentalRequest:
        a, b = self.period()
        return RentalRequest(
            tenant_name=self.tenant.text("tenant").strip(),
            property_address=self.property.text("address").strip(),
            period_from=a,
            period_to=b,
            rent_total=self.terms.decimal("rent"),
            residential=bool(self.property["residential"]),
            location_class=str(self.property["location"]),
        )

    # ---- tenant / property / terms -------------------------------------------------------------
    def _view_tenant(self) -> StepContent:
        ok = len(self.tenant.text("tenant").strip()) >= 2
        return StepContent(
            Txt("rental.tenant.prompt"),
            self.tenant.block(),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=ok),
        )

    def _on_tenant(self, intent: Intent) -> None:
        if self.tenant.handle(intent):
            return
        if intent.name == "wizard.next" and len(self.tenant.text("tenant").strip()) >= 2:
            self.advance()

    def _view_property(self) -> StepContent:
        ok = len(self.property.text("address").strip()) >= 4
        return StepContent(
            Txt("rental.property.prompt"),
            self.property.block(),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=ok),
        )

    def _on_property(self, intent: Intent) -> None:
        if self.property.handle(intent):
            return
        if intent.name == "wizard.next" and len(self.property.text("address").strip()) >= 4:
            self.advance()

    def _view_terms(self) -> StepContent:
        a, b = self.period()
        ok = self.terms.decimal("rent") > 0
        blocks = (*self.terms.block(), ParagraphBlock(Txt.of("rental.period", period=fmt.period(a, b))))
        return StepContent(
            Txt("rental.terms.prompt"),
            blocks,
            Action("wizard.next", Txt("action.calculate"), Role.PRIMARY, enabled=ok),
        )

    def _on_terms(self, intent: Intent) -> None:
        if self.terms.handle(intent):
            return
        if intent.name == "wizard.next" and self.terms.decimal("rent") > 0:
            request = self.request()
            self.ctx.call(lambda s: s.rental_quote(request), then=self._got_quote, wait=Txt("wait.calculating"))

    def _got_quote(self, quote: RentalQuoteView) -> None:
        self.quote = quote
        self.advance()

    # ---- quote: the confirmation before money moves ---------------------------------------------
    def _view_quote(self) -> StepContent:
        q = self.quote
        assert q is not None
        a, b = self.period()
        lines: tuple[tuple[Text, Text], ...] = (
            (Txt("rental.tenant"), self.tenant.text("tenant")),
            (Txt("rental.period_label"), fmt.period(a, b)),
            (Txt("rental.rent_total"), fmt.money(self.terms.decimal("rent"))),
            *((self.label(line.label_zh, line.label_en), fmt.money(line.amount)) for line in q.lines),
        )
        total = fmt.money(q.total_tax)
        blocks: list[Block] = [KeyValueBlock(lines, (Txt("rental.total_tax"), total))]
        if not self.ctx.printer_ok:
            blocks.append(NoticeBlock(Txt("payment.no_voucher_print"), "warning"))
        if q.total_tax <= Decimal("0"):
            blocks.append(ParagraphBlock(Txt("rental.nothing_to_pay")))
        return StepContent(
            Txt("rental.quote.prompt"),
            tuple(blocks),
            Action("wizard.next", Txt.of("action.pay", amount=total), Role.PRIMARY, enabled=q.total_tax > 0),
        )

    # ---- after the payment -----------------------------------------------------------------------
    def _paid(self, transaction_id: str) -> None:
        self.ctx.call(
            lambda s: s.issue_rental_invoice(transaction_id), then=self._issued, wait=Txt("wait.issuing")
        )

    def _issued(self, doc: PrintableDocument) -> None:
        self.document = doc
        self.ctx.print_document(doc, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        assert self.document is not None
        blocks: list[Block] = [
            ParagraphBlock(Txt("rental.done"), emphasis=True),
            KeyValueBlock(((Txt("doc.number"), self.document.number),)),
        ]
        if not ok:
            blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
        self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)
