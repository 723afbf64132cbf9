"""Helpers shared by the ID card reader tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from devices.idcard.driver import ReaderEvent, StageTimeouts, StatusChanged
from devices.status import DeviceState

# Short deadlines keep the fault tests quick; the read stage still allows a 1295-byte reply.
FAST = StageTimeouts(reset=0.3, status=0.2, find=0.2, select=0.2, read=0.5)


class EventLog:
    """Collects a reader's events (from the driver thread) and waits for the ones a test expects."""

    def __init__(self) -> None:
        self.events: list[ReaderEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: ReaderEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self.events)

    def wait_for(self, pred: Callable[[ReaderEvent], bool], timeout: float = 3.0, since: int = 0) -> ReaderEvent:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[since:]:
                    if pred(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching event within {timeout} s; got {self.events[since:]}")
                self._cond.wait(left)

    def wait_type(self, kind: type, timeout: float = 3.0, since: int = 0) -> ReaderEvent:
        return self.wait_for(lambda e: isinstance(e, kind), timeout, since)

    def wait_device(self, state: DeviceState, timeout: float = 3.0, since: int = 0) -> StatusChanged:
        event = self.wait_for(lambda e: isinstance(e, StatusChanged) and e.status.device is state, timeout, since)
        assert isinstance(event, StatusChanged)
        return event

    def of_type(self, kind: type, since: int = 0) -> list[ReaderEvent]:
        with self._cond:
            return [e for e in self.events[since:] if isinstance(e, kind)]
