"""The whole kiosk: real services on a real SQLite file, simulated reader and printer behind real ptys."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from app.wiring import KioskApp, build_app, build_backend
from kiosk.config import KioskConfig
from kiosk.flow import FlowTimeouts
from ui.automation import ANY, UiDriver, live_texts, pump

pytestmark = [pytest.mark.gui, pytest.mark.pty]


class RealKiosk(UiDriver):
    """The whole application, driven through its window by ui.automation."""

    def __init__(self, app: KioskApp) -> None:
        super().__init__(app.window, timeout=10.0)
        self.app = app


@pytest.fixture
def kiosk(qtbot, kiosk_config: KioskConfig, tmp_path) -> Iterator[RealKiosk]:  # type: ignore[no-untyped-def]
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
    driver = RealKiosk(app)
    driver.wait_until(
        "printer and reader online",
        lambda: app.flow.printer_ok and app.devices.reader.status.device.value == "online",
    )
    yield driver
    app.stop()
    pump(20)


def test_card_to_printed_record_to_paper_out_and_free_reprint(kiosk: RealKiosk) -> None:
    """GIVEN the real stack on simulated devices WHEN a person reads a card, prints an IIT record, and the
    paper runs out on the next slip THEN the error offers a free reprint that comes out marked as such."""
    sims = kiosk.app.devices
    sims.reader_sim.place("resident_zhang_wei")
    kiosk.wait_screen("menu")
    kiosk.tap("menu.open", "certificates")
    kiosk.tap("cert.kind", "iit")
    kiosk.tap("cert.period", "last_year")
    kiosk.wait_screen("certificates.confirm")
    kiosk.tap("wizard.next")
    kiosk.wait_screen("result", 20)
    assert sims.printer_sim.wait_for_receipt(1, 5) is not None
    kiosk.tap("result.again")
    kiosk.tap("menu.open", "queue")
    kiosk.wait_screen("queue.service")
    sims.printer_sim.run_out_after(2)
    kiosk.tap("queue.take", ANY)
    kiosk.wait_until("the paper-out message", lambda: kiosk.screen.startswith("error.printer"), 20)
    assert kiosk.screen == "error.printer.paper_out"
    sims.printer_sim.set_paper("ok")
    kiosk.wait_until("the printer back", lambda: kiosk.app.flow.printer_ok)
    kiosk.tap("error.retry")
    kiosk.wait_screen("result", 20)
    receipt = sims.printer_sim.wait_for_receipt(len(sims.printer_sim.receipts), 5)
    assert receipt is not None and ("REPRINT" in receipt.text.upper() or "补打" in receipt.text)
    kiosk.tap("result.finish")
    sims.reader_sim.lift()
    kiosk.wait_screen("attract")
    pump(50)
    # The person's name and ID area code, not a lone character: "张" is also in 纸张 (paper) on screens
    # that earlier tests leave behind.
    assert not [t for t in live_texts(kiosk.app.window) if "110105" in t or "张伟" in t]

    # The technicians' history: the paper-out and its recovery, and the paper used, are in the database.
    from sqlalchemy import select

    from kiosk.persistence.models import ConsumableCounter, DeviceEvent

    dlog = kiosk.app.device_log
    dlog.flush()
    with dlog._factory() as db:
        changes = [(e.device, e.to_state) for e in db.scalars(select(DeviceEvent).order_by(DeviceEvent.id))]
        paper = db.scalar(select(ConsumableCounter).where(ConsumableCounter.name == "paper_roll"))
    assert ("printer", "paper_out") in changes and ("idcard", "online") in changes
    assert paper is not None and paper.used > 0


@pytest.mark.parametrize(
    ("sample", "shown"),
    [
        ("foreign_permanent_smith", "S****, J*** A********"),  # 2017 layout: the English name as printed
        ("foreign_permanent_2023_garcia", "G***** L****, M****"),  # 2023 "Y" layout
        ("hk_mo_tw_permit_chan_tai_man", "陈**"),
    ],
)
def test_a_foreigners_card_and_a_residence_permit_start_a_session(kiosk: RealKiosk, sample: str, shown: str) -> None:
    """GIVEN the demo seed WHEN a foreigner's permanent residence card (either layout) or a Hong Kong /
    Macao / Taiwan residence permit is placed on the simulated reader THEN the menu greets its holder
    by the masked name as printed on the card, never refusing the number ("身份证号码共18位")."""
    kiosk.app.devices.reader_sim.place(sample)
    kiosk.wait_screen("menu", 15)
    assert any(shown in t for t in live_texts())
    assert not any("18" in t and "位" in t for t in live_texts())
    kiosk.tap("menu.finish")
    kiosk.app.devices.reader_sim.lift()
    kiosk.wait_screen("attract", 15)
