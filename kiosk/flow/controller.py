"""The kiosk's screen flow as a Qt-free state machine: events in, (state, view-model, effects) out.

The controller owns the session (attract -> card -> menu -> a wizard -> result -> attract), the idle
clock, errors, "call staff" and device notices; each service is a :class:`Wizard`. Every
state change is logged on "kiosk.flow" as "from X to Y (reason)". Nothing here blocks: work is asked
for as effects and answered by events (ServiceResult, PrintResult), so tests drive the whole flow
with plain objects.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.flow.effects import Effect, NotifyStaff, PrintDocument, PurgeUi, RunService, SoundReminder
from kiosk.flow.events import (
    CardPlaced,
    CardRead,
    CardReadFailed,
    CardRemoved,
    Device,
    DeviceStatus,
    EndSession,
    Event,
    Health,
    Intent,
    JobState,
    PrintOutcome,
    PrintResult,
    ServiceResult,
    Tick,
    UserActivity,
)
from kiosk.flow.views import (
    Action,
    BigTextBlock,
    Block,
    NoticeBlock,
    PageKind,
    PageView,
    ParagraphBlock,
    Role,
    Text,
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.privacy import mask_id
from kiosk.services.api import PrintableDocument, TaxpayerView

log = logging.getLogger("kiosk.flow")

_ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])|(?<![0-9])[0-9]{15}(?![0-9])")


def redact(text: str) -> str:
    """Mask anything shaped like an ID number (a service's error text is logged)."""
    return _ID_LIKE.sub(lambda m: mask_id(m.group()), text)


HANDOVER_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes


def random_handover_code() -> str:
    return "".join(secrets.choice(HANDOVER_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class FlowTimeouts:
    """Seconds (kiosk-ux.md: warn after 60-90 s idle, count down >= 20 s, result back after ~30 s)."""

    idle_warning: float = 75.0
    idle_countdown: float = 30.0
    result_return: float = 30.0
    payment_poll_interval: float = 1.0
    reminder_interval: float = 15.0
    reminder_repeats: int = 4


class Mode(StrEnum):
    ATTRACT = "attract"
    READING = "reading"
    MENU = "menu"
    WIZARD = "wizard"
    WAIT = "wait"
    RESULT = "result"
    ERROR = "error"
    STAFF = "staff"


@dataclass(frozen=True)
class Transition:
    state: str
    view: PageView
    effects: tuple[Effect, ...]


@dataclass
class _Result:
    title: Text
    blocks: tuple[Block, ...]
    took_slip: bool
    session_less: bool
    remaining: float


@dataclass
class _Error:
    key: str
    title: Text
    blocks: tuple[Block, ...]
    actions: list[tuple[Action, Callable[[], None]]]


@dataclass
class _Pending:
    on_ok: Callable[[Any], None]
    on_error: Callable[[ServiceResult], None] | None
    retry: Callable[[], None]
    session: int


MENU_ITEMS: tuple[tuple[str, str, str], ...] = (
    # (flow, icon, label key)
    ("certificates", "certificate", "menu.certificates"),
    ("reconciliation", "calculator", "menu.reconciliation"),
    ("payment", "payment", "menu.payment"),
    ("rental", "house", "menu.rental"),
    ("queue", "ticket", "menu.queue"),
    ("queries", "search", "menu.queries"),
)
PRINTING_FLOWS = frozenset({"certificates", "queue"})


class FlowController:
    """Feed it events with :meth:`handle`; it returns the new state, the view and the effects to run."""

    def __init__(
        self,
        *,
        timeouts: FlowTimeouts | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        default_language: str = "zh_CN",
        languages: tuple[str, ...] = ("zh_CN", "en"),
        handover_code: Callable[[], str] = random_handover_code,
    ) -> None:
        self.timeouts = timeouts or FlowTimeouts()
        self.today = today
        self.default_language = default_language
        self.languages = languages
        self._handover_code = handover_code
        self.language = default_language
        self.large_text = False
        self.mode = Mode.ATTRACT
        self.session: TaxpayerView | None = None
        self._session_no = 0
        self.wizard: Wizard | None = None
        self.health: dict[Device, tuple[Health, str]] = {
            Device.IDCARD: (Health.OK, ""),
            Device.PRINTER: (Health.OK, ""),
        }
        self.card_present = False
        self._reminders_left = 0
        self._reminder_clock = 0.0
        self._idle = 0.0
        self._idle_warning: float | None = None
        self._wait_message: Text = ""
        self._wait_rid = 0
        self._result: _Result | None = None
        self._error: _Error | None = None
        self._read_failure_key = ""  # the reason key of the last failed card read shown
        self._staff_code = ""
        self._staff_return: Mode = Mode.ATTRACT
        self._next_id = 0
        self._pending: dict[int, _Pending] = {}
        self._printing: dict[int, Callable[[PrintOutcome], None]] = {}
        self._effects: list[Effect] = []
        self._state = self.state_name

    # ==== public API ==============================================================================
    def start(self) -> Transition:
        return Transition(self.state_name, self.view(), ())

    def handle(self, event: Event) -> Transition:
        before = self.state_name
        self._effects = []
        reason = self._dispatch(event)
        after = self.state_name
        if after != before:
            log.info("from %s to %s (%s)", before, after, reason)
        self._state = after
        effects, self._effects = tuple(self._effects), []
        return Transition(after, self.view(), effects)

    @property
    def state_name(self) -> str:
        if self.mode == Mode.WIZARD and self.wizard is not None:
            return f"{self.wizard.name}.{self.wizard.step}"
        if self.mode == Mode.ERROR and self._error is not None:
            return f"error:{self._error.key}"
        return self.mode.value

    @property
    def busy(self) -> bool:
        """A device, the payment or the host is working: the idle clock stands still."""
        return bool(self._pending or self._printing) or bool(self.wizard and self.wizard.busy)

    @property
    def printer_ok(self) -> bool:
        return self.health[Device.PRINTER][0] != Health.UNAVAILABLE

    # ==== context for wizards =======================================================================
    def call(
        self,
        method: str,
        *args: Any,
        then: Callable[[Any], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Ask the services for something; ``then(value)`` runs when the answer comes."""
        self._next_id += 1
        rid = self._next_id

        def retry() -> None:
            self.call(method, *args, then=then, wait=wait, on_error=on_error, delay=delay)

        self._pending[rid] = _Pending(then, on_error, retry, self._session_no)
        self._effects.append(RunService(rid, method, tuple(args), delay))
        if wait is not None:
            self._wait_message = wait
            self._wait_rid = rid
            self.mode = Mode.WAIT

    def print_document(self, doc: PrintableDocument, then: Callable[[bool, str], None]) -> None:
        """Print ``doc``; ``then(printed, reason_key)`` runs once printing is over or given up."""
        if not self.printer_ok:
            then(False, self.health[Device.PRINTER][1] or "printer.unavailable")
            return
        self._next_id += 1
        rid = self._next_id

        def done(outcome: PrintOutcome) -> None:
            if outcome.state == JobState.PRINTED:
                then(True, "")
                return
            key = outcome.reason_key or "printer.failed"
            partly = outcome.state == JobState.INCOMPLETE
            title = Txt("error.print_incomplete.title" if partly else "error.print_failed.title")
            blocks: tuple[Block, ...] = (
                NoticeBlock(Txt(key), "error"),
                ParagraphBlock(Txt("error.print.saved")),
                ParagraphBlock(Txt("error.print.free_reprint"), emphasis=True),
            )

            def again() -> None:
                if not self.printer_ok:  # still out of paper (or cover open): stay on this message
                    show()
                    return
                self.call(
                    "reprint",
                    doc.number,
                    then=lambda again_doc: self.print_document(again_doc, then),
                    wait=Txt("wait.printing"),
                )

            def show() -> None:
                actions: list[tuple[Action, Callable[[], None]]] = [
                    (Action("error.retry", Txt("action.print_again"), Role.PRIMARY), again),
                    (
                        Action("error.skip_print", Txt("action.continue_without_printing")),
                        lambda: then(False, key),
                    ),
                ]
                self.show_error(key, title=title, blocks=blocks, actions=actions)

            show()

        self._printing[rid] = done
        self._effects.append(PrintDocument(rid, doc))
        self._wait_message = Txt("wait.printing")
        self._wait_rid = rid
        self.mode = Mode.WAIT

    def show_wizard(self) -> None:
        self.mode = Mode.WIZARD

    def show_result(self, title: Text, blocks: tuple[Block, ...], *, took_slip: bool) -> None:
        self._result = _Result(title, blocks, took_slip, self.session is None, self.timeouts.result_return)
        self.mode = Mode.RESULT

    def show_error(
        self,
        key: str,
        *,
        title: Text | None = None,
        blocks: tuple[Block, ...] | None = None,
        actions: list[tuple[Action, Callable[[], None]]] | None = None,
        finish: Text | None = None,
    ) -> None:
        """An error screen; ``finish`` labels the way back to the start (default "Finish")."""
        if blocks is None:
            blocks = (NoticeBlock(Txt(key), "error"),)
        if actions is None:
            actions = []
        actions = list(actions)
        if self.session is not None:
            actions.append((Action("error.menu", Txt("action.back_to_menu"), Role.BACK), self.to_menu))
        actions.append(
            (
                Action("error.finish", finish or Txt("action.finish"), Role.CANCEL),
                lambda: self.end_session("finish"),
            )
        )
        self._error = _Error(key, title or Txt("error.title"), blocks, actions)
        self.mode = Mode.ERROR

    def to_menu(self) -> None:
        self.wizard = None
        if self.session is None:
            self.end_session("no session")
        else:
            self.mode = Mode.MENU

    # ==== session ===================================================================================
    def end_session(self, reason: str) -> None:
        """Back to the attract screen; nothing of the person survives (PurgeUi, state reset)."""
        had_session = self.session is not None
        self._pending.clear()  # late answers for this session are dropped as stale
        self._printing.clear()
        if self.wizard is not None:
            self.wizard.abandon()
        self.wizard = None
        if had_session:
            self._effects.append(RunService(self._new_id(), "end_session", (reason,)))
        self.session = None
        self._session_no += 1
        self._result = None
        self._error = None
        self._idle = 0.0
        self._idle_warning = None
        self.language = self.default_language
        self.large_text = False
        self.mode = Mode.ATTRACT
        self._effects.append(PurgeUi())
        if self.card_present:
            self._effects.append(SoundReminder("remind.take_card"))
            self._reminders_left = self.timeouts.reminder_repeats
            self._reminder_clock = 0.0

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    # ==== dispatch ==================================================================================
    def _dispatch(self, event: Event) -> str:
        if isinstance(event, Tick):
            return self._on_tick(event.seconds)
        if isinstance(event, EndSession):
            self.end_session(event.reason)
            return event.reason
        if isinstance(event, UserActivity):
            self._touch()
            return "touch"
        if isinstance(event, DeviceStatus):
            self.health[event.device] = (event.health, event.reason_key)
            return f"{event.device} {event.health}"
        if isinstance(event, ServiceResult):
            return self._on_service_result(event)
        if isinstance(event, PrintResult):
            done = self._printing.pop(event.request_id, None)
            if done is None:
                return "stale print result"
            if self.mode == Mode.WAIT and event.request_id == self._wait_rid:
                self.mode = Mode.WIZARD if self.wizard else (Mode.MENU if self.session else Mode.ATTRACT)
            done(event.outcome)
            return f"print {event.outcome.state}"
        if isinstance(event, CardPlaced):
            self.card_present = True
            if self.mode == Mode.ATTRACT and self.session is None:
                if self.health[Device.IDCARD][0] == Health.UNAVAILABLE:
                    return "card placed, reader unavailable"
                self.mode = Mode.READING
            return "card placed"
        if isinstance(event, CardRead):
            self.card_present = True
            if self.session is None and self.mode in (Mode.ATTRACT, Mode.READING):
                self._reminders_left = 0
                self.call(
                    "start_session_from_card",
                    event.id_number,
                    event.name,
                    event.card_type,
                    then=self._session_started,
                    wait=Txt("wait.identity"),
                    on_error=self._session_failed,
                )
            return "card read"
        if isinstance(event, CardReadFailed):
            if self.mode == Mode.READING:
                self._read_failure_key = event.reason_key
                self.show_error(
                    event.reason_key,
                    title=Txt("error.card.title"),
                    blocks=(
                        NoticeBlock(Txt(event.reason_key), "error"),
                        ParagraphBlock(Txt("card.place_again")),
                    ),
                )
            return "card read failed"
        if isinstance(event, CardRemoved):
            self.card_present = False
            self._reminders_left = 0
            read_failed = (
                self.mode == Mode.ERROR and self._error is not None and self._error.key == self._read_failure_key
            )
            if (
                self.mode == Mode.READING or read_failed
            ):  # a failed read followed by the lift: lifted too soon
                self.show_error(
                    "card.lifted_early",
                    title=Txt("error.card.title"),
                    blocks=(
                        NoticeBlock(Txt("card.lifted_early"), "error"),
                        ParagraphBlock(Txt("card.place_again")),
                    ),
                )
                return "card lifted early"
            return "card removed"
        if isinstance(event, Intent):
            self._touch()
            return self._on_intent(event)
        raise TypeError(f"not a flow event: {event!r}")  # pragma: no cover

    def _touch(self) -> None:
        self._idle = 0.0
        self._idle_warning = None

    def _on_tick(self, seconds: float) -> str:
        if self._reminders_left and self.card_present and self.session is None:
            self._reminder_clock += seconds
            if self._reminder_clock >= self.timeouts.reminder_interval:
                self._reminder_clock = 0.0
                self._reminders_left -= 1
                self._effects.append(SoundReminder("remind.take_card"))
        if self.mode == Mode.RESULT and self._result is not None and not self.busy:
            self._result.remaining -= seconds
            if self._result.remaining <= 0:
                self.end_session("result timeout")
                return "result shown long enough"
            return "tick"
        if self.mode in (Mode.ATTRACT, Mode.READING) or self.busy:
            self._idle = 0.0
            return "tick"
        if self._idle_warning is None:
            self._idle += seconds
            if self._idle >= self.timeouts.idle_warning:
                self._idle_warning = self.timeouts.idle_countdown
                return "idle warning"
            return "tick"
        self._idle_warning -= seconds
        if self._idle_warning <= 0:
            self.end_session("idle timeout")
            return "idle timeout"
        return "tick"

    def _on_service_result(self, res: ServiceResult) -> str:
        pending = self._pending.pop(res.request_id, None)
        if pending is None or pending.session != self._session_no:
            return "stale result"
        if self.mode == Mode.WAIT and res.request_id == self._wait_rid:
            self.mode = Mode.WIZARD if self.wizard else (Mode.MENU if self.session else Mode.ATTRACT)
        if res.ok:
            pending.on_ok(res.value)
            return "service answered"
        log.warning("service call failed: %s (%s)", res.error_key, redact(res.error_text))
        if pending.on_error is not None:
            pending.on_error(res)
        else:
            self.show_error(
                res.error_key or "error.generic",
                actions=[(Action("error.retry", Txt("action.try_again"), Role.PRIMARY), pending.retry)],
            )
        return f"service error {res.error_key}"

    def _session_started(self, taxpayer: TaxpayerView) -> None:
        self.session = taxpayer
        self._idle = 0.0
        self.mode = Mode.MENU

    # ---- staff-assisted start (kiosk/flow/wizards/staff_entry.py) --------------------------------
    @property
    def staff_entry_offered(self) -> bool:
        """Staff may start a session for the person only while nobody is signed in and nothing runs."""
        return self.session is None and not self.busy

    def _start_staff_entry(self) -> None:
        from kiosk.flow.wizards.staff_entry import StaffEntryWizard

        if self.wizard is not None and not isinstance(self.wizard, StaffEntryWizard):
            self.wizard.abandon()  # e.g. a queue ticket without card, left for this
            self.wizard = None
        if self.wizard is None:
            self.wizard = StaffEntryWizard(self)
        self._staff_return = Mode.ATTRACT  # what was on screen before (a card error) is over
        self._error = None
        self.mode = Mode.WIZARD
        self.wizard.start()

    def leave_staff_entry(self) -> None:
        """Back from the staff entry form: the hand-over code screen again."""
        self.wizard = None
        self._staff_return = Mode.ATTRACT
        self.mode = Mode.STAFF

    def staff_session_started(self, taxpayer: TaxpayerView) -> None:
        self.wizard = None
        self._session_started(taxpayer)

    def _session_failed(self, res: ServiceResult) -> None:
        self.show_error(
            res.error_key or "error.generic",
            title=Txt("error.identity.title"),
            blocks=(
                NoticeBlock(Txt(res.error_key or "error.generic"), "error"),
                ParagraphBlock(Txt("error.identity.help")),
            ),
        )

    # ---- intents ------------------------------------------------------------------------------
    def _on_intent(self, intent: Intent) -> str:
        name = intent.name
        if self._idle_warning is not None or name == "idle.extend":
            self._idle_warning = None  # one tap extends, whatever was tapped
            if name == "idle.extend":
                return "still here"
        if name == "call_staff":
            self._staff_code = self._handover_code()
            if self.mode != Mode.STAFF:
                self._staff_return = self.mode
            self._effects.append(NotifyStaff(self._staff_code, self._staff_context()))
            self.mode = Mode.STAFF
            return "staff called"
        if self.mode == Mode.STAFF:
            if name == "staff.close":
                self.mode = self._staff_return
                return "staff page closed"
            if name == "staff.entry" and self.staff_entry_offered:
                self._start_staff_entry()
                return "staff entry"
            return "ignored"
        if name == "language" and intent.value in self.languages:
            self.language = intent.value
            return f"language {intent.value}"
        if name == "large_text":
            self.large_text = not self.large_text
            return "large text"
        if self.mode == Mode.ATTRACT:
            if name == "attract.queue" and self.printer_ok:
                self._start_wizard("queue")
                return "queue ticket without card"
            return "ignored"
        if self.mode == Mode.MENU:
            if name == "menu.open":
                self._start_wizard(intent.value)
                return f"open {intent.value}"
            if name == "menu.finish":
                self.end_session("finished")
                return "finished"
            return "ignored"
        if self.mode == Mode.WIZARD and self.wizard is not None:
            if name == "wizard.cancel":
                self.wizard.cancel()
                return "cancel"
            if name == "wizard.back":
                self.wizard.back()
                return "back"
            self.wizard.on_intent(intent)
            return name
        if self.mode == Mode.RESULT and self._result is not None:
            if name == "result.again" and self.session is not None:
                self.to_menu()
                return "again"
            if name == "result.finish":
                self.end_session("finished")
                return "finished"
            return "ignored"
        if self.mode == Mode.ERROR and self._error is not None:
            for action, callback in self._error.actions:
                if action.intent == name:
                    self._error = None
                    self.mode = Mode.WIZARD if self.wizard else (Mode.MENU if self.session else Mode.ATTRACT)
                    callback()
                    return name
            return "ignored"
        return "ignored"

    def _staff_context(self) -> str:
        where = self.state_name if self.mode != Mode.STAFF else self._staff_return.value
        if self._error is not None and self.mode in (Mode.ERROR, Mode.STAFF):
            where += f" {self._error.key}"
        return where

    def _start_wizard(self, name: str) -> None:
        from kiosk.flow.wizards import WIZARDS

        factory = WIZARDS.get(name)
        if factory is None:
            return
        self.wizard = factory(self)
        self.mode = Mode.WIZARD
        if name in PRINTING_FLOWS and not self.printer_ok:
            self.wizard.step = "no_printer"
            return
        self.wizard.start()

    # ==== views =====================================================================================
    def view(self) -> PageView:
        common: dict[str, Any] = {
            "language": self.language,
            "large_text": self.large_text,
            "busy": self.busy,
            "idle_warning": None if self._idle_warning is None else max(0, int(-(-self._idle_warning // 1))),
            "card_reminder": self.session is None and self.card_present and self.mode == Mode.ATTRACT,
            "greeting": self._greeting(),
        }
        if self.mode == Mode.ATTRACT:
            return self._attract_view(common)
        if self.mode == Mode.READING:
            return PageView("reading", PageKind.PROGRESS, Txt("reading.title"), Txt("reading.hold"), **common)
        if self.mode == Mode.MENU:
            return self._menu_view(common)
        if self.mode == Mode.WAIT:
            return PageView("progress", PageKind.PROGRESS, self._wait_message, Txt("wait.please"), **common)
        if self.mode == Mode.RESULT and self._result is not None:
            return self._result_view(common)
        if self.mode == Mode.ERROR and self._error is not None:
            err = self._error
            return PageView(
                f"error.{err.key}",
                PageKind.ERROR,
                err.title,
                blocks=err.blocks,
                actions=tuple(a for a, _ in err.actions),
                **common,
            )
        if self.mode == Mode.STAFF:
            blocks: tuple[Block, ...] = (
                BigTextBlock(self._staff_code, Txt("staff.code_caption")),
                ParagraphBlock(Txt("staff.wait")),
            )
            if self.staff_entry_offered:  # a tile: long words wrap on it in every layout
                blocks += (TilesBlock((Tile("staff.entry", None, Txt("action.staff_entry"), "card"),)),)
            return PageView(
                "staff",
                PageKind.STAFF,
                Txt("staff.title"),
                Txt("staff.prompt"),
                blocks=blocks,
                actions=(Action("staff.close", Txt("action.back"), Role.BACK),),
                **common,
            )
        assert self.wizard is not None
        return self.wizard.page(common)

    def _greeting(self) -> Text:
        if self.session is None:
            return ""
        return Txt.of("menu.greeting", name=self.session.masked_name, id=self.session.masked_id)

    def _notices(self) -> tuple[Block, ...]:
        out: list[Block] = []
        reader, reader_why = self.health[Device.IDCARD]
        printer, printer_why = self.health[Device.PRINTER]
        if reader == Health.UNAVAILABLE:
            out.append(NoticeBlock(Txt("notice.reader_unavailable"), "error"))
        if printer == Health.UNAVAILABLE:
            out.append(NoticeBlock(Txt("notice.printer_unavailable"), "warning"))
        elif printer == Health.DEGRADED and printer_why:
            out.append(NoticeBlock(Txt("notice.printer_degraded"), "info"))
        _ = reader_why
        return tuple(out)

    def _attract_view(self, common: dict[str, Any]) -> PageView:
        reader_ok = self.health[Device.IDCARD][0] != Health.UNAVAILABLE
        blocks: list[Block] = list(self._notices())
        if common["card_reminder"]:
            blocks.insert(0, NoticeBlock(Txt("remind.take_card"), "warning"))
        actions = [
            Action("language", "中文", Role.SECONDARY, "zh_CN", enabled=self.language != "zh_CN"),
            Action("language", "English", Role.SECONDARY, "en", enabled=self.language != "en"),
            Action("large_text", Txt("action.large_text_off" if self.large_text else "action.large_text_on")),
            Action("attract.queue", Txt("action.queue_without_card"), enabled=self.printer_ok),
            Action("call_staff", Txt("action.call_staff")),
        ]
        return PageView(
            "attract",
            PageKind.ATTRACT,
            Txt("attract.title"),
            Txt("attract.place_card" if reader_ok else "attract.reader_down"),
            blocks=tuple(blocks),
            actions=tuple(actions),
            **common,
        )

    def _menu_view(self, common: dict[str, Any]) -> PageView:
        tiles = []
        for flow, icon, key in MENU_ITEMS:
            note: Text | None = None
            if flow in PRINTING_FLOWS and not self.printer_ok:
                note = Txt("menu.no_printout")
            tiles.append(Tile("menu.open", flow, Txt(key), icon, note))
        blocks: list[Block] = list(self._notices())
        blocks.append(TilesBlock(tuple(tiles)))
        return PageView(
            "menu",
            PageKind.MENU,
            Txt("menu.title"),
            Txt("menu.prompt"),
            blocks=tuple(blocks),
            actions=(Action("menu.finish", Txt("action.finish"), Role.CANCEL),),
            **common,
        )

    def _result_view(self, common: dict[str, Any]) -> PageView:
        res = self._result
        assert res is not None
        take = "take.card_and_slip" if res.took_slip else "take.card"
        if res.session_less:
            take = "take.slip" if res.took_slip else ""
        blocks = list(res.blocks)
        if take:
            blocks.append(ParagraphBlock(Txt(take), emphasis=True))
        actions = []
        if not res.session_less:
            actions.append(Action("result.again", Txt("action.something_else"), Role.SECONDARY))
        actions.append(Action("result.finish", Txt("action.finish"), Role.PRIMARY))
        common = dict(common, countdown=max(0, int(-(-res.remaining // 1))))
        return PageView(
            "result", PageKind.RESULT, res.title, blocks=tuple(blocks), actions=tuple(actions), **common
        )


# imported late: the wizards need FlowController's context API only at run time
from kiosk.flow.wizards.base import Wizard  # noqa: E402
