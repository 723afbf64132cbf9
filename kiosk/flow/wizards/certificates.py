"""Certificates and records: a tax payment certificate (税收完税证明) or an IIT income record."""

from __future__ import annotations

import datetime as dt
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
    Text,
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import PrintableDocument, RecordView

PERIODS = ("this_year", "last_year", "last_12_months", "last_3_years")
KINDS = ("certificate", "iit")


def period_range(choice: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a period choice covers. "Last 12 months" is the 12 whole months before the current
    one (on 3 Dec 2026: 1 Dec 2025 - 30 Nov 2026), never the same range as "this year"."""
    if choice == "this_year":
        return dt.date(today.year, 1, 1), today
    if choice == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if choice == "last_3_years":
        return dt.date(today.year - 2, 1, 1), today
    return fmt.add_months(today, -12), fmt.add_months(today, 0) - dt.timedelta(days=1)


class Step(StrEnum):
    KIND = "kind"
    PERIOD = "period"
    RECORDS = "records"
    CONFIRM = "confirm"


class CertificatesWizard(Wizard[Step]):
    name = "certificates"
    title_key = "menu.certificates"
    nav = NavMap(
        Step.KIND,
        {
            Step.KIND: Nav("step.document", (Step.PERIOD,)),
            Step.PERIOD: Nav("step.period", (Step.RECORDS, Step.CONFIRM)),  # an IIT record has no choice of rows
            Step.RECORDS: Nav("step.records", (Step.CONFIRM,)),
            Step.CONFIRM: Nav("step.print"),
        },
    )

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.kind = "certificate"
        self.period = "last_12_months"
        self.records: list[RecordView] = []
        self.selected: set[int] = set()
        self.document: PrintableDocument | None = None

    def indicator(self) -> tuple[tuple[Step, str], ...]:
        steps = super().indicator()
        return tuple(s for s in steps if s[0] != Step.RECORDS) if self.kind == "iit" else steps

    def _range(self) -> tuple[dt.date, dt.date]:
        return period_range(self.period, self.ctx.today())

    # ---- steps ---------------------------------------------------------------------------------
    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.KIND:
                return self._view_kind()
            case Step.PERIOD:
                return self._view_period()
            case Step.RECORDS:
                return self._view_records()
            case Step.CONFIRM:
                return self._view_confirm()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.KIND:
                if intent.name == "cert.kind" and intent.value in KINDS:
                    self.kind = intent.value
                    self.advance()
            case Step.PERIOD:
                if intent.name == "cert.period" and intent.value in PERIODS:
                    self._choose_period(intent.value)
            case Step.RECORDS:
                self._on_records(intent)
            case Step.CONFIRM:
                if intent.name == "wizard.next":
                    self._issue()
            case _:
                assert_never(step)

    # ---- kind and period -----------------------------------------------------------------------
    def _view_kind(self) -> StepContent:
        tiles = (
            Tile("cert.kind", "certificate", Txt("cert.kind.certificate"), "certificate",
                 Txt("cert.kind.certificate_note")),
            Tile("cert.kind", "iit", Txt("cert.kind.iit"), "record", Txt("cert.kind.iit_note")),
        )
        return StepContent(Txt("cert.kind.prompt"), (TilesBlock(tiles),))

    def _view_period(self) -> StepContent:
        today = self.ctx.today()
        tiles = []
        for p in PERIODS:
            a, b = period_range(p, today)
            tiles.append(Tile("cert.period", p, Txt(f"period.{p}"), "calendar", fmt.period(a, b)))
        return StepContent(Txt("cert.period.prompt"), (TilesBlock(tuple(tiles)),))

    def _choose_period(self, period: str) -> None:
        self.period = period
        if self.kind == "iit":
            self.goto(Step.CONFIRM)
            return
        a, b = self._range()
        self.ctx.call(lambda s: s.list_records(a, b), then=self._got_records, wait=Txt("wait.records"))

    def _got_records(self, records: list[RecordView]) -> None:
        self.records = list(records)
        self.selected = {r.record_id for r in self.records}
        self.goto(Step.RECORDS)

    # ---- records -------------------------------------------------------------------------------
    def _view_records(self) -> StepContent:
        rows = tuple(
            Row(
                (self.label(r.label_zh, r.label_en), self.label(r.item, r.item_en or r.item), fmt.date(r.paid_on)),
                fmt.money(r.amount),
                r.record_id,
                "cert.toggle",
                r.record_id in self.selected,
            )
            for r in self.records
        )
        blocks: list[Block] = [ListBlock(rows, Txt("cert.records.empty"))]
        if self.records:
            all_on = len(self.selected) == len(self.records)
            label = Txt("cert.select_none" if all_on else "cert.select_all")
            blocks.insert(0, TilesBlock((Tile("cert.all", not all_on, label, "check"),)))
        return StepContent(
            Txt("cert.records.prompt"),
            tuple(blocks),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=bool(self.selected)),
        )

    def _on_records(self, intent: Intent) -> None:
        if intent.name == "cert.toggle":
            if intent.value in {r.record_id for r in self.records}:
                self.selected ^= {intent.value}
        elif intent.name == "cert.all":
            self.selected = {r.record_id for r in self.records} if intent.value else set()
        elif intent.name == "wizard.next" and self.selected:
            self.advance()

    # ---- confirm and print ---------------------------------------------------------------------
    def _view_confirm(self) -> StepContent:
        a, b = self._range()
        lines: tuple[tuple[Text, Text], ...]
        total: tuple[Text, Text] | None
        if self.kind == "iit":
            lines = ((Txt("cert.kind.label"), Txt("cert.kind.iit")), (Txt("cert.period.label"), fmt.period(a, b)))
            total = None
        else:
            chosen = [r for r in self.records if r.record_id in self.selected]
            lines = (
                (Txt("cert.kind.label"), Txt("cert.kind.certificate")),
                (Txt("cert.period.label"), fmt.period(a, b)),
                (Txt("cert.count.label"), str(len(chosen))),
            )
            total = (Txt("cert.total.label"), fmt.money(sum((r.amount for r in chosen), start=Decimal("0"))))
        blocks: list[Block] = [KeyValueBlock(lines, total)]
        if not self.ctx.printer_ok:
            blocks.append(NoticeBlock(Txt("notice.printer_unavailable"), "warning"))
        label = "action.print" if self.ctx.printer_ok else "action.issue_without_printing"
        return StepContent(Txt("cert.confirm.prompt"), tuple(blocks), Action("wizard.next", Txt(label), Role.PRIMARY))

    def _issue(self) -> None:
        if self.kind == "iit":
            a, b = self._range()
            self.ctx.call(lambda s: s.issue_iit_record(a, b), then=self._issued, wait=Txt("wait.issuing"))
        else:
            ids = [r.record_id for r in self.records if r.record_id in self.selected]
            self.ctx.call(lambda s: s.issue_certificate(ids), then=self._issued, wait=Txt("wait.issuing"))

    def _issued(self, doc: PrintableDocument) -> None:
        self.document = doc
        self.ctx.print_document(doc, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        doc = self.document
        assert doc is not None
        blocks: list[Block] = [
            ParagraphBlock(Txt("cert.done" if ok else "cert.done_unprinted"), emphasis=True),
            KeyValueBlock(((Txt("doc.number"), doc.number),)),
        ]
        if not ok:
            blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
        if doc.pdf_path:
            blocks.append(ParagraphBlock(Txt("cert.pdf_ready")))
        self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)
