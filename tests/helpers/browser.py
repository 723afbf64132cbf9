"""Debian's chromium, headless, driven by Selenium through Debian's chromium-driver.

The flags keep it off the network (this machine has none: no QUIC, no background fetches, no
component updates, no sync) and in a fresh profile; the driver binary is named, so Selenium Manager
never tries to download one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN")


def have_chromium() -> bool:
    return Path(CHROMIUM).exists() and Path(DRIVER).exists()


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    if not have_chromium():
        pytest.skip("Debian's chromium / chromium-driver are not installed (make installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
