"""Queue tickets for the counters (no session needed): draw a number, journal it, print the ticket."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.persistence.models import Taxpayer
from kiosk.services import queue
from kiosk.services.api import PrintableDocument, QueueService, QueueTicketView
from kiosk.services.journal import Journal, TransactionKind
from kiosk.services.print_book import Builder, PrintBook
from kiosk.services.sessions import SessionManager
from receipts import documents as builders
from receipts.model import Document, IssueContext


class QueueDesk:
    def __init__(self, kiosk_id: str, session_factory: sessionmaker[Session], journal: Journal,
                 sessions: SessionManager, book: PrintBook, clock: Clock, hall: str = "") -> None:
        self._kiosk_id = kiosk_id
        self._hall = hall
        self._factory = session_factory
        self._journal = journal
        self._sessions = sessions
        self._book = book
        self._clock = clock

    def services(self) -> list[QueueService]:
        return [s.service for s in queue.SERVICES]

    def take_ticket(self, service_code: str) -> tuple[QueueTicketView, PrintableDocument]:
        me = self._sessions.current_or_none
        view, _ticket_id = queue.take(self._factory, service_code, self._clock(), kiosk_id=self._kiosk_id,
                                      taxpayer_id=me.taxpayer_id if me else None, hall=self._hall)
        # The transaction names no taxpayer: a queue ticket is not a personal document.
        tx_id = self._journal.begin_confirmed(
            TransactionKind.QUEUE_TICKET, session_id=me.session_id if me else None, taxpayer_id=None,
            detail={"ticket": view.ticket}, reason=f"queue ticket {view.ticket} drawn",
        )
        return view, self._book.issue(tx_id, ticket(view))


def ticket(view: QueueTicketView) -> Builder:
    def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
        del db, tp
        s = view.service
        return builders.queue_ticket(ctx, s.code, s.label_zh, s.label_en, view.ticket, view.waiting_ahead,
                                     view.estimated_wait_minutes)

    return build
