"""Wire config -> device transports -> drivers -> services -> flow -> Qt UI (the only place that knows all).

Device listeners run on driver threads; :func:`app.adapters.reader_event` / :func:`~app.adapters.printer_event`
turn their events into flow events and ``KioskController.post`` marshals them onto the GUI thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.adapters import printer_event, printer_reason, reader_event
from devices.escpos import JobState, ReceiptPrinter
from devices.escpos import StatusChanged as PrinterStatusChanged
from devices.escpos.simulator import PrinterSimulator
from devices.idcard import IdCardReader, IdCardSimulator
from devices.idcard import StatusChanged as ReaderStatusChanged
from kiosk.config import SIMULATED, KioskConfig
from kiosk.flow import (
    FlowController,
    FlowTimeouts,
    PrintOutcome,
)
from kiosk.flow.ports import SpeechPort
from kiosk.services.api import KioskServicesPort, PrintableDocument
from kiosk.services.devicelog import DeviceLog
from kiosk.services.maintenance import MaintenanceServices
from receipts.qrmatrix import qr_matrix

if TYPE_CHECKING:
    from app.hall import HallLink
    from app.maintenance import DeviceWatch
    from app.metrics import KioskMetrics
    from kiosk.flow.ports import StaffPort

log = logging.getLogger("app.wiring")


# ---- printing with bookkeeping ---------------------------------------------------------------------
class DevicePrinter:
    """``PrinterPort`` over the ESC/POS driver: print-job row first, then the job, then its outcome."""

    def __init__(
        self, printer: ReceiptPrinter, services: KioskServicesPort, timeout: float,
        device_log: DeviceLog | None = None, maintenance: MaintenanceServices | None = None,
    ) -> None:
        self.printer = printer
        self.services = services
        self.timeout = timeout
        self.device_log = device_log
        self.maintenance = maintenance

    def print_document(self, document: PrintableDocument) -> PrintOutcome:
        status = self.printer.status
        if status.problem:
            return PrintOutcome(JobState.FAILED, 0, printer_reason(status))
        # what maintenance issued (test slip, report, a technician's reprint) needs no taxpayer session
        book: KioskServicesPort | MaintenanceServices = self.services
        if self.maintenance is not None and self.maintenance.owns_print(document.number):
            book = self.maintenance
        job_id = book.begin_print(document.number)
        job = self.printer.submit(list(document.escpos_parts), job_id)
        result = job.wait(self.timeout)
        if result is None:  # the driver never answered: what came out is unknown, so no automatic reprint
            book.finish_print(job_id, JobState.INCOMPLETE, 0, "timeout")
            return PrintOutcome(JobState.INCOMPLETE, 0, "printer.offline", job_id)
        reason = (
            ""
            if result.state.counts_as_printed
            else printer_reason(self.printer.status) or "printer.failed"
        )
        book.finish_print(job_id, result.state, result.parts_done, result.reason)
        if self.device_log is not None and document.escpos_parts:
            share = result.parts_done / len(document.escpos_parts)
            self.device_log.paper_used(round(document.text.count("\n") * share))
        return PrintOutcome(result.state, result.parts_done, reason, job_id)


# ---- services -------------------------------------------------------------------------------------
def build_backend(
    config: KioskConfig, *, seed_demo_data: bool | None = None
) -> tuple[KioskServicesPort, DeviceLog]:
    """The real services on the configured database: migrated, demo data seeded on a demo kiosk,
    and whatever a crash left in the middle settled before the first taxpayer comes."""
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.persistence.db import make_engine, session_factory
    from kiosk.persistence.migrate import upgrade
    from kiosk.security.at_rest import purge_old_pdfs, secure_data_dir
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.archive import PdfArchive
    from kiosk.services.facade import KioskServices
    from kiosk.services.payments import make_provider

    secure_data_dir(config)  # 0700 / 0600: the database and PDFs hold personal data
    purge_old_pdfs(config)
    engine = make_engine(config.database_url, echo=config.database.echo)
    upgrade(engine)
    if seed_demo_data if seed_demo_data is not None else config.kiosk.demo:
        from kiosk.persistence.seed import seed_demo

        seed_demo(engine, taxpayers=40, tax_office=config.kiosk.tax_office)
    factory = session_factory(engine)
    issuer = DocumentIssuer(factory, config, load_or_create_key(config.secrets_dir))
    # A4 PDFs after the commit (kiosk/services/archive.py); its thread first warms the renderers up
    archive = PdfArchive(config, factory, issuer).start(warm_up=True)
    services = KioskServices(config, factory, make_provider(config), issuer, archive=archive)
    report = services.recover_on_startup()
    (log.info if report.clean else log.warning)("%s", report.summary())
    return services, DeviceLog(factory, config.kiosk.id)


def build_maintenance(config: KioskConfig, services: KioskServicesPort) -> MaintenanceServices | None:
    """The maintenance services on the kiosk services' database and session (None over fakes)."""
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.persistence.seed import DEMO_TECHNICIAN_CARD, DEMO_TECHNICIAN_LOGIN
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.facade import KioskServices

    if not isinstance(services, KioskServices):
        return None
    key = load_or_create_key(config.secrets_dir)
    maintenance = MaintenanceServices.over(services, DocumentIssuer(services.session_factory, config, key), key)
    if config.kiosk.demo and maintenance.register_demo_card(DEMO_TECHNICIAN_LOGIN, DEMO_TECHNICIAN_CARD):
        log.info("demo technician %s card from none to registered (demo kiosk)", DEMO_TECHNICIAN_LOGIN)
    return maintenance


def build_services(config: KioskConfig, *, seed_demo_data: bool | None = None) -> KioskServicesPort:
    return build_backend(config, seed_demo_data=seed_demo_data)[0]


def flow_timeouts(config: KioskConfig) -> FlowTimeouts:
    t = config.timeouts
    return FlowTimeouts(
        idle_warning=t.idle_warning,
        idle_countdown=t.idle_countdown,
        result_return=t.result_return,
        payment_poll_interval=t.payment_poll_interval,
    )


# ---- devices ---------------------------------------------------------------------------------------
@dataclass
class Devices:
    reader: IdCardReader
    printer: ReceiptPrinter
    reader_sim: IdCardSimulator | None = None
    printer_sim: PrinterSimulator | None = None
    receipts_dir: Path | None = None
    _tmp: list[str] = field(default_factory=list)

    def stop(self) -> None:
        self.reader.stop()
        self.printer.stop()
        for sim in (self.reader_sim, self.printer_sim):
            if sim is not None:
                sim.stop()
        for d in self._tmp:
            shutil.rmtree(d, ignore_errors=True)


def build_devices(config: KioskConfig, *, simulate: bool, receipts_dir: Path | None = None) -> Devices:
    """Open the drivers; with ``simulate`` (or port = "simulated") start the simulators on ptys first."""
    tmp: list[str] = []
    reader_cfg, printer_cfg = config.devices.idcard, config.devices.printer
    reader_sim = printer_sim = None
    reader_port, printer_port = reader_cfg.port, printer_cfg.port
    if simulate or reader_port == SIMULATED:
        reader_sim = IdCardSimulator()
        reader_port = reader_sim.start()
    if simulate or printer_port == SIMULATED:
        if receipts_dir is None:
            receipts_dir = Path(tempfile.mkdtemp(prefix="kiosk-receipts-"))
            tmp.append(str(receipts_dir))
        printer_sim = PrinterSimulator(width_mm=printer_cfg.paper_width, out_dir=receipts_dir)
        printer_port = printer_sim.start()
    reader = IdCardReader(reader_port, reader_cfg.baud, reader_cfg.timeouts, reader_cfg.poll_interval)
    printer = ReceiptPrinter(
        printer_port,
        printer_cfg.baud,
        printer_cfg.flow_control,
        printer_cfg.write_timeout,
        printer_cfg.status_timeout,
        confirm=printer_cfg.confirm,
        native_qr=printer_cfg.native_qr,
        qr_encoder=qr_matrix,
    )
    return Devices(reader, printer, reader_sim, printer_sim, receipts_dir, tmp)


# ---- the whole kiosk --------------------------------------------------------------------------------
@dataclass
class KioskApp:
    config: KioskConfig
    services: KioskServicesPort
    devices: Devices
    flow: FlowController
    window: Any  # ui.window.KioskWindow
    controller: Any  # ui.controller.KioskController
    device_log: DeviceLog | None = None
    maintenance: MaintenanceServices | None = None
    watch: DeviceWatch | None = None
    speech: SpeechPort | None = None  # what the controller speaks through (app/speech.py, or a recorder)
    metrics: KioskMetrics | None = None
    hall: HallLink | None = None

    def start(self) -> None:
        post = self.controller.post

        dlog = self.device_log
        watch = self.watch
        metrics = self.metrics

        def on_reader(event: Any) -> None:
            if watch is not None:
                watch.on_reader(event)
            if dlog is not None and isinstance(event, ReaderStatusChanged):
                dlog.status("idcard", event.status.device.value, "reader status")
            if metrics is not None and isinstance(event, ReaderStatusChanged):
                metrics.device("idcard", event.status.device.value)
            flow_event = reader_event(event)
            if flow_event is not None:
                post(flow_event)

        def on_printer(event: Any) -> None:
            if watch is not None:
                watch.on_printer(event)
            if dlog is not None and isinstance(event, PrinterStatusChanged):
                problem = event.status.problem_kind
                dlog.status("printer", problem.value if problem else event.status.device.value,
                            event.status.problem or "printer status")
            if metrics is not None and isinstance(event, PrinterStatusChanged):
                kind = event.status.problem_kind
                metrics.device("printer", kind.value if kind else event.status.device.value,
                               kind.value if kind else "")
            flow_event = printer_event(event)
            if flow_event is not None:
                post(flow_event)

        self.devices.reader.add_listener(on_reader)
        self.devices.printer.add_listener(on_printer)
        if self.hall is not None:  # the hall console sees every device change at once
            from app.hall import connect_view

            hall = self.hall
            self.devices.reader.add_listener(lambda _e: hall.poke())
            self.devices.printer.add_listener(lambda _e: hall.poke())
            connect_view(hall, self.flow, self.controller)
            hall.start()
        self.controller.start()
        self.devices.reader.start()
        self.devices.printer.start()

    def stop(self) -> None:
        if self.hall is not None:
            self.hall.stop()
        self.controller.stop()
        self.devices.stop()
        if self.watch is not None:
            self.watch.close()
        if self.device_log is not None:
            self.device_log.close()
        if self.speech is not None:
            self.speech.close()
        if self.metrics is not None:
            self.metrics.close()
        from kiosk.services.facade import KioskServices

        if isinstance(self.services, KioskServices):
            self.services.close()  # the A4 PDFs still being written
        self.window.allow_close()
        self.window.close()
        from ui.touch import release_flick_gesture

        release_flick_gesture()  # before the QApplication's teardown (ui/touch.py says why)


class QtSound:
    """SoundPort: the system beep (the words of a reminder are spoken through the SpeechPort)."""

    def remind(self, reason: str) -> None:
        from PySide6.QtWidgets import QApplication

        log.info("reminder sound (%s)", reason)
        QApplication.beep()


def make_flow(config: KioskConfig, timeouts: FlowTimeouts | None = None) -> FlowController:
    from kiosk.domain import pinyin
    from kiosk.services.maintenance_api import PrinterFaultPolicy

    pinyin.warm_up()  # the pinyin index is read on a worker thread, never on the GUI thread's first key

    return FlowController(
        timeouts=timeouts or flow_timeouts(config),
        default_language=config.kiosk.default_language,
        languages=tuple(config.kiosk.languages),
        printer_fault=PrinterFaultPolicy(config.maintenance.printer_fault),
    )


def build_app(
    config: KioskConfig,
    *,
    simulate: bool = False,
    size: tuple[int, int] | None = None,
    kiosk_mode: bool = True,
    services: KioskServicesPort | None = None,
    timeouts: FlowTimeouts | None = None,
    receipts_dir: Path | None = None,
    tick_interval: float = 1.0,
    device_log: DeviceLog | None = None,
    maintenance: MaintenanceServices | None = None,
    window: Any = None,
    flow: FlowController | None = None,
    speech: SpeechPort | None = None,
) -> KioskApp:
    """Build everything (a QApplication must exist). Call ``start()`` on the result.

    ``window`` and ``flow`` may already exist: `kiosk run` paints the attract screen first and
    builds the backend afterwards (``app/run.py``). ``speech`` defaults to espeak-ng (app/speech.py)."""
    from app.hall import HallLink, HallStaffCalls
    from app.maintenance import DeviceWatch, StaffCalls
    from app.speech import make_speech
    from kiosk.hall.store import HallStore
    from ui.controller import KioskController
    from ui.window import PORTRAIT, KioskWindow

    if services is None:
        services, device_log = build_backend(config)
    if maintenance is None:
        maintenance = build_maintenance(config, services)
    devices = build_devices(config, simulate=simulate, receipts_dir=receipts_dir)
    if flow is None:
        flow = make_flow(config, timeouts)
    if window is None:
        window = KioskWindow(size=size or PORTRAIT, kiosk_mode=kiosk_mode)
    printer = DevicePrinter(devices.printer, services, config.timeouts.device_operation + 10.0, device_log,
                            maintenance)
    if speech is None:
        speech = make_speech()
    watch = DeviceWatch(devices.reader, devices.printer, maintenance) if maintenance is not None else None
    hall: HallLink | None = None
    staff: StaffPort | None = None
    if maintenance is not None and watch is not None:
        hall = HallLink(HallStore.at(config.database_url), config.kiosk.id, devices=watch.snapshot,
                        audit=maintenance.audit)
        staff = HallStaffCalls(StaffCalls(maintenance), hall)
    controller = KioskController(
        flow, services, printer, window, sound=QtSound(), tick_interval=tick_interval, speech=speech,
        staff=staff, maintenance=maintenance, devices=watch,
    )
    if hall is not None:
        hall.post = controller.post
    return KioskApp(config, services, devices, flow, window, controller, device_log, maintenance, watch, speech,
                    hall=hall)
