"""Printing from the flow: one print job at a time, and what a failed print offers the person.

A job that did not print (paper out, cover open, torn half-way) is saved by the services as owed
a free reprint; the screen says so and offers "Print again" (a reprint of the same number, only
once the printer is ready) or "Continue without printing". Nothing is ever reprinted by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from devices.printjob import JobState
from kiosk.domain.documents import PrintableDocument
from kiosk.flow.calls import RequestIds
from kiosk.flow.context import ErrorAction, PrintDone, ServiceCall
from kiosk.flow.effects import Effect, PrintDocument
from kiosk.flow.events import PrintOutcome, PrintResult, ServiceResult
from kiosk.flow.views import Action, Block, NoticeBlock, ParagraphBlock, Role, Text, Txt

T = TypeVar("T")


class PrintHost(Protocol):
    """What printing needs of the controller."""

    @property
    def printer_ok(self) -> bool: ...

    def printer_reason(self) -> str: ...

    def emit(self, effect: Effect) -> None: ...

    def wait_for(self, request_id: int, message: Text) -> None: ...

    def call(
        self,
        fn: ServiceCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
        delay: float = 0.0,
    ) -> None: ...

    def show_error(
        self,
        key: str,
        *,
        title: Text | None = None,
        blocks: tuple[Block, ...] | None = None,
        actions: list[ErrorAction] | None = None,
        finish: Text | None = None,
    ) -> None: ...


@dataclass(frozen=True)
class PrintTask:
    document: PrintableDocument
    then: PrintDone


@dataclass(frozen=True)
class FailedPrint:
    task: PrintTask
    outcome: PrintOutcome

    @property
    def reason_key(self) -> str:
        return self.outcome.reason_key or "printer.failed"


class PrintDesk:
    def __init__(self, host: PrintHost, ids: RequestIds) -> None:
        self._host = host
        self._ids = ids
        self._jobs: dict[int, PrintTask] = {}
        self._failed: FailedPrint | None = None  # the failure the error screen is about

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def clear(self) -> None:
        self._jobs.clear()
        self._failed = None

    def print_document(self, doc: PrintableDocument, then: PrintDone) -> None:
        if not self._host.printer_ok:
            then(False, self._host.printer_reason() or "printer.unavailable")
            return
        rid = self._ids.next()
        self._jobs[rid] = PrintTask(doc, then)
        self._host.emit(PrintDocument(rid, doc))
        self._host.wait_for(rid, Txt("wait.printing"))

    def on_result(self, result: PrintResult) -> bool:
        """Settle a finished job; False when it belongs to nothing on screen any more (stale)."""
        task = self._jobs.pop(result.request_id, None)
        if task is None:
            return False
        if result.outcome.state.counts_as_printed:  # PRINTED, or SENT_UNCONFIRMED: never a reprint
            task.then(True, "")
        else:
            self._failed = FailedPrint(task, result.outcome)
            self._show_failure()
        return True

    # ---- the failed-print screen and its two buttons --------------------------------------------
    def _show_failure(self) -> None:
        failed = self._failed
        assert failed is not None
        partly = failed.outcome.state == JobState.INCOMPLETE
        title = Txt("error.print_incomplete.title" if partly else "error.print_failed.title")
        blocks: tuple[Block, ...] = (
            NoticeBlock(Txt(failed.reason_key), "error"),
            ParagraphBlock(Txt("error.print.saved")),
            ParagraphBlock(Txt("error.print.free_reprint"), emphasis=True),
        )
        actions: list[ErrorAction] = [
            (Action("error.retry", Txt("action.print_again"), Role.PRIMARY), self.print_again),
            (Action("error.skip_print", Txt("action.continue_without_printing")), self.skip_printing),
        ]
        self._host.show_error(failed.reason_key, title=title, blocks=blocks, actions=actions)

    def print_again(self) -> None:
        """A free reprint of the same number, once the printer is ready (else the message stays)."""
        failed = self._failed
        if failed is None:
            return
        if not self._host.printer_ok:  # still out of paper (or cover open)
            self._show_failure()
            return
        number = failed.task.document.number
        self._host.call(lambda s: s.reprint(number), then=self._reprinted, wait=Txt("wait.printing"))

    def _reprinted(self, doc: PrintableDocument) -> None:
        failed, self._failed = self._failed, None
        if failed is not None:
            self.print_document(doc, failed.task.then)

    def skip_printing(self) -> None:
        failed, self._failed = self._failed, None
        if failed is not None:
            failed.task.then(False, failed.reason_key)
