"""Browser benchmark: a filter change until every chart is redrawn, and the first load's bytes, in headless Chromium.

Run on demand, never in CI or pytest:

    .venv/bin/python -m benchmarks.bench_browser                 # 20 changes, cold then warm
    .venv/bin/python -m benchmarks.bench_browser --reps 5 --modes cold

For each mode (cold: `DASHBOARD_VIEW_CACHE=0`, every view computed; warm: the app's default cache, so
after the first round trip both states are cached) it starts `gunicorn -c gunicorn.conf.py app:server`
on loopback (workers and threads as gunicorn.conf.py sets them on this machine) and:

1. **First load**, `--loads` times, each in a fresh Chromium profile with the HTTP cache disabled:
   bytes transferred, from Chrome's network events (the sum of `Network.loadingFinished`
   `encodedDataLength`: compressed bodies plus response headers) and from the page's Resource Timing
   (`transferSize` and `encodedBodySize` summed over the navigation and every resource, the callback
   POSTs included); and the `content-encoding` of every response, to say whether compression is on.
2. **Filter change**, `--reps` times in one page: tick or untick the first sector's checkbox (they
   alternate, so the view goes back and forth between two states) and time, in the page, from the
   click until no element has `data-dash-is-loading` and every card title shows the text it shows
   for the new state (recorded once per state before timing), then until two animation frames later
   (painted). A MutationObserver checks on every DOM change, so the time is not a polling interval.
   The last `plotly_afterplot` of any chart after the click is recorded as well, and the change
   counts as done at the later of the two.

Prints Markdown; `--json` also writes every number. Everything goes to 127.0.0.1; every process
started here is stopped at the end, on error too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import chromium  # noqa: E402
from benchmarks.processes import children, loadavg, machine, start_gunicorn, stop, wait_settled  # noqa: E402
from dashboard import ids  # noqa: E402
from dashboard.data import vocab  # noqa: E402

TARGET_MS = 300
TARGET_KB = 700

#: Every card's title element, by id (cards end their title id with "-title").
TITLES = "return Array.from(document.querySelectorAll('[id$=\"-title\"]')).map(e => [e.id, e.textContent])"

#: Hook every plotly graph once: the time of its last plotly_afterplot.
HOOK_PLOTS = """
window.__plotted = window.__plotted || {};
document.querySelectorAll('.js-plotly-plot').forEach(g => {
  if (g.__benchHooked || !g.on) return;
  g.__benchHooked = true;
  g.on('plotly_afterplot', () => { window.__plotted[g.id || g.parentElement.id] = performance.now(); });
});
return document.querySelectorAll('.js-plotly-plot').length;
"""

#: Click, then resolve when Dash is idle and every title reads as expected, and two frames later.
CHANGE = """
const [selector, expected, timeout, done] = arguments;
const box = document.querySelector(selector);
performance.setResourceTimingBufferSize(10000);  // the default 250 fills up within 20 changes
performance.clearResourceTimings();
const ready = () => {
  if (document.querySelector('[data-dash-is-loading]')) return false;
  if (!performance.getEntriesByType('resource').some(e => e.name.includes('/_dash-update-component')
                                                         && e.startTime >= t0 && e.responseEnd > 0)) return false;
  return Object.entries(expected).every(([id, text]) => {
    const el = document.getElementById(id);
    return el && el.textContent === text;
  });
};
let finished = false;
const t0 = performance.now();
const finish = (error) => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  const settled = performance.now() - t0;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const painted = performance.now() - t0;
    const posts = performance.getEntriesByType('resource')
      .filter(e => e.name.includes('/_dash-update-component') && e.startTime >= t0);
    const network = posts.length ? Math.max(...posts.map(e => e.responseEnd)) - t0 : 0;
    done({settled, painted, t0, error, posts: posts.length, network});
  }));
};
const observer = new MutationObserver(() => { if (ready()) finish(null); });
observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
setTimeout(() => finish('timeout'), timeout);
box.click();
"""

RESOURCES = """
const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return entries.map(e => ({name: e.name, type: e.initiatorType || 'navigation', transfer: e.transferSize,
                          encoded: e.encodedBodySize, decoded: e.decodedBodySize}));
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def first_load(base: str, timeout: float) -> dict:
    """One first load in a fresh profile with the HTTP cache off: bytes and encodings."""
    with tempfile.TemporaryDirectory(prefix="bench-browser-profile-", ignore_cleanup_errors=True) as profile:
        driver = chromium.new_driver(Path(profile), timeout=timeout, network_log=True)
        try:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            driver.get(base + "/")
            wait_loaded(driver, timeout)
            resources = driver.execute_script(RESOURCES)
            events = chromium.network_events(driver)
        finally:
            driver.quit()
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    transferred = 0
    for message in events:
        method, params = message["method"], message.get("params", {})
        rid = params.get("requestId")
        if method == "Network.requestWillBeSent":
            urls[rid] = params["request"]["url"]
        elif method == "Network.responseReceived":
            headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
            encodings[rid] = headers.get("content-encoding", "identity")
        elif method == "Network.loadingFinished" and urls.get(rid, "").startswith(base):
            transferred += int(params.get("encodedDataLength", 0))
    own = [r for r in resources if r["name"].startswith(base)]
    by_encoding = Counter(encodings[rid] for rid in encodings if urls.get(rid, "").startswith(base))
    return {
        "cdp_transferred": transferred,
        "rt_transfer": sum(r["transfer"] for r in own),
        "rt_encoded": sum(r["encoded"] for r in own),
        "rt_decoded": sum(r["decoded"] for r in own),
        "requests": len(own),
        "posts": sum(urlparse(r["name"]).path == "/_dash-update-component" for r in own),
        "encodings": dict(by_encoding),
    }


#: How many callback POSTs the page has made, and how many are still waiting for their answer.
POSTS = """
const posts = performance.getEntriesByType('resource').filter(e => e.name.includes('/_dash-update-component'));
return [posts.length, document.querySelectorAll('[data-dash-is-loading]').length];
"""


def wait_loaded(driver: Any, timeout: float, quiet: float = 1.0) -> None:
    """Wait until the page has made its first callback requests, Dash is idle, and no request has
    started for `quiet` seconds (a page is not loaded when the document is: its callbacks draw it)."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        posts, busy = driver.execute_script(POSTS)
        if posts != last or busy:
            last, since = posts, time.monotonic()
        elif posts and time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the page did not finish loading within {timeout:.0f} s")


def titles(driver: Any) -> dict[str, str]:
    return dict(driver.execute_script(TITLES))


def filter_changes(base: str, reps: int, timeout: float) -> dict:
    """Tick and untick the first sector `reps` times; the time of each change until redrawn."""
    selector = f"#{ids.SECTOR_FILTER} input[value='{vocab.SECTORS[0]}']"
    with tempfile.TemporaryDirectory(prefix="bench-browser-profile-", ignore_cleanup_errors=True) as profile:
        driver = chromium.new_driver(Path(profile), timeout=timeout)
        driver.set_script_timeout(timeout + 30)  # the change script gives up first, and says so
        try:
            driver.get(base + "/")
            wait_loaded(driver, timeout)
            graphs = driver.execute_script(HOOK_PLOTS)
            expected = {True: titles(driver)}  # ticked: the default view
            driver.execute_script("document.querySelector(arguments[0]).click()", selector)
            time.sleep(0.5)
            chromium.wait_idle(driver, timeout=timeout, settle=1.0)
            expected[False] = titles(driver)
            changed = sorted(k for k in expected[True] if expected[True][k] != expected[False].get(k))
            if not changed:
                raise RuntimeError("no card title differs between the two states: nothing to wait for")
            ticked = False
            runs = []
            for _ in range(reps):
                ticked = not ticked
                driver.execute_script("window.__plotted = {};")
                result = driver.execute_async_script(CHANGE, selector, expected[ticked], timeout * 1000)
                time.sleep(0.4)  # any late afterplot events
                plotted = driver.execute_script("return window.__plotted;")
                last_plot = max((t - result["t0"] for t in plotted.values()), default=0.0)
                runs.append({**result, "last_afterplot": last_plot, "charts_plotted": len(plotted)})
                if result["error"]:
                    raise RuntimeError(f"change {len(runs)}: {result['error']} (titles or loading never settled)")
                chromium.wait_idle(driver, timeout=timeout, settle=0.3)
        finally:
            driver.quit()
    done = [max(r["painted"], r["last_afterplot"]) for r in runs]
    return {"runs": runs, "done": done, "graphs": graphs, "changed_titles": changed}


def run_mode(mode: str, args: argparse.Namespace, out: list[str]) -> dict:
    env = {"DASHBOARD_DATA_DIR": str(args.data_dir)} if args.data_dir else {}
    if mode == "cold":
        env["DASHBOARD_VIEW_CACHE"] = "0"
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        server = start_gunicorn(env, Path(tmp) / "gunicorn.log", timeout=600)
        try:
            wait_settled(children(server.proc.pid), timeout=600)
            workers = len(children(server.proc.pid))
            before = loadavg()
            loads = [first_load(server.base, args.timeout) for _ in range(args.loads)]
            changes = filter_changes(server.base, args.reps, args.timeout)
            after = loadavg()
        finally:
            stop(server.proc)
    done = changes["done"]
    cdp = [ld["cdp_transferred"] for ld in loads]
    rt = [ld["rt_transfer"] for ld in loads]
    encodings = Counter()
    for ld in loads:
        encodings.update(ld["encodings"])
    compressed = sum(n for e, n in encodings.items() if e != "identity")
    cache = "off (DASHBOARD_VIEW_CACHE=0)" if mode == "cold" else "on (the app's default)"
    out.append(f"\n### {mode}: view cache {cache}, {workers} gunicorn workers; load average {before} -> {after}\n")
    out.append("| measure | median | p95 | min | max | n | target |")
    out.append("|---|---:|---:|---:|---:|---:|---|")
    for name, values in (
        ("filter change until redrawn (ms)", done),
        ("  of which until idle with the new titles (ms)", [r["settled"] for r in changes["runs"]]),
        ("  until painted, 2 frames later (ms)", [r["painted"] for r in changes["runs"]]),
        ("  last plotly_afterplot after the click (ms)", [r["last_afterplot"] for r in changes["runs"]]),
        ("  click to the last callback answer (Resource Timing, ms)", [r["network"] for r in changes["runs"]]),
    ):
        target = f"<= {TARGET_MS} ms" if name.startswith("filter") else ""
        out.append(
            f"| {name} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | {min(values):.0f} | "
            f"{max(values):.0f} | {len(values)} | {target} |"
        )
    out.append(
        f"| first load transferred, CDP encodedDataLength (kB) | {statistics.median(cdp) / 1000:.1f} | | "
        f"{min(cdp) / 1000:.1f} | {max(cdp) / 1000:.1f} | {len(cdp)} | <= {TARGET_KB} kB |"
    )
    out.append(
        f"| first load transferred, Resource Timing transferSize (kB) | {statistics.median(rt) / 1000:.1f} | | "
        f"{min(rt) / 1000:.1f} | {max(rt) / 1000:.1f} | {len(rt)} | |"
    )
    first = loads[0]
    out.append(
        f"\nFirst load: {first['requests']} requests ({first['posts']} callback POSTs); Resource Timing bodies "
        f"{first['rt_encoded'] / 1000:.1f} kB encoded, {first['rt_decoded'] / 1000:.1f} kB decoded. Compression "
        f"{'on' if compressed else 'OFF'}: response content-encodings over {len(loads)} loads: "
        f"{', '.join(f'{e} {n}' for e, n in encodings.most_common())}. The change waits for the titles "
        f"{', '.join(changes['changed_titles'])} ({changes['graphs']} plotly graphs on the page); a change made "
        f"{statistics.median(r['posts'] for r in changes['runs']):.0f} callback POSTs (median)."
    )
    return {"mode": mode, "loads": loads, "changes": changes, "load_before": before, "load_after": after}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_browser", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="filter changes per mode")
    parser.add_argument("--loads", type=int, default=3, help="first loads per mode")
    parser.add_argument("--modes", nargs="+", choices=["cold", "warm"], default=["cold", "warm"])
    parser.add_argument("--data-dir", type=Path, help="extract to serve (default: data/)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed for one load or change")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    args = parser.parse_args(argv)
    out = [
        "## bench_browser",
        "",
        f"Machine: {machine()}.",
        f"Command: `python -m benchmarks.bench_browser {' '.join(argv if argv is not None else sys.argv[1:])}`",
    ]
    results = [run_mode(mode, args, out) for mode in args.modes]
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
