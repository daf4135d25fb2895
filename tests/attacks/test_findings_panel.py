"""Crafted requests to the evidence panel: no answer shows a quote or a group the quote rule withholds.

The evidence panel (views/findings.py, drawn by the panels callback in callbacks/panels.py, and its
*Download findings CSV* callback) reads the posted view state and lists findings, then quotes. Two
rules must hold in everything it sends, whatever the browser posts: a quote is shown only if
`showable_quotes` would show it in some view (its own group has at least the minimum participants),
and a matrix column with fewer participants than the minimum (`withheld_columns`) is never named,
nor are findings only it holds. So each attack here is a POST to `/_dash-update-component`, exactly
as the page sends it, with a crafted store: forged codes, sectors, role groups, participant groups,
methods, quote ids, release ids, searches for each quote's most distinctive words, huge and wrongly
typed values, and the selection of each sample group built from the participants table; each both as
a click that opens the panel sends it (the panel alone is redrawn) and, for the group selections and
forged groups, as a filter change (every panel is redrawn, and every panel's text is checked). Every
answer must be served (never a 500), carry no traceback, and contain no withheld quote (by id, by
text, by a fragment, by its planted word) and no withheld group (as an attribution, in the title or
the summary).

The extract attacked is a copy of the shipped one with a deliberately small group planted: a police
interview group of 3 with one quote (word "Kestrelwick"), and a finding the article attributes to
local government alone (1 participant, so a withheld column; word "Marrowby"). It is served at the
default minimum of 3 and at 6, a deployment's stricter setting, under which the health and
education interview groups, the police interview group and the former civil servants (column and
quotes) are all too small. The last tests put back the naive rules (no per-quote rule; no withheld
columns) and show that this attack then finds the leak, so it can fail.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pandas as pd
import pytest

from dashboard import ids, transitions
from dashboard.app import create_app
from dashboard.callbacks import panels as panel_callbacks
from dashboard.data import vocab
from dashboard.data.load import DEFAULT_DATA_DIR, Extract, load_extract
from dashboard.state import DEFAULT, MAX_SEARCH_LENGTH, ViewState, to_store
from dashboard.views.wording import UNAVAILABLE
from tests.attacks.harness import attack_settings, copy_extract, read_csv_text, text_of
from tests.extract_edits import rewrite

pytestmark = pytest.mark.slow

UPDATE = "/_dash-update-component"
#: The deployment settings attacked: the default minimum, and a stricter one that makes more groups small.
MINIMUMS = (3, 6)
#: The planted small group (police interviews, 3 people) and its one quote.
SMALL_QUOTE = "Q90"
SMALL_QUOTE_WORD = "Kestrelwick"
SMALL_QUOTE_TEXT = (
    "Honestly, the Kestrelwick budget never stretches to the systems we need, so the paperwork lands on us."
)
#: The planted finding attributed to local government alone (a column of 1 participant).
LG_FINDING = "F990"
LG_FINDING_WORD = "Marrowby"
#: A response that says how it failed inside: Python's words for an error, never shown to a user.
TRACEBACK = re.compile(r"Traceback|File \"/|\b[A-Z]\w*(Error|Exception)\b|line \d+, in ")


# --------------------------------------------------------------------------- the rule, wherever it lives


def _qualitative_modules() -> Iterator[ModuleType]:
    """`dashboard.analysis.qualitative` and, if it has been split, every module it was split into."""
    analysis = importlib.import_module("dashboard.analysis")
    for info in pkgutil.iter_modules(analysis.__path__, "dashboard.analysis."):
        if info.name.rsplit(".", 1)[-1].startswith("qualitative"):
            module = importlib.import_module(info.name)
            yield module
            for sub in pkgutil.iter_modules(getattr(module, "__path__", []), info.name + "."):
                yield importlib.import_module(sub.name)


def rule_part(name: str) -> Any:
    """The quote rule's function or constant `name`, from whichever qualitative module defines it."""
    for module in _qualitative_modules():
        if hasattr(module, name):
            return getattr(module, name)
    raise AssertionError(f"no dashboard.analysis.qualitative* module defines {name}")


#: Captured at import, so that scoring keeps the real rule while a test puts back a naive one.
SHOWABLE_QUOTES: Callable[..., pd.DataFrame] = rule_part("showable_quotes")
WITHHELD_COLUMNS: Callable[..., list[str]] = rule_part("withheld_columns")
COLUMN_OF: Callable[[object, str], str] = rule_part("column_of")
COLUMN_LABELS: Mapping[str, str] = rule_part("COLUMN_LABELS")
MATRIX_COLUMNS: tuple[str, ...] = tuple(rule_part("MATRIX_COLUMNS"))
FORMER: str = rule_part("FORMER")


def replace_everywhere(monkeypatch: pytest.MonkeyPatch, original: object, naive: object) -> int:
    """Bind `naive` wherever the app holds `original` (every loaded dashboard module), so that the
    app built next uses it whichever module calls it; how many bindings were replaced."""
    replaced = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("dashboard") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                monkeypatch.setattr(module, attr, naive)
                replaced += 1
    return replaced


# --------------------------------------------------------------------------- the extract under attack


def _plant_small_group(directory: Path) -> None:
    """A police interview group of 3 with one quote, and a finding only local government holds."""

    def participants(df: pd.DataFrame) -> pd.DataFrame:
        row = df[df["sample_id"] == "police_focus_group"].iloc[0].to_dict()
        row.update(sample_id="police_interview", method="interview", sessions=3, participants=3)
        return pd.concat([df, pd.DataFrame([row])], ignore_index=True)

    def quotes(df: pd.DataFrame) -> pd.DataFrame:
        row = df[df["quote_id"] == "Q10"].iloc[0].to_dict()  # a cost quote: same section and source
        row.update(
            quote_id=SMALL_QUOTE,
            order=int(df["order"].max()) + 1,
            text=SMALL_QUOTE_TEXT,
            attribution="Police service interview",
            sector="police",
            method="interview",
            participant_group="current_manager",
            codes=["barrier_cost", "admin_overwhelmed"],
        )
        return pd.concat([df, pd.DataFrame([row])], ignore_index=True)

    def findings(df: pd.DataFrame) -> pd.DataFrame:
        row = df[df["code"] == "barrier_cost"].iloc[0].to_dict()
        row.update(
            finding_id=LG_FINDING,
            sector="local_government",
            participant_group="current_manager",
            paraphrase=f"Local government managers said the {LG_FINDING_WORD} grant could not cover new systems.",
            evidence=f"the {LG_FINDING_WORD} grant was described as far too small to pay for replacing old systems",
        )
        return pd.concat([df, pd.DataFrame([row])], ignore_index=True)

    rewrite(directory, "participants", participants)
    rewrite(directory, "quotes", quotes)
    rewrite(directory, "findings", findings)


@pytest.fixture(scope="module")
def small_group_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = copy_extract(DEFAULT_DATA_DIR, tmp_path_factory.mktemp("findings_small_group") / "extract")
    _plant_small_group(out)
    return out


@pytest.fixture(scope="module")
def small_group_extract(small_group_dir: Path) -> Extract:
    return load_extract(small_group_dir)


# --------------------------------------------------------------------------- what the rule allows


def _words(text: object) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Rule:
    """What the quote rule lets the panel show of one extract at one minimum: the scorer's truth."""

    min_participants: int
    showable: frozenset[str]
    #: Quotes no view may show: id -> text.
    hidden_quotes: Mapping[str, str]
    #: Every quote's text -> id, to name a quote the panel shows by its text.
    quote_by_text: Mapping[str, str]
    #: Attributions ("Police service interview") only withheld quotes carry.
    hidden_attributions: frozenset[str]
    shown_findings: frozenset[str]
    #: Texts only withheld findings carry (paraphrase and the article's words).
    hidden_finding_texts: Mapping[str, str]
    #: Labels of the withheld matrix columns, lower case ("local government").
    withheld_labels: tuple[str, ...]
    #: Words planted in withheld material, with what they belong to.
    planted: Mapping[str, str]

    @classmethod
    def of(cls, extract: Extract, minimum: int) -> Rule:
        quotes, participants = extract.quotes, extract.participants
        showable = SHOWABLE_QUOTES(quotes, participants, minimum)
        hidden = quotes[~quotes["quote_id"].isin(showable["quote_id"])]
        withheld = list(WITHHELD_COLUMNS(participants, minimum))
        f = extract.findings
        columns = [COLUMN_OF(s, g) for s, g in zip(f["sector"], f["participant_group"], strict=True)]
        kept = f[[c not in withheld for c in columns]]
        dropped = f[~f["finding_id"].isin(kept["finding_id"])]
        public = {_words(t) for t in (*kept["paraphrase"], *kept["evidence"])}
        hidden_texts = {
            _words(t): fid
            for fid, p, e in zip(dropped["finding_id"], dropped["paraphrase"], dropped["evidence"], strict=True)
            for t in (p, e)
            if _words(t) not in public
        }
        labels = [COLUMN_LABELS[c].lower() for c in withheld]
        if FORMER in withheld:
            labels.append("former civil servant")  # "Attributed to former civil servants", singular too
        planted = {}
        if SMALL_QUOTE in set(hidden["quote_id"]):
            planted[SMALL_QUOTE_WORD] = SMALL_QUOTE
        if LG_FINDING in set(dropped["finding_id"]):
            planted[LG_FINDING_WORD] = LG_FINDING
        return cls(
            min_participants=minimum,
            showable=frozenset(showable["quote_id"]),
            hidden_quotes=dict(zip(hidden["quote_id"], map(_words, hidden["text"]), strict=True)),
            quote_by_text=dict(zip(map(_words, quotes["text"]), quotes["quote_id"], strict=True)),
            hidden_attributions=frozenset(set(hidden["attribution"]) - set(showable["attribution"])),
            shown_findings=frozenset(kept["finding_id"]),
            hidden_finding_texts=hidden_texts,
            withheld_labels=tuple(labels),
            planted=planted,
        )


# --------------------------------------------------------------------------- the requests


def _parse_id(raw: str) -> str | dict:
    return json.loads(raw) if raw.startswith("{") else raw


@dataclass(frozen=True)
class Route:
    """The page's callback that draws the evidence panel, read from `/_dash-dependencies`, so the
    attack posts what the page posts however the panels are wired (one callback per panel, or one
    for all). Besides the store, it is sent each card's view switch as the page first has it
    ("chart") and, as state, the marker of the store the page last drew."""

    output: str
    inputs: tuple[tuple[str | dict, str], ...]
    state: tuple[tuple[str | dict, str], ...]

    @classmethod
    def of(cls, client: Any) -> Route:
        deps = client.get("/_dash-dependencies").json
        found = [d for d in deps if f"{ids.FINDINGS_TITLE}.children" in d["output"]]
        assert len(found) == 1, f"{len(found)} callbacks draw the evidence panel"
        dep = found[0]

        def pairs(entries: list[dict]) -> tuple[tuple[str | dict, str], ...]:
            return tuple((_parse_id(e["id"]), e["property"]) for e in entries)

        return cls(dep["output"], pairs(dep["inputs"]), pairs(dep.get("state", [])))

    def outputs(self) -> list[dict] | dict:
        parts = self.output[2:-2].split("...") if self.output.startswith("..") else [self.output]
        out = [{"id": _parse_id(part.rsplit(".", 1)[0]), "property": part.rsplit(".", 1)[1]} for part in parts]
        return out if self.output.startswith("..") else out[0]

    def body(self, store: object, focus: object, *, drawn: object, changed: str) -> dict:
        def value(component: str | dict, prop: str) -> object:
            if (component, prop) == (ids.STATE, "data"):
                return store
            if (component, prop) == (ids.FINDINGS_FOCUS, "data"):
                return focus
            if prop == DRAWN:
                return drawn
            return ids.CARD_VIEWS[0] if prop == "value" else None

        return {
            "output": self.output,
            "outputs": self.outputs(),
            "inputs": [{"id": i, "property": p, "value": value(i, p)} for i, p in self.inputs],
            "state": [{"id": i, "property": p, "value": value(i, p)} for i, p in self.state],
            "changedPropIds": [changed],
        }


#: Where the page notes which store it last drew (when the panels have such a marker): a request
#: for a new evidence panel token on a store already drawn redraws the panel alone. Read here only
#: to send what the page sends; a wrong marker costs a full redraw, never a different panel.
DRAWN = getattr(panel_callbacks, "DRAWN", "data-drawn")
_drawn_key: Callable[[object], str] | None = getattr(panel_callbacks, "drawn_key", None)


def drawn_marker(store: object) -> object:
    return _drawn_key(store) if _drawn_key is not None else None


def csv_request(store: object, clicks: object = 1) -> dict:
    """What the page posts when *Download findings CSV* is pressed."""
    return {
        "output": f"{ids.FINDINGS_DOWNLOAD}.data",
        "outputs": {"id": ids.FINDINGS_DOWNLOAD, "property": "data"},
        "inputs": [{"id": ids.FINDINGS_DOWNLOAD_BUTTON, "property": "n_clicks", "value": clicks}],
        "changedPropIds": [f"{ids.FINDINGS_DOWNLOAD_BUTTON}.n_clicks"],
        "state": [{"id": ids.STATE, "property": "data", "value": store}],
    }


def _strings(node: Any) -> Iterator[str]:
    """Every string anywhere in a JSON value (text, but also attributes such as links and cite)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for n in node:
            yield from _strings(n)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _strings(v)


def _by_class(node: Any, name: str) -> Iterator[dict]:
    """Components whose className includes `name`, outermost first."""
    if isinstance(node, list):
        for n in node:
            yield from _by_class(n, name)
    elif isinstance(node, dict):
        props = node.get("props", {})
        if name in str(props.get("className", "")).split():
            yield node
        yield from _by_class(props.get("children"), name)


def _by_type(node: Any, type_name: str) -> Iterator[dict]:
    if isinstance(node, list):
        for n in node:
            yield from _by_type(n, type_name)
    elif isinstance(node, dict):
        if node.get("type") == type_name:
            yield node
        yield from _by_type(node.get("props", {}).get("children"), type_name)


@dataclass
class Answer:
    """One response, read as a user (and a spreadsheet) would read it."""

    where: str
    status: int
    raw: str
    #: Every text in it, whole words only; the echo of the posted search left out.
    haystack: list[str] = field(default_factory=list)
    #: (quote id or "", text, attribution) of each quote listed.
    quotes: list[tuple[str, str, str]] = field(default_factory=list)
    #: (finding id, "Attributed ...") of each finding listed.
    findings: list[tuple[str, str]] = field(default_factory=list)
    #: Title and summary (the panel), where a group could be named.
    headings: list[str] = field(default_factory=list)
    #: The number of quotes the title says the panel lists, if it says a number.
    title_quotes: int | None = None
    #: Whether a served panel request drew the panel at all.
    drawn: bool = True


def _echo(store: object) -> str:
    """The posted search as headings repeat it, in quotation marks (“…”), read as `state.from_store`
    reads it; "" if there is none. Left out of what is checked: it is what the attacker typed."""
    search = store.get("search") if isinstance(store, Mapping) else None
    if not isinstance(search, str):
        return ""
    needle = _words(search.encode("utf-8", "ignore").decode("utf-8")[:MAX_SEARCH_LENGTH])
    return f"“{needle}”" if needle else ""


def _haystack(texts: list[str], echo: str = "") -> list[str]:
    """Each text, and its URL-decoded form (a link's text fragment), whitespace collapsed; `echo`
    (the posted search, which the headings repeat) left out."""
    out = []
    for text in texts:
        for form in (text, unquote(text)):
            form = _words(form)
            out.append(form.replace(echo, " ") if echo else form)
    return out


def read_panel(name: str, store: object, response: Any) -> Answer:
    """The evidence panel in a response, and every other panel's text (a full redraw has them all)."""
    raw = response.get_data(as_text=True)
    answer = Answer(f"panel '{name}'", response.status_code, raw)
    if response.status_code != 200:
        return answer
    out = response.json["response"]
    if ids.FINDINGS_TITLE not in out:
        answer.drawn = False
        return answer
    title = text_of(out[ids.FINDINGS_TITLE]["children"])
    summary = text_of(out[ids.FINDINGS_SUMMARY]["children"])
    body = out[ids.FINDINGS_BODY]["children"]
    # Every other panel a full redraw sends (cards, quote panel, filters line) repeats the search too.
    others = {k: v for k, v in out.items() if k not in (ids.FINDINGS_TITLE, ids.FINDINGS_SUMMARY, ids.FINDINGS_BODY)}
    echo = _echo(store)
    answer.headings = [_words(h).replace(echo, " ") if echo else h for h in (title, summary)]
    answer.haystack = _haystack([text_of(body), *_strings(body)]) + _haystack(
        [*answer.headings, *(text_of(v.get("children")) for v in others.values()), *_strings(others)], echo
    )
    for li in _by_class(body, "finding-quote"):
        text = _words(text_of(next(_by_type(li, "Blockquote"), None)))
        who = "".join(text_of(n) for n in _by_class(li, "quote-attribution"))
        answer.quotes.append(("", text, who))
    for li in _by_class(body, "finding"):
        who = text_of(next(_by_type(li, "Strong"), None))
        fid = "".join(text_of(n) for n in _by_class(li, "finding-code")).split(" · ")[-1].strip()
        answer.findings.append((fid, who))
    counted = re.search(r"(\d+) quotes?$", title)
    answer.title_quotes = int(counted.group(1)) if counted else (0 if title.endswith("no quotes") else None)
    return answer


def read_csv(name: str, response: Any) -> Answer:
    raw = response.get_data(as_text=True)
    answer = Answer(f"CSV '{name}'", response.status_code, raw)
    if response.status_code != 200:
        return answer
    if ids.FINDINGS_DOWNLOAD not in response.json["response"]:
        answer.drawn = False  # nothing to download (no click): nothing sent
        return answer
    sent = response.json["response"][ids.FINDINGS_DOWNLOAD]["data"]
    content = sent["content"]
    text = base64.b64decode(content).decode("utf-8-sig") if sent.get("base64") else content
    answer.haystack = _haystack([text, sent.get("filename", "")])
    if not sent.get("filename", "").endswith(".csv"):
        return answer  # "the data were updated": a note, no rows
    frame = read_csv_text(text)
    if "kind" not in frame:
        return answer
    for row in frame.to_dict("records"):
        if row["kind"] == "quote":
            answer.quotes.append((row["id"], _words(row["text"]), row["attributed_to"]))
        elif row["kind"] == "finding":
            answer.findings.append((row["id"], row["attributed_to"]))
    return answer


def problems_in(answer: Answer, rule: Rule, *, may_refuse: bool = False) -> list[str]:
    """Everything in one answer that breaks the rule, or shows how the server failed."""
    where = f"{answer.where} (minimum {rule.min_participants})"
    found = []
    if answer.status >= 500 or (answer.status >= 400 and not may_refuse):
        found.append(f"{where}: HTTP {answer.status}")
    if answer.status == 200 and not answer.drawn and not answer.where.startswith("CSV"):
        found.append(f"{where}: answered without the evidence panel")
    if hit := TRACEBACK.search(answer.raw):
        found.append(
            f"{where}: error text reaches the client: …{answer.raw[max(0, hit.start() - 60) : hit.end() + 60]}…"
        )
    for qid, text, who in answer.quotes:
        qid = qid or rule.quote_by_text.get(text, "")
        if qid not in rule.showable:
            found.append(f"{where}: shows quote {qid or '(unknown)'} “{text[:80]}” attributed to {who!r}")
        if who in rule.hidden_attributions:
            found.append(f"{where}: names the small group {who!r}")
    for fid, who in answer.findings:
        if fid not in rule.shown_findings:
            found.append(f"{where}: shows finding {fid} ({who})")
        for label in rule.withheld_labels:
            if label in who.lower():
                found.append(f"{where}: attributes finding {fid} to withheld column {label!r}: {who!r}")
    for heading in answer.headings:
        for label in rule.withheld_labels:
            if label in heading.lower():
                found.append(f"{where}: names withheld column {label!r} in “{heading[:160]}”")
    if answer.title_quotes is not None and answer.title_quotes != len(answer.quotes):
        found.append(f"{where}: the title counts {answer.title_quotes} quotes but lists {len(answer.quotes)}")
    text = "\n".join(answer.haystack)
    for qid, quote in rule.hidden_quotes.items():
        words = quote.split()
        for fragment in {quote, " ".join(words[:8]), " ".join(words[-8:])}:
            if fragment in text:
                found.append(f"{where}: contains withheld quote {qid}: “{fragment[:80]}”")
                break
    for hidden, fid in rule.hidden_finding_texts.items():
        if hidden in text:
            found.append(f"{where}: contains withheld finding {fid}: “{hidden[:80]}”")
    for word, owner in rule.planted.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            found.append(f"{where}: contains {word!r}, planted in withheld {owner}")
    return found


class Panel:
    """One app serving the small-group extract at one minimum, attacked through its test client."""

    def __init__(self, extract: Extract, minimum: int):
        settings = dataclasses.replace(attack_settings(extract.directory), min_participants=minimum)
        self.app = create_app(settings, extract=extract)
        self.client = self.app.server.test_client()
        self.route = Route.of(self.client)
        self.rule = Rule.of(extract, minimum)
        self.release = extract.release
        self.requests = 0

    def post(self, body: dict) -> Any:
        self.requests += 1
        return self.client.post(UPDATE, json=body)

    def panel(self, name: str, store: object, focus: object = 1, *, full: bool = False) -> Answer:
        """The panel for a posted store: by default as a click that opens it sends it (a new focus
        token, the store already drawn); `full`, as a filter change does, which redraws every panel."""
        if full:
            body = self.route.body(store, focus, drawn=None, changed=f"{ids.STATE}.data")
        else:
            body = self.route.body(store, focus, drawn=drawn_marker(store), changed=f"{ids.FINDINGS_FOCUS}.data")
        return read_panel(name, store, self.post(body))

    def csv(self, name: str, store: object, clicks: object = 1) -> Answer:
        return read_csv(name, self.post(csv_request(store, clicks)))


# --------------------------------------------------------------------------- the attack


def _store(state: ViewState, release: str, **extra: object) -> dict:
    """A store as the page writes it (with its release), plus whatever an attacker adds."""
    return {**to_store(state), "release": release, **extra}


#: Words searched for per quote: its longest that no other quote uses, which single it out.
WORDS_PER_QUOTE = 3


def _search_words(texts: list[str], every: list[str]) -> list[str]:
    """Words an attacker would search for to find these texts: in each, the longest few (4 letters
    or more) that no other of `every` text uses."""

    def words(text: str) -> list[str]:
        return list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’]{3,}", text)))

    used: dict[str, int] = {}
    for text in every:
        for w in words(text):
            used[w] = used.get(w, 0) + 1
    picked = (sorted((w for w in words(t) if used.get(w, 0) <= 1), key=len, reverse=True) for t in texts)
    return list(dict.fromkeys(w for ws in picked for w in ws[:WORDS_PER_QUOTE]))


def _deep(depth: int) -> object:
    value: object = {"codes": ["barrier_cost"]}
    for _ in range(depth):
        value = {"codes": value}
    return value


def forged_stores(release: str) -> dict[str, object]:
    """Stores no page writes: unknown, mistyped, huge and contradictory values in every field."""
    cost = ["barrier_cost"]
    every = list(vocab.SECTORS)
    return {
        "unknown codes": {"codes": ["not_a_code", "barrier cost", "BARRIER_COST"]},
        "a quote id as a code": {"codes": [SMALL_QUOTE, "Q09"]},
        "a finding id as a code": {"codes": [LG_FINDING]},
        "codes as a string": {"codes": "barrier_cost"},
        "codes as an object": {"codes": {"barrier_cost": True}},
        "codes as numbers and null": {"codes": [1, 2.5, True, None]},
        "codes as nested lists": {"codes": [cost, [["admin_overwhelmed"]]]},
        "one code 50,000 times": {"codes": cost * 50_000},
        "20,000 unknown codes, then a real one": {"codes": [f"code{i}" for i in range(20_000)] + cost},
        "local government as a string": {"sectors": "local_government", "codes": cost},
        "a sector in capitals": {"sectors": ["LOCAL_GOVERNMENT", "Police"], "codes": cost},
        "the not-sector-specific column as a sector": {"sectors": ["all_sectors"], "codes": cost},
        "former civil servants as a sector": {"sectors": [FORMER], "codes": cost},
        "unknown sectors": {"sectors": ["military", "local_government "], "codes": cost},
        "no sectors": {"sectors": [], "codes": cost},
        "sectors as null": {"sectors": None, "codes": cost},
        "role groups as sectors": {"sectors": list(vocab.ROLE_GROUPS), "codes": cost},
        "role groups as participant groups": {"groups": list(vocab.ROLE_GROUPS), "codes": cost},
        "a role group with a sector": {"sectors": ["police", "frontline"], "groups": ["frontline"], "codes": cost},
        "former civil servants with every sector but one": {
            "sectors": every[1:],
            "groups": [FORMER],
            "codes": cost,
        },
        "a group as a string": {"groups": FORMER, "codes": cost},
        "unknown participant groups": {"groups": ["former", "current manager", "ex_civil_servant"], "codes": cost},
        "no groups": {"groups": [], "codes": cost},
        "no methods": {"methods": [], "codes": cost},
        "an unknown method": {"methods": ["interviews", "survey"], "codes": cost},
        "police interviews by a method string": {"sectors": ["police"], "methods": "interview", "codes": cost},
        "a withheld quote selected": {"quote": SMALL_QUOTE, "codes": cost},
        "a withheld quote selected as a list": {"quote": [SMALL_QUOTE], "search": SMALL_QUOTE_WORD},
        "an unknown quote selected": {"quote": "Q999"},
        "a minimum in the store": {"codes": cost, "min_participants": 1, "minimum": 0, "threshold": 1},
        "a forged release": {"codes": cost, "release": "0000000000000000"},
        "the release as a list": {"codes": cost, "release": [release]},
        "the release as a number": {"codes": cost, "release": 31},
        "a very long release": {"codes": cost, "release": release * 10_000},
        "a null release": {"codes": cost, "release": None},
        "a search of 100,000 characters": {"search": SMALL_QUOTE_WORD + " " + "budget " * 14_000},
        "a search as a list": {"search": [SMALL_QUOTE_WORD]},
        "a search as a number": {"search": 90},
        "a search as an object": {"search": {"q": SMALL_QUOTE_WORD}},
        "a regular-expression search": {"search": ".*"},
        "a search of brackets": {"search": "(["},
        "a search of backslashes": {"search": "\\b\\w+\\b"},
        "a search with a lone surrogate": {"search": "budget \ud800 " + SMALL_QUOTE_WORD},
        "a search of apostrophes": {"search": "’'’"},
        "a search of spaces": {"search": " " * 500},
        "a search in another script": {"search": "бюджет 预算 ميزانية"},
        "themes as junk": {"themes": ["ai", 7, None, ["admin"]], "search": "budget"},
        "every field null": {f.name: None for f in dataclasses.fields(ViewState)},
        "every field a number": {f.name: 1 for f in dataclasses.fields(ViewState)},
        "present as a string": {"present": "yes", "codes": cost},
        "a forged notice and rejections": {"codes": cost, "notice": "<script>", "rejected": ["x" * 1000, 5]},
        "nested 200 deep": _deep(200),
        "the store is a list": ["codes", "barrier_cost"],
        "the store is a query string": "?code=barrier_cost&sector=local_government&method=interview",
        "the store is a number": 42,
        "the store is true": True,
        "the store is null": None,
    }


#: Only a body nested deeper than any page sends may be refused as malformed (a 4xx, never a 500).
MAY_BE_REFUSED = frozenset({"nested 200 deep"})
#: The second input of the panel callback: a token the page sets when a click opens the panel.
FOCUS_VALUES: tuple[object, ...] = (1, "token", -1e308, [SMALL_QUOTE] * 10_000, {"quote": SMALL_QUOTE}, True)
CLICKS: tuple[object, ...] = (0, None, -1, "1", [1], {"n": 1}, 1e308, True, "x" * 10_000)


def attack_stores(extract: Extract, release: str) -> dict[str, object]:
    """Every store the attack posts, by name: views a user can open, views built from the sample to
    single out each small group, searches for the withheld quotes' own words, and forged stores."""
    stores: dict[str, object] = {}
    quotes, participants = extract.quotes, extract.participants
    codes = list(extract.codebook["code"])
    stores["the default view"] = _store(DEFAULT, release)
    for code in codes:
        stores[f"code {code}"] = _store(transitions.pick_code(DEFAULT, code), release)
    # Every matrix column's cells, withheld columns too (the page never offers those): each code its
    # own quotes carry, and the planted finding's.
    column_of_quote = [COLUMN_OF(s, g) for s, g in zip(quotes["sector"], quotes["participant_group"], strict=True)]
    for column in MATRIX_COLUMNS:
        own = quotes[[c == column for c in column_of_quote]]
        for code in sorted({c for cs in own["codes"] for c in cs} | {"barrier_cost"}):
            state = transitions.pick_matrix_cell(DEFAULT, column, code)
            stores[f"cell {column} x {code}"] = _store(state, release)
    # The selection of each sample group (sector, method, participant group), with each code its
    # quotes carry and each word they use: what singles a small group out.
    groups = participants[["sector", "method", "participant_group"]].drop_duplicates()
    for sector, method, group in groups.itertuples(index=False):
        no_sector = group == FORMER or not isinstance(sector, str)
        sectors = tuple(vocab.SECTORS) if no_sector else (sector,)
        base = ViewState(sectors=sectors, methods=(method,), groups=(group,))
        label = f"{sector if not no_sector else 'no sector'}/{method}/{group}"
        stores[f"group {label}, nothing chosen"] = _store(base, release)
        mine = quotes[(quotes["method"] == method) & (quotes["participant_group"] == group)]
        mine = mine[mine["sector"].isna()] if no_sector else mine[mine["sector"] == sector]
        for code in sorted({c for cs in mine["codes"] for c in cs}):
            stores[f"group {label}, code {code}"] = _store(dataclasses.replace(base, codes=(code,)), release)
        for word in _search_words(list(mine["text"]), list(quotes["text"])):
            stores[f"group {label}, search {word!r}"] = _store(dataclasses.replace(base, search=word), release)
    # Searches for every word of every quote, in every group at once, and the attributions' words.
    for word in _search_words(list(quotes["text"]), list(quotes["text"])):
        stores[f"search {word!r}"] = _store(ViewState(search=word), release)
    for word in _search_words(list(quotes["attribution"]), []) + [LG_FINDING_WORD.lower(), "interview"]:
        stores[f"search {word!r}"] = _store(ViewState(search=word), release)
    for phrase in ("police service interview", "former civil servant", "local government", SMALL_QUOTE_TEXT):
        stores[f"search phrase {phrase[:30]!r}"] = _store(ViewState(search=phrase), release)
    stores.update(forged_stores(release))
    return stores


@dataclass
class Attack:
    """The answers to every attack store, for the panel and its CSV, and what broke the rule."""

    problems: list[str]
    answers: list[Answer]
    requests: int

    def seen_quotes(self, kind: str, rule: Rule) -> set[str]:
        return {
            qid or rule.quote_by_text.get(text, "")
            for a in self.answers
            if a.where.startswith(kind)
            for qid, text, _ in a.quotes
        }


#: Forged stores also posted as a filter change, which redraws every panel (about 0.4 s a request,
#: so not every store is): those forging sectors, role groups or participant groups.
FORGED_FULL = frozenset(n for n in forged_stores("") if re.search(r"sector|group|role", n))


def full_redraw(name: str) -> bool:
    """Whether a store is also posted as a filter change: each sample group's selection (alone and
    with a code its quotes carry), and the forged stores above."""
    if name.startswith("group "):
        return name.endswith(("nothing chosen", "code barrier_cost"))
    return name in FORGED_FULL


def run_attack(panel: Panel, extract: Extract, *, full: bool = True) -> Attack:
    """Post every attack store (also as a filter change, for some, when `full`) and score each answer."""
    problems: list[str] = []
    answers: list[Answer] = []
    stores = attack_stores(extract, panel.release)
    for name, store in stores.items():
        refusable = name in MAY_BE_REFUSED
        asked = [panel.panel(name, store), panel.csv(name, store)]
        if full and full_redraw(name):
            asked.append(panel.panel(f"{name} (every panel)", store, full=True))
        for answer in asked:
            answers.append(answer)
            problems += problems_in(answer, panel.rule, may_refuse=refusable)
    # The selection that singles out the planted group, with odd values in the other inputs.
    small = _store(ViewState(sectors=("police",), methods=("interview",), codes=("barrier_cost",)), panel.release)
    for focus in FOCUS_VALUES:
        answer = panel.panel(f"the police interviews with focus {str(focus)[:20]}", small, focus)
        answers.append(answer)
        problems += problems_in(answer, panel.rule)
    for clicks in CLICKS:
        answer = panel.csv(f"the police interviews with n_clicks {str(clicks)[:20]}", small, clicks)
        if answer.status == 200 and answer.drawn:  # no click: nothing to download, nothing sent
            answers.append(answer)
        problems += problems_in(answer, panel.rule)
    return Attack(problems, answers, panel.requests)


@pytest.fixture(scope="module", params=MINIMUMS, ids=[f"minimum {m}" for m in MINIMUMS])
def attacked(request: pytest.FixtureRequest, small_group_extract: Extract) -> tuple[Panel, Attack]:
    panel = Panel(small_group_extract, request.param)
    return panel, run_attack(panel, small_group_extract)


# --------------------------------------------------------------------------- the tests


def test_the_fixture_holds_small_groups_with_quotes_and_a_withheld_column(small_group_extract: Extract) -> None:
    """Without withheld material to find, the attack could not fail: check it is there."""
    at_3, at_6 = Rule.of(small_group_extract, 3), Rule.of(small_group_extract, 6)
    assert set(at_3.hidden_quotes) == set() and at_3.planted == {LG_FINDING_WORD: LG_FINDING}
    assert at_3.withheld_labels == ("local government",)
    # At 6: health (5) and education (4) interviews, former civil servants (5) and the planted police group (3).
    assert set(at_6.hidden_quotes) == {"Q04", "Q15", "Q09", "Q16", "Q05", "Q08", "Q21", SMALL_QUOTE}
    assert at_6.hidden_attributions == {
        "Health sector interview",
        "Education sector interview",
        "Former civil servant interview",
        "Police service interview",
    }
    assert set(at_6.withheld_labels) == {"local government", "former civil servants", "former civil servant"}
    assert {LG_FINDING, "F41"} <= set(at_6.hidden_finding_texts.values())
    assert at_6.planted == {SMALL_QUOTE_WORD: SMALL_QUOTE, LG_FINDING_WORD: LG_FINDING}


def test_the_requests_are_the_ones_the_page_sends(small_group_extract: Extract) -> None:
    """The attack posts to the callbacks the page registers (read from the running app), and the
    panel a click opens is the panel a filter change draws: the cheaper request attacks the same view."""
    panel = Panel(small_group_extract, 6)
    names = {i for i, _ in panel.route.inputs}
    assert {ids.STATE, ids.FINDINGS_FOCUS} <= names
    deps = {d["output"]: d for d in panel.client.get("/_dash-dependencies").json}
    csv = deps[f"{ids.FINDINGS_DOWNLOAD}.data"]
    assert [(s["id"], s["property"]) for s in csv["state"]] == [(ids.STATE, "data")]
    assert [(i["id"], i["property"]) for i in csv["inputs"]] == [(ids.FINDINGS_DOWNLOAD_BUTTON, "n_clicks")]
    store = _store(ViewState(codes=("barrier_cost",)), panel.release)
    clicked, changed = panel.panel("a click", store), panel.panel("a filter change", store, full=True)
    assert clicked.status == changed.status == 200 and clicked.drawn and changed.drawn
    assert (clicked.headings, clicked.quotes, clicked.findings) == (changed.headings, changed.quotes, changed.findings)
    assert clicked.headings[0].startswith("Cost and finite budgets: ") and clicked.quotes and clicked.findings


def test_no_crafted_request_shows_a_withheld_quote_or_group(attacked: tuple[Panel, Attack]) -> None:
    panel, attack = attacked
    assert attack.requests > 600, f"only {attack.requests} requests"
    assert not attack.problems, f"{len(attack.problems)} problems, e.g.:\n" + "\n".join(attack.problems[:15])


def test_the_attack_reaches_every_quote_the_rule_allows(attacked: tuple[Panel, Attack]) -> None:
    """A panel that showed nothing would pass the test above: the attack must see every showable
    quote, in the panel and in the CSV, and the selection of the planted group must open."""
    panel, attack = attacked
    rule = panel.rule
    assert attack.seen_quotes("panel", rule) == set(rule.showable)
    assert attack.seen_quotes("CSV", rule) == set(rule.showable)
    cost = {a.where: a for a in attack.answers}["panel 'code barrier_cost'"]
    assert cost.headings[0].startswith("Cost and finite budgets: ") and cost.findings


def test_with_no_per_quote_rule_the_attack_finds_the_small_groups_quotes(
    small_group_extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old rule (only a selection of fewer than the minimum is withheld): the planted police
    interview quote then shows in every wider view, and the attack says so."""

    def naive(quotes: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
        return quotes

    assert replace_everywhere(monkeypatch, SHOWABLE_QUOTES, naive)
    panel = Panel(small_group_extract, 6)
    problems = run_attack(panel, small_group_extract, full=False).problems
    assert any(f"shows quote {SMALL_QUOTE} " in p for p in problems), problems[:5]
    assert any(f"contains {SMALL_QUOTE_WORD!r}" in p for p in problems), problems[:5]
    assert any("names the small group 'Police service interview'" in p for p in problems), problems[:5]
    assert any("shows quote Q09 " in p for p in problems), problems[:5]  # a shipped small group at 6


def test_with_no_withheld_columns_the_attack_finds_the_one_person_column(
    small_group_extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Columns of fewer than the minimum shown after all: local government's own finding, and its
    name among the groups a finding is attributed to, reach the panel and the CSV."""

    def naive(participants: pd.DataFrame, min_participants: int) -> list[str]:
        return []

    assert replace_everywhere(monkeypatch, WITHHELD_COLUMNS, naive)
    panel = Panel(small_group_extract, 3)
    problems = run_attack(panel, small_group_extract, full=False).problems
    for kind in ("panel", "CSV"):
        assert any(p.startswith(kind) and f"shows finding {LG_FINDING}" in p for p in problems), problems[:5]
        assert any(p.startswith(kind) and "to withheld column 'local government'" in p for p in problems)
    assert any(f"contains {LG_FINDING_WORD!r}" in p for p in problems)


def test_an_error_in_the_panel_is_answered_without_a_traceback(
    small_group_extract: Extract, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error nobody foresaw, with the withheld quote in its message: the client learns only that
    the panel is unavailable, never the error or the quote."""
    import dashboard.callbacks.panels as panels

    def broken(context: object, state: ViewState) -> None:
        raise KeyError(f"secret /srv/extracts {SMALL_QUOTE_TEXT}")

    monkeypatch.setattr(panels, "findings_view", broken)
    panel = Panel(small_group_extract, 6)
    store = _store(ViewState(codes=("barrier_cost",)), panel.release)
    for answer in (panel.panel("a failing panel", store), panel.csv("a failing CSV", store)):
        assert not problems_in(answer, panel.rule), answer.raw[:500]
        assert "secret" not in answer.raw and answer.status == 200
        assert UNAVAILABLE in answer.raw or UNAVAILABLE in "".join(answer.haystack), answer.raw[:300]
