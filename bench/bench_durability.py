"""What power-safe commits cost: one journal step per commit, synchronous=FULL against NORMAL (WAL).

The kiosk runs SQLite in WAL mode with ``synchronous=FULL`` (kiosk.persistence.db) so that a step
committed before the payment host is called survives a power cut. The reference is the same work
with ``synchronous=NORMAL``, which only syncs at checkpoints. A session commits a few dozen steps, so
the figure to judge is the time per commit against the ~100 ms a person would notice.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from bench.harness import Figure, median_ms
from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.services.journal import Journal, TransactionKind, TransactionState

COMMITS = 200


def _per_commit(path: Path, synchronous: str) -> list[float]:
    engine = make_engine(f"sqlite:///{path}")
    if synchronous != "FULL":
        event.listen(engine, "connect", lambda c, _r: c.execute(f"PRAGMA synchronous={synchronous}"))
    upgrade(engine)
    engine.dispose()
    journal = Journal(session_factory(engine))
    samples = []
    for _ in range(COMMITS // 2):
        t0 = time.perf_counter()
        tx = journal.begin(TransactionKind.PAYMENT, session_id=None, taxpayer_id=None)
        t1 = time.perf_counter()
        journal.advance(tx, TransactionState.CONFIRMED, "bench")
        t2 = time.perf_counter()
        samples += [t1 - t0, t2 - t1]
    engine.dispose()
    return samples


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(dir=".") as tmp:  # on the disk the kiosk uses, not a tmpfs
        full = median_ms(_per_commit(Path(tmp) / "full.db", "FULL"))
        normal = median_ms(_per_commit(Path(tmp) / "normal.db", "NORMAL"))
    return [
        Figure("durability: journal commit, synchronous=FULL (WAL)", full, "ms", normal,
               "synchronous=NORMAL, same commits", "", None, f"median of {COMMITS} commits"),
        Figure("durability: journal commit, synchronous=FULL, against 100 ms", full, "ms", 100.0,
               "100 ms a person notices", "ratio < 0.1", full < 10.0),
    ]
