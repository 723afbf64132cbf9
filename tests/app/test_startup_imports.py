"""What `kiosk run` loads before its attract screen: the libraries the backend needs load later, on
its worker, so the first paint does not wait for them (bench/bench_startup.py measures the time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kiosk_run_loads_no_database_pdf_or_migration_library_before_the_window() -> None:
    """GIVEN `kiosk run` WHEN its command group and command are loaded (everything up to building the
    window) THEN SQLAlchemy, Alembic, ReportLab and pyHanko are not imported yet (SQLAlchemy alone
    cost ~190 ms when the error handler imported it)."""
    probe = ("import sys; from app.main import _group; _group(['run']); "
             "print(','.join(m for m in ('sqlalchemy', 'alembic', 'reportlab', 'pyhanko') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         check=True)
    assert out.stdout.strip() == "", f"imported before the window: {out.stdout.strip()}"
