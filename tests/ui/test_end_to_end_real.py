"""The whole kiosk: real services on a real SQLite file, simulated reader and printer behind real ptys."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from app.wiring import build_app, build_backend
from kiosk.config import KioskConfig
from kiosk.flow import FlowTimeouts
from tests.helpers.ui_driver import pump, wait_for, widget_texts

pytestmark = [pytest.mark.gui, pytest.mark.pty]


class Driver:
    def __init__(self, kiosk: Any) -> None:
        self.kiosk = kiosk

    @property
    def screen(self) -> str:
        return self.kiosk.controller.view.screen

    def wait(self, screen: str, timeout: float = 10.0) -> None:
        wait_for(f"{screen} (now {self.screen})", lambda: self.screen == screen, timeout)

    def tap(self, intent: str, value: Any = None, any_value: bool = False) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QAbstractButton

        def find() -> Any:
            for b in self.kiosk.window.page.findChildren(QAbstractButton):
                matches = any_value or b.property("intent_value") == repr(value)
                if b.property("intent") == intent and b.isVisible() and matches:
                    return b
            return None

        wait_for(f"button {intent} {value!r} on {self.screen}", lambda: find() is not None)
        QTest.mouseClick(find(), Qt.MouseButton.LeftButton)
        pump(5)


@pytest.fixture
def kiosk(qtbot, kiosk_config: KioskConfig, tmp_path) -> Iterator[Driver]:  # type: ignore[no-untyped-def]
    config = dataclasses.replace(
        kiosk_config, payment=dataclasses.replace(kiosk_config.payment, simulated_delay=0.2)
    )
    services, device_log = build_backend(config, seed_demo_data=True)
    app = build_app(
        config,
        simulate=True,
        kiosk_mode=False,
        services=services,
        timeouts=FlowTimeouts(result_return=30, payment_poll_interval=0.1),
        receipts_dir=tmp_path / "receipts",
        tick_interval=0.1,
        device_log=device_log,
    )
    app.start()
    app.window.show()
    wait_for(
        "printer and reader online",
        lambda: app.flow.printer_ok and app.devices.reader.status.device.value == "online",
        10,
    )
    yield Driver(app)
    app.stop()
    pump(20)


def test_card_to_printed_record_to_paper_out_and_free_reprint(kiosk: Driver) -> None:
    """GIVEN the real stack on simulated devices WHEN a person reads a card, prints an IIT record, and the
    paper runs out on the next slip THEN the error offers a free reprint that comes out marked as such."""
    sims = kiosk.kiosk.devices
    sims.reader_sim.place("resident_zhang_wei")
    kiosk.wait("menu")
    kiosk.tap("menu.open", "certificates")
    kiosk.tap("cert.kind", "iit")
    kiosk.tap("cert.period", "last_year")
    kiosk.wait("certificates.confirm")
    kiosk.tap("wizard.next")
    kiosk.wait("result", 20)
    assert sims.printer_sim.wait_for_receipt(1, 5) is not None
    kiosk.tap("result.again")
    kiosk.tap("menu.open", "queue")
    kiosk.wait("queue.service")
    sims.printer_sim.run_out_after(2)
    kiosk.tap("queue.take", any_value=True)
    wait_for("the paper-out message", lambda: kiosk.screen.startswith("error.printer"), 20)
    assert kiosk.screen == "error.printer.paper_out"
    sims.printer_sim.set_paper("ok")
    wait_for("the printer back", lambda: kiosk.kiosk.flow.printer_ok, 10)
    kiosk.tap("error.retry")
    kiosk.wait("result", 20)
    receipt = sims.printer_sim.wait_for_receipt(len(sims.printer_sim.receipts), 5)
    assert receipt is not None and ("REPRINT" in receipt.text.upper() or "补打" in receipt.text)
    kiosk.tap("result.finish")
    sims.reader_sim.lift()
    kiosk.wait("attract")
    pump(50)
    assert not [t for t in widget_texts() if "110105" in t or "张" in t]

    # The technicians' history: the paper-out and its recovery, and the paper used, are in the database.
    from sqlalchemy import select

    from kiosk.persistence.models import ConsumableCounter, DeviceEvent

    dlog = kiosk.kiosk.device_log
    dlog.flush()
    with dlog._factory() as db:
        changes = [(e.device, e.to_state) for e in db.scalars(select(DeviceEvent).order_by(DeviceEvent.id))]
        paper = db.scalar(select(ConsumableCounter).where(ConsumableCounter.name == "paper_roll"))
    assert ("printer", "paper_out") in changes and ("idcard", "online") in changes
    assert paper is not None and paper.used > 0
