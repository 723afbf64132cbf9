"""The pinyin input method: building its index at start-up, and one key's candidates.

Building reads pypinyin's readings and jieba's 5 MB dict.txt; it runs on a worker thread at start-up
(``kiosk.domain.pinyin.warm_up``), so the reference is the kiosk's start-up budget share we allow it
(3 s, before anyone can reach a text field). A key's candidates are computed on the GUI thread when
the view is built, so they are held to a small share of one 60 Hz frame (4 ms).
"""

from __future__ import annotations

import time

from bench.harness import Figure, median_ms, p95_ms, timed
from kiosk.domain.pinyin import PinyinEngine

BUILD_BUDGET_S = 3.0
KEY_BUDGET_MS = 4.0
TYPED = ("w", "wang", "wangf", "wangfang", "beijingshi", "zhongguancun", "shanghaishipudongxinqu")


def run() -> list[Figure]:
    t0 = time.perf_counter()
    engine = PinyinEngine.from_dictionaries()
    build = time.perf_counter() - t0
    samples = timed(lambda: [engine.candidates(t) for t in TYPED], repeat=50)
    per_key = [s / len(TYPED) for s in samples]
    return [
        Figure("pinyin index build (pypinyin + jieba dict.txt)", build, "s", BUILD_BUDGET_S, "start-up budget",
               "ratio < 1", build < BUILD_BUDGET_S),
        Figure("pinyin candidates per key, median", median_ms(per_key), "ms", KEY_BUDGET_MS, "share of a frame",
               "ratio < 1", median_ms(per_key) < KEY_BUDGET_MS),
        Figure("pinyin candidates per key, p95", p95_ms(per_key), "ms", KEY_BUDGET_MS, "share of a frame",
               "ratio < 1", p95_ms(per_key) < KEY_BUDGET_MS),
    ]
