"""Server time per callback, cold and in-process, with the browser's own requests; then cProfile of the slowest.

Run on demand, never in CI or pytest:

    .venv/bin/python -m benchmarks.profile_callbacks                      # shipped extract, 40 random states
    .venv/bin/python -m benchmarks.profile_callbacks --data-dir DIR --states 20
    .venv/bin/python -m benchmarks.profile_callbacks --callback ai       # profile this one instead

The app is built in this process with the view cache off (`create_app(Settings(view_cache=0))`),
and every request goes through Flask's test client: Dash's request handling, our callback and JSON
serialisation, no network and no compression (that is what `bench_load`'s serial pass adds). The
requests are `bench_load`'s: the recorded browser requests (`load_templates.json`, checked against
`/_dash-dependencies`), for random valid states (`bench_load.random_state`), each change posting the
URL/state callback and then every callback that reads the new store. Beside them, the same machine's
framework floor: an empty Dash callback (`bench_callbacks.floor_ms`).

Then the slowest callback by p95 (or `--callback`) is run again for the same states under cProfile,
and the functions with the most own time and the most cumulative time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import (  # noqa: E402
    TEMPLATES,
    Vocabulary,
    callback_name,
    check_templates,
    drawn_of,
    follower_body,
    pct,
    random_state,
    state_of,
    sync_body,
    trigger_for,
)
from benchmarks.processes import loadavg, machine  # noqa: E402
from dashboard.data.load import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.state import ViewState  # noqa: E402

UPDATE = "/_dash-update-component"


#: CPU time of each request (this thread's), beside its wall time: on a shared machine the wall
#: time includes waiting for a CPU, the CPU time much less so.
CPU: dict[str, list[float]] = defaultdict(list)


def post(client, body: dict) -> tuple[float, dict]:
    data = json.dumps(body)
    start, cpu = time.perf_counter(), time.thread_time()
    response = client.post(UPDATE, data=data, content_type="application/json")
    ms = (time.perf_counter() - start) * 1000
    CPU[callback_name(body)].append((time.thread_time() - cpu) * 1000)
    if response.status_code not in (200, 204):
        raise RuntimeError(f"{callback_name(body)}: HTTP {response.status_code} {response.data[:300]!r}")
    return ms, (response.get_json() or {}) if response.status_code == 200 else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_callbacks", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--states", type=int, default=40)
    parser.add_argument("--callback", help="profile this callback (default: the slowest by p95)")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--save", type=Path, help="also write the profile here (pstats), to read its callers")
    args = parser.parse_args(argv)

    from benchmarks.bench_callbacks import floor_ms
    from dashboard.app import create_app
    from dashboard.settings import Settings

    templates = json.loads(TEMPLATES.read_text())
    words = Vocabulary.of(args.data_dir)
    start = time.perf_counter()
    app = create_app(Settings(data_dir=args.data_dir.resolve(), view_cache=0))
    startup = time.perf_counter() - start
    client = app.server.test_client()
    fired = check_templates(templates, client.get("/_dash-dependencies").get_json())
    client.get("/")
    _, opened = post(client, templates["events"]["page_open"][0]["body"])
    store = opened["response"]["state"]["data"]
    query = opened["response"].get("url", {}).get("search", "")
    state = state_of(store)

    rng = random.Random(args.seed)
    drawn: object = None  # the page's data-drawn: nothing drawn yet
    changes: list[tuple[ViewState, list[dict]]] = []  # each state's follower requests, to profile later
    syncs: list[dict] = []  # and its URL/state request
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.states):
        new = random_state(rng, words)
        trigger = trigger_for(state, new, words)
        posts = templates["events"]["topic_click" if trigger[1] == "n_clicks" else "sector_tick"]
        first = sync_body(posts[0]["body"], query=query, store=store, state=new, trigger=trigger, words=words)
        ms, answer = post(client, first)
        times[callback_name(first)].append(ms)
        syncs.append(first)
        response = answer.get("response", {})
        query = response.get("url", {}).get("search", query)
        if "state" not in response:
            continue
        store = response["state"]["data"]
        state = state_of(store)
        # With what the page shows after the last change, as a browser posts it (the server then
        # sends only the panels that changed).
        followers = [follower_body(p["body"], store, drawn) for p in posts[1:]]
        for body in followers:
            ms, answer = post(client, body)
            times[callback_name(body)].append(ms)
            drawn = drawn_of(answer, drawn)
        changes.append((new, followers))
    floor = floor_ms()

    print(f"## profile_callbacks: {args.data_dir}\n")
    print(f"Machine: {machine()}.")
    print(f"Command: `python -m benchmarks.profile_callbacks {' '.join(argv if argv is not None else sys.argv[1:])}`")
    print(
        f"`create_app` {startup:.2f} s. {len(changes)} changes of {args.states} random states; "
        f"load average {loadavg()}."
    )
    print("\n| callback | requests | p50 ms | p95 ms | p99 ms | max ms | CPU p50 ms | CPU p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| framework floor: an empty Dash callback | {len(floor)} | {pct(floor, 0.5):.2f} | {pct(floor, 0.95):.2f} | "
        f"{pct(floor, 0.99):.2f} | {max(floor):.2f} | | |"
    )
    for name in dict.fromkeys(fired):
        v, c = times.get(name, []), CPU.get(name, [])
        if v:
            print(
                f"| {name} | {len(v)} | {pct(v, 0.5):.1f} | {pct(v, 0.95):.1f} | {pct(v, 0.99):.1f} | {max(v):.1f} | "
                f"{pct(c, 0.5):.1f} | {pct(c, 0.95):.1f} |"
            )
    names = [n for n in dict.fromkeys(fired) if n in times and not n.startswith("sync")]
    per_change = [sum(ts) for ts in zip(*(times[n] for n in names), strict=False)]
    cpu_change = [sum(ts) for ts in zip(*(CPU[n][: len(times[n])] for n in names), strict=False)]
    if per_change:
        print(f"| the {len(names)} callbacks a change fires, one after another | {len(per_change)} | "
              f"{pct(per_change, 0.5):.1f} | {pct(per_change, 0.95):.1f} | {pct(per_change, 0.99):.1f} | "
              f"{max(per_change):.1f} | {pct(cpu_change, 0.5):.1f} | {pct(cpu_change, 0.95):.1f} |")  # fmt: skip

    slowest = args.callback or max((n for n in times if not n.startswith("sync")), key=lambda n: pct(times[n], 0.95))
    posted = syncs + [b for _, followers in changes for b in followers]
    bodies = [b for b in posted if callback_name(b) == slowest]
    if not bodies:
        print(f"\nno requests for {slowest!r}; callbacks: {', '.join(times)}")
        return 1
    profiler = cProfile.Profile()
    profiler.enable()
    for body in bodies:
        post(client, body)
    profiler.disable()
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        by_package[package_of(filename)] += row[2]
    print(f"\n### cProfile of `{slowest}` over {len(bodies)} requests ({total:.2f} s profiled)\n")
    print("Own time by package:\n")
    print("| package | own time s | share |")
    print("|---|---:|---:|")
    for name, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        print(f"| {name} | {seconds:.3f} | {seconds / total:.0%} |")
    for order, label, restrict in (
        ("cumulative", "cumulative time, the project's own functions", "dashboard/"),
        ("cumulative", "cumulative time, plotly, pandas and JSON", "plotly|pandas|json|_plotly_utils"),
        ("tottime", "own time", ""),
    ):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(*([restrict] if restrict else []), args.top)
        lines = [line for line in stream.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        print(f"\nBy {label}:\n")
        print("```")
        print("\n".join(line.replace(str(ROOT) + "/", "").replace(SITE, "<stdlib>") for line in lines[start:]))
        print("```")
    return 0


SITE = str(Path(pstats.__file__).parent)  # the standard library, shortened in the listing


def package_of(filename: str) -> str:
    """The package a profiled function belongs to: dashboard.<layer>, a library's name, or a group."""
    if filename.startswith("~") or filename.startswith("<"):
        return "built-ins (C functions: isinstance, json encoding, numpy ...)"
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if ROOT in path.parents:
        parts = path.relative_to(ROOT).parts
        return ".".join(parts[:2]).removesuffix(".py")
    return "standard library"


if __name__ == "__main__":
    sys.exit(main())
