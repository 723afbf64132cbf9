"""The kiosk's side of the hall: a heartbeat thread that reports this kiosk to the hall console and
brings the console's answers back to the flow.

Threads: the GUI thread only calls :meth:`HallLink.update` (a lock and an event, never I/O) when
the view changes; the drivers' threads call :meth:`HallLink.poke`; the service worker calls
:meth:`HallLink.staff_called` after a staff call is recorded. One worker thread ("hall-heartbeat")
does all the database work: every ``interval`` seconds, or at once after any of those, it writes the
kiosk's row in ``kiosk_state`` (notifying the console on PostgreSQL when something changed) and, in
the same short transaction, collects the console's commands and acknowledgements. It hands them to
the flow as events through ``post`` (the controller's queued signal), so remote out of service and
"staff on the way" reach the screen within one interval (3 s). Every wait has a timeout (the store's
connect / statement / lock timeouts, ``stop``'s join); a database that is away is logged once
"from up to down (reason)" and retried on the next beat, never raised into the kiosk.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from kiosk import __version__
from kiosk.domain.devices import DeviceSnapshot
from kiosk.errors import KioskError
from kiosk.flow.controller import redact
from kiosk.flow.events import Event, RemoteService, StaffOnTheWay
from kiosk.flow.ports import StaffPort
from kiosk.hall.store import Command, DeviceLine, HallStore, KioskInbox, KioskReport
from kiosk.services.audit import AuditLog

log = logging.getLogger("app.hall")

HEARTBEAT_INTERVAL = 3.0
STOP_TIMEOUT = 5.0
RECENT_ERRORS = 10


class RecentErrors(logging.Handler):
    """The last warnings and errors of this process, masked, for the hall's "last errors"."""

    def __init__(self, on_new: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self.lines: deque[str] = deque(maxlen=RECENT_ERRORS)
        self._on_new = on_new

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("app.hall"):
            return  # the link's own trouble would feed itself
        try:
            when = dt.datetime.fromtimestamp(record.created).strftime("%m-%d %H:%M:%S")
            self.lines.append(redact(f"{when} {record.levelname} {record.name}: {record.getMessage()}")[:240])
        except Exception:  # a log handler must never raise into the code that logged
            return
        self._on_new()


def device_lines(snapshots: list[DeviceSnapshot]) -> tuple[list[DeviceLine], str]:
    lines, paper = [], ""
    for s in snapshots:
        detail = dict(s.detail)
        p = detail.get("maint.detail.paper", "")
        if s.device == "printer":
            paper = p
        lines.append(DeviceLine(s.device, s.state, s.problem_key, p))
    return lines, paper


class HallLink:
    def __init__(
        self,
        store: HallStore,
        kiosk_id: str,
        *,
        devices: Callable[[], list[DeviceSnapshot]] | None = None,
        audit: AuditLog | None = None,
        post: Callable[[Event], None] | None = None,
        interval: float = HEARTBEAT_INTERVAL,
        version: str = __version__,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.store = store
        self.kiosk_id = kiosk_id
        self._devices = devices
        self.audit = audit
        self.post: Callable[[Event], None] = post or (lambda _e: None)
        self.interval = interval
        self.version = version
        self._clock = clock
        self.started_at = clock()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._service_state = "in_service"
        self._screen = "attract"
        self._changed = True
        self._waiting: dict[str, dt.datetime] = {}  # hand-over codes called and not yet acknowledged
        self._up = True
        self.beats = 0
        self.errors = RecentErrors(self.poke)
        self._thread: threading.Thread | None = None

    # ---- any thread: never blocks ----------------------------------------------------------------
    def update(self, service_state: str, screen: str) -> None:
        """The GUI thread's report (on every view change): wakes the worker only if it differs."""
        with self._lock:
            if (service_state, screen) == (self._service_state, self._screen):
                return
            if service_state != self._service_state:
                log.info("hall state from %s to %s (flow)", self._service_state, service_state)
            self._service_state, self._screen, self._changed = service_state, screen, True
        self._wake.set()

    def poke(self) -> None:
        with self._lock:
            self._changed = True
        self._wake.set()

    def staff_called(self, code: str) -> None:
        with self._lock:
            self._waiting[code.upper()] = self._clock()
            self._changed = True
        self._wake.set()

    # ---- the worker ---------------------------------------------------------------------------------
    def start(self) -> None:
        logging.getLogger().addHandler(self.errors)
        self._thread = threading.Thread(target=self._run, name="hall-heartbeat", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        logging.getLogger().removeHandler(self.errors)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat_once()
            self._wake.wait(self.interval)
            self._wake.clear()

    def report(self) -> tuple[KioskReport, bool, list[str]]:
        lines: list[DeviceLine] = []
        paper = ""
        if self._devices is not None:
            try:
                lines, paper = device_lines(self._devices())
            except Exception as exc:  # a driver that stopped: report what we know
                log.warning("hall: device snapshot failed (%s)", exc)
        with self._lock:
            changed, self._changed = self._changed, False
            # a call nobody acknowledges in an hour is no longer waited for
            horizon = self._clock() - dt.timedelta(hours=1)
            self._waiting = {c: t for c, t in self._waiting.items() if t > horizon}
            waiting = list(self._waiting)
            state, screen = self._service_state, self._screen
        recent = list(self.errors.lines)
        report = KioskReport(self.kiosk_id, state, screen, lines, paper, self.version,
                             recent[-1] if recent else "", recent)
        return report, changed, waiting

    def beat_once(self) -> KioskInbox | None:
        report, changed, waiting = self.report()
        try:
            inbox = self.store.beat(report, changed=changed, started_at=self.started_at, waiting_codes=waiting)
        except KioskError as exc:
            if self._up:
                log.warning("hall link from up to down (%s)", exc)
            self._up = False
            with self._lock:
                self._changed = True  # write everything again once it is back
            return None
        if not self._up:
            log.info("hall link from down to up (heartbeat written)")
        self._up = True
        self.beats += 1
        self._deliver(inbox)
        return inbox

    def _deliver(self, inbox: KioskInbox) -> None:
        for cmd in inbox.commands:
            out = cmd.command is Command.OUT_OF_SERVICE
            if self.audit is not None:
                try:
                    self.audit.append(cmd.requested_by, f"hall.{cmd.command.value}",
                                      {"kiosk": self.kiosk_id, "command": cmd.id, "reason": redact(cmd.reason)})
                except Exception as exc:  # the command still applies; the hall_commands row keeps who asked
                    log.warning("hall command %d could not be audited (%s)", cmd.id, exc)
            log.info("hall command %d from requested to applied (%s by %s)", cmd.id, cmd.command.value,
                     cmd.requested_by)
            self.post(RemoteService(out, cmd.reason, cmd.requested_by))
        for code, by in inbox.acknowledged:
            with self._lock:
                self._waiting.pop(code, None)
            self.post(StaffOnTheWay(code, by))


class HallStaffCalls:
    """StaffPort: record the call (the maintenance services' staff_calls row), then tell the hall at once."""

    def __init__(self, inner: StaffPort, link: HallLink) -> None:
        self.inner = inner
        self.link = link

    def call_staff(self, handover_code: str, step: str, error_key: str) -> None:
        self.inner.call_staff(handover_code, step, error_key)
        self.link.staff_called(handover_code)


def connect_view(link: HallLink, flow: Any, controller: Any) -> None:
    """Report the flow's service state and screen to the link on every view change (GUI thread)."""
    controller.view_changed.connect(lambda _view: link.update(flow.service_state.value, flow.state_name))
    link.update(flow.service_state.value, flow.state_name)
