"""Queries: payment records, taxes due, and free reprints of slips that did not print."""

from __future__ import annotations

from kiosk.flow import format as fmt
from kiosk.flow.events import Intent
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


class QueriesWizard(Wizard):
    name = "queries"
    title_key = "menu.queries"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.topic = "records"
        self.rows: tuple[Row, ...] = ()

    def steps(self) -> tuple[tuple[str, str], ...]:
        return (("topic", "step.topic"), ("answer", "step.answer"))

    def start(self) -> None:
        self.goto("topic")

    def view_topic(self) -> StepContent:
        tiles = tuple(Tile("query.topic", t, Txt(f"query.{t}"), icon) for t, icon in TOPICS)
        return StepContent(Txt("query.prompt"), (TilesBlock(tiles),))

    def on_topic(self, intent: Intent) -> None:
        if intent.name != "query.topic":
            return
        self.topic = intent.value
        if self.topic == "records":
            today = self.ctx.today()
            self.ctx.call(
                "list_records",
                fmt.add_months(today, -11),
                today,
                then=self._got_records,
                wait=Txt("wait.records"),
            )
        elif self.topic == "dues":
            self.ctx.call("list_dues", then=self._got_dues, wait=Txt("wait.dues"))
        elif self.topic == "reprints":
            self.ctx.call("unprinted_documents", then=self._got_unprinted, wait=Txt("wait.host"))

    def _got_records(self, records: list[RecordView]) -> None:
        self.rows = tuple(
            Row((self.label(r.label_zh, r.label_en), r.voucher_no, fmt.date(r.paid_on)), fmt.money(r.amount))
            for r in records
        )
        self.goto("answer")

    def _got_dues(self, dues: list[DueView]) -> None:
        self.rows = tuple(
            Row(
                (self.label(d.label_zh, d.label_en), Txt.of("dues.due_date", date=fmt.date(d.due_date))),
                fmt.money(d.amount),
            )
            for d in dues
        )
        self.goto("answer")

    def _got_unprinted(self, numbers: list[str]) -> None:
        self.rows = tuple(Row((n,), Txt("query.reprint_free"), n, "query.reprint") for n in numbers)
        self.goto("answer")

    def view_answer(self) -> StepContent:
        empty = {"records": "query.records.empty", "dues": "dues.none", "reprints": "query.reprints.empty"}[
            self.topic
        ]
        blocks: list[Block] = [ListBlock(self.rows, Txt(empty))]
        if self.topic == "reprints" and self.rows:
            blocks.insert(0, ParagraphBlock(Txt("query.reprints.help")))
            if not self.ctx.printer_ok:
                blocks.insert(0, NoticeBlock(Txt("notice.printer_unavailable"), "warning"))
        return StepContent(Txt(f"query.{self.topic}"), tuple(blocks))

    def on_answer(self, intent: Intent) -> None:
        if intent.name == "query.reprint" and self.ctx.printer_ok:
            self.ctx.call("reprint", intent.value, then=self._reprinted, wait=Txt("wait.printing"))

    def _reprinted(self, doc: PrintableDocument) -> None:
        def printed(ok: bool, reason: str) -> None:
            blocks: list[Block] = [
                ParagraphBlock(Txt("query.reprint.done" if ok else "cert.done_unprinted"), emphasis=True),
                KeyValueBlock(((Txt("doc.number"), doc.number),)),
            ]
            self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)

        self.ctx.print_document(doc, printed)
