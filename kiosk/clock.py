"""Time for the services: an injectable clock, UTC in the database, the tax office's local day on paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

Clock = Callable[[], dt.datetime]  # returns an aware datetime

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_db(moment: dt.datetime) -> dt.datetime:
    """Naive UTC, as every DateTime column of kiosk.persistence.models stores it."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def from_db(stored: dt.datetime) -> dt.datetime:
    return stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored


def local_day(moment: dt.datetime) -> dt.date:
    return from_db(moment).astimezone(LOCAL_TZ).date()
