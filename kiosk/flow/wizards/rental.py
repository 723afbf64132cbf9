"""Rental invoice on a person's behalf (代开房屋租赁发票), certificate-free: the property from the
shared registry, tenant, period and rent, a signed commitment instead of the lease, confirm, pay.

The first screen lists the properties the registry holds for the person (looked up by the owner's
ID number in the services) and says which papers are no longer needed. Without a registry record it
says exactly which papers the counter needs instead.
"""

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
    ListBlock,
    NoticeBlock,
    ParagraphBlock,
    Role,
    Row,
    Text,
    Txt,
)
from kiosk.flow.wizards.base import StepContent
from kiosk.flow.wizards.paying import PaysByQr, QrPayment
from kiosk.services.api import Commitment, PrintableDocument, PropertyView, RentalQuoteView, RentalRequest


class Step(StrEnum):
    PROPERTY = "property"
    TENANT = "tenant"
    TERMS = "terms"
    COMMIT = "commit"
    QUOTE = "quote"
    PAY = "pay"


class RentalWizard(PaysByQr[Step]):
    name = "rental"
    title_key = "menu.rental"
    nav = NavMap(
        Step.PROPERTY,
        {
            Step.PROPERTY: Nav("step.property", (Step.TENANT,)),
            Step.TENANT: Nav("step.tenant", (Step.TERMS,)),
            Step.TERMS: Nav("step.terms", (Step.COMMIT,)),
            Step.COMMIT: Nav("step.commit", (Step.QUOTE,)),
            Step.QUOTE: Nav("step.confirm", (Step.PAY,)),
            Step.PAY: Nav("step.pay"),
        },
    )
    pay_step = Step.PAY

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.document: PrintableDocument | None = None
        self.properties: list[PropertyView] = []
        self.property: PropertyView | None = None
        self.commitment: Commitment | None = None
        self.agreed = False
        self.tenant = Form(
            [FormField("tenant", FieldKind.TEXT, Txt("rental.tenant"), "", hint=Txt("rental.tenant_hint"),
                       chinese=True)]
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

    def tick(self, seconds: float) -> None:
        self.payment.tick(seconds)

    def countdown(self) -> int | None:
        return self.payment.seconds_left() if self.step == Step.PAY else None

    def start(self) -> None:
        self.ctx.call(lambda s: s.rental_properties(), then=self._got_properties, wait=Txt("wait.registry"))

    def _got_properties(self, properties: list[PropertyView]) -> None:
        self.properties = list(properties)
        self.goto(Step.PROPERTY)

    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.PROPERTY:
                return self._view_property()
            case Step.TENANT:
                return self._view_tenant()
            case Step.TERMS:
                return self._view_terms()
            case Step.COMMIT:
                return self._view_commit()
            case Step.QUOTE:
                return self._view_quote()
            case Step.PAY:
                return self.payment.view()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.PROPERTY:
                self._on_property(intent)
            case Step.TENANT:
                self._on_tenant(intent)
            case Step.TERMS:
                self._on_terms(intent)
            case Step.COMMIT:
                self._on_commit(intent)
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
        p = self.property
        return RentalRequest(
            tenant_name=self.tenant.text("tenant").strip(),
            property_address=p.address if p is not None else "",
            period_from=a,
            period_to=b,
            rent_total=self.terms.decimal("rent"),
            residential=p.residential if p is not None else True,
            location_class=p.location_class if p is not None else "city",
            property_id=p.property_id if p is not None else None,
            commitment_version=self.commitment.version if self.commitment is not None and self.agreed else "",
        )

    # ---- property: from the shared registry ------------------------------------------------------
    def _view_property(self) -> StepContent:
        if not self.properties:
            return StepContent(
                Txt("rental.property.prompt"),
                (
                    NoticeBlock(Txt("rental.no_record"), "warning"),
                    ParagraphBlock(Txt("rental.counter_papers"), emphasis=True),
                    ParagraphBlock(Txt("rental.counter_where")),
                ),
            )
        rows = tuple(
            Row(
                (p.address, Txt.of("rental.property_line", use=Txt("rental.use.residential" if p.residential
                                                                   else "rental.use.other"),
                                   area=f"{p.area_m2:.2f}")),
                value=p.property_id,
                intent="rental.property",
                selected=(p == self.property) if self.property is not None else None,
            )
            for p in self.properties
        )
        return StepContent(
            Txt("rental.property.choose"),
            (
                NoticeBlock(Txt("noneed.property"), "info"),
                NoticeBlock(Txt("noneed.lease"), "info"),
                ListBlock(rows),
            ),
        )

    def _on_property(self, intent: Intent) -> None:
        if intent.name != "rental.property":
            return
        chosen = next((p for p in self.properties if p.property_id == intent.value), None)
        if chosen is not None:
            self.property = chosen
            self.goto(Step.TENANT)

    # ---- tenant / terms ----------------------------------------------------------------------------
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

    def _view_terms(self) -> StepContent:
        a, b = self.period()
        ok = self.terms.decimal("rent") > 0
        blocks = (*self.terms.block(), ParagraphBlock(Txt.of("rental.period", period=fmt.period(a, b))))
        return StepContent(
            Txt("rental.terms.prompt"),
            blocks,
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=ok),
        )

    def _on_terms(self, intent: Intent) -> None:
        if self.terms.handle(intent):
            return
        if intent.name == "wizard.next" and self.terms.decimal("rent") > 0:
            self.ctx.call(lambda s: s.rental_commitment(), then=self._got_commitment, wait=Txt("wait.host"))

    # ---- the commitment that replaces the lease ------------------------------------------------------
    def _got_commitment(self, commitment: Commitment) -> None:
        if self.commitment is None or commitment.version != self.commitment.version:
            self.agreed = False
        self.commitment = commitment
        self.advance()

    def _view_commit(self) -> StepContent:
        c = self.commitment
        assert c is not None
        return StepContent(
            Txt("rental.commit.prompt"),
            (
                ParagraphBlock(Txt("rental.commit.instead")),
                ParagraphBlock(self.label(c.text_zh, c.text_en)),
                ListBlock(
                    (
                        Row(
                            (Txt("rec.agree_on" if self.agreed else "rec.agree_off"),),
                            intent="rental.agree",
                            selected=self.agreed,
                        ),
                    )
                ),
            ),
            Action("wizard.next", Txt("action.calculate"), Role.PRIMARY, enabled=self.agreed),
        )

    def _on_commit(self, intent: Intent) -> None:
        if intent.name == "rental.agree":
            self.agreed = not self.agreed
            self.ctx.show_wizard()
        elif intent.name == "wizard.next" and self.agreed:
            request = self.request()
            self.ctx.call(lambda s: s.rental_quote(request), then=self._got_quote, wait=Txt("wait.calculating"))

    def _got_quote(self, quote: RentalQuoteView) -> None:
        self.quote = quote
        self.advance()

    # ---- quote: the confirmation before money moves ---------------------------------------------
    def _view_quote(self) -> StepContent:
        q, p = self.quote, self.property
        assert q is not None and p is not None
        a, b = self.period()
        lines: tuple[tuple[Text, Text], ...] = (
            (Txt("rental.address"), p.address),
            (Txt("rental.certificate"), p.certificate_no),
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
