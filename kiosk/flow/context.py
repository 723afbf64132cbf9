"""What a wizard may ask of the kiosk: a narrow protocol the flow controller implements.

Wizards depend on this protocol, never on the controller, so the two cannot import each other.
A service call is a typed callable that takes the services object (``lambda s: s.list_dues()``):
the type checker follows it to :class:`~kiosk.services.api.KioskServicesPort` and checks that its
result fits the named method that continues the wizard (``then=self._got_dues``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeAlias, TypeVar

from kiosk.domain.documents import PrintableDocument
from kiosk.flow.events import ServiceResult
from kiosk.flow.ports import DevicesPort
from kiosk.flow.views import Action, Block, Text
from kiosk.services.api import KioskServicesPort, TaxpayerView
from kiosk.services.maintenance_api import MaintenancePort

T = TypeVar("T")

ServiceCall: TypeAlias = Callable[[KioskServicesPort], T]
"""One request to the services, run off the GUI thread: ``lambda s: s.reprint(number)``."""

MaintenanceCall: TypeAlias = Callable[[MaintenancePort], T]
"""One request to the maintenance services: ``lambda m: m.counters()``."""

DevicesCall: TypeAlias = Callable[[DevicesPort], T]
"""One request to the running devices: ``lambda d: d.self_test()``."""

ErrorAction: TypeAlias = tuple[Action, Callable[[], None]]
"""A button on an error screen and the (named) method it runs."""

PrintDone: TypeAlias = Callable[[bool, str], None]
"""Called once a print is over or given up: ``(printed, reason message key)``."""


@dataclass(frozen=True)
class FlowTimeouts:
    """Seconds (kiosk-ux.md: warn after 60-90 s idle, count down >= 20 s, result back after ~30 s)."""

    idle_warning: float = 75.0
    idle_countdown: float = 30.0
    result_return: float = 30.0
    payment_poll_interval: float = 1.0
    reminder_interval: float = 15.0
    reminder_repeats: int = 0  # 0: until the card is taken


class WizardContext(Protocol):
    """The kiosk as a wizard sees it."""

    @property
    def language(self) -> str: ...

    @property
    def printer_ok(self) -> bool: ...

    @property
    def timeouts(self) -> FlowTimeouts: ...

    def today(self) -> dt.date: ...

    def call(
        self,
        fn: ServiceCall[T],
        *,
        then: Callable[[T], None],
        wait: Text | None = None,
        on_error: Callable[[ServiceResult], None] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Ask the services for something; ``then(value)`` runs when the answer comes. With ``wait``
        the "please wait" screen shows meanwhile; without ``on_error`` a failure shows an error
        screen with "Try again"."""
        ...

    def print_document(self, doc: PrintableDocument, then: PrintDone) -> None: ...

    def show_wizard(self) -> None: ...

    def show_result(self, title: Text, blocks: tuple[Block, ...], *, took_slip: bool) -> None: ...

    def show_error(
        self,
        key: str,
        *,
        title: Text | None = None,
        blocks: tuple[Block, ...] | None = None,
        actions: list[ErrorAction] | None = None,
        finish: Text | None = None,
    ) -> None: ...

    def to_menu(self) -> None: ...

    def end_session(self, reason: str) -> None: ...


class StaffEntryContext(WizardContext, Protocol):
    """What the staff-assisted start needs besides: leaving to the hand-over screen, or a session."""

    def leave_staff_entry(self) -> None: ...

    def staff_session_started(self, taxpayer: TaxpayerView) -> None: ...
