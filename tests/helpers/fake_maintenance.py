"""In-memory MaintenancePort and DevicesPort for flow and UI tests (the real ones are tested on their own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.domain.devices import DeviceSnapshot
from kiosk.domain.documents import PrintableDocument
from kiosk.errors import UserInputError
from kiosk.services.maintenance_api import (
    AboutView,
    CounterPair,
    CountersView,
    DeviceReportLine,
    ExportResult,
    JournalEntryView,
    JournalFilter,
    LogLineView,
    OwedReprintView,
    PrinterFaultPolicy,
    SelfTestCheck,
    SettingsChange,
    SettingsView,
    StaffCallView,
    StaffRole,
    TechnicianCardView,
    TechnicianView,
)
from kiosk.services.staff import StaffLocked

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
TECH_CARD_ID = "110101198001010038"  # the demo technician's card in these tests


@dataclass
class FakeMaintenance:
    pins: dict[str, tuple[str, StaffRole]] = field(
        default_factory=lambda: {"T001": ("135790", StaffRole.TECHNICIAN), "S001": ("246810", StaffRole.STAFF)}
    )
    card_of: dict[str, str] = field(default_factory=lambda: {TECH_CARD_ID: "T001"})
    locked: bool = False
    calls: list[str] = field(default_factory=list)
    roll_used: int = 1234
    settings_now: SettingsView = field(
        default_factory=lambda: SettingsView(75.0, 30.0, 30.0, ("zh_CN", "en"), PrinterFaultPolicy.DEGRADED)
    )
    staff_calls: dict[str, StaffCallView] = field(default_factory=dict)
    printed_reports: list[tuple[str, list[SelfTestCheck], list[DeviceReportLine]]] = field(default_factory=list)
    _seq: int = 0

    def _doc(self, kind: str, text: str) -> PrintableDocument:
        self._seq += 1
        number = f"M{self._seq:05d}"
        return PrintableDocument(number, kind, (text.encode(), b"\x1dV\x00"), text, None, kind == "reprint")

    def staff_by_card(self, id_number: str) -> TechnicianCardView | None:
        self.calls.append("staff_by_card")
        code = self.card_of.get(id_number)
        if code is None:
            return None
        return TechnicianCardView(code, "李*", self.pins[code][1])

    def sign_in(self, code: str, pin: str) -> TechnicianView:
        self.calls.append("sign_in")
        if self.locked:
            raise StaffLocked("locked")
        entry = self.pins.get(code.upper())
        if entry is None or entry[0] != pin:
            raise UserInputError("the staff code or PIN is not right", message_key="error.staff_code")
        return TechnicianView(code.upper(), "李*", entry[1])

    def sign_out(self, code: str, reason: str) -> None:
        self.calls.append(f"sign_out {code} {reason}")

    def counters(self) -> CountersView:
        self.calls.append("counters")
        return CountersView(
            CounterPair(12, 340), CounterPair(3, 51), CounterPair(self.roll_used, 50_000), CounterPair(9, 400),
            {"certificates": CounterPair(4, 120), "payment": CounterPair(2, 80)},
            {"paid": CounterPair(2, 70), "declined": CounterPair(0, 3)},
            60_000, NOW - dt.timedelta(days=3), "T001",
        )

    def paper_roll_changed(self, code: str) -> CountersView:
        self.calls.append(f"paper_roll_changed {code}")
        self.roll_used = 0
        return self.counters()

    def journal(self, flt: JournalFilter) -> list[JournalEntryView]:
        self.calls.append(f"journal errors={flt.errors_only}")
        out = [
            JournalEntryView(NOW - dt.timedelta(minutes=i), f"tx{i:06d}-aaaa", "payment", "confirmed",
                             "payment_requested" if i % 3 else "unprinted", f"step {i}", is_error=i % 3 == 0)
            for i in range(20)
        ]
        return [e for e in out if e.is_error] if flt.errors_only else out

    def log_lines(self, flt: JournalFilter) -> list[LogLineView]:
        self.calls.append("log_lines")
        return [LogLineView(NOW, "WARNING", "kiosk.flow", "service call failed: error.database (110105********002X)")]

    def export(self, code: str, flt: JournalFilter) -> ExportResult:
        self.calls.append(f"export {code}")
        return ExportResult("/media/usb/kiosk-export.jsonl", "/media/usb/kiosk-export.jsonl.sig", 20, "ab" * 32)

    def reprint_last(self, code: str) -> PrintableDocument:
        self.calls.append(f"reprint_last {code}")
        return self._doc("reprint", "补打 REPRINT")

    def owed_reprints(self) -> list[OwedReprintView]:
        self.calls.append("owed_reprints")
        return [OwedReprintView("K-20261126-000007", "payment_voucher", NOW, "110105********002X")]

    def reprint_owed(self, code: str, number: str) -> PrintableDocument:
        self.calls.append(f"reprint_owed {code} {number}")
        return self._doc("reprint", f"补打 {number}")

    def settings(self) -> SettingsView:
        self.calls.append("settings")
        return self.settings_now

    def update_settings(self, code: str, change: SettingsChange) -> SettingsView:
        self.calls.append(f"update_settings {code}")
        s = self.settings_now
        self.settings_now = SettingsView(
            change.idle_warning or s.idle_warning, change.idle_countdown or s.idle_countdown,
            change.result_return or s.result_return, change.languages or s.languages,
            change.printer_fault or s.printer_fault,
        )
        return self.settings_now

    def about(self) -> AboutView:
        self.calls.append("about")
        return AboutView("0.2.0", "0002", "/etc/kiosk.toml", "KIOSK-0101", "示范区税务局", NOW, 7300.0)

    def test_slip(self, code: str) -> PrintableDocument:
        self.calls.append(f"test_slip {code}")
        return self._doc("test_slip", "TEST")

    def database_check(self) -> SelfTestCheck:
        return SelfTestCheck("database", "数据库", "Database", True, "reachable")

    def readiness_report(
        self, code: str, checks: list[SelfTestCheck], devices: list[DeviceReportLine]
    ) -> PrintableDocument:
        self.printed_reports.append((code, list(checks), list(devices)))
        return self._doc("readiness_report", "READY" if all(c.ok for c in checks) else "NOT READY")

    def record_staff_call(self, code: str, step: str, error_key: str) -> None:
        self.staff_calls[code] = StaffCallView(code, "KIOSK-0101", NOW, step.split(".")[0], step, error_key, "")

    def staff_call(self, code: str) -> StaffCallView | None:
        self.calls.append(f"staff_call {code}")
        return self.staff_calls.get(code.upper())


@dataclass
class FakeDevices:
    printer_ok: bool = True
    reader_ok: bool = True

    def snapshot(self) -> list[DeviceSnapshot]:
        return [
            DeviceSnapshot("idcard", "online" if self.reader_ok else "offline", "" if self.reader_ok else "device.unplugged",
                           NOW, "from offline to online (SAM answered)", 0, 0, (("maint.detail.sam", "05.01-20101015"),)),
            DeviceSnapshot("printer", "online", "" if self.printer_ok else "printer.paper_out", NOW,
                           "from offline to online (status answered)", 0 if self.printer_ok else 1, 0,
                           (("maint.detail.paper", "ok" if self.printer_ok else "out"),)),
        ]

    def self_test(self) -> list[SelfTestCheck]:
        return [
            SelfTestCheck("reader", "读卡器", "Card reader", self.reader_ok, "answers" if self.reader_ok else "no answer"),
            SelfTestCheck("printer", "打印机", "Printer", self.printer_ok, "online, paper ok" if self.printer_ok else "paper out"),
            SelfTestCheck("database", "数据库", "Database", True, "reachable"),
            SelfTestCheck("clock", "时钟", "Clock", True, "2026-11-26 10:00"),
        ]
