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
        """Beep for the reminder (e.g. take your card); the words are said through the SpeechPort."""
        ...


class SpeechPort(Protocol):
    """A text-to-speech engine. ``say`` never blocks: it queues the utterance on the engine's own
    worker; ``stop`` cuts the current utterance and drops the queue (the next screen interrupts)."""

    volume: int  # 0 .. 100, applies from the next utterance

    def say(self, text: str, language: str, rate: float = 1.0) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None:
        """End the engine's worker when the kiosk stops (nothing to do for an engine without one)."""
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
