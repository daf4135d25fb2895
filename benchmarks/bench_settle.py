"""How long the page takes to settle in headless Chromium: after navigation, and after one filter change.

Run on demand, never in CI or pytest:

    .venv/bin/python -m benchmarks.bench_settle              # this checkout
    .venv/bin/python benchmarks/bench_settle.py OTHER_CHECKOUT   # another checkout, for a before/after

It starts `gunicorn -c gunicorn.conf.py app:server` in the checkout (the app's default view cache),
loads `/` twice in one browser (the second load has warm caches on both sides) and unticks the first
sector, then ticks the first region (which changes only the survey cards). "Settled" is the first
moment after which no element has `data-dash-is-loading` for 1.5 s (1.0 s after a change), so it
includes Dash's renderer and plotly drawing, not only the server.
Prints one line per measurement: seconds, callback requests so far, and elements on the page.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from benchmarks.chromium import new_driver  # noqa: E402
from benchmarks.processes import start_gunicorn, stop  # noqa: E402

#: dashboard.ids.REGION_FILTER, written out: the script also runs against older checkouts.
REGIONS = "regions"
STATUS = """
const posts = performance.getEntriesByType('resource').filter(e => e.name.includes('/_dash-update-component'));
const loading = document.querySelectorAll('[data-dash-is-loading]').length;
return [posts.length, loading, document.getElementsByTagName('*').length];"""


def settle(driver, started: float, quiet: float, timeout: float = 90.0) -> tuple[float, int, int]:
    """Seconds from `started` until nothing has been loading for `quiet` seconds; requests; elements."""
    idle_since = None
    posts = elements = 0
    while time.monotonic() - started < timeout:
        posts, busy, elements = driver.execute_script(STATUS)
        if posts and not busy:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > quiet:
                return idle_since - started, posts, elements
        else:
            idle_since = None
        time.sleep(0.05)
    raise RuntimeError(f"the page did not settle within {timeout:.0f} s")


def main() -> None:
    server = start_gunicorn({}, Path(tempfile.mktemp(suffix=".log")))
    try:
        driver = new_driver(Path(tempfile.mkdtemp()))
        try:
            for attempt in ("first", "second"):
                started = time.monotonic()
                driver.get(server.base + "/")
                seconds, posts, elements = settle(driver, started, 1.5)
                print(f"{ROOT}: {attempt} load settled at {seconds:.1f} s; {posts} requests; {elements} elements")
            box = driver.find_elements("css selector", "#sectors input")[0]
            started = time.monotonic()
            driver.execute_script("arguments[0].click()", box)
            seconds, posts, _ = settle(driver, started, 1.0)
            print(f"{ROOT}: a filter change settled at {seconds:.2f} s; {posts} requests since the load")
            # A region: only the organisation survey's cards change.
            box = driver.find_elements("css selector", f"#{REGIONS} input")[0]
            started = time.monotonic()
            driver.execute_script("arguments[0].click()", box)
            seconds, posts, _ = settle(driver, started, 1.0)
            print(f"{ROOT}: a region change settled at {seconds:.2f} s; {posts} requests since the load")
        finally:
            driver.quit()
    finally:
        stop(server.proc)


if __name__ == "__main__":
    main()
