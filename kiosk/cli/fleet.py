"""``kiosk fleet simulate``: N kiosks' services against one database at once, judged from the database.

Each kiosk is its own process (``multiprocessing`` spawn: its own interpreter, engine and connection
pool, like a real kiosk), with its own kiosk id, the real :class:`~kiosk.services.facade.KioskServices`,
a simulated payment host that pays at once and no GUI or devices (a print is booked as printed). All
kiosks migrate at start (the migration lock is exercised), wait at a barrier, then each runs M
sessions of mixed services: certificates, queue tickets, paying taxes due, rental invoices, annual
reconciliations, each document booked through a print job.

The workers report only how long each service call took. Everything else in the result is read from
the database afterwards: sessions ended, documents issued, duplicate or missing document numbers,
duplicate queue numbers, payments paid with nothing issued or still open (lost), and dues paid by
more than one payment (doubled).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import multiprocessing as mp
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select

from kiosk.config import KioskConfig, PaymentConfig, PrintingConfig

log = logging.getLogger("kiosk.fleet")
T = TypeVar("T")

# the services a session does, with their share of the sessions (a tax hall's mix, roughly)
MIX: tuple[tuple[str, int], ...] = (
    ("certificate", 30), ("queue", 30), ("payment", 20), ("rental", 10), ("reconciliation", 10),
)
PAYMENT_KINDS = ("payment", "rental_invoice")
OPEN_PAYMENT_STATES = ("payment_requested", "payment_pending", "payment_unknown", "paid")


def kiosk_config(base: KioskConfig, kiosk_id: str, db_url: str, work: Path) -> KioskConfig:
    """One simulated kiosk: its own id and data directory, the shared database and secrets."""
    return dataclasses.replace(
        base,
        kiosk=dataclasses.replace(base.kiosk, id=kiosk_id, data_dir=str(work / kiosk_id), demo=True),
        database=dataclasses.replace(base.database, url=db_url, echo=False),
        secrets=dataclasses.replace(base.secrets, dir=str(work / "secrets")),
        payment=PaymentConfig(provider="simulated", simulated_delay=0.0, simulated_outcome="paid"),
        printing=dataclasses.replace(base.printing or PrintingConfig(), a4_output_dir=str(work / kiosk_id / "pdf")),
    )


# ---- one kiosk (a process of its own) ----------------------------------------------------------------
HEARTBEAT_S = 3.0  # as app/hall.py's HEARTBEAT_INTERVAL: the console sees a kiosk within one beat
PAPER_PARTS = 400  # slips on a simulated roll; at 0 the simulated attendant puts in a new roll


class SimHeartbeat:
    """The simulated kiosk's row in ``kiosk_state``, written through :meth:`HallStore.beat` as the real
    kiosk's heartbeat (app/hall.py) writes it: service state, screen, devices (the ID card reader and the
    printer online, the paper level falling as the kiosk prints), version and last error. A thread beats
    every :data:`HEARTBEAT_S` seconds and at once on a change, so a ``kiosk hall serve`` on the same
    database shows the fleet live. Its database work is on its own engine (the hall's, every wait
    bounded) and its trouble is logged, never raised into the sessions."""

    def __init__(self, url: str, kiosk_id: str, interval: float = HEARTBEAT_S) -> None:
        from kiosk import __version__
        from kiosk.hall.store import HallStore

        self.store = HallStore.at(url)
        self.kiosk_id = kiosk_id
        self.interval = interval
        self.version = __version__
        self.started_at = dt.datetime.now(dt.UTC)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._state, self._screen, self._left, self._error = "in_service", "attract", PAPER_PARTS, ""
        self._changed = True
        self.beats = 0
        self._thread = threading.Thread(target=self._run, name=f"hall-heartbeat-{kiosk_id}", daemon=True)

    def start(self) -> SimHeartbeat:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """A last beat (the final state), then the thread ends; bounded by ``timeout``."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self.store.engine.dispose()

    def update(self, *, state: str | None = None, screen: str | None = None, printed: int = 0,
               error: str | None = None) -> None:
        with self._lock:
            before = (self._state, self._screen, self._paper(), self._error)
            if state is not None and state != self._state:
                log.info("%s hall state from %s to %s (simulated)", self.kiosk_id, self._state, state)
                self._state = state
            self._screen = screen if screen is not None else self._screen
            self._error = error if error is not None else self._error
            if printed:
                self._left -= printed
                if self._left <= 0:
                    log.info("%s paper from out to full (simulated new roll)", self.kiosk_id)
                    self._left = PAPER_PARTS
            if (self._state, self._screen, self._paper(), self._error) != before:
                self._changed = True
                self._wake.set()

    def _paper(self) -> str:
        pct = round(100 * self._left / PAPER_PARTS)
        return "low" if pct < 20 else f"{pct}%"

    def _report(self) -> tuple[Any, bool]:
        from kiosk.hall.store import DeviceLine, KioskReport

        with self._lock:
            changed, self._changed = self._changed, False
            paper = self._paper()
            lines = [DeviceLine("idcard", "online"),
                     DeviceLine("printer", "online", "printer.paper_low" if paper == "low" else "", paper)]
            errors = [self._error] if self._error else []
            return KioskReport(self.kiosk_id, self._state, self._screen, lines, paper, self.version,
                               self._error, errors), changed

    def beat_once(self) -> None:
        from kiosk.errors import KioskError

        report, changed = self._report()
        try:
            self.store.beat(report, changed=changed, started_at=self.started_at)
            self.beats += 1
        except KioskError as exc:
            log.warning("%s hall heartbeat failed (%s)", self.kiosk_id, exc)
            with self._lock:
                self._changed = True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat_once()
            self._wake.wait(self.interval)
            self._wake.clear()
        self.beat_once()  # the last state, written after stop() was asked


class _Timer:
    """Wall time of each service call, and the part of it spent in the database (statements, lock
    waits and commits, from the engine's cursor events and its dialect's commit)."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.db_samples: dict[str, list[float]] = defaultdict(list)
        self.cpu_samples: dict[str, list[float]] = defaultdict(list)  # this process's CPU (rendering, signing)
        self.in_db = 0.0
        self._started: list[float] = []

    def watch(self, engine: Any) -> None:
        from sqlalchemy import event

        def before(*_a: Any) -> None:
            self._started.append(time.perf_counter())

        def after(*_a: Any) -> None:
            if self._started:
                self.in_db += time.perf_counter() - self._started.pop()

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        commit = engine.dialect.do_commit

        def timed_commit(dbapi_connection: Any) -> None:  # the commit (WAL flush) is database time too
            t0 = time.perf_counter()
            try:
                commit(dbapi_connection)
            finally:
                self.in_db += time.perf_counter() - t0

        engine.dialect.do_commit = timed_commit

    def __call__(self, name: str, fn: Callable[[], T]) -> T:
        t0, db0, cpu0 = time.perf_counter(), self.in_db, time.thread_time()
        try:
            return fn()
        finally:
            self.samples[name].append(time.perf_counter() - t0)
            self.db_samples[name].append(self.in_db - db0)
            self.cpu_samples[name].append(time.thread_time() - cpu0)


class _LastError(logging.Handler):
    """This process's warnings and errors, masked, as the kiosk's "last error" (app/hall.py's RecentErrors)."""

    def __init__(self, hall: SimHeartbeat) -> None:
        super().__init__(logging.WARNING)
        self.hall = hall

    def emit(self, record: logging.LogRecord) -> None:
        from kiosk.flow.controller import redact

        if record.name.startswith("kiosk.fleet"):
            return  # the heartbeat's own trouble would feed itself
        try:
            when = dt.datetime.fromtimestamp(record.created).strftime("%m-%d %H:%M:%S")
            self.hall.update(error=redact(f"{when} {record.levelname} {record.name}: {record.getMessage()}")[:240])
        except Exception:  # a log handler must never raise into the code that logged
            return


def _session(services: Any, kind: str, timer: _Timer, today: dt.date, hall: SimHeartbeat | None = None) -> None:
    from devices.printjob import JobState
    from kiosk.services.api import DeductionAnswers, RentalRequest

    def booked(doc: Any) -> None:
        parts = len(doc.escpos_parts) or 1
        job = timer("begin_print", lambda: services.begin_print(doc.number))
        timer("finish_print", lambda: services.finish_print(job, JobState.PRINTED, parts, ""))
        if hall is not None:
            hall.update(printed=parts)

    if kind == "certificate":
        records = timer("list_records", lambda: services.list_records(dt.date(today.year - 2, 1, 1), today))
        if records:
            booked(timer("issue_certificate", lambda: services.issue_certificate([r.record_id for r in records[:6]])))
    elif kind == "queue":
        _view, doc = timer("take_queue_ticket", lambda: services.take_queue_ticket(random.choice("ABCD")))
        booked(doc)
    elif kind == "payment":
        dues = timer("list_dues", lambda: services.list_dues())
        if dues:
            order = timer("create_payment", lambda: services.create_payment([dues[0].due_id]))
            timer("poll_payment", lambda: services.poll_payment(order.transaction_id))
            booked(timer("issue_payment_voucher", lambda: services.issue_payment_voucher(order.transaction_id)))
    elif kind == "rental":
        props = timer("rental_properties", lambda: services.rental_properties())
        if props:
            version = services.rental_commitment().version
            req = RentalRequest(tenant_name="模拟租户", property_address="", period_from=dt.date(today.year, 1, 1),
                                period_to=dt.date(today.year, 12, 31), rent_total=Decimal("24000.00"),
                                property_id=props[0].property_id, commitment_version=version)
            order = timer("rental_create_payment", lambda: services.rental_create_payment(req))
            timer("poll_payment", lambda: services.poll_payment(order.transaction_id))
            booked(timer("issue_rental_invoice", lambda: services.issue_rental_invoice(order.transaction_id)))
    elif kind == "reconciliation":
        years = timer("reconciliation_years", lambda: services.reconciliation_years())
        if years:
            year = years[0]
            timer("reconciliation_prefill", lambda: services.reconciliation_prefill(year))
            answers = DeductionAnswers()
            preview = timer("reconciliation_preview", lambda: services.reconciliation_preview(year, answers))
            accounts = services.refund_accounts() if preview.balance < 0 else []
            account = accounts[0].account_id if accounts else None
            version = services.commitment().version
            _p, doc = timer("reconciliation_submit",
                            lambda: services.reconciliation_submit(year, answers, version, account))
            booked(doc)


def run_kiosk(cfg: KioskConfig, sessions: int, id_numbers: list[str], seed: int, barrier: Any, out: str,
              pause_s: float = 0.0) -> None:
    """A worker process: build the services, migrate, wait for the others, run the sessions."""
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.documents.render import warm_up_now
    from kiosk.errors import KioskError
    from kiosk.persistence.db import make_engine, session_factory
    from kiosk.persistence.migrate import upgrade
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.archive import PdfArchive
    from kiosk.services.facade import KioskServices
    from kiosk.services.payments import SimulatedPaymentProvider

    logging.basicConfig(level=logging.WARNING)
    rng = random.Random(seed)
    random.seed(seed)
    engine = make_engine(cfg.database_url)
    t0 = time.perf_counter()
    upgrade(engine)  # every kiosk migrates at start; the lock makes one of them do it
    migrate_s = time.perf_counter() - t0
    factory = session_factory(engine)
    issuer = DocumentIssuer(factory, cfg, load_or_create_key(cfg.secrets_dir))
    archive = PdfArchive(cfg, factory, issuer).start()  # as the kiosk: A4 PDFs written after the commit
    services = KioskServices(cfg, factory, SimulatedPaymentProvider(delay=0.0, outcome="paid"), issuer,
                             archive=archive)
    services.recover_on_startup()
    warm_up_now(cfg)  # as the kiosk does at start, before anyone walks up
    hall = SimHeartbeat(cfg.database_url, cfg.kiosk.id).start()
    logging.getLogger().addHandler(_LastError(hall))
    timer = _Timer()
    timer.watch(engine)
    refused: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    kinds, weights = zip(*MIX, strict=True)
    barrier.wait(timeout=300)
    started = time.perf_counter()
    today = dt.date.today()
    warmup: dict[str, list[float]] = {}
    for n in range(sessions):
        if n == 1:  # the first session loads the renderers and fills the pool: a warm-up, not timed
            warmup, timer.samples, timer.db_samples = dict(timer.samples), defaultdict(list), defaultdict(list)
            timer.cpu_samples = defaultdict(list)
        kind = rng.choices(kinds, weights)[0]
        if pause_s:
            time.sleep(rng.uniform(0, 2 * pause_s))  # a person walking up (the console's live view)
        hall.update(screen=f"{kind}")
        try:
            timer("start_session", lambda: services.start_session_from_card(rng.choice(id_numbers), "", "resident"))
        except KioskError as exc:
            refused[f"session:{exc.__class__.__name__}"] += 1
            hall.update(screen="attract")
            continue
        try:
            _session(services, kind, timer, today, hall)
        except KioskError as exc:  # refused as the kiosk would refuse a person (already paid, in progress)
            refused[f"{kind}:{exc.__class__.__name__}"] += 1
        except Exception as exc:
            failed[f"{kind}:{exc.__class__.__name__}"] += 1
            log.exception("%s: %s failed", cfg.kiosk.id, kind)
            hall.update(error=f"{dt.datetime.now():%m-%d %H:%M:%S} ERROR kiosk.fleet: {kind} failed "
                              f"({exc.__class__.__name__})")
        finally:
            timer("end_session", lambda: services.end_session("done"))
            hall.update(screen="attract")
    seconds = time.perf_counter() - started
    services.close(timeout=120)  # the PDFs still queued are written before the kiosk "switches off"
    result = {
        "kiosk_id": cfg.kiosk.id, "seconds": seconds, "migrate_s": migrate_s,
        "pdfs_written": archive.written, "pdfs_failed": archive.failed,
        "samples": timer.samples if sessions > 1 else warmup, "db_samples": timer.db_samples,
        "cpu_samples": timer.cpu_samples, "refused": dict(refused), "failed": dict(failed),
    }
    Path(out).write_text(json.dumps(result))
    hall.stop()
    engine.dispose()


# ---- the fleet -----------------------------------------------------------------------------------------
def _prepare(db_url: str, base: KioskConfig, work: Path, taxpayers: int) -> list[str]:
    from kiosk.persistence import models as m
    from kiosk.persistence.db import make_engine
    from kiosk.persistence.migrate import upgrade
    from kiosk.persistence.seed import seed_demo
    from kiosk.security.keys import AUDIT_KEY_FILE, ensure_secrets_dir, load_or_create_key

    engine = make_engine(db_url)
    try:
        upgrade(engine)
        seed_demo(engine, taxpayers=taxpayers, tax_office=base.kiosk.tax_office)
        secrets_dir = work / "secrets"
        ensure_secrets_dir(secrets_dir)
        # Every kiosk of the simulated hall shares the signing and audit keys, made here once (not
        # by 20 processes racing to create them). A real hall deploys the same keys to its kiosks.
        load_or_create_key(secrets_dir)
        load_or_create_key(secrets_dir, AUDIT_KEY_FILE)
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(select(m.Taxpayer.id_number).order_by(m.Taxpayer.id))]
    finally:
        engine.dispose()


def _percentile(sorted_samples: list[float], q: float) -> float:
    if not sorted_samples:
        return 0.0
    return sorted_samples[min(len(sorted_samples) - 1, round(q * (len(sorted_samples) - 1)))]


def analyse(db_url: str, kiosk_ids: list[str], secrets_dir: Path | None = None) -> dict[str, Any]:
    """What the database says the kiosks did (never what the workers say); with the hall's shared
    ``secrets_dir``, also whether every kiosk's audit chain verifies to its anchored end."""
    from kiosk.documents.render import A4_KINDS
    from kiosk.persistence import models as m
    from kiosk.persistence.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            sessions_done = conn.execute(select(func.count()).select_from(m.KioskSession).where(
                m.KioskSession.kiosk_id.in_(kiosk_ids), m.KioskSession.state == "ended")).scalar_one()
            documents = conn.execute(select(func.count()).select_from(m.IssuedDocument).where(
                m.IssuedDocument.kiosk_id.in_(kiosk_ids))).scalar_one()
            dup_docs = sum(c - 1 for (c,) in conn.execute(
                select(func.count()).select_from(m.IssuedDocument).group_by(m.IssuedDocument.number)
                .having(func.count() > 1)))
            # numbers must run 1, 2, 3 ... per office and year: a gap is a number used and lost
            gaps = 0
            by_scope: dict[str, list[int]] = defaultdict(list)
            for (number,) in conn.execute(select(m.IssuedDocument.number)):
                head, _, seq = number.rpartition("-")
                if seq.isdigit() and head.count("-") >= 1 and len(seq) == 8:
                    by_scope[head].append(int(seq))
            for seqs in by_scope.values():
                gaps += max(seqs) - len(set(seqs))
            dup_queue = sum(c - 1 for (c,) in conn.execute(
                select(func.count()).select_from(m.QueueTicket)
                .group_by(m.QueueTicket.hall, m.QueueTicket.day, m.QueueTicket.service, m.QueueTicket.number)
                .having(func.count() > 1)))
            queue_tickets = conn.execute(select(func.count()).select_from(m.QueueTicket).where(
                m.QueueTicket.kiosk_id.in_(kiosk_ids))).scalar_one()
            txs = conn.execute(select(m.Transaction.id, m.Transaction.kind, m.Transaction.state, m.Transaction.detail)
                               .where(m.Transaction.kiosk_id.in_(kiosk_ids),
                                      m.Transaction.kind.in_(PAYMENT_KINDS))).all()
            paid = conn.execute(select(m.Payment.transaction_id, func.count()).where(m.Payment.state == "paid")
                                .group_by(m.Payment.transaction_id)).all()
            paid_count = {tx: n for tx, n in paid}
            # every A4 document must end with its signed PDF archived (written after the commit)
            a4 = [k.value for k in A4_KINDS]
            rendered = select(m.DocumentRendering.document_id).where(m.DocumentRendering.reprint_count == 0)
            without_pdf = conn.execute(select(func.count()).select_from(m.IssuedDocument).where(
                m.IssuedDocument.kiosk_id.in_(kiosk_ids), m.IssuedDocument.kind.in_(a4),
                m.IssuedDocument.id.not_in(rendered))).scalar_one()
            with_document = {tx for (tx,) in conn.execute(
                select(m.IssuedDocument.transaction_id).where(m.IssuedDocument.transaction_id.is_not(None)))}
        audit: dict[str, Any] = {}
        if secrets_dir is not None and kiosk_ids:
            from kiosk.persistence.db import session_factory
            from kiosk.services.audit import AuditLog

            # one walk checks every chain; the ends of all of them are anchored in the shared directory
            result = AuditLog(session_factory(engine), secrets_dir=secrets_dir, chain=kiosk_ids[0]).verify()
            with engine.connect() as conn:
                chains = conn.execute(select(func.count(func.distinct(m.AuditEntry.chain))).where(
                    m.AuditEntry.chain.in_(kiosk_ids))).scalar_one()
            audit = {"audit_chains": chains, "audit_broken": 0 if result.ok else 1, "audit_entries": result.checked}
            if not result.ok:
                audit["audit_message"] = result.message
    finally:
        engine.dispose()
    lost = doubled = payments_paid = 0
    due_paid: Counter[int] = Counter()
    for tx_id, kind, state, detail in txs:
        n = paid_count.get(tx_id, 0)
        payments_paid += 1 if n else 0
        doubled += max(0, n - 1)
        if state in OPEN_PAYMENT_STATES or (n and tx_id not in with_document):
            lost += 1  # money may have moved and nothing was issued for it
        if n and kind == "payment":
            for due in (detail or {}).get("due_ids", []):
                due_paid[int(due)] += 1
    doubled += sum(c - 1 for c in due_paid.values() if c > 1)
    return {
        "sessions_done": sessions_done, "documents_issued": documents, "queue_tickets": queue_tickets,
        "payments_paid": payments_paid, "duplicate_document_numbers": dup_docs, "document_number_gaps": gaps,
        "duplicate_queue_numbers": dup_queue, "lost_payments": lost, "doubled_payments": doubled,
        "documents_without_pdf": without_pdf, **audit,
    }


# Service calls that issue a document (build, number, render the ESC/POS and PDF, sign, record) and
# those that only ask the database; the bench reports them apart, as their limits differ.
DOCUMENT_CALLS = frozenset({"issue_certificate", "take_queue_ticket", "issue_payment_voucher",
                            "issue_rental_invoice", "reconciliation_submit"})


def _groups(per_op: dict[str, list[float]], per_op_db: dict[str, list[float]], per_op_cpu: dict[str, list[float]],
            sessions: int, run_s: float) -> dict[str, Any]:
    """p50/p95 of wall, database and CPU time for document calls and for database-bound calls, and the
    CPU seconds of all service calls per session (the floor of what the machine's cores can do)."""
    out: dict[str, Any] = {}
    for group, pick in (("document", lambda op: op in DOCUMENT_CALLS), ("db_bound", lambda op: op not in DOCUMENT_CALLS)):
        wall = sorted(x for op, xs in per_op.items() if pick(op) for x in xs)
        db = sorted(x for op, xs in per_op_db.items() if pick(op) for x in xs)
        cpu = sorted(x for op, xs in per_op_cpu.items() if op in per_op and pick(op) for x in xs)
        for label, xs in (("", wall), ("db_", db), ("cpu_", cpu)):
            out[f"{group}_{label}p50_ms"] = round(_percentile(xs, 0.50) * 1000, 2)
            out[f"{group}_{label}p95_ms"] = round(_percentile(xs, 0.95) * 1000, 2)
        out[f"{group}_calls"] = len(wall)
        out[f"{group}_cpu_s_total"] = round(sum(cpu), 2)
    total_cpu = sum(sum(xs) for xs in per_op_cpu.values())  # card reads (start/end of session) included
    out["kiosk_cpu_s_per_session"] = round(total_cpu / sessions, 4) if sessions else 0.0
    out["run_s_mean"] = round(run_s, 2)
    return out


def simulate(db_url: str | None, kiosks: int, sessions: int, *, base: KioskConfig | None = None,
             seed: int = 1, taxpayers: int = 200, work_dir: Path | None = None,
             pause_s: float = 0.0) -> dict[str, Any]:
    """Run the fleet; returns the JSON-ready result (see the module docstring)."""
    base = base or KioskConfig()
    tmp = tempfile.TemporaryDirectory(prefix="kiosk-fleet-") if work_dir is None else None
    work = Path(tmp.name) if tmp is not None else Path(work_dir)  # type: ignore[arg-type]
    work.mkdir(parents=True, exist_ok=True)
    try:
        url = db_url or f"sqlite:///{work / 'fleet.db'}"
        ids = _prepare(url, base, work, taxpayers)
        tag = secrets.token_hex(2).upper()
        kiosk_ids = [f"FLEET-{tag}-{i:03d}" for i in range(1, kiosks + 1)]
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(kiosks)
        procs = []
        for i, kid in enumerate(kiosk_ids):
            cfg = kiosk_config(base, kid, url, work)
            out = str(work / f"{kid}.json")
            procs.append((ctx.Process(target=run_kiosk, args=(cfg, sessions, ids, seed * 1000 + i, barrier, out, pause_s),
                                      name=kid), out))
        t0 = time.perf_counter()
        for p, _ in procs:
            p.start()
        for p, _ in procs:
            p.join(timeout=1800)
            if p.is_alive():
                p.terminate()
                p.join(5)
        wall = time.perf_counter() - t0
        samples: list[float] = []
        db_samples: list[float] = []
        per_op: dict[str, list[float]] = defaultdict(list)
        per_op_db: dict[str, list[float]] = defaultdict(list)
        per_op_cpu: dict[str, list[float]] = defaultdict(list)
        refused: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        crashed = 0
        run_seconds: list[float] = []
        for p, out in procs:
            path = Path(out)
            if p.exitcode != 0 or not path.exists():
                crashed += 1
                continue
            data = json.loads(path.read_text())
            run_seconds.append(data["seconds"])
            refused.update(data["refused"])
            failed.update(data["failed"])
            for op, xs in data["samples"].items():
                if op in ("start_session", "end_session"):
                    continue  # the person's card read, not a service
                per_op[op].extend(xs)
                samples.extend(xs)
            for op, xs in data["db_samples"].items():
                if op not in ("start_session", "end_session"):
                    db_samples.extend(xs)
                    per_op_db[op].extend(xs)
            for op, xs in data.get("cpu_samples", {}).items():
                per_op_cpu[op].extend(xs)
        samples.sort()
        db_samples.sort()
        result: dict[str, Any] = {"kiosks": kiosks, "sessions_per_kiosk": sessions, "kiosk_ids": kiosk_ids,
                                  "database": url.split("://", 1)[0].split("+", 1)[0]}
        result.update(analyse(url, kiosk_ids, work / "secrets"))
        result.update({
            "p50_ms": round(_percentile(samples, 0.50) * 1000, 2),
            "p95_ms": round(_percentile(samples, 0.95) * 1000, 2),
            "p99_ms": round(_percentile(samples, 0.99) * 1000, 2),
            # the part of each service call spent in the shared database (statements, lock waits, commits)
            "db_p50_ms": round(_percentile(db_samples, 0.50) * 1000, 2),
            "db_p95_ms": round(_percentile(db_samples, 0.95) * 1000, 2),
            "service_calls": len(samples),
            "per_service_p95_ms": {op: round(_percentile(sorted(xs), 0.95) * 1000, 2) for op, xs in sorted(per_op.items())},
            "per_service_db_p95_ms": {op: round(_percentile(sorted(xs), 0.95) * 1000, 2)
                                      for op, xs in sorted(per_op_db.items())},
            **_groups(per_op, per_op_db, per_op_cpu, kiosks * sessions, len(run_seconds) and statistics.mean(run_seconds)),
            "kiosks_crashed": crashed,
            "refused": dict(refused), "failed": dict(failed),
            "wall_s": round(wall, 2),
            "sessions_per_s": round(result["sessions_done"] / statistics.mean(run_seconds), 1) if run_seconds else 0.0,
        })
        return result
    finally:
        if tmp is not None:
            tmp.cleanup()


__all__ = ["analyse", "simulate"]
