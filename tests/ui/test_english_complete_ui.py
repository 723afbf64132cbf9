"""English mode is English everywhere (issue 12 item 7): the real kiosk on the demo seed, walked through
the tour's taxpayer flows with English as the session language; on every screen the tour photographs,
no visible text holds Chinese characters except the language button and the person's own data (the
masked name, the addresses of their own properties, what they type in Chinese)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from app.tour import MODES, STEPS, TOUR_TIMEOUTS, RecordingServices, Tour
from app.wiring import build_app, build_backend, build_maintenance
from kiosk.config import KioskConfig
from ui.automation import pump

pytestmark = [pytest.mark.gui, pytest.mark.pty, pytest.mark.slow]

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
FLOWS = ("certificate", "iit-record", "queries", "call-staff", "payment", "reconciliation",
         "rental-invoice", "rental-no-registry-record", "queue-ticket", "payment-declined", "paper-out-mid-print",
         "printer-unavailable", "reader-unplugged", "card-lifted-early")


def _exempt(w: QWidget) -> bool:
    """The language button (it names Chinese in Chinese), the pinyin candidates and the field typed into."""
    node: QWidget | None = w
    while node is not None:
        if node.property("intent") in ("language", "ime.pick") or node.objectName() in ("Candidates",):
            return True
        if node.property("intent") == "field.focus":
            return True  # an input shows what the person typed
        node = node.parentWidget()
    return False


def _typed_into(w: QWidget) -> bool:
    node = w.parentWidget()
    while node is not None:
        if node.property("intent") == "field.focus":
            return True
        node = node.parentWidget()
    return False


class EnglishTour(Tour):
    """The tour with each screenshot replaced by a scan of the screen's visible texts."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.violations: list[str] = []
        self.scanned: list[str] = []
        self.typed: set[str] = set()

    def _own(self) -> list[str]:
        """The person's own data on screen: the masked name, their properties (address, certificate
        number), and whatever they typed into a field on an earlier screen (the tenant's name)."""
        own = list(self.typed)
        args = dict(getattr(self.view.greeting, "args", ()))
        if args.get("name"):
            own.append(str(args["name"]))
        if self.flow.session is not None:
            for p in self.services.inner.rental_properties():
                own += [p.address, p.certificate_no]
        return [o for o in own if o]

    def shot(self, name: str) -> Path:
        pump(30)
        own = self._own()
        layers = [self.window.page] + ([self.window.overlay] if self.window.overlay.isVisible() else [])
        for layer in layers:
            for w in [layer, *layer.findChildren(QWidget)]:
                if not isinstance(w, QLabel | QAbstractButton) or not w.isVisible():
                    continue
                text = w.text()
                if _typed_into(w):
                    self.typed.add(text.replace("▏", ""))
                if _exempt(w):
                    continue
                for mine in own:
                    text = text.replace(mine, "")
                if CJK.search(text):
                    self.violations.append(f"{self.screen} ({name}): {w.text()!r}")
        self.scanned.append(self.screen)
        return self.out / f"{name}.png"


@pytest.fixture
def english_tour(qtbot: Any, kiosk_config: KioskConfig, tmp_path: Path) -> Iterator[EnglishTour]:
    config = dataclasses.replace(
        kiosk_config,
        kiosk=dataclasses.replace(kiosk_config.kiosk, default_language="en", demo=True),
        payment=dataclasses.replace(kiosk_config.payment, simulated_delay=0.3, simulated_outcome="paid"),
        printing=dataclasses.replace(kiosk_config.printing, a4_output_dir=str(tmp_path / "a4")),
    )
    real, device_log = build_backend(config, seed_demo_data=True)
    services = RecordingServices(real)
    app = build_app(config, simulate=True, kiosk_mode=False, services=services, timeouts=TOUR_TIMEOUTS,
                    receipts_dir=tmp_path / "receipts", tick_interval=0.1, device_log=device_log,
                    maintenance=build_maintenance(config, real))
    app.start()
    app.window.show()
    tour = EnglishTour(app, services, tmp_path, MODES["en"])  # the tour sets each session to its mode's language
    tour.ui.wait_until("devices ready", lambda: app.flow.printer_ok and app.devices.reader.status.device.value
                       == "online", 15)
    yield tour
    app.stop()
    pump(20)


def test_english_mode_shows_no_chinese_but_the_persons_own(english_tour: EnglishTour) -> None:
    for step in STEPS:
        if step.name in FLOWS:
            english_tour.walk(step)
    failed = [f"{s.name}: {s.detail}" for s in english_tour.steps if s.status != "pass"]
    assert failed == []
    assert len(english_tour.scanned) > 30
    assert english_tour.violations == [], "\n".join(english_tour.violations)
