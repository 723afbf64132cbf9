"""`kiosk run`: the kiosk full screen (or windowed), on real or simulated devices."""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Any, cast

import click

from kiosk.cli.groups import pass_config
from kiosk.config import KioskConfig
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.services.api import KioskServicesPort
    from kiosk.services.devicelog import DeviceLog

log = logging.getLogger("app.run")


def _write_startup_probe(path: str, window: Any, stage: str) -> None:
    """Wall-clock time and peak RSS at a start-up stage, added to a JSON file (bench/bench_startup.py)."""
    import json
    import time
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    window.repaint()
    QCoreApplication.processEvents()
    peak_kb = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak_kb = int(line.split()[1])
    out = Path(path)
    data = json.loads(out.read_text()) if out.exists() and out.stat().st_size else {}
    data[stage] = {"at": time.time(), "peak_rss_kb": peak_kb}
    out.write_text(json.dumps(data))


def _start_metrics(config: KioskConfig, services: KioskServicesPort) -> Any:
    """The Prometheus exporter on ``metrics.listen`` (None when off or when the port is taken)."""
    from app.metrics import KioskMetrics, process_uptime
    from kiosk.services.facade import KioskServices

    metrics = KioskMetrics(config, services.session_factory if isinstance(services, KioskServices) else None)
    try:
        if metrics.serve() is None:
            return None
    except OSError as exc:  # a kiosk without metrics still serves people
        log.error("metrics not served on %s: %s", config.metrics.listen, exc.strerror or exc)
        return None
    metrics.started(process_uptime())
    return metrics


@click.command("run")
@click.option(
    "--simulate", is_flag=True, help="Simulated ID card reader and printer on ptys, plus a control window."
)
@click.option(
    "--portrait/--landscape", "portrait", default=True, show_default=True, help="Panel orientation."
)
@click.option(
    "--windowed", is_flag=True, help="A normal window instead of locked-down full screen (development)."
)
@click.option(
    "--quit-after", type=float, default=0.0, hidden=True, help="Quit after N seconds (smoke tests)."
)
@pass_config
def run_command(
    config: KioskConfig, simulate: bool, portrait: bool, windowed: bool, quit_after: float
) -> None:
    """Start the kiosk touch interface."""
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        # Qt would abort with a wall of text; say it in one line and how to go on.
        raise KioskError(
            "no display found: run it on the kiosk's screen, under a virtual one "
            "(xvfb-run -a kiosk run --simulate), or try `kiosk tour --out DIR` for headless screenshots"
        )
    import threading

    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from app.watchdog import EventLoopWatchdog, SystemdNotifier
    from kiosk.flow import FlowController, FlowTimeouts
    from kiosk.logs import setup_logging
    from kiosk.services.maintenance_api import PrinterFaultPolicy
    from ui.window import LANDSCAPE, PORTRAIT, KioskWindow

    log_dir = setup_logging(config, console=True)
    log.info("kiosk %s starting (config: %s, logs: %s)", config.kiosk.id, config.source, log_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # The attract screen first: it needs only the flow and the window. The database (migrations,
    # demo data, crash recovery) and the devices are brought up on a worker thread behind it; until
    # they are, the screen shows the attract page and nothing can start (no card is read yet).
    t = config.timeouts
    flow = FlowController(
        timeouts=FlowTimeouts(idle_warning=t.idle_warning, idle_countdown=t.idle_countdown,
                              result_return=t.result_return, payment_poll_interval=t.payment_poll_interval),
        default_language=config.kiosk.default_language,
        languages=tuple(config.kiosk.languages),
        printer_fault=PrinterFaultPolicy(config.maintenance.printer_fault),
    )
    window = KioskWindow(size=PORTRAIT if portrait else LANDSCAPE, kiosk_mode=not windowed)
    window.show_view(flow.view())
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    probe = os.environ.get("KIOSK_STARTUP_PROBE")
    if probe:  # `make bench`: the time the attract screen was painted and the peak memory then
        _write_startup_probe(probe, window, "painted")

    class _Backend(QObject):
        ready = Signal(object)  # (services, device_log) or the exception that stopped the build

    backend = _Backend()
    failure: list[BaseException] = []
    running: dict[str, Any] = {}

    def build() -> None:
        from app.wiring import build_backend

        try:
            result: object = build_backend(config)  # its PDF archive warms the renderers up
        except Exception as exc:  # handed to the GUI thread, which quits and reports it in one line
            result = exc
        backend.ready.emit(result)

    def attach(result: object) -> None:
        if isinstance(result, BaseException):
            failure.append(result)
            app.exit(1)
            return
        from app.wiring import build_app

        services, device_log = cast("tuple[KioskServicesPort, DeviceLog]", result)
        kiosk = build_app(config, simulate=simulate, services=services, device_log=device_log,
                          window=window, flow=flow)
        kiosk.metrics = _start_metrics(config, services)  # before start: it hears the first device states
        kiosk.start()
        running["kiosk"] = kiosk
        log.info("kiosk ready: from starting to in service (backend and devices up)")
        notifier.ready()
        if simulate or config.simulated_devices:
            from app.simcontrol import SimulatorControl

            control = SimulatorControl(kiosk.devices.reader_sim, kiosk.devices.printer_sim)
            control.show()
            running["control"] = control
        if probe:
            _write_startup_probe(probe, window, "ready")
            app.quit()

    def tick() -> None:  # on the GUI thread, with every watchdog ping: a flag read, no I/O
        kiosk = running.get("kiosk")
        if kiosk is not None and kiosk.metrics is not None:
            kiosk.metrics.set_idle(flow.state_name == "attract" and not kiosk.services.has_session)

    notifier = SystemdNotifier()
    watchdog = EventLoopWatchdog(notifier, tick)
    watchdog.start()
    backend.ready.connect(attach)
    threading.Thread(target=build, name="backend-start", daemon=True).start()
    # Ctrl+C in the terminal (for developers) quits; the public has no keyboard and no way out.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    keepalive = QTimer()
    keepalive.start(200)  # lets Python see the signal while Qt's loop runs
    keepalive.timeout.connect(lambda: None)
    if quit_after > 0:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    try:
        app.exec()
    finally:
        watchdog.stop()  # STOPPING=1: systemd knows the exit is meant
        if "kiosk" in running:
            running["kiosk"].stop()
        else:
            window.allow_close()
            window.close()
        if "control" in running:
            running["control"].close()
    if failure:
        exc = failure[0]
        if isinstance(exc, KioskError):
            raise exc
        raise KioskError(f"the kiosk could not start: {exc}") from exc
