"""The print-job state: one vocabulary from the printer driver up to the screen.

The driver finishes a job as PRINTED, SENT_UNCONFIRMED, INCOMPLETE or FAILED; the kiosk's print
book stores the same values (and PRINTING while a job runs), and the screen flow decides from them
whether a free reprint is owed. SENT_UNCONFIRMED is the honest end of a job on a printer that
cannot confirm print-out (it never answers GS r): every byte reached the printer and it reported
no fault, but nobody knows it is on paper. It counts as printed (never reprinted by itself, never
"failed"), and is stored as such so a technician can tell the two apart. Standard library only, so every layer may import it without pulling in a driver.
"""

from __future__ import annotations

from enum import StrEnum


class JobState(StrEnum):
    PRINTING = "printing"  # submitted, not finished yet
    PRINTED = "printed"  # every part confirmed on paper
    SENT_UNCONFIRMED = "sent_unconfirmed"  # every byte went out, no fault seen, print-out not confirmed
    INCOMPLETE = "incomplete"  # some bytes went out: the slip may be torn or half printed
    FAILED = "failed"  # nothing was sent (the printer could not take the job)

    @property
    def finished(self) -> bool:
        return self is not JobState.PRINTING

    @property
    def counts_as_printed(self) -> bool:
        """True when the document is taken as handed out: PRINTED, or SENT_UNCONFIRMED."""
        return self in (JobState.PRINTED, JobState.SENT_UNCONFIRMED)

    @property
    def text(self) -> str:
        """A few English words for the command line and logs."""
        return "sent, not confirmed" if self is JobState.SENT_UNCONFIRMED else self.value


__all__ = ["JobState"]
