"""What the kiosk knows about its devices at a glance: for the technicians' status screen and report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceSnapshot:
    device: str  # idcard, printer
    state: str  # DeviceState value: online, offline, no_device, hardware_error, user_error, busy
    problem_key: str  # the message key of what is wrong ("" when nothing is)
    since: dt.datetime | None  # when the last change happened (aware, UTC)
    last_change: str  # "from X to Y (reason)"
    errors_since_start: int  # changes into a state that is not online since the kiosk started
    reconnects: int  # times the port was lost and opened again since start-up
    detail: tuple[tuple[str, str], ...] = ()  # (label key, value): paper level, cover, SAM id, model ...
