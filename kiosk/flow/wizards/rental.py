"""Rental invoice on a person's behalf (代开房屋租赁发票): tenant, property, period and rent, quote, pay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kiosk.flow import format as fmt
from kiosk.flow.events import Intent
from kiosk.flow.forms import Form
from kiosk.flow.views import (
    Action,
    Block,
    FieldKind,
    FormField,
    KeyValueBlock,
    NoticeBlock,
    ParagraphBlock,
    Role,
    Txt,
)
from kiosk.flow.wizards.base import StepContent
from kiosk.flow.wizards.paying import PaysByQr, QrPayment
from kiosk.services.api import PrintableDocument, RentalQuoteView, RentalRequest

LOCATIONS = ("city", "county_town", "other")


class RentalWizard(PaysByQr):
    name = "rental"
    title_key = "menu.rental"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
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
        self.payment = QrPayment(self, "quote", self._paid)

    def steps(self) -> tuple[tuple[str, str], ...]:
        return (
            ("tenant", "step.tenant"),
            ("property", "step.property"),
            ("terms", "step.terms"),
            ("quote", "step.confirm"),
            ("pay", "step.pay"),
        )

    @property
    def busy(self) -> bool:
        return self.payment.waiting

    def start(self) -> None:
        self.goto("tenant")

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
    def view_tenant(self) -> StepContent:
        ok = len(self.tenant.text("tenant").strip()) >= 2
        return StepContent(
            Txt("rental.tenant.prompt"),
            self.tenant.block(),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=ok),
        )

    def on_tenant(self, intent: Intent) -> None:
        if self.tenant.handle(intent):
            return
        if intent.name == "wizard.next" and len(self.tenant.text("tenant").strip()) >= 2:
            self.goto("property")

    def view_property(self) -> StepContent:
        ok = len(self.property.text("address").strip()) >= 4
        return StepContent(
            Txt("rental.property.prompt"),
            self.property.block(),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=ok),
        )

    def on_property(self, intent: Intent) -> None:
        if self.property.handle(intent):
            return
        if intent.name == "wizard.next" and len(self.property.text("address").strip()) >= 4:
            self.goto("terms")

    def view_terms(self) -> StepContent:
        a, b = self.period()
        ok = self.terms.decimal("rent") > 0
        blocks = (*self.terms.block(), ParagraphBlock(Txt.of("rental.period", period=fmt.period(a, b))))
        return StepContent(
            Txt("rental.terms.prompt"),
            blocks,
            Action("wizard.next", Txt("action.calculate"), Role.PRIMARY, enabled=ok),
        )

    def on_terms(self, intent: Intent) -> None:
        if self.terms.handle(intent):
            return
        if intent.name == "wizard.next" and self.terms.decimal("rent") > 0:
            self.ctx.call("rental_quote", self.request(), then=self._got_quote, wait=Txt("wait.calculating"))

    def _got_quote(self, quote: RentalQuoteView) -> None:
        self.quote = quote
        self.goto("quote")

    # ---- quote: the confirmation before money moves ---------------------------------------------
    def view_quote(self) -> StepContent:
        q = self.quote
        assert q is not None
        a, b = self.period()
        lines = (
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

    def on_quote(self, intent: Intent) -> None:
        if intent.name == "wizard.next" and self.quote is not None and self.quote.total_tax > 0:
            self.payment.create("rental_create_payment", self.request())

    # ---- pay (view_pay, on_pay, back and cancel come from PaysByQr) ------------------------------
    def _paid(self, transaction_id: str) -> None:
        self.ctx.call("issue_rental_invoice", transaction_id, then=self._issued, wait=Txt("wait.issuing"))

    def _issued(self, doc: PrintableDocument) -> None:
        def printed(ok: bool, reason: str) -> None:
            blocks: list[Block] = [
                ParagraphBlock(Txt("rental.done"), emphasis=True),
                KeyValueBlock(((Txt("doc.number"), doc.number),)),
            ]
            if not ok:
                blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
            self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)

        self.ctx.print_document(doc, printed)
