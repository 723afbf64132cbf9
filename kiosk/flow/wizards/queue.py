"""Queue ticket (取号): choose a counter service, take the printed number (works without a card too)."""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import BigTextBlock, Block, NoticeBlock, ParagraphBlock, Tile, TilesBlock, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import PrintableDocument, QueueService, QueueTicketView


class Step(StrEnum):
    SERVICE = "service"


class QueueWizard(Wizard[Step]):
    name = "queue"
    title_key = "menu.queue"
    nav = NavMap(Step.SERVICE, {Step.SERVICE: Nav("step.service")})

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.services: list[QueueService] = []
        self.ticket: QueueTicketView | None = None

    def start(self) -> None:
        self.ctx.call(lambda s: s.queue_services(), then=self._got_services, wait=Txt("wait.host"))

    def _got_services(self, services: list[QueueService]) -> None:
        self.services = list(services)
        self.goto(Step.SERVICE)

    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.SERVICE:
                tiles = tuple(
                    Tile("queue.take", s.code, f"{s.code}  {self.label(s.label_zh, s.label_en)}", "ticket")
                    for s in self.services
                )
                return StepContent(Txt("queue.prompt"), (TilesBlock(tiles),))
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.SERVICE:
                if intent.name == "queue.take" and intent.value in {s.code for s in self.services}:
                    code = str(intent.value)
                    self.ctx.call(lambda s: s.take_queue_ticket(code), then=self._taken, wait=Txt("wait.ticket"))
            case _:
                assert_never(step)

    def _taken(self, answer: tuple[QueueTicketView, PrintableDocument]) -> None:
        self.ticket, doc = answer
        self.ctx.print_document(doc, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        ticket = self.ticket
        assert ticket is not None
        blocks: list[Block] = [
            BigTextBlock(ticket.ticket, Txt("queue.your_number")),
            ParagraphBlock(
                Txt.of(
                    "queue.waiting", ahead=str(ticket.waiting_ahead), minutes=str(ticket.estimated_wait_minutes)
                )
            ),
        ]
        if not ok:
            blocks.append(NoticeBlock(Txt("queue.note_number"), "warning"))
        self.ctx.show_result(Txt("queue.done"), tuple(blocks), took_slip=ok)
