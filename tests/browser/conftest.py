"""Browser-test helpers: a fresh app per test on the session's shipped extract (tests/conftest.py).

Every wait here raises AssertionError at its timeout, saying what it was waiting for.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import time
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from dashboard.app import create_app
from dashboard.settings import Settings


def pytest_setup_options():
    """Keep Chromium off the network (this machine has none) and fix the window size."""
    options = Options()
    for arg in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    return options


def free_port() -> int:
    """A port nobody is listening on, so that several test runs on one machine never collide
    (dash.testing counts ports up from one fixed number in every process)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start(dash_duo, shipped_extract):
    """Start the app and open a path; returns dash_duo once the first render is done."""

    def _start(path: str = "/", settings: Settings | None = None):
        app = create_app(settings or Settings(), extract=shipped_extract)
        dash_duo.start_server(app, port=free_port())
        if path != "/":
            dash_duo.driver.get(dash_duo.server_url + path)
        wait_for_content(dash_duo, "#quotes-count", "quotes", timeout=20)
        wait_idle(dash_duo)
        return dash_duo

    return _start


def wait_for_content(dash_duo, selector: str, text: str, timeout: float = 10.0) -> None:
    """Wait until the element's text content contains `text`, shown or not (in presenter mode the
    quote count is on a slide that is not the current one, and Selenium's .text is only what is shown)."""
    script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : null"
    deadline = time.time() + timeout
    while True:
        content = dash_duo.driver.execute_script(script, selector)
        if content is not None and text in content:
            return
        if time.time() >= deadline:
            raise AssertionError(f"{selector} never said {text!r} within {timeout:g} s: it says {content!r}")
        time.sleep(0.1)


#: What Dash is still loading: the ids (or tag names) of the elements it marks as loading.
BUSY = "return Array.from(document.querySelectorAll('[data-dash-is-loading]')).map(e => e.id || e.tagName)"


def wait_idle(dash_duo, timeout: float = 15.0) -> None:
    """Wait until Dash has no callback in flight (its loading attribute is gone), or fail."""
    deadline = time.time() + timeout
    while True:
        busy = dash_duo.driver.execute_script(BUSY)
        if not busy:
            time.sleep(0.15)
            busy = dash_duo.driver.execute_script(BUSY)
            if not busy:
                return
        if time.time() >= deadline:
            raise AssertionError(
                f"Dash still busy after {timeout:g} s at {dash_duo.driver.current_url}: "
                f"{len(busy)} element(s) loading: {', '.join(busy[:10])}"
            )
        time.sleep(0.1)


def checked_values(dash_duo, control_id: str) -> list[str]:
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(`#${arguments[0]} input:checked`)).map(i => i.value)",
        control_id,
    )


def wait_for_file(directory: Path, suffix: str, timeout: float = 15.0) -> Path:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in Path(directory).glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file in {directory}: {os.listdir(directory)}")


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
