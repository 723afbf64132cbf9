"""Maintenance mode: a technician (or hall staff) signed in with a PIN, one function screen at a time.

The controller hands it the events while it is active and shows its pages; it asks the maintenance
services and the running devices through typed calls (:class:`MaintenanceHost`), never touching
either itself. Nothing it shows outlives it: when it ends, the controller purges every widget.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from kiosk.clock import LOCAL_TZ
from kiosk.domain.devices import DeviceSnapshot
from kiosk.domain.documents import PrintableDocument
from kiosk.flow.context import DevicesCall, MaintenanceCall
from kiosk.flow.events import CardRead, Intent, PrintOutcome, ServiceResult
from kiosk.flow.forms import Form
from kiosk.flow.maintenance.screens import FUNCTION_SCREENS, ICONS, PARENT, Screen
from kiosk.flow.views import (
    Action,
    Block,
    FieldKind,
    FormField,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    PageKind,
    PageView,
    ParagraphBlock,
    Role,
    Row,
    Text,
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.privacy import mask_id, mask_name
from kiosk.services.maintenance_api import (
    AboutView,
    CountersView,
    DeviceReportLine,
    ExportResult,
    JournalEntryView,
    JournalFilter,
    LogLineView,
    MaintenanceFunction,
    OwedReprintView,
    PrinterFaultPolicy,
    SelfTestCheck,
    SettingsChange,
    SettingsView,
    StaffCallView,
    TechnicianCardView,
    TechnicianView,
)

log = logging.getLogger("kiosk.flow.maintenance")
T = TypeVar("T")

PAGE_ROWS = 8  # journal lines per page: large enough to read, few enough to need no scrolling
PERIODS: dict[str, dt.timedelta | None] = {
    "1h": dt.timedelta(hours=1),
    "24h": dt.timedelta(hours=24),
    "7d": dt.timedelta(days=7),
    "30d": dt.timedelta(days=30),
    "all": None,
}
IDLE_CHOICES = ("60", "75", "90")  # kiosk-ux.md: warn after 60-90 s without input
COUNTDOWN_CHOICES = ("20", "30", "45")  # a visible countdown of at least 20 s
RESULT_CHOICES = ("15", "30", "45", "60")  # back to the start after about 30 s
OPTIONAL_LANGUAGES = ("en",)  # Chinese is always offered


class MaintenanceHost(Protocol):
    """What maintenance mode needs of the controller."""

    @property
    def language(self) -> str: ...

    def now(self) -> dt.datetime: ...

    def call_maintenance(
        self,
        fn: MaintenanceCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
    ) -> None: ...

    def call_devices(
        self,
        fn: DevicesCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
    ) -> None: ...

    def print_plain(self, doc: PrintableDocument, then: Callable[[PrintOutcome], None]) -> None:
        """Print without the taxpayer's retry screens: the outcome goes to ``then``."""
        ...

    def apply_settings(self, settings: SettingsView) -> None: ...

    def leave_maintenance(self, checks: list[SelfTestCheck] | None, reason: str) -> None:
        """Maintenance is over: in service if every check passed, else out of service.
        ``checks`` None: nobody signed in, nothing was touched (the state before stays)."""
        ...


@dataclass(frozen=True)
class CardTest:
    masked_name: str
    masked_id: str
    card_type: str


class MaintenanceMode:
    def __init__(self, host: MaintenanceHost, card: TechnicianCardView | None = None) -> None:
        self.host = host
        self.screen = Screen.SIGN_IN
        self.card = card  # signed in by card: the PIN only
        self.technician: TechnicianView | None = None
        self.message: tuple[Text, str] | None = None  # (text, level) under the current screen
        self.sign_in_form = self._sign_in_form()
        self.snapshots: list[DeviceSnapshot] = []
        self.card_test: CardTest | None = None
        self.card_test_error = ""
        self.counters: CountersView | None = None
        self.journal_source = "journal"  # journal or log
        self.errors_only = False
        self.period = "24h"
        self.page_no = 0
        self.entries: list[JournalEntryView] = []
        self.log_lines: list[LogLineView] = []
        self.owed: list[OwedReprintView] = []
        self.settings: SettingsView | None = None
        self.settings_form: Form | None = None
        self.about: AboutView | None = None
        self.report: tuple[str, bool] | None = None  # (document number, ready)
        self.handover_form = Form(
            [
                FormField(
                    "code", FieldKind.TEXT, Txt("maint.handover.code"), "", hint=Txt("maint.handover.hint")
                )
            ]
        )
        self.staff_call: StaffCallView | None = None
        self.staff_call_missing = False
        self.checks: list[SelfTestCheck] = []
        self._report_checks: list[SelfTestCheck] = []

    # ---- where it is ---------------------------------------------------------------------------
    @property
    def state_name(self) -> str:
        return f"maintenance.{self.screen.value}"

    @property
    def code(self) -> str:
        return self.technician.code if self.technician is not None else ""

    def clear(self) -> None:
        """Drop everything it holds (a PIN being typed, journal lines, the card test)."""
        self.sign_in_form.clear()
        self.handover_form.clear()
        self.entries, self.log_lines, self.snapshots, self.owed = [], [], [], []
        self.card_test = self.staff_call = None
        self.technician = None
        self.card = None

    def go(self, screen: Screen) -> None:
        self.screen = screen
        self.message = None

    # ---- signing in ----------------------------------------------------------------------------
    def _sign_in_form(self) -> Form:
        fields = [
            FormField("pin", FieldKind.PIN, Txt("staff_entry.pin"), "", hint=Txt("staff_entry.pin_hint"))
        ]
        if self.card is None:
            fields.insert(
                0,
                FormField(
                    "code",
                    FieldKind.TEXT,
                    Txt("staff_entry.staff_code"),
                    "",
                    hint=Txt("staff_entry.staff_code_hint"),
                ),
            )
        return Form(fields)

    def _sign_in_ready(self) -> bool:
        code_ok = self.card is not None or bool(self.sign_in_form.text("code").strip())
        return code_ok and 4 <= len(self.sign_in_form.text("pin")) <= 12

    def _sign_in(self) -> None:
        code = self.card.code if self.card is not None else self.sign_in_form.text("code").strip()
        pin = self.sign_in_form.text("pin")
        self.sign_in_form.reset("pin")  # never kept past the attempt
        self.host.call_maintenance(
            lambda m: m.sign_in(code, pin),
            then=self._signed_in,
            wait=Txt("wait.identity"),
            on_error=self._refused,
        )

    def _signed_in(self, technician: TechnicianView) -> None:
        self.technician = technician
        self.sign_in_form.clear()
        log.info("maintenance session of %s (%s)", technician.code, technician.role.value)
        self.go(Screen.HOME)

    def _refused(self, res: ServiceResult) -> None:
        self.sign_in_form.active = "pin"
        self.message = (Txt(res.error_key or "error.staff_code"), "error")

    # ---- events --------------------------------------------------------------------------------
    def on_intent(self, intent: Intent) -> None:
        name = intent.name
        if name == "maint.back":
            self.back()
            return
        match self.screen:
            case Screen.SIGN_IN:
                if self.sign_in_form.handle(intent):
                    self.message = None
                elif name == "maint.sign_in" and self._sign_in_ready():
                    self._sign_in()
            case Screen.HOME:
                self._on_home(intent)
            case Screen.DEVICES:
                self._on_devices(name)
            case Screen.CARD_TEST:
                pass  # a card placed on the reader answers (on_card_read)
            case Screen.COUNTERS:
                if name == "maint.paper_changed":
                    self.go(Screen.PAPER_CONFIRM)
            case Screen.PAPER_CONFIRM:
                if name == "maint.paper_confirm":
                    code = self.code
                    self.host.call_maintenance(
                        lambda m: m.paper_roll_changed(code), then=self._paper_changed, wait=Txt("wait.host")
                    )
            case Screen.JOURNAL:
                self._on_journal(intent)
            case Screen.REPRINTS:
                self._on_reprints(intent)
            case Screen.SETTINGS:
                self._on_settings(intent)
            case Screen.REPORT:
                if name == "maint.report.run":
                    self.host.call_devices(
                        lambda d: d.self_test(), then=self._report_tested, wait=Txt("maint.wait.selftest")
                    )
            case Screen.HANDOVER:
                if self.handover_form.handle(intent):
                    self.staff_call, self.staff_call_missing = None, False
                elif name == "maint.handover.look_up" and self.handover_form.text("code").strip():
                    code = self.handover_form.text("code").strip()
                    self.host.call_maintenance(
                        lambda m: m.staff_call(code), then=self._got_staff_call, wait=Txt("wait.host")
                    )
            case Screen.SELFTEST_FAILED:
                if name == "maint.leave_anyway":
                    self.host.leave_maintenance(self.checks, "left with a failed self-test")
            case Screen.ABOUT | Screen.LEAVING:
                pass

    def back(self) -> None:
        parent = PARENT[self.screen]
        if self.screen == Screen.SIGN_IN:
            self.host.leave_maintenance(None, "sign-in abandoned")
        elif self.screen == Screen.HOME:
            self.leave()
        elif parent is not None:
            self.go(parent)
            self._load(parent)

    def leave(self) -> None:
        """Leave maintenance: the self-test decides whether the kiosk returns to service."""
        self.go(Screen.LEAVING)
        self.host.call_devices(lambda d: d.self_test(), then=self._tested, wait=Txt("maint.wait.selftest"))

    def _tested(self, checks: list[SelfTestCheck]) -> None:
        self.checks = list(checks)
        if all(c.ok for c in checks):
            self.host.leave_maintenance(self.checks, "self-test passed")
        else:
            self.go(Screen.SELFTEST_FAILED)

    def on_card_read(self, event: CardRead) -> None:
        if self.screen == Screen.CARD_TEST:
            self.card_test = CardTest(mask_name(event.name), mask_id(event.id_number), event.card_type)
            self.card_test_error = ""

    def on_card_failed(self, reason_key: str) -> None:
        if self.screen == Screen.CARD_TEST:
            self.card_test, self.card_test_error = None, reason_key

    def on_device_change(self) -> None:
        if self.screen == Screen.DEVICES:  # live: a change on a device refreshes the status screen
            self._load(Screen.DEVICES)

    # ---- home and loading a function -----------------------------------------------------------------
    def _on_home(self, intent: Intent) -> None:
        if intent.name == "maint.leave":
            self.leave()
            return
        if intent.name != "maint.open" or self.technician is None:
            return
        try:
            function = MaintenanceFunction(intent.value)
        except ValueError:
            return
        if function not in self.technician.functions:
            return  # the services refuse it too; the tile is not even shown
        screen = FUNCTION_SCREENS[function]
        self.go(screen)
        self._load(screen)

    def _load(self, screen: Screen) -> None:
        match screen:
            case Screen.DEVICES:
                self.host.call_devices(lambda d: d.snapshot(), then=self._got_snapshots)
            case Screen.COUNTERS:
                self.host.call_maintenance(
                    lambda m: m.counters(), then=self._got_counters, wait=Txt("wait.host")
                )
            case Screen.JOURNAL:
                self._load_journal()
            case Screen.REPRINTS:
                self.host.call_maintenance(
                    lambda m: m.owed_reprints(), then=self._got_owed, wait=Txt("wait.host")
                )
            case Screen.SETTINGS:
                self.host.call_maintenance(
                    lambda m: m.settings(), then=self._got_settings, wait=Txt("wait.host")
                )
            case Screen.ABOUT:
                self.host.call_maintenance(lambda m: m.about(), then=self._got_about, wait=Txt("wait.host"))
            case _:
                pass

    # ---- devices -------------------------------------------------------------------------------
    def _got_snapshots(self, snapshots: list[DeviceSnapshot]) -> None:
        self.snapshots = list(snapshots)

    def _on_devices(self, name: str) -> None:
        if name == "maint.card_test":
            self.card_test, self.card_test_error = None, ""
            self.go(Screen.CARD_TEST)
        elif name == "maint.test_print":
            code = self.code
            self.host.call_maintenance(
                lambda m: m.test_slip(code), then=self._print_test, wait=Txt("wait.printing")
            )
        elif name == "maint.refresh":
            self._load(Screen.DEVICES)

    def _print_test(self, doc: PrintableDocument) -> None:
        self.host.print_plain(doc, self._test_printed)

    def _test_printed(self, outcome: PrintOutcome) -> None:
        self.message = _print_message(outcome)
        self._load(Screen.DEVICES)

    # ---- counters ------------------------------------------------------------------------------
    def _got_counters(self, counters: CountersView) -> None:
        self.counters = counters

    def _paper_changed(self, counters: CountersView) -> None:
        self.counters = counters
        self.go(Screen.COUNTERS)
        self.message = (Txt("maint.paper.done"), "info")

    # ---- journal and log -----------------------------------------------------------------------
    def _filter(self) -> JournalFilter:
        span = PERIODS[self.period]
        since = None if span is None else self.host.now() - span
        return JournalFilter(errors_only=self.errors_only, since=since, limit=500)

    def _load_journal(self) -> None:
        flt = self._filter()
        self.page_no = 0
        if self.journal_source == "journal":
            self.host.call_maintenance(
                lambda m: m.journal(flt), then=self._got_journal, wait=Txt("wait.host")
            )
        else:
            self.host.call_maintenance(lambda m: m.log_lines(flt), then=self._got_log, wait=Txt("wait.host"))

    def _got_journal(self, entries: list[JournalEntryView]) -> None:
        self.entries = list(entries)

    def _got_log(self, lines: list[LogLineView]) -> None:
        self.log_lines = list(lines)

    def _rows(self) -> list[Row]:
        if self.journal_source == "journal":
            return [
                Row(
                    (
                        _when(e.at),
                        f"{e.kind} {e.transaction_id[:8]}",
                        f"{e.from_state or '-'} → {e.to_state}",
                        e.reason,
                    ),
                    "⚠" if e.is_error else "",
                )
                for e in self.entries
            ]
        return [
            Row((_when(e.at), f"{e.level} {e.logger}", e.message), "⚠" if e.level != "INFO" else "")
            for e in self.log_lines
        ]

    def _pages(self) -> int:
        return max(1, -(-len(self._rows()) // PAGE_ROWS))

    def _on_journal(self, intent: Intent) -> None:
        name = intent.name
        if name == "maint.journal.source" and intent.value in ("journal", "log"):
            self.journal_source = intent.value
            self._load_journal()
        elif name == "maint.journal.errors":
            self.errors_only = not self.errors_only
            self._load_journal()
        elif name == "maint.journal.period" and intent.value in PERIODS:
            self.period = intent.value
            self._load_journal()
        elif name == "page.next" and self.page_no + 1 < self._pages():
            self.page_no += 1
        elif name == "page.previous" and self.page_no > 0:
            self.page_no -= 1
        elif name == "maint.export":
            code, flt = self.code, self._filter()
            self.host.call_maintenance(
                lambda m: m.export(code, flt),
                then=self._exported,
                wait=Txt("wait.host"),
                on_error=self._failed,
            )

    def _exported(self, result: ExportResult) -> None:
        self.message = (Txt.of("maint.export.done", lines=str(result.lines), path=result.path), "info")

    def _failed(self, res: ServiceResult) -> None:
        self.message = (Txt(res.error_key or "error.generic"), "error")

    def show_failure(self, res: ServiceResult) -> None:
        """Any maintenance or device call that failed: the message on the technician's screen."""
        if self.screen == Screen.LEAVING:  # the self-test itself could not run: that is a failed test
            self.checks = [SelfTestCheck("selftest", "自检", "Self-test", False, res.error_key or "error.generic")]
            self.go(Screen.SELFTEST_FAILED)
        self._failed(res)

    # ---- reprints ------------------------------------------------------------------------------
    def _got_owed(self, owed: list[OwedReprintView]) -> None:
        self.owed = list(owed)

    def _on_reprints(self, intent: Intent) -> None:
        code = self.code
        if intent.name == "maint.reprint_last":
            self.host.call_maintenance(
                lambda m: m.reprint_last(code),
                then=self._reprint,
                wait=Txt("wait.printing"),
                on_error=self._failed,
            )
        elif intent.name == "maint.reprint_owed" and intent.value in {o.number for o in self.owed}:
            number = str(intent.value)
            self.host.call_maintenance(
                lambda m: m.reprint_owed(code, number),
                then=self._reprint,
                wait=Txt("wait.printing"),
                on_error=self._failed,
            )

    def _reprint(self, doc: PrintableDocument) -> None:
        self.host.print_plain(doc, self._reprinted)

    def _reprinted(self, outcome: PrintOutcome) -> None:
        self.message = _print_message(outcome)
        self._load(Screen.REPRINTS)

    # ---- settings ------------------------------------------------------------------------------
    def _got_settings(self, settings: SettingsView) -> None:
        self.settings = settings
        self.settings_form = Form(
            [
                FormField(
                    "idle_warning",
                    FieldKind.CHOICE,
                    Txt("maint.settings.idle_warning"),
                    _choice(settings.idle_warning, IDLE_CHOICES),
                    options=tuple((c, Txt.of("maint.seconds", n=c)) for c in IDLE_CHOICES),
                ),
                FormField(
                    "idle_countdown",
                    FieldKind.CHOICE,
                    Txt("maint.settings.idle_countdown"),
                    _choice(settings.idle_countdown, COUNTDOWN_CHOICES),
                    options=tuple((c, Txt.of("maint.seconds", n=c)) for c in COUNTDOWN_CHOICES),
                ),
                FormField(
                    "result_return",
                    FieldKind.CHOICE,
                    Txt("maint.settings.result_return"),
                    _choice(settings.result_return, RESULT_CHOICES),
                    options=tuple((c, Txt.of("maint.seconds", n=c)) for c in RESULT_CHOICES),
                ),
                FormField(
                    "english", FieldKind.TOGGLE, Txt("maint.settings.english"), "en" in settings.languages
                ),
                FormField(
                    "printer_fault",
                    FieldKind.CHOICE,
                    Txt("maint.settings.printer_fault"),
                    settings.printer_fault.value,
                    options=tuple(
                        (p.value, Txt(f"maint.printer_fault.{p.value}")) for p in PrinterFaultPolicy
                    ),
                ),
            ]
        )

    def _on_settings(self, intent: Intent) -> None:
        form = self.settings_form
        if form is None:
            return
        if form.handle(intent):
            self.message = None
            return
        if intent.name == "maint.settings.save":
            change = SettingsChange(
                idle_warning=float(form["idle_warning"]),
                idle_countdown=float(form["idle_countdown"]),
                result_return=float(form["result_return"]),
                languages=("zh_CN", "en") if form["english"] else ("zh_CN",),
                printer_fault=PrinterFaultPolicy(form["printer_fault"]),
            )
            code = self.code
            self.host.call_maintenance(
                lambda m: m.update_settings(code, change),
                then=self._saved,
                wait=Txt("wait.host"),
                on_error=self._failed,
            )

    def _saved(self, settings: SettingsView) -> None:
        self._got_settings(settings)
        self.host.apply_settings(settings)
        self.message = (Txt("maint.settings.saved"), "info")

    # ---- about, report, hand-over -----------------------------------------------------------------
    def _got_about(self, about: AboutView) -> None:
        self.about = about

    def _report_tested(self, checks: list[SelfTestCheck]) -> None:
        self._report_checks = list(checks)
        self.host.call_devices(lambda d: d.snapshot(), then=self._report_devices, wait=Txt("wait.issuing"))

    def _report_devices(self, snapshots: list[DeviceSnapshot]) -> None:
        self.snapshots = list(snapshots)
        code, checks = self.code, list(self._report_checks)
        lines = [
            DeviceReportLine(
                s.device,
                s.state,
                "; ".join(f"{k}: {v}" for k, v in s.detail) or s.last_change,
                s.errors_since_start,
            )
            for s in snapshots
        ]
        self.host.call_maintenance(
            lambda m: m.readiness_report(code, checks, lines),
            then=self._report_issued,
            wait=Txt("wait.issuing"),
            on_error=self._failed,
        )

    def _report_issued(self, doc: PrintableDocument) -> None:
        self.report = (doc.number, all(c.ok for c in self._report_checks))
        self.host.print_plain(doc, self._report_printed)

    def _report_printed(self, outcome: PrintOutcome) -> None:
        self.message = _print_message(outcome)

    def _got_staff_call(self, call: StaffCallView | None) -> None:
        self.staff_call = call
        self.staff_call_missing = call is None

    # ==== views =====================================================================================
    def page(self, common: dict[str, Any]) -> PageView:
        prompt, blocks, actions = self._content()
        if self.message is not None:
            text, level = self.message
            blocks = (NoticeBlock(text, level), *blocks)
        back_label = (
            "action.cancel"
            if self.screen == Screen.SIGN_IN
            else ("maint.leave" if self.screen == Screen.HOME else "action.back")
        )
        frame: list[Action] = []
        if self.screen not in (Screen.LEAVING,):
            frame.append(Action("maint.back", Txt(back_label), Role.BACK))
        greeting: Text = ""
        if self.technician is not None:
            greeting = Txt.of("maint.signed_in", code=self.technician.code, name=self.technician.masked_name)
        return PageView(
            self.state_name,
            PageKind.MAINTENANCE,
            Txt(f"maint.title.{self.screen.value}"),
            prompt,
            blocks=blocks,
            actions=(*frame, *actions),
            **dict(common, greeting=greeting),
        )

    def _content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        match self.screen:
            case Screen.SIGN_IN:
                blocks: tuple[Block, ...] = self.sign_in_form.block()
                if self.card is not None:
                    blocks = (
                        KeyValueBlock(
                            ((Txt("staff_entry.staff_code"), f"{self.card.code}  {self.card.masked_name}"),)
                        ),
                        *blocks,
                    )
                return (
                    Txt("maint.sign_in.prompt"),
                    blocks,
                    (
                        Action(
                            "maint.sign_in", Txt("maint.sign_in"), Role.PRIMARY, enabled=self._sign_in_ready()
                        ),
                    ),
                )
            case Screen.HOME:
                functions = self.technician.functions if self.technician else ()
                tiles = tuple(
                    Tile("maint.open", f.value, Txt(f"maint.title.{FUNCTION_SCREENS[f].value}"), ICONS[f])
                    for f in functions
                )
                return Txt("maint.home.prompt"), (TilesBlock(tiles),), ()
            case Screen.DEVICES:
                return self._devices_content()
            case Screen.CARD_TEST:
                return self._card_test_content()
            case Screen.COUNTERS:
                return self._counters_content()
            case Screen.PAPER_CONFIRM:
                return (
                    Txt("maint.paper.prompt"),
                    (ParagraphBlock(Txt("maint.paper.explain")),),
                    (Action("maint.paper_confirm", Txt("maint.paper.confirm"), Role.PRIMARY),),
                )
            case Screen.JOURNAL:
                return self._journal_content()
            case Screen.REPRINTS:
                rows = tuple(
                    Row(
                        (o.number, o.kind, _when(o.issued_at), o.masked_id),
                        Txt("maint.reprint"),
                        o.number,
                        "maint.reprint_owed",
                    )
                    for o in self.owed
                )
                return (
                    Txt("maint.reprints.prompt"),
                    (
                        TilesBlock((Tile("maint.reprint_last", None, Txt("maint.reprint_last"), "printer"),)),
                        ParagraphBlock(Txt("maint.reprints.owed"), emphasis=True),
                        ListBlock(rows, Txt("query.reprints.empty")),
                    ),
                    (),
                )
            case Screen.SETTINGS:
                if self.settings_form is None:
                    return Txt("wait.please"), (), ()
                return (
                    Txt("maint.settings.prompt"),
                    self.settings_form.block(),
                    (Action("maint.settings.save", Txt("maint.settings.save"), Role.PRIMARY),),
                )
            case Screen.ABOUT:
                return self._about_content()
            case Screen.REPORT:
                blocks = ()
                if self.report is not None:
                    number, ready = self.report
                    blocks = (
                        KeyValueBlock(
                            (
                                (Txt("doc.number"), number),
                                (
                                    Txt("maint.report.verdict"),
                                    Txt("maint.ready" if ready else "maint.not_ready"),
                                ),
                            )
                        ),
                    )
                return (
                    Txt("maint.report.prompt"),
                    (*blocks, *self._checks_blocks(self._report_checks)),
                    (Action("maint.report.run", Txt("maint.report.run"), Role.PRIMARY),),
                )
            case Screen.HANDOVER:
                return self._handover_content()
            case Screen.LEAVING:
                return Txt("maint.wait.selftest"), (), ()
            case Screen.SELFTEST_FAILED:
                return (
                    Txt("maint.selftest_failed.prompt"),
                    (*self._checks_blocks(self.checks), ParagraphBlock(Txt("maint.selftest_failed.explain"))),
                    (Action("maint.leave_anyway", Txt("maint.leave_anyway"), Role.SECONDARY),),
                )
        raise AssertionError(self.screen)  # pragma: no cover

    def _devices_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        blocks: list[Block] = []
        for s in self.snapshots:
            lines: list[tuple[Text, Text]] = [
                (Txt("maint.device.state"), Txt(f"maint.state.{s.state}")),
                (Txt("maint.device.problem"), Txt(s.problem_key) if s.problem_key else Txt("maint.none")),
                (Txt("maint.device.last_change"), s.last_change or "-"),
                (Txt("maint.device.since"), _when(s.since) if s.since else "-"),
                (Txt("maint.device.errors"), str(s.errors_since_start)),
                (Txt("maint.device.reconnects"), str(s.reconnects)),
                *((Txt(k), v) for k, v in s.detail),
            ]
            blocks += [
                ParagraphBlock(Txt(f"maint.device.{s.device}"), emphasis=True),
                KeyValueBlock(tuple(lines)),
            ]
        if not self.snapshots:
            blocks.append(ParagraphBlock(Txt("wait.please")))
        actions = (
            Action("maint.refresh", Txt("maint.refresh")),
            Action("maint.card_test", Txt("maint.card_test")),
            Action("maint.test_print", Txt("maint.test_print"), Role.PRIMARY),
        )
        return Txt("maint.devices.prompt"), tuple(blocks), actions

    def _card_test_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        if self.card_test is not None:
            c = self.card_test
            return (
                Txt("maint.card_test.read"),
                (
                    KeyValueBlock(
                        (
                            (Txt("maint.card.name"), c.masked_name),
                            (Txt("maint.card.number"), c.masked_id),
                            (Txt("maint.card.type"), Txt(f"card.type.{c.card_type}")),
                        )
                    ),
                ),
                (),
            )
        blocks: tuple[Block, ...] = (ParagraphBlock(Txt("maint.card_test.explain")),)
        if self.card_test_error:
            blocks = (NoticeBlock(Txt(self.card_test_error), "error"), *blocks)
        return Txt("maint.card_test.prompt"), blocks, ()

    def _counters_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        c = self.counters
        if c is None:
            return Txt("wait.please"), (), ()
        pair = lambda p: Txt.of("maint.counter", since=str(p.since_roll_change), total=str(p.total))  # noqa: E731
        lines: list[tuple[Text, Text]] = [
            (Txt("maint.counters.slips"), pair(c.slips_printed)),
            (Txt("maint.counters.pages"), pair(c.pages_printed)),
            (Txt("maint.counters.paper_mm"), pair(c.paper_used_mm)),
            (Txt("maint.counters.card_reads"), pair(c.card_reads)),
        ]
        if c.paper_left_mm is not None:
            lines.append((Txt("maint.counters.paper_left"), Txt.of("maint.mm", n=str(c.paper_left_mm))))
        lines.append(
            (
                Txt("maint.counters.roll_changed"),
                f"{_when(c.roll_changed_at)} {c.roll_changed_by or ''}".strip() if c.roll_changed_at else "-",
            )
        )
        sessions = tuple(
            (Txt(f"menu.{k}") if k in SERVICE_KEYS else k, pair(v)) for k, v in c.sessions_by_service.items()
        )
        payments = tuple((Txt(f"maint.payment.{k}"), pair(v)) for k, v in c.payments_by_outcome.items())
        blocks: tuple[Block, ...] = (
            ParagraphBlock(Txt("maint.counters.legend")),
            KeyValueBlock(tuple(lines)),
            ParagraphBlock(Txt("maint.counters.sessions"), emphasis=True),
            KeyValueBlock(sessions),
            ParagraphBlock(Txt("maint.counters.payments"), emphasis=True),
            KeyValueBlock(payments),
        )
        return (
            Txt("maint.counters.prompt"),
            blocks,
            (Action("maint.paper_changed", Txt("maint.paper_changed"), Role.PRIMARY),),
        )

    def _journal_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        sources = tuple(
            Tile(
                "maint.journal.source",
                s,
                Txt(f"maint.journal.{s}"),
                "check-on" if s == self.journal_source else "check-off",
            )
            for s in ("journal", "log")
        )
        periods = tuple(
            Tile(
                "maint.journal.period",
                p,
                Txt(f"maint.period.{p}"),
                "check-on" if p == self.period else "check-off",
            )
            for p in PERIODS
        )
        errors = Tile(
            "maint.journal.errors",
            None,
            Txt("maint.journal.errors_only"),
            "check-on" if self.errors_only else "check-off",
        )
        rows = self._rows()
        page = rows[self.page_no * PAGE_ROWS : (self.page_no + 1) * PAGE_ROWS]
        blocks: tuple[Block, ...] = (
            TilesBlock((*sources, errors)),
            TilesBlock(periods),
            ListBlock(tuple(page), Txt("maint.journal.empty")),
            ParagraphBlock(Txt.of("page.of", page=str(self.page_no + 1), pages=str(self._pages()))),
        )
        actions = (
            Action("page.previous", Txt("page.previous"), enabled=self.page_no > 0),
            Action("page.next", Txt("page.next"), enabled=self.page_no + 1 < self._pages()),
            Action("maint.export", Txt("maint.export"), Role.PRIMARY, enabled=bool(rows)),
        )
        return Txt("maint.journal.prompt"), blocks, actions

    def _about_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        a = self.about
        if a is None:
            return Txt("wait.please"), (), ()
        hours, rest = divmod(int(a.uptime_seconds), 3600)
        lines: tuple[tuple[Text, Text], ...] = (
            (Txt("maint.about.version"), a.version),
            (Txt("maint.about.schema"), a.schema_revision),
            (Txt("maint.about.config"), a.config_path or Txt("maint.about.defaults")),
            (Txt("maint.about.kiosk"), a.kiosk_id),
            (Txt("maint.about.office"), a.tax_office),
            (Txt("maint.about.started"), _when(a.started_at)),
            (Txt("maint.about.uptime"), f"{hours} h {rest // 60} min"),
        )
        return Txt("maint.about.prompt"), (KeyValueBlock(lines),), ()

    def _handover_content(self) -> tuple[Text, tuple[Block, ...], tuple[Action, ...]]:
        blocks: list[Block] = list(self.handover_form.block())
        if self.staff_call is not None:
            c = self.staff_call
            blocks.insert(
                0,
                KeyValueBlock(
                    (
                        (Txt("maint.handover.kiosk"), c.kiosk_id),
                        (Txt("maint.handover.at"), _when(c.called_at)),
                        (
                            Txt("maint.handover.service"),
                            Txt(f"menu.{c.service}") if c.service in SERVICE_KEYS else (c.service or "-"),
                        ),
                        (Txt("maint.handover.step"), c.step or "-"),
                        (Txt("maint.handover.error"), Txt(c.error_key) if c.error_key else Txt("maint.none")),
                        (Txt("maint.handover.person"), c.masked_id or "-"),
                    )
                ),
            )
        elif self.staff_call_missing:
            blocks.insert(0, NoticeBlock(Txt("maint.handover.unknown"), "warning"))
        return (
            Txt("maint.handover.prompt"),
            tuple(blocks),
            (
                Action(
                    "maint.handover.look_up",
                    Txt("maint.handover.look_up"),
                    Role.PRIMARY,
                    enabled=bool(self.handover_form.text("code").strip()),
                ),
            ),
        )

    @staticmethod
    def _checks_blocks(checks: list[SelfTestCheck]) -> tuple[Block, ...]:
        if not checks:
            return ()
        lines = tuple(
            (
                f"{c.label_zh} {c.label_en}",
                Txt.of("maint.check.ok" if c.ok else "maint.check.fail", detail=c.detail or ""),
            )
            for c in checks
        )
        return (KeyValueBlock(lines),)


SERVICE_KEYS = frozenset({"certificates", "reconciliation", "payment", "rental", "queue", "queries"})


def _choice(value: float, choices: tuple[str, ...]) -> str:
    """The option nearest a configured number (a file may hold 70 s: shown as 75, saved only if changed)."""
    return min(choices, key=lambda c: abs(float(c) - value))


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "-"
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_TZ).strftime("%m-%d %H:%M")


def _print_message(outcome: PrintOutcome) -> tuple[Text, str]:
    if outcome.state.counts_as_printed:
        return Txt("maint.printed"), "info"
    return Txt.of("maint.print_failed", reason=Txt(outcome.reason_key or "printer.failed")), "error"
