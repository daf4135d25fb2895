"""Server time per filter change, at the shipped size and at larger synthetic extracts.

Run on demand (not in CI): `python benchmarks/bench_callbacks.py [--sizes 2000 100000 1000000]`.

Each measurement posts a real `/_dash-update-component` request through Flask's
test client (so it includes Dash's request handling, our callback and JSON
serialisation, but no network): the one callback that redraws every panel after a
filter change (the other request of a change, the URL/state callback, is a few ms;
bench_load.py replays both), and the downloads, over a list of filter changes. It also times an empty Dash callback
on the same machine: the framework floor. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dash import Dash, Input, Output, html  # noqa: E402

from dashboard import ids  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.callbacks.panels import DRAWN  # noqa: E402
from dashboard.data.build import generate_extract  # noqa: E402
from dashboard.data.load import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from dashboard.state import DEFAULT, ViewState, to_store  # noqa: E402

FILTER_CHANGES: dict[str, ViewState] = {
    "default": DEFAULT,
    "one sector": ViewState(sectors=("health",)),
    "frontline shortcut": ViewState(sectors=("health", "education", "police", "fire")),
    "code filter": ViewState(codes=("barrier_cost", "barrier_data_security")),
    "size": ViewState(size_bands=("250 to 999",)),
    "regions": ViewState(regions=("London", "Wales")),
    "frontline workers": ViewState(frontline="frontline"),
    "search": ViewState(search="budget"),
    "presenter": ViewState(present=True),
}
REPEATS = 15


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def panels_payload(dependencies: list[dict], state: ViewState) -> dict:
    """The one callback a filter change fires after the URL/state callback: every panel redrawn
    from the new store (dashboard/callbacks/panels.py), as the browser posts it. `dependencies` is
    the app's `/_dash-dependencies`."""
    (spec,) = [d for d in dependencies if f"{ids.MAIN}.{DRAWN}" in d["output"]]
    outputs = [part.rsplit(".", 1) for part in spec["output"][2:-2].split("...")]

    def value(entry: dict) -> object:
        if entry["id"] == ids.STATE:
            return to_store(state)
        return "chart" if entry["property"] == "value" else None

    return {
        "output": spec["output"],
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": e["id"], "property": e["property"], "value": value(e)} for e in spec["inputs"]],
        # The page has not drawn this store yet: every panel is drawn.
        "state": [{"id": e["id"], "property": e["property"], "value": None} for e in spec["state"]],
        "changedPropIds": [f"{ids.STATE}.data"],
    }


def download_payload(key: str, state: ViewState) -> dict:
    """A click on a card's Download CSV button ("all" is the zip of every card with metadata)."""
    states = [{"id": "state", "property": "data", "value": to_store(state)}]
    if key == "all":
        states.append({"id": "url", "property": "href", "value": "http://127.0.0.1:8050/"})
    return {
        "output": f"{key}-download.data",
        "outputs": {"id": f"{key}-download", "property": "data"},
        "inputs": [{"id": f"{key}-download-btn", "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{key}-download-btn.n_clicks"],
        "state": states,
    }


DOWNLOADS = ("ai", "barriers", "quotes", "all")


def time_post(client, payload: dict) -> float:
    body = json.dumps(payload)
    start = time.perf_counter()
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.data[:300]
    return elapsed * 1000


def floor_ms() -> list[float]:
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b")])

    @app.callback(Output("b", "children"), Input("a", "children"))
    def echo(value):
        return value

    client = app.server.test_client()
    payload = {
        "output": "b.children",
        "outputs": {"id": "b", "property": "children"},
        "inputs": [{"id": "a", "property": "children", "value": "x"}],
        "changedPropIds": ["a.children"],
        "state": [],
    }
    return [time_post(client, payload) for _ in range(200)]


def bench(directory: Path, label: str) -> list[str]:
    start = time.perf_counter()
    # Cold numbers: every request computes its view (the app memoises views per state by default).
    app = create_app(Settings(data_dir=directory, view_cache=0))
    startup = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    client = app.server.test_client()
    client.get("/")
    rows = [f"| {label} | start-up | {startup * 1000:.0f} | | peak RSS so far {rss_mb:.0f} MB |"]
    dependencies = client.get("/_dash-dependencies").json
    per_panel: dict[str, list[float]] = {"panels (every card, findings, quotes, summary)": []}
    per_download: dict[str, list[float]] = {k: [] for k in DOWNLOADS}
    for state in FILTER_CHANGES.values():
        for _ in range(REPEATS):
            per_panel["panels (every card, findings, quotes, summary)"].append(
                time_post(client, panels_payload(dependencies, state))
            )
        for _ in range(3):
            for key in DOWNLOADS:
                per_download[key].append(time_post(client, download_payload(key, state)))
    for key, values in per_panel.items():
        rows.append(
            f"| {label} | {key} callback | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | "
            f"{len(values)} requests over {len(FILTER_CHANGES)} filter changes |"
        )
    for key, values in per_download.items():
        what = "zip of every card + metadata" if key == "all" else f"{key} CSV"
        rows.append(
            f"| {label} | download: {what} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | "
            f"{len(values)} requests over {len(FILTER_CHANGES)} filter changes |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 100_000, 1_000_000])
    args = parser.parse_args()
    print(f"Machine: {platform.node()} {platform.machine()}, Python {platform.python_version()}, {platform.platform()}")
    print("| extract | measure | p50 ms | p95 ms | notes |")
    print("|---|---|---|---|---|")
    floor = floor_ms()
    print(
        f"| - | empty Dash callback (framework floor) | {statistics.median(floor):.2f} | "
        f"{percentile(floor, 0.95):.2f} | 200 requests |"
    )
    for size in args.sizes:
        if size == 0:
            rows = bench(DEFAULT_DATA_DIR, "shipped (2,000 orgs / 4,000 workers)")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                generate_extract(Path(tmp), DEFAULT_DATA_DIR, orgs=size, workers=size, seed=1)
                gen = time.perf_counter() - start
                rows = bench(Path(tmp), f"{size:,} orgs + {size:,} workers")
                rows.insert(0, f"| {size:,} | generate extract | {gen * 1000:.0f} | | |")
        print("\n".join(rows), flush=True)


if __name__ == "__main__":
    main()
