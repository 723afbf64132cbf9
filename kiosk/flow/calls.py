"""Calls in flight: request ids, the named method each answer goes to, stale answers dropped.

A call goes to one of three ports (the services, the maintenance services, the running devices);
the typed entry points on the controller check each call against its port, and here a call is
only carried to the right effect. A call belongs to the session it was made in; when that session
ends, a late answer is dropped (its continuation never runs), so one person's data never reaches
the next person's screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from kiosk.flow.effects import RunDevices, RunMaintenance, RunService
from kiosk.flow.events import ServiceResult
from kiosk.flow.views import Text

T = TypeVar("T")


class CallTarget(StrEnum):
    SERVICES = "services"
    MAINTENANCE = "maintenance"
    DEVICES = "devices"


class RequestIds:
    """One counter for calls and print jobs (the "please wait" screen waits for one id)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        self._last += 1
        return self._last


@dataclass(frozen=True)
class PendingCall(Generic[T]):
    call: Callable[[Any], T]  # typed against its port by the controller's entry points
    then: Callable[[T], None]
    on_error: Callable[[ServiceResult], None] | None
    wait: Text | None
    delay: float
    session: int
    target: CallTarget = CallTarget.SERVICES


class PendingCalls:
    def __init__(self, ids: RequestIds) -> None:
        self._ids = ids
        self._pending: dict[int, PendingCall[Any]] = {}

    def request(self, pending: PendingCall[Any]) -> RunService | RunMaintenance | RunDevices:
        rid = self._ids.next()
        self._pending[rid] = pending
        match pending.target:
            case CallTarget.SERVICES:
                return RunService(rid, pending.call, pending.delay)
            case CallTarget.MAINTENANCE:
                return RunMaintenance(rid, pending.call)
            case CallTarget.DEVICES:
                return RunDevices(rid, pending.call)

    def answer(self, result: ServiceResult, session: int) -> PendingCall[Any] | None:
        """The call this answers, or None when it is unknown or belongs to an ended session."""
        pending = self._pending.pop(result.request_id, None)
        if pending is None or pending.session != session:
            return None
        return pending

    def clear(self) -> None:
        self._pending.clear()

    def __bool__(self) -> bool:
        return bool(self._pending)
