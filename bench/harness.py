"""A tiny benchmark harness: each bench_*.py module has ``run() -> list[Figure]``.

A figure is a measurement with its reference (a physical limit such as wire time, a peer such as
python-escpos, or a target) and the ratio between them, so a table can say "1.04x wire time".
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    target: str = ""  # e.g. "ratio < 1.1"
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference in (None, 0):
            return None
        return self.value / self.reference  # type: ignore[operator]

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["ratio"] = None if self.ratio is None else round(self.ratio, 4)
        return d


def timed(fn: Callable[[], object], repeat: int = 30, warmup: int = 3) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def p95_ms(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] * 1000.0
