"""Resident memory (RSS) of one app worker at the shipped size, 100,000 and 1,000,000 survey rows.

Run on demand (not in CI): `python benchmarks/memory.py [--sizes 0 100000 1000000] [--reload]`.

For each size (0 means the shipped `data/`):

1. The larger extracts are written by the project's generator
   (`python -m dashboard.data generate`, seed 1, as `bench_callbacks.py` makes them) into a
   temporary directory, in a process of their own, so its memory is not in any reading.
2. Worker: `gunicorn -c gunicorn.conf.py app:server` with one worker on 127.0.0.1 (a free port
   in 8700-8799) and DASHBOARD_DATA_DIR pointing at the extract. Start-up is the time from
   launching gunicorn until /healthz answers. The worker's VmRSS and VmHWM (peak RSS) come from
   /proc/<pid>/status after start-up and again after the page, its layout and every server-side
   callback that reads the view state (each chart card in chart and table view, published
   figures, quotes, the summary and presenter callbacks, and every download) have been posted
   for each of bench_callbacks.py's filter changes (FILTER_CHANGES).
3. Breakdown: a fresh Python process loads the same extract step by step (imports,
   load_extract, build_context, then the view functions for the same filter changes) and
   reports its RSS after each step, the peak RSS of each view function, the pandas size of the
   survey tables, what pyarrow's allocator holds, how much RSS malloc_trim gives back, and how
   much RSS a view cache entry costs (views held for N distinct states).
4. With --reload, the worker runs with DASHBOARD_RELOAD_SECONDS=1 and, after the above, the
   survey files' times are touched so it loads the extract again beside the live one and swaps
   (dashboard/reload.py); its RSS and peak are read after the swap and after more filter changes.

Prints Markdown tables; exits non-zero only if it could not measure. Every process it starts is
stopped at the end, on error too; every request goes to 127.0.0.1 and every wait has a timeout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from processes import free_port, stop  # noqa: E402

from dashboard.settings import Settings  # noqa: E402

TARGET_MB = 600
VIEW_FUNCTIONS = ("admin_view", "ai_view", "barriers_view", "matrix_view", "published_view", "quotes_view")
CACHED_CARDS = ("admin_view", "ai_view", "barriers_view", "matrix_view")  # what the per-state view cache holds
#: Views the app keeps per extract per worker by default (DASHBOARD_VIEW_CACHE).
DEFAULT_VIEW_CACHE = Settings().view_cache


class MeasureError(RuntimeError):
    pass


def filter_changes() -> dict:
    """bench_callbacks.py's filter changes."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_callbacks import FILTER_CHANGES

    return FILTER_CHANGES


# --- /proc readings -------------------------------------------------------------------------------


def proc_status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS, VmHWM and the RSS split (anonymous / file-backed) in MB (1 MB = 2**20 bytes)."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(value.split()[0]) / 1024
    return out


def reset_peak() -> None:
    """Reset this process's VmHWM to its current RSS (Linux: write 5 to clear_refs)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


# --- Generating the extracts ----------------------------------------------------------------------


def generate(size: int, out: Path, timeout: float) -> tuple[float, float]:
    """Write an extract with `size` organisations and `size` workers; returns (seconds, generator peak RSS MB)."""
    command = [
        sys.executable,
        "-m",
        "dashboard.data",
        "generate",
        "--out",
        str(out),
        "--orgs",
        str(size),
        "--workers",
        str(size),
        "--seed",
        "1",
    ]
    with tempfile.TemporaryFile() as output:
        start = time.monotonic()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        deadline = start + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)  # wait4 also gives the child's peak RSS
                if pid:
                    break
                if time.monotonic() > deadline:
                    raise MeasureError(f"generating {size:,} rows took over {timeout:.0f} s")
                time.sleep(0.1)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            output.seek(0)
            text = output.read().decode(errors="replace")
            raise MeasureError(f"generator failed ({proc.returncode}):\n{text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def distinct_states(n: int, exclude) -> list:
    """n view states that differ from each other and from `exclude`: sector subsets, all or frontline workers."""
    from dashboard.data import vocab
    from dashboard.state import ViewState

    subsets = [c for k in range(1, len(vocab.SECTORS) + 1) for c in itertools.combinations(vocab.SECTORS, k)]
    candidates = (ViewState(sectors=s, frontline=f) for f in ("all", "frontline") for s in subsets)
    taken = set(exclude)
    return [state for state in candidates if state not in taken][:n]


# --- One gunicorn worker --------------------------------------------------------------------------


def http(url: str, body: dict | None = None, timeout: float = 120) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _ids(spec: str) -> list[tuple[str, str]]:
    """Dash's output string ('a.b' or '..a.b...c.d..') as (id, property) pairs."""
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    return [tuple(p.split("@")[0].rsplit(".", 1)) for p in parts]


def callback_payloads(dependencies: list[dict], states: dict, base: str) -> list[tuple[str, dict]]:
    """A request for every server-side callback that reads the view state, for every state.

    The view state is set from `states`; a card's Chart/Table/About switch is tried at 'chart'
    and 'table'; a button counts as clicked once; other inputs are left empty. The callback that
    writes the state (from the URL and the controls) is left out.
    """
    from dashboard.state import to_query, to_store

    payloads = []
    for cb in dependencies:
        outputs = _ids(cb["output"])
        if cb.get("clientside_function") or ("state", "data") in outputs:
            continue
        refs = [(d["id"], d["property"]) for d in cb["inputs"] + cb["state"]]
        if ("state", "data") not in refs or any(i.startswith("{") for i, _ in refs):
            continue
        views = [[(i, p, v) for v in ("chart", "table")] for i, p in refs if p == "value" and i.endswith("-view")]
        for (name, state), choice in itertools.product(states.items(), itertools.product(*views)):
            fixed = {(i, p): v for i, p, v in choice}

            def value(i: str, p: str, state=state, fixed=fixed):
                if (i, p) == ("state", "data"):
                    return to_store(state)
                if (i, p) in fixed:
                    return fixed[(i, p)]
                if p == "n_clicks":
                    return 1
                if (i, p) == ("url", "href"):
                    return f"{base}/{to_query(state)}"
                return None

            out_list = [{"id": i, "property": p} for i, p in outputs]
            payloads.append(
                (
                    f"{cb['output']} [{name}{', ' + ', '.join(str(v) for *_, v in choice) if choice else ''}]",
                    {
                        "output": cb["output"],
                        "outputs": out_list if cb["output"].startswith("..") else out_list[0],
                        "inputs": [{**d, "value": value(d["id"], d["property"])} for d in cb["inputs"]],
                        "state": [{**d, "value": value(d["id"], d["property"])} for d in cb["state"]],
                        "changedPropIds": [f"{d['id']}.{d['property']}" for d in cb["inputs"][:1]],
                    },
                )
            )
    return payloads


def reload_generation(base: str) -> int | None:
    """The live extract generation /healthz reports (dashboard/reload.py), or None if it reports none."""
    status, body = http(base + "/healthz", timeout=10)
    reload = json.loads(body).get("reload") if status == 200 else None
    generation = reload.get("generation") if isinstance(reload, dict) else None
    return generation if isinstance(generation, int) else None


def measure_reload(base: str, worker: int, data_dir: Path, payloads: list, timeout: float) -> dict:
    """Touch the survey files so the worker loads the extract again beside the live one, then swaps."""
    before = reload_generation(base)
    if before is None:
        return {"error": "/healthz reports no reload generation"}
    now = time.time()
    for name in ("org_survey.parquet", "time_use_survey.parquet"):
        os.utime(data_dir / name, (now, now))
    start = time.monotonic()
    while (generation := reload_generation(base)) == before:  # requests are what trigger the check
        if time.monotonic() - start > timeout:
            return {"error": f"no reload within {timeout:.0f} s"}
        time.sleep(0.25)
    swapped = proc_status(worker)
    seconds = time.monotonic() - start
    for _, payload in payloads:
        http(base + "/_dash-update-component", payload)
    return {"seconds": seconds, "generation": generation, "after_swap": swapped, "after_use": proc_status(worker)}


def measure_worker(
    data_dir: Path, states: dict, cache_states: int, timeout: float, extra_env: dict, reload: bool = False
) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **extra_env,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "DASHBOARD_DATA_DIR": str(data_dir),
    }
    if reload:
        env["DASHBOARD_RELOAD_SECONDS"] = "1"
    with tempfile.TemporaryDirectory(prefix="memory-gunicorn-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
        with open(log_path, "wb") as log:
            start = time.monotonic()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "gunicorn.conf.py",
                    "--access-logfile",
                    "/dev/null",
                    "app:server",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            while True:
                if server.poll() is not None:
                    raise MeasureError(f"gunicorn exited with code {server.returncode}")
                if time.monotonic() - start > timeout:
                    raise MeasureError(f"/healthz did not answer within {timeout:.0f} s")
                try:
                    if http(base + "/healthz", timeout=5)[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            startup = time.monotonic() - start
            workers = children(server.pid)
            if len(workers) != 1:
                raise MeasureError(f"expected one gunicorn worker, found {workers}")
            worker = workers[0]
            after_start = proc_status(worker)
            t0 = time.monotonic()
            for path in ("/", "/_dash-layout"):
                http(base + path)
            status, body_deps = http(base + "/_dash-dependencies")
            if status != 200:
                raise MeasureError(f"/_dash-dependencies answered {status}")
            payloads = callback_payloads(json.loads(body_deps), states, base)
            errors = []
            for name, payload in payloads:
                if time.monotonic() - t0 > timeout:
                    raise MeasureError(f"exercising the callbacks took over {timeout:.0f} s")
                status, body = http(base + "/_dash-update-component", payload)
                if status not in (200, 204):
                    errors.append(f"{name}: {status} {body[:200]!r}")
            exercised = time.monotonic() - t0
            after_use = proc_status(worker)
            # Fill the per-state view cache with more states: what does one more cached state cost?
            distinct = {f"state {i}": s for i, s in enumerate(distinct_states(cache_states, states.values()))}
            chart_payloads = [
                p
                for _, p in callback_payloads(json.loads(body_deps), distinct, base)
                if any(d["id"].endswith("-view") and d["value"] == "chart" for d in p["inputs"])
            ]
            for payload in chart_payloads:
                if time.monotonic() - t0 > timeout:
                    raise MeasureError(f"exercising the callbacks took over {timeout:.0f} s")
                status, body = http(base + "/_dash-update-component", payload)
                if status not in (200, 204):
                    errors.append(f"{payload['output']}: {status} {body[:200]!r}")
            after_cache = proc_status(worker)
            reloaded = measure_reload(base, worker, data_dir, payloads, timeout) if reload else None
            if children(server.pid) != [worker]:
                raise MeasureError("the worker was restarted while being measured (killed for memory or time-out?)")
            master = proc_status(server.pid)
        except Exception as error:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise MeasureError(f"{error}\n--- gunicorn log (tail) ---\n{tail}") from error
        finally:
            stop(server)
    return {
        "startup_s": startup,
        "after_start": after_start,
        "after_use": after_use,
        "after_cache": after_cache,
        "reload": reloaded,
        "filter_changes": len(states),
        "cache_states": len(distinct),
        "cache_requests": len(chart_payloads),
        "view_cache_env": Settings.from_env(env).view_cache,  # what the worker runs with
        "master_rss": master["VmRSS"],
        "requests": len(payloads) + 3,
        "callbacks": len({p["output"] for _, p in payloads}),
        "exercise_s": exercised,
        "errors": errors,
    }


# --- The breakdown, in a process of its own -------------------------------------------------------


def child(directory: Path, cache_states: int) -> None:
    """Runs in a fresh interpreter: RSS after each step of loading, and what the view functions cost.

    After each step the allocators are asked to give freed memory back (gc, pyarrow's
    release_unused, glibc's malloc_trim), so the table shows both the RSS a worker would have
    and how much of it is live. A worker does not trim, so its RSS is the first figure.
    """
    import ctypes
    import gc
    import tracemalloc

    marks: list[tuple[str, float, float, float, float]] = []
    libc = ctypes.CDLL("libc.so.6")

    def mark(step: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        before = proc_status()
        gc.collect()
        if "pyarrow" in sys.modules:
            sys.modules["pyarrow"].default_memory_pool().release_unused()
        libc.malloc_trim(0)
        marks.append((step, elapsed, before["VmRSS"], proc_status()["VmRSS"], before["VmHWM"]))

    t = time.perf_counter()
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from dashboard import app as _app  # noqa: F401 - the same imports a worker makes
    from dashboard import views
    from dashboard.context import build_context
    from dashboard.data.load import load_extract

    states = filter_changes()
    mark("imports (dashboard.app and its dependencies)", t)
    t = time.perf_counter()
    extract = load_extract(directory)
    arrow_after_load = pa.total_allocated_bytes()
    arrow_peak_load = pa.default_memory_pool().max_memory()
    mark("load_extract", t)
    t = time.perf_counter()
    ctx = build_context(extract, Settings.from_env())  # this process's environment, as a worker's
    mark("build_context", t)

    def deep_mb(df: pd.DataFrame) -> float:
        return float(df.memory_usage(deep=True, index=True).sum()) / 2**20

    def by_dtype(df: pd.DataFrame) -> dict[str, float]:
        sizes = df.memory_usage(deep=True, index=False)
        groups: dict[str, float] = {}
        for column, size in sizes.items():
            key = str(df[column].dtype)
            groups[key] = groups.get(key, 0.0) + float(size) / 2**20
        return dict(sorted(groups.items(), key=lambda kv: -kv[1]))

    def shared(a: pd.DataFrame, b: pd.DataFrame) -> bool:
        column = next((c for c in a.columns if c in b.columns and a[c].dtype.kind == "f"), None)
        return column is not None and np.shares_memory(a[column].to_numpy(), b[column].to_numpy())

    frames = {}
    for name in ("org_survey", "time_use_survey"):
        df = extract.table(name)
        frames[f"extract.{name}"] = {"rows": len(df), "mb": deep_mb(df), "by_dtype": by_dtype(df)}
    for name in ("org", "tus"):
        df = getattr(ctx, name, None)
        if isinstance(df, pd.DataFrame):
            source = extract.table("org_survey" if name == "org" else "time_use_survey")
            frames[f"context.{name}"] = {
                "rows": len(df),
                "mb": deep_mb(df),
                "by_dtype": by_dtype(df),
                "shares_extract_memory": shared(df, source),
            }
    other = sum(deep_mb(extract.table(n)) for n in extract.metadata if n not in ("org_survey", "time_use_survey"))
    frames["extract: the six reference tables"] = {"mb": other}

    view_fns = {name: getattr(views, name) for name in VIEW_FUNCTIONS}
    peaks = {name: 0.0 for name in VIEW_FUNCTIONS}
    seconds = {name: 0.0 for name in VIEW_FUNCTIONS}
    t = time.perf_counter()
    for state in states.values():
        for name, fn in view_fns.items():
            gc.collect()
            before = proc_status()["VmRSS"]
            reset_peak()
            started = time.perf_counter()
            fn(ctx, state)
            seconds[name] += time.perf_counter() - started
            peaks[name] = max(peaks[name], proc_status()["VmHWM"] - before)
    mark(f"view functions, {len(states)} filter changes (nothing kept)", t)

    # What a view cache entry keeps: the four chart cards' views for N distinct states, held.
    distinct = distinct_states(cache_states, states.values())
    t = time.perf_counter()
    tracemalloc.start()
    held = [[view_fns[name](ctx, state) for name in CACHED_CARDS] for state in distinct]
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    mark(f"four chart views held for {len(held)} distinct states", t)
    del held

    pool = pa.default_memory_pool()
    arrow = {
        "backend": pool.backend_name,
        "allocated_after_load_mb": arrow_after_load / 2**20,
        "pool_peak_during_load_mb": (arrow_peak_load or 0) / 2**20,
        "allocated_now_mb": pa.total_allocated_bytes() / 2**20,
    }
    print(
        json.dumps(
            {
                "marks": marks,
                "frames": frames,
                "view_peak_mb": peaks,
                "view_ms": {k: v * 1000 / len(states) for k, v in seconds.items()},
                "per_state_traced_mb": traced / 2**20 / max(1, len(distinct)),
                "cache_states": len(distinct),
                "arrow": arrow,
            }
        )
    )


def breakdown(directory: Path, cache_states: int, timeout: float, extra_env: dict) -> dict:
    env = {**{k: v for k, v in os.environ.items() if k != "DASHBOARD_DATA_DIR"}, **extra_env}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(directory), "--cache-states", str(cache_states)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise MeasureError(f"breakdown process failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- Report ---------------------------------------------------------------------------------------


def label(size: int) -> str:
    return "shipped (2,000 orgs / 4,000 workers)" if size == 0 else f"{size:,} orgs + {size:,} workers"


def report(results: list[dict], extra_env: dict) -> None:
    n = results[0]["worker"]["filter_changes"]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"OS: {platform.platform()}")
    print(
        "MB = 2**20 bytes. Worker: gunicorn -c gunicorn.conf.py, 1 worker; RSS is the worker process's own "
        f"(the master is listed apart). DASHBOARD_VIEW_CACHE: {results[0]['worker']['view_cache_env']}."
    )
    if extra_env:
        print("Extra environment: " + " ".join(f"{k}={v}" for k, v in extra_env.items()))
    print()
    print(
        f"| extract | generate s | start-up s | RSS after start-up MB | RSS after {n} filter changes MB | "
        "peak (VmHWM) MB | anon / file RSS MB | master RSS MB | requests | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        w = r["worker"]
        gen = f"{r['generate_s']:.1f}" if r.get("generate_s") is not None else "-"
        use = w["after_use"]
        print(
            f"| {label(r['size'])} | {gen} | {w['startup_s']:.2f} | {w['after_start']['VmRSS']:.0f} | "
            f"{use['VmRSS']:.0f} | {use['VmHWM']:.0f} | {use['RssAnon']:.0f} / {use['RssFile']:.0f} | "
            f"{w['master_rss']:.0f} | {w['requests']} ({w['callbacks']} callbacks, {w['exercise_s']:.0f} s) | "
            f"{len(w['errors'])} |"
        )
    print()
    print(
        "Then the four chart callbacks for more distinct states, each kept in the worker's view cache "
        "(RSS growth mixes cache entries with reuse of memory freed earlier; the breakdown's tracemalloc figure "
        "is the cleaner cost of an entry):"
    )
    print()
    print("| extract | extra states | RSS after MB | peak (VmHWM) MB | RSS growth per state MB |")
    print("|---|---|---|---|---|")
    for r in results:
        w = r["worker"]
        per = (w["after_cache"]["VmRSS"] - w["after_use"]["VmRSS"]) / max(1, w["cache_states"])
        print(
            f"| {label(r['size'])} | {w['cache_states']} | {w['after_cache']['VmRSS']:.0f} | "
            f"{w['after_cache']['VmHWM']:.0f} | {per:.2f} |"
        )
    if any(r["worker"].get("reload") for r in results):
        print()
        print("Hot reload: the survey files touched, the worker loads the extract beside the live one and swaps:")
        print()
        print("| extract | seconds to swap | RSS after swap MB | peak (VmHWM) MB | RSS after more filter changes MB |")
        print("|---|---|---|---|---|")
        for r in results:
            rl = r["worker"].get("reload")
            if not rl:
                continue
            if "error" in rl:
                print(f"| {label(r['size'])} | {rl['error']} | | | |")
                continue
            print(
                f"| {label(r['size'])} | {rl['seconds']:.1f} | {rl['after_swap']['VmRSS']:.0f} | "
                f"{rl['after_use']['VmHWM']:.0f} | {rl['after_use']['VmRSS']:.0f} |"
            )
    for r in results:
        if "breakdown" not in r:
            continue
        b = r["breakdown"]
        print()
        print(f"Breakdown, {label(r['size'])} (a separate process calling the same functions):")
        print()
        print("| step | seconds | RSS after MB | RSS after freed memory is given back MB | peak so far MB |")
        print("|---|---|---|---|---|")
        for step, seconds, rss, trimmed, hwm in b["marks"]:
            print(f"| {step} | {seconds:.2f} | {rss:.0f} | {trimmed:.0f} | {hwm:.0f} |")
        print()
        print("| table | rows | pandas deep size MB | largest dtypes MB | shares memory with the extract |")
        print("|---|---|---|---|---|")
        for name, f in b["frames"].items():
            dtypes = ", ".join(f"{k} {v:.1f}" for k, v in list(f.get("by_dtype", {}).items())[:4])
            shares = {True: "yes", False: "no"}.get(f.get("shares_extract_memory"), "")
            rows = f"{f['rows']:,}" if "rows" in f else ""
            print(f"| {name} | {rows} | {f['mb']:.1f} | {dtypes} | {shares} |")
        print()
        peaks = ", ".join(f"{k.removesuffix('_view')} {v:.0f}" for k, v in b["view_peak_mb"].items())
        timings = ", ".join(f"{k.removesuffix('_view')} {v:.0f}" for k, v in b["view_ms"].items())
        a = b["arrow"]
        print(f"- largest rise of RSS above its resting level during one view call, MB: {peaks}")
        print(f"- mean ms per view call (no cache): {timings}")
        print(
            f"- pyarrow's pool ({a['backend']}) holds {a['allocated_after_load_mb']:.1f} MB after load_extract "
            f"(peak {a['pool_peak_during_load_mb']:.0f} MB during it), {a['allocated_now_mb']:.1f} MB at the end"
        )
        print(
            f"- one view cache entry (four chart cards, one state) keeps {b['per_state_traced_mb']:.2f} MB "
            f"(tracemalloc, over {b['cache_states']} states); a full cache of the default "
            f"{DEFAULT_VIEW_CACHE} views ({DEFAULT_VIEW_CACHE // len(CACHED_CARDS)} states of the four chart cards): "
            f"{b['per_state_traced_mb'] * DEFAULT_VIEW_CACHE / len(CACHED_CARDS):.0f} MB"
        )
    print()
    biggest = max(results, key=lambda r: r["size"])
    peak = biggest["worker"]["after_use"]["VmHWM"]
    verdict = "met" if peak < TARGET_MB else "NOT met"
    print(
        f"Target: one worker under {TARGET_MB} MB at the largest size measured ({label(biggest['size'])}): "
        f"{verdict} (peak {peak:.0f} MB after start-up and {n} filter changes)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 100_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed for each step")
    parser.add_argument("--cache-states", type=int, default=32, help="distinct states held to cost a cache entry")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the measured processes (e.g. MALLOC_ARENA_MAX=2); may be repeated",
    )
    parser.add_argument("--no-breakdown", action="store_true", help="measure the gunicorn worker only")
    parser.add_argument(
        "--reload",
        action="store_true",
        help="then touch the survey files and measure the worker while it loads and swaps in the extract again "
        "(DASHBOARD_RELOAD_SECONDS=1; the shipped data/ is copied first, never touched)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cache_states)
        return 0

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))  # unwind, so the servers are stopped
    from dashboard.data.load import DEFAULT_DATA_DIR

    extra_env = dict(item.split("=", 1) for item in args.env)
    states = filter_changes()
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="memory-extracts-") as tmp:
            for size in args.sizes:
                result: dict = {"size": size}
                directory = DEFAULT_DATA_DIR
                if not size and args.reload:
                    directory = Path(tmp) / "shipped"
                    directory.mkdir()
                    for parquet in DEFAULT_DATA_DIR.glob("*.parquet"):
                        shutil.copy2(parquet, directory / parquet.name)
                if size:
                    directory = Path(tmp) / str(size)
                    result["generate_s"], result["generate_peak_mb"] = generate(size, directory, args.timeout)
                print(f"{label(size)}: measuring a gunicorn worker", file=sys.stderr, flush=True)
                result["worker"] = measure_worker(
                    directory, states, args.cache_states, args.timeout, extra_env, reload=args.reload
                )
                if not args.no_breakdown:
                    print(f"{label(size)}: breakdown", file=sys.stderr, flush=True)
                    result["breakdown"] = breakdown(directory, args.cache_states, args.timeout, extra_env)
                for error in result["worker"]["errors"][:5]:
                    print(f"  callback error: {error}", file=sys.stderr)
                results.append(result)
    except (MeasureError, subprocess.TimeoutExpired, OSError) as error:
        print(f"could not measure: {error}", file=sys.stderr)
        return 1
    report(results, extra_env)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
