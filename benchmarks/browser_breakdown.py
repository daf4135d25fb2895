"""Where a filter change's time goes in headless Chromium: the two requests, the browser's long tasks,
and each plotly draw, in milliseconds from the click.

Run on demand, never in CI or pytest:

    .venv/bin/python -m benchmarks.browser_breakdown              # this checkout
    .venv/bin/python benchmarks/browser_breakdown.py OTHER_CHECKOUT

It starts `gunicorn -c gunicorn.conf.py app:server` in the checkout (the app's default view cache),
loads `/`, waits for it to settle (as `bench_settle` does), wraps `Plotly.react`, `Plotly.newPlot` and
`Plotly.Plots.resize` to time each call by graph, then unticks the first sector, and prints: when each
callback request started and was answered (resource timing), every task over 50 ms (the Long Tasks
API), and every plotly call with its start and length. Calls overlap when plotly draws asynchronously,
so a call's length may include waiting for the one before.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from benchmarks.bench_settle import settle  # noqa: E402
from benchmarks.chromium import new_driver  # noqa: E402
from benchmarks.processes import start_gunicorn, stop  # noqa: E402

HOOK = """
window.__calls = []; window.__long = [];
const where = gd => (gd && gd.closest && gd.closest('[id]')) ? gd.closest('[id]').id : '?';
const timed = (name, real) => function(gd, ...rest) {
  const started = performance.now();
  const out = real.call(this, gd, ...rest);
  const done = () => window.__calls.push([name, where(gd), started, performance.now() - started]);
  if (out && out.then) { out.then(done); } else { done(); }
  return out;
};
for (const name of ['react', 'newPlot']) { Plotly[name] = timed(name, Plotly[name]); }
Plotly.Plots.resize = timed('resize', Plotly.Plots.resize);
new PerformanceObserver(list => list.getEntries().forEach(e => window.__long.push([e.startTime, e.duration])))
  .observe({entryTypes: ['longtask']});
"""
COLLECT = """
const t0 = window.__t0, ms = t => Math.round(t - t0);
const posts = performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/_dash-update-component') && e.startTime >= t0)
  .map(e => ({started: ms(e.startTime), answered: ms(e.responseEnd), kB: +(e.transferSize / 1000).toFixed(1)}));
const long = [...new Map(window.__long.filter(([s]) => s >= t0).map(([s, d]) => [s, d])).entries()]
  .map(([s, d]) => ({started: ms(s), ms: Math.round(d)}));
const plots = window.__calls.filter(c => c[2] >= t0)
  .map(([call, graph, s, d]) => ({call, graph, started: ms(s), ms: Math.round(d)}));
return {posts, long, plots};
"""


def main() -> None:
    server = start_gunicorn({}, Path(tempfile.mktemp(suffix=".log")))
    try:
        driver = new_driver(Path(tempfile.mkdtemp()))
        try:
            driver.get(server.base + "/")
            settle(driver, time.monotonic(), 1.5)
            driver.execute_script(HOOK)
            box = driver.find_elements("css selector", "#sectors input")[0]
            started = time.monotonic()
            driver.execute_script("window.__t0 = performance.now(); arguments[0].click()", box)
            seconds, _, _ = settle(driver, started, 1.0)
            found = driver.execute_script(COLLECT)
        finally:
            driver.quit()
    finally:
        stop(server.proc)
    print(f"{ROOT}: unticking the first sector settled at {seconds:.2f} s (ms from the click below)")
    for kind in ("posts", "long", "plots"):
        print(f"{kind}:")
        for row in found[kind]:
            print("  " + json.dumps(row))


if __name__ == "__main__":
    main()
