"""A kiosk for UI tests: the real window and adapter on fake services, driven by ui.automation, with the
checks every screen must pass (touch-target sizes, fitting the panel, contrast)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.flow import FlowController, FlowTimeouts, JobState, PrintOutcome
from kiosk.flow.speech import RecordingSpeech
from kiosk.flow.views import PageView
from kiosk.services.api import PrintableDocument
from ui import theme
from ui.audit import painted_background  # the one model of what the style sheet paints
from ui.automation import UiDriver, pump
from ui.controller import KioskController
from ui.theme import MIN_TARGET, PRIMARY_TARGET
from ui.window import PORTRAIT, KioskWindow


@dataclass
class FakePrinter:
    """PrinterPort: records documents; ``outcomes`` are used first, then PRINTED; ``delay`` blocks (off the GUI thread)."""

    outcomes: list[PrintOutcome] = field(default_factory=list)
    delay: float = 0.0
    printed: list[PrintableDocument] = field(default_factory=list)

    def print_document(self, document: PrintableDocument) -> PrintOutcome:
        if self.delay:
            time.sleep(self.delay)
        outcome = self.outcomes.pop(0) if self.outcomes else PrintOutcome(JobState.PRINTED, 2)
        if outcome.state == JobState.PRINTED:
            self.printed.append(document)
        return outcome


class FakeKiosk(UiDriver):
    """The real window and Qt adapter over fake services and a fake printer port, driven through
    :mod:`ui.automation`; every screen waited for is checked (targets, fit, contrast)."""

    def __init__(
        self,
        services: Any,
        *,
        printer: FakePrinter | None = None,
        timeouts: FlowTimeouts | None = None,
        size: tuple[int, int] = PORTRAIT,
        tick_interval: float = 0.05,
        speech: RecordingSpeech | None = None,
    ) -> None:
        self.services = services
        self.speech = speech or RecordingSpeech()  # what would be said (no audio in tests)
        self.printer = printer or FakePrinter()
        self.flow = FlowController(timeouts=timeouts, handover_code=lambda: "K7Q4AC")
        window = KioskWindow(size=size, kiosk_mode=False)
        super().__init__(window)
        self.window: KioskWindow = window
        self.controller = KioskController(
            self.flow, services, self.printer, window, tick_interval=tick_interval, speech=self.speech
        )
        self.screens: list[str] = []
        self.controller.view_changed.connect(lambda v: self.screens.append(v.screen))
        self.controller.start()
        window.show()
        self.checks: list[Callable[[FakeKiosk], None]] = [check_targets, check_fits, check_contrast]

    def close(self) -> None:
        self.controller.stop()
        self.window.allow_close()
        self.window.close()
        self.window.deleteLater()
        pump(20)

    @property
    def view(self) -> PageView:
        return self.controller.view

    def wait_screen(self, screen: str, timeout: float | None = None) -> None:
        super().wait_screen(screen, timeout)
        for check in self.checks:
            check(self)


# ---- checks run on every screen ------------------------------------------------------------------------
def check_targets(d: FakeKiosk) -> None:
    """Every visible tappable widget is at least 48 px both ways; primary actions at least 80 px high."""
    roots: list[QWidget] = [d.window.page] + ([d.window.overlay] if d.window.overlay.isVisible() else [])
    for root in roots:
        for b in root.findChildren(QAbstractButton):
            if not b.isVisible():
                continue
            where = f"{b.text() or b.property('intent')} on {d.screen}"
            assert b.width() >= MIN_TARGET and b.height() >= MIN_TARGET, f"{where}: {b.width()}x{b.height()}"
            if b.property("role") == "primary":
                assert b.height() >= PRIMARY_TARGET, f"{where}: primary only {b.height()} px high"


def check_fits(d: FakeKiosk) -> None:
    """The page needs no more room than the panel has (nothing clipped off-screen)."""
    hint = d.window.page.minimumSizeHint()
    assert hint.width() <= d.window.width(), f"{d.screen} needs {hint.width()} px wide"
    assert hint.height() <= d.window.height(), f"{d.screen} needs {hint.height()} px high"


def check_contrast(d: FakeKiosk) -> None:
    """Every visible text is drawn at 7:1 or better against what is behind it."""
    roots: list[QWidget] = [d.window.page] + (
        [d.window.overlay.panel] if d.window.overlay.isVisible() else []
    )
    for root in roots:
        for w in root.findChildren(QWidget):
            if not (isinstance(w, QLabel | QAbstractButton) and w.isVisible() and w.text()):
                continue
            fg = w.palette().color(w.foregroundRole()).name()
            bg = painted_background(w)
            ratio = theme.contrast_ratio(fg, bg)
            assert ratio >= 7.0, f"{w.text()!r} on {d.screen}: {fg} on {bg} is {ratio:.1f}:1"
