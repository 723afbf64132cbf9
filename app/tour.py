"""`kiosk tour --out DIR`: the real application, offscreen, on simulated devices, driven through
every taxpayer flow and the error paths by tapping the real buttons.

The tour is data: STEPS, a list of named steps, each a list of actions (tap, type, see a screen,
take a screenshot, act on a simulated device, check), walked by the one UI driver (ui.automation)
that the tests use too. Writes NN-name.png for every screen, the printed receipts
(receipts/NNNN.txt and .png, from the printer simulator), the PDFs the services produced (pdf/),
and summary.json with pass/fail per step and the layout audit (ui.audit) of every screen shot.
Exits non-zero when any step fails. Every wait is bounded (no bare sleeps).

``--mode`` walks the same steps in one or more display modes (language, text size, orientation),
each into its own folder (DIR/<mode>/...). Per screen, every function in ``Tour.screen_hooks`` is
called with the tour, the screen's name and its screenshot path (the audit is one; more can be added).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

from devices.status import DeviceState
from kiosk.cli.groups import pass_config
from kiosk.config import KioskConfig
from kiosk.flow import EndSession, FlowTimeouts
from kiosk.services.api import PrintableDocument

if TYPE_CHECKING:  # Qt is imported when the tour runs, not whenever the `kiosk` command starts
    from app.wiring import KioskApp
    from devices.escpos.simulator import PrinterSimulator
    from devices.idcard import IdCardSimulator
    from kiosk.flow.views import PageView

log = logging.getLogger("app.tour")

# Cards (simulator samples) whose demo stories suit each flow (kiosk/persistence/seed.py stories).
CARD_RECORDS = "resident_zhang_wei"
CARD_RECONCILIATION = "resident_chen_zihao"
CARD_OTHER = "resident_li_na"

# Long idle figures for the flows (a slow step must not time out); the idle step shortens them.
TOUR_TIMEOUTS = FlowTimeouts(
    idle_warning=60.0,
    idle_countdown=20.0,
    result_return=4.0,
    payment_poll_interval=0.3,
    reminder_interval=1.0,
)
IDLE_STEP_TIMEOUTS = dataclasses.replace(TOUR_TIMEOUTS, idle_warning=2.0, idle_countdown=2.0)


class TourFailure(Exception):
    pass


@dataclass(frozen=True)
class TourMode:
    """How the screens are shown: the session's language, large text, the panel's orientation."""

    name: str
    language: str = "zh_CN"
    large: bool = False
    landscape: bool = False


#: The modes ``--mode`` knows; ``all`` walks every one (both languages x both text sizes x both panels).
MODES: dict[str, TourMode] = {
    m.name: m
    for m in (
        TourMode("zh"),
        TourMode("en", "en"),
        TourMode("large", large=True),
        TourMode("large-en", "en", large=True),
        TourMode("landscape", landscape=True),
        TourMode("landscape-en", "en", landscape=True),
        TourMode("landscape-large", large=True, landscape=True),
        TourMode("landscape-large-en", "en", large=True, landscape=True),
    )
}
DEFAULT_MODE = MODES["zh"]


class RecordingServices:
    """Passes every call to the real services and remembers the documents they issue (for the PDFs)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.documents: list[PrintableDocument] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            for item in result if isinstance(result, tuple) else (result,):
                if isinstance(item, PrintableDocument):
                    self.documents.append(item)
            return result

        return call


@dataclass
class StepResult:
    """How one step went, as summary.json lists it."""

    name: str
    status: str = "pass"
    detail: str = ""
    screens: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: the layout audit per screen shot: screenshot name -> violations (as text)
    audit: dict[str, list[str]] = field(default_factory=dict)


#: Called after every screenshot with the tour, the screen's tour name and the PNG's path.
ScreenHook = Callable[["Tour", str, Path], None]


def audit_hook(t: Tour, name: str, path: Path) -> None:
    """The layout audit of the screen just shot (ui.audit), kept in the step's record."""
    from ui.audit import audit_window

    found = [str(v) for v in audit_window(t.window)]
    t.violations += len(found)
    if t.current is not None:
        t.current.audit[path.name] = found


class Tour:
    """The running application, a driver on its window, and the records of the steps walked so far."""

    def __init__(
        self, kiosk: KioskApp, services: RecordingServices, out: Path, mode: TourMode = DEFAULT_MODE
    ) -> None:
        from ui.automation import UiDriver

        self.kiosk = kiosk
        self.services = services
        self.flow = kiosk.flow
        self.controller = kiosk.controller
        self.window = kiosk.window
        # Ten seconds for any tap or wait that names no time of its own; 20 ms of events after each tap.
        self.ui = UiDriver(kiosk.window, timeout=10.0, settle_ms=20)
        self.out = out
        self.n = 0
        self.steps: list[StepResult] = []
        self.current: StepResult | None = None
        self.mode = mode
        self.violations = 0
        self.screen_hooks: list[ScreenHook] = [audit_hook]

    @property
    def screen(self) -> str:
        return self.ui.screen

    @property
    def view(self) -> PageView:
        view = self.ui.view
        if view is None:
            raise TourFailure("nothing is on the screen yet")
        return view

    @property
    def reader(self) -> IdCardSimulator:
        if self.kiosk.devices.reader_sim is None:
            raise TourFailure("the tour needs the simulated ID card reader")
        return self.kiosk.devices.reader_sim

    @property
    def printer(self) -> PrinterSimulator:
        if self.kiosk.devices.printer_sim is None:
            raise TourFailure("the tour needs the simulated printer")
        return self.kiosk.devices.printer_sim

    def shot(self, name: str) -> Path:
        self.n += 1
        path = self.ui.screenshot(self.out / f"{self.n:02d}-{name}.png")
        self.write_speech(path.with_suffix(".speech.txt"))
        if self.current is not None:
            self.current.screens.append(path.name)
        for hook in self.screen_hooks:
            hook(self, name, path)
        return path

    def write_speech(self, path: Path) -> None:
        """What would be spoken on this screen (issue 12 item 8): the page, then what else was said
        since the last screenshot (input echo, countdowns, reminders), from the recording engine."""
        from kiosk.flow.speech import RecordingSpeech, utterance
        from ui.tr import tr_in

        view = self.ui.view
        lines = [f"page ({view.language}): {utterance(view, tr_in)}"] if view is not None else []
        speech = self.kiosk.speech
        if isinstance(speech, RecordingSpeech):
            lines += [f"said ({u.language}, rate {u.rate:g}, volume {u.volume}): {u.text}" for u in speech.said]
            speech.clear()
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def apply_mode(self) -> None:
        """On the attract screen, choose the mode's language and text size as a person does (by tapping);
        the kiosk resets both after every session."""
        if self.screen != "attract":
            return
        if self.view.language != self.mode.language:
            self.ui.tap("language", self.mode.language)
            self.ui.wait_until(f"language {self.mode.language}", lambda: self.view.language == self.mode.language)
        if self.view.large_text != self.mode.large:
            self.ui.tap("large_text")
            self.ui.wait_until("the text size", lambda: self.view.large_text == self.mode.large)

    def walk(self, step: TourStep) -> None:
        record = StepResult(step.name)
        self.current = record
        t0 = time.monotonic()
        log.info("tour step %s", step.name)
        try:
            self.apply_mode()
            for action in step.actions:
                log.debug("tour %s: %s on %s", step.name, action, self.screen)
                action.run(self)
        except Exception as exc:
            record.status = "fail"
            record.detail = f"{type(exc).__name__}: {exc}"
            log.error("tour step %s failed: %s\n%s", step.name, exc, traceback.format_exc())
            try:
                self.shot(f"FAIL-{step.name}")
                self.recover()
            except Exception as again:  # the tour goes on with the next step whatever happened
                log.error("could not recover after %s: %s", step.name, again)
        record.seconds = round(time.monotonic() - t0, 2)
        self.steps.append(record)
        self.current = None

    def recover(self) -> None:
        self.printer.set_paper("ok")
        self.printer.cover(False)
        self.printer.clear()
        self.reader.clear()
        self.reader.lift()
        self.flow.timeouts = TOUR_TIMEOUTS
        self.controller.handle(EndSession("tour recovery"))
        self.ui.wait_screen("attract")
        # else a card placed by the next step may come before the reader has noticed this one go
        self.ui.wait_until("the card to be off the reader", lambda: not self.flow.card_present)


# ==== what a step is made of: each action does one thing a person or a technician does ===============
class Action(Protocol):
    def run(self, t: Tour) -> None: ...


@dataclass(frozen=True)
class Tap:
    """Tap the button that emits ``intent`` with ``value`` (any value with ``any_value``)."""

    intent: str
    value: object = None
    any_value: bool = False
    timeout: float | None = None

    def run(self, t: Tour) -> None:
        from ui.automation import ANY

        t.ui.tap(self.intent, ANY if self.any_value else self.value, timeout=self.timeout)


@dataclass(frozen=True)
class Type:
    """Type on the on-screen keypad or keyboard, key by key."""

    text: str

    def run(self, t: Tour) -> None:
        t.ui.type_keys(self.text)


@dataclass(frozen=True)
class Pick:
    """Tap the pinyin candidate ``text``, turning the candidate pages until it shows."""

    text: str
    pages: int = 10

    def run(self, t: Tour) -> None:
        from ui.automation import ANY

        for _ in range(self.pages):
            if t.ui.find("ime.pick", ANY, text=self.text) is not None:
                break
            t.ui.tap("ime.page", 1)
        t.ui.tap("ime.pick", ANY, text=self.text)


@dataclass(frozen=True)
class See:
    """Wait for a screen (by its id)."""

    screen: str
    timeout: float = 10.0

    def run(self, t: Tour) -> None:
        t.ui.wait_screen(self.screen, self.timeout)


@dataclass(frozen=True)
class Shot:
    """Save the screen as NN-name.png."""

    name: str

    def run(self, t: Tour) -> None:
        t.shot(self.name)


@dataclass(frozen=True)
class Until:
    """Wait for a condition of the kiosk (``what`` names it in the error on timeout)."""

    what: str
    holds: Callable[[Tour], bool]
    timeout: float = 10.0

    def run(self, t: Tour) -> None:
        t.ui.wait_until(self.what, lambda: self.holds(t), self.timeout)


@dataclass(frozen=True)
class Expect:
    """A check on what is there now; the step fails with ``what`` when it does not hold."""

    what: str
    holds: Callable[[Tour], bool]

    def run(self, t: Tour) -> None:
        if not self.holds(t):
            raise TourFailure(f"expected {self.what} (on screen {t.screen})")


@dataclass(frozen=True)
class Do:
    """Something done to the devices or the kiosk rather than on the screen (``what`` is for the log)."""

    what: str
    act: Callable[[Tour], object]

    def run(self, t: Tour) -> None:
        self.act(t)


@dataclass(frozen=True)
class SignIn:
    """Place a sample card on the reader and wait for the menu."""

    card: str

    def run(self, t: Tour) -> None:
        t.apply_mode()
        t.reader.place(self.card)
        t.ui.wait_screen("menu", 15)


@dataclass(frozen=True)
class Finish:
    """End the session through the screen, lift the card, wait for the attract screen."""

    def run(self, t: Tour) -> None:
        if t.screen != "attract":
            for intent in ("result.finish", "menu.finish", "error.finish"):
                if t.ui.find(intent) is not None:
                    t.ui.tap(intent)
                    break
            else:
                t.controller.handle(EndSession("tour reset"))
        t.reader.lift()
        t.ui.wait_screen("attract", 10)
        t.ui.wait_until("the card to be off the reader", lambda: not t.flow.card_present, 10)


@dataclass(frozen=True)
class Turn:
    """Turn the panel: the window takes the landscape size, or back to the mode's own orientation."""

    landscape: bool

    def run(self, t: Tour) -> None:
        from ui.window import LANDSCAPE, PORTRAIT

        t.window.resize(*(LANDSCAPE if self.landscape or t.mode.landscape else PORTRAIT))
        t.ui.pump(50)


@dataclass(frozen=True)
class Timeouts:
    """Use other idle figures from now on (short ones for the idle step)."""

    timeouts: FlowTimeouts

    def run(self, t: Tour) -> None:
        t.flow.timeouts = self.timeouts


@dataclass(frozen=True)
class NoPersonalText:
    """No live widget holds any of ``fragments`` (the session's person is gone from the screen)."""

    fragments: tuple[str, ...]

    def run(self, t: Tour) -> None:
        from ui.automation import live_texts

        left = [text for text in live_texts() if any(f in text for f in self.fragments)]
        if left:  # how many, not what: the texts are the personal data
            raise TourFailure(f"personal data left in {len(left)} widget texts after the session")


@dataclass(frozen=True)
class TourStep:
    name: str
    actions: tuple[Action, ...]


# ==== the flows ==========================================================================================
def _devices_ready(t: Tour) -> bool:
    return t.flow.printer_ok and t.kiosk.devices.reader.status.device == DeviceState.ONLINE


def _choose_refund_account(t: Tour) -> None:
    """On the refund-account screen, tap the first account on file and go on; else nothing to do."""
    from ui.automation import ANY

    if t.screen != "reconciliation.refund":
        return
    t.ui.tap("rec.refund.account", ANY)
    t.ui.tap("wizard.next")


def _notice_shown(key: str) -> Callable[[Tour], bool]:
    return lambda t: key in str(t.view.blocks)


def _query(topic: str) -> tuple[Action, ...]:
    return (
        Tap("query.topic", topic),
        See("queries.answer"),
        Shot(f"queries-{topic}"),
        Tap("wizard.back"),
        See("queries.topic"),
    )


# ---- maintenance (technicians) ------------------------------------------------------------------------
TECH_PIN = "135790"  # the demo technician T001 (kiosk/persistence/seed.py)


def _staff_card() -> Path:
    from devices.idcard.samples import STAFF_CARD

    return STAFF_CARD


def _corner_gesture(t: Tour) -> None:
    """The hidden way in: hold the top-left corner, then tap the bottom-right one (real mouse events)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    handle = t.window.windowHandle()
    assert handle is not None
    hold, t.window.gesture.hold = t.window.gesture.hold, 0.05  # the tour does not wait the 2 s hold
    left, button = Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton
    try:
        QTest.mousePress(handle, button, left, QPoint(5, 5))
        t.ui.pump(80)
        QTest.mouseRelease(handle, button, left, QPoint(5, 5))
        corner = QPoint(t.window.width() - 5, t.window.height() - 5)
        QTest.mousePress(handle, button, left, corner)
        QTest.mouseRelease(handle, button, left, corner)
    finally:
        t.window.gesture.hold = hold


def _maint_message(t: Tour) -> bool:
    return t.flow.maintenance is not None and t.flow.maintenance.message is not None


def _copy_report_pdf(t: Tour) -> None:
    mode = t.flow.maintenance
    if mode is None or mode.report is None:
        raise TourFailure("no readiness report was issued")
    found = list(Path(t.kiosk.config.printing.a4_output_dir or t.kiosk.config.data_dir / "documents")
                 .glob(f"{mode.report[0]}*.pdf"))
    if not found:
        raise TourFailure("the readiness report's A4 PDF is missing")
    (t.out / "pdf").mkdir(exist_ok=True)
    shutil.copy2(found[0], t.out / "pdf" / found[0].name)


def _function(name: str, *extra: Action) -> tuple[Action, ...]:
    return (Tap("maint.open", name), See(f"maintenance.{name}", 15), *extra, Shot(f"maint-{name}"),
            Tap("maint.back"), See("maintenance.home"))


def _pin(pin: str) -> tuple[Action, ...]:
    return (Tap("field.focus", "pin"), Type(pin), Tap("maint.sign_in"))


STEPS: tuple[TourStep, ...] = (
    TourStep("attract", (
        Until("the printer and reader to be ready", _devices_ready, 15),
        See("attract"),
        Shot("attract"),
        Tap("language", "en"),
        Until("English", lambda t: t.view.language == "en"),
        Shot("attract-en"),
        Tap("large_text"),
        Until("large text", lambda t: t.view.large_text),
        Shot("attract-large-en"),
        Tap("large_text"),
        Tap("language", "zh_CN"),
        Until("Chinese", lambda t: t.view.language == "zh_CN"),
    )),
    TourStep("certificate", (
        SignIn(CARD_RECORDS),
        Shot("menu"),
        Tap("menu.open", "certificates"),
        See("certificates.kind"),
        Shot("certificates-kind"),
        Tap("cert.kind", "certificate"),
        See("certificates.period"),
        Shot("certificates-period"),
        Tap("cert.period", "last_year"),
        See("certificates.records"),
        # Every record of last year stays selected: a long certificate, as a taxpayer would print it.
        Shot("certificates-records"),
        Tap("list.page", 1),  # a long list is paged: "page 2 of N" with large previous / next buttons
        Shot("certificates-records-page-2"),
        Tap("wizard.next"),
        See("certificates.confirm"),
        Shot("certificates-confirm"),
        Tap("wizard.next"),
        See("result", 30),
        Shot("certificates-result"),
        Finish(),
    )),
    TourStep("iit-record", (
        SignIn(CARD_RECORDS),
        Tap("menu.open", "certificates"),
        Tap("cert.kind", "iit"),
        Tap("cert.period", "last_year"),
        See("certificates.confirm"),
        Shot("iit-record-confirm"),
        Tap("wizard.next"),
        See("result", 30),
        Shot("iit-record-result"),
        Tap("result.again"),
        See("menu"),
        Finish(),
    )),
    TourStep("queries", (
        SignIn(CARD_RECORDS),
        Tap("menu.open", "queries"),
        See("queries.topic"),
        Shot("queries-topic"),
        *_query("records"),
        *_query("dues"),
        *_query("reprints"),
        Tap("wizard.cancel"),
        See("menu"),
        Finish(),
    )),
    TourStep("call-staff", (
        SignIn(CARD_RECORDS),
        Tap("call_staff"),
        See("staff"),
        Shot("call-staff"),
        Tap("staff.close"),
        See("menu"),
        Finish(),
    )),
    TourStep("payment-declined", (
        SignIn(CARD_RECORDS),
        Do("the payment host declines the next payment",
           lambda t: t.services.inner.provider.script_next("declined", 0.3)),
        Tap("menu.open", "payment"),
        See("payment.dues"),
        Tap("wizard.next"),
        See("payment.confirm"),
        Tap("wizard.next"),
        Until("the declined message", lambda t: t.screen.startswith("error.payment"), 30),
        Shot("payment-declined"),
        Tap("error.retry"),
        See("payment.confirm"),
        Tap("wizard.cancel"),
        See("menu"),
        Finish(),
    )),
    TourStep("payment", (
        SignIn(CARD_RECORDS),
        Tap("menu.open", "payment"),
        See("payment.dues"),
        Shot("payment-dues"),
        Tap("wizard.next"),
        See("payment.confirm"),
        Shot("payment-confirm"),
        Tap("wizard.next"),
        See("payment.pay", 15),
        Shot("payment-qr"),
        See("result", 30),
        Shot("payment-result"),
        Finish(),
    )),
    TourStep("reconciliation", (
        SignIn(CARD_RECONCILIATION),
        Tap("menu.open", "reconciliation"),
        See("reconciliation.year", 15),
        Shot("reconciliation-year"),
        Tap("rec.year", any_value=True),
        See("reconciliation.income", 15),
        Shot("reconciliation-income"),
        Tap("wizard.next"),
        See("reconciliation.bonus"),
        Shot("reconciliation-bonus"),
        Tap("rec.bonus.choose", "yes"),
        See("reconciliation.bonus_amount"),
        Type("20000"),
        Shot("reconciliation-bonus-amount"),
        Tap("wizard.next"),
        See("reconciliation.children"),
        Tap("field.inc", "children"),
        Shot("reconciliation-children"),
        Tap("wizard.next"),
        See("reconciliation.elderly"),
        Shot("reconciliation-elderly"),
        Tap("rec.elderly.choose", "shared"),
        See("reconciliation.elderly_share"),
        Tap("field.inc", "sharers"),
        Shot("reconciliation-elderly-share"),
        Tap("wizard.next"),
        See("reconciliation.housing"),
        Shot("reconciliation-housing"),
        Tap("rec.housing.choose", "loan"),
        See("reconciliation.housing_check"),
        Shot("reconciliation-housing-check"),
        Tap("wizard.next"),
        See("reconciliation.education"),
        Tap("wizard.next"),
        See("reconciliation.illness"),
        Tap("wizard.next"),
        See("reconciliation.others"),
        Type("2400"),
        Shot("reconciliation-deductions"),
        Tap("wizard.next"),
        See("reconciliation.donations"),
        Tap("wizard.next"),
        See("reconciliation.bonus_choice", 15),
        Shot("reconciliation-bonus-choice"),
        Tap("rec.bonus_method", any_value=True),
        See("reconciliation.preview", 15),
        Shot("reconciliation-preview"),
        Tap("wizard.next"),
        Until("the refund account or the commitment",
              lambda t: t.screen in ("reconciliation.refund", "reconciliation.commit"), 15),
        Do("the first refund account chosen (when there is a refund)", _choose_refund_account),
        See("reconciliation.commit", 15),
        Tap("rec.agree"),
        Shot("reconciliation-commit"),
        Tap("wizard.next"),
        See("result", 30),
        Shot("reconciliation-result"),
        Finish(),
    )),
    TourStep("rental-invoice", (
        SignIn(CARD_RECORDS),
        Tap("menu.open", "rental"),
        See("rental.property", 15),
        Shot("rental-property"),
        Tap("rental.property", any_value=True),
        See("rental.tenant"),
        Type("WANGFANG"),  # pinyin: the candidate bar shows what the letters can be
        Shot("rental-pinyin"),
        Pick("王"),
        Pick("芳"),
        Shot("rental-tenant"),
        Tap("wizard.next"),
        See("rental.terms"),
        Tap("field.inc", "months"),
        Tap("field.inc", "months"),
        Type("9000"),
        Shot("rental-terms"),
        Tap("wizard.next"),
        See("rental.commit", 15),
        Tap("rental.agree"),
        Shot("rental-commit"),
        Tap("wizard.next"),
        See("rental.quote", 15),
        Shot("rental-quote"),
        Tap("wizard.next"),
        See("rental.pay", 15),
        Shot("rental-qr"),
        See("result", 30),
        Shot("rental-result"),
        Finish(),
    )),
    TourStep("rental-no-registry-record", (
        SignIn(CARD_OTHER),
        Tap("menu.open", "rental"),
        See("rental.property", 15),
        Shot("rental-no-record"),
        Tap("wizard.cancel"),
        Finish(),
    )),
    TourStep("queue-ticket", (
        Tap("attract.queue"),
        See("queue.service"),
        Shot("queue-service"),
        Tap("queue.take", any_value=True),
        See("result", 30),
        Shot("queue-result"),
        Tap("result.finish"),
        See("attract"),
    )),
    TourStep("paper-out-mid-print", (
        SignIn(CARD_OTHER),
        Tap("menu.open", "certificates"),
        Tap("cert.kind", "iit"),
        Tap("cert.period", "last_year"),
        See("certificates.confirm"),
        Do("the paper runs out after 3 lines", lambda t: t.printer.run_out_after(3)),
        Tap("wizard.next"),
        Until("the paper-out message", lambda t: t.screen.startswith("error.printer"), 30),
        Shot("paper-out-mid-print"),
        Expect("the paper-out message error.printer.paper_out", lambda t: t.screen == "error.printer.paper_out"),
        Do("paper loaded", lambda t: t.printer.set_paper("ok")),
        Until("the printer to be back", lambda t: t.flow.printer_ok),
        Tap("error.retry"),  # the screen is rebuilt when the printer comes back
        See("result", 30),
        Shot("paper-out-reprinted"),
        Finish(),
    )),
    TourStep("printer-unavailable", (
        Do("the printer's cover opened", lambda t: t.printer.cover(True)),
        Until("the cover-open notice", lambda t: not t.flow.printer_ok),
        Shot("attract-printer-unavailable"),
        SignIn(CARD_OTHER),
        Shot("menu-printer-unavailable"),
        Tap("menu.open", "certificates"),
        See("certificates.no_printer"),
        Shot("certificates-no-printer"),
        Tap("wizard.cancel"),
        Finish(),
        Do("the printer's cover closed", lambda t: t.printer.cover(False)),
        Until("the printer to be back", lambda t: t.flow.printer_ok),
    )),
    TourStep("reader-unplugged", (
        Do("the reader unplugged", lambda t: t.reader.unplug()),
        Until("the reader-down notice", _notice_shown("notice.reader_unavailable"), 15),
        Shot("attract-reader-unplugged"),
        Do("the reader plugged in again", lambda t: t.reader.replug()),
        Until("the reader back", lambda t: not _notice_shown("notice.reader_unavailable")(t), 20),
    )),
    TourStep("card-lifted-early", (
        Do("a slow reader", lambda t: t.reader.inject("slow_sam", delay=2.0)),
        Do("a card placed", lambda t: t.reader.place(CARD_OTHER)),
        See("reading"),
        Shot("card-reading"),
        Do("the card lifted", lambda t: t.reader.lift()),
        See("error.card.lifted_early", 15),
        Shot("card-lifted-early"),
        Do("the reader's faults cleared", lambda t: t.reader.clear()),
        Tap("error.finish"),
        See("attract"),
    )),
    TourStep("idle-timeout", (
        Timeouts(IDLE_STEP_TIMEOUTS),
        SignIn(CARD_RECORDS),
        Tap("menu.open", "queries"),
        Until("the idle warning", lambda t: t.view.idle_warning is not None),
        Shot("idle-warning"),
        Tap("idle.extend"),
        Until("the warning to go", lambda t: t.view.idle_warning is None, 5),
        Until("the idle warning again", lambda t: t.view.idle_warning is not None),
        See("attract"),
        Shot("idle-timeout-take-card"),
        Expect("a 'take your card' reminder after the timeout with the card on the reader",
               lambda t: t.view.card_reminder),
        NoPersonalText(("张", "110105", "*")),
        Do("the card lifted", lambda t: t.reader.lift()),
        Until("the reminder to go", lambda t: not t.view.card_reminder),
        Timeouts(TOUR_TIMEOUTS),
    )),
    TourStep("maintenance-gesture", (
        See("attract"),
        Do("the corner gesture", _corner_gesture),
        See("maintenance.sign_in"),
        Shot("maint-sign-in"),
        Type("T001"),
        *_pin("000000"),
        Until("the wrong-PIN message", _maint_message),
        Shot("maint-wrong-pin"),
        *_pin(TECH_PIN),
        See("maintenance.home", 15),
        Shot("maint-home"),
        *_function("devices", Until("the device status", lambda t: bool(t.flow.maintenance and t.flow.maintenance.snapshots))),
        Tap("maint.open", "counters"),
        See("maintenance.counters", 15),
        Shot("maint-counters"),
        Tap("maint.paper_changed"),
        See("maintenance.paper_confirm"),
        Shot("maint-paper-confirm"),
        Tap("maint.paper_confirm"),
        See("maintenance.counters", 15),
        Shot("maint-paper-changed"),
        Tap("maint.back"),
        See("maintenance.home"),
        *_function("journal"),
        *_function("reprints"),
        *_function("settings"),
        *_function("about"),
        *_function("handover"),
        Tap("maint.open", "report"),
        See("maintenance.report"),
        Tap("maint.report.run"),
        Until("the readiness report", lambda t: bool(t.flow.maintenance and t.flow.maintenance.report
                                                     and t.screen == "maintenance.report"), 30),
        Shot("maint-report"),
        Do("the report's PDF kept", _copy_report_pdf),
        Tap("maint.back"),
        See("maintenance.home"),
        Tap("maint.back"),  # leave: the self-test passes
        See("attract", 20),
        Expect("back in service", lambda t: t.flow.out_of_service is None),
        NoPersonalText(("T001", "李*")),
    )),
    TourStep("maintenance-card-failing-selftest", (
        Do("the technician's card placed", lambda t: t.reader.place(_staff_card())),
        See("maintenance.sign_in", 15),
        Shot("maint-card-sign-in"),
        *_pin(TECH_PIN),
        See("maintenance.home", 15),
        Do("the card lifted", lambda t: t.reader.lift()),
        Do("the paper runs out", lambda t: t.printer.set_paper("out")),
        Until("the printer to report it", lambda t: not t.flow.printer_ok),
        Tap("maint.back"),  # leave: the self-test fails
        See("maintenance.selftest_failed", 20),
        Shot("maint-selftest-failed"),
        Do("paper loaded", lambda t: t.printer.set_paper("ok")),
        Until("the printer to be back", lambda t: t.flow.printer_ok),
        Tap("maint.back"),
        See("maintenance.home"),
        Tap("maint.back"),  # leave again: now it passes
        See("attract", 20),
        Expect("back in service", lambda t: t.flow.out_of_service is None),
    )),
    TourStep("landscape", (
        Turn(landscape=True),
        Shot("landscape-attract"),
        SignIn(CARD_RECORDS),
        Shot("landscape-menu"),
        Tap("menu.open", "rental"),
        See("rental.property", 15),
        Tap("rental.property", any_value=True),
        See("rental.tenant"),
        Type("LI"),
        Shot("landscape-rental-keyboard"),
        Tap("wizard.cancel"),
        Tap("menu.open", "reconciliation"),
        See("reconciliation.year", 15),
        Tap("rec.year", any_value=True),
        See("reconciliation.income", 15),
        Tap("wizard.next"),
        Tap("rec.bonus.choose", "no"),
        See("reconciliation.children"),
        Tap("wizard.next"),
        Tap("rec.elderly.choose", "none"),
        Tap("rec.housing.choose", "none"),
        Tap("wizard.next"),
        Tap("wizard.next"),
        See("reconciliation.others"),
        Shot("landscape-deductions"),
        Tap("wizard.cancel"),
        Tap("menu.open", "rental"),
        See("rental.property", 15),
        Tap("rental.property", any_value=True),
        See("rental.tenant"),
        Tap("ime.mode"),  # Latin letters
        Type("LI"),
        Tap("wizard.next"),
        See("rental.terms"),
        Type("3000"),
        Tap("wizard.next"),
        See("rental.commit", 15),
        Tap("rental.agree"),
        Tap("wizard.next"),
        See("rental.quote", 15),
        Tap("wizard.next"),
        See("rental.pay", 15),
        Shot("landscape-qr"),
        See("result", 30),
        Shot("landscape-result"),
        Finish(),
        Turn(landscape=False),
    )),
)


def _dispose(app: Any, kiosk: Any) -> None:
    """Delete the Qt objects while Qt is still up (PySide can crash if the GC meets them at exit)."""
    import gc

    import shiboken6

    kiosk.controller.stop()
    for obj in (kiosk.controller, kiosk.window):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
    app.processEvents()
    gc.collect()


# ==== running it =========================================================================================
#: In a mode other than the default, the attract step only shows the attract screen in that mode (the
#: default one shows the language and text-size buttons being used).
ATTRACT_IN_MODE = TourStep("attract", (
    Until("the printer and reader to be ready", _devices_ready, 15),
    See("attract"),
    Shot("attract"),
))


def steps_for(mode: TourMode) -> tuple[TourStep, ...]:
    """The tour's steps as walked in ``mode``."""
    if mode == DEFAULT_MODE:
        return STEPS
    return tuple(ATTRACT_IN_MODE if s.name == "attract" else s for s in STEPS)


def _clean(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.png"), *out.glob("*.speech.txt"), out / "summary.json"]:
        old.unlink(missing_ok=True)
    for sub in ("receipts", "pdf"):
        shutil.rmtree(out / sub, ignore_errors=True)


def run_mode(config: KioskConfig, out: Path, mode: TourMode = DEFAULT_MODE,
             steps: tuple[TourStep, ...] | None = None) -> dict[str, Any]:
    """Walk the tour once in ``mode`` on a fresh application (its own data directory), into ``out``."""
    from PySide6.QtWidgets import QApplication

    from app.wiring import build_app, build_backend, build_maintenance
    from kiosk.flow.speech import RecordingSpeech
    from ui.window import LANDSCAPE, PORTRAIT

    _clean(out)
    data = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
    config = dataclasses.replace(
        config,
        kiosk=dataclasses.replace(config.kiosk, data_dir=str(data), demo=True),
        database=dataclasses.replace(config.database, url=""),
        secrets=dataclasses.replace(config.secrets, dir=""),
        payment=dataclasses.replace(config.payment, simulated_delay=1.0, simulated_outcome="paid"),
        printing=dataclasses.replace(config.printing, a4_output_dir=str(data / "a4")),
    )
    app = QApplication.instance() or QApplication([sys.argv[0]])
    real_services, device_log = build_backend(config, seed_demo_data=True)
    services = RecordingServices(real_services)
    kiosk = build_app(
        config,
        simulate=True,
        size=LANDSCAPE if mode.landscape else PORTRAIT,
        kiosk_mode=False,
        services=services,
        timeouts=TOUR_TIMEOUTS,
        receipts_dir=out / "receipts",
        tick_interval=0.1,
        device_log=device_log,
        maintenance=build_maintenance(config, real_services),
        speech=RecordingSpeech(),  # what would be said goes into NN-name.speech.txt, not the speakers
    )
    kiosk.start()
    kiosk.window.show()
    tour = Tour(kiosk, services, out, mode)
    started = time.monotonic()
    try:
        for step in steps if steps is not None else steps_for(mode):
            tour.walk(step)
    finally:
        kiosk.stop()
        _dispose(app, kiosk)
    pdf_dir = out / "pdf"
    pdfs = []
    for doc in services.documents:
        if doc.pdf_path and Path(doc.pdf_path).exists():
            pdf_dir.mkdir(exist_ok=True)
            target = pdf_dir / Path(doc.pdf_path).name
            shutil.copy2(doc.pdf_path, target)
            pdfs.append(str(target.relative_to(out)))
    receipts = sorted(
        str(p.relative_to(out)) for p in (out / "receipts").glob("*") if p.suffix in (".txt", ".png")
    )
    shutil.rmtree(data, ignore_errors=True)
    audit = {shot: found for s in tour.steps for shot, found in s.audit.items()}
    summary = {
        "mode": dataclasses.asdict(mode),
        "ok": all(s.status == "pass" for s in tour.steps),
        "seconds": round(time.monotonic() - started, 1),
        "steps": [dataclasses.asdict(s) for s in tour.steps],
        "screenshots": sorted(p.name for p in out.glob("*.png")),
        "speech": sorted(p.name for p in out.glob("*.speech.txt")),
        "screens": len(audit),
        "violations": tour.violations,
        "audit": audit,
        "receipts": receipts,
        "pdfs": sorted(set(pdfs)),
        "documents": [
            {"number": d.number, "kind": d.kind, "reprint": d.is_reprint} for d in services.documents
        ],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return summary


def _mode_in_child(config: KioskConfig, out: Path, name: str) -> dict[str, Any]:
    """One mode's walk in a child process, with its log files next to its screenshots."""
    from kiosk.logs import setup_logging

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    out.mkdir(parents=True, exist_ok=True)
    setup_logging(dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, data_dir=str(out))),
                  console=False)
    return run_mode(config, out, MODES[name])


def run_tour(config: KioskConfig, out: Path, modes: tuple[str, ...] = ()) -> dict[str, Any]:
    """Without ``modes``: the default mode into ``out`` itself. With them: each mode into ``out/<mode>``,
    and ``out/summary.json`` lists the modes with their screens and audit violations."""
    if not modes:
        return run_mode(config, out)
    out.mkdir(parents=True, exist_ok=True)
    # One process per mode: a fresh Qt application and devices each time (PySide does not take kindly
    # to building and disposing several applications' widgets in one process).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    per_mode: dict[str, dict[str, Any]] = {}
    for name in modes:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            per_mode[name] = pool.submit(_mode_in_child, config, out / name, name).result(timeout=900)
    summary = {
        "ok": all(s["ok"] for s in per_mode.values()),
        "violations": sum(s["violations"] for s in per_mode.values()),
        "modes": {
            name: {"ok": s["ok"], "screens": s["screens"], "violations": s["violations"], "seconds": s["seconds"]}
            for name, s in per_mode.items()
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return {**summary, "per_mode": per_mode}


@click.command("tour")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Where screenshots, receipts, PDFs and summary.json go.",
)
@click.option(
    "--mode",
    "mode",
    type=click.Choice([*MODES, "all"]),
    default=None,
    help="Display mode(s), each into DIR/<mode>/: language, large text, landscape; 'all' walks every one "
    "and fails on any layout-audit violation.",
)
@click.option("--verbose", is_flag=True, help="Log every state change and device event.")
@pass_config
def tour_command(config: KioskConfig, out_dir: str, mode: str | None, verbose: bool) -> None:
    """Drive the real app offscreen through every flow and error path; exit 1 if any step fails."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.logs import setup_logging

    # The tour's own log files next to its screenshots, so a failed step can be read afterwards.
    setup_logging(dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, data_dir=out_dir)),
                  console=verbose)
    modes = () if mode is None else tuple(MODES) if mode == "all" else (mode,)
    summary = run_tour(config, Path(out_dir), modes)
    for name, one in summary.get("per_mode", {"": summary}).items():
        where = Path(out_dir) / name if name else Path(out_dir)
        for s in one["steps"]:
            click.echo(f"{s['status']:4}  {s['name']:<22} {s['seconds']:6.1f} s  {s['detail']}")
        click.echo(
            f"{name or DEFAULT_MODE.name}: {len(one['screenshots'])} screenshots, "
            f"{one['violations']} layout-audit violations on {one['screens']} screens, "
            f"{len(one['receipts'])} receipt files, {len(one['pdfs'])} PDFs -> {where}"
        )
    if not summary["ok"]:
        raise SystemExit(1)
    if mode == "all" and summary["violations"]:
        click.echo(f"{summary['violations']} layout-audit violations (see summary.json per mode)", err=True)
        raise SystemExit(2)
