"""The hall console in a real headless chromium, against a kiosk's real flow and services.

The kiosk: a FlowController driven by the tests' FlowDriver over the real services and maintenance
services (the call is recorded by them, as on a kiosk), its HallLink heartbeat thread posting the
console's answers back into the flow. The console: ``HallServer`` (Flask on waitress) on a free
loopback port, its live feed on LISTEN/NOTIFY (PostgreSQL) or the change-stamp poll (SQLite).
"""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.hall import HallLink, HallStaffCalls
from app.maintenance import StaffCalls
from app.wiring import build_backend, build_maintenance
from kiosk.domain.devices import DeviceSnapshot
from kiosk.flow.events import CardPlaced, CardRead
from kiosk.hall.server import HallServer
from kiosk.hall.store import HallStore
from kiosk.persistence.models import Taxpayer
from tests.helpers.browser import chromium
from tests.helpers.flow_driver import FlowDriver, keys
from tests.helpers.hall import BACKENDS, STAFF, STAFF_PIN, TECH, TECH_PIN, HallDb, hall_db

pytestmark = [pytest.mark.slow]

WAIT = 15.0


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HallDb]:
    yield from hall_db(tmp_path, request.param, demo=True)


def devices_ok() -> list[DeviceSnapshot]:
    return [DeviceSnapshot("idcard", "online", "", None, "", 0, 0),
            DeviceSnapshot("printer", "online", "", None, "", 0, 0, (("maint.detail.paper", "low"),))]


class Kiosk:
    """The kiosk side: the flow on this (the test's) thread, the heartbeat on its own."""

    def __init__(self, db: HallDb) -> None:
        self.services, self.device_log = build_backend(db.config, seed_demo_data=False)
        maintenance = build_maintenance(db.config, self.services)
        assert maintenance is not None
        self.maintenance = maintenance
        self.events: queue.Queue[Any] = queue.Queue()
        self.link = HallLink(HallStore.at(db.url), db.config.kiosk.id, devices=devices_ok,
                             audit=maintenance.audit, post=self.events.put, interval=0.5)
        self.staff = HallStaffCalls(StaffCalls(maintenance), self.link)
        self.d = FlowDriver(services=self.services, maintenance=maintenance)
        self.report()
        self.link.start()

    def report(self) -> None:
        self.link.update(self.d.flow.service_state.value, self.d.flow.state_name)

    def send(self, event: Any) -> None:
        self.d.send(event)
        self.report()

    def tap(self, name: str, value: Any = None) -> None:
        self.d.tap(name, value)
        self.report()

    def pump_until(self, done: Callable[[], bool], what: str) -> None:
        """Feed the heartbeat's events to the flow (as the controller's queued signal would) until ``done``."""
        deadline = time.monotonic() + WAIT
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"the kiosk did not get {what} within {WAIT} s (screen {self.d.view.screen})")
            with contextlib.suppress(queue.Empty):
                self.send(self.events.get(timeout=0.2))

    def close(self) -> None:
        self.link.stop()
        self.link.store.engine.dispose()
        self.device_log.close()
        self.services.session_factory.kw["bind"].dispose()  # PostgreSQL connections closed, not collected


def wait_for(driver: Any, css: str, text: str = "", timeout: float = WAIT) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, timeout)
    if text:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def click(driver: Any, css: str, timeout: float = WAIT) -> None:
    """Click what ``css`` finds, found again if the page re-drew it in between (live updates)."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        try:
            wait_for(driver, css, timeout=timeout).click()
            return
        except StaleElementReferenceException:
            if time.monotonic() > deadline:
                raise


def sign_in(driver: Any, login: str, pin: str) -> None:
    from selenium.webdriver.common.by import By

    driver.execute_script("document.getElementById('login-error').textContent = ''")  # wait for this answer
    code = driver.find_element(By.ID, "login-code")
    code.clear()
    code.send_keys(login)
    driver.find_element(By.ID, "login-pin").send_keys(pin)
    driver.find_element(By.ID, "login-submit").click()


def test_staff_call_acknowledged_in_the_browser_and_remote_out_of_service(db: HallDb, tmp_path: Path) -> None:
    """GIVEN a kiosk whose visitor called staff WHEN the call shows in the console and staff tap
    Acknowledge THEN the kiosk's staff screen says staff are on the way; AND WHEN staff take the kiosk
    out of service from its tile THEN its public screen goes out of service, and back on return."""
    from selenium.webdriver.common.by import By

    kiosk = Kiosk(db)
    server = HallServer(db.config, "127.0.0.1:0")
    server.start()
    try:
        with chromium(tmp_path / "profile") as driver:
            driver.get(server.url + "/")
            wait_for(driver, "#login-form")
            # lockout: five wrong PINs, then even the right one is refused for a while
            for _ in range(5):
                sign_in(driver, STAFF, "000000")
                wait_for(driver, "#login-error", "PIN")
            sign_in(driver, STAFF, STAFF_PIN)
            wait_for(driver, "#login-error", "locked")
            assert driver.find_element(By.ID, "console").is_displayed() is False
            sign_in(driver, TECH, TECH_PIN)
            wait_for(driver, f"#tile-{db.config.kiosk.id}", "服务中")

            # the visitor signs in with a card and calls staff
            with kiosk.services.session_factory() as s:
                person = s.scalars(select(Taxpayer).order_by(Taxpayer.id)).first()
                assert person is not None
                id_number, name = person.id_number, person.name
            kiosk.send(CardPlaced())
            kiosk.send(CardRead(id_number, name, "resident"))
            assert kiosk.d.view.screen == "menu"
            kiosk.tap("call_staff")
            call = kiosk.d.staff_calls[-1]
            kiosk.staff.call_staff(call.handover_code, call.step, call.error_key)  # the service worker's job
            wait_for(driver, "#calls li.open .code", call.handover_code)
            call_id = driver.find_element(By.CSS_SELECTOR, "#calls li.open").get_attribute("data-call")
            text = wait_for(driver, f"#call-{call_id}").text
            assert id_number not in driver.page_source  # masked only
            assert id_number[:6] in text and "*" in text and "终端 Kiosk" in text
            assert "staff.on_the_way" not in keys(kiosk.d.view)

            click(driver, f"#ack-{call_id}")
            wait_for(driver, "#calls li.acknowledged .ack-by", TECH)
            kiosk.pump_until(lambda: "staff.on_the_way" in keys(kiosk.d.view), "the acknowledgement")
            assert kiosk.d.view.screen == "staff"
            driver.save_screenshot(str(tmp_path / "hall-console.png"))
            assert (tmp_path / "hall-console.png").read_bytes()[:4] == b"\x89PNG"

            # the visitor finishes; staff take the kiosk out of service from its tile
            kiosk.tap("staff.close")
            kiosk.tap("menu.finish")
            click(driver, f"#tile-{db.config.kiosk.id}")
            wait_for(driver, "#detail #oos")
            driver.find_element(By.ID, "oos-reason").send_keys("换纸 paper roll")
            click(driver, "#oos")
            kiosk.pump_until(lambda: kiosk.d.view.screen == "out_of_service", "out of service")
            assert "oos.remote" in keys(kiosk.d.view)
            wait_for(driver, f"#tile-{db.config.kiosk.id}", "暂停服务")
            click(driver, "#rts")
            kiosk.pump_until(lambda: kiosk.d.view.screen == "attract", "return to service")
            wait_for(driver, f"#tile-{db.config.kiosk.id}", "服务中")
            click(driver, "#readiness")
            wait_for(driver, "#readiness-text", "终端就绪报告")
        actions = [(a.actor, a.action, a.detail.get("reason")) for a in kiosk.maintenance.audit.last(20)]
        assert (TECH, "hall.out_of_service", "换纸 paper roll") in actions
        assert (TECH, "hall.return_to_service", "") in actions
        # sign-ins are the console's own entries, in its chain ("hall"); the kiosk's verify walks both
        assert server.auth.audit is not None and server.auth.audit.chain == "hall"
        signed = [(e.actor, e.action) for e in server.auth.audit.last(20)]
        assert (TECH, "hall.sign_in") in signed and (STAFF, "hall.sign_in_failed") in signed
        verified = kiosk.maintenance.audit.verify()
        assert verified.ok and "other chain" in verified.message, verified.message
    finally:
        server.stop()
        kiosk.close()
