"""What the flow asks the outside world to do, as plain data; the Qt adapter carries it out off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.documents import PrintableDocument
from kiosk.flow.context import DevicesCall, MaintenanceCall, ServiceCall


@dataclass(frozen=True)
class RunService:
    """Run ``call(services)`` off the GUI thread (after ``delay`` s) and answer with ServiceResult."""

    request_id: int
    call: ServiceCall[Any] = field(repr=False)  # its arguments may be personal data: never logged
    delay: float = 0.0


@dataclass(frozen=True)
class RunMaintenance:
    """Run ``call(maintenance)`` off the GUI thread and answer with ServiceResult."""

    request_id: int
    call: MaintenanceCall[Any] = field(repr=False)


@dataclass(frozen=True)
class RunDevices:
    """Run ``call(devices)`` off the GUI thread (a self-test may take seconds); answer with ServiceResult."""

    request_id: int
    call: DevicesCall[Any] = field(repr=False)


@dataclass(frozen=True)
class PrintDocument:
    """Print a document on the receipt printer (with print-job bookkeeping); answer with PrintResult."""

    request_id: int
    document: PrintableDocument = field(repr=False)


@dataclass(frozen=True)
class SoundReminder:
    """Beep and speak: ``reason`` is a message key such as "remind.take_card", said in ``language``
    (the language of the session that just ended, not the attract screen's)."""

    reason: str
    language: str = ""


@dataclass(frozen=True)
class RepeatSpeech:
    """Say the current page again (the "repeat" button)."""


@dataclass(frozen=True)
class NotifyStaff:
    """Ask staff to come; the code on screen lets them find this session's context."""

    handover_code: str
    step: str  # the state the person was in, e.g. "payment.pay" (never personal data)
    error_key: str = ""  # the message key on screen, if an error was shown

    @property
    def context(self) -> str:
        return f"{self.step} {self.error_key}".strip()


@dataclass(frozen=True)
class PurgeUi:
    """The session ended: destroy every widget that showed personal data, clear input buffers."""


Effect = (
    RunService | RunMaintenance | RunDevices | PrintDocument | SoundReminder | RepeatSpeech | NotifyStaff | PurgeUi
)
