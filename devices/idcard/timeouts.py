"""Per-stage deadlines of the ID card reader: the one definition (the kiosk's configuration uses it).

Standard library only, so configuration code can import it without opening anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from devices.idcard.codec import Command


@dataclass(frozen=True)
class StageTimeouts:
    """Seconds each stage of the reader's protocol may take (vendor code uses these ranges)."""

    reset: float = 1.0
    status: float = 0.5
    find: float = 0.8
    select: float = 0.5
    read: float = 3.5

    def for_stage(self, stage: str) -> float:
        """The deadline of ``stage`` (a ``Command.stage``: reset, status, find, select or read)."""
        match stage:
            case "reset":
                return self.reset
            case "status":
                return self.status
            case "find":
                return self.find
            case "select":
                return self.select
            case "read":
                return self.read
        raise ValueError(f"no such stage of the ID card reader: {stage!r}")

    def for_command(self, command: Command) -> float:
        return self.for_stage(command.stage)


__all__ = ["StageTimeouts"]
