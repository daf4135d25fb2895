"""The view state and its URL query string: the one place that maps between them.

Everything a user can set lives in the query string, so a copied link reopens
exactly the same view and Back/Forward step through changes. Parsing never
fails: an unknown parameter is ignored, an unknown value dropped, and a value
that leaves nothing valid falls back to the default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from urllib.parse import parse_qs, urlencode

from dashboard.data import vocab

FRONTLINE_OPTIONS = ("all", "frontline", "non_frontline")
#: Size bands contain commas and spaces ("1,000 or more"), so the URL uses short ids.
SIZE_BAND_IDS = dict(zip(vocab.SIZE_BANDS, ("10-49", "50-249", "250-999", "1000plus"), strict=True))
_SIZE_BAND_FROM_ID = {v: k for k, v in SIZE_BAND_IDS.items()}
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class Choices:
    """What values are valid for the data-dependent parameters of one extract."""

    codes: tuple[str, ...] = ()
    themes: tuple[str, ...] = tuple(vocab.THEMES)
    sources: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewState:
    sectors: tuple[str, ...] = vocab.SECTORS
    themes: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    methods: tuple[str, ...] = tuple(vocab.METHODS)
    groups: tuple[str, ...] = tuple(vocab.PARTICIPANT_GROUPS)
    size_bands: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    frontline: str = "all"
    search: str = ""
    quote: str = ""
    present: bool = False
    #: Parameters that were in the URL but could not be used, for an on-screen note.
    rejected: tuple[str, ...] = field(default=(), compare=False)
    #: Why the last change also changed something the user did not touch; not part of the URL.
    notice: str = field(default="", compare=False)


#: URL parameter name for each list field, and where its valid values come from.
_LIST_PARAMS = {
    "sectors": ("sector", lambda c: vocab.SECTORS),
    "themes": ("theme", lambda c: c.themes),
    "codes": ("code", lambda c: c.codes),
    "sources": ("source", lambda c: c.sources),
    "methods": ("method", lambda c: tuple(vocab.METHODS)),
    "groups": ("group", lambda c: tuple(vocab.PARTICIPANT_GROUPS)),
    "size_bands": ("size", lambda c: vocab.SIZE_BANDS),
    "regions": ("region", lambda c: vocab.REGIONS),
}
#: Lists whose empty value means "none chosen" rather than "no filter".
_EMPTY_MEANS_NONE = {"sectors", "methods", "groups"}
DEFAULT = ViewState()


def to_query(state: ViewState) -> str:
    """Query string with only what differs from the default, in a stable order."""
    params: list[tuple[str, str]] = []
    for name, (param, _) in _LIST_PARAMS.items():
        value = getattr(state, name)
        if name == "size_bands":
            value = tuple(SIZE_BAND_IDS[v] for v in value)
        if value != getattr(DEFAULT, name):
            params.append((param, ",".join(value) if value else ""))
    if state.frontline != DEFAULT.frontline:
        params.append(("frontline", state.frontline))
    if state.search:
        params.append(("q", state.search))
    if state.quote:
        params.append(("quote", state.quote))
    if state.present:
        params.append(("present", "1"))
    return "?" + urlencode(params, safe=",") if params else ""


def one_breakdown(state: ViewState, keep: str = "regions") -> ViewState:
    """Narrow the organisation survey by region or by size, never both.

    Crossing the two would cut a few thousand organisations into cells of one or
    two, and comparing such views would give away suppressed counts (see
    analysis/disclosure.py). `keep` names the filter that wins.
    """
    if state.regions and state.size_bands:
        cleared, kept = ("Size", "region") if keep == "regions" else ("Region", "size")
        notice = (
            f"{cleared} filter cleared: the survey is narrowed by region or by size, not both, so that a small "
            f"group cannot be worked out by comparing views. Showing the {kept} you chose."
        )
        if keep == "regions":
            return replace(state, size_bands=(), notice=notice)
        return replace(state, regions=(), notice=notice)
    return state


def _ordered(values: list[str], allowed: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """Keep valid values in vocabulary order; say whether anything was dropped."""
    chosen = set(values)
    kept = tuple(v for v in allowed if v in chosen)
    return kept, len(kept) != len(chosen)


def from_query(search: str | None, choices: Choices) -> ViewState:
    """Parse a query string (with or without '?'); never raises."""
    try:
        raw = parse_qs((search or "").lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError:
        return replace(DEFAULT, rejected=("query",))
    values: dict[str, object] = {}
    rejected: list[str] = []
    for name, (param, allowed_of) in _LIST_PARAMS.items():
        if param not in raw:
            continue
        items = [v for part in raw[param][-1:] for v in part.split(",") if v]
        if name == "size_bands":
            items = [_SIZE_BAND_FROM_ID.get(v, v) for v in items]
        kept, dropped = _ordered(items, tuple(allowed_of(choices)))
        if dropped:
            rejected.append(param)
        if kept or (not items and name in _EMPTY_MEANS_NONE):
            values[name] = kept
    if "frontline" in raw:
        value = raw["frontline"][-1]
        if value in FRONTLINE_OPTIONS:
            values["frontline"] = value
        else:
            rejected.append("frontline")
    if "q" in raw:
        values["search"] = raw["q"][-1][:MAX_SEARCH_LENGTH]
    if "quote" in raw:
        if raw["quote"][-1] in choices.quotes:
            values["quote"] = raw["quote"][-1]
        else:
            rejected.append("quote")
    if "present" in raw:
        values["present"] = raw["present"][-1] in ("1", "true", "yes")
    if values.get("regions") and values.get("size_bands"):
        del values["size_bands"]
        rejected.append("size (cannot be combined with region)")
    return replace(DEFAULT, **values, rejected=tuple(rejected))


_FIELDS = {f.name for f in fields(ViewState)}


def to_store(state: ViewState) -> dict:
    """JSON-safe form for dcc.Store."""
    return {name: list(v) if isinstance(v, tuple) else v for name, v in asdict(state).items()}


def from_store(data: dict | None) -> ViewState:
    if not data:
        return DEFAULT
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in _FIELDS}
    return replace(DEFAULT, **values)


def describe_filters(state: ViewState, code_labels: dict[str, str] | None = None) -> list[str]:
    """Plain-language list of what differs from the default, for the 'active filters' line and exports."""
    code_labels = code_labels or {}
    out = []
    if state.sectors != DEFAULT.sectors:
        out.append("Sectors: " + (", ".join(vocab.SECTOR_LABELS[s] for s in state.sectors) or "none"))
    if state.themes:
        out.append("Themes: " + ", ".join(vocab.THEMES[t] for t in state.themes))
    if state.codes:
        out.append("Codes: " + ", ".join(code_labels.get(c, c) for c in state.codes))
    if state.methods != DEFAULT.methods:
        out.append("Method: " + (", ".join(vocab.METHODS[m] for m in state.methods) or "none"))
    if state.groups != DEFAULT.groups:
        out.append("Group: " + (", ".join(vocab.PARTICIPANT_GROUPS[g] for g in state.groups) or "none"))
    if state.size_bands:
        out.append("Size: " + ", ".join(state.size_bands))
    if state.regions:
        out.append("Region: " + ", ".join(state.regions))
    if state.frontline != "all":
        out.append("Workers: " + state.frontline.replace("_", "-"))
    if state.sources:
        out.append(f"Published sources: {len(state.sources)} selected")
    if state.search:
        out.append(f"Search: “{state.search}”")
    return out
