"""deploy/: the systemd units pass ``systemd-analyze verify`` as install.sh installs them, the
example configuration is valid, and ``kiosk idle`` (the daily restart's condition) asks the
running kiosk's metrics."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.metrics import KioskMetrics
from kiosk.cli.main import cli
from kiosk.config import KioskConfig, MetricsConfig, load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ["kiosk.service", "kiosk-hall.service", "kiosk-idle-restart.service", "kiosk-idle-restart.timer",
         "kiosk-journal-check.service", "kiosk-journal-check.timer"]
ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"


def _unit(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


@pytest.mark.skipif(not Path(ANALYZE).exists(), reason="systemd-analyze is not installed")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """GIVEN the units installed as deploy/install.sh does (/opt/kiosk replaced by the prefix, here
    this checkout with its .venv) WHEN systemd-analyze verify reads them THEN it finds nothing."""
    if not Path("/usr/bin/cage").exists():
        pytest.skip("cage is not installed (make installs it)")
    for name in UNITS:
        (tmp_path / name).write_text((DEPLOY / name).read_text().replace("/opt/kiosk", str(ROOT)))
    result = subprocess.run([ANALYZE, "verify", *[str(tmp_path / n) for n in UNITS]],
                            capture_output=True, text=True, timeout=120,
                            env={"SYSTEMD_LOG_LEVEL": "notice", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    ours = [line for line in (result.stdout + result.stderr).splitlines()
            if any(n in line for n in UNITS) or str(tmp_path) in line]
    assert result.returncode == 0 and ours == [], result.stdout + result.stderr


def test_a_unit_with_a_mistake_fails_the_check(tmp_path: Path) -> None:
    """The check can fail: a wrong value is reported (as a line naming the file, which the test
    above does not allow; systemd-analyze itself may still exit 0 for it)."""
    if not Path(ANALYZE).exists():
        pytest.skip("systemd-analyze is not installed")
    bad = tmp_path / "bad.service"
    bad.write_text("[Service]\nExecStart=/bin/true\nRestart=sometimes\n")
    result = subprocess.run([ANALYZE, "verify", str(bad)], capture_output=True, text=True, timeout=60)
    assert f"{bad}:3: Failed to parse service restart specifier" in result.stdout + result.stderr


def test_kiosk_unit_is_a_watched_kiosk_under_cage_as_its_own_user() -> None:
    u = _unit("kiosk.service")
    assert u["Type"] == ["notify"] and u["NotifyAccess"] == ["all"]
    assert u["Restart"] == ["on-failure"] and int(u["WatchdogSec"][0]) > 0
    assert u["User"] == ["kiosk"] and u["NoNewPrivileges"] == ["yes"]
    exec_start = u["ExecStart"][0]
    assert exec_start.startswith("/usr/bin/cage ") and " run" in exec_start
    assert not re.search(r"\s-\w*s", exec_start.split("--")[0]), "cage -s would allow switching VTs away"
    assert _unit("kiosk-hall.service")["User"] == ["kiosk-hall"]
    assert "hall serve --listen 127.0.0.1:8080" in _unit("kiosk-hall.service")["ExecStart"][0]
    assert " idle " in _unit("kiosk-idle-restart.service")["ExecCondition"][0]
    journal = (DEPLOY / "journald-kiosk.conf").read_text()
    assert "Storage=persistent" in journal and "MaxRetentionSec=13month" in journal


def test_example_configuration_is_valid() -> None:
    cfg = load_config(DEPLOY / "kiosk.toml")
    assert cfg.metrics.address == ("127.0.0.1", 9108) and cfg.kiosk.hall == "HALL-01"


def _idle(config_file: Path, *args: str) -> int:
    return CliRunner().invoke(cli, ["--config", str(config_file), "idle", *args]).exit_code


def test_kiosk_idle_asks_the_running_kiosks_metrics(kiosk_config: KioskConfig, tmp_path: Path) -> None:
    """GIVEN a kiosk serving metrics WHEN it is idle THEN `kiosk idle` exits 0; WHEN a person is
    using it THEN 1 after the wait; WHEN nothing answers THEN 2."""
    metrics = KioskMetrics(dataclasses.replace(kiosk_config, metrics=MetricsConfig(listen="127.0.0.1:0")))
    address = metrics.serve()
    assert address is not None
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n[metrics]\nlisten = "127.0.0.1:{address[1]}"\n')
    try:
        metrics.set_idle(True)
        assert _idle(cfg, "--quiet-for", "0") == 0
        metrics.set_idle(False)
        assert _idle(cfg, "--wait", "0.3", "--quiet-for", "0", "--interval", "0.1") == 1
    finally:
        metrics.close()
    assert _idle(cfg, "--wait", "0.2", "--quiet-for", "0", "--interval", "0.1") == 2
