"""Drive a FlowController without Qt: run its effects synchronously against a fake services object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import KioskError
from kiosk.flow import (
    FlowController,
    FlowTimeouts,
    Intent,
    JobState,
    PrintOutcome,
    PrintResult,
    ServiceResult,
)
from kiosk.flow.effects import (
    Effect,
    NotifyStaff,
    PrintDocument,
    PurgeUi,
    RunDevices,
    RunMaintenance,
    RunService,
    SoundReminder,
)
from kiosk.flow.screens import ACCESS_INTENTS
from kiosk.flow.views import Block, PageKind, PageView, Txt
from kiosk.services.api import PrintableDocument
from tests.helpers.fake_maintenance import FakeDevices, FakeMaintenance
from tests.helpers.fake_services import FakeServices

SAMPLE_ID = "11010519491231002X"
SAMPLE_NAME = "张三丰"

TODAY = dt.date(2026, 11, 26)


@dataclass
class FlowDriver:
    services: FakeServices = field(default_factory=FakeServices)
    maintenance: FakeMaintenance = field(default_factory=FakeMaintenance)
    devices: FakeDevices = field(default_factory=FakeDevices)
    timeouts: FlowTimeouts = field(default_factory=FlowTimeouts)
    print_outcomes: list[PrintOutcome] = field(default_factory=list)  # consumed first, then PRINTED
    auto_run: bool = True  # run RunService/PrintDocument effects at once
    printed: list[PrintableDocument] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    staff_calls: list[NotifyStaff] = field(default_factory=list)
    purges: int = 0
    held: list[Effect] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.flow = FlowController(
            timeouts=self.timeouts, today=lambda: TODAY, handover_code=lambda: "K7Q4AC"
        )
        self.view: PageView = self.flow.start().view
        self.states: list[str] = [self.flow.state_name]

    # ---- feeding ---------------------------------------------------------------------------------
    def send(self, event: Any) -> PageView:
        t = self.flow.handle(event)
        self.view = t.view
        if self.states[-1] != t.state:
            self.states.append(t.state)
        for effect in t.effects:
            self._do(effect)
        return self.view

    def tap(self, name: str, value: Any = None) -> PageView:
        return self.send(Intent(name, value))

    def _do(self, effect: Effect) -> None:
        if isinstance(effect, SoundReminder):
            self.reminders.append(effect.reason)
        elif isinstance(effect, NotifyStaff):
            self.staff_calls.append(effect)
        elif isinstance(effect, PurgeUi):
            self.purges += 1
        elif not self.auto_run:
            self.held.append(effect)
        else:
            self.run(effect)

    def run(self, effect: Effect) -> None:
        if isinstance(effect, RunService | RunMaintenance | RunDevices):
            try:
                if isinstance(effect, RunService):
                    value = effect.call(self.services)
                elif isinstance(effect, RunMaintenance):
                    value = effect.call(self.maintenance)
                else:
                    value = effect.call(self.devices)
            except KioskError as exc:
                self.send(ServiceResult(effect.request_id, error_key=exc.message_key, error_text=str(exc)))
                return
            self.send(ServiceResult(effect.request_id, value))
        elif isinstance(effect, PrintDocument):
            outcome = (
                self.print_outcomes.pop(0) if self.print_outcomes else PrintOutcome(JobState.PRINTED, 2)
            )
            if outcome.state == JobState.PRINTED:
                self.printed.append(effect.document)
            self.send(PrintResult(effect.request_id, outcome))

    def run_held(self) -> None:
        while self.held:
            self.run(self.held.pop(0))

    # ---- reading the view ---------------------------------------------------------------------
    def intents(self) -> set[str]:
        """Every intent name the current screen offers."""
        out = {a.intent for a in self.view.actions if a.enabled}
        if self.view.kind not in (PageKind.MAINTENANCE, PageKind.OUT_OF_SERVICE):
            out |= ACCESS_INTENTS  # the bar under every public screen
        for b in self.view.blocks:
            for t in getattr(b, "tiles", ()):
                out.add(t.intent)
            for r in getattr(b, "rows", ()):
                if r.intent:
                    out.add(r.intent)
        return out


def texts(view: PageView) -> Iterator[str]:
    """Every plain string and every message key a view carries (recursively)."""

    def walk(obj: Any) -> Iterator[str]:
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, Txt):
            yield obj.key
            for _, v in obj.args:
                yield from walk(v)
        elif isinstance(obj, tuple | list):
            for v in obj:
                yield from walk(v)
        elif hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:
                yield from walk(getattr(obj, name))

    yield from walk(view)


def keys(view: PageView | Block) -> set[str]:
    out: set[str] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, Txt):
            out.add(obj.key)
            for _, v in obj.args:
                walk(v)
        elif isinstance(obj, tuple | list):
            for v in obj:
                walk(v)
        elif hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:
                walk(getattr(obj, name))

    walk(view)
    return out
