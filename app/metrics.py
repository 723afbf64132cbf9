"""The kiosk's Prometheus metrics (prometheus_client), served on ``metrics.listen`` (off when empty).

Two sources, both wired here in the composition root and none from the UI:

* events of the running process: device state changes (the drivers' status events, as
  ``KioskApp.start`` hands them on), errors (every ERROR log record, by the subsystem that logged
  it, and each device problem as it appears), the start-up time, whether the screen is idle (set
  by the watchdog tick on the GUI thread: reading a flag, no I/O);
* the services' rows, read for this kiosk id when Prometheus scrapes (on the exporter's thread,
  :func:`kiosk.services.metrics_source.snapshot`): sessions by how they ended, payments and print
  jobs by outcome, journal items needing attention, paper used and left.

Names follow the Prometheus conventions: ``kiosk_`` prefix, base units in the name (``_seconds``,
``_millimetres``), ``_total`` on counters. docs/deploy.md has the scrape config and alert rules.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, ProcessCollector, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import KioskConfig

log = logging.getLogger("app.metrics")


class _Rows(Collector):
    """Metrics read from the database at scrape time (one short read, this kiosk's rows only)."""

    def __init__(self, metrics: KioskMetrics) -> None:
        self._m = metrics

    def collect(self) -> Iterator[Any]:
        factory = self._m.session_factory
        if factory is None:
            return
        from kiosk.services.metrics_source import snapshot

        try:
            snap = snapshot(factory, self._m.kiosk_id)
        except Exception as exc:  # a scrape must answer even when the database does not
            self._m.scrape_errors.inc()
            log.warning("metrics: the database could not be read (%s)", exc.__class__.__name__)
            return
        sessions = CounterMetricFamily("kiosk_sessions", "Sessions ended, by how they ended.", labels=["outcome"])
        for outcome, n in sorted(snap.sessions_ended.items()):
            sessions.add_metric([outcome], n)
        yield sessions
        yield GaugeMetricFamily("kiosk_session_active", "1 while a person's session is open.",
                                value=min(1, snap.sessions_active))
        payments = CounterMetricFamily("kiosk_payments", "Payments, by their outcome (state).", labels=["outcome"])
        for outcome, n in sorted(snap.payments.items()):
            payments.add_metric([outcome], n)
        yield payments
        jobs = CounterMetricFamily("kiosk_print_jobs", "Print jobs, by outcome.", labels=["outcome"])
        for outcome, n in sorted(snap.print_jobs.items()):
            jobs.add_metric([outcome], n)
        yield jobs
        attention = GaugeMetricFamily("kiosk_journal_attention_items",
                                      "Journal transactions a technician must look at, by state.", labels=["state"])
        for state, n in sorted(snap.journal_attention.items()):
            attention.add_metric([state], n)
        yield attention
        yield GaugeMetricFamily("kiosk_paper_used_millimetres", "Paper used from the current roll.",
                                value=snap.paper_used_mm)
        yield GaugeMetricFamily("kiosk_paper_capacity_millimetres", "Paper on a full roll (0: unknown).",
                                value=snap.paper_capacity_mm)
        if snap.paper_capacity_mm > 0:
            yield GaugeMetricFamily("kiosk_paper_left_millimetres", "Estimated paper left on the roll.",
                                    value=max(0, snap.paper_capacity_mm - snap.paper_used_mm))


class _ErrorCounter(logging.Handler):
    """Counts ERROR log records by the subsystem that logged them (``kiosk.db`` -> ``db``)."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(logging.ERROR)
        self._counter = counter

    def emit(self, record: logging.LogRecord) -> None:
        parts = record.name.split(".")
        kind = parts[1] if len(parts) > 1 and parts[0] in ("kiosk", "app", "devices", "ui") else parts[0]
        self._counter.labels(kind=kind).inc()


class KioskMetrics:
    """One kiosk's registry; ``serve`` starts the HTTP exporter on a daemon thread."""

    def __init__(self, config: KioskConfig, session_factory: sessionmaker[Session] | None = None) -> None:
        self.kiosk_id = config.kiosk.id
        self.config = config
        self.session_factory = session_factory
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.info = Gauge("kiosk_info", "The kiosk's id and software version (always 1).",
                          ["kiosk_id", "version"], registry=r)
        self.info.labels(kiosk_id=self.kiosk_id, version=_version()).set(1)
        self.startup = Gauge("kiosk_startup_duration_seconds",
                             "From process start to in service (backend and devices up).", registry=r)
        self.device_state = Gauge("kiosk_device_state", "1 for each device's current state, 0 for states it left.",
                                  ["device", "state"], registry=r)
        self.device_changes = Counter("kiosk_device_state_changes", "Device state changes.", ["device"], registry=r)
        self.errors = Counter("kiosk_errors", "Errors, by kind (the subsystem, or device.problem).", ["kind"],
                              registry=r)
        self.idle = Gauge("kiosk_idle", "1 when the screen is on the attract page and no session is open.",
                          registry=r)
        self.scrape_errors = Counter("kiosk_metrics_scrape_errors", "Scrapes that could not read the database.",
                                     registry=r)
        self._states: dict[str, str] = {}
        self._lock = threading.Lock()
        r.register(_Rows(self))
        ProcessCollector(registry=r)  # process_start_time_seconds, memory, open files
        self._handler = _ErrorCounter(self.errors)
        self._server: Any = None

    # ---- fed from the composition root ----------------------------------------------------------
    def device(self, device: str, state: str, problem: str = "") -> None:
        """A driver reported ``state`` for ``device`` (any thread)."""
        with self._lock:
            before = self._states.get(device)
            if before == state:
                return
            self._states[device] = state
        if before is not None:
            self.device_state.labels(device=device, state=before).set(0)
        self.device_state.labels(device=device, state=state).set(1)
        self.device_changes.labels(device=device).inc()
        if problem:
            self.errors.labels(kind=f"{device}.{problem}").inc()

    def set_idle(self, idle: bool) -> None:
        self.idle.set(1 if idle else 0)

    def started(self, seconds: float) -> None:
        self.startup.set(round(seconds, 3))

    # ---- the exporter --------------------------------------------------------------------------------
    def serve(self) -> tuple[str, int] | None:
        """Start the HTTP exporter if ``metrics.listen`` is set; returns the bound (host, port)."""
        address = self.config.metrics.address
        if address is None:
            return None
        host, port = address
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        self._server = server
        logging.getLogger().addHandler(self._handler)
        bound = server.server_address[:2]
        log.info("metrics from off to serving on http://%s:%d/metrics", bound[0], bound[1])
        return str(bound[0]), int(bound[1])

    def close(self) -> None:
        logging.getLogger().removeHandler(self._handler)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tax-kiosk")
    except Exception:
        return "dev"


def process_uptime() -> float:
    """Seconds since this process started (from /proc; the start-up time metric)."""
    try:
        import os

        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            up = float(f.read().split()[0])
        return max(0.0, up - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.process_time()


__all__ = ["KioskMetrics", "process_uptime"]
