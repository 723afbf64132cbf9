"""The self-test's four checks in one vocabulary, for the touch screen (app/) and the command line.

Leaving maintenance returns the kiosk to service only if every check passes: the reader answers,
the printer is online with paper, the database is reachable at the current schema, the clock is
sane (a kiosk whose clock fell back to 1970 or ran ahead stamps documents wrongly).
"""

from __future__ import annotations

import datetime as dt

from kiosk.clock import LOCAL_TZ
from kiosk.services.maintenance_api import SelfTestCheck

EARLIEST = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # before this software existed
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def reader_check(answers: bool, detail: str) -> SelfTestCheck:
    return SelfTestCheck("reader", "读卡器", "Card reader", answers, detail)


def printer_check(ready: bool, detail: str) -> SelfTestCheck:
    return SelfTestCheck("printer", "打印机", "Printer", ready, detail)


def clock_check(now: dt.datetime) -> SelfTestCheck:
    if now.tzinfo is None:
        return SelfTestCheck("clock", "时钟", "Clock", False, "the clock has no time zone")
    ok = EARLIEST <= now <= LATEST
    shown = now.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
    return SelfTestCheck("clock", "时钟", "Clock", ok, shown if ok else f"{shown} is not a plausible time")
