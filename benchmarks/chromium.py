"""Headless Debian Chromium for the benchmarks, kept off the network (as tests/browser/conftest.py does)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

#: Anything Dash is still loading (the attribute its renderer sets on a component while a callback runs).
BUSY = "return document.querySelectorAll('[data-dash-is-loading]').length"


def new_driver(profile: Path, *, timeout: float = 60.0, network_log: bool = False) -> Any:
    """A headless Chromium with a fresh profile; `network_log` turns on Chrome's performance log."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
    ):
        options.add_argument(arg)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    chromedriver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    service = Service(chromedriver) if Path(chromedriver).exists() else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    return driver


def wait_idle(driver: Any, timeout: float = 60.0, settle: float = 0.3) -> None:
    """Wait until Dash has nothing loading for `settle` seconds, or raise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not driver.execute_script(BUSY):
            time.sleep(settle)
            if not driver.execute_script(BUSY):
                return
        time.sleep(0.05)
    raise RuntimeError(f"Dash still loading after {timeout:.0f} s")


def network_events(driver: Any) -> list[dict]:
    """Chrome's network events logged since the last call (performance log), as CDP messages."""
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


def browser_version(driver: Any) -> str:
    caps = driver.capabilities
    return f"{caps.get('browserName', 'chrome')} {caps.get('browserVersion', '?')}"
