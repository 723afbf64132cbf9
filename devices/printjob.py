"""The print-job state: one vocabulary from the printer driver up to the screen.

The driver finishes a job as PRINTED, INCOMPLETE or FAILED; the kiosk's print book stores the same
values (and PRINTING while a job runs), and the screen flow decides from them whether a free
reprint is owed. Standard library only, so every layer may import it without pulling in a driver.
"""

from __future__ import annotations

from enum import StrEnum


class JobState(StrEnum):
    PRINTING = "printing"  # submitted, not finished yet
    PRINTED = "printed"  # every part confirmed on paper
    INCOMPLETE = "incomplete"  # some bytes went out: the slip may be torn or half printed
    FAILED = "failed"  # nothing was sent (the printer could not take the job)

    @property
    def finished(self) -> bool:
        return self is not JobState.PRINTING


__all__ = ["JobState"]
