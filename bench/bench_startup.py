"""Start-up of the real `kiosk run --simulate` process, as a ratio to a bare PySide6 window process.

Both are fresh processes timed from the parent's clock just before the spawn to the wall-clock time
the child wrote when its first screen was painted (``KIOSK_STARTUP_PROBE``, see ``app/run.py``), so
the interpreter's own start, the imports and Qt's platform set-up are all counted on both sides.
The kiosk paints its attract screen first and brings the database and devices up behind it; the time
until it is ready for a card is reported too. Peak RSS (VmHWM) is read at each stage.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5

_MINIMAL = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([]); w = QLabel("自助办税终端"); w.resize(1080, 1920); w.show(); w.repaint(); app.processEvents()
kb = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
Path(sys.argv[1]).write_text(json.dumps({"painted": {"at": time.time(), "peak_rss_kb": kb}}))
"""


def _spawn(args: list[str], probe: Path, env: dict[str, str]) -> dict[str, dict[str, float]]:
    probe.unlink(missing_ok=True)
    t0 = time.time()
    subprocess.run(args, cwd=ROOT, env=env, capture_output=True, timeout=120, check=True)
    data = json.loads(probe.read_text())
    return {stage: {"s": v["at"] - t0, "mb": v["peak_rss_kb"] / 1024} for stage, v in data.items()}


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.json"
        # the configured kiosk (KIOSK_CONFIG, else the built-in demo configuration and its database)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_STARTUP_PROBE=str(probe))
        kiosk_cmd = [str(Path(sys.executable).with_name("kiosk")), "run", "--simulate", "--windowed"]
        _spawn(kiosk_cmd, probe, env)  # the first start migrates and seeds the demo database: not timed
        kiosk, minimal = [], []
        for _ in range(REPEAT):
            minimal.append(_spawn([sys.executable, "-c", _MINIMAL, str(probe)], probe, env))
            kiosk.append(_spawn(kiosk_cmd, probe, env))
    med = statistics.median
    painted = med(k["painted"]["s"] for k in kiosk) * 1000
    ready = med(k["ready"]["s"] for k in kiosk) * 1000
    bare = med(m["painted"]["s"] for m in minimal) * 1000
    rss_painted = med(k["painted"]["mb"] for k in kiosk)
    rss_ready = med(k["ready"]["mb"] for k in kiosk)
    return [
        Figure("startup: process start to attract screen painted (median of 5)", painted, "ms", bare,
               "bare PySide6 window process", "ratio <= 3", painted <= 3 * bare),
        Figure("startup: process start to ready for a card (db, recovery, devices up)", ready, "ms", bare,
               "bare PySide6 window process", "informational"),
        Figure("startup: peak RSS at the attract screen", rss_painted, "MB",
               med(m["painted"]["mb"] for m in minimal), "bare PySide6 window process", "<= 150 MB",
               rss_painted <= 150),
        Figure("startup: peak RSS when ready (simulators in the same process)", rss_ready, "MB", None, "",
               "informational"),
    ]
