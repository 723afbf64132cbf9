"""Queue ticket (取号): choose a counter service, take the printed number (works without a card too)."""

from __future__ import annotations

from kiosk.flow.events import Intent
from kiosk.flow.views import BigTextBlock, Block, NoticeBlock, ParagraphBlock, Tile, TilesBlock, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import PrintableDocument, QueueService, QueueTicketView


class QueueWizard(Wizard):
    name = "queue"
    title_key = "menu.queue"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.services: list[QueueService] = []

    def steps(self) -> tuple[tuple[str, str], ...]:
        return (("service", "step.service"),)

    def start(self) -> None:
        self.ctx.call("queue_services", then=self._got_services, wait=Txt("wait.host"))

    def _got_services(self, services: list[QueueService]) -> None:
        self.services = list(services)
        self.goto("service")

    def view_service(self) -> StepContent:
        tiles = tuple(
            Tile("queue.take", s.code, f"{s.code}  {self.label(s.label_zh, s.label_en)}", "ticket")
            for s in self.services
        )
        return StepContent(Txt("queue.prompt"), (TilesBlock(tiles),))

    def on_service(self, intent: Intent) -> None:
        if intent.name == "queue.take" and intent.value in {s.code for s in self.services}:
            self.ctx.call("take_queue_ticket", intent.value, then=self._taken, wait=Txt("wait.ticket"))

    def _taken(self, answer: tuple[QueueTicketView, PrintableDocument]) -> None:
        ticket, doc = answer

        def printed(ok: bool, reason: str) -> None:
            blocks: list[Block] = [
                BigTextBlock(ticket.ticket, Txt("queue.your_number")),
                ParagraphBlock(
                    Txt.of(
                        "queue.waiting",
                        ahead=str(ticket.waiting_ahead),
                        minutes=str(ticket.estimated_wait_minutes),
                    )
                ),
            ]
            if not ok:
                blocks.append(NoticeBlock(Txt("queue.note_number"), "warning"))
            self.ctx.show_result(Txt("queue.done"), tuple(blocks), took_slip=ok)

        self.ctx.print_document(doc, printed)
