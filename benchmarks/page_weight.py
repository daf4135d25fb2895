"""Page weight and time until the charts are drawn, in headless Chromium against gunicorn on loopback.

Run on demand (not in CI): `python benchmarks/page_weight.py [--runs 5]`.

It starts `gunicorn -c gunicorn.conf.py app:server` on 127.0.0.1 (a free port in
8700-8799), then for each run opens `/` in a fresh headless Chromium profile with
the HTTP cache disabled and Chrome's performance log on. From the log it adds up,
for every request of the first load (the page, scripts, CSS, Dash's layout and
dependencies, and the callback POSTs that draw the first charts):

- bytes transferred: Network.loadingFinished encodedDataLength (compressed body
  plus response headers; request bodies are not counted);
- uncompressed size: the decoded body bytes (Network.dataReceived dataLength).

Time until the charts are drawn is read in the page: a MutationObserver installed
before any page script records performance.now() (milliseconds since navigation
start) when every chart card's plotly graph has data and its traces in its SVG and
the quote panel is filled. Each run then loads the page twice more in the same
profile with the cache on (the first fills it, the second is reported as the
repeat load). Prints Markdown tables; exits non-zero only if it could not measure.
Everything goes to 127.0.0.1, every wait has a timeout, and gunicorn is stopped
at the end, on error too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from processes import free_port, stop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard.components.registry import CHART_CARDS as CARDS  # noqa: E402

CHART_CARDS = tuple(card.key for card in CARDS)
TARGET_BYTES = 2 * 1000 * 1000  # "under 2 MB transferred"

# Runs at document start on every navigation (Page.addScriptToEvaluateOnNewDocument).
OBSERVER = """
(() => {
  const cards = __CARDS__;
  const times = (window.__drawn = {});
  const drawn = key => {
    const g = document.querySelector('#' + key + '-card .js-plotly-plot');
    return !!(g && g.data && g.data.length && g.querySelector('.main-svg .trace, .main-svg .hm'));
  };
  const quotes = () => {
    const count = document.querySelector('#quotes-count');
    const list = document.querySelector('#quotes-list');
    return !!(count && count.textContent.trim() && list && list.children.length);
  };
  const check = () => {
    const now = performance.now();
    cards.forEach(key => { if (!(key in times) && drawn(key)) times[key] = now; });
    if (!('quotes' in times) && quotes()) times.quotes = now;
    if (cards.every(key => key in times) && 'quotes' in times) {
      window.__chartsDrawnAt = Math.max(...Object.values(times));
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true, characterData: true});
})();
""".replace("__CARDS__", json.dumps(list(CHART_CARDS)))

TIMINGS = """
const nav = performance.getEntriesByType('navigation')[0];
return {
  drawn: window.__chartsDrawnAt === undefined ? null : window.__chartsDrawnAt,
  cards: window.__drawn || {},
  dcl: nav ? nav.domContentLoadedEventEnd : null,
  load: nav ? nav.loadEventEnd : null,
  busy: document.querySelectorAll('[data-dash-is-loading]').length,
};
"""


class MeasureError(RuntimeError):
    pass


@dataclass
class Request:
    url: str
    method: str = "GET"
    kind: str = ""
    status: int | None = None
    encoding: str = ""
    transferred: int = 0
    decoded: int = 0
    from_cache: bool = False
    revalidated: bool = False
    post_data: str | None = None
    done: bool = False
    failed: str = ""


@dataclass
class Load:
    requests: list[Request] = field(default_factory=list)
    drawn_ms: float = 0.0
    cards_ms: dict = field(default_factory=dict)
    dcl_ms: float = 0.0
    load_ms: float = 0.0

    def total(self, attr: str, category: str | None = None) -> int:
        return sum(getattr(r, attr) for r in self.requests if category is None or category_of(r) == category)


def category_of(r: Request) -> str:
    path = urlparse(r.url).path
    if path == "/_dash-update-component":
        return "callbacks JSON"
    if path in ("/_dash-layout", "/_dash-dependencies"):
        return "layout + dependencies JSON"
    if r.kind == "Script" or path.endswith(".js"):
        return "scripts"
    if r.kind == "Stylesheet" or path.endswith(".css"):
        return "CSS"
    if r.kind == "Document":
        return "HTML document"
    return "other"


CATEGORIES = ("HTML document", "scripts", "CSS", "layout + dependencies JSON", "callbacks JSON", "other")


# --- gunicorn ------------------------------------------------------------------------------------


def start_gunicorn(port: int, log_path: Path, env_extra: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", **env_extra}
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the workers are stopped with it
    )


def wait_healthy(base: str, server: subprocess.Popen, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if server.poll() is not None:
            raise MeasureError(f"gunicorn exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.2)
    raise MeasureError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


# --- Chromium ------------------------------------------------------------------------------------


def new_driver(profile: Path, timeout: float):
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
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    chromedriver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    service = Service(chromedriver) if Path(chromedriver).exists() else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
    return driver


def post_data(driver, request_id: str) -> str | None:
    try:
        return driver.execute_cdp_cmd("Network.getRequestPostData", {"requestId": request_id})["postData"]
    except Exception:  # noqa: BLE001 - only the per-encoding replay needs it
        return None


def read_log(driver, base: str, requests: dict[str, Request], raw_status: dict[str, int]) -> int:
    """Fold newly logged network events into `requests`; returns how many events there were.

    `raw_status` collects the status line the network saw (304 for a revalidated cache entry,
    where responseReceived reports the cached 200); that event may come before requestWillBeSent.
    """
    entries = driver.get_log("performance")
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        method, p = message["method"], message.get("params", {})
        rid = p.get("requestId")
        if method == "Network.responseReceivedExtraInfo":
            raw_status[rid] = p.get("statusCode")
            continue
        if method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not url.startswith(base):
                continue  # data: URLs and the like never touch the network
            request = p["request"]
            requests[rid] = Request(url=url, method=request["method"], kind=p.get("type", ""))
            if request["method"] == "POST":
                requests[rid].post_data = request.get("postData") or post_data(driver, rid)
            continue
        r = requests.get(rid)
        if r is None:
            continue
        if method == "Network.responseReceived":
            response = p["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            r.status = response.get("status")
            r.encoding = headers.get("content-encoding", "identity")
            r.from_cache = r.from_cache or bool(response.get("fromDiskCache") or response.get("fromPrefetchCache"))
            r.kind = p.get("type", r.kind)
        elif method == "Network.requestServedFromCache":
            r.from_cache = True
        elif method == "Network.dataReceived":
            r.decoded += p.get("dataLength", 0)
        elif method == "Network.loadingFinished":
            r.transferred = int(p.get("encodedDataLength", 0))
            r.done = True
        elif method == "Network.loadingFailed":
            r.failed = p.get("errorText", "failed")
            r.done = True
    return len(entries)


def measure_load(driver, base: str, timeout: float, quiet: float = 0.6) -> Load:
    driver.get("about:blank")
    driver.get_log("performance")  # drop anything logged before this navigation
    requests: dict[str, Request] = {}
    raw_status: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    driver.get(base + "/")
    timings = None
    last_event = time.monotonic()
    while time.monotonic() < deadline:
        if read_log(driver, base, requests, raw_status):
            last_event = time.monotonic()
        timings = driver.execute_script(TIMINGS)
        pending = [r for r in requests.values() if not r.done]
        settled = timings["drawn"] is not None and not timings["busy"] and not pending
        if settled and time.monotonic() - last_event >= quiet:
            break
        time.sleep(0.1)
    else:
        drawn = timings and timings["cards"]
        raise MeasureError(f"the charts were not drawn and the network quiet within {timeout:.0f} s (drawn: {drawn})")
    for rid, r in requests.items():
        r.revalidated = raw_status.get(rid) == 304
    failed = [r for r in requests.values() if r.failed or (r.status or 0) >= 400]
    if failed:
        raise MeasureError("failed requests: " + ", ".join(f"{r.url} {r.status} {r.failed}" for r in failed))
    return Load(
        requests=list(requests.values()),
        drawn_ms=timings["drawn"],
        cards_ms=timings["cards"],
        dcl_ms=timings["dcl"] or 0.0,
        load_ms=timings["load"] or 0.0,
    )


def one_run(base: str, timeout: float) -> tuple[Load, Load]:
    """A fresh profile: a cold load with the cache disabled, then a repeat load with a warm HTTP cache."""
    with tempfile.TemporaryDirectory(prefix="page-weight-profile-", ignore_cleanup_errors=True) as profile:
        driver = new_driver(Path(profile), timeout)
        try:
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            cold = measure_load(driver, base, timeout)
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
            measure_load(driver, base, timeout)  # fills the HTTP cache
            repeat = measure_load(driver, base, timeout)
        finally:
            driver.quit()
    return cold, repeat


def replay_sizes(load: Load, encodings: tuple[str, ...]) -> dict[str, int | None]:
    """Response body bytes of the same requests, asked again with one Accept-Encoding at a time.

    The browser negotiates one encoding (Chromium asks for zstd, br and gzip); this shows what a
    browser that accepts only gzip, say, would be sent. Bodies only, no headers.
    """
    totals: dict[str, int | None] = {}
    for encoding in encodings:
        total = 0
        for r in load.requests:
            if r.method == "POST" and r.post_data is None:
                total = None
                break
            body = r.post_data.encode() if r.method == "POST" else None
            headers = {"Accept-Encoding": encoding}
            if body is not None:
                headers["Content-Type"] = "application/json"
            req = urllib.request.Request(r.url, data=body, headers=headers, method=r.method)
            with urllib.request.urlopen(req, timeout=30) as response:
                total += len(response.read())  # urllib does not decode: these are the bytes sent
        totals[encoding] = total
    return totals


# --- Report --------------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def med(values) -> float:
    return statistics.median(values)


def summary_rows(name: str, loads: list[Load]) -> str:
    t = [ld.total("transferred") for ld in loads]
    d = [ld.total("decoded") for ld in loads]
    drawn = [ld.drawn_ms for ld in loads]
    dcl = [ld.dcl_ms for ld in loads]
    posts = [sum(category_of(r) == "callbacks JSON" for r in ld.requests) for ld in loads]
    cached = [sum(r.from_cache for r in ld.requests) for ld in loads]
    revalidated = [sum(r.revalidated for r in ld.requests) for ld in loads]
    n = [len(ld.requests) for ld in loads]
    return (
        f"| {name} | {len(loads)} | {kb(med(t))} | {kb(max(t))} | {kb(med(d))} | {med(n):.0f} | {med(posts):.0f} "
        f"| {med(cached):.0f} / {med(revalidated):.0f} | {med(dcl):.0f} | {med(drawn):.0f} | {max(drawn):.0f} |"
    )


def report(
    cold: list[Load],
    repeat: list[Load],
    replay: dict[str, int | None],
    args,
    startup_s: float,
    env_extra: dict[str, str],
) -> None:
    workers = env_extra.get("WEB_CONCURRENCY") or os.environ.get("WEB_CONCURRENCY") or "gunicorn.conf.py default"
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; gunicorn -c gunicorn.conf.py (workers: {workers}), "
        f"view cache {'off' if env_extra.get('DASHBOARD_VIEW_CACHE') == '0' else 'on'}; "
        f"gunicorn answered /healthz after {startup_s:.1f} s"
    )
    print()
    print(
        "| load | runs | transferred kB (median) | transferred kB (max) | uncompressed kB (median) | requests | "
        "callback POSTs | from cache / 304 | DOMContentLoaded ms (median) | charts drawn ms (median) | "
        "charts drawn ms (max) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(summary_rows("first (fresh profile, cache disabled)", cold))
    print(summary_rows("repeat (same profile, warm HTTP cache)", repeat))
    print()
    print("First load by type (median over runs; kB = 1,000 bytes; transferred includes response headers):")
    print()
    print("| type | requests | transferred kB | uncompressed kB | content-encoding |")
    print("|---|---|---|---|---|")
    for category in CATEGORIES:
        n = med([sum(category_of(r) == category for r in ld.requests) for ld in cold])
        if not n:
            continue
        encodings = sorted({r.encoding for ld in cold for r in ld.requests if category_of(r) == category})
        print(
            f"| {category} | {n:.0f} | {kb(med([ld.total('transferred', category) for ld in cold]))} | "
            f"{kb(med([ld.total('decoded', category) for ld in cold]))} | {', '.join(encodings)} |"
        )
    t = med([ld.total("transferred") for ld in cold])
    d = med([ld.total("decoded") for ld in cold])
    print(f"| all | {med([len(ld.requests) for ld in cold]):.0f} | {kb(t)} | {kb(d)} | |")
    if replay:
        print()
        print("The first load's requests (run 1) asked again with one Accept-Encoding each (response bodies only):")
        print()
        print("| Accept-Encoding | " + " | ".join(replay) + " |")
        print("|---|" + "---|" * len(replay))
        print("| body kB | " + " | ".join("n/a" if v is None else kb(v) for v in replay.values()) + " |")
    print()
    print("Per run (ms since navigation start; a card counts as drawn when its graph has data and traces in its SVG):")
    print()
    print("| run | first: transferred kB | first: charts drawn | " + " | ".join(CHART_CARDS) + " | quotes | repeat |")
    print("|---|---|---|" + "---|" * (len(CHART_CARDS) + 2))
    for i, (c, r) in enumerate(zip(cold, repeat, strict=True), 1):
        cards = " | ".join(f"{c.cards_ms.get(k, 0):.0f}" for k in (*CHART_CARDS, "quotes"))
        print(f"| {i} | {kb(c.total('transferred'))} | {c.drawn_ms:.0f} | {cards} | {r.drawn_ms:.0f} |")
    if args.verbose:
        for name, load in (("first", cold[0]), ("repeat", repeat[0])):
            print()
            print(
                f"| {name} load, run 1: request | type | status | encoding | cache | transferred B | uncompressed B |"
            )
            print("|---|---|---|---|---|---|---|")
            for r in sorted(load.requests, key=lambda r: -r.transferred):
                path = urlparse(r.url).path
                how = "cache" if r.from_cache else "304" if r.revalidated else ""
                print(
                    f"| {r.method} {path} | {category_of(r)} | {r.status} | {r.encoding} | {how} | "
                    f"{r.transferred:,} | {r.decoded:,} |"
                )
    print()
    worst = max(ld.total("transferred") for ld in cold)
    verdict = "met" if worst < TARGET_BYTES else "NOT met"
    print(f"Target: first load under 2 MB transferred: {verdict} (max of {len(cold)} runs: {kb(worst)} kB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed for one page load")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--no-view-cache", action="store_true", help="start the app with DASHBOARD_VIEW_CACHE=0")
    parser.add_argument("--encodings", nargs="*", default=["zstd", "br", "gzip", "identity"])
    parser.add_argument("--json", type=Path, help="also write every request of every load to this file")
    parser.add_argument("--verbose", action="store_true", help="list every request of run 1")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    # A SIGTERM (a time-out, say) unwinds like Ctrl-C, so gunicorn and Chromium are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    env_extra = {}
    if args.workers:
        env_extra["WEB_CONCURRENCY"] = str(args.workers)
    if args.no_view_cache:
        env_extra["DASHBOARD_VIEW_CACHE"] = "0"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cold: list[Load] = []
    repeat: list[Load] = []
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
        server = start_gunicorn(port, log_path, env_extra)
        try:
            startup = wait_healthy(base, server, timeout=120)
            for i in range(args.runs):
                c, r = one_run(base, args.timeout)
                cold.append(c)
                repeat.append(r)
                print(
                    f"run {i + 1}: first {kb(c.total('transferred'))} kB, charts {c.drawn_ms:.0f} ms", file=sys.stderr
                )
            replay = replay_sizes(cold[0], tuple(args.encodings))
        except Exception as error:
            tail = log_path.read_text(errors="replace")[-2000:] if log_path.exists() else ""
            print(f"could not measure: {error!r}\n--- gunicorn log (tail) ---\n{tail}", file=sys.stderr)
            return 1
        finally:
            stop(server)
    report(cold, repeat, replay, args, startup, env_extra)
    if args.json:
        loads = {"first": cold, "repeat": repeat}
        data = {
            k: [{**ld.__dict__, "requests": [r.__dict__ for r in ld.requests]} for ld in v] for k, v in loads.items()
        }
        args.json.write_text(json.dumps({**data, "replay": replay}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
