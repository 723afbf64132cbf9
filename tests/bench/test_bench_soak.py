"""The soak benchmark's own code: a short run on the whole kiosk, and its arithmetic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_soak import Sample, SoakResult, from_json, table

ROOT = Path(__file__).resolve().parents[2]


def test_growth_and_fd_drift_are_measured_from_the_end_of_warm_up() -> None:
    r = SoakResult(samples=[Sample(0, 100_000, 20, 0), Sample(10, 200_000, 26, 1),
                            Sample(20, 210_000, 26, 2), Sample(30, 220_000, 27, 3)], warmup=10)
    assert r.growth == pytest.approx(0.10)
    assert r.fd_drift == 1  # 26 -> 27 after the first sessions: not flat
    # a pooled database connection more or less is the pool breathing, not a leak
    pooled = SoakResult(samples=[Sample(0, 1, 20, 0, 2), Sample(10, 1, 28, 1, 6), Sample(20, 1, 26, 2, 4)])
    assert pooled.fd_drift == 0
    assert pooled.db_connections == 3
    assert "<- end of warm-up" in table(r).splitlines()[2]


@pytest.mark.slow
@pytest.mark.gui
@pytest.mark.pty
@pytest.mark.timeout(300)
def test_twenty_sessions_through_the_real_kiosk() -> None:
    """GIVEN the real kiosk on simulated devices, in a process of its own (so that the open files
    counted are the kiosk's, not a test process's that holds what earlier tests left) WHEN 20
    sessions of the soak's mix run through its screens THEN every kind of session ran, memory and
    open files were sampled at 0, 10 and 20 sessions, and no file descriptor was left open by a
    session."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "bench.bench_soak", "--sessions", "20", "--every", "10"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=280, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = from_json(done.stdout.strip().splitlines()[-1])
    assert [s.sessions for s in result.samples] == [0, 10, 20]
    assert set(result.counts) == {"iit_record", "queue_ticket", "payment", "queries", "certificate",
                                  "call_staff"}
    assert sum(result.counts.values()) == 20
    assert all(s.rss_kb > 10_000 for s in result.samples)
    assert result.fd_drift == 0, table(result)
    assert all(s.db_fds >= 2 for s in result.samples), table(result)  # the database is really counted
