"""A hall on one PostgreSQL: 20 kiosks x 50 sessions at once (``kiosk fleet simulate``).

The bench starts its own throwaway PostgreSQL server (the binaries scripts/with-postgres.sh uses,
installed with apt when root and missing), with fsync on (the test server of ``make test`` runs
with fsync=off), in a temporary directory on loopback, and stops it afterwards.

Reference for latency: the 50 ms p95 target. Caveat printed with the figures: here all 20 kiosk
processes and the server share the machine's cores (2 on the team machines, shared with other
work), while a real hall gives every kiosk its own computer; the ``db`` figures are the part of
each call spent in the shared database, which is what sharing it costs each kiosk.
"""

from __future__ import annotations

import contextlib
import glob
import os
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.harness import Figure

KIOSKS = int(os.environ.get("BENCH_FLEET_KIOSKS", "20"))
SESSIONS = int(os.environ.get("BENCH_FLEET_SESSIONS", "50"))
TARGET_P95_MS = 50.0


def _bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not found and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], check=False,
                       timeout=900, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                       stdout=subprocess.DEVNULL)
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return found[-1] if found else None


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A PostgreSQL server in a temporary directory; yields its SQLAlchemy URL (None: none here)."""
    bindir = _bindir()
    if bindir is None:
        yield None
        return
    root = os.geteuid() == 0
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-pg-"))
    if root:
        shutil.chown(tmp, "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if root else []
    port = 20000 + random.randrange(20000)
    data = tmp / "data"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, timeout=120, stdout=subprocess.DEVNULL)

    run(f"{bindir}/initdb", "-D", str(data), "-U", "kiosk", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    run(f"{bindir}/pg_ctl", "-D", str(data), "-l", str(tmp / "log"), "-w", "start",
        "-o", f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c max_connections=200")
    try:
        run(f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "kiosk", "kiosk_bench")
        yield f"postgresql+psycopg://kiosk@127.0.0.1:{port}/kiosk_bench"
    finally:
        subprocess.run([*prefix, f"{bindir}/pg_ctl", "-D", str(data), "-m", "fast", "stop"], check=False,
                       timeout=120, stdout=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


def run() -> list[Figure]:
    from kiosk.cli.fleet import simulate

    with throwaway_postgres() as url:
        if url is None:
            return [Figure("fleet: no PostgreSQL server here (skipped)", 0, "", note="apt-get install postgresql")]
        t0 = time.perf_counter()
        r = simulate(url, KIOSKS, SESSIONS, seed=7, taxpayers=400)
        wall = time.perf_counter() - t0
    name = f"fleet {KIOSKS}x{SESSIONS} on PostgreSQL"
    cores = os.cpu_count() or 1
    floor_s = r["kiosk_cpu_s_per_session"] * r["sessions_done"] / cores
    note = f"{KIOSKS} kiosk processes + server on {cores} shared cores; {r['service_calls']} service calls"
    figures = [
        Figure(f"{name}: p95 service latency", r["p95_ms"], "ms", TARGET_P95_MS, "target 50 ms", "ratio < 1",
               r["p95_ms"] < TARGET_P95_MS, note),
        Figure(f"{name}: p50 service latency", r["p50_ms"], "ms", TARGET_P95_MS, "target 50 ms", "", None),
        Figure(f"{name}: p95 time in the database", r["db_p95_ms"], "ms", TARGET_P95_MS, "target 50 ms",
               "ratio < 1", r["db_p95_ms"] < TARGET_P95_MS, "statements, lock waits and commits per call"),
        Figure(f"{name}: DB-bound calls p95 (payments, print booking, lookups; no rendering)", r["db_bound_p95_ms"], "ms",
               TARGET_P95_MS, "target 50 ms", "ratio < 1", r["db_bound_p95_ms"] < TARGET_P95_MS,
               f"p50 {r['db_bound_p50_ms']} ms; in the database p95 {r['db_bound_db_p95_ms']} ms"),
        Figure(f"{name}: document issuing p95 (queue ticket and documents: build, number, render, sign)", r["document_p95_ms"], "ms",
               TARGET_P95_MS, "target 50 ms", "ratio < 1", r["document_p95_ms"] < TARGET_P95_MS,
               f"p50 {r['document_p50_ms']} ms; own CPU p50 {r['document_cpu_p50_ms']} ms, "
               f"in the database p95 {r['document_db_p95_ms']} ms"),
        # the physical floor: the kiosks' CPU seconds for all sessions spread over this machine's cores
        # (the PostgreSQL server's own CPU comes on top and is not counted here)
        Figure(f"{name}: CPU floor of the run on {cores} cores", round(floor_s, 1), "s", r["run_s_mean"],
               "mean kiosk run time", "ratio <= 1", None,
               f"{r['kiosk_cpu_s_per_session'] * 1000:.0f} ms kiosk CPU per session x {r['sessions_done']} "
               f"sessions / {cores} cores"),
        Figure(f"{name}: sessions done", r["sessions_done"], "", KIOSKS * SESSIONS, "sessions run", "ratio > 0.95",
               r["sessions_done"] >= 0.95 * KIOSKS * SESSIONS, f"{r['documents_issued']} documents, wall {wall:.0f} s"),
    ]
    for key in ("duplicate_document_numbers", "document_number_gaps", "duplicate_queue_numbers",
                "lost_payments", "doubled_payments", "kiosks_crashed"):
        figures.append(Figure(f"{name}: {key.replace('_', ' ')}", r[key], "", None, "", "0", r[key] == 0))
    return figures
