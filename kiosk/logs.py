"""Logging set-up: rotating files in the data directory, one named logger per subsystem.

- ``<data_dir>/logs/kiosk.log``: everything at the configured level (kiosk.*, devices.*, ui.*).
- ``<data_dir>/logs/devices-traffic.log``: the hex traffic of the devices (``devices.*.traffic``),
  kept apart so a technician can read it without the noise, and so it never reaches kiosk.log.
Files are rotated by size and never silently overwritten: the backup count is configurable
(kiosk-ux.md asks for 12 months of logs; size the count for the site).
Personal data never reaches a log in full: the code masks it before logging (kiosk.privacy).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.config import KioskConfig

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_installed: list[logging.Handler] = []


class _NotTraffic(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.endswith(".traffic")


def setup_logging(config: KioskConfig, *, console: bool = False) -> Path:
    """Install the rotating handlers (idempotent); returns the log directory."""
    log_dir = config.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for h in _installed:
        root.removeHandler(h)
        h.close()
    _installed.clear()
    fmt = logging.Formatter(FORMAT)
    main = logging.handlers.RotatingFileHandler(
        log_dir / "kiosk.log", maxBytes=config.logging.max_bytes, backupCount=config.logging.backups,
        encoding="utf-8",
    )
    main.setFormatter(fmt)
    main.addFilter(_NotTraffic())
    traffic = logging.handlers.RotatingFileHandler(
        log_dir / "devices-traffic.log", maxBytes=config.logging.max_bytes,
        backupCount=config.logging.backups, encoding="utf-8",
    )
    traffic.setFormatter(fmt)
    traffic.addFilter(lambda r: r.name.endswith(".traffic"))
    handlers: list[logging.Handler] = [main, traffic]
    if console:
        con = logging.StreamHandler()
        con.setFormatter(fmt)
        con.addFilter(_NotTraffic())
        handlers.append(con)
    for h in handlers:
        root.addHandler(h)
        _installed.append(h)
    root.setLevel(config.logging.level)
    # Traffic is DEBUG-level chatter: keep it in its own file whatever the main level is.
    logging.getLogger("devices").setLevel(logging.DEBUG if config.logging.level == "DEBUG" else logging.INFO)
    return log_dir
