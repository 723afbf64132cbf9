"""`kiosk run --simulate` starts and stops cleanly; the simulator control window drives the devices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.ui_driver import wait_for

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


def test_simulator_control_places_and_lifts_a_card(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from app.simcontrol import SimulatorControl
    from devices.escpos.simulator import PrinterSimulator
    from devices.idcard import IdCardSimulator

    reader, printer = IdCardSimulator(), PrinterSimulator()
    reader.start()
    printer.start()
    try:
        control = SimulatorControl(reader, printer)
        qtbot.addWidget(control)
        buttons = {b.text(): b for b in control.findChildren(QPushButton)}
        place = next(b for t, b in buttons.items() if "resident_zhang_wei" in t)
        assert "张*" in place.text() and "张伟" not in place.text()
        qtbot.mouseClick(place, Qt.MouseButton.LeftButton)
        wait_for("a card on the reader", lambda: reader.card is not None)
        qtbot.mouseClick(buttons["Lift card"], Qt.MouseButton.LeftButton)
        assert reader.card is None
        qtbot.mouseClick(buttons["Cover open"], Qt.MouseButton.LeftButton)
        assert "done: Cover open" in control.status.text()
    finally:
        reader.stop()
        printer.stop()
