"""The Qt adapter: feeds intents and events to the flow, shows its views, runs its effects off the GUI thread.

Threads: the GUI thread owns the flow. Service calls run one at a time on a private QThreadPool
(the services are not re-entrant), print jobs on another; device listeners call :meth:`post` from
their own threads. Every result comes back through a queued signal, so the flow only ever runs on
the GUI thread and the event loop never waits on a device, the database or the payment host.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot

from kiosk.errors import KioskError
from kiosk.flow import (
    FlowController,
    Intent,
    JobState,
    PrintOutcome,
    PrintResult,
    ServiceResult,
    Tick,
    UserActivity,
)
from kiosk.flow.effects import (
    Effect,
    NotifyStaff,
    PrintDocument,
    PurgeUi,
    RunDevices,
    RunMaintenance,
    RunService,
    SoundReminder,
)
from kiosk.flow.events import Event
from kiosk.flow.ports import DevicesPort, PrinterPort, SoundPort, SpeechPort, StaffPort
from kiosk.flow.speech import VoiceGuide
from kiosk.flow.views import PageView
from kiosk.services.api import KioskServicesPort
from kiosk.services.maintenance_api import MaintenancePort
from ui.tr import tr_in
from ui.window import KioskWindow

log = logging.getLogger("ui.controller")


class KioskController(QObject):
    view_changed = Signal(object)
    _posted = Signal(object)

    def __init__(
        self,
        flow: FlowController,
        services: KioskServicesPort,
        printer: PrinterPort,
        window: KioskWindow,
        *,
        sound: SoundPort | None = None,
        staff: StaffPort | None = None,
        maintenance: MaintenancePort | None = None,
        devices: DevicesPort | None = None,
        speech: SpeechPort | None = None,
        tick_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.flow = flow
        self.services = services
        self.printer = printer
        self.window = window
        self.sound = sound
        self.staff = staff
        self.maintenance = maintenance
        self.devices = devices
        # voice guidance: what the views say, through the engine (never blocks the GUI thread)
        self.voice = VoiceGuide(speech, tr_in) if speech is not None else None
        self.state = flow.state_name
        self.view: PageView = flow.view()
        self._service_pool = QThreadPool(self)
        self._service_pool.setMaxThreadCount(1)
        self._print_pool = QThreadPool(self)
        self._print_pool.setMaxThreadCount(1)
        self._device_pool = QThreadPool(self)  # self-tests and device snapshots may take seconds
        self._device_pool.setMaxThreadCount(1)
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)
        window.intent.connect(self.on_intent)
        window.activity.connect(lambda: self.handle(UserActivity()))
        self._last_tick = time.monotonic()
        self._ticker = QTimer(self)
        self._ticker.setInterval(max(20, int(tick_interval * 1000)))
        self._ticker.timeout.connect(self._tick)
        self.events_handled = 0

    def start(self) -> None:
        t = self.flow.start()
        self.state = t.state
        self._show(t.view, force=True)
        if self.voice is not None:
            self.voice.show(t.view)
        self._last_tick = time.monotonic()
        self._ticker.start()

    def stop(self, timeout_ms: int = 5000) -> None:
        self._ticker.stop()
        self._service_pool.waitForDone(timeout_ms)
        self._print_pool.waitForDone(timeout_ms)
        self._device_pool.waitForDone(timeout_ms)

    # ---- input -------------------------------------------------------------------------------
    def post(self, event: Event) -> None:
        """Thread-safe: hand an event to the flow on the GUI thread (device listeners, workers)."""
        self._posted.emit(event)

    @Slot(object)
    def _on_posted(self, event: Event) -> None:
        self.handle(event)

    @Slot(str, object)
    def on_intent(self, name: str, value: Any) -> None:
        self.handle(Intent(name, value))

    def _tick(self) -> None:
        now = time.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        self.handle(Tick(elapsed))

    def handle(self, event: Event) -> None:
        try:
            t = self.flow.handle(event)
        except Exception:  # a bug must not freeze the kiosk: log it, end the session cleanly
            log.exception("flow failed on %s", type(event).__name__)
            self.flow.end_session("internal error")
            t = self.flow.start()
        self.events_handled += 1
        self.state = t.state
        for effect in t.effects:
            self._run(effect)
        self._show(t.view)
        if self.voice is not None:
            try:
                self.voice.show(self.view, t.effects)
            except Exception:  # speech trouble must never stop the screens
                log.exception("voice guidance failed on %s", self.view.screen)

    def _show(self, view: PageView, force: bool = False) -> None:
        if not force and view == self.view:
            return
        self.view = view
        try:
            self.window.show_view(view)
        except Exception:  # a screen that cannot be drawn must not leave the last one frozen up
            log.exception("cannot show %s", view.screen)
            if view.screen == "attract":
                raise
            self.flow.end_session("screen error")
            self._show(self.flow.view(), force=True)
            return
        self.view_changed.emit(view)

    # ---- effects -----------------------------------------------------------------------------
    def _run(self, effect: Effect) -> None:
        if isinstance(effect, RunService):
            job = self._call_job(effect.request_id, lambda: effect.call(self.services))
            if effect.delay > 0:
                QTimer.singleShot(int(effect.delay * 1000), lambda: self._service_pool.start(job))
            else:
                self._service_pool.start(job)
        elif isinstance(effect, RunMaintenance):
            maintenance = self.maintenance
            if maintenance is None:
                self.post(ServiceResult(effect.request_id, error_key="error.unavailable", error_text="no maintenance"))
            else:  # the same one worker as the services: they share the database and the session
                self._service_pool.start(self._call_job(effect.request_id, lambda: effect.call(maintenance)))
        elif isinstance(effect, RunDevices):
            devices = self.devices
            if devices is None:
                self.post(ServiceResult(effect.request_id, error_key="error.unavailable", error_text="no devices"))
            else:
                self._device_pool.start(self._call_job(effect.request_id, lambda: effect.call(devices)))
        elif isinstance(effect, PrintDocument):
            self._print_pool.start(self._print_job(effect))
        elif isinstance(effect, PurgeUi):
            self.window.purge()
        elif isinstance(effect, SoundReminder):
            log.info("reminder: %s", effect.reason)
            if self.sound is not None:
                self.sound.remind(effect.reason)
        elif isinstance(effect, NotifyStaff):
            log.info("staff called, hand-over code %s at %s", effect.handover_code, effect.context)
            staff = self.staff
            if staff is not None:
                self._service_pool.start(lambda: self._notify_staff(staff, effect))

    @staticmethod
    def _notify_staff(staff: StaffPort, effect: NotifyStaff) -> None:
        try:
            staff.call_staff(effect.handover_code, effect.step, effect.error_key)
        except Exception:  # the person still sees the code; staff can be fetched by hand
            log.exception("staff call %s could not be passed on", effect.handover_code)

    def _call_job(self, request_id: int, run: Callable[[], Any]) -> Callable[[], None]:
        def job() -> None:
            try:
                value = run()
            except KioskError as exc:
                self.post(ServiceResult(request_id, error_key=exc.message_key, error_text=str(exc)))
            except Exception as exc:  # never a traceback on screen: a plain message and the log
                log.exception("call %d failed", request_id)
                self.post(ServiceResult(request_id, error_key="error.unexpected", error_text=repr(exc)))
            else:
                self.post(ServiceResult(request_id, value))

        return job

    def _print_job(self, effect: PrintDocument) -> Callable[[], None]:
        def job() -> None:
            try:
                outcome = self.printer.print_document(effect.document)
            except Exception as exc:
                log.exception("printing %s failed", effect.document.number)
                outcome = PrintOutcome(JobState.FAILED, 0, "printer.failed")
                del exc
            self.post(PrintResult(effect.request_id, outcome))

        return job
