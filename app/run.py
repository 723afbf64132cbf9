"""`kiosk run`: the kiosk full screen (or windowed), on real or simulated devices."""

from __future__ import annotations

import logging
import os
import signal
import sys

import click

from kiosk.cli.groups import pass_config
from kiosk.config import KioskConfig
from kiosk.errors import KioskError

log = logging.getLogger("app.run")


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
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.wiring import build_app
    from kiosk.logs import setup_logging
    from ui.window import LANDSCAPE, PORTRAIT

    log_dir = setup_logging(config, console=True)
    log.info("kiosk %s starting (config: %s, logs: %s)", config.kiosk.id, config.source, log_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    kiosk = build_app(
        config, simulate=simulate, size=PORTRAIT if portrait else LANDSCAPE, kiosk_mode=not windowed
    )
    kiosk.start()
    if windowed:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    control = None
    if simulate or config.simulated_devices:
        from app.simcontrol import SimulatorControl

        control = SimulatorControl(kiosk.devices.reader_sim, kiosk.devices.printer_sim)
        control.show()
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
        kiosk.stop()
        if control is not None:
            control.close()
