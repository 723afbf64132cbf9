"""The soak benchmark's own code: a short run on the whole kiosk, and its arithmetic."""

from __future__ import annotations

import pytest

from bench.bench_soak import Sample, SoakResult, soak, table


def test_growth_and_fd_drift_are_measured_from_the_end_of_warm_up() -> None:
    r = SoakResult(samples=[Sample(0, 100_000, 20, 0), Sample(10, 200_000, 26, 1),
                            Sample(20, 210_000, 26, 2), Sample(30, 220_000, 27, 3)], warmup=10)
    assert r.growth == pytest.approx(0.10)
    assert r.fd_drift == 1  # 26 -> 27 after the first sessions: not flat
    assert "<- end of warm-up" in table(r).splitlines()[2]


@pytest.mark.slow
@pytest.mark.gui
@pytest.mark.pty
@pytest.mark.timeout(300)
def test_twenty_sessions_through_the_real_kiosk(qtbot) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the real kiosk on simulated devices WHEN 20 sessions of the soak's mix run through its
    screens THEN every kind of session ran, memory and open files were sampled at 0, 10 and 20
    sessions, and no file descriptor was left open by a session."""
    result = soak(sessions=20, every=10)
    assert [s.sessions for s in result.samples] == [0, 10, 20]
    assert set(result.counts) == {"iit_record", "queue_ticket", "payment", "queries", "certificate",
                                  "call_staff"}
    assert sum(result.counts.values()) == 20
    assert all(s.rss_kb > 10_000 for s in result.samples)
    assert result.fd_drift == 0, table(result)
