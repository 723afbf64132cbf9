"""The kiosk log for technicians: the rotated ``kiosk.log`` files read back, newest line first.

Lines are in :data:`kiosk.logs.FORMAT` (``2026-11-26 10:00:00,123 INFO    kiosk.flow: message``), in
the machine's local time; a line that does not start that way continues the one before it (a
traceback) and is folded into it. Messages are masked again on the way out, in case anything ever
logged an ID number in full.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kiosk.services.maintenance.texts import mask_text
from kiosk.services.maintenance_api import JournalFilter, LogLineView

_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) (\w+)\s+([\w.\-]+): (.*)$")
ERROR_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})
MAX_FILES = 50


def _files(log_dir: Path) -> list[Path]:
    """kiosk.log, kiosk.log.1, ... newest first (RotatingFileHandler's numbering)."""
    out = [log_dir / "kiosk.log"]
    out += [log_dir / f"kiosk.log.{i}" for i in range(1, MAX_FILES)]
    return [p for p in out if p.is_file()]


def _parse(path: Path) -> list[LogLineView]:
    lines: list[LogLineView] = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return lines
    for raw in text.splitlines():
        m = _LINE.match(raw)
        if m is None:
            if lines and raw.strip():
                last = lines[-1]
                lines[-1] = LogLineView(last.at, last.level, last.logger, f"{last.message} | {raw.strip()}"[:2000])
            continue
        stamp = dt.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(microsecond=int(m.group(2)) * 1000)
        lines.append(LogLineView(stamp.astimezone(dt.UTC), m.group(3), m.group(4), m.group(5)))
    return lines


def read(log_dir: Path, flt: JournalFilter, id_mask: str = "6*4") -> list[LogLineView]:
    out: list[LogLineView] = []
    for path in _files(log_dir):
        entries = _parse(path)
        for e in reversed(entries):
            if flt.until is not None and e.at > flt.until:
                continue
            if flt.since is not None and e.at < flt.since:
                continue
            if flt.errors_only and e.level not in ERROR_LEVELS:
                continue
            out.append(LogLineView(e.at, e.level, e.logger, mask_text(e.message, id_mask)))
            if len(out) >= flt.limit:
                return out
        if entries and flt.since is not None and entries[0].at < flt.since:
            break  # older files hold only older lines
    return out
