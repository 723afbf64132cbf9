"""Issue 14, defect 5: personal data at rest is the kiosk user's alone, and PDFs do not pile up."""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from pathlib import Path

from kiosk.config import parse_config
from kiosk.persistence.db import make_engine
from kiosk.persistence.migrate import upgrade
from kiosk.security.at_rest import purge_old_pdfs, secure_data_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_private(tmp_path: Path) -> None:
    """GIVEN no data directory WHEN the kiosk starts and migrates THEN data dir 0700, database 0600."""
    cfg = parse_config({"kiosk": {"data_dir": str(tmp_path / "data")}})
    secure_data_dir(cfg)
    engine = make_engine(cfg.database_url)
    upgrade(engine)
    engine.dispose()
    assert _mode(cfg.data_dir) == 0o700
    for name in ("kiosk.db", "kiosk.db-wal", "kiosk.db-shm"):
        if (cfg.data_dir / name).exists():
            assert _mode(cfg.data_dir / name) == 0o600, name


def test_an_old_open_install_is_closed_at_start(tmp_path: Path) -> None:
    """GIVEN a 0755 data dir with a 0644 database and 0644 PDFs WHEN the kiosk starts THEN all are private."""
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    os.chmod(data, 0o755)
    db = data / "kiosk.db"
    db.write_bytes(b"")
    os.chmod(db, 0o644)
    pdf = data / "documents" / "K-20260101-000001.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    os.chmod(pdf, 0o644)
    cfg = parse_config({"kiosk": {"data_dir": str(data)}})
    secure_data_dir(cfg)
    assert _mode(data) == 0o700 and _mode(db) == 0o600
    assert _mode(data / "documents") == 0o700 and _mode(pdf) == 0o600


def test_pdfs_older_than_the_retention_are_deleted(tmp_path: Path) -> None:
    """GIVEN PDFs of 40 and 5 days ago and a 30-day retention WHEN the cleanup runs THEN only the old one goes."""
    cfg = parse_config({"kiosk": {"data_dir": str(tmp_path / "data")}})
    assert cfg.printing.pdf_retention_days == 30
    docs = cfg.data_dir / "documents"
    docs.mkdir(parents=True)
    now = time.time()
    old, new = docs / "old.pdf", docs / "new.pdf"
    for path, age in ((old, 40), (new, 5)):
        path.write_bytes(b"%PDF-1.4\n")
        os.utime(path, (now - age * 86400, now - age * 86400))
    assert purge_old_pdfs(cfg, dt.datetime.fromtimestamp(now, dt.UTC)) == 1
    assert not old.exists() and new.exists()
