"""Queries: payment records, taxes due, and free reprints of slips that did not print."""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from kiosk.flow import format as fmt
from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import (
    Block,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    ParagraphBlock,
    Row,
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import DueView, PrintableDocument, RecordView

TOPICS = (("records", "search"), ("dues", "payment"), ("reprints", "printer"))
EMPTY = {"records": "query.records.empty", "dues": "dues.none", "reprints": "query.reprints.empty"}


class Step(StrEnum):
    TOPIC = "topic"
    ANSWER = "answer"


class QueriesWizard(Wizard[Step]):
    name = "queries"
    title_key = "menu.queries"
    nav = NavMap(Step.TOPIC, {Step.TOPIC: Nav("step.topic", (Step.ANSWER,)), Step.ANSWER: Nav("step.answer")})

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.topic = "records"
        self.rows: tuple[Row, ...] = ()
        self.document: PrintableDocument | None = None

    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.TOPIC:
                tiles = tuple(Tile("query.topic", t, Txt(f"query.{t}"), icon) for t, icon in TOPICS)
                return StepContent(Txt("query.prompt"), (TilesBlock(tiles),))
            case Step.ANSWER:
                return self._view_answer()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.TOPIC:
                if intent.name == "query.topic" and intent.value in EMPTY:
                    self._ask(intent.value)
            case Step.ANSWER:
                if intent.name == "query.reprint" and self.ctx.printer_ok:
                    number = str(intent.value)
                    self.ctx.call(lambda s: s.reprint(number), then=self._reprinted, wait=Txt("wait.printing"))
            case _:
                assert_never(step)

    def _ask(self, topic: str) -> None:
        self.topic = topic
        if topic == "records":
            today = self.ctx.today()
            since = fmt.add_months(today, -11)
            self.ctx.call(lambda s: s.list_records(since, today), then=self._got_records, wait=Txt("wait.records"))
        elif topic == "dues":
            self.ctx.call(lambda s: s.list_dues(), then=self._got_dues, wait=Txt("wait.dues"))
        else:
            self.ctx.call(lambda s: s.unprinted_documents(), then=self._got_unprinted, wait=Txt("wait.host"))

    def _got_records(self, records: list[RecordView]) -> None:
        self.rows = tuple(
            Row((self.label(r.label_zh, r.label_en), r.voucher_no, fmt.date(r.paid_on)), fmt.money(r.amount))
            for r in records
        )
        self.advance()

    def _got_dues(self, dues: list[DueView]) -> None:
        self.rows = tuple(
            Row(
                (self.label(d.label_zh, d.label_en), Txt.of("dues.due_date", date=fmt.date(d.due_date))),
                fmt.money(d.amount),
            )
            for d in dues
        )
        self.advance()

    def _got_unprinted(self, numbers: list[str]) -> None:
        self.rows = tuple(Row((n,), Txt("query.reprint_free"), n, "query.reprint") for n in numbers)
        self.advance()

    def _view_answer(self) -> StepContent:
        blocks: list[Block] = [ListBlock(self.rows, Txt(EMPTY[self.topic]))]
        if self.topic == "reprints" and self.rows:
            blocks.insert(0, ParagraphBlock(Txt("query.reprints.help")))
            if not self.ctx.printer_ok:
                blocks.insert(0, NoticeBlock(Txt("notice.printer_unavailable"), "warning"))
        return StepContent(Txt(f"query.{self.topic}"), tuple(blocks))

    def _reprinted(self, doc: PrintableDocument) -> None:
        self.document = doc
        self.ctx.print_document(doc, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        assert self.document is not None
        blocks: list[Block] = [
            ParagraphBlock(Txt("query.reprint.done" if ok else "cert.done_unprinted"), emphasis=True),
            KeyValueBlock(((Txt("doc.number"), self.document.number),)),
        ]
        self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)
