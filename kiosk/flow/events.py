"""What happens to the kiosk, as plain data the flow controller consumes (no Qt).

Device drivers, the service worker and the UI all speak to the flow only through these events;
the Qt adapter (ui/controller.py) marshals them onto the GUI thread first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from devices.printjob import JobState


@dataclass(frozen=True)
class CardPlaced:
    """A card lies on the reader; reading has begun."""


@dataclass(frozen=True)
class CardRead:
    id_number: str
    name: str
    card_type: str
    birth_date: dt.date | None = None  # only to offer large text and slow speech at 65+ (never kept)

    def __repr__(self) -> str:  # never show the person in logs or test output
        return f"CardRead(card_type={self.card_type!r})"


@dataclass(frozen=True)
class CardReadFailed:
    reason_key: str = "card.read_failed"


@dataclass(frozen=True)
class CardRemoved:
    """The card was lifted off the reader."""


@dataclass(frozen=True)
class Intent:
    """A person tapped something: ``name`` says what, ``value`` which."""

    name: str
    value: Any = None


@dataclass(frozen=True)
class UserActivity:
    """Any touch anywhere (resets the idle clock even when it changes nothing else)."""


@dataclass(frozen=True)
class Tick:
    """Time passed (seconds since the last tick); drives every countdown in the flow."""

    seconds: float = 1.0


@dataclass(frozen=True)
class ServiceResult:
    """The answer to a RunService effect: ``value`` or an error's message key."""

    request_id: int
    value: Any = None
    error_key: str | None = None
    error_text: str = ""  # English, for the log only

    @property
    def ok(self) -> bool:
        return self.error_key is None


@dataclass(frozen=True)
class PrintOutcome:
    state: JobState  # PRINTED, INCOMPLETE or FAILED (nothing came out / the printer took nothing)
    parts_done: int = 0
    reason_key: str = ""  # printer.paper_out, printer.cover_open, printer.offline, ...
    job_id: str = ""


@dataclass(frozen=True)
class PrintResult:
    request_id: int
    outcome: PrintOutcome


class Device(StrEnum):
    IDCARD = "idcard"
    PRINTER = "printer"


class Health(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # works, with a warning (paper near end)
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class DeviceStatus:
    device: Device
    health: Health
    reason_key: str = ""  # printer.paper_out, printer.cover_open, device.unplugged, ...


@dataclass(frozen=True)
class EndSession:
    """End whatever is going on and return to the attract screen (shutdown, maintenance, recovery)."""

    reason: str = "reset"


@dataclass(frozen=True)
class StaffOnTheWay:
    """The hall console acknowledged the staff call with this hand-over code (kiosk.hall)."""

    code: str
    by: str = ""


@dataclass(frozen=True)
class RemoteService:
    """The hall console took the kiosk out of service (``out_of_service``) or returned it."""

    out_of_service: bool
    reason: str = ""
    by: str = ""


Event = (
    CardPlaced
    | CardRead
    | CardReadFailed
    | CardRemoved
    | Intent
    | UserActivity
    | Tick
    | ServiceResult
    | PrintResult
    | DeviceStatus
    | EndSession
    | StaffOnTheWay
    | RemoteService
)
