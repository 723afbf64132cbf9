"""The session's clocks: idle warning and timeout, the result screen's countdown, card reminders.

Pure bookkeeping driven by Tick events; the controller decides what each outcome means. The idle
clock stands still while a device, the payment or the host is working (kiosk-ux.md: never time
out while waiting on them) and on the attract and reading screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.flow.context import FlowTimeouts


class ClockOutcome(StrEnum):
    NOTHING = "tick"
    IDLE_WARNING = "idle warning"
    IDLE_TIMEOUT = "idle timeout"
    RESULT_TIMEOUT = "result shown long enough"


@dataclass
class SessionClocks:
    timeouts: FlowTimeouts
    idle: float = 0.0
    idle_warning: float | None = None  # seconds left in the "are you still there?" countdown
    result_left: float | None = None  # seconds before the result screen returns to the start
    reminders_left: int = 0
    reminder_clock: float = 0.0

    def touch(self) -> None:
        """A person did something: the idle clock starts again and any warning is gone."""
        self.idle = 0.0
        self.idle_warning = None

    def reset(self) -> None:
        self.touch()
        self.result_left = None

    def start_result(self) -> None:
        self.result_left = self.timeouts.result_return

    def start_reminders(self) -> None:
        self.reminders_left = self.timeouts.reminder_repeats or -1  # -1: until the card is taken
        self.reminder_clock = 0.0

    def stop_reminders(self) -> None:
        self.reminders_left = 0

    def remind_due(self, seconds: float) -> bool:
        """Count the card-reminder clock; True when another reminder is due now."""
        if not self.reminders_left:
            return False
        self.reminder_clock += seconds
        if self.reminder_clock < self.timeouts.reminder_interval:
            return False
        self.reminder_clock = 0.0
        if self.reminders_left > 0:
            self.reminders_left -= 1
        return True

    def tick_result(self, seconds: float) -> ClockOutcome:
        assert self.result_left is not None
        self.result_left -= seconds
        return ClockOutcome.RESULT_TIMEOUT if self.result_left <= 0 else ClockOutcome.NOTHING

    def tick_idle(self, seconds: float) -> ClockOutcome:
        if self.idle_warning is None:
            self.idle += seconds
            if self.idle >= self.timeouts.idle_warning:
                self.idle_warning = self.timeouts.idle_countdown
                return ClockOutcome.IDLE_WARNING
            return ClockOutcome.NOTHING
        self.idle_warning -= seconds
        return ClockOutcome.IDLE_TIMEOUT if self.idle_warning <= 0 else ClockOutcome.NOTHING

    @staticmethod
    def whole_seconds(left: float | None) -> int | None:
        """What a countdown shows: whole seconds, rounded up, never negative."""
        return None if left is None else max(0, int(-(-left // 1)))
