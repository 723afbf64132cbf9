"""Personal data at rest: the data directory, the database and the archived PDFs are the kiosk user's alone.

The database holds full ID numbers, names and addresses; the archived A4 PDFs show them too. At start
(:func:`secure_data_dir`) the data directory and the PDF directory are made 0700 and the database
file (with its WAL and shared-memory files) and every PDF 0600; a path owned by another user is
refused, as the secrets are. Tightening, not refusing, is right here: an older kiosk created these
with the umask's 0755 / 0644 and must close them on its next start. A new database file is created
0600 before SQLite opens it, and SQLite gives its -wal and -shm files the main file's permissions.

PDFs are kept only as long as a reprint at the counter may need them (``printing.pdf_retention_days``,
default 30): :func:`purge_old_pdfs` deletes older ones, at start and at most once a day while the
kiosk issues documents. A later reprint is rebuilt from the canonical content in the database, so
nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import threading
import time
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.errors import KioskError

log = logging.getLogger("kiosk.security")

DIR_MODE = 0o700
FILE_MODE = 0o600
_DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


class DataAtRestError(KioskError):
    """The data directory cannot be made private (another user's, or not a directory)."""

    message_key = "error.data_dir"


def _tighten(path: Path, mode: int, what: str) -> None:
    st = path.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise DataAtRestError(f"the {what} {path} belongs to another user; it must belong to the kiosk's user")
    current = stat.S_IMODE(st.st_mode)
    if current & ~mode:
        os.chmod(path, current & mode)
        log.info("%s %s from mode %04o to %04o (personal data at rest)", what, path, current, current & mode)


def pdf_directory(config: KioskConfig) -> Path:
    a4 = config.printing.a4_output_dir
    return Path(a4).expanduser() if a4 else config.data_dir / "documents"


def sqlite_file(config: KioskConfig) -> Path | None:
    url = config.database_url
    if not url.startswith("sqlite:///"):
        return None
    name = url.removeprefix("sqlite:///")
    return None if name in ("", ":memory:") else Path(name)


def secure_data_dir(config: KioskConfig) -> None:
    """Create or close the data directory (0700), the database files and PDFs (0600). Start-up calls it."""
    data = config.data_dir
    try:
        if not data.exists():
            data.mkdir(mode=DIR_MODE, parents=True)
            os.chmod(data, DIR_MODE)
            log.info("data directory from absent to created at %s (0700)", data)
        if not data.is_dir():
            raise DataAtRestError(f"the data directory {data} is not a directory")
        _tighten(data, DIR_MODE, "data directory")
        db = sqlite_file(config)
        if db is not None:
            if not db.exists() and db.parent.is_dir():
                os.close(os.open(db, os.O_WRONLY | os.O_CREAT, FILE_MODE))
            for suffix in _DB_SUFFIXES:
                part = db.with_name(db.name + suffix)
                if part.exists():
                    _tighten(part, FILE_MODE, "database file")
        docs = pdf_directory(config)
        if docs.is_dir():
            _tighten(docs, DIR_MODE, "documents directory")
            for pdf in docs.glob("*.pdf"):
                _tighten(pdf, FILE_MODE, "document")
    except OSError as exc:
        raise DataAtRestError(f"the data directory {data} cannot be made private: {exc.strerror or exc}") from None


_last_purge: dict[Path, float] = {}
_purge_lock = threading.Lock()


def purge_old_pdfs(config: KioskConfig, now: dt.datetime | None = None) -> int:
    """Delete archived PDFs older than ``printing.pdf_retention_days``; returns how many went."""
    docs = pdf_directory(config)
    cutoff = (now or dt.datetime.now(dt.UTC)).timestamp() - config.printing.pdf_retention_days * 86400
    removed = 0
    if not docs.is_dir():
        return 0
    for pdf in docs.glob("*.pdf"):
        try:
            if pdf.stat().st_mtime < cutoff:
                pdf.unlink()
                removed += 1
        except OSError as exc:  # one unreadable file must not stop the cleanup
            log.warning("archived PDF %s not deleted: %s", pdf.name, exc.strerror or exc)
    if removed:
        log.info("archived PDFs from kept to deleted: %d older than %d days", removed,
                 config.printing.pdf_retention_days)
    with _purge_lock:
        _last_purge[docs] = time.monotonic()
    return removed


def purge_daily(config: KioskConfig) -> None:
    """Run :func:`purge_old_pdfs` when it has not run for a day in this process (called as PDFs are written)."""
    docs = pdf_directory(config)
    with _purge_lock:
        last = _last_purge.get(docs)
    if last is None or time.monotonic() - last >= 86400:
        purge_old_pdfs(config)
