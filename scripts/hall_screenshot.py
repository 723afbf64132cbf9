"""Take the README's hall console screenshot: a few live kiosks, open staff calls, one kiosk's detail.

    .venv/bin/python scripts/hall_screenshot.py [--out docs/screenshots/hall-console.png] [--db URL]
    .venv/bin/python scripts/hall_screenshot.py --live --db URL [--kiosks 8]

Without --live the kiosks are heartbeats written here the way app/hall.py writes them (kiosks in
different states; one has stopped beating) and the calls are staff_calls rows as the kiosks record
them (masked IDs only); without --db that is a throwaway SQLite file. With --live nothing is made up:
the page shows whatever kiosks beat into --db (e.g. a running `kiosk fleet simulate --db URL`); the
script only adds the technician T001 to sign in, waits until --kiosks tiles are on the page and opens
the first one's detail. Either way the page is the real console (`HallServer`) in Debian's headless
chromium, signed in as T001.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import parse_config  # noqa: E402
from kiosk.hall.server import HallServer  # noqa: E402
from kiosk.hall.store import DeviceLine, HallStore, KioskReport  # noqa: E402
from kiosk.persistence.db import make_engine, session_factory  # noqa: E402
from kiosk.persistence.migrate import upgrade  # noqa: E402
from kiosk.persistence.models import StaffCall  # noqa: E402
from kiosk.services.staff import add_technician  # noqa: E402

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1500,1150", "--lang=zh-CN", "--hide-scrollbars")


def _ok(paper: str = "full") -> list[DeviceLine]:
    return [DeviceLine("idcard", "online"), DeviceLine("printer", "online", "", paper)]


KIOSKS = [
    KioskReport("KIOSK-0101", "in_service", "attract", _ok(), "full", "0.1.0"),
    KioskReport("KIOSK-0102", "degraded", "menu",
                [DeviceLine("idcard", "online"), DeviceLine("printer", "user_error", "printer.paper_out", "out")],
                "out", "0.1.0", "12-03 09:41:07 WARNING kiosk.flow: printer paper out",
                ["12-03 09:41:07 WARNING kiosk.flow: printer paper out"]),
    KioskReport("KIOSK-0103", "in_service", "certificates.confirm", _ok("low"), "low", "0.1.0"),
    KioskReport("KIOSK-0104", "out_of_service", "out_of_service", _ok(), "full", "0.1.0"),
    KioskReport("KIOSK-0105", "maintenance", "maint.home", _ok(), "full", "0.1.0"),
    KioskReport("KIOSK-0106", "in_service", "attract", _ok(), "full", "0.1.0"),  # stops beating
    KioskReport("KIOSK-0107", "in_service", "payment.dues", _ok(), "full", "0.1.0"),
    KioskReport("KIOSK-0108", "in_service", "attract",
                [DeviceLine("idcard", "no_device", "device.unplugged"), DeviceLine("printer", "online", "", "full")],
                "full", "0.1.0", "12-03 09:38:52 WARNING app.maintenance: idcard from online to no_device",
                ["12-03 09:38:52 WARNING app.maintenance: idcard from online to no_device"]),
]
CALLS = [("KIOSK-0107", "K7Q4AC", "payment", "payment.dues", "error.payment_unknown", "110105********002X"),
         ("KIOSK-0103", "HXW3TD", "certificates", "certificates.confirm", "", "310104********4521")]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "hall-console.png")
    p.add_argument("--db", default="")
    p.add_argument("--live", action="store_true", help="show the kiosks that beat into --db; make none up")
    p.add_argument("--kiosks", type=int, default=1, help="--live: wait until this many tiles are shown")
    p.add_argument("--settle", type=float, default=4.0, help="--live: seconds to watch before the shot")
    args = p.parse_args()
    if args.live and not args.db:
        p.error("--live needs --db (the database the kiosks beat into)")
    tmp = Path(tempfile.mkdtemp(prefix="hall-shot-"))
    url = args.db or f"sqlite:///{tmp / 'data' / 'kiosk.db'}"
    config = parse_config({"kiosk": {"data_dir": str(tmp / "data")}, "database": {"url": url}}, source="screenshot")
    if args.live:
        _wait_for_kiosks(url, args.kiosks)  # and so for the fleet's own migration and seeding
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as db:
        add_technician(db, "T001", "演示技术员", "135790", role="technician")  # creates or re-activates
        db.commit()
    engine.dispose()
    if not args.live:
        _fabricate(url)
    shoot(config, args.out, tmp, args.kiosks if args.live else 0, args.settle)
    print(f"wrote {args.out}")
    return 0


def _wait_for_kiosks(url: str, n: int, timeout: float = 300.0) -> None:
    from kiosk.errors import KioskError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        store = HallStore.at(url)
        try:
            if sum(t.online for t in store.kiosks()) >= n:
                return
        except KioskError:
            pass  # not migrated yet
        finally:
            store.engine.dispose()
        time.sleep(1)
    raise SystemExit(f"fewer than {n} kiosks beat into the database within {timeout:.0f} s")


def _fabricate(url: str) -> None:
    store = HallStore.at(url)
    now = dt.datetime.now(dt.UTC)
    for report in KIOSKS:
        if report.kiosk_id == "KIOSK-0106":
            old = HallStore(store.engine, clock=lambda: now - dt.timedelta(minutes=3))
            old.beat(report, changed=True, started_at=now - dt.timedelta(hours=2))
        else:
            store.beat(report, changed=True, started_at=now - dt.timedelta(hours=2))
    with store.session_factory() as s:
        for i, (kid, code, service, step, error, masked) in enumerate(CALLS):
            s.add(StaffCall(kiosk_id=kid, code=code, service=service, step=step, error_key=error, masked_id=masked,
                            called_at=(now - dt.timedelta(minutes=3 - i)).replace(tzinfo=None)))
        s.commit()
    store.engine.dispose()


def shoot(config: object, out: Path, tmp: Path, live_kiosks: int, settle: float = 4.0) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    server = HallServer(config, "127.0.0.1:0")  # type: ignore[arg-type]
    server.start()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp / 'profile'}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    try:
        driver.get(server.url + "/")
        wait = WebDriverWait(driver, 15)
        wait.until(ec.visibility_of_element_located((By.ID, "login-code"))).send_keys("T001")
        driver.find_element(By.ID, "login-pin").send_keys("135790")
        driver.find_element(By.ID, "login-submit").click()
        if live_kiosks:
            tiles = (By.CSS_SELECTOR, "[id^='tile-']")
            WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(*tiles)) >= live_kiosks)
            time.sleep(settle)  # watch the live page a while: paper goes down, errors come in
            driver.find_elements(*tiles)[0].click()
        else:
            wait.until(ec.visibility_of_element_located((By.ID, "tile-KIOSK-0102"))).click()
        wait.until(ec.visibility_of_element_located((By.ID, "detail")))
        time.sleep(0.5)
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        driver.quit()
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
