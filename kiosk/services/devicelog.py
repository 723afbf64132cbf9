"""Device history for technicians: every device state change and the paper used, in the database.

Drivers push status events from their own threads; the composition root hands them to a
:class:`DeviceLog` through a single background worker, so no driver ever waits on the database.
Only changes are stored ("from X to Y (reason)"), never a row per poll.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.persistence.models import ConsumableCounter, DeviceEvent, utcnow

log = logging.getLogger("kiosk.devices")

PAPER_ROLL = "paper_roll"
MM_PER_LINE = 4  # 24-dot line pitch at 8 dots/mm (3 mm) plus spacing, rounded up


class DeviceLog:
    def __init__(self, session_factory: sessionmaker[Session], kiosk_id: str = "") -> None:
        self._factory = session_factory
        self._kiosk_id = kiosk_id  # device history per kiosk on a database many kiosks share
        self._last: dict[str, str] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="device-log")

    # ---- called from driver threads: never blocks on the database ------------------------------
    def status(self, device: str, state: str, reason: str = "") -> None:
        """Record ``state`` for ``device`` if it differs from the last one seen."""
        with self._lock:
            before = self._last.get(device)
            if before == state:
                return
            self._last[device] = state
        log.info("%s from %s to %s (%s)", device, before or "unknown", state, reason or "status report")
        self._worker.submit(self._write_event, device, before, state, reason)

    def paper_used(self, lines: int) -> None:
        if lines > 0:
            self._worker.submit(self._add_paper, lines * MM_PER_LINE)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait (at most ``timeout`` s) until everything submitted so far is written."""
        self._worker.submit(lambda: None).result(timeout=timeout)

    def close(self) -> None:
        self._worker.shutdown(wait=True)

    # ---- worker thread ----------------------------------------------------------------------------
    def _write_event(self, device: str, before: str | None, state: str, reason: str) -> None:
        try:
            with self._factory() as db:
                db.add(DeviceEvent(kiosk_id=self._kiosk_id, device=device, from_state=before, to_state=state, reason=reason[:200]))
                db.commit()
        except Exception:  # the history must never take a device down with it
            log.exception("could not record a %s event", device)

    def _add_paper(self, mm: int) -> None:
        try:
            with self._factory() as db:
                row = db.scalar(select(ConsumableCounter).where(ConsumableCounter.name == PAPER_ROLL))
                if row is None:
                    row = ConsumableCounter(name=PAPER_ROLL, used=0, capacity=80_000, reset_at=utcnow())
                    db.add(row)
                row.used = (row.used or 0) + mm
                db.commit()
        except Exception:
            log.exception("could not count paper used")
