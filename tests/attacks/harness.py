"""The attacker's tools: ask the running app for views, read what it returns, and score the result.

Why through the request path: the disclosure rule is only as good as what the server actually
sends. A unit test of `analysis.disclosure` cannot see a reason leaking into a hover text, a
crafted store slipping past validation, or a subtitle that sums true bases. So every
observation here comes from a POST to `/_dash-update-component`, the way the page asks for a
card's CSV download or redraw, and is parsed from the JSON, CSV or component tree returned.

The microdata (`Target.org`, `Target.tus`) are used only to *score* an attack: to say which
groups are small, and whether a recovered value is right. Nothing an attack infers reads them.
"""

from __future__ import annotations

import base64
import importlib
import io
import json
import math
import multiprocessing
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from dashboard import ids
from dashboard.app import SOURCE_KEY, create_app
from dashboard.callbacks.panels import DRAWN, drawn_key
from dashboard.components.cards import TABLE_ATTRIBUTE
from dashboard.components.registry import CARDS
from dashboard.data import vocab
from dashboard.data.load import load_extract
from dashboard.settings import Settings
from dashboard.state import ViewState, to_store
from tests.extract_edits import rewrite

REGIONS: tuple[str, ...] = tuple(vocab.REGIONS)
SIZES: tuple[str, ...] = tuple(vocab.SIZE_BANDS)
ORG_SECTORS: tuple[str, ...] = tuple(vocab.ORG_SURVEY_SECTORS)
#: The organisation survey's answers a card shows as shares: 2 on the AI card, 13 on the barriers card.
FLAGS: tuple[str, ...] = ("ai_use", "automation_use", *vocab.BARRIER_CODES)
ORG_CARDS = ("ai", "barriers")
SURVEY_CARDS = ("admin", "ai", "barriers")
#: CSV columns that name a row rather than say anything about its number.
IDENTITY_COLUMNS = frozenset({"sector", "sector_label", "measure", "measure_label", "unit", "data_status", "source_id"})
BASE = "base_unweighted_n"
ESTIMATE = "estimate"
WITHHELD = "[c]"
NO_DATA = "[x]"
#: Today's rule writes why a cell is withheld in this CSV column; the attacker reads it if it is there.
REASON_COLUMN = "suppression_reason"


# --------------------------------------------------------------------------- the app under attack


@dataclass(frozen=True)
class View:
    """A selection a user can make in the filter panel: regions, or sizes, or neither (never both).

    Sectors, codes and frontline are left at their defaults: they pick which rows a card shows,
    not which organisations are counted in a row, so they add no constraint on the counts.
    """

    regions: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        assert not (self.regions and self.size_bands), "a reachable view narrows by region or by size, not both"

    def store(self) -> dict:
        return to_store(ViewState(regions=self.regions, size_bands=self.size_bands))

    def contains(self, region: str, size: str) -> bool:
        return (not self.regions or region in self.regions) and (not self.size_bands or size in self.size_bands)

    def vector(self) -> np.ndarray:
        """Which region-by-size cells of one sector this view adds up (cells in `ATOMS` order)."""
        return np.array([1.0 if self.contains(r, z) else 0.0 for r, z in ATOMS])

    def __str__(self) -> str:
        if self.regions:
            return f"regions={'|'.join(self.regions)}"
        if self.size_bands:
            return f"sizes={'|'.join(self.size_bands)}"
        return "unfiltered"


ATOMS: tuple[tuple[str, str], ...] = tuple((r, z) for r in REGIONS for z in SIZES)


@dataclass
class Rendered:
    """What a chart card's render callback sends back for one state."""

    title: str
    subtitle: str
    figure: dict
    description: str
    table: pd.DataFrame | None


def download_body(card: str, store: object) -> dict:
    """The request the page sends when *Download CSV* is pressed on a card."""
    cid = ids.CardIds.of(card)
    return {
        "output": f"{cid.download}.data",
        "outputs": {"id": cid.download, "property": "data"},
        "inputs": [{"id": cid.download_button, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{cid.download_button}.n_clicks"],
        "state": [{"id": ids.STATE, "property": "data", "value": store}],
    }


def parse_id(raw: str) -> str | dict:
    """A component id as `/_dash-dependencies` writes it: a pattern id is a JSON object."""
    return json.loads(raw) if raw.startswith("{") else raw


def output_parts(spec: str) -> list[str]:
    """Each "id.property" of a callback's output as `/_dash-dependencies` writes it (several
    outputs as `..a.children...b.figure..`)."""
    return spec[2:-2].split("...") if spec.startswith("..") else [spec]


@dataclass(frozen=True)
class Callback:
    """One server callback as the page knows it, read from `/_dash-dependencies`: so a request
    built from it is what the browser posts, however the app wires its panels (one callback per
    card, or one for every panel), and a test never hand-writes a request the page cannot send.
    Only callbacks with plain (not pattern-matching) ids are built here."""

    output: str
    inputs: tuple[tuple[str, str], ...]
    state: tuple[tuple[str, str], ...]

    @classmethod
    def drawing(cls, client: Any, output: str) -> Callback:
        """The one server callback whose outputs include `output` ("id.property")."""
        deps = [d for d in client.get("/_dash-dependencies").json if not d.get("clientside_function")]
        found = [d for d in deps if output in output_parts(d["output"])]
        assert len(found) == 1, f"{len(found)} server callbacks draw {output}"
        dep = found[0]

        def pairs(entries: list[dict]) -> tuple[tuple[str, str], ...]:
            out = tuple((parse_id(e["id"]), e["property"]) for e in entries)
            assert all(isinstance(i, str) for i, _ in out), f"{output}: a pattern-matching id is not built here"
            return out  # type: ignore[return-value]

        return cls(dep["output"], pairs(dep["inputs"]), pairs(dep.get("state", [])))

    def outputs(self) -> list[dict] | dict:
        """The `outputs` the browser sends: one {id, property} per output, in the declared order."""
        out = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in output_parts(self.output)]
        return out if self.output.startswith("..") else out[0]

    def body(self, values: Mapping[str, object], changed: Sequence[str]) -> dict:
        """The request, each input and state given its value from `values` ("id.property"),
        or None where `values` has none (what the page holds before a callback has drawn it)."""

        def entries(specs: tuple[tuple[str, str], ...]) -> list[dict]:
            return [{"id": i, "property": p, "value": values.get(f"{i}.{p}")} for i, p in specs]

        named = {f"{i}.{p}" for i, p in self.inputs}
        assert set(changed) <= named, f"{sorted(set(changed) - named)} are not inputs of {self.output[:80]}"
        return {
            "output": self.output,
            "outputs": self.outputs(),
            "inputs": entries(self.inputs),
            "state": entries(self.state),
            "changedPropIds": list(changed),
        }


#: The callback that redraws every panel is named by its first output, the page's "drawn" marker.
PANELS_OUTPUT = f"{ids.MAIN}.{DRAWN}"
STORE = f"{ids.STATE}.data"


def panels_body(
    callback: Callback,
    store: object,
    shown: Mapping[str, object] | None = None,
    *,
    changed: Sequence[str] = (STORE,),
    drawn: object = None,
    focus: object = None,
) -> dict:
    """What the page posts to redraw its panels: the store, the evidence panel's focus token,
    every card's view switch (`shown` by card key; a card not named is on its first view,
    "chart", as the page first has it) and, as state, the marker of the store last drawn.

    By default the store is what changed (a filter change, or the first load): every panel is
    redrawn. A click on one card's switch is `changed=(view_input(card),)` with `drawn` the
    marker of the store the page shows (`drawn_key(store)`)."""
    values: dict[str, object] = {STORE: store, f"{ids.FINDINGS_FOCUS}.data": focus, PANELS_OUTPUT: drawn}
    for card in CARDS:
        values[view_input(card.key)] = (shown or {}).get(card.key, ids.CARD_VIEWS[0])
    return callback.body(values, changed)


def view_input(card: str) -> str:
    """A card's view switch as the page names it in `changedPropIds`."""
    return f"{ids.CardIds.of(card).view}.value"


def read_csv_text(text: str) -> pd.DataFrame:
    """A card CSV exactly as a spreadsheet would read it, every cell as text."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def text_of(node: Any) -> str:
    """The visible text of a Dash component tree (as JSON), children in order."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return "".join(text_of(n) for n in node)
    if isinstance(node, dict):
        return text_of(node.get("props", {}).get("children"))
    return ""


def parse_table(pane: Any) -> pd.DataFrame | None:
    """The data table in a card's table pane, one column per header, cells as their text: what
    assets/drawn.js draws from the region's `data-table` attribute (components/cards.py)."""
    regions = [node for node in _find_all(pane) if TABLE_ATTRIBUTE in node.get("props", {})]
    if not regions:
        return None
    spec = json.loads(regions[0]["props"][TABLE_ATTRIBUTE])
    rows = [["" if cell is None else str(cell) for cell in row] for row in spec["rows"]]
    return pd.DataFrame(rows, columns=spec["columns"])


def _find_all(node: Any) -> Iterator[dict]:
    """Every element in a JSON component tree."""
    if isinstance(node, list):
        for n in node:
            yield from _find_all(n)
    elif isinstance(node, dict):
        yield node
        yield from _find_all(node.get("props", {}).get("children"))


def noise_bound(app: Any) -> int:
    """The largest amount by which a shown base may differ from the true count: public, like the ptable.

    Read from the live context's perturbation table when the app has one, else from
    `dashboard.analysis.cellkey`; 0 when there is no cell key module (exact bases)."""
    try:
        cellkey = importlib.import_module("dashboard.analysis.cellkey")
    except ModuleNotFoundError:
        return 0
    context = app.server.extensions[SOURCE_KEY].current()
    ptable = getattr(context, "ptable", None)
    if ptable is not None and hasattr(ptable, "max_noise"):
        return int(ptable.max_noise)
    return int(cellkey.DEFAULT_MAX_NOISE)


#: Views each app keeps memoised: enough for a download and a redraw of the same state.
VIEW_CACHE = 32


def attack_settings(directory: Path) -> Settings:
    """The default disclosure rules on `directory`; no reloading, a small view cache."""
    return Settings(data_dir=directory, reload_seconds=0, view_cache=VIEW_CACHE)


class Target:
    """One running app (one release of an extract), and the microdata it was built on, for scoring.

    With a process `pool`, batches of downloads (`download_many`) are spread over worker
    processes, each running its own app on the same extract directory through the same
    request path: the charts are drawn for every view, so a request costs 40-80 ms and a
    single process could not run the suite in the time it has."""

    def __init__(self, directory: Path, pool: Executor | None = None, workers: int = 1):
        self.directory = directory
        self.settings = attack_settings(directory)
        self.extract = load_extract(directory)
        self.threshold = self.settings.suppression_threshold
        self.pool, self.workers = pool, workers
        #: For scoring only.
        self.org = self.extract.org_survey
        self.tus = self.extract.time_use_survey
        self.requests = 0
        self._csv: dict[tuple[str, str], pd.DataFrame] = {}

    @cached_property
    def app(self) -> Any:
        """Built on first use: a release whose CSVs all come from worker processes never needs one here."""
        return create_app(self.settings, extract=self.extract)

    @cached_property
    def client(self) -> Any:
        return self.app.server.test_client()

    @cached_property
    def max_noise(self) -> int:
        return noise_bound(self.app)

    def post(self, body: object) -> Any:
        self.requests += 1
        return self.client.post("/_dash-update-component", json=body)

    def download_text(self, card: str, store: object) -> str:
        """A card's CSV for a posted store, as text; asserts the server answered (a 500 is a failure)."""
        response = self.post(download_body(card, store))
        assert response.status_code == 200, f"{card} CSV for {str(store)[:200]}: HTTP {response.status_code}"
        content = response.json["response"][ids.CardIds.of(card).download]["data"]["content"]
        return base64.b64decode(content).decode("utf-8-sig")

    def download(self, card: str, store: object) -> pd.DataFrame:
        return self.download_many([(card, store)])[0]

    def download_many(self, asked: Sequence[tuple[str, object]]) -> list[pd.DataFrame]:
        """Card CSVs for many (card, store) pairs, each asked for once, in worker processes if any."""
        keys = [(card, json.dumps(store, sort_keys=True)) for card, store in asked]
        missing = list(dict.fromkeys(k for k in keys if k not in self._csv))
        if self.pool is not None and len(missing) >= 2 * self.workers:
            chunks = [missing[i :: self.workers] for i in range(self.workers)]
            futures = [
                self.pool.submit(fetch_csvs, str(self.directory), [(c, json.loads(s)) for c, s in chunk])
                for chunk in chunks
            ]
            for chunk, future in zip(chunks, futures, strict=True):
                for key, text in zip(chunk, future.result(), strict=True):
                    self._csv[key] = read_csv_text(text)
            self.requests += len(missing)
        else:
            for card, store in missing:
                self._csv[(card, store)] = read_csv_text(self.download_text(card, json.loads(store)))
        return [self._csv[k] for k in keys]

    @cached_property
    def panels(self) -> Callback:
        """The callback the page posts to redraw its panels, as `/_dash-dependencies` names it."""
        return Callback.drawing(self.client, PANELS_OUTPUT)

    def redraw(self, body: dict, what: str) -> dict:
        """The merged answer to a redraw request, by component id; asserts the server answered."""
        response = self.post(body)
        assert response.status_code == 200, f"{what}: HTTP {response.status_code}"
        return response.json["response"]

    def render(self, card: str, store: object, shown: object = "table") -> Rendered:
        """A chart card as the page draws it when `store` is posted while the card shows `shown`:
        read out of the one response that redraws every panel.

        A chart card's table is drawn only once *Table* is chosen (or, for a grid, on a narrow
        screen, which this page is not), so the table is also asked for the way a click on the switch
        asks, on a page that already shows this store; both answers must be the same table pane, so
        an attack reads what either request serves."""
        out = self.redraw(panels_body(self.panels, store, {card: shown}), f"{card} render for {str(store)[:200]}")
        cid = ids.CardIds.of(card)
        pane = out[cid.table_pane]["children"]
        spec = next(c for c in CARDS if c.key == card)
        if shown == "table" and spec.has_chart:
            switched = self.switch(card, store, shown)
            assert switched == pane, f"{card}: a click on Table for {str(store)[:200]} draws another table"
        table = parse_table(pane)
        # An attack reads the table as the page shows it: a table it cannot find would pass unread.
        assert shown != "table" or table is not None, f"{card}: no table found in its pane for {str(store)[:200]}"
        return Rendered(
            title=text_of(out[cid.title]["children"]),
            subtitle=text_of(out[cid.subtitle]["children"]),
            figure=out[cid.graph]["figure"],
            description=text_of(out[cid.description]["children"]),
            table=table,
        )

    def switch(self, card: str, store: object, shown: object) -> Any:
        """The table pane a click on a card's view switch draws, on a page already showing `store`:
        only that pane is redrawn, so it must be the one output the server sends back."""
        body = panels_body(self.panels, store, {card: shown}, changed=(view_input(card),), drawn=drawn_key(store))
        out = self.redraw(body, f"{card} switched to {str(shown)[:40]} for {str(store)[:200]}")
        cid = ids.CardIds.of(card)
        assert set(out) == {cid.table_pane}, f"{card}: a click on its switch redrew {sorted(out)}"
        return out[cid.table_pane]["children"]

    # -- truth, for scoring ----------------------------------------------------------------

    def true_org_base(self, view: View, sector: str) -> int:
        org = self.org
        mask = org["sector"].astype(str) == sector
        if view.regions:
            mask &= org["region"].isin(view.regions)
        if view.size_bands:
            mask &= org["size_band"].isin(view.size_bands)
        return int(mask.sum())

    def true_cells(self, sector: str) -> np.ndarray:
        """The sector's region-by-size counts, in `ATOMS` order."""
        part = self.org[self.org["sector"].astype(str) == sector]
        counts = Counter(zip(part["region"].astype(str), part["size_band"].astype(str), strict=True))
        return np.array([counts[a] for a in ATOMS], dtype=float)


#: In a worker process: the app it is running, by extract directory (one at a time keeps memory flat).
_WORKER_TARGETS: dict[str, Target] = {}


def fetch_csvs(directory: str, asked: Sequence[tuple[str, object]]) -> list[str]:
    """Run in a worker process: the CSV text of each (card, store), from an app on `directory`."""
    if directory not in _WORKER_TARGETS:
        _WORKER_TARGETS.clear()
        _WORKER_TARGETS[directory] = Target(Path(directory))
    target = _WORKER_TARGETS[directory]
    return [target.download_text(card, store) for card, store in asked]


def start_pool(workers: int) -> Executor | None:
    """Worker processes for `Target.download_many`; spawned, not forked (the test process has threads)."""
    if workers <= 1:
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


# --------------------------------------------------------------------------- reading a CSV


@dataclass(frozen=True)
class Seen:
    """What one view shows of one sector's base: numbers, no data, or withheld (and any reason given)."""

    kind: str  # "shown", "zero" or "withheld"
    values: tuple[int, ...] = ()
    reason: str = ""


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


def sector_bases(csv: pd.DataFrame) -> dict[str, Seen]:
    """Per sector, what the CSV says about its unweighted base (every row of a sector shares it)."""
    out = {}
    for sector, rows in csv.groupby("sector", sort=False):
        bases = set(rows[BASE])
        numbers = tuple(sorted({int(b) for b in bases if _is_number(b)}))
        if numbers:
            out[str(sector)] = Seen("shown", numbers)
        elif NO_DATA in bases:
            out[str(sector)] = Seen("zero")
        else:
            reasons = set(rows[REASON_COLUMN]) - {""} if REASON_COLUMN in rows else set()
            out[str(sector)] = Seen("withheld", reason="|".join(sorted(reasons)))
    return out


# --------------------------------------------------------------------------- the views a user can reach


def region_views(*, sample: int, seed: int, exhaustive: bool = False) -> list[View]:
    """Region selections: every subset when `exhaustive`, else every singleton, pair and their
    complements, plus `sample` other subsets drawn at random (fixed seed).

    All 4,095 subsets cost about 40 ms each through the request path (the chart is drawn for
    every view, CSV or not), nearly three minutes per extract on this machine, so the default
    is about 300: the ones that isolate a region or a pair directly, and enough others for
    differencing over overlapping views."""
    every = [frozenset(c) for k in range(1, len(REGIONS) + 1) for c in combinations(REGIONS, k)]
    if exhaustive:
        chosen = every
    else:
        whole = frozenset(REGIONS)
        few = [frozenset(c) for k in (1, 2) for c in combinations(REGIONS, k)]
        chosen = list(dict.fromkeys([*few, *(whole - s for s in few), whole]))
        rest = [s for s in every if s not in set(chosen)]
        chosen += random.Random(seed).sample(rest, min(sample, len(rest)))
    return [View(regions=tuple(r for r in REGIONS if r in s)) for s in chosen]


def size_views() -> list[View]:
    """Every non-empty subset of the four size bands."""
    return [View(size_bands=c) for k in range(1, len(SIZES) + 1) for c in combinations(SIZES, k)]


def attack_views(*, sample: int, seed: int, exhaustive: bool = False) -> list[View]:
    return [View(), *region_views(sample=sample, seed=seed, exhaustive=exhaustive), *size_views()]


# --------------------------------------------------------------------------- integer-program audit


@dataclass(frozen=True)
class Bound:
    """What the attacker knows about one sum of cells: lo <= vector . x <= hi."""

    vector: tuple[float, ...]
    lo: float
    hi: float
    why: str


def knowledge(seen: Seen, view: View, threshold: int, max_noise: int) -> Bound:
    """What a sound attacker may conclude from one view of one sector, under the published rules.

    - a shown base b: the true count is within max_noise of b, and (cells under the threshold
      are never shown) at least the threshold;
    - [x]: no organisations at all;
    - [c]: at least one organisation (else it would be [x]); with today's reasons also
      `primary` => under the threshold, `secondary` => at least the threshold (the secondary
      rule only withholds cells the primary rule let through).
    The harness checks every bound against the truth, so an unsound assumption fails loudly.
    """
    vector = tuple(view.vector())
    if seen.kind == "shown":
        lo = max(max(seen.values) - max_noise, threshold)
        hi = min(seen.values) + max_noise
        return Bound(vector, lo, hi, f"{view}: shown {'/'.join(map(str, seen.values))}")
    if seen.kind == "zero":
        return Bound(vector, 0, 0, f"{view}: [x]")
    if seen.reason == "primary":
        return Bound(vector, 1, threshold - 1, f"{view}: [c] primary")
    if seen.reason == "secondary":
        return Bound(vector, threshold, math.inf, f"{view}: [c] secondary")
    return Bound(vector, 1, math.inf, f"{view}: [c]")


@dataclass(frozen=True)
class Cell:
    """A group the audit tries to pin down: a region margin, a size margin or a region-by-size cell."""

    name: str
    vector: np.ndarray
    truth: int


def small_cells(truth: np.ndarray, threshold: int) -> list[Cell]:
    """Every group of one sector with 1 to threshold - 1 organisations."""
    out = []
    for region in REGIONS:
        out.append(Cell(f"region {region}", np.array([1.0 if r == region else 0.0 for r, _ in ATOMS]), 0))
    for size in SIZES:
        out.append(Cell(f"size {size}", np.array([1.0 if z == size else 0.0 for _, z in ATOMS]), 0))
    for i, (region, size) in enumerate(ATOMS):
        out.append(Cell(f"{region} x {size}", np.eye(len(ATOMS))[i], 0))
    with_truth = [Cell(c.name, c.vector, int(c.vector @ truth)) for c in out]
    return [c for c in with_truth if 0 < c.truth < threshold]


def feasible_range(bounds: Sequence[Bound], objective: np.ndarray) -> tuple[float, float]:
    """Smallest and largest value of `objective . x` over non-negative integer tables x that fit
    every bound (scipy's HiGHS branch and bound); inf when nothing caps it."""
    matrix = np.array([b.vector for b in bounds])
    constraints = LinearConstraint(matrix, [b.lo for b in bounds], [b.hi for b in bounds])
    out = []
    for sign in (1.0, -1.0):
        result = milp(
            sign * objective,
            integrality=np.ones(len(objective)),
            bounds=Bounds(0, np.inf),
            constraints=constraints,
        )
        if result.status == 0:
            out.append(sign * result.fun)
        elif result.status == 3:  # unbounded: only the maximum can be, as counts are at least 0
            out.append(math.inf)
        else:
            raise AssertionError(f"the attacker's constraints have no solution ({result.message}): model unsound")
    low, high = out
    return round(low), (high if math.isinf(high) else round(high))


@dataclass
class SectorAudit:
    sector: str
    cells: list[tuple[Cell, float, float]] = field(default_factory=list)

    def widths(self) -> list[float]:
        return [high - low + 1 for _, low, high in self.cells]


def _width_label(low: float, high: float) -> str:
    if math.isinf(high):
        return "inf"
    width = int(high - low + 1)
    return "1 (exact)" if width == 1 else str(width) if width < 20 else ">=20"


@dataclass
class Audit:
    """The integer-program audit of one app: per sector, each small cell's feasible range."""

    label: str
    threshold: int
    max_noise: int
    views: int
    requests: int
    sectors: list[SectorAudit] = field(default_factory=list)

    def all_cells(self) -> list[tuple[str, Cell, float, float]]:
        return [(s.sector, c, low, high) for s in self.sectors for c, low, high in s.cells]

    def exact(self) -> list[tuple[str, Cell, float, float]]:
        return [t for t in self.all_cells() if t[2] == t[3]]

    def narrow(self) -> list[tuple[str, Cell, float, float]]:
        return [t for t in self.all_cells() if t[3] - t[2] + 1 < self.threshold]

    def summary(self) -> str:
        cells = self.all_cells()
        widths = Counter(_width_label(lo, high) for _, _, lo, high in cells)
        order = sorted(widths, key=lambda w: (w == "inf", w == ">=20", int(w.split()[0]) if w[0].isdigit() else 0))
        lines = [
            f"{self.label}: threshold {self.threshold}, max noise {self.max_noise}, {self.views} views "
            f"({self.requests} requests); {len(cells)} small cells audited, {len(self.exact())} recovered exactly, "
            f"{len(self.narrow())} narrower than the threshold",
            "  range widths: " + ", ".join(f"{w}: {widths[w]}" for w in order),
        ]
        for s in self.sectors:
            w = s.widths()
            exact = sum(1 for x in w if x == 1)
            narrow = sum(1 for x in w if x < self.threshold)
            lines.append(f"  {s.sector}: {len(w)} small cells, {exact} exact, {narrow} narrower than the threshold")
        for sector, cell, low, high in sorted(self.narrow(), key=lambda t: t[3] - t[2])[:15]:
            lines.append(f"    {sector} {cell.name}: true {cell.truth}, feasible {low:g} to {high:g}")
        return "\n".join(lines)


def observe(target: Target, views: Sequence[View], card: str = "ai") -> dict[View, dict[str, Seen]]:
    """Each view's card CSV, reduced to what it says about every sector's base."""
    csvs = target.download_many([(card, view.store()) for view in views])
    return {view: sector_bases(csv) for view, csv in zip(views, csvs, strict=True)}


def check_sound(target: Target, sector: str, bounds: Iterable[Bound]) -> None:
    """Every conclusion the attacker drew must hold for the true table (else the audit is meaningless)."""
    truth = target.true_cells(sector)
    for b in bounds:
        value = float(np.dot(b.vector, truth))
        assert b.lo <= value <= b.hi, f"{sector}, {b.why}: true {value:g} outside [{b.lo}, {b.hi}]: attacker unsound"


def integer_program_audit(target: Target, views: Sequence[View], label: str) -> Audit:
    """Min and max of every small cell of every sector, over all tables consistent with the views."""
    before = target.requests
    seen = observe(target, views)
    audit = Audit(label, target.threshold, target.max_noise, len(views), target.requests - before)
    for sector in ORG_SECTORS:
        merged: dict[tuple[float, ...], Bound] = {}
        for view, per_sector in seen.items():
            if sector not in per_sector:
                continue
            b = knowledge(per_sector[sector], view, target.threshold, target.max_noise)
            if b.vector in merged:  # the same sum seen twice: keep the tighter of both bounds
                old = merged[b.vector]
                b = Bound(b.vector, max(old.lo, b.lo), min(old.hi, b.hi), f"{old.why}; {b.why}")
            merged[b.vector] = b
        bounds = list(merged.values())
        check_sound(target, sector, bounds)
        result = SectorAudit(sector)
        for cell in small_cells(target.true_cells(sector), target.threshold):
            low, high = feasible_range(bounds, cell.vector)
            result.cells.append((cell, low, high))
        audit.sectors.append(result)
    return audit


# --------------------------------------------------------------------------- two releases


def release_views(focus: str, *, with_focus: int, without_focus: int, seed: int) -> list[View]:
    """The views compared between releases: the unfiltered view, every single region, every size
    subset, and random region subsets: `with_focus` that hold region `focus` and `without_focus`
    that do not.

    An attacker first sees from the single regions and sizes where the organisation was (its
    region's numbers changed), then asks for many selections holding that region: each is a
    different cell with its own noise, so each gives another vote on which way the shares moved.
    """
    others = [r for r in REGIONS if r != focus]
    subsets = [frozenset(c) for k in range(1, len(others)) for c in combinations(others, k)]
    rng = random.Random(seed)
    holding = [s | {focus} for s in rng.sample(subsets, with_focus)]
    lacking = [s for s in rng.sample(subsets, without_focus + with_focus) if len(s) > 1][:without_focus]
    chosen = [View(regions=(r,)) for r in REGIONS]
    chosen += [View(regions=tuple(r for r in REGIONS if r in s)) for s in [*holding, *lacking]]
    return list(dict.fromkeys([View(), *chosen, *size_views()]))


Snapshot = dict[tuple[View, str], pd.DataFrame]


def snapshot(target: Target, views: Sequence[View]) -> Snapshot:
    keys = [(view, card) for view in views for card in ORG_CARDS]
    csvs = target.download_many([(card, view.store()) for view, card in keys])
    return dict(zip(keys, csvs, strict=True))


@dataclass
class Guess:
    """What the attacker worked out about one removed organisation, scored against the truth."""

    org_id: str
    truth: Mapping[str, object]
    sector: str | None
    regions: frozenset[str]
    sizes: frozenset[str]
    #: Flags right (a tie scores half) by the sign vote, the fitted model and the offset model.
    by_sign: float
    by_model: float
    by_offset: float
    flags_total: int
    #: Views whose numbers for the guessed sector changed: each one is evidence.
    votes: int
    #: Organisations in the attacker's candidate group (sector x candidate regions x candidate sizes).
    group_size: int
    certain_ones: int


def shift_bound() -> float:
    """The largest shift of a shown estimate, in standard errors: public, like the ptable; 0 without cell key."""
    try:
        cellkey = importlib.import_module("dashboard.analysis.cellkey")
    except ModuleNotFoundError:
        return 0.0
    return float(getattr(cellkey, "ESTIMATE_SHIFT_SE", 0.0))


def _rows(csv: pd.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["sector"], r["measure"]): r for r in csv.to_dict("records")}


@dataclass(frozen=True)
class Change:
    """One shown share of the removed organisation's sector, before and after (as proportions)."""

    flag: str
    before: float
    after: float
    se: float
    base: int


def model_guess(changes: Sequence[Change], shift: float) -> dict[str, bool]:
    """The attacker's best fit of the organisation's answers to every change at once.

    Removing an organisation of weight w from a cell of total weight W moves a share p by
    w (y - p) / (W - w): towards 1 - p if it had the flag (y = 1), towards -p if not. The
    attacker does not know w / W, but it is the same organisation in every cell, so r = w over
    the average weight is fitted along with the answers (a grid of ratios, least squares with
    each change weighted by its noise: the two shifts' spread, shift x SE each, and the CSV's
    rounding to 0.1 points)."""
    if not changes:
        return {}
    flags = sorted({c.flag for c in changes})
    best: tuple[float, dict[str, bool]] | None = None
    for ratio in np.geomspace(0.1, 10, 49):
        total, answers = 0.0, {}
        for flag in flags:
            mine = [c for c in changes if c.flag == flag]
            cost = {}
            for y in (0, 1):
                cost[y] = sum(
                    (c.before - c.after - ratio * (y - c.before) / max(c.base - 1, 1)) ** 2
                    / ((shift * c.se) ** 2 * 2 / 3 + 2 * 0.0005**2 / 3)
                    for c in mine
                )
            answers[flag] = cost[1] < cost[0]
            total += min(cost.values())
        if best is None or total < best[0]:
            best = (total, answers)
    assert best is not None
    return best[1]


def offset_guess(changes: Sequence[Change]) -> dict[str, bool]:
    """The attacker who knows the noise is drawn per atomic cell (analysis/cellkey.py).

    Then every view holding the organisation has the same noise d on the change of a flag's
    weighted sum, so (base - 1) x (before - after) = r y - r p + d for every view, with r its
    weight over the average weight. Fit r (one slope shared by all flags) and each flag's
    intercept A = r y + d by least squares; with d symmetric about 0, guess y = 1 when A > r / 2.
    """
    flags = sorted({c.flag for c in changes})
    if not changes:
        return {}
    index = {f: i for i, f in enumerate(flags)}
    design = np.zeros((len(changes), len(flags) + 1))
    target = np.zeros(len(changes))
    for row, c in enumerate(changes):
        design[row, index[c.flag]] = 1.0
        design[row, -1] = -c.before
        target[row] = max(c.base - 1, 1) * (c.before - c.after)
    fit, *_ = np.linalg.lstsq(design, target, rcond=None)
    ratio = fit[-1]
    return {f: bool(fit[index[f]] > ratio / 2) for f in flags}


def difference_attack(
    before: Snapshot,
    after: Snapshot,
    threshold: int,
    max_noise: int,
    truth: Mapping[str, object],
    org: pd.DataFrame,
) -> Guess:
    """Guess a removed organisation's sector, region, size and answers from two releases' CSVs.

    Location: a view in which a sector's numbers changed holds the organisation; one in which
    they are all identical (and shown) is taken not to. Answers, two ways: each changed view
    votes by the sign of each share's change (removing an organisation that has a flag lowers
    that share), the majority wins; and `model_guess` fits the answers to the sizes of all the
    changes at once. A tie scores half, as a coin would."""
    changed: Counter[str] = Counter()
    touched: dict[str, list[View]] = {s: [] for s in ORG_SECTORS}
    untouched: dict[str, list[View]] = {s: [] for s in ORG_SECTORS}
    moves: dict[str, list[Change]] = {s: [] for s in ORG_SECTORS}
    certain_ones = 0
    for view in dict.fromkeys(view for view, _ in before):
        a = {**_rows(before[(view, "ai")]), **_rows(before[(view, "barriers")])}
        b = {**_rows(after[(view, "ai")]), **_rows(after[(view, "barriers")])}
        for sector in ORG_SECTORS:
            keys = [k for k in a if k[0] == sector]
            if not keys:
                continue
            pairs = [(k, col) for k in keys for col in (ESTIMATE, BASE)]
            comparable = [(k, col) for k, col in pairs if _is_number(a[k][col]) and _is_number(b[k][col])]
            differ = [(k, col) for k, col in comparable if float(a[k][col]) != float(b[k][col])]
            if differ:
                changed[sector] += 1
                touched[sector].append(view)
                for k, col in differ:
                    if col == ESTIMATE and _is_number(a[k][BASE]):
                        se = (float(a[k]["ci_upper_95"]) - float(a[k]["ci_lower_95"])) / 100 / (2 * 1.96)
                        moves[sector].append(
                            Change(k[1], float(a[k][ESTIMATE]) / 100, float(b[k][ESTIMATE]) / 100, se, int(a[k][BASE]))
                        )
            elif len(comparable) == len(pairs):
                untouched[sector].append(view)
            bases = [k for k, col in comparable if col == BASE]
            if bases:
                x, y = int(a[bases[0]][BASE]), int(b[bases[0]][BASE])
                low = max(x - max_noise, threshold) - (y + max_noise)
                high = (x + max_noise) - max(y - max_noise, threshold)
                certain_ones += int(low == high == 1)
    sector = changed.most_common(1)[0][0] if changed else None
    regions, sizes = frozenset(REGIONS), frozenset(SIZES)
    if sector is not None:
        for view in touched[sector]:
            regions &= set(view.regions) or regions
            sizes &= set(view.size_bands) or sizes
        for view in untouched[sector]:
            regions = (regions - set(view.regions)) or regions
            sizes = (sizes - set(view.size_bands)) or sizes
    mine = moves[sector] if sector else []
    votes = Counter[str]()
    for c in mine:
        votes[c.flag] += 1 if c.before > c.after else -1
    fitted = model_guess(mine, shift_bound())
    offset = offset_guess(mine)
    by_sign = sum(0.5 if votes[f] == 0 else float((votes[f] > 0) == bool(truth[f])) for f in FLAGS)
    by_model = sum(0.5 if f not in fitted else float(fitted[f] == bool(truth[f])) for f in FLAGS)
    by_offset = sum(0.5 if f not in offset else float(offset[f] == bool(truth[f])) for f in FLAGS)
    group = org[
        (org["sector"].astype(str) == (sector or "")) & org["region"].isin(regions) & org["size_band"].isin(sizes)
    ]
    return Guess(
        org_id=str(truth["org_id"]),
        truth=truth,
        sector=sector,
        regions=regions,
        sizes=sizes,
        by_sign=by_sign,
        by_model=by_model,
        by_offset=by_offset,
        flags_total=len(FLAGS),
        votes=changed[sector] if sector else 0,
        group_size=len(group),
        certain_ones=certain_ones,
    )


@dataclass
class ReleaseAttack:
    label: str
    threshold: int
    max_noise: int
    views: int
    guesses: list[Guess] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        total = sum(g.flags_total for g in self.guesses)
        return {
            "sign vote": sum(g.by_sign for g in self.guesses) / total,
            "fitted model": sum(g.by_model for g in self.guesses) / total,
            "offset model": sum(g.by_offset for g in self.guesses) / total,
        }

    def flag_accuracy(self) -> float:
        """The best of the three attackers: each one is a strategy anyone could use."""
        return max(self.accuracy().values())

    def summary(self) -> str:
        total = sum(g.flags_total for g in self.guesses)
        lines = [
            f"{self.label}: threshold {self.threshold}, max noise {self.max_noise}, {self.views} views x "
            f"{len(ORG_CARDS)} cards per release, {len(self.guesses)} organisations removed one at a time",
            "  flags guessed right: "
            + "; ".join(f"{name} {share * total:g} of {total} ({share:.0%})" for name, share in self.accuracy().items())
            + " (chance 50%)",
            f"  base differences certain to be exactly 1: {sum(g.certain_ones for g in self.guesses)}",
            f"  sector right: {sum(g.sector == g.truth['sector'] for g in self.guesses)} of {len(self.guesses)}; "
            f"region pinned: {sum(g.regions == {g.truth['region']} for g in self.guesses)}; "
            f"size pinned: {sum(g.sizes == {g.truth['size_band']} for g in self.guesses)}",
        ]
        for g in self.guesses:
            lines.append(
                f"    {g.org_id} ({g.truth['sector']}, {g.truth['region']}, {g.truth['size_band']}): guessed "
                f"{g.sector}, {len(g.regions)} region(s), {len(g.sizes)} size(s) -> a group of {g.group_size}; "
                f"{g.votes} changed views; flags by sign {g.by_sign:g}/{g.flags_total}, "
                f"by model {g.by_model:g}/{g.flags_total}, by offset {g.by_offset:g}/{g.flags_total}"
            )
        return "\n".join(lines)


def copy_extract(source: Path, out: Path) -> Path:
    """A private copy of an extract directory (without the CSV sources), to edit."""
    shutil.copytree(source, out, ignore=shutil.ignore_patterns("source"))
    return out


def without_org(source: Path, out: Path, org_id: str) -> Path:
    """The next release: the same extract with one organisation gone (every other record unchanged)."""
    copy_extract(source, out)
    rewrite(out, "org_survey", lambda df: df[df["org_id"] != org_id].reset_index(drop=True))
    return out


def busiest_region(org: pd.DataFrame, sectors: Sequence[str] = ORG_SECTORS) -> str:
    """The region with the most organisations of the given sectors (ties to the first listed)."""
    counts = org[org["sector"].astype(str).isin(sectors)]["region"].astype(str).value_counts()
    return max(REGIONS, key=lambda r: (counts.get(r, 0), -REGIONS.index(r)))


def organisations_to_remove(
    org: pd.DataFrame, count: int, region: str, sectors: Sequence[str] = ORG_SECTORS
) -> list[str]:
    """The organisations whose removal the test stages: in `region` where possible, one sector
    after another, each the one in the smallest region-by-size cell of its sector (ties by id),
    the most exposed an attacker could pick there."""
    cell = org.groupby(["sector", "region", "size_band"], observed=True)["org_id"].transform("size")
    ranked = org.assign(cell=cell.to_numpy(), away=(org["region"].astype(str) != region).to_numpy())
    ranked = ranked.sort_values(["away", "cell", "org_id"])
    per_sector = {s: ranked[ranked["sector"].astype(str) == s]["org_id"].tolist() for s in sectors}
    out: list[str] = []
    while len(out) < count and any(per_sector.values()):
        for s in sectors:
            if per_sector[s] and len(out) < count:
                out.append(per_sector[s].pop(0))
    return out


def release_attack(
    directory: Path,
    work: Path,
    removed: Sequence[str],
    views: Sequence[View],
    label: str,
    pool: Executor | None = None,
    workers: int = 1,
) -> ReleaseAttack:
    """Serve the extract, then each one-organisation-smaller release, and difference every view."""
    first = Target(directory, pool, workers)
    before = snapshot(first, views)
    attack = ReleaseAttack(label, first.threshold, first.max_noise, len(views))
    org = first.org
    for org_id in removed:
        second = Target(without_org(directory, work / org_id, org_id), pool, workers)
        after = snapshot(second, views)
        truth_row = org[org["org_id"] == org_id].iloc[0].to_dict()
        truth_row = {k: (str(v) if k in ("sector", "region", "size_band") else v) for k, v in truth_row.items()}
        attack.guesses.append(difference_attack(before, after, first.threshold, first.max_noise, truth_row, org))
    return attack


# --------------------------------------------------------------------------- a crafted extract


def with_small_sector(source: Path, out: Path, sector: str = "health", keep: int = 40) -> Path:
    """A copy of an extract in which `sector` has only `keep` organisations (the first by id):
    the case where most of its regions and sizes hold a handful each."""
    copy_extract(source, out)

    def shrink(df: pd.DataFrame) -> pd.DataFrame:
        mine = df[df["sector"] == sector].sort_values("org_id")
        drop = set(mine["org_id"].iloc[keep:])
        return df[~df["org_id"].isin(drop)].reset_index(drop=True)

    rewrite(out, "org_survey", shrink)
    return out


# --------------------------------------------------------------------------- what a user sees of a withheld cell

#: Words that would tell a reader why one particular cell is withheld (the rules may be described
#: in general terms elsewhere, e.g. the About text or the zip's README; not next to a cell).
REASON_WORDS = re.compile(
    r"\b(primary|secondary)\b|reason|fewer (responses )?than|too few|comparing (this )?views?|comparing this view"
    r"|worked out|threshold|small group|under \d|below \d",
    re.IGNORECASE,
)


@dataclass
class CardOutput:
    """Everything one card returns for one posted store: its CSV and its redraw (with the table)."""

    card: str
    label: str
    store: object
    csv: pd.DataFrame
    rendered: Rendered

    def texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) for every piece of text a user can read or download."""
        yield "csv header", " | ".join(self.csv.columns)
        for i, row in self.csv.iterrows():
            for column, value in row.items():
                yield f"csv row {i} {column}", str(value)
        yield "title", self.rendered.title
        yield "subtitle", self.rendered.subtitle
        yield "description", self.rendered.description
        for where, text in hover_texts(self.rendered.figure):
            yield f"hover {where}", text
        if self.rendered.table is not None:
            for i, row in self.rendered.table.iterrows():
                for column, value in row.items():
                    yield f"table row {i} {column}", str(value)

    def reason_words(self) -> list[str]:
        hits = [(where, text) for where, text in self.texts() if REASON_WORDS.search(text)]
        return [f"{self.card} {self.label} {where}: {text[:160]}" for where, text in hits]


def collect(target: Target, card: str, store: object, label: str) -> CardOutput:
    return CardOutput(card, label, store, target.download(card, store), target.render(card, store, "table"))


def hover_texts(figure: Mapping) -> Iterator[tuple[str, str]]:
    for t, trace in enumerate(figure.get("data", [])):
        hover = trace.get("hovertext")
        if hover is None:
            continue
        if trace.get("type") == "heatmap":
            for i, row in enumerate(hover):
                for j, text in enumerate(row):
                    yield f"trace {t} [{i}][{j}]", str(text)
        else:
            for i, text in enumerate(hover):
                yield f"trace {t} [{i}]", str(text)


def hover_by_cell(figure: Mapping, measure_labels: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """Hover text by (sector, measure): bars carry the sector in customdata and the measure label
    as the trace name; the barrier grid carries [sector, measure] in each cell's customdata."""
    by_label = {label: measure for measure, label in measure_labels.items()}
    out = {}
    for trace in figure.get("data", []):
        hover, custom = trace.get("hovertext"), trace.get("customdata")
        if hover is None or custom is None:
            continue
        if trace.get("type") == "heatmap":
            for hover_row, custom_row in zip(hover, custom, strict=True):
                for text, (sector, measure) in zip(hover_row, custom_row, strict=True):
                    out[(sector, measure)] = str(text)
        else:
            measure = by_label.get(trace.get("name", ""), trace.get("name", ""))
            for text, sector in zip(hover, custom, strict=True):
                out[(str(sector), measure)] = str(text)
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.])\s+", text) if s]


def template(sentence: str, labels: Iterable[str]) -> str:
    """A sentence with every sector name replaced, so sentences about different sectors compare."""
    for label in sorted(labels, key=len, reverse=True):
        sentence = re.sub(rf"\b{re.escape(label)}\b", "<sector>", sentence)
    return re.sub(r"<sector>(, <sector>)*( and <sector>)?", "<sector>", sentence)


@dataclass(frozen=True)
class WithheldCell:
    """One withheld estimate as a user sees it, and (from the truth) whether its group is small."""

    where: str
    small: bool
    #: The CSV row's values, leaving out the columns that name the row and the base.
    csv: tuple[tuple[str, str], ...]
    #: The whole CSV row (less its name) when the base is withheld too.
    base_row: tuple[tuple[str, str], ...] | None
    note: str
    hover: str
    description: tuple[str, ...]


def withheld_cells(out: CardOutput, true_base: Callable[[str], int], threshold: int) -> list[WithheldCell]:
    csv = out.csv
    measure_labels = dict(zip(csv["measure"], csv["measure_label"], strict=False))
    hovers = hover_by_cell(out.rendered.figure, measure_labels)
    labels = set(csv["sector_label"])
    table = out.rendered.table
    notes: dict[tuple[str, str], str] = {}
    if table is not None and "Note" in table:
        notes = {(r["Sector"], r["Measure"]): r["Note"] for _, r in table.iterrows()}
    cells = []
    for _, row in csv.iterrows():
        if row[ESTIMATE] != WITHHELD:
            continue
        values = tuple((c, str(row[c])) for c in csv.columns if c not in IDENTITY_COLUMNS and c != BASE)
        base_row = tuple((c, str(row[c])) for c in csv.columns if c not in IDENTITY_COLUMNS)
        hover = hovers.get((row["sector"], row["measure"]), "")
        sentences = tuple(
            template(s, labels)
            for s in _sentences(out.rendered.description)
            if WITHHELD in s and re.search(rf"\b{re.escape(row['sector_label'])}\b", s)
        )
        cells.append(
            WithheldCell(
                where=f"{out.card} {out.label} {row['sector']} {row['measure']}",
                small=true_base(row["sector"]) < threshold,
                csv=values,
                base_row=base_row if row[BASE] == WITHHELD else None,
                note=notes.get((row["sector_label"], row["measure_label"]), ""),
                hover=hover.split(": ", 1)[-1],
                description=sentences,
            )
        )
    return cells


def differences_by_reason(cells: Sequence[WithheldCell]) -> list[str]:
    """Every way in which a withheld cell of a small group looks different from any other withheld
    cell, or in which withheld cells look different at all: one uniform [c] carries no reason."""
    problems = []
    aspects: dict[str, Callable[[WithheldCell], object]] = {
        "CSV values": lambda c: c.csv,
        "CSV row with the base withheld": lambda c: c.base_row,
        "table Note": lambda c: c.note,
        "hover text": lambda c: c.hover,
        "description": lambda c: c.description,
    }
    for name, get in aspects.items():
        by_value: dict[object, list[WithheldCell]] = {}
        for cell in cells:
            value = get(cell)
            if value is not None:
                by_value.setdefault(value, []).append(cell)
        if len(by_value) > 1:
            for value, group in by_value.items():
                small = sum(c.small for c in group)
                problems.append(
                    f"{name}: {len(group)} withheld cells ({small} of small groups, {len(group) - small} not) "
                    f"show {str(value)[:220]} (e.g. {group[0].where})"
                )
    return problems


# --------------------------------------------------------------------------- crafted stores


def _list_options(raw: object, allowed: Sequence[str], default: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The reachable values a crafted list could stand for: its valid members, or the default."""
    options = [default]
    if isinstance(raw, list):
        chosen = {v for v in raw if isinstance(v, str)}
        options.append(tuple(v for v in allowed if v in chosen))
    return list(dict.fromkeys(options))


def reachable_candidates(raw: object) -> list[dict]:
    """Stores a normal page could have posted that a crafted store might fairly be served as:
    each list field as its valid members or its default, other fields as given if valid or
    their default, and never a region and a size together."""
    if not isinstance(raw, Mapping):
        return [to_store(ViewState())]
    default = ViewState()
    sectors = _list_options(raw.get("sectors"), vocab.SECTORS, default.sectors)
    regions = _list_options(raw.get("regions"), REGIONS, ())
    sizes = _list_options(raw.get("size_bands"), SIZES, ())
    frontline = list(dict.fromkeys(["all", *([raw["frontline"]] if raw.get("frontline") in FRONTLINE else [])]))
    present = list(dict.fromkeys([False, *([raw["present"]] if isinstance(raw.get("present"), bool) else [])]))
    out = []
    for s in sectors:
        for r in regions:
            for z in sizes:
                if r and z:
                    continue
                for f in frontline:
                    for p in present:
                        out.append(to_store(ViewState(sectors=s, regions=r, size_bands=z, frontline=f, present=p)))
    return out


FRONTLINE = ("all", "frontline", "non_frontline")


def comparable(out: CardOutput) -> tuple[str, str, str, str, str, str]:
    """A card's whole answer in a form that compares exactly."""
    r = out.rendered
    table = "" if r.table is None else r.table.to_csv(index=False)
    return (
        out.csv.to_csv(index=False),
        r.title,
        r.subtitle,
        r.description,
        json.dumps(r.figure, sort_keys=True),
        table,
    )
