"""Database benchmarks: demo seeding rate and the kiosk's lookups on a seeded SQLite database.

Seeding is compared with a floor measured in the same run (raw sqlite3 executemany of the same
number of payment-record rows, no generation): the ratio says how much the generator and SQLAlchemy
cost on top of what SQLite itself needs. Lookups are compared with a 5 ms target per screen query.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.harness import Figure, median_ms, p95_ms
from kiosk.persistence import models as m
from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.persistence.seed import seed_demo

N = 20_000


def _floor_insert_seconds(rows: int, path: Path) -> float:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, taxpayer_id INT, voucher_no TEXT UNIQUE, tax_type TEXT, "
                "item TEXT, period_from TEXT, period_to TEXT, paid_on TEXT, amount REAL, tax_office TEXT, agent TEXT)")
    data = [(i // 30, f"V{i:015d}", "iit", "工资薪金所得", "2025-01-01", "2025-01-31", "2025-02-10", 120.5,
             "示范税务所", "示范公司") for i in range(rows)]
    t0 = time.perf_counter()
    with con:
        con.executemany("INSERT INTO r (taxpayer_id, voucher_no, tax_type, item, period_from, period_to, paid_on, "
                        "amount, tax_office, agent) VALUES (?,?,?,?,?,?,?,?,?,?)", data)
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        report = seed_demo(engine, taxpayers=N, seed=99)
        rows = report.taxpayers + report.records + report.income_records + report.dues
        floor = _floor_insert_seconds(rows, Path(tmp) / "floor.db")
        per_taxpayer_ms = report.seconds / N * 1000
        figures = [
            Figure("db: seed 20k taxpayers (s)", report.seconds, "s", floor, "raw sqlite3 insert of same rows",
                   "", None, f"{rows:,} rows"),
            Figure("db: seed time extrapolated to 1M taxpayers", per_taxpayer_ms * 1_000_000 / 1000 / 60, "min",
                   10.0, "target 10 min", "ratio < 1", per_taxpayer_ms * 1_000_000 / 1000 / 60 < 10.0),
        ]
        factory = session_factory(engine)
        with factory() as s:
            ids = [r[0] for r in s.execute(select(m.Taxpayer.id_number)).all()]
        rng = random.Random(1)
        picks = [rng.choice(ids) for _ in range(300)]
        by_id: list[float] = []
        records: list[float] = []
        with factory() as s:
            for number in picks:
                t0 = time.perf_counter()
                tp = s.execute(select(m.Taxpayer).where(m.Taxpayer.id_number == number)).scalar_one()
                by_id.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                s.execute(
                    select(m.TaxPaymentRecord)
                    .where(m.TaxPaymentRecord.taxpayer_id == tp.id,
                           m.TaxPaymentRecord.paid_on.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
                    .order_by(m.TaxPaymentRecord.paid_on)
                ).scalars().all()
                records.append(time.perf_counter() - t0)
        engine.dispose()
    for name, samples in (("taxpayer by ID number", by_id), ("a year of records", records)):
        med, p95 = median_ms(samples), p95_ms(samples)
        figures.append(Figure(f"db: {name}, median", med, "ms", 5.0, "target 5 ms", "ratio < 1", med < 5.0))
        figures.append(Figure(f"db: {name}, p95", p95, "ms", 5.0, "target 5 ms", "ratio < 1", p95 < 5.0))
    return figures
