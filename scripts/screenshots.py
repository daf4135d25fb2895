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
#: A presenter-mode shot: the window's viewport is made exactly the size given (a slide fills it).
SLIDE = "slide"

SHOTS = [
    ("screenshot-default.png", "/", (1440, 2400), None),
    (
        "screenshot-filtered.png",
        "/?sector=health,police,fire&code=barrier_cost,barrier_data_security",
        (1440, 2400),
        None,
    ),
    # Presenter mode: the slide named in the address's #slide= fragment (assets/app.js restores it),
    # at exactly this viewport size.
    (
        "screenshot-presenter.png",
        "/?present=1&sector=health,education,police,fire#slide=matrix-card",
        (1920, 1080),
        SLIDE,
    ),
    ("screenshot-presenter-quote.png", "/?present=1#slide=quote-Q10", (1920, 1080), SLIDE),
    (
        "screenshot-presenter-720.png",
        "/?present=1&sector=health,education,police,fire#slide=barriers-card",
        (1280, 720),
        SLIDE,
    ),
    ("screenshot-table.png", "/?sector=central_government,local_government,health,education", (1440, 1400), "ai-table"),
    ("screenshot-disclosure.png", "/?region=Wales", (1440, 1400), "ai-table"),
    # Screen sizes (tests/browser/test_screen_sizes.py checks each): a phone, a grid card on a phone (its
    # table in place of the chart, rows stacked), 320 CSS px (the AI card's panels stacked), and 1280 x 800
    # at 200% zoom, which is 640 x 400 CSS px (see EMULATED): the evidence map, shown as a table there too.
    ("screenshot-phone.png", "/", (390, 844), None),
    ("screenshot-phone-grid.png", "/", (390, 844), "matrix-card"),
    ("screenshot-320.png", "/", (320, 640), "ai-graph"),
    ("screenshot-zoom200.png", "/", (640, 400), "evidence_map-card"),
    # The evidence panel: the findings (and quotes) behind a code, right after the matrix.
    ("screenshot-findings.png", "/?code=barrier_data_security", (1440, 900), "findings-card"),
]


#: Shots taken through Chrome's device emulation, at the CSS sizes the screen-size tests check: name ->
#: (deviceScaleFactor, mobile). 200% zoom is a deviceScaleFactor of 2, so that PNG is 1280 x 800; the
#: phone shots use 2 as well, for a sharp image (the layout in CSS pixels is the same).
EMULATED = {
    "screenshot-phone.png": (2, True),
    "screenshot-phone-grid.png": (2, True),
    "screenshot-320.png": (2, True),
    "screenshot-zoom200.png": (2, False),
}


def emulate(driver: webdriver.Chrome, name: str, width: int, height: int) -> None:
    """Emulate the screen a shot in EMULATED is of, or stop emulating for any other shot."""
    if name not in EMULATED:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return
    scale, mobile = EMULATED[name]
    metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Size the window so that its viewport (innerWidth x innerHeight) is exactly width x height."""
    driver.set_window_size(width, height)
    for _ in range(3):
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if inner == [width, height]:
            return
        outer = driver.get_window_size()
        driver.set_window_size(outer["width"] + width - inner[0], outer["height"] + height - inner[1])


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
            emulate(driver, name, width, height)
            if target == SLIDE:
                set_viewport(driver, width, height)
            driver.get(base + path)
            time.sleep(4)
            if target == SLIDE:
                status = driver.execute_script("return document.querySelector('.slide-status').textContent")
                print(name, status)
            elif target == "ai-table":
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
