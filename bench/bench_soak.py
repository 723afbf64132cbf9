"""Soak: many taxpayer sessions through the whole kiosk, watching memory and open files.

The real application as `kiosk run --simulate` builds it (app/wiring.build_app): the flow
controller, the real Qt window offscreen driven by ui.automation.UiDriver (real mouse taps), the
real services on a real SQLite file with demo data, the ID-card reader and the receipt printer
simulators behind real ptys, PAdES-signed A4 PDFs. Sessions cycle through a mix of services:
an IIT record (slip + signed A4 PDF), a queue ticket without a card, a payment (a new due is
posted for the taxpayer first, as the tax office would), the queries (records, dues, reprints), a
certificate, and a staff call.

RSS (VmRSS from /proc/self/status) and open file descriptors (/proc/self/fd) are sampled before
the first session and after every ``every`` sessions (after a full gc). The first ``warmup``
sessions are warm-up (SQLite's page cache, Qt's font and pixmap caches, pyHanko's and ReportLab's
lazy imports fill up); the target is RSS growth <= 5 % from the end of warm-up to the end, and the
same number of open fds at every sample after the start.

Short run: ``KIOSK_SOAK_SESSIONS=20 KIOSK_SOAK_EVERY=10 python -m bench.run --only soak``
(tests/bench/test_bench_soak.py runs 20 sessions so this code cannot rot).

The printer simulator prints at its wire speed but without the 50 ms per line of paper motion
(``slow_line_seconds = 0``) and without drawing a PNG per receipt: the soak measures the kiosk
process, not the simulated paper; everything else is as ``--simulate`` runs it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.harness import Figure

SESSIONS = 1000
EVERY = 100
GROWTH_TARGET = 0.05  # RSS growth after warm-up, as a fraction
POOL_BOUND = 15  # SQLAlchemy's QueuePool defaults: pool_size 5 + max_overflow 10

CARD_RECORDS = "resident_zhang_wei"  # demo stories (kiosk/persistence/seed.py)
CARD_OTHER = "resident_li_na"


@dataclass
class Sample:
    sessions: int
    rss_kb: int
    fds: int
    seconds: float
    db_fds: int = 0  # of ``fds``: the database's files held by pooled connections (one .db + one -wal each)


@dataclass
class SoakResult:
    samples: list[Sample] = field(default_factory=list)
    warmup: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def at(self, sessions: int) -> Sample:
        return next(s for s in self.samples if s.sessions >= sessions)

    @property
    def growth(self) -> float:
        base = self.at(self.warmup).rss_kb
        return (self.samples[-1].rss_kb - base) / base

    @property
    def fd_drift(self) -> int:
        """Spread of the open fds other than the pool's database connections over the samples taken
        after sessions ran: a leak makes it grow with the sessions."""
        after = self.samples[1:] or self.samples
        return max(s.fds - s.db_fds for s in after) - min(s.fds - s.db_fds for s in after)

    @property
    def db_connections(self) -> int:
        """Most database connections the pool held at a sample (each holds the .db and the -wal file).
        The pool opens up to pool_size + max_overflow connections when worker threads overlap and
        closes the overflow again, so this moves between samples without being a leak; it is bounded."""
        return max(s.db_fds for s in self.samples) // 2


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def children() -> list[str]:
    """Pids of this process's running children (espeak-ng speaking a prompt)."""
    pids: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += (task / "children").read_text().split()
        except OSError:
            continue  # the thread ended meanwhile
    return pids


def open_fds(database: Path | None = None) -> tuple[int, int]:
    """(open fds, of which the database's files), less the one listdir itself holds."""
    names = os.listdir("/proc/self/fd")
    db = 0
    if database is not None:
        for name in names:
            try:
                target = os.readlink(f"/proc/self/fd/{name}")
            except OSError:
                continue  # the listdir's own fd, closed by now
            if target in (str(database), f"{database}-wal"):
                db += 1
    return len(names) - 1, db


# ---- the sessions -------------------------------------------------------------------------------------
class Soak:
    """The running kiosk, a driver on its window, and one method per kind of session."""

    def __init__(self, kiosk: Any) -> None:
        from ui.automation import UiDriver

        self.kiosk = kiosk
        self.ui = UiDriver(kiosk.window, timeout=15.0, settle_ms=5)
        self.reader = kiosk.devices.reader_sim
        self.printer = kiosk.devices.printer_sim
        self._taxpayer_ids: dict[str, int] = {}

    def ready(self) -> None:
        from devices.status import DeviceState

        self.ui.wait_until(
            "the printer and reader to be ready",
            lambda: self.kiosk.flow.printer_ok and self.kiosk.devices.reader.status.device == DeviceState.ONLINE,
            20,
        )
        self.ui.wait_screen("attract")

    def sign_in(self, card: str) -> None:
        self.reader.place(card)
        self.ui.wait_screen("menu", 15)

    def finish(self) -> None:
        for intent in ("result.finish", "menu.finish"):
            if self.ui.find(intent) is not None:
                self.ui.tap(intent)
                break
        self.reader.lift()
        self.ui.wait_screen("attract", 15)
        self.ui.wait_until("the card to be off the reader", lambda: not self.kiosk.flow.card_present, 15)

    def wait_printed(self, before: int) -> None:
        if self.printer.wait_for_receipt(before + 1, 20) is None:
            raise RuntimeError(f"no receipt came out on screen {self.ui.screen}")

    def iit_record(self) -> None:
        before = self.printer.receipt_count
        self.sign_in(CARD_RECORDS)
        self.ui.tap("menu.open", "certificates")
        self.ui.tap("cert.kind", "iit")
        self.ui.tap("cert.period", "last_year")
        self.ui.wait_screen("certificates.confirm")
        self.ui.tap("wizard.next")
        self.ui.wait_screen("result", 30)
        self.wait_printed(before)
        self.finish()

    def certificate(self) -> None:
        before = self.printer.receipt_count
        self.sign_in(CARD_RECORDS)
        self.ui.tap("menu.open", "certificates")
        self.ui.tap("cert.kind", "certificate")
        self.ui.tap("cert.period", "last_year")
        self.ui.wait_screen("certificates.records")
        self.ui.tap("wizard.next")
        self.ui.wait_screen("certificates.confirm")
        self.ui.tap("wizard.next")
        self.ui.wait_screen("result", 30)
        self.wait_printed(before)
        self.finish()

    def queue_ticket(self) -> None:
        from ui.automation import ANY

        before = self.printer.receipt_count
        self.ui.tap("attract.queue")
        self.ui.wait_screen("queue.service")
        self.ui.tap("queue.take", ANY)
        self.ui.wait_screen("result", 30)
        self.wait_printed(before)
        self.ui.tap("result.finish")
        self.ui.wait_screen("attract", 15)

    def payment(self) -> None:
        self._post_due(CARD_OTHER)
        before = self.printer.receipt_count
        self.sign_in(CARD_OTHER)
        self.ui.tap("menu.open", "payment")
        self.ui.wait_screen("payment.dues")
        self.ui.tap("wizard.next")
        self.ui.wait_screen("payment.confirm")
        self.ui.tap("wizard.next")
        self.ui.wait_screen("result", 30)
        self.wait_printed(before)
        self.finish()

    def queries(self) -> None:
        self.sign_in(CARD_RECORDS)
        self.ui.tap("menu.open", "queries")
        for topic in ("records", "dues", "reprints"):
            self.ui.wait_screen("queries.topic")
            self.ui.tap("query.topic", topic)
            self.ui.wait_screen("queries.answer")
            self.ui.tap("wizard.back")
        self.ui.wait_screen("queries.topic")
        self.ui.tap("wizard.cancel")
        self.ui.wait_screen("menu")
        self.finish()

    def call_staff(self) -> None:
        self.sign_in(CARD_OTHER)
        self.ui.tap("call_staff")
        self.ui.wait_screen("staff")
        self.ui.tap("staff.close")
        self.ui.wait_screen("menu")
        self.finish()

    def _post_due(self, card: str) -> None:
        """A new due for the taxpayer on the card, as the tax office posts one (one per payment)."""
        from sqlalchemy import select

        from devices.idcard.samples import load_card
        from kiosk.persistence.models import TaxDue, Taxpayer

        factory = self.kiosk.services.session_factory
        with factory() as db, db.begin():
            if card not in self._taxpayer_ids:
                number = load_card(card).id_number
                self._taxpayer_ids[card] = db.scalar(select(Taxpayer.id).where(Taxpayer.id_number == number))
            db.add(TaxDue(
                taxpayer_id=self._taxpayer_ids[card], tax_type="property", item="房产税",
                period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31),
                due_date=dt.date(2030, 12, 31), amount=Decimal("120.00"), status="due", detail={},
            ))

    def mix(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("iit_record", self.iit_record),
            ("queue_ticket", self.queue_ticket),
            ("payment", self.payment),
            ("queries", self.queries),
            ("certificate", self.certificate),
            ("queue_ticket", self.queue_ticket),
            ("payment", self.payment),
            ("call_staff", self.call_staff),
        ]


# ---- running it ------------------------------------------------------------------------------------------
# KIOSK_SOAK_TRACE=N: at the end of the warm-up and every later sample, count the live objects the
# garbage collector tracks by type, and print to stderr the N types that grew most since the warm-up
# (finding a leak, not measuring; tracemalloc slowed the run until prints timed out). Allocations of
# C libraries' own heaps do not show here: RSS growth without object growth points at those.
TRACE = int(os.environ.get("KIOSK_SOAK_TRACE", "0"))
_TRACE_BASE: list[Counter[str]] = []


def _trace(n: int) -> None:
    counts = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    if not _TRACE_BASE:
        _TRACE_BASE.append(counts)
        return
    grown = (counts - _TRACE_BASE[0]).most_common(TRACE)
    print(f"# objects at {n} sessions: {sum(counts.values())} ({sum(counts.values()) - sum(_TRACE_BASE[0].values()):+d})",
          file=sys.stderr)
    for name, d in grown:
        print(f"#   {d:+8d}  {name}", file=sys.stderr)


def soak(sessions: int = SESSIONS, every: int = EVERY, warmup: int | None = None,
         progress: Callable[[Sample], None] | None = None) -> SoakResult:
    """Run ``sessions`` sessions on a fresh demo kiosk in a temporary data directory."""
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401  (the PySide refcount workaround, before any signal)
    from app.wiring import build_app, build_backend, build_maintenance
    from kiosk.config import parse_config
    from kiosk.flow import FlowTimeouts
    from ui.automation import pump

    warmup = warmup if warmup is not None else min(every, sessions)
    data = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    config = parse_config({"kiosk": {"data_dir": str(data / "data"), "demo": True}}, source="soak")
    config = dataclasses.replace(
        config, payment=dataclasses.replace(config.payment, simulated_delay=0.05, simulated_outcome="paid"),
    )
    app = QApplication.instance() or QApplication([sys.argv[0]])
    services, device_log = build_backend(config, seed_demo_data=True)
    kiosk = build_app(
        config, simulate=True, kiosk_mode=False, services=services,
        timeouts=FlowTimeouts(idle_warning=120.0, idle_countdown=30.0, result_return=60.0,
                              payment_poll_interval=0.05),
        receipts_dir=data / "receipts", tick_interval=0.1, device_log=device_log,
        maintenance=build_maintenance(config, services),
    )
    assert kiosk.devices.printer_sim is not None
    kiosk.devices.printer_sim.slow_line_seconds = 0.0
    kiosk.devices.printer_sim.render_png = False
    kiosk.start()
    kiosk.window.show()
    driver = Soak(kiosk)
    result = SoakResult(warmup=warmup)
    started = time.monotonic()

    def sample(n: int) -> None:
        pump(20)
        # A prompt still being spoken holds its espeak-ng child's stderr pipe: work in flight, not a
        # leak. Sample once no child process runs (bounded: a stuck child shows as a drifting fd).
        deadline = time.monotonic() + 10.0
        while children() and time.monotonic() < deadline:
            pump(50)
        gc.collect()
        fds, db_fds = open_fds(data / "data" / "kiosk.db")
        s = Sample(n, rss_kb(), fds, time.monotonic() - started, db_fds)
        result.samples.append(s)
        if TRACE and n >= warmup:
            _trace(n)
        if progress is not None:
            progress(s)

    try:
        driver.ready()
        sample(0)
        mix = driver.mix()
        for n in range(1, sessions + 1):
            name, session = mix[(n - 1) % len(mix)]
            session()
            result.counts[name] = result.counts.get(name, 0) + 1
            if n % every == 0 or n == sessions:
                sample(n)
    finally:
        result.seconds = time.monotonic() - started
        kiosk.stop()
        pump(20)
        shutil.rmtree(data, ignore_errors=True)
        del app
    return result


def table(result: SoakResult) -> str:
    base = result.at(result.warmup).rss_kb
    lines = [f"{'sessions':>8} {'RSS MB':>8} {'vs warm-up':>10} {'fds':>5} {'db fds':>6} {'seconds':>8}"]
    for s in result.samples:
        mark = "  <- end of warm-up" if s.sessions == result.at(result.warmup).sessions else ""
        lines.append(f"{s.sessions:>8} {s.rss_kb / 1024:>8.1f} {(s.rss_kb - base) / base:>+10.1%} "
                     f"{s.fds:>5} {s.db_fds:>6} {s.seconds:>8.1f}{mark}")
    return "\n".join(lines)


def run() -> list[Figure]:
    sessions = int(os.environ.get("KIOSK_SOAK_SESSIONS", SESSIONS))
    every = int(os.environ.get("KIOSK_SOAK_EVERY", min(EVERY, sessions)))
    result = soak(sessions, every, progress=lambda s: print(
        f"# soak {s.sessions:>5} sessions  RSS {s.rss_kb / 1024:.1f} MB  fds {s.fds}  {s.seconds:.0f} s",
        file=sys.stderr, flush=True))
    print(table(result), file=sys.stderr)
    start, warm, end = result.samples[0], result.at(result.warmup), result.samples[-1]
    mix = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()))
    n = end.sessions
    return [
        Figure(f"soak: RSS at start (0 of {n} sessions)", start.rss_kb / 1024, "MB", note=mix),
        Figure(f"soak: RSS after warm-up ({warm.sessions} sessions)", warm.rss_kb / 1024, "MB"),
        Figure(f"soak: RSS at the end ({n} sessions)", end.rss_kb / 1024, "MB"),
        Figure(f"soak: RSS growth after warm-up ({warm.sessions}->{n})", result.growth * 100, "%",
               reference=GROWTH_TARGET * 100, reference_name="target 5 %", target="ratio <= 1",
               ok=result.growth <= GROWTH_TARGET),
        Figure(f"soak: open fds at start / end ({start.fds} / {end.fds})", end.fds, "fds",
               reference=start.fds, reference_name="fds at start",
               target="flat after start", ok=result.fd_drift == 0,
               note=f"max-min after the first sessions, pooled DB connections aside: {result.fd_drift}"),
        Figure("soak: most pooled database connections at a sample", result.db_connections, "connections",
               reference=POOL_BOUND, reference_name="pool_size + max_overflow", target="ratio <= 1",
               ok=result.db_connections <= POOL_BOUND),
        Figure("soak: seconds per session", result.seconds / max(n, 1), "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.bench_soak --sessions N --every K``: one soak in a process of its own, its
    result as JSON on stdout (the test runs it so, so that the fds it counts are the kiosk's, not those
    of a test process holding other tests' leftovers)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="bench.bench_soak", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--every", type=int, default=EVERY)
    args = parser.parse_args(argv)
    result = soak(args.sessions, args.every)
    print(json.dumps({"samples": [dataclasses.asdict(s) for s in result.samples], "warmup": result.warmup,
                      "counts": result.counts, "seconds": result.seconds}))
    return 0


def from_json(text: str) -> SoakResult:
    import json

    raw = json.loads(text)
    return SoakResult(samples=[Sample(**s) for s in raw["samples"]], warmup=raw["warmup"],
                      counts=raw["counts"], seconds=raw["seconds"])


if __name__ == "__main__":
    raise SystemExit(main())
