"""What the flow's effects need from the outside, besides the services (implemented in app/)."""

from __future__ import annotations

from typing import Protocol

from kiosk.domain.devices import DeviceSnapshot
from kiosk.domain.documents import PrintableDocument
from kiosk.flow.events import PrintOutcome
from kiosk.services.maintenance_api import SelfTestCheck


class PrinterPort(Protocol):
    def print_document(self, document: PrintableDocument) -> PrintOutcome:
        """Print with print-job bookkeeping; blocks until done or given up (run off the GUI thread)."""
        ...


class SoundPort(Protocol):
    def remind(self, reason: str) -> None:
        """Beep and, later, speak the reminder (e.g. take your card)."""
        ...


class StaffPort(Protocol):
    def call_staff(self, handover_code: str, step: str, error_key: str) -> None:
        """Record the call (and tell the hall); may block: run off the GUI thread."""
        ...


class DevicesPort(Protocol):
    """The running devices as technicians see them (app/ implements it over the drivers)."""

    def snapshot(self) -> list[DeviceSnapshot]: ...

    def self_test(self) -> list[SelfTestCheck]:
        """Reader answers, printer online with paper, database reachable, clock sane."""
        ...
