"""Load test on loopback: N simulated users for T seconds against gunicorn with 2 workers.

Run on demand: `python benchmarks/load_test.py [--users 50] [--seconds 60]`.
It starts `gunicorn app:server` on 127.0.0.1 (a free port), runs the users as
threads (standard library only, so it runs in the project's venv), stops the
server and prints throughput, latency percentiles and errors. Every request
goes to 127.0.0.1; the run is bounded in time and stops by itself.

A user's journey: open the page (index and layout), then repeatedly apply a
filter change as the browser does, two requests: the URL/state callback (the
request `bench_load.py --capture` recorded in load_templates.json, with this
change's values), then the one callback that redraws every panel from the store
it wrote; and pause 0.5 to 1.5 s. Changes are drawn from a pool of
--states distinct view states (bench_callbacks.py's named changes, then random
valid ones from a seeded generator), the k-th most popular with weight 1/k, as
a department sharing a few prepared links but also exploring would. The
server's per-state view cache is the app's default unless --view-cache is given
(0 turns it off, so every request is computed cold).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_callbacks import FILTER_CHANGES, panels_payload  # noqa: E402
from bench_load import TEMPLATES, Vocabulary, sync_body, trigger_for  # noqa: E402

from dashboard.data import vocab  # noqa: E402
from dashboard.data.load import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.state import ViewState  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, body: dict | None = None) -> float:
    return exchange(url, body)[0]


def exchange(url: str, body: dict | None = None) -> tuple[float, bytes]:
    """One request: its time in ms and its answer (a 204, nothing to update, is an empty answer)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as response:
        answer = response.read()
        if response.status not in (200, 204):
            raise RuntimeError(response.status)
    return (time.perf_counter() - start) * 1000, answer


def state_pool(size: int, seed: int = 7) -> list[ViewState]:
    """The named filter changes, then random valid states (region or size, never both), no repeats."""
    rng = random.Random(seed)
    pool = list(dict.fromkeys(FILTER_CHANGES.values()))
    while len(pool) < size:
        sectors = tuple(s for s in vocab.SECTORS if rng.random() < 0.5) or vocab.SECTORS
        breakdown = rng.choice(["none", "region", "size"])
        state = ViewState(
            sectors=sectors,
            regions=tuple(rng.sample(vocab.REGIONS, rng.randint(1, 3))) if breakdown == "region" else (),
            size_bands=tuple(rng.sample(vocab.SIZE_BANDS, rng.randint(1, 2))) if breakdown == "size" else (),
            frontline=rng.choice(["all", "all", "frontline", "non_frontline"]),
            codes=tuple(rng.sample(vocab.BARRIER_CODES, rng.randint(1, 2))) if rng.random() < 0.3 else (),
        )
        if state not in pool:
            pool.append(state)
    return pool[:size]


UPDATE = "/_dash-update-component"


def user(base: str, deadline: float, results: list, errors: list, seed: int, states: list[ViewState]) -> None:
    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(states) + 1)]
    template = json.loads(TEMPLATES.read_text())["events"]["sector_tick"][0]["body"]
    words = Vocabulary.of(DEFAULT_DATA_DIR)
    query, store, shown = "", None, ViewState()
    try:
        results.append(("GET /", request(base + "/")))
        results.append(("GET layout", request(base + "/_dash-layout")))
        dependencies = json.loads(exchange(base + "/_dash-dependencies")[1])
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
        errors.append(repr(exc))
        return
    while time.time() < deadline:
        state = rng.choices(states, weights)[0]
        try:
            body = sync_body(
                template, query=query, store=store, state=state, trigger=trigger_for(shown, state, words), words=words
            )
            ms, answer = exchange(base + UPDATE, body)
            results.append(("POST sync (URL/state)", ms))
            response = json.loads(answer or b"{}").get("response", {})
            query = response.get("url", {}).get("search", query)
            if "state" in response:  # a new store: the page then redraws every panel from it
                store, shown = response["state"]["data"], state
                results.append(("POST panels", request(base + UPDATE, panels_payload(dependencies, state))))
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        time.sleep(rng.uniform(0.5, 1.5))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--states", type=int, default=60, help="distinct view states users choose among")
    parser.add_argument(
        "--view-cache", type=int, help="DASHBOARD_VIEW_CACHE: views kept per extract per worker (default: the app's)"
    )
    args = parser.parse_args()
    states = state_pool(args.states)
    env = dict(os.environ)
    env.pop("DASHBOARD_VIEW_CACHE", None)  # the app's default unless --view-cache says otherwise
    if args.view_cache is not None:
        env["DASHBOARD_VIEW_CACHE"] = str(args.view_cache)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "app:server",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                request(base + "/healthz")
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        results: list = []
        errors: list = []
        deadline = time.time() + args.seconds
        threads = [
            threading.Thread(target=user, args=(base, deadline, results, errors, i, states), daemon=True)
            for i in range(args.users)
        ]
        start = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 60)
        elapsed = time.time() - start
    finally:
        server.terminate()
        server.wait(20)
    times = [ms for _, ms in results]
    cache = "app default" if args.view_cache is None else args.view_cache
    print(
        f"{args.users} users, {args.seconds} s, gunicorn {args.workers} workers, loopback, "
        f"{len(states)} states (weight 1/rank), view cache: {cache}"
    )
    print(f"requests: {len(results)}, errors: {len(errors)}, throughput: {len(results) / elapsed:.1f} req/s")
    print("| request | n | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for name in sorted({n for n, _ in results}):
        values = [ms for n, ms in results if n == name]
        print(
            f"| {name} | {len(values)} | {statistics.median(values):.0f} | {pct(values, 0.95):.0f} | "
            f"{pct(values, 0.99):.0f} |"
        )
    print(f"| all | {len(times)} | {statistics.median(times):.0f} | {pct(times, 0.95):.0f} | {pct(times, 0.99):.0f} |")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
