"""The running devices as technicians see them, and staff calls: DevicesPort and StaffPort over the
real drivers and the maintenance services.

:class:`DeviceWatch` listens to both drivers (on their threads; it only records, never blocks) and
keeps, per device, the state, the last change with its reason, the changes into a failing state
since start-up and the reconnects. Card reads are counted on the maintenance services' worker (a
single thread, so the reader never waits on the database).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from devices.escpos import ReceiptPrinter
from devices.escpos import StatusChanged as PrinterStatusChanged
from devices.escpos.status import PrinterStatus
from devices.idcard import CardRead as DevCardRead
from devices.idcard import IdCardReader, ReaderStatus
from devices.idcard import StatusChanged as ReaderStatusChanged
from devices.status import DeviceState
from kiosk.domain.devices import DeviceSnapshot
from kiosk.services.maintenance import MaintenanceServices
from kiosk.services.maintenance.selftest import clock_check, printer_check, reader_check
from kiosk.services.maintenance_api import SelfTestCheck

log = logging.getLogger("app.maintenance")

PRINTER_QUERY_TIMEOUT = 3.0
LOST = frozenset({DeviceState.NO_DEVICE.value})


@dataclass
class _Track:
    state: str = "unknown"
    problem_key: str = ""
    since: dt.datetime | None = None
    last_change: str = ""
    errors: int = 0
    reconnects: int = 0


def _reader_state(status: ReaderStatus) -> tuple[str, str, str]:
    problem = status.problem_kind
    return status.device.value, problem.message_key if problem else "", status.problem or "reader status"


def _printer_state(status: PrinterStatus) -> tuple[str, str, str]:
    problem = status.problem_kind
    warning = status.warning
    key = problem.message_key if problem else (warning.message_key if warning else "")
    state = DeviceState.USER_ERROR.value if problem is not None and status.device == DeviceState.ONLINE else status.device.value
    return state, key, status.problem or ("; ".join(status.warnings) or "printer status")


class DeviceWatch:
    """DevicesPort over the running reader and printer."""

    def __init__(
        self,
        reader: IdCardReader,
        printer: ReceiptPrinter,
        maintenance: MaintenanceServices,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.reader = reader
        self.printer = printer
        self.maintenance = maintenance
        self._clock = clock
        self._lock = threading.Lock()
        self._tracks = {"idcard": _Track(), "printer": _Track()}
        self._counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-reads")

    # ---- driver threads --------------------------------------------------------------------------
    def on_reader(self, event: Any) -> None:
        if isinstance(event, ReaderStatusChanged):
            self._record("idcard", *_reader_state(event.status))
        elif isinstance(event, DevCardRead):
            self._counter.submit(self._count_read)

    def on_printer(self, event: Any) -> None:
        if isinstance(event, PrinterStatusChanged):
            self._record("printer", *_printer_state(event.status))

    def _count_read(self) -> None:
        try:
            self.maintenance.count_card_read()
        except Exception:  # a counter must never take the reader down with it
            log.exception("could not count a card read")

    def _record(self, device: str, state: str, problem_key: str, reason: str) -> None:
        with self._lock:
            t = self._tracks[device]
            if state == t.state and problem_key == t.problem_key:
                return
            before = t.state
            t.last_change = f"from {before} to {state} ({reason})"
            t.since = self._clock()
            if state != DeviceState.ONLINE.value or problem_key.endswith(("paper_out", "cover_open")):
                t.errors += 1
            if before in LOST and state == DeviceState.ONLINE.value:
                t.reconnects += 1
            t.state, t.problem_key = state, problem_key
        log.info("%s %s", device, t.last_change)

    def flush(self, timeout: float = 5.0) -> None:
        self._counter.submit(lambda: None).result(timeout=timeout)

    def close(self) -> None:
        self._counter.shutdown(wait=True)

    # ---- DevicesPort (device worker) ----------------------------------------------------------------
    def snapshot(self) -> list[DeviceSnapshot]:
        r, p = self.reader.status, self.printer.status
        self._record("idcard", *_reader_state(r))
        self._record("printer", *_printer_state(p))
        with self._lock:
            tr, tp = self._tracks["idcard"], self._tracks["printer"]
            reader = DeviceSnapshot("idcard", tr.state, tr.problem_key, tr.since, tr.last_change, tr.errors,
                                    tr.reconnects, (("maint.detail.sam", r.sam_id or "-"),
                                                    ("maint.detail.card", r.card.value)))
            printer = DeviceSnapshot("printer", tp.state, tp.problem_key, tp.since, tp.last_change, tp.errors,
                                     tp.reconnects, (("maint.detail.paper", p.paper.value),
                                                     ("maint.detail.cover", "open" if p.cover_open else "closed")))
        return [reader, printer]

    def self_test(self) -> list[SelfTestCheck]:
        r = self.reader.status
        reader_ok = r.device is DeviceState.ONLINE
        checks = [reader_check(reader_ok, f"answers, SAM {r.sam_id}" if reader_ok else (r.problem or "no answer"))]
        try:
            p = self.printer.query_status(PRINTER_QUERY_TIMEOUT)
        except Exception as exc:  # the driver stopped or the port is gone: the check fails, with why
            checks.append(printer_check(False, f"no status: {exc}"))
        else:
            checks.append(printer_check(p.ready, p.summary()))
        checks.append(self.maintenance.database_check())
        checks.append(clock_check(self._clock()))
        return checks


class StaffCalls:
    """StaffPort: the call is recorded (the hall console reads the staff_calls table)."""

    def __init__(self, maintenance: MaintenanceServices) -> None:
        self.maintenance = maintenance

    def call_staff(self, handover_code: str, step: str, error_key: str) -> None:
        self.maintenance.record_staff_call(handover_code, step, error_key)
