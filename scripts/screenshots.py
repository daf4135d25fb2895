"""Take the README's screenshots in headless Chromium: `python scripts/screenshots.py`.

Starts the app on the shipped data in a background thread, opens each view and
writes PNGs to docs/. Needs Debian's chromium and chromium-driver (as the tests do).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.app import create_app  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"

SHOTS = [
    ("screenshot-default.png", "/", (1440, 2400), None),
    (
        "screenshot-filtered.png",
        "/?sector=health,police,fire&code=barrier_cost,barrier_data_security",
        (1440, 2400),
        None,
    ),
    ("screenshot-presenter.png", "/?present=1&sector=health,education,police,fire", (1920, 1080), None),
    ("screenshot-presenter-quote.png", "/?present=1&quote=Q10", (1920, 1080), "quotes-card"),
    ("screenshot-table.png", "/?sector=central_government,local_government,health,education", (1440, 1400), "ai-table"),
    ("screenshot-disclosure.png", "/?region=Wales", (1440, 1400), "ai-table"),
]


def main(only: list[str] | None = None) -> None:
    server = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    options = Options()
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options)
    try:
        for name, path, (width, height), target in SHOTS:
            if only and name not in only:
                continue
            driver.set_window_size(width, height)
            driver.get(base + path)
            time.sleep(4)
            if target == "ai-table":
                driver.find_element("css selector", "#ai-view input[value='table']").click()
                time.sleep(2)
                driver.execute_script("document.getElementById('ai-card').scrollIntoView()")
            elif target:
                driver.execute_script(f"document.getElementById('{target}').scrollIntoView()")
            time.sleep(1)
            driver.save_screenshot(str(DOCS / name))
            print("wrote", DOCS / name)
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:] or None)
