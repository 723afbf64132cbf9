"""The whole kiosk and the hall: real window, real services, the heartbeat thread of app/hall.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.wiring import KioskApp, build_app, build_backend
from kiosk.config import KioskConfig
from kiosk.flow import FlowTimeouts
from kiosk.hall.store import Command, HallStore
from ui.automation import UiDriver, live_texts, pump

pytestmark = [pytest.mark.gui, pytest.mark.pty]


@pytest.fixture
def kiosk(qtbot, kiosk_config: KioskConfig, tmp_path) -> Iterator[tuple[UiDriver, KioskApp, HallStore]]:  # type: ignore[no-untyped-def]
    services, device_log = build_backend(kiosk_config, seed_demo_data=True)
    app = build_app(kiosk_config, simulate=True, kiosk_mode=False, services=services,
                    timeouts=FlowTimeouts(result_return=30), receipts_dir=tmp_path / "receipts",
                    tick_interval=0.1, device_log=device_log)
    assert app.hall is not None
    app.hall.interval = 0.3
    app.start()
    app.window.show()
    driver = UiDriver(app.window, timeout=10.0)
    driver.wait_until("printer and reader online",
                      lambda: app.flow.printer_ok and app.devices.reader.status.device.value == "online")
    store = HallStore.at(kiosk_config.database_url)
    yield driver, app, store
    app.stop()
    store.engine.dispose()
    pump(20)


def test_real_kiosk_reports_calls_and_obeys_the_hall(kiosk: tuple[UiDriver, KioskApp, HallStore]) -> None:
    """GIVEN the real kiosk WHEN a person taps "call staff" THEN the hall sees the call with the masked ID;
    WHEN the hall acknowledges it THEN the window says a member of staff is on the way; WHEN the hall
    takes the kiosk out of service THEN the window shows the out-of-service screen, and back."""
    d, app, store = kiosk
    kid = app.config.kiosk.id
    d.wait_until("the first heartbeat", lambda: [t.kiosk_id for t in store.kiosks()] == [kid])
    d.wait_until("the printer's paper reported", lambda: store.kiosk(kid).devices.get("printer", {}).get("paper"))
    app.devices.reader_sim.place("resident_zhang_wei")
    d.wait_until("menu", lambda: d.screen == "menu")
    d.tap("call_staff")
    d.wait_until("staff screen", lambda: d.screen == "staff")
    d.wait_until("the call in the hall", lambda: len(store.calls(open_only=True)) == 1)
    call = store.calls()[0]
    assert call.kiosk_id == kid and "*" in call.masked_id and call.step == "menu"
    d.wait_until("the staff screen in the hall", lambda: store.kiosk(kid).screen == "staff")
    store.acknowledge(call.id, "S001")
    d.wait_until("staff on the way on screen",
                 lambda: any("工作人员正在赶来" in t or "on the way" in t for t in live_texts()))
    d.tap("staff.close")
    d.tap("menu.finish")
    app.devices.reader_sim.lift()
    d.wait_until("attract", lambda: d.screen == "attract")
    store.command(kid, Command.OUT_OF_SERVICE, "paper roll", "S001")
    d.wait_until("out of service", lambda: d.screen == "out_of_service")
    d.wait_until("reported out of service", lambda: store.kiosk(kid).service_state == "out_of_service")
    store.command(kid, Command.RETURN_TO_SERVICE, "", "S001")
    d.wait_until("back in service", lambda: d.screen == "attract")
