"""Hostile callback requests never get a 500: a fuzz of the app's real request path.

Everything the browser sends is untrusted, so the server is posted what a browser never would:
wrong types and unknown keys in the `state` store, deep JSON, huge strings, unknown codes and
sectors in click data, unknown pattern-id values, missing inputs, bodies that are not JSON or not
a callback, unknown callback outputs and unknown component-suite paths. Every answer must be
below 500: a 4xx for a request no page could have sent (malformed, or naming a callback or file
that does not exist), and 200 or 204 for a well-formed request with odd values, which the server
serves as the nearest valid view.

The generator is seeded, so a failure names a request that can be replayed: run this file as a
script (`python tests/test_hostile_requests.py`) to print the count of each status per kind.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":  # run as a script from anywhere: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import ids
from dashboard.app import create_app
from dashboard.components.registry import CARDS, CHART_CARDS
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import DEFAULT, ViewState, to_store

SEED = 20261201
#: Requests per kind of hostility; with the fixed kinds below, several thousand in all.
PER_KIND = 450
UPDATE = "/_dash-update-component"
#: Statuses a well-formed request may get: an answer, or "nothing to update".
SERVED = frozenset({200, 204})


# --------------------------------------------------------------------------- valid requests, from the app itself


def _parse_id(raw: str) -> str | dict:
    return json.loads(raw) if raw.startswith("{") else raw


def _walk_ids(node: Any) -> Iterator[Any]:
    if isinstance(node, list):
        for child in node:
            yield from _walk_ids(child)
    elif isinstance(node, dict):
        props = node.get("props", {})
        if "id" in props:
            yield props["id"]
        for value in props.values():
            if isinstance(value, list | dict):
                yield from _walk_ids(value)


@dataclass
class Page:
    """The callbacks the page can call and the components on it, read from the running app."""

    callbacks: list[dict]
    #: Concrete ids on the page of each pattern-matching type ("codes", "pick-topic").
    patterned: dict[str, list[dict]] = field(default_factory=dict)

    @classmethod
    def of(cls, client) -> Page:
        deps = [d for d in client.get("/_dash-dependencies").json if not d.get("clientside_function")]
        patterned: dict[str, list[dict]] = {}
        for found in _walk_ids(client.get("/_dash-layout").json):
            if isinstance(found, dict):
                patterned.setdefault(found["type"], []).append(found)
        return cls(deps, patterned)

    def outputs(self, callback: dict) -> list:
        """The `outputs` a browser sends for a callback: one entry per output, a list for a pattern."""
        spec = callback["output"]
        parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
        out: list = []
        for part in parts:
            raw_id, prop = part.rsplit(".", 1)
            parsed = _parse_id(raw_id)
            if isinstance(parsed, dict):
                out.append([{"id": i, "property": prop} for i in self.patterned.get(parsed["type"], [])])
            else:
                out.append({"id": parsed, "property": prop})
        return out[0] if not spec.startswith("..") else out

    def entries(self, specs: list[dict], values: Callable[[Any, str], Any]) -> list:
        """`inputs` or `state` entries: {id, property, value}, a list of them for a pattern."""
        out: list = []
        for spec in specs:
            parsed = _parse_id(spec["id"])
            prop = spec["property"]
            if isinstance(parsed, dict):
                out.append(
                    [
                        {"id": i, "property": prop, "value": values(i, prop)}
                        for i in self.patterned.get(parsed["type"], [])
                    ]
                )
            else:
                out.append({"id": parsed, "property": prop, "value": values(parsed, prop)})
        return out

    def body(self, callback: dict, values: Callable[[Any, str], Any], changed: list[str]) -> dict:
        return {
            "output": callback["output"],
            "outputs": self.outputs(callback),
            "inputs": self.entries(callback["inputs"], values),
            "state": self.entries(callback["state"], values),
            "changedPropIds": changed,
        }

    def named(self, fragment: str) -> dict:
        return next(c for c in self.callbacks if fragment in c["output"])


def prop_key(component_id: Any, prop: str) -> str:
    """How Dash names a changed property: `id.prop`, the id as sorted JSON for a pattern."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":")) + "." + prop
    return f"{component_id}.{prop}"


# --------------------------------------------------------------------------- hostile values

JUNK_SCALARS: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    1e308,
    -0.0,
    "",
    " ",
    "health",
    "\u0000",
    "\ud800",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "../../etc/passwd",
    "{}",
    "[]",
    "NaN",
]


def junk(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, small, of any shape."""
    pick = rng.random()
    if depth > 3 or pick < 0.5:
        return rng.choice(JUNK_SCALARS)
    if pick < 0.75:
        return [junk(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["", "a", "sectors", "__proto__", "points", "x"]): junk(rng, depth + 1) for _ in range(3)}


class Raw(str):
    """JSON text spliced into a request body as it is: nesting too deep for `json.dumps` to write."""


def deep(depth: int) -> Raw:
    """Objects and lists nested `depth` deep, as JSON text."""
    opening = "".join("[" if i % 2 else '{"a":' for i in range(depth))
    closing = "".join("]" if i % 2 else "}" for i in reversed(range(depth)))
    return Raw(opening + "1" + closing)


def encode(body: Any) -> bytes:
    """The body as JSON bytes, with every Raw piece spliced in verbatim."""
    pieces: list[str] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            pieces.append(value)
            return f"\x00raw{len(pieces) - 1}\x00"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(body), ensure_ascii=False)
    for n, piece in enumerate(pieces):
        text = text.replace(json.dumps(f"\x00raw{n}\x00"), piece)
    return text.encode("utf-8", "surrogatepass")


def huge_text(rng: random.Random) -> str:
    """Up to 240 KB of UTF-8: a request holding two stays under the 1 MB limit (larger ones get 413)."""
    return rng.choice(["x", "é", "🙂", "<b>", "=", "\u200b"]) * rng.choice([101, 5_000, 60_000])


def crafted_store(rng: random.Random) -> Any:
    """A store a browser never holds: every field possibly the wrong type, unknown keys, junk."""
    base = to_store(DEFAULT)
    kind = rng.randrange(7)
    if kind == 0:
        return junk(rng)
    if kind == 1:
        return {**base, **{f"junk_{rng.randrange(10**6)}": junk(rng) for _ in range(rng.randint(1, 5))}}
    if kind == 2:
        name = rng.choice(list(base) + ["rejected", "notice"])
        return {**base, name: junk(rng)}
    if kind == 3:
        return {**base, "search": huge_text(rng), "quote": huge_text(rng)}
    if kind == 4:
        return {**base, rng.choice(["sectors", "codes", "regions"]): deep(rng.choice([1, 5, 20]))}
    if kind == 5:
        values = list(vocab.REGIONS) * rng.randint(1, 50) + ["atlantis"] * rng.randint(0, 50)
        return {**base, "regions": values, "size_bands": list(vocab.SIZE_BANDS), "codes": ["nope"] * 30}
    return {name: junk(rng) for name in base}


def crafted_click(rng: random.Random) -> Any:
    """clickData that plotly never sends: unknown sectors and codes, junk shapes."""
    point = rng.choice(
        [
            {"customdata": rng.choice(["atlantis", "police_and_fire", 7, None, ["health"], huge_text(rng)])},
            {"x": rng.choice(["atlantis", "health", 3, None]), "y": rng.choice(["not_a_code", "barrier_cost", []])},
            {"x": "former_civil_servant", "y": rng.choice(["<img>", "", "barrier_cost" * 50])},
            junk(rng),
        ]
    )
    return rng.choice([{"points": [point]}, {"points": point}, {"points": []}, point, junk(rng), deep(12)])


# --------------------------------------------------------------------------- the requests


@dataclass(frozen=True)
class Request:
    kind: str
    #: True: no page could send it (a 4xx is expected); False: well formed with odd values (200 or 204).
    malformed: bool
    method: str
    path: str
    json_body: Any = None
    data: bytes | None = None
    content_type: str | None = None

    def send(self, client):
        if self.method == "GET":
            return client.get(self.path)
        data = encode(self.json_body) if self.data is None else self.data
        return client.post(self.path, data=data, content_type=self.content_type or "application/json")


def hostile_requests(page: Page, rng: random.Random, per_kind: int = PER_KIND) -> Iterator[Request]:
    """Several thousand requests, `per_kind` of each seeded kind, then the fixed malformed ones."""
    sync = page.named("url.search")
    store_readers = [c for c in page.callbacks if {"id": ids.STATE, "property": "data"} in c["inputs"] + c["state"]]
    graphs = [card.ids.graph for card in CHART_CARDS]

    def values_with(store: Any, overrides: dict[str, Any] | None = None) -> Callable[[Any, str], Any]:
        def value(component_id: Any, prop: str) -> Any:
            key = prop_key(component_id, prop)
            if overrides and key in overrides:
                return overrides[key]
            if component_id == ids.STATE:
                return store
            if prop == "n_clicks":
                return 1
            if component_id == ids.URL and prop == "href":
                return "http://127.0.0.1/"
            if prop == "value" and isinstance(component_id, str) and component_id.endswith("-view"):
                return "table"
            return None

        return value

    for _ in range(per_kind):
        # Every callback that reads the store, posted a crafted store.
        callback = rng.choice(store_readers)
        changed = [prop_key(callback["inputs"][0]["id"], callback["inputs"][0]["property"])]
        yield Request(
            "crafted store", False, "POST", UPDATE, page.body(callback, values_with(crafted_store(rng)), changed)
        )

    for _ in range(per_kind):
        # The sync callback, with a chart click carrying unknown sectors or codes, or junk.
        graph = rng.choice(graphs)
        key = prop_key(graph, "clickData")
        body = page.body(sync, values_with(to_store(DEFAULT), {key: crafted_click(rng)}), [key])
        yield Request("crafted click data", False, "POST", UPDATE, body)

    for _ in range(per_kind):
        # The sync callback, triggered by a pattern input whose id names no topic or code category.
        kind = rng.choice([ids.PICK_TOPIC, ids.CODES])
        template = page.patterned[kind][0]
        crafted = {
            k: (v if k == "type" else rng.choice(JUNK_SCALARS + ["atlantis", "Q99"])) for k, v in template.items()
        }
        if rng.random() < 0.3:
            crafted[rng.choice(["extra", "card", "sector", "quote"])] = rng.choice(JUNK_SCALARS)
        prop = "value" if kind == ids.CODES else "n_clicks"
        body = page.body(sync, values_with(to_store(DEFAULT)), [prop_key(crafted, prop)])
        # The crafted button is posted among the page's own, as the renderer would list it.
        for entry in body["inputs"]:
            if isinstance(entry, list) and entry and entry[0]["id"].get("type") == kind:
                entry.append({"id": crafted, "property": prop, "value": rng.choice([1, junk(rng)])})
        # Dash matches ids whose keys are the pattern's and whose values are strings, numbers or
        # booleans; any other id is one no page holds, and is refused.
        matchable = set(crafted) == set(template) and all(
            isinstance(v, str | int | float | bool) for v in crafted.values()
        )
        yield Request("unknown pattern id", not matchable, "POST", UPDATE, body)

    for _ in range(per_kind):
        # The sync callback, with the picked store (which a table row's button, a quote's code chip or
        # select button and a code's name beside the matrix write in the page, assets/drawn.js)
        # holding a crafted pick: an unknown sector, card, cell, code or quote, a wrong kind, junk.
        key = prop_key(ids.PICKED, "data")
        kind = rng.choice(
            [ids.PICK_SECTOR, ids.PICK_CELL, ids.PICK_EVIDENCE, ids.PICK_CODE, ids.CODE_CHIP, ids.QUOTE_SELECT, "reset"]
        )
        fields = rng.sample(
            ["sector", "card", "column", "code", "quote", "topic", "press", "extra"], k=rng.randint(0, 4)
        )
        picked = rng.choice(
            [
                {"type": kind, **{f: rng.choice(JUNK_SCALARS + ["atlantis", "health", "ai"]) for f in fields}},
                junk(rng),
                deep(12),
            ]
        )
        body = page.body(sync, values_with(to_store(DEFAULT), {key: picked}), [key])
        yield Request("crafted pick", False, "POST", UPDATE, body)

    for _ in range(per_kind):
        # The sync callback with junk in the URL and in every control.
        controls = {
            prop_key(spec["id"], spec["property"]): junk(rng)
            for spec in sync["inputs"]
            if not spec["id"].startswith("{")
        }
        controls[prop_key(ids.URL, "search")] = rng.choice(["?" + huge_text(rng), "?sector=atlantis&q=%ff", junk(rng)])
        trigger = rng.choice(list(controls))
        yield Request(
            "junk controls", False, "POST", UPDATE, page.body(sync, values_with(to_store(DEFAULT), controls), [trigger])
        )

    not_a_list: list[Any] = [None, 5, "inputs", {"a": 1}, True]
    for _ in range(per_kind):
        # Structurally broken callback bodies: what no renderer sends.
        callback = rng.choice(page.callbacks)
        first = callback["inputs"][0]
        body: Any = page.body(callback, values_with(to_store(DEFAULT)), [prop_key(first["id"], first["property"])])
        mutation = rng.randrange(10)
        if mutation == 0:
            del body[rng.choice(["output", "outputs", "inputs", "changedPropIds"])]
        elif mutation == 1:
            body[rng.choice(["inputs", "outputs", "changedPropIds"])] = rng.choice(not_a_list)
        elif mutation == 2:
            body["inputs"] = body["inputs"][: rng.randrange(len(body["inputs"]))]
        elif mutation == 3:
            body["output"] = rng.choice(
                ["nope.children", "", "..a.b...c.d..", "url.search", "permalink.value", 5, None, huge_text(rng)]
            )
        elif mutation == 4:
            body["changedPropIds"] = rng.choice(
                [[5], ["{not json.n_clicks"], ["[1].n_clicks"], [None], ["noprop"], ['{"type":"nope"}.n_clicks']]
            )
        elif mutation == 5:
            body["inputs"] = [rng.choice(not_a_list) for _ in body["inputs"]]
        elif mutation == 6:
            body["outputs"] = rng.choice([[], {"id": "nope", "property": "x"}, [{"id": 5}], "outputs"])
        elif mutation == 7:
            body = rng.choice([[body], deep(rng.choice([40, 1_000, 10_000])), "body", 5, None])
        elif mutation == 8:
            entry = next(e for e in body["inputs"] if isinstance(e, dict))
            del entry[rng.choice(["id", "property"])]
        else:
            entry = next(e for e in body["inputs"] if isinstance(e, dict))
            entry[rng.choice(["id", "property"])] = rng.choice(["nope", 7, {"type": "codes"}, ["x"]])
        yield Request("broken callback body", True, "POST", UPDATE, body)

    for _ in range(per_kind):
        # A store nested deeper than any page's: refused before anything walks it.
        callback = rng.choice(store_readers)
        store = {**to_store(DEFAULT), rng.choice(["sectors", "codes", "search"]): deep(rng.choice([40, 500, 5_000]))}
        yield Request("deep JSON", True, "POST", UPDATE, page.body(callback, values_with(store), []))

    for _ in range(per_kind):
        # Bytes that are not a JSON callback body at all.
        data = rng.choice(
            [
                b"",
                b"{",
                b"not json",
                b"\xff\xfe\x00garbage",
                b'{"output": "state.data", ',
                b"[" * rng.choice([10, 10_000, 100_000]),
                b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                b"null",
                b"123",
                b'"text"',
                b'{"output": NaN}',
                rng.randbytes(rng.randrange(1, 2000)),
            ]
        )
        content_type = rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded"])
        yield Request("malformed body", True, "POST", UPDATE, data=data, content_type=content_type)

    for _ in range(per_kind):
        package = rng.choice(["dash", "dash_bootstrap_components", "os", "flask", "nope", "dash.dcc", "..", "%2e%2e"])
        name = rng.choice(
            [
                "nope.js",
                "dcc/nope.v9_9_9m123.js",
                "../../../etc/passwd",
                "dash-renderer/build/nope.min.js",
                "__init__.py",
                "x" * 3000 + ".js",
                "dcc/nope.v1_2_3m1.js.map",
                "%00.js",
                "deps/../../app.py",
            ]
        )
        yield Request("unknown component suite", True, "GET", f"/_dash-component-suites/{package}/{name}")


def send_all(client, requests: list[Request]) -> list[tuple[Request, int]]:
    return [(request, request.send(client).status_code) for request in requests]


def summary(results: list[tuple[Request, int]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for request, status in results:
        counts.setdefault(request.kind, Counter())[status] += 1
    return counts


# --------------------------------------------------------------------------- the test


@pytest.fixture(scope="module")
def client(shipped_extract):
    return create_app(Settings(reload_seconds=0), extract=shipped_extract).server.test_client()


@pytest.fixture(scope="module")
def results(client) -> list[tuple[Request, int]]:
    requests = list(hostile_requests(Page.of(client), random.Random(SEED)))
    return send_all(client, requests)


def test_several_thousand_hostile_requests_are_sent(results):
    assert len(results) >= 3_000
    assert {r.kind for r, _ in results} >= {"crafted store", "malformed body", "unknown component suite"}


def test_no_hostile_request_gets_a_500(results):
    failed = [(r.kind, r.path, str(r.json_body or r.data)[:300], status) for r, status in results if status >= 500]
    assert failed == [], f"{len(failed)} of {len(results)} requests got a 5xx; first: {failed[:3]}"


def test_malformed_requests_get_a_4xx(results):
    wrong = Counter((r.kind, status) for r, status in results if r.malformed and not 400 <= status < 500)
    assert not wrong, wrong


def test_well_formed_requests_with_odd_values_are_served(results):
    wrong = Counter((r.kind, status) for r, status in results if not r.malformed and status not in SERVED)
    assert not wrong, wrong


def test_an_unexpected_error_leaks_no_traceback(client, monkeypatch):
    """An error nobody foresaw is logged on the server; the client learns only that it failed."""
    import dashboard.callbacks.panels as panels

    def broken(context, card, state):
        raise RuntimeError("secret /srv/extracts/current detail")

    monkeypatch.setattr(panels, "card_view", broken)
    body = Page.of(client).body(
        Page.of(client).named("ai-title"),
        lambda i, p: to_store(ViewState()) if i == ids.STATE else "chart",
        [prop_key(ids.STATE, "data")],
    )
    response = client.post(UPDATE, json=body)
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in text and "secret" not in text and "RuntimeError" not in text
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/_dash-component-suites/nope/nope.js", 404),
        ("/_dash-component-suites/dash/nope.v1_0_0m1.js", 404),
        ("/_dash-component-suites/os/__init__.py", 404),
        ("/assets/nope.css", 404),
        ("/nope", 200),  # an unknown page path gets the page, as Dash serves every path
    ],
)
def test_unknown_paths_get_a_404(client, path, status):
    assert client.get(path).status_code == status


def test_a_click_on_a_pattern_button_with_non_ascii_id_values_is_not_refused(client):
    """The browser writes pattern ids with JSON.stringify (raw UTF-8, 1 not 1.0); the check compares
    parsed ids, so a button whose id holds non-ASCII text is answered, not refused."""
    page = Page.of(client)
    sync = page.named("url.search")
    button = ids.pick_topic("café_£")
    body = page.body(sync, lambda i, p: to_store(DEFAULT) if i == ids.STATE else None, [])
    for entry in body["inputs"]:
        if isinstance(entry, list) and entry and entry[0]["id"].get("type") == ids.PICK_TOPIC:
            entry.append({"id": button, "property": "n_clicks", "value": 1})
    body["changedPropIds"] = [
        json.dumps(dict(sorted(button.items())), ensure_ascii=False, separators=(",", ":")) + ".n_clicks"
    ]
    assert client.post(UPDATE, json=body).status_code in SERVED


def test_every_card_is_reachable_by_the_fuzz(client):
    outputs = " ".join(c["output"] for c in Page.of(client).callbacks)
    assert all(card.ids.title in outputs for card in CARDS)


# --------------------------------------------------------------------------- memory under crafted states

#: A small memo, so that 3,000 distinct states would overflow it many times over if it were unbounded.
MEMO_SIZE = 40
CRAFTED_STATES = 3_000


def junk_store(rng: random.Random, n: int) -> dict:
    """A store that normalises to the default view: every key unknown, or known keys holding junk."""
    store: dict[str, Any] = {f"junk_{n}_{rng.randrange(10**9)}": "x" * rng.randrange(1, 5_000) for _ in range(3)}
    if n % 2:
        store |= {"sectors": [f"atlantis_{n}"], "regions": [n], "frontline": {"n": n}, "present": "yes"}
    return store


def test_memory_stays_flat_under_thousands_of_distinct_crafted_states(shipped_extract):
    """The view cache keys on the validated state only: junk shares one entry, and distinct valid
    states (long searches are cut to 100 characters) never hold more than the memo's size."""
    from dashboard.app import SOURCE_KEY
    from dashboard.callbacks.panels import DRAWN, drawn_key
    from dashboard.components.registry import card

    app = create_app(Settings(reload_seconds=0, view_cache=MEMO_SIZE), extract=shipped_extract)
    client = app.server.test_client()
    memo = app.server.extensions[SOURCE_KEY].current().memo
    page = Page.of(client)
    rng = random.Random(SEED)

    def post(fragment: str, store: object, trigger: tuple[str, str] | None = None) -> None:
        callback = page.named(fragment)
        first = callback["inputs"][0]
        changed = prop_key(*trigger) if trigger else prop_key(first["id"], first["property"])

        def values(i, p):
            if i == ids.STATE:
                return store
            if p == DRAWN:  # the page has drawn this store: a view switch redraws only its card
                return drawn_key(store)
            if i == card("ai").ids.view:  # switched to Table, so the AI card's view is computed
                return "table"
            return "chart" if p == "value" else 1

        body = page.body(callback, values, [changed])
        assert client.post(UPDATE, json=body).status_code == 200
        assert len(memo) <= MEMO_SIZE

    # Two thirds junk, switching the AI card's view (only it is redrawn): all the default view, one entry.
    for n in range(CRAFTED_STATES * 2 // 3):
        post("ai-title", junk_store(rng, n), (card("ai").ids.view, "value"))
    keys = list(memo._values)  # the memo's keys, read for the test
    assert [k for k in keys if k != "layout"] == [("ai", DEFAULT)]

    # A third distinct valid states (searches differing in their first 100 characters, with junk
    # keys), downloading the findings matrix's CSV (a card that reads the search: one that does not
    # is drawn from the same inputs for every search, and memoised once).
    for n in range(CRAFTED_STATES // 3):
        post("matrix-download", {**to_store(DEFAULT), "search": f"{n:06d}" + "x" * 5_000, f"junk_{n}": n})
    keys = list(memo._values)
    assert len(memo) == MEMO_SIZE
    assert all(k == "layout" or isinstance(k[1], ViewState) for k in keys)
    assert all(len(k[1].search) <= 100 for k in keys if k != "layout"), "keys are validated states"


if __name__ == "__main__":
    from dashboard.data.load import DEFAULT_DATA_DIR, load_extract

    app_client = create_app(Settings(reload_seconds=0), extract=load_extract(DEFAULT_DATA_DIR)).server.test_client()
    sent = send_all(app_client, list(hostile_requests(Page.of(app_client), random.Random(SEED))))
    for kind, statuses in summary(sent).items():
        print(f"{kind:28} {dict(sorted(statuses.items()))}")
    print(f"requests: {len(sent)}, 5xx: {sum(1 for _, s in sent if s >= 500)}")
