"""The contract between the maintenance services and the technicians' screens and commands.

Technicians and hall staff sign in with the staff accounts (``kiosk staff add``) and their PINs,
with the same lockout as the staff-assisted start. Every method may block on the database or the
file system: run it off the GUI thread. Every action is audited with the staff code (never a name).
Personal data appears only masked (ID numbers by the configured mask), in views and exports alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.domain.documents import PrintableDocument


class StaffRole(StrEnum):
    STAFF = "staff"  # hall staff: assisted sessions, reprints, hand-over codes
    TECHNICIAN = "technician"  # everything in maintenance mode


class MaintenanceFunction(StrEnum):
    """The screens of maintenance mode; which ones a role may open is :data:`ROLE_FUNCTIONS`."""

    DEVICES = "devices"  # live device status and self-tests
    COUNTERS = "counters"  # counters, consumables, paper roll change
    JOURNAL = "journal"  # transaction journal and kiosk log, export
    REPRINTS = "reprints"  # reprint the last slip, "paid, not printed" items
    SETTINGS = "settings"  # on-site configuration
    ABOUT = "about"  # version, schema revision, configuration path, kiosk id, uptime
    REPORT = "report"  # readiness report (slip and A4 PDF)
    HANDOVER = "handover"  # what a person who called staff was doing


ROLE_FUNCTIONS: dict[StaffRole, tuple[MaintenanceFunction, ...]] = {
    StaffRole.STAFF: (MaintenanceFunction.REPRINTS, MaintenanceFunction.HANDOVER),
    StaffRole.TECHNICIAN: tuple(MaintenanceFunction),
}


@dataclass(frozen=True)
class TechnicianView:
    """Who is signed in: the staff code is what the audit log and the report carry."""

    code: str  # the login, e.g. "T001"
    masked_name: str  # 李*
    role: StaffRole

    @property
    def functions(self) -> tuple[MaintenanceFunction, ...]:
        return ROLE_FUNCTIONS[self.role]


@dataclass(frozen=True)
class TechnicianCardView:
    """A card placed on the reader belongs to a staff account: ask for that account's PIN."""

    code: str
    masked_name: str
    role: StaffRole


# ---- counters and consumables --------------------------------------------------------------------
@dataclass(frozen=True)
class CounterPair:
    since_roll_change: int
    total: int


@dataclass(frozen=True)
class CountersView:
    slips_printed: CounterPair
    pages_printed: CounterPair  # A4 PDF pages issued
    paper_used_mm: CounterPair
    card_reads: CounterPair
    sessions_by_service: dict[str, CounterPair]  # certificates, reconciliation, payment, rental, queue, queries
    payments_by_outcome: dict[str, CounterPair]  # paid, declined, expired, cancelled, unknown
    roll_capacity_mm: int  # 0: unknown
    roll_changed_at: dt.datetime | None  # aware, UTC
    roll_changed_by: str | None  # staff code

    @property
    def paper_left_mm(self) -> int | None:
        if not self.roll_capacity_mm:
            return None
        return max(0, self.roll_capacity_mm - self.paper_used_mm.since_roll_change)


# ---- journal and log -----------------------------------------------------------------------------
@dataclass(frozen=True)
class JournalFilter:
    errors_only: bool = False
    since: dt.datetime | None = None  # aware; None: no lower bound
    until: dt.datetime | None = None
    limit: int = 200


@dataclass(frozen=True)
class JournalEntryView:
    at: dt.datetime  # aware, UTC
    transaction_id: str
    kind: str  # TransactionKind value
    from_state: str | None
    to_state: str
    reason: str  # personal data masked
    is_error: bool  # a failure, an unprinted document, a payment left unknown


@dataclass(frozen=True)
class LogLineView:
    at: dt.datetime
    level: str  # INFO, WARNING, ERROR
    logger: str
    message: str  # personal data masked


@dataclass(frozen=True)
class ExportResult:
    path: str  # the JSON lines file written
    digest_path: str  # its signed digest (HMAC with the kiosk key, hex) next to it
    lines: int
    digest: str


@dataclass(frozen=True)
class OwedReprintView:
    number: str
    kind: str
    issued_at: dt.datetime
    masked_id: str  # whose document (masked)


# ---- settings -------------------------------------------------------------------------------------
class PrinterFaultPolicy(StrEnum):
    OUT_OF_SERVICE = "out_of_service"  # a printer fault takes the kiosk out of service
    DEGRADED = "degraded"  # "printing unavailable, queries still work"


@dataclass(frozen=True)
class SettingsView:
    idle_warning: float  # seconds; within the accessibility limits (kiosk-ux.md: 60-90 s)
    idle_countdown: float  # >= 20 s
    result_return: float
    languages: tuple[str, ...]
    printer_fault: PrinterFaultPolicy
    limits: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (min, max)
    config_path: str = ""  # where changes are saved ("" : built-in defaults, saved to the data dir)


@dataclass(frozen=True)
class SettingsChange:
    """Only the fields given change; each is validated like the configuration file."""

    idle_warning: float | None = None
    idle_countdown: float | None = None
    result_return: float | None = None
    languages: tuple[str, ...] | None = None
    printer_fault: PrinterFaultPolicy | None = None


@dataclass(frozen=True)
class AboutView:
    version: str
    schema_revision: str
    config_path: str
    kiosk_id: str
    tax_office: str
    started_at: dt.datetime  # aware
    uptime_seconds: float


# ---- self-test and the readiness report -----------------------------------------------------------
@dataclass(frozen=True)
class SelfTestCheck:
    name: str  # reader, printer, database, clock
    label_zh: str
    label_en: str
    ok: bool
    detail: str = ""  # plain words: why not, or what was seen


@dataclass(frozen=True)
class DeviceReportLine:
    device: str  # idcard, printer
    state: str
    detail: str  # paper level, last change and its reason
    errors_since_start: int = 0


@dataclass(frozen=True)
class StaffCallView:
    """What a person who tapped "call staff" was doing (no personal data beyond the masked ID)."""

    code: str
    kiosk_id: str
    called_at: dt.datetime
    service: str  # certificates, payment, ... or "" (attract)
    step: str  # the screen id, e.g. "payment.pay"
    error_key: str  # the message key on screen, or ""
    masked_id: str  # "" without a session
    acknowledged_at: dt.datetime | None = None


class MaintenancePort(Protocol):
    """What maintenance mode may ask of the core. Every call may block: run it off the GUI thread."""

    # ---- signing in (PIN lockout as for the staff-assisted start; every attempt audited) ----------
    def staff_by_card(self, id_number: str) -> TechnicianCardView | None: ...
    def sign_in(self, code: str, pin: str) -> TechnicianView: ...
    def sign_out(self, code: str, reason: str) -> None: ...

    # ---- counters ----------------------------------------------------------------------------------
    def counters(self) -> CountersView: ...
    def paper_roll_changed(self, code: str) -> CountersView: ...

    # ---- journal, log, export ----------------------------------------------------------------------
    def journal(self, flt: JournalFilter) -> list[JournalEntryView]: ...
    def log_lines(self, flt: JournalFilter) -> list[LogLineView]: ...
    def export(self, code: str, flt: JournalFilter) -> ExportResult: ...

    # ---- reprints ----------------------------------------------------------------------------------
    def reprint_last(self, code: str) -> PrintableDocument: ...
    def owed_reprints(self) -> list[OwedReprintView]: ...
    def reprint_owed(self, code: str, number: str) -> PrintableDocument: ...

    # ---- settings and facts ------------------------------------------------------------------------
    def settings(self) -> SettingsView: ...
    def update_settings(self, code: str, change: SettingsChange) -> SettingsView: ...
    def about(self) -> AboutView: ...

    # ---- self-test and report ----------------------------------------------------------------------
    def test_slip(self, code: str) -> PrintableDocument: ...
    def database_check(self) -> SelfTestCheck: ...
    def readiness_report(
        self, code: str, checks: list[SelfTestCheck], devices: list[DeviceReportLine]
    ) -> PrintableDocument: ...

    # ---- staff calls -------------------------------------------------------------------------------
    def record_staff_call(self, code: str, step: str, error_key: str) -> None: ...
    def staff_call(self, code: str) -> StaffCallView | None: ...
