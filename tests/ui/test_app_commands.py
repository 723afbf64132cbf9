"""`kiosk run --simulate` starts and stops cleanly; the simulator control window drives the devices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.automation import UiDriver

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.gui, pytest.mark.pty]


def test_kiosk_run_simulate_starts_and_quits(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_CONFIG=str(cfg))
    exe = Path(sys.executable).with_name("kiosk")
    result = subprocess.run(
        [str(exe), "run", "--simulate", "--windowed", "--landscape", "--quit-after", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "data" / "kiosk.db").exists()


def test_kiosk_run_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.pop("KIOSK_CONFIG", None)
    exe = Path(sys.executable).with_name("kiosk")
    result = subprocess.run([str(exe), "run", "--simulate"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no display found") and "xvfb-run" in lines[0]


# Shown, so that its buttons can be tapped; the offscreen platform cannot apply a layout's size hints.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_simulator_control_places_and_lifts_a_card(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.simcontrol import SimulatorControl
    from devices.escpos.simulator import PrinterSimulator
    from devices.idcard import IdCardSimulator

    reader, printer = IdCardSimulator(), PrinterSimulator()
    reader.start()
    printer.start()
    try:
        control = SimulatorControl(reader, printer)
        qtbot.addWidget(control)
        control.show()
        driver = UiDriver(control)
        place = driver.find(text="resident_zhang_wei)", exact=False)
        assert place is not None and "张*" in place.text() and "张伟" not in place.text()
        driver.tap(text="resident_zhang_wei)", exact=False)
        driver.wait_until("a card on the reader", lambda: reader.card is not None)
        driver.tap(text="Lift card")
        assert reader.card is None
        driver.tap(text="Cover open")
        assert "done: Cover open" in control.status.text()
    finally:
        reader.stop()
        printer.stop()
