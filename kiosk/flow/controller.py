"""The kiosk's screen flow as a Qt-free state machine: events in, (state, view-model, effects) out.

The controller owns the session (attract -> card -> menu -> a wizard -> result -> attract), errors,
"call staff" and device notices, and dispatches events; each service is a wizard
(kiosk/flow/wizards) that sees the controller only through :class:`WizardContext`. Its helpers
each hold one job: :mod:`~kiosk.flow.clocks` (idle, result countdown, card reminders),
:mod:`~kiosk.flow.calls` (service calls in flight), :mod:`~kiosk.flow.printing` (print jobs and
their retries), :mod:`~kiosk.flow.screens` (the view-models of its own screens).

Every state change is logged on "kiosk.flow" as "from X to Y (reason)". Nothing here blocks: work
is asked for as effects and answered by events (ServiceResult, PrintResult), so tests drive the
whole flow with plain objects.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from kiosk.clock import system_clock
from kiosk.domain.documents import PrintableDocument
from kiosk.flow import screens, speech
from kiosk.flow.calls import CallTarget, PendingCall, PendingCalls, RequestIds
from kiosk.flow.clocks import ClockOutcome, SessionClocks
from kiosk.flow.context import DevicesCall, ErrorAction, FlowTimeouts, MaintenanceCall, PrintDone, ServiceCall
from kiosk.flow.effects import (
    Effect,
    NotifyStaff,
    PrintDocument,
    PurgeUi,
    RepeatSpeech,
    RunService,
    SoundReminder,
)
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
    PrintOutcome,
    PrintResult,
    RemoteService,
    ServiceResult,
    StaffOnTheWay,
    Tick,
    UserActivity,
)
from kiosk.flow.maintenance.mode import MaintenanceMode
from kiosk.flow.printing import PrintDesk
from kiosk.flow.screens import PRINTING_FLOWS, Common, ErrorScreen, ResultScreen
from kiosk.flow.views import Action, Block, NoticeBlock, PageView, ParagraphBlock, Role, Text, Txt
from kiosk.flow.wizards import WIZARDS, Wizard
from kiosk.flow.wizards.staff_entry import StaffEntryWizard
from kiosk.privacy import mask_id
from kiosk.services.api import TaxpayerView
from kiosk.services.maintenance_api import PrinterFaultPolicy, SelfTestCheck, SettingsView, TechnicianCardView

log = logging.getLogger("kiosk.flow")
T = TypeVar("T")

_ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])|(?<![0-9])[0-9]{15}(?![0-9])")


def redact(text: str) -> str:
    """Mask anything shaped like an ID number (a service's error text is logged)."""
    return _ID_LIKE.sub(lambda m: mask_id(m.group()), text)


HANDOVER_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes


def random_handover_code() -> str:
    return "".join(secrets.choice(HANDOVER_ALPHABET) for _ in range(6))


def _is_senior(birth: dt.date | None, today: dt.date) -> bool:
    """65 or older today (the birth date from the card; not kept once the offer is decided)."""
    if birth is None:
        return False
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return age >= speech.SENIOR_AGE


def _ignore(value: object) -> None:
    """The answer to a call nobody waits for (a sign-out, a background self-test that failed)."""


class ServiceState(StrEnum):
    """What the kiosk offers the public (the hall console shows it; a heartbeat reports it)."""

    IN_SERVICE = "in_service"
    DEGRADED = "degraded"  # printing unavailable, queries still work
    OUT_OF_SERVICE = "out_of_service"
    MAINTENANCE = "maintenance"


MAINTENANCE_IDLE = 15 * 60.0  # a maintenance session ends after 15 minutes without input (kiosk-ux.md)


class Mode(StrEnum):
    ATTRACT = "attract"
    READING = "reading"
    MENU = "menu"
    WIZARD = "wizard"
    WAIT = "wait"
    RESULT = "result"
    ERROR = "error"
    STAFF = "staff"
    MAINTENANCE = "maintenance"
    OUT_OF_SERVICE = "out_of_service"


@dataclass(frozen=True)
class Transition:
    state: str
    view: PageView
    effects: tuple[Effect, ...]


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
        now: Callable[[], dt.datetime] = system_clock,
        printer_fault: PrinterFaultPolicy = PrinterFaultPolicy.DEGRADED,
    ) -> None:
        self._public_timeouts = timeouts or FlowTimeouts()
        self.clocks = SessionClocks(self._public_timeouts)
        self._today = today
        self._now = now
        self.printer_fault = printer_fault
        self.default_language = default_language
        self.languages = languages
        self._handover_code = handover_code
        self.language = default_language
        self.large_text = False
        self.voice = True  # voice guidance, its volume and speed: the person's, reset after each session
        self.volume = speech.DEFAULT_VOLUME
        self.speech_rate = speech.NORMAL_RATE
        self.senior_offer = False  # the card holder is 65 or older: offer large text and slower speech
        self._senior_card = False  # (the card read being checked; its birth date is not kept)
        self._reminder_language = default_language  # the card reminder speaks the ended session's language
        self.mode = Mode.ATTRACT
        self.session: TaxpayerView | None = None
        self._session_no = 0
        self.wizard: Wizard[Any] | None = None
        self.health: dict[Device, tuple[Health, str]] = {
            Device.IDCARD: (Health.OK, ""),
            Device.PRINTER: (Health.OK, ""),
        }
        self.card_present = False
        ids = RequestIds()
        self._ids = ids
        self._calls = PendingCalls(ids)
        self._printing = PrintDesk(self, ids)
        self._wait_message: Text = ""
        self._wait_rid = 0
        self._result: ResultScreen | None = None
        self._error: ErrorScreen | None = None
        self._read_failure_key = ""  # the reason key of the last failed card read shown
        self._staff_code = ""
        self._staff_coming = ""  # who acknowledged the current hand-over code in the hall console
        self._staff_return: Mode = Mode.ATTRACT
        self._retryable: PendingCall[Any] | None = None  # the failed call "Try again" repeats
        self._effects: list[Effect] = []
        # maintenance and being out of service
        self.maintenance: MaintenanceMode | None = None
        self.out_of_service: tuple[Text, str] | None = None  # (reason, set by) while out of service
        self._state_before_maintenance: tuple[Text, str] | None = None
        self._card_read: CardRead | None = None  # personal data: only while asking who the card is
        self._plain_prints: dict[int, Callable[[PrintOutcome], None]] = {}

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
        effects, self._effects = tuple(self._effects), []
        return Transition(after, self.view(), effects)

    @property
    def state_name(self) -> str:
        if self.mode == Mode.MAINTENANCE and self.maintenance is not None:
            return self.maintenance.state_name
        if self.mode == Mode.WIZARD and self.wizard is not None:
            return f"{self.wizard.name}.{self.wizard.step_id}"
        if self.mode == Mode.ERROR and self._error is not None:
            return f"error:{self._error.key}"
        return self.mode.value

    @property
    def busy(self) -> bool:
        """A device, the payment or the host is working: the idle clock stands still."""
        return (
            bool(self._calls)
            or self._printing.busy
            or bool(self._plain_prints)
            or bool(self.wizard and self.wizard.busy)
        )

    @property
    def service_state(self) -> ServiceState:
        if self.maintenance is not None:
            return ServiceState.MAINTENANCE
        if self.public_out_of_service:
            return ServiceState.OUT_OF_SERVICE
        if not self.printer_ok:
            return ServiceState.DEGRADED
        return ServiceState.IN_SERVICE

    @property
    def public_out_of_service(self) -> bool:
        """The public sees the out-of-service screen: taken out (a failed self-test, remotely), or a
        printer fault where the technicians chose that a printer fault takes the kiosk out of service."""
        if self.out_of_service is not None:
            return True
        return self.printer_fault is PrinterFaultPolicy.OUT_OF_SERVICE and not self.printer_ok

    @property
    def maintenance_offered(self) -> bool:
        """Maintenance only between customers: no session, nothing running, no card on the reader."""
        return (
            self.session is None
            and self.maintenance is None
            and not self.busy
            and self.mode in (Mode.ATTRACT, Mode.OUT_OF_SERVICE)
        )

    @property
    def printer_ok(self) -> bool:
        return self.health[Device.PRINTER][0] != Health.UNAVAILABLE

    def printer_reason(self) -> str:
        return self.health[Device.PRINTER][1]

    def today(self) -> dt.date:
        return self._today()

    def now(self) -> dt.datetime:
        return self._now()

    @property
    def timeouts(self) -> FlowTimeouts:
        return self._public_timeouts

    @timeouts.setter
    def timeouts(self, value: FlowTimeouts) -> None:
        """New figures (the maintenance settings, the tour's short idle step) apply from the next tick."""
        self._public_timeouts = value
        if self.maintenance is None:
            self.clocks.timeouts = value

    # ==== what wizards may ask (WizardContext) ======================================================
    def call(
        self,
        fn: ServiceCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
        delay: float = 0.0,
    ) -> None:
        self._request(PendingCall(fn, then, on_error, wait, delay, self._session_no))

    def call_maintenance(
        self,
        fn: MaintenanceCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
    ) -> None:
        on_error = on_error or self._maintenance_failure
        self._request(PendingCall(fn, then, on_error, wait, 0.0, self._session_no, CallTarget.MAINTENANCE))

    def call_devices(
        self,
        fn: DevicesCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
    ) -> None:
        on_error = on_error or self._maintenance_failure
        self._request(PendingCall(fn, then, on_error, wait, 0.0, self._session_no, CallTarget.DEVICES))

    def _maintenance_failure(self, res: ServiceResult) -> None:
        """A maintenance or device call failed: say so on the technician's screen, never a public error."""
        if self.maintenance is not None:
            self.maintenance.show_failure(res)

    def _request(self, pending: PendingCall[Any]) -> None:
        effect = self._calls.request(pending)
        self._effects.append(effect)
        if pending.wait is not None:
            self.wait_for(effect.request_id, pending.wait)

    def print_document(self, doc: PrintableDocument, then: PrintDone) -> None:
        """Print ``doc``; ``then(printed, reason_key)`` runs once printing is over or given up."""
        self._printing.print_document(doc, then)

    def print_plain(self, doc: PrintableDocument, then: Callable[[PrintOutcome], None]) -> None:
        rid = self._ids.next()
        self._plain_prints[rid] = then
        self._effects.append(PrintDocument(rid, doc))
        self.wait_for(rid, Txt("wait.printing"))

    def emit(self, effect: Effect) -> None:
        self._effects.append(effect)

    def wait_for(self, request_id: int, message: Text) -> None:
        """The "please wait" screen until the answer to ``request_id`` comes."""
        self._wait_message = message
        self._wait_rid = request_id
        self.mode = Mode.WAIT

    def show_wizard(self) -> None:
        self.mode = Mode.WIZARD

    def show_result(self, title: Text, blocks: tuple[Block, ...], *, took_slip: bool) -> None:
        self._result = ResultScreen(title, blocks, took_slip, self.session is None)
        self.clocks.start_result()
        self.mode = Mode.RESULT

    def show_error(
        self,
        key: str,
        *,
        title: Text | None = None,
        blocks: tuple[Block, ...] | None = None,
        actions: list[ErrorAction] | None = None,
        finish: Text | None = None,
    ) -> None:
        """An error screen; ``finish`` labels the way back to the start (default "Finish")."""
        if blocks is None:
            blocks = (NoticeBlock(Txt(key), "error"),)
        all_actions = list(actions or [])
        if self.session is not None:
            all_actions.append((Action("error.menu", Txt("action.back_to_menu"), Role.BACK), self.to_menu))
        all_actions.append((Action("error.finish", finish or Txt("action.finish"), Role.CANCEL), self.finish))
        self._error = ErrorScreen(key, title or Txt("error.title"), blocks, all_actions)
        self.mode = Mode.ERROR

    def to_menu(self) -> None:
        self.wizard = None
        if self.session is None:
            self.end_session("no session")
        else:
            self.mode = Mode.MENU

    def finish(self) -> None:
        self.end_session("finish")

    # ==== session ===================================================================================
    def end_session(self, reason: str) -> None:
        """Back to the attract screen; nothing of the person survives (PurgeUi, state reset)."""
        had_session = self.session is not None
        self._calls.clear()  # late answers for this session are dropped as stale
        self._printing.clear()
        if self.wizard is not None:
            self.wizard.abandon()
        self.wizard = None
        if had_session:
            self._effects.append(RunService(self._ids.next(), lambda s: s.end_session(reason)))
        self.session = None
        self._session_no += 1
        self._result = None
        self._error = None
        self._staff_code = self._staff_coming = ""
        self.clocks.reset()
        self._reminder_language = self.language
        self.language = self.default_language
        self.large_text = False
        self.voice = True
        self.volume = speech.DEFAULT_VOLUME
        self.speech_rate = speech.NORMAL_RATE
        self.senior_offer = self._senior_card = False
        self.mode = self._rest_mode()
        self._effects.append(PurgeUi())
        if self.card_present:
            self._effects.append(SoundReminder("remind.take_card", self._reminder_language))
            self.clocks.start_reminders()

    def _session_started(self, taxpayer: TaxpayerView) -> None:
        self.session = taxpayer
        self.senior_offer, self._senior_card = self._senior_card, False
        self.clocks.touch()
        self.mode = Mode.MENU

    def _session_failed(self, res: ServiceResult) -> None:
        key = res.error_key or "error.generic"
        self.show_error(
            key,
            title=Txt("error.identity.title"),
            blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("error.identity.help"))),
        )

    def _back_from_wait(self) -> None:
        if self.maintenance is not None:
            self.mode = Mode.MAINTENANCE
        elif self.wizard is not None:
            self.mode = Mode.WIZARD
        elif self.session is not None:
            self.mode = Mode.MENU
        else:
            self.mode = self._rest_mode()

    def _rest_mode(self) -> Mode:
        """Where the kiosk waits for the next person: the attract screen, or out of service."""
        return Mode.OUT_OF_SERVICE if self.public_out_of_service else Mode.ATTRACT

    # ==== maintenance ===============================================================================
    def _enter_maintenance(self, card: TechnicianCardView | None) -> None:
        if self.wizard is not None:  # a queue ticket without a card, left for this
            self.wizard.abandon()
            self.wizard = None
        before = self.service_state
        self._state_before_maintenance = self.out_of_service
        self.maintenance = MaintenanceMode(self, card)
        self.clocks = SessionClocks(replace(self._public_timeouts, idle_warning=MAINTENANCE_IDLE))
        self.mode = Mode.MAINTENANCE
        log.info("service from %s to %s (%s)", before, self.service_state, "technician card" if card else "gesture")

    def leave_maintenance(self, checks: list[SelfTestCheck] | None, reason: str) -> None:
        mode = self.maintenance
        if mode is None:
            return
        before = self.service_state
        code = mode.code
        if code:
            self.call_maintenance(lambda m: m.sign_out(code, reason), then=_ignore, on_error=_ignore)
        mode.clear()
        self.maintenance = None
        self.clocks = SessionClocks(self._public_timeouts)
        if checks is None:
            self.out_of_service = self._state_before_maintenance
        elif all(c.ok for c in checks):
            self.out_of_service = None
        else:
            failed = "; ".join(f"{c.label_zh} {c.label_en}: {c.detail}".strip(": ") for c in checks if not c.ok)
            self.out_of_service = (failed, code or "self-test")
        self._state_before_maintenance = None
        self._effects.append(PurgeUi())  # nothing a technician saw stays on any widget
        self.mode = self._rest_mode()
        log.info("service from %s to %s (%s)", before, self.service_state, reason)

    def set_out_of_service(self, reason: Text, by: str) -> None:
        """Taken out of service from outside (a remote command, a fault policy); back with ``None``."""
        before = self.service_state
        self.out_of_service = (reason, by)
        if self.session is None and self.maintenance is None and self.mode == Mode.ATTRACT:
            self.mode = Mode.OUT_OF_SERVICE
        log.info("service from %s to %s (%s by %s)", before, self.service_state, reason, by)

    def return_to_service(self, by: str) -> None:
        before = self.service_state
        self.out_of_service = None
        if self.mode == Mode.OUT_OF_SERVICE:
            self.mode = self._rest_mode()
        log.info("service from %s to %s (returned by %s)", before, self.service_state, by)

    def apply_settings(self, settings: SettingsView) -> None:
        """What a technician changed on site applies at once (the public timeouts after maintenance)."""
        self._public_timeouts = replace(
            self._public_timeouts,
            idle_warning=settings.idle_warning,
            idle_countdown=settings.idle_countdown,
            result_return=settings.result_return,
        )
        self.languages = tuple(settings.languages)
        self.printer_fault = settings.printer_fault

    def _maintenance_timed_out(self) -> None:
        """15 minutes without input: the technician's screens go at once; the self-test decides the rest."""
        mode = self.maintenance
        assert mode is not None
        self.leave_maintenance(None, "maintenance idle timeout")
        self.out_of_service = (Txt("oos.after_maintenance"), mode.code or "timeout")
        self.mode = self._rest_mode()
        self.call_devices(lambda d: d.self_test(), then=self._timeout_tested, on_error=_ignore)

    def _timeout_tested(self, checks: list[SelfTestCheck]) -> None:
        if all(c.ok for c in checks):
            self.return_to_service("self-test after a maintenance timeout")

    # ---- staff-assisted start (StaffEntryContext) -----------------------------------------------
    @property
    def staff_entry_offered(self) -> bool:
        """Staff may start a session for the person only while nobody is signed in and nothing runs."""
        return self.session is None and not self.busy

    def _start_staff_entry(self) -> None:
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

    # ==== dispatch ==================================================================================
    def _dispatch(self, event: Event) -> str:
        match event:
            case Tick():
                return self._on_tick(event.seconds)
            case EndSession():
                self.end_session(event.reason)
                return event.reason
            case UserActivity():
                self.clocks.touch()
                return "touch"
            case DeviceStatus():
                return self._on_device_status(event)
            case ServiceResult():
                return self._on_service_result(event)
            case PrintResult():
                return self._on_print_result(event)
            case CardPlaced():
                return self._on_card_placed()
            case CardRead():
                return self._on_card_read(event)
            case CardReadFailed():
                return self._on_card_read_failed(event)
            case CardRemoved():
                return self._on_card_removed()
            case Intent():
                self.clocks.touch()
                return self._on_intent(event)
            case StaffOnTheWay():
                return self._on_staff_on_the_way(event)
            case RemoteService():
                return self._on_remote_service(event)
        raise TypeError(f"not a flow event: {event!r}")  # pragma: no cover

    def _on_staff_on_the_way(self, event: StaffOnTheWay) -> str:
        if not self._staff_code or event.code != self._staff_code:
            return "stale staff acknowledgement"
        self._staff_coming = event.by or "staff"
        log.info("staff call %s from waiting to acknowledged (by %s)", event.code, self._staff_coming)
        return "staff on the way"

    def _on_remote_service(self, event: RemoteService) -> str:
        if event.out_of_service:
            # the public screen says only that the hall took it out; the staff's reason is in the audit
            self.set_out_of_service(Txt("oos.remote"), event.by or "hall")
            return "taken out of service remotely"
        self.return_to_service(f"{event.by or 'hall'} (hall console)")
        return "returned to service remotely"

    def _on_device_status(self, event: DeviceStatus) -> str:
        self.health[event.device] = (event.health, event.reason_key)
        if self.maintenance is not None:
            self.maintenance.on_device_change()
        elif self.session is None and self.mode in (Mode.ATTRACT, Mode.OUT_OF_SERVICE):
            self.mode = self._rest_mode()  # a printer fault may take the kiosk out of service (policy)
        return f"{event.device} {event.health}"

    def _on_tick(self, seconds: float) -> str:
        if self.mode == Mode.WIZARD and self.wizard is not None:
            self.wizard.tick(seconds)  # e.g. the payment code's expiry countdown
        if self.card_present and self.session is None and self.clocks.remind_due(seconds):
            self._effects.append(SoundReminder("remind.take_card", self._reminder_language))
        if self.mode == Mode.RESULT and self._result is not None and not self.busy:
            if self.clocks.tick_result(seconds) is ClockOutcome.RESULT_TIMEOUT:
                self.end_session("result timeout")
                return ClockOutcome.RESULT_TIMEOUT.value
            return ClockOutcome.NOTHING.value
        if self.mode in (Mode.ATTRACT, Mode.READING, Mode.OUT_OF_SERVICE) or self.busy:
            self.clocks.idle = 0.0
            return ClockOutcome.NOTHING.value
        outcome = self.clocks.tick_idle(seconds)
        if outcome is ClockOutcome.IDLE_TIMEOUT:
            if self.maintenance is not None:
                self._maintenance_timed_out()
                return "maintenance idle timeout"
            self.end_session("idle timeout")
        return outcome.value

    def _on_service_result(self, res: ServiceResult) -> str:
        pending = self._calls.answer(res, self._session_no)
        if pending is None:
            return "stale result"
        if self.mode == Mode.WAIT and res.request_id == self._wait_rid:
            self._back_from_wait()
        if res.ok:
            pending.then(res.value)
            return "service answered"
        log.warning("service call failed: %s (%s)", res.error_key, redact(res.error_text))
        if pending.on_error is not None:
            pending.on_error(res)
        else:
            self._retryable = pending
            self.show_error(
                res.error_key or "error.generic",
                actions=[(Action("error.retry", Txt("action.try_again"), Role.PRIMARY), self._retry_call)],
            )
        return f"service error {res.error_key}"

    def _retry_call(self) -> None:
        """"Try again" after a failed call: the same call, the same continuation."""
        pending, self._retryable = self._retryable, None
        if pending is not None:
            self._request(replace(pending, session=self._session_no))

    def _on_print_result(self, res: PrintResult) -> str:
        if self.mode == Mode.WAIT and res.request_id == self._wait_rid:
            self._back_from_wait()
        plain = self._plain_prints.pop(res.request_id, None)
        if plain is not None:
            plain(res.outcome)
            return f"print {res.outcome.state}"
        if not self._printing.on_result(res):
            return "stale print result"
        return f"print {res.outcome.state}"

    # ---- the card ---------------------------------------------------------------------------------
    def _on_card_placed(self) -> str:
        self.card_present = True
        if self.mode == Mode.ATTRACT and self.session is None and self.maintenance is None:
            if self.health[Device.IDCARD][0] == Health.UNAVAILABLE:
                return "card placed, reader unavailable"
            self.mode = Mode.READING
        return "card placed"

    def _on_card_read(self, event: CardRead) -> str:
        self.card_present = True
        if self.maintenance is not None:
            self.maintenance.on_card_read(event)
            return "card read in maintenance"
        if self.session is None and self.mode in (Mode.ATTRACT, Mode.READING, Mode.OUT_OF_SERVICE):
            self.clocks.stop_reminders()
            self._card_read = event
            self._senior_card = _is_senior(event.birth_date, self.today())
            id_number = event.id_number
            # a card registered to a technician or a member of staff opens maintenance (with the PIN)
            self.call_maintenance(
                lambda m: m.staff_by_card(id_number),
                then=self._card_checked,
                wait=None if self.mode == Mode.OUT_OF_SERVICE else Txt("wait.identity"),
                on_error=self._card_not_checked,
            )
        return "card read"

    def _card_checked(self, staff: TechnicianCardView | None) -> None:
        event, self._card_read = self._card_read, None
        if staff is not None and self.session is None and self.maintenance is None:
            self._enter_maintenance(staff)
            return
        if event is None or self.public_out_of_service:
            self.mode = self._rest_mode()  # out of service: no sessions (the card stays, the screen says why)
            return
        id_number, name, card_type = event.id_number, event.name, event.card_type
        self.call(
            lambda s: s.start_session_from_card(id_number, name, card_type),
            then=self._session_started,
            wait=Txt("wait.identity"),
            on_error=self._session_failed,
        )

    def _card_not_checked(self, res: ServiceResult) -> None:
        """Who the card belongs to could not be asked: serve it as a taxpayer's (never block people)."""
        log.warning("staff card check failed (%s): the card is read as a taxpayer's", res.error_key)
        self._card_checked(None)

    def _on_card_read_failed(self, event: CardReadFailed) -> str:
        if self.maintenance is not None:
            self.maintenance.on_card_failed(event.reason_key)
            return "card read failed in maintenance"
        if self.mode == Mode.READING:
            self._read_failure_key = event.reason_key
            self.show_error(
                event.reason_key,
                title=Txt("error.card.title"),
                blocks=(NoticeBlock(Txt(event.reason_key), "error"), ParagraphBlock(Txt("card.place_again"))),
            )
        return "card read failed"

    def _on_card_removed(self) -> str:
        self.card_present = False
        self.clocks.stop_reminders()
        read_failed = (
            self.mode == Mode.ERROR and self._error is not None and self._error.key == self._read_failure_key
        )
        if self.mode == Mode.READING or read_failed:  # a failed read followed by the lift: lifted too soon
            self.show_error(
                "card.lifted_early",
                title=Txt("error.card.title"),
                blocks=(NoticeBlock(Txt("card.lifted_early"), "error"), ParagraphBlock(Txt("card.place_again"))),
            )
            return "card lifted early"
        return "card removed"

    # ---- intents ------------------------------------------------------------------------------
    def _on_intent(self, intent: Intent) -> str:
        name = intent.name
        if self.clocks.idle_warning is not None or name == "idle.extend":
            self.clocks.touch()  # one tap extends, whatever was tapped
            if name == "idle.extend":
                return "still here"
        if self.maintenance is not None:
            if name == "language" and intent.value in ("zh_CN", "en"):
                self.language = intent.value
            elif self.mode == Mode.MAINTENANCE:
                self.maintenance.on_intent(intent)
            return name
        if name == "maint.enter":
            if self.maintenance_offered and not self.card_present:
                self._enter_maintenance(None)
                return "maintenance entry"
            return "maintenance refused"
        if self.mode == Mode.OUT_OF_SERVICE:
            return "ignored"
        if name == "call_staff":
            return self._call_staff()
        access = self._on_access_intent(intent)
        if access:
            return access
        if self.mode == Mode.STAFF:
            return self._on_staff_intent(name)
        match self.mode:
            case Mode.ATTRACT:
                if name == "attract.queue" and self.printer_ok:
                    self._start_wizard("queue")
                    return "queue ticket without card"
            case Mode.MENU:
                if name == "menu.open":
                    self._start_wizard(str(intent.value))
                    return f"open {intent.value}"
                if name == "menu.finish":
                    self.end_session("finished")
                    return "finished"
            case Mode.WIZARD if self.wizard is not None:
                return self._on_wizard_intent(self.wizard, intent)
            case Mode.RESULT if self._result is not None:
                if name == "result.again" and self.session is not None:
                    self.to_menu()
                    return "again"
                if name == "result.finish":
                    self.end_session("finished")
                    return "finished"
            case Mode.ERROR if self._error is not None:
                for action, callback in self._error.actions:
                    if action.intent == name:
                        self._error = None
                        self._back_from_wait()
                        callback()
                        return name
        return "ignored"

    def _on_access_intent(self, intent: Intent) -> str:
        """The bar on every screen: language, large text, voice, volume, repeat; the 65+ offer.
        Nothing else changes, so the person stays on the same step with what they typed."""
        name, value = intent.name, intent.value
        if name == "language" and value in self.languages:
            self.language = value
            return f"language {value}"
        if name == "large_text":
            self.large_text = not self.large_text
            return "large text"
        if name == "voice":
            self.voice = not self.voice
            return f"voice {'on' if self.voice else 'off'}"
        if name == "volume" and value in (-1, 1):
            self.volume = max(1, min(speech.VOLUME_LEVELS, self.volume + value))
            if not self.voice:
                self.voice = True  # turning the volume up is asking to hear it
            return f"volume {self.volume}"
        if name == "speech.repeat":
            self.voice = True
            self._effects.append(RepeatSpeech())
            return "repeat"
        if name == "access.senior" and self.senior_offer:
            self.senior_offer = False
            self.large_text = True
            self.voice = True
            self.speech_rate = speech.SLOW_RATE
            return "large text and slow speech"
        return ""

    def _on_wizard_intent(self, wizard: Wizard[Any], intent: Intent) -> str:
        if intent.name == "wizard.cancel":
            wizard.cancel()
            return "cancel"
        if intent.name == "wizard.back":
            wizard.back()
            return "back"
        wizard.on_intent(intent)
        return intent.name

    def _call_staff(self) -> str:
        self._staff_code = self._handover_code()
        self._staff_coming = ""
        if self.mode != Mode.STAFF:
            self._staff_return = self.mode
        step, error_key = self._staff_context()
        self._effects.append(NotifyStaff(self._staff_code, step, error_key))
        self.mode = Mode.STAFF
        return "staff called"

    def _on_staff_intent(self, name: str) -> str:
        if name == "staff.close":
            self.mode = self._staff_return
            return "staff page closed"
        if name == "staff.entry" and self.staff_entry_offered:
            self._start_staff_entry()
            return "staff entry"
        return "ignored"

    def _staff_context(self) -> tuple[str, str]:
        """(the step the person was on, the error on screen) for the staff who come."""
        if self.mode != Mode.STAFF:
            where = self.state_name
        elif self._staff_return == Mode.WIZARD and self.wizard is not None:
            where = f"{self.wizard.name}.{self.wizard.step_id}"
        else:
            where = self._staff_return.value
        error = self._error.key if self._error is not None and self.mode in (Mode.ERROR, Mode.STAFF) else ""
        return where.split(":")[0], error

    def _start_wizard(self, name: str) -> None:
        factory = WIZARDS.get(name)
        if factory is None:
            return
        self.wizard = factory(self)
        self.mode = Mode.WIZARD
        self.wizard.begin(printer_down=name in PRINTING_FLOWS and not self.printer_ok)

    # ==== views =====================================================================================
    def view(self) -> PageView:
        """The screen, with what it says (kiosk/flow/speech.py)."""
        return speech.narrate(self._page())

    def _page(self) -> PageView:
        common: Common = {
            "language": self.language,
            "large_text": self.large_text,
            "voice": self.voice,
            "volume": self.volume,
            "speech_rate": self.speech_rate,
            "busy": self.busy,
            "idle_warning": SessionClocks.whole_seconds(self.clocks.idle_warning),
            "card_reminder": self.session is None and self.card_present and self.mode == Mode.ATTRACT,
            "greeting": self._greeting(),
        }
        notices = screens.notices(self.health)
        match self.mode:
            case Mode.ATTRACT:
                return screens.attract(
                    common, language=self.language, large_text=self.large_text,
                    reader_ok=self.health[Device.IDCARD][0] != Health.UNAVAILABLE, printer_ok=self.printer_ok,
                    notice_blocks=notices,
                )
            case Mode.READING:
                return screens.reading(common)
            case Mode.MENU:
                return screens.menu(
                    common, printer_ok=self.printer_ok, notice_blocks=notices, senior_offer=self.senior_offer
                )
            case Mode.WAIT:
                return screens.waiting(common, self._wait_message)
            case Mode.RESULT if self._result is not None:
                return screens.result(common, self._result, SessionClocks.whole_seconds(self.clocks.result_left))
            case Mode.ERROR if self._error is not None:
                return screens.error(common, self._error)
            case Mode.STAFF:
                return screens.staff(common, code=self._staff_code, entry_offered=self.staff_entry_offered,
                                     coming=bool(self._staff_coming))
            case Mode.MAINTENANCE if self.maintenance is not None:
                return self.maintenance.page(common)
            case Mode.OUT_OF_SERVICE:
                reason = self.out_of_service[0] if self.out_of_service else Txt(self.printer_reason() or "printer.failed")
                return screens.out_of_service(common, reason)
        assert self.wizard is not None
        return self.wizard.page(common)

    def _greeting(self) -> Text:
        if self.session is None:
            return ""
        return Txt.of("menu.greeting", name=self.session.masked_name, id=self.session.masked_id)
