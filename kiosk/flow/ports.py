"""What the flow's effects need from the outside, besides the services (implemented in app/)."""

from __future__ import annotations

from typing import Protocol

from kiosk.flow.events import PrintOutcome
from kiosk.services.api import PrintableDocument


class PrinterPort(Protocol):
    def print_document(self, document: PrintableDocument) -> PrintOutcome:
        """Print with print-job bookkeeping; blocks until done or given up (run off the GUI thread)."""
        ...


class SoundPort(Protocol):
    def remind(self, reason: str) -> None:
        """Beep and, later, speak the reminder (e.g. take your card)."""
        ...


class StaffPort(Protocol):
    def call_staff(self, handover_code: str, context: str) -> None: ...
