"""Load benchmark: N users making random filter changes against gunicorn, cold and warm, replaying
exactly the requests a browser sends; then the cell-sum engine beside the row path, in the same run.

Run on demand, never in CI or pytest:

    .venv/bin/python -m benchmarks.bench_load                    # 50 users, 60 s, cold then warm
    .venv/bin/python -m benchmarks.bench_load --seconds 20       # a shorter smoke run
    .venv/bin/python -m benchmarks.bench_load --data-dir DIR     # any extract (`python -m dashboard.data generate`)
    .venv/bin/python -m benchmarks.bench_load --capture          # re-record the browser's requests first
    .venv/bin/python -m benchmarks.bench_load --startup-only --workers 1 --data-dir DIR   # start-up only

**What a user does.** It opens the page (`/`, `/_dash-layout`, `/_dash-dependencies` and the callbacks
the page fires on load), then, until the time is up, makes a change and pauses 0.5 to 1.5 s. Each
change is a random valid view state drawn from the vocabularies (`dashboard/data/vocab.py`) and the
extract: sectors, codes (from the codebook), region or size (never both), workers, topic, and a search
word taken from the quotes. The change is delivered as the browser delivers it: the URL/state callback
(`sync`) is posted with every control at the new state's values and the URL and store the page holds,
triggered by the changed control (or by a topic button when the topic changes), and when its answer
writes a new store, every callback that reads the store is posted with that store, concurrently,
over at most 6 keep-alive connections per user (Chromium's limit per host). Nothing is invented: the
request bodies are `load_templates.json`, recorded from a real headless Chromium session by
`--capture` (a fetch hook records every POST to `/_dash-update-component`, and Chrome's network log
the request headers), and before each run they are checked against the server's
`/_dash-dependencies`; a mismatch stops the run and asks for `--capture`.

**What it reports.** For each mode (cold: `DASHBOARD_VIEW_CACHE=0`, every view computed; warm: the
app's default cache), on a fresh `gunicorn -c gunicorn.conf.py app:server` with 2 workers:

- start-up (launch until `/healthz` answers, the start-up check's share, until both workers are idle)
  and each worker's RSS after start-up and its peak (VmHWM) after the run;
- a serial pass (one user, one request at a time): each callback's time with nothing queued;
- the load: p50/p95/p99 per callback (time on the wire: from the request's first byte sent to its
  last byte received) and per change (from posting `sync` until the last callback has answered,
  waits for a connection included), errors (non-200, a timeout, or a card that says it could not be
  drawn), throughput, the workers' CPU use and this client's (it shares the machine).

Then, in this process, the survey estimates of the same kind of random states both ways: from cell
sums (`analysis/cells.py`, what the app runs) and from the rows (`estimates.weighted_shares` /
`weighted_means` on the filtered records with the same per-cell noise, the reference path of
`tests/analysis/test_cells.py`), interleaved, checked equal, with the ratio of their times.

Prints Markdown; `--json` also writes the numbers. Every request goes to 127.0.0.1, every process it
starts is stopped at the end (on error too), and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import dataclasses
import datetime
import gzip
import json
import random
import re
import sys
import tempfile
import time
import urllib.request
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks import chromium  # noqa: E402
from benchmarks.processes import (  # noqa: E402
    Gunicorn,
    children,
    cpu_seconds,
    loadavg,
    machine,
    proc_status,
    start_gunicorn,
    stop,
    wait_settled,
)
from dashboard import ids  # noqa: E402
from dashboard.callbacks.panels import DRAWN  # noqa: E402
from dashboard.data import vocab  # noqa: E402
from dashboard.data.load import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.state import CONTROL_FIELDS, FRONTLINE_OPTIONS, ViewState, control_values, to_query  # noqa: E402

TEMPLATES = Path(__file__).with_name("load_templates.json")
HEALTHZ = "HTTP floor: GET /healthz"
UPDATE = "/_dash-update-component"
#: Chromium opens at most this many HTTP/1.1 connections to one host.
BROWSER_CONNECTIONS = 6
#: Request headers never replayed: the client sets its own, or they name the capture's server.
NOT_REPLAYED = frozenset({"host", "content-length", "connection", "cookie", "origin", "referer"})
#: Callbacks by their first output, where the DOM id does not say which panel it is.
CALLBACK_NAMES = {ids.QUOTES_COUNT: "quotes", ids.PAGE_ROOT: "presenter", ids.ACTIVE_FILTERS: "summary"}
#: A card that says this was not drawn: the server caught a failure (counted as an error).
FAILURE_TEXTS = ("This panel could not be drawn just now",)
PICK_TOPIC = ids.PICK_TOPIC


class TemplateError(RuntimeError):
    """The recorded requests no longer match the app's callbacks."""


# --- Recording what the browser sends (`--capture`) -----------------------------------------------

#: Installed before any page script: records every callback POST, its answer and its timing.
FETCH_HOOK = """
(() => {
  const log = (window.__posts = []);
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/_dash-update-component')) return original.apply(this, arguments);
    const entry = {body: init && init.body, start: performance.now()};
    log.push(entry);
    return original.apply(this, arguments).then(response => {
      entry.end = performance.now();
      entry.status = response.status;
      response.clone().text().then(text => { entry.response = text; }, () => { entry.response = ''; });
      return response;
    });
  };
})();
"""
POSTS_DONE = "const p = window.__posts || []; return p.length > 0 && p.every(e => e.response !== undefined)"


def _take(driver: Any, timeout: float) -> list[dict]:
    """The callback POSTs since the last call, once all are answered and Dash is idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(POSTS_DONE):
            chromium.wait_idle(driver, timeout=timeout, settle=0.5)
            if driver.execute_script(POSTS_DONE):
                break
        time.sleep(0.1)
    posts = driver.execute_script("const p = window.__posts.slice(); window.__posts.length = 0; return p;")
    if not posts:
        raise RuntimeError("the browser sent no callback request")
    first = posts[0]["start"]
    out = []
    for post in posts:
        answer = json.loads(post["response"]) if post.get("response") else {}
        out.append(
            {
                "body": json.loads(post["body"]),
                "status": post["status"],
                "returned": sorted(answer.get("response", {})),
                "start_ms": round(post["start"] - first, 1),
                "ms": round(post["end"] - post["start"], 1),
            }
        )
    return out


def _headers(events: list[dict]) -> tuple[dict[str, str], str]:
    """The request headers of the first callback POST, and the content-encoding of its answer."""
    sent: dict[str, dict] = {}
    extra: dict[str, dict] = {}
    encoding = "identity"
    for message in events:
        method, params = message["method"], message.get("params", {})
        rid = params.get("requestId")
        if method == "Network.requestWillBeSent" and urlparse(params["request"]["url"]).path == UPDATE:
            sent.setdefault(rid, params["request"]["headers"])
        elif method == "Network.requestWillBeSentExtraInfo":
            extra[rid] = params.get("headers", {})
        elif method == "Network.responseReceived" and urlparse(params["response"]["url"]).path == UPDATE:
            headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
            encoding = headers.get("content-encoding", encoding)
    if not sent:
        raise RuntimeError("Chrome's network log holds no callback POST")
    rid = next(iter(sent))
    merged = {**sent[rid], **extra.get(rid, {})}  # the extra info has what the network stack adds
    headers = {k: v for k, v in merged.items() if not k.startswith(":") and k.lower() not in NOT_REPLAYED}
    return headers, encoding


def capture(base: str, timeout: float = 60.0) -> dict:
    """Open the page in headless Chromium, untick a sector, press a topic button; record every request."""
    import dash
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory(prefix="bench-load-profile-", ignore_cleanup_errors=True) as profile:
        driver = chromium.new_driver(Path(profile), timeout=timeout, network_log=True)
        try:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FETCH_HOOK})
            driver.get(base + "/")
            page_open = _take(driver, timeout)
            headers, encoding = _headers(chromium.network_events(driver))
            sector = vocab.SECTORS[0]
            driver.find_element(By.CSS_SELECTOR, f"#{ids.SECTOR_FILTER} input[value='{sector}']").click()
            sector_tick = _take(driver, timeout)
            topic = list(vocab.TOPICS)[1]
            button = json.dumps(ids.pick_topic(topic), sort_keys=True, separators=(",", ":"))
            driver.find_element(By.CSS_SELECTOR, f"[id='{button}']").click()
            topic_click = _take(driver, timeout)
            browser = chromium.browser_version(driver)
        finally:
            driver.quit()
    return {
        "about": (
            "Callback requests recorded from headless Chromium by `python -m benchmarks.bench_load --capture`: "
            f"the page opened, sector '{sector}' unticked, topic '{topic}' pressed. bench_load replays them "
            "with each change's values."
        ),
        "captured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "browser": browser,
        "dash": dash.__version__,
        "request_headers": headers,
        "response_encoding": encoding,
        "events": {"page_open": page_open, "sector_tick": sector_tick, "topic_click": topic_click},
    }


# --- Checking the recording against the running app -----------------------------------------------


def _refs(entries: list) -> list[tuple[str, str]]:
    """(id, property) of each input or state; a pattern input (a list) as its type and property."""
    out = []
    for entry in entries:
        if isinstance(entry, list):
            out.append((f"pattern list of {len(entry)}", ""))
        elif isinstance(entry["id"], dict):
            out.append((f"pattern {entry['id'].get('type')}", entry["property"]))
        else:
            out.append((entry["id"], entry["property"]))
    return out


def _dep_refs(entries: list) -> list[tuple[str, str]]:
    """The same for `/_dash-dependencies`, where a pattern id is a JSON string and ALL is ["ALL"]."""
    out = []
    for entry in entries:
        i = entry["id"]
        if isinstance(i, str) and i.startswith("{"):
            i = json.loads(i)
        if isinstance(i, dict):
            wild = any(v in (["ALL"], ["ALLSMALLER"]) for v in i.values())
            out.append(("pattern list", "") if wild else (f"pattern {i.get('type')}", entry["property"]))
        else:
            out.append((i, entry["property"]))
    return out


def check_templates(templates: dict, dependencies: list[dict]) -> list[str]:
    """Every recorded request is a callback the app has, with the same inputs, and every server-side
    callback that reads the view state is among a change's requests. Returns the callbacks a change fires."""
    by_output = {d["output"]: d for d in dependencies}
    problems = []
    for event, posts in templates["events"].items():
        for post in posts:
            body = post["body"]
            dep = by_output.get(body["output"])
            if dep is None:
                problems.append(f"{event}: the app has no callback with output {body['output'][:80]}")
                continue
            recorded = [("pattern list", "") if r[0].startswith("pattern list") else r for r in _refs(body["inputs"])]
            if recorded != _dep_refs(dep["inputs"]):
                problems.append(f"{event}: the inputs of {callback_name(body)} changed")
            if _refs(body.get("state", [])) != _dep_refs(dep.get("state", [])):
                problems.append(f"{event}: the state of {callback_name(body)} changed")
    fired = {p["body"]["output"] for p in templates["events"]["sector_tick"]}
    for dep in dependencies:
        reads_state = any(i["id"] == ids.STATE and i["property"] == "data" for i in dep["inputs"])
        if reads_state and not dep.get("clientside_function") and dep["output"] not in fired:
            problems.append(f"a filter change would fire {dep['output'][:80]}, which was not recorded")
    if problems:
        raise TemplateError(
            "the recorded requests (benchmarks/load_templates.json) do not match the app's callbacks; "
            "re-record them with --capture:\n  " + "\n  ".join(problems)
        )
    return [callback_name(p["body"]) for p in templates["events"]["sector_tick"]]


def callback_name(body: dict) -> str:
    outputs = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
    first = [o for o in outputs if isinstance(o, dict)]
    if any(o["id"] == ids.STATE and o["property"] == "data" for o in first):
        return "sync (URL/state)"
    name = first[0]["id"] if first else body["output"]
    return CALLBACK_NAMES.get(name, re.sub(r"-title$", "", str(name)))


# --- Random valid view states ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """What a random state is drawn from: the vocabularies, and the extract's codes and quote words."""

    codes: tuple[str, ...]
    category_of: Mapping[str, str]
    words: tuple[str, ...]

    @classmethod
    def of(cls, data_dir: Path) -> Vocabulary:
        codebook = pd.read_parquet(data_dir / "codebook.parquet", columns=["code", "category"])
        quotes = pd.read_parquet(data_dir / "quotes.parquet", columns=["text"])
        words = sorted({w.lower() for text in quotes["text"] for w in re.findall(r"[A-Za-z]{4,}", text)})
        return cls(
            codes=tuple(codebook["code"]),
            category_of=dict(zip(codebook["code"], codebook["category"], strict=True)),
            words=tuple(words),
        )


def _some(rng: random.Random, values: Sequence[str], low: int, high: int) -> tuple[str, ...]:
    chosen = set(rng.sample(list(values), rng.randint(low, min(high, len(values)))))
    return tuple(v for v in values if v in chosen)


def random_state(rng: random.Random, words: Vocabulary) -> ViewState:
    """A valid view state: any non-empty set of sectors, maybe codes, a region or a size (never both),
    workers, a topic, and now and then a search word from the quotes."""
    sectors = vocab.SECTORS if rng.random() < 0.2 else _some(rng, vocab.SECTORS, 1, len(vocab.SECTORS))
    breakdown = rng.choice(("none", "none", "region", "size"))
    return ViewState(
        sectors=sectors,
        codes=_some(rng, words.codes, 1, 2) if rng.random() < 0.3 else (),
        regions=_some(rng, vocab.REGIONS, 1, 3) if breakdown == "region" else (),
        size_bands=_some(rng, vocab.SIZE_BANDS, 1, 2) if breakdown == "size" else (),
        frontline=rng.choice(FRONTLINE_OPTIONS),
        topic=rng.choice(list(vocab.TOPICS)),
        search=rng.choice(words.words) if words.words and rng.random() < 0.2 else "",
    )


def state_of(store: Mapping[str, Any]) -> ViewState:
    """The view state a store holds (the fields this script knows)."""
    known = {f.name for f in dataclasses.fields(ViewState)} - {"rejected", "notice"}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in store.items() if k in known}
    return ViewState(**values)


# --- Replaying a change ---------------------------------------------------------------------------


def _id_string(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":")) if isinstance(value, dict) else str(value)


def trigger_for(before: ViewState, after: ViewState, words: Vocabulary) -> tuple[object, str]:
    """The input a user would have used to get from `before` to `after`: (its id, its property)."""
    if before.topic != after.topic:
        return ids.pick_topic(after.topic), "n_clicks"
    for f in CONTROL_FIELDS:
        if getattr(before, f.name) != getattr(after, f.name):
            return f.control, "value"
    if before.codes != after.codes:
        changed = sorted(set(before.codes) ^ set(after.codes))
        return ids.codes_checklist(words.category_of.get(changed[0], "barrier")), "value"
    return ids.SECTOR_FILTER, "value"  # the same state again: the page posts it, the server changes nothing


def sync_body(
    template: dict, *, query: str, store: object, state: ViewState, trigger: tuple[object, str], words: Vocabulary
) -> dict:
    """The recorded URL/state request with the page's URL and store and every control at `state`."""
    body = copy.deepcopy(template)
    field_of = {f.control: f.name for f in CONTROL_FIELDS if f.control}
    shown = control_values(state)
    trigger_id, trigger_prop = trigger

    def fill(entry: dict) -> None:
        i, prop = entry["id"], entry["property"]
        if i == ids.URL and prop == "search":
            entry["value"] = query
        elif i == ids.STATE and prop == "data":
            entry["value"] = store
        elif isinstance(i, str) and prop == "value" and i in field_of:
            entry["value"] = shown[field_of[i]]
        elif isinstance(i, dict) and i.get("type") == ids.CODES:
            entry["value"] = [c for c in state.codes if words.category_of.get(c) == i.get("category")]
        elif isinstance(i, dict) and i.get("type") == PICK_TOPIC:
            entry["value"] = 1 if i == trigger_id and prop == trigger_prop else None

    for entry in body["inputs"] + body.get("state", []):
        for one in entry if isinstance(entry, list) else [entry]:
            fill(one)
    body["changedPropIds"] = [f"{_id_string(trigger_id)}.{trigger_prop}"]
    if "parsedChangedPropsIds" in body:
        body["parsedChangedPropsIds"] = [trigger_id if isinstance(trigger_id, dict) else f"{trigger_id}.{trigger_prop}"]
    return body


def follower_body(template: dict, store: object, drawn: object = None) -> dict:
    """A recorded request that reads the view state, with the store the page now holds and what the
    page says it shows (`data-drawn` on the main region, as the last redraw's answer wrote it: the
    server then sends only the panels that changed, as it does to a browser)."""
    body = copy.deepcopy(template)
    for entry in body["inputs"] + body.get("state", []):
        if isinstance(entry, dict) and entry["id"] == ids.STATE and entry["property"] == "data":
            entry["value"] = store
        if isinstance(entry, dict) and entry["id"] == ids.MAIN and entry["property"] == DRAWN:
            entry["value"] = drawn
    return body


def drawn_of(answer: bytes | dict | None, drawn: object) -> object:
    """The page's `data-drawn` after a callback's answer: what the answer wrote, else as it was."""
    if answer is None:
        return drawn
    response = (json.loads(answer) if isinstance(answer, bytes) else answer).get("response", {})
    return response.get(ids.MAIN, {}).get(DRAWN, drawn)


def decode(data: bytes, encoding: str) -> bytes:
    if encoding in ("", "identity"):
        return data
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "deflate":
        return zlib.decompress(data)
    if encoding == "br":
        import brotli

        return brotli.decompress(data)
    if encoding == "zstd":
        try:
            from compression import zstd  # type: ignore[import-not-found]  # Python 3.14
        except ImportError:
            from backports import zstd  # type: ignore[import-not-found,no-redef]
        return zstd.decompress(data)
    raise ValueError(f"unknown content-encoding {encoding!r}")


# --- A minimal keep-alive HTTP/1.1 client on asyncio ---------------------------------------------


class Connection:
    def __init__(self, host: str, port: int, headers: Mapping[str, str]):
        self.host, self.port = host, port
        self.headers = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        for attempt in range(2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                return await self._exchange(method, path, body)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if fresh or attempt:  # a kept-alive connection the server closed is retried once
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, method: str, path: str, body: bytes | None) -> tuple[int, dict[str, str], bytes]:
        assert self.reader is not None and self.writer is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.headers}"
        if body is not None:
            head += f"Content-Length: {len(body)}\r\n"
        self.writer.write(head.encode("latin-1") + b"\r\n" + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("connection closed before the status line")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            data = b"".join(parts)
        elif status in (204, 304):
            data = b""
        else:
            data = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, data


@dataclasses.dataclass
class Sample:
    name: str
    ms: float
    error: str = ""


@dataclasses.dataclass
class Run:
    """What every user of one phase shares: the server, the recording and where results go."""

    host: str
    port: int
    templates: dict
    words: Vocabulary
    connections: int
    think: tuple[float, float]
    timeout: float
    requests: list[Sample] = dataclasses.field(default_factory=list)
    changes: list[Sample] = dataclasses.field(default_factory=list)
    opens: list[Sample] = dataclasses.field(default_factory=list)
    mismatched: int = 0
    repeated: int = 0
    #: Reads the workers' CPU seconds; the serial pass reads it once the page is open.
    cpu_probe: Callable[[], float] | None = None
    cpu_marks: list[float] = dataclasses.field(default_factory=list)
    seen: set[str] = dataclasses.field(default_factory=set)


class User:
    def __init__(self, run: Run, seed: int):
        self.run = run
        self.rng = random.Random(seed)
        self.pool: asyncio.Queue[Connection] = asyncio.Queue()
        for _ in range(run.connections):
            self.pool.put_nowait(Connection(run.host, run.port, run.templates["request_headers"]))
        self.query = ""
        self.update = UPDATE  # with the page's endId, as the renderer sends it
        self.store: object = None
        self.state = ViewState()
        self.drawn: object = None  # the page's data-drawn: nothing drawn yet

    def close(self) -> None:
        while not self.pool.empty():
            self.pool.get_nowait().close()

    async def send(self, name: str, method: str, path: str, body: dict | None, record: bool = True) -> bytes | None:
        """One request over a free connection of this user's; its answer decoded, or None on error."""
        connection = await self.pool.get()
        start = time.perf_counter()
        error = ""
        data = None
        try:
            payload = json.dumps(body).encode() if body is not None else None
            status, headers, raw = await asyncio.wait_for(
                connection.request(method, path, payload), timeout=self.run.timeout
            )
            if status != 200:
                error = f"HTTP {status}: {raw[:120]!r}"
            else:
                data = decode(raw, headers.get("content-encoding", "identity"))
                if method == "POST" and any(text.encode() in data for text in FAILURE_TEXTS):
                    error, data = "a card said it could not be drawn", None
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
            connection.close()
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self.pool.put_nowait(connection)
        if record:
            self.run.requests.append(Sample(name, (time.perf_counter() - start) * 1000, error))
        return data

    async def callbacks(self, posts: list[dict], first: dict, record: bool = True) -> str:
        """Post `first` (the URL/state callback), then, if it wrote a new store, every recorded
        callback after it with that store, concurrently. Returns an error, or ''."""
        answer = await self.send(callback_name(first), "POST", self.update, first, record)
        if answer is None:
            return "sync failed"
        response = json.loads(answer).get("response", {})
        if "url" in response:
            self.query = response["url"]["search"]
        if "state" not in response:
            return ""  # nothing changed: the page fires nothing more
        self.store = response["state"]["data"]
        followers = [follower_body(p["body"], self.store, self.drawn) for p in posts[1:]]
        answers = await asyncio.gather(
            *(self.send(callback_name(b), "POST", self.update, b, record) for b in followers)
        )
        for answer in answers:
            self.drawn = drawn_of(answer, self.drawn)
        return "" if all(a is not None for a in answers) else "a callback failed"

    async def open_page(self) -> None:
        start = time.perf_counter()
        errors = []
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            page = await self.send(f"GET {path}", "GET", path, None, record=False)
            if page is None:
                errors.append(path)
            elif path == "/" and (end_id := re.search(rb'"end_id":\s*"([^"]+)"', page)):
                self.update = f"{UPDATE}?endId={quote(end_id.group(1).decode())}"
        posts = self.run.templates["events"]["page_open"]
        error = await self.callbacks(posts, copy.deepcopy(posts[0]["body"]), record=False)
        if self.store is not None:
            self.state = state_of(self.store)
        self.run.opens.append(Sample("page open", (time.perf_counter() - start) * 1000, error or ",".join(errors)))

    async def change(self, new: ViewState) -> None:
        trigger = trigger_for(self.state, new, self.run.words)
        kind = "topic_click" if trigger[1] == "n_clicks" else "sector_tick"
        posts = self.run.templates["events"][kind]
        first = sync_body(
            posts[0]["body"], query=self.query, store=self.store, state=new, trigger=trigger, words=self.run.words
        )
        start = time.perf_counter()
        error = await self.callbacks(posts, first)
        self.run.changes.append(Sample("change", (time.perf_counter() - start) * 1000, error))
        if isinstance(self.store, dict):
            got = state_of(self.store)
            if to_query(got) != to_query(new):
                self.run.mismatched += 1
            self.state = got

    async def journey(self, deadline: float, start_delay: float, changes: int | None) -> None:
        await asyncio.sleep(start_delay)
        try:
            await self.open_page()
            if self.run.cpu_probe is not None:
                self.run.cpu_marks.append(self.run.cpu_probe())
            done = 0
            while time.monotonic() < deadline and (changes is None or done < changes):
                new = random_state(self.rng, self.run.words)
                key = to_query(new)
                self.run.repeated += key in self.run.seen
                self.run.seen.add(key)
                await self.change(new)
                done += 1
                if changes is None:
                    await asyncio.sleep(self.rng.uniform(*self.run.think))
        finally:
            self.close()


async def _floor(run: Run, n: int) -> None:
    """The HTTP floor on this machine: `/healthz` (a small JSON answer, no callback), one at a time."""
    user = User(run, 0)
    try:
        for _ in range(n):
            await user.send(HEALTHZ, "GET", "/healthz", None)
    finally:
        user.close()


async def _users(run: Run, n: int, seconds: float, seed: int, changes: int | None, ramp: float) -> None:
    deadline = time.monotonic() + seconds
    users = [User(run, seed * 1000 + i) for i in range(n)]
    await asyncio.gather(*(u.journey(deadline, ramp * i / max(n, 1), changes) for i, u in enumerate(users)))


# --- Statistics -----------------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (as the other benchmarks here compute it)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def summarise(samples: list[Sample]) -> dict[str, dict[str, float]]:
    by: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by[s.name].append(s)
    out = {}
    for name, group in by.items():
        ok = [s.ms for s in group if not s.error]
        out[name] = {
            "n": len(group),
            "errors": sum(bool(s.error) for s in group),
            "p50": pct(ok, 0.5),
            "p95": pct(ok, 0.95),
            "p99": pct(ok, 0.99),
            "max": max(ok) if ok else float("nan"),
        }
    return out


def table(stats: dict[str, dict[str, float]], order: Sequence[str]) -> list[str]:
    rows = [
        "| callback | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [*[o for o in order if o in stats], *sorted(set(stats) - set(order))]:
        s = stats[name]
        rows.append(
            f"| {name} | {s['n']:,.0f} | {s['errors']:,.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | "
            f"{s['max']:.1f} |"
        )
    return rows


# --- One mode: a fresh server, a serial pass, the load -------------------------------------------


def run_mode(mode: str, args: argparse.Namespace, templates: dict | None, words: Vocabulary, out: list[str]) -> dict:
    env = {"WEB_CONCURRENCY": str(args.workers), "DASHBOARD_DATA_DIR": str(args.data_dir)}
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if mode == "cold":
        env["DASHBOARD_VIEW_CACHE"] = "0"
    result: dict[str, Any] = {"mode": mode, "env": env, "load_before": loadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server = start_gunicorn(env, Path(tmp) / "gunicorn.log", timeout=args.startup_timeout)
        try:
            result |= _measure(server, mode, args, templates, words, out)
        except BaseException:
            print(server.log_text()[-3000:], file=sys.stderr)
            raise
        finally:
            stop(server.proc)
    return result


def _measure(
    server: Gunicorn, mode: str, args: argparse.Namespace, templates: dict | None, words: Vocabulary, out: list[str]
) -> dict:
    workers = children(server.proc.pid)
    wait_settled(workers, timeout=args.startup_timeout)
    settled = time.monotonic() - server.launched
    workers = children(server.proc.pid)  # the start-up check has exited by now
    rss_start = {w: proc_status(w) for w in workers}
    check = re.search(r"Start-up check passed in ([\d.]+) s", server.log_text())
    if templates is None:
        print(f"recording the browser's requests against {server.base} ...", file=sys.stderr)
        templates = capture(server.base)
        args.templates.write_text(json.dumps(templates, indent=1) + "\n")
        print(f"wrote {args.templates}", file=sys.stderr)
    with urllib.request.urlopen(server.base + "/_dash-dependencies", timeout=30) as response:
        dependencies = json.loads(response.read())
    fired = check_templates(templates, dependencies)
    host, port = "127.0.0.1", int(server.base.rsplit(":", 1)[1])

    def new_run(connections: int) -> Run:
        return Run(host, port, templates, words, connections, tuple(args.think), args.request_timeout)

    # A serial pass: one user, one connection, no pause: every callback's time with nothing queued.
    def workers_cpu() -> float:
        return sum(cpu_seconds(w) for w in workers if proc_status(w))

    serial = new_run(1)
    serial.cpu_probe = workers_cpu
    asyncio.run(_users(serial, 1, 3600, args.seed + 7, args.serial, 0))
    serial_cpu_ms = (workers_cpu() - serial.cpu_marks[0]) * 1000 / max(len(serial.changes), 1)
    asyncio.run(_floor(serial, 100))
    # The load.
    load = new_run(BROWSER_CONNECTIONS)
    cpu_before = {w: cpu_seconds(w) for w in workers}
    client_before = time.process_time()
    load_before = loadavg()
    started = time.monotonic()
    asyncio.run(_users(load, args.users, args.seconds, args.seed, None, min(5.0, args.seconds / 4)))
    elapsed = time.monotonic() - started
    server_cpu = sum(cpu_seconds(w) - cpu_before[w] for w in workers if proc_status(w))
    client_cpu = time.process_time() - client_before
    load_after = loadavg()
    rss_end = {w: proc_status(w) for w in workers}
    restarted = sorted(set(children(server.proc.pid)) - set(workers))

    order = [*dict.fromkeys(fired)]
    serial_stats = summarise(serial.requests)
    load_stats = summarise(load.requests)
    change_stats = summarise(load.changes)["change"] if load.changes else {}
    open_stats = summarise(load.opens).get("page open", {})
    errors = [s for s in load.requests + load.changes + load.opens if s.error]
    cache = "off (DASHBOARD_VIEW_CACHE=0)" if mode == "cold" else "on (the app's default)"
    rss_after_start = " / ".join(f"{s.get('VmRSS', 0):.0f}" for s in rss_start.values())
    peak_after_start = " / ".join(f"{s.get('VmHWM', 0):.0f}" for s in rss_start.values())
    rss_peak = " / ".join(f"{s.get('VmHWM', 0):.0f}" for s in rss_end.values())
    out.append(f"\n### {mode}: view cache {cache}\n")
    out.append(
        f"Server: `gunicorn -c gunicorn.conf.py app:server`, {len(workers)} workers"
        f"{', ' + str(args.threads) + ' threads each' if args.threads else ' (threads: gunicorn.conf.py default)'}; "
        f"launch to `/healthz` {server.ready_s:.1f} s (of which the start-up check "
        f"{check.group(1) if check else '?'} s), all workers idle after {settled:.1f} s. Worker RSS after "
        f"start-up {rss_after_start} MB (peak while loading {peak_after_start} MB); peak (VmHWM) after "
        f"the run {rss_peak} MB"
        f"{'; workers restarted: ' + str(restarted) if restarted else ''}."
    )
    out.append(
        f"\nSerial pass (one user, one connection, no pause, {args.serial} changes; "
        f"{len(serial.changes)} changes, {sum(bool(s.error) for s in serial.changes)} failed):\n"
    )
    out += table(serial_stats, order)
    serial_change = summarise(serial.changes).get("change", {})
    if serial_change:
        s = serial_change
        out.append(
            f"| **whole change**, one request at a time | {s['n']:,.0f} | {s['errors']:,.0f} | {s['p50']:.1f} | "
            f"{s['p95']:.1f} | {s['p99']:.1f} | {s['max']:.1f} |"
        )
    demand = args.users / (sum(args.think) / 2)
    capacity = len(workers) / (serial_cpu_ms / 1000) if serial_cpu_ms else float("inf")
    out.append(
        f"\nThe workers' CPU time per change (serial pass, from /proc): {serial_cpu_ms:.0f} ms. So {len(workers)} "
        f"workers on {len(workers)} otherwise idle vCPUs could serve at most {capacity:.1f} changes/s; "
        f"{args.users} users pausing {sum(args.think) / 2:g} s on average would ask for up to {demand:.0f}/s."
    )
    total_requests = len(load.requests)
    out.append(
        f"\nLoad: {args.users} users, {args.seconds:g} s (start spread over {min(5.0, args.seconds / 4):g} s), "
        f"pause {args.think[0]:g} to {args.think[1]:g} s, up to {BROWSER_CONNECTIONS} connections per user. "
        f"{len(load.changes):,} changes ({len(load.changes) / elapsed:.1f}/s), {total_requests:,} callback requests "
        f"({total_requests / elapsed:.1f}/s), {len(errors)} errors; {load.mismatched} changes ended in another "
        f"state than drawn; {load.repeated} changes repeated an earlier state of the run. Workers used "
        f"{server_cpu / elapsed:.2f} of {len(workers)} vCPU-equivalents "
        f"({server_cpu * 1000 / max(len(load.changes), 1):.0f} ms CPU per change, page opens included); this client "
        f"{client_cpu / elapsed:.2f}. Load average before {load_before}, after {load_after}.\n"
    )
    out += table(load_stats, order)
    if change_stats:
        s = change_stats
        out.append(
            f"| **whole change** (sync, then the {len(fired) - 1} callbacks it fires) | {s['n']:,.0f} | "
            f"{s['errors']:,.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | {s['max']:.1f} |"
        )
    if open_stats:
        s = open_stats
        out.append(
            f"| page open (3 GETs, then {len(templates['events']['page_open'])} callbacks) | {s['n']:,.0f} | "
            f"{s['errors']:,.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | {s['max']:.1f} |"
        )
    if errors:
        out.append("\nFirst errors: " + "; ".join(f"{e.name}: {e.error}" for e in errors[:5]))
    return {
        "templates": templates,
        "fired": fired,
        "startup_s": server.ready_s,
        "startup_check_s": float(check.group(1)) if check else None,
        "settled_s": settled,
        "rss_start_mb": [s.get("VmRSS") for s in rss_start.values()],
        "rss_start_peak_mb": [s.get("VmHWM") for s in rss_start.values()],
        "rss_peak_mb": [s.get("VmHWM") for s in rss_end.values()],
        "serial": serial_stats,
        "load": load_stats,
        "change": change_stats,
        "page_open": open_stats,
        "errors": len(errors),
        "changes": len(load.changes),
        "seconds": elapsed,
        "server_cpu": server_cpu / elapsed,
        "serial_cpu_ms_per_change": serial_cpu_ms,
        "serial_change": serial_change,
        "client_cpu": client_cpu / elapsed,
        "load_during": [load_before, load_after],
        "mismatched": load.mismatched,
    }


# --- Start-up only (`--startup-only`) -------------------------------------------------------------


def measure_startup(args: argparse.Namespace, out: list[str]) -> dict:
    """Launch gunicorn `--runs` times on the extract and measure only its start-up: launch until
    `/healthz` answers, the start-up check's share (from its log line), until every worker is idle,
    and each worker's RSS and peak RSS (VmHWM) then. The issue 15 targets are 15 s and 300 MB at
    10,000,000 rows, one worker."""
    env = {"WEB_CONCURRENCY": str(args.workers), "DASHBOARD_DATA_DIR": str(args.data_dir)}
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
            server = start_gunicorn(env, Path(tmp) / "gunicorn.log", timeout=args.startup_timeout)
            try:
                workers = children(server.proc.pid)
                wait_settled(workers, timeout=args.startup_timeout)
                settled = time.monotonic() - server.launched
                workers = children(server.proc.pid)
                status = [proc_status(w) for w in workers]
                check = re.search(r"Start-up check passed in ([\d.]+) s", server.log_text())
                runs.append(
                    {
                        "ready_s": server.ready_s,
                        "check_s": float(check.group(1)) if check else None,
                        "settled_s": settled,
                        "rss_mb": [s.get("VmRSS") for s in status],
                        "peak_mb": [s.get("VmHWM") for s in status],
                    }
                )
            except BaseException:
                print(server.log_text()[-3000:], file=sys.stderr)
                raise
            finally:
                stop(server.proc)
    out += [
        "",
        f"### Start-up: {args.workers} worker(s), {args.runs} run(s)",
        "",
        "| run | launch to `/healthz` | of which the start-up check | all workers idle | worker RSS then (MB) | "
        "worker peak RSS, VmHWM (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(runs, 1):
        check_s = f"{r['check_s']:.1f} s" if r["check_s"] is not None else "?"
        rss = " / ".join(f"{v:.0f}" for v in r["rss_mb"])
        peak = " / ".join(f"{v:.0f}" for v in r["peak_mb"])
        out.append(f"| {i} | {r['ready_s']:.1f} s | {check_s} | {r['settled_s']:.1f} s | {rss} | {peak} |")
    return {"runs": runs}


# --- The cell-sum engine beside the row path ------------------------------------------------------


def compare_engines(args: argparse.Namespace, words: Vocabulary, out: list[str]) -> dict:
    """Each survey estimate of random states from cells (what the app runs) and from the rows."""
    from dashboard.analysis import cellkey, estimates, survey
    from dashboard.context import build_context
    from dashboard.data.load import load_extract
    from dashboard.settings import Settings

    start = time.perf_counter()
    extract = load_extract(args.data_dir)
    loaded = time.perf_counter() - start
    ctx = build_context(extract, Settings(data_dir=args.data_dir))
    built = time.perf_counter() - start - loaded
    # The row path reads the records, which the app no longer keeps once it has summed them into cells.
    org, tus = extract.org_survey, survey.prepare_time_use(extract.time_use_survey)
    org_perturb = estimates.Perturbation(survey.ORG_CELLS, survey.RECORD_KEY, cellkey.cell_noise)
    tus_perturb = estimates.Perturbation(survey.TUS_CELLS, survey.RECORD_KEY, cellkey.cell_noise)

    def org_rows(state: ViewState) -> pd.DataFrame:
        if state.regions:
            return org[org["region"].isin(state.regions)]
        if state.size_bands:
            return org[org["size_band"].isin(state.size_bands)]
        return org

    def pair(state: ViewState) -> dict[str, tuple[Callable[[], pd.DataFrame], Callable[[], pd.DataFrame]]]:
        split = survey.org_withheld(ctx.org_protection, state.regions, state.size_bands)
        tus_split = survey.time_use_withheld(ctx.tus_protection, state.frontline)
        org_kw = dict(regions=state.regions, size_bands=state.size_bands, split=split, low_neff=ctx.low_neff)
        chosen = [c for c in vocab.BARRIER_CODES if c in set(state.codes)] or list(vocab.BARRIER_CODES)

        def rows_shares(flags: list[str]) -> pd.DataFrame:
            table = estimates.weighted_shares(
                org_rows(state), "sector", flags, "design_weight", threshold=ctx.threshold, low_neff=ctx.low_neff,
                key=survey.RECORD_KEY, min_answer=ctx.threshold, perturb=org_perturb,
            )  # fmt: skip
            return survey._keep(table, survey.org_sectors(state.sectors), split, ctx.ptable)

        def rows_admin() -> pd.DataFrame:
            selection = survey.frontline_selection(state.frontline)
            rows = tus[tus["frontline"].isin(selection)] if selection else tus
            table = estimates.weighted_means(
                rows, "sector", [survey.NON_SECTOR_SHARE, survey.ADMIN_SHARE], "weight", threshold=ctx.threshold,
                low_neff=ctx.low_neff, key=survey.RECORD_KEY, perturb=tus_perturb,
            )  # fmt: skip
            return survey._keep(table, [s for s in vocab.SECTORS if s in state.sectors], tus_split, ctx.ptable)

        sectors = list(state.sectors)
        return {
            "AI use (2 shares)": (
                lambda: survey.ai_use_by_sector(ctx.org_cells, sectors, ctx.threshold, ptable=ctx.ptable, **org_kw),
                lambda: rows_shares(["ai_use", "automation_use"]),
            ),
            "barriers (up to 13 shares)": (
                lambda: survey.barriers_by_sector(
                    ctx.org_cells, sectors, ctx.threshold, state.codes, ptable=ctx.ptable, **org_kw
                ),
                lambda: rows_shares(chosen),
            ),
            "time use (2 means)": (
                lambda: survey.admin_share_by_sector(
                    ctx.tus_cells,
                    sectors,
                    ctx.threshold,
                    frontline=state.frontline,
                    split=tus_split,
                    low_neff=ctx.low_neff,
                    ptable=ctx.ptable,
                ),
                rows_admin,
            ),
        }

    rng = random.Random(args.seed + 99)
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"cells": [], "rows": []})
    unequal: dict[str, int] = defaultdict(int)
    states = 0
    budget = time.monotonic() + args.engine_seconds
    while states < args.engine_states and time.monotonic() < budget:
        state = random_state(rng, words)
        for name, (cells_fn, rows_fn) in pair(state).items():
            try:
                pd.testing.assert_frame_equal(cells_fn(), rows_fn(), check_exact=False, rtol=1e-9, atol=1e-9)
            except AssertionError:
                unequal[name] += 1
            for _ in range(args.engine_repeats):  # interleaved, so both see the same machine
                for engine, fn in (("cells", cells_fn), ("rows", rows_fn)):
                    t = time.perf_counter()
                    fn()
                    times[name][engine].append((time.perf_counter() - t) * 1000)
        states += 1
    out.append(
        f"\n### Cell sums beside the row path (in this process, {states} random states x {args.engine_repeats} "
        f"repeats, interleaved; load average {loadavg()})\n"
    )
    out.append(
        f"Extract: {len(org):,} organisations, {len(tus):,} workers; `load_extract` {loaded:.2f} s, "
        f"`build_context` {built:.2f} s (of which building the cells is part). Both paths give the same "
        f"frames (rtol 1e-9) for every state unless a row says otherwise.\n"
    )
    out.append(
        "| estimate | cells p50 ms | cells p95 ms | rows p50 ms | rows p95 ms | rows / cells (p50) | "
        "rows / cells (p95) | states not equal |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    result: dict[str, Any] = {"states": states, "load_extract_s": loaded, "build_context_s": built, "rows": len(org)}
    for name, both in times.items():
        c50, c95, r50, r95 = (
            pct(both["cells"], 0.5),
            pct(both["cells"], 0.95),
            pct(both["rows"], 0.5),
            pct(both["rows"], 0.95),
        )
        out.append(
            f"| {name} | {c50:.2f} | {c95:.2f} | {r50:.2f} | {r95:.2f} | {r50 / c50:.1f}x | {r95 / c95:.1f}x | "
            f"{unequal[name]} |"
        )
        result[name] = {"cells_p50": c50, "cells_p95": c95, "rows_p50": r50, "rows_p95": r95, "unequal": unequal[name]}
    return result


# --- Main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--modes", nargs="+", choices=["cold", "warm"], default=["cold", "warm"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="extract to serve (default: data/)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument("--think", type=float, nargs=2, default=[0.5, 1.5], metavar=("MIN", "MAX"))
    parser.add_argument("--serial", type=int, default=30, help="changes in the serial pass")
    parser.add_argument("--engine-states", type=int, default=60, help="random states for the engine comparison")
    parser.add_argument("--engine-repeats", type=int, default=3)
    parser.add_argument("--engine-seconds", type=float, default=180.0, help="time budget of the engine comparison")
    parser.add_argument("--no-engines", action="store_true", help="skip the engine comparison")
    parser.add_argument("--capture", action="store_true", help="re-record the browser's requests first")
    parser.add_argument("--templates", type=Path, default=TEMPLATES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("--startup-timeout", type=float, default=900.0)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--startup-only", action="store_true", help="measure only gunicorn's start-up, then stop")
    parser.add_argument("--runs", type=int, default=1, help="start-ups to measure with --startup-only")
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir.resolve()

    templates = None if args.capture or not args.templates.exists() else json.loads(args.templates.read_text())
    words = Vocabulary.of(args.data_dir)
    out = [
        f"## bench_load: {args.data_dir}",
        "",
        f"Machine: {machine()}.",
        f"Command: `python -m benchmarks.bench_load {' '.join(argv if argv is not None else sys.argv[1:])}`",
    ]
    results: dict[str, Any] = {"machine": machine(), "modes": {}}
    if args.startup_only:
        results["startup"] = measure_startup(args, out)
        print("\n".join(out))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str) + "\n")
        return 0
    try:
        for mode in args.modes:
            result = run_mode(mode, args, templates, words, out)
            templates = result.pop("templates")
            results["modes"][mode] = result
            print(f"{mode} done", file=sys.stderr)
        if templates is not None:
            out.insert(
                4,
                f"Requests replayed from `{args.templates.name}` (recorded {templates['captured']} from "
                f"{templates['browser']}, Dash {templates['dash']}; checked against `/_dash-dependencies`): a "
                f"change posts {', '.join(results['modes'][args.modes[0]]['fired'])}; request headers as "
                f"recorded (Accept-Encoding: {_accept_encoding(templates)}).",
            )
        if not args.no_engines:
            results["engines"] = compare_engines(args, words, out)
    except TemplateError as error:
        print(error, file=sys.stderr)
        return 2
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n")
    return 0


def _accept_encoding(templates: dict) -> str:
    headers = {k.lower(): v for k, v in templates["request_headers"].items()}
    return headers.get("accept-encoding", "none")


if __name__ == "__main__":
    sys.exit(main())
