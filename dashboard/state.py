"""The view state, and the one table that says where each of its fields lives.

Everything a user can set lives in the query string, so a copied link reopens
exactly the same view and Back/Forward step through changes. `FIELDS` maps each
field to its control on the page, its URL parameter and the values it may take;
parsing the URL, building it, reading the posted store and the controls, and the
active-filters line all read that table, so a field is described once. Parsing
never fails: an unknown parameter or key is ignored, an unknown value dropped,
and a value that leaves nothing valid falls back to the default. The module runs a
little past 250 lines because the table and its readers belong together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard import ids
from dashboard.data import vocab

FRONTLINE_OPTIONS = ("all", "frontline", "non_frontline")
#: Size bands contain commas and spaces ("1,000 or more"), so the URL uses short ids.
SIZE_BAND_IDS = dict(zip(vocab.SIZE_BANDS, ("10-49", "50-249", "250-999", "1000plus"), strict=True))
MAX_SEARCH_LENGTH = 100
#: What the on-screen note lists when a link held both a region and a size.
SIZE_WITH_REGION = "size (cannot be combined with region)"
#: Every card's Table and About views (a card's first view is its default and never in the URL).
VIEW_TOKENS = tuple(ids.view_token(key, view) for key in ids.CARD_KEYS for view in ids.CARD_VIEWS[1:])


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
    #: The topic the topic panel shows (a key of vocab.TOPICS); set by the topic switch and the evidence map.
    topic: str = next(iter(vocab.TOPICS))
    quote: str = ""
    #: A sector a chart click highlighted in every panel ("" for none): a comparison that stays, where
    #: filtering to the sector would hide the others. "Show only" turns it into a filter.
    highlight: str = ""
    #: Cards showing their Table or About view rather than their first one, as `ids.view_token`s.
    views: tuple[str, ...] = ()
    present: bool = False
    #: Parameters that were in the URL but could not be used, for an on-screen note.
    rejected: tuple[str, ...] = field(default=(), compare=False)
    #: Why the last change also changed something the user did not touch; not part of the URL.
    notice: str = field(default="", compare=False)


DEFAULT = ViewState()


class Kind(Enum):
    LIST = "ordered list"  # any of a vocabulary, kept in its order
    CHOICE = "one choice"  # one of a vocabulary
    TEXT = "text"  # free text, capped at MAX_SEARCH_LENGTH
    FLAG = "flag"  # on or off


#: How a field's value reads in the active-filters line, given the extract's code labels.
Show = Callable[[Any, Mapping[str, str]], str]


@dataclass(frozen=True)
class Field:
    """One ViewState field: its control, its URL parameter, and the values it may hold."""

    name: str
    param: str
    kind: Kind
    #: The DOM id of the one control that shows it; None where no single control does (codes have a
    #: checklist per category, `ids.codes_checklist`; topic, quote and present are set by buttons).
    control: str | None = None
    allowed: Callable[[Choices], tuple[str, ...]] = lambda c: ()
    #: A list whose default is everything, so that an empty one means "none chosen", not "no filter".
    empty_means_none: bool = False
    #: URL token per value, for values that read badly in a URL.
    url_ids: Mapping[str, str] = field(default_factory=dict)
    #: Its heading in the active-filters line and how its value reads there; None: not listed.
    label: str | None = None
    show: Show | None = None

    @property
    def default(self) -> Any:
        return getattr(DEFAULT, self.name)


def _named(labels: Mapping[str, str]) -> Show:
    return lambda values, _: ", ".join(labels.get(v, v) for v in values) or "none"


# fmt: off
FIELDS: tuple[Field, ...] = (
    Field("sectors", "sector", Kind.LIST, ids.SECTOR_FILTER, lambda c: vocab.SECTORS, empty_means_none=True,
          label="Sectors", show=_named(vocab.SECTOR_LABELS)),
    Field("themes", "theme", Kind.LIST, ids.THEME_FILTER, lambda c: c.themes,
          label="Themes", show=_named(vocab.THEMES)),
    Field("codes", "code", Kind.LIST, None, lambda c: c.codes,
          label="Codes", show=lambda v, code_labels: _named(code_labels)(v, {})),
    Field("sources", "source", Kind.LIST, ids.SOURCE_FILTER, lambda c: c.sources,
          label="Published sources", show=lambda v, _: f"{len(v)} selected"),
    Field("methods", "method", Kind.LIST, ids.METHOD_FILTER, lambda c: tuple(vocab.METHODS), empty_means_none=True,
          label="Method", show=_named(vocab.METHODS)),
    Field("groups", "group", Kind.LIST, ids.GROUP_FILTER, lambda c: tuple(vocab.PARTICIPANT_GROUPS),
          empty_means_none=True, label="Group", show=_named(vocab.PARTICIPANT_GROUPS)),
    Field("size_bands", "size", Kind.LIST, ids.SIZE_FILTER, lambda c: vocab.SIZE_BANDS, url_ids=SIZE_BAND_IDS,
          label="Size", show=_named({})),
    Field("regions", "region", Kind.LIST, ids.REGION_FILTER, lambda c: vocab.REGIONS,
          label="Region", show=_named({})),
    Field("frontline", "frontline", Kind.CHOICE, ids.FRONTLINE_FILTER, lambda c: FRONTLINE_OPTIONS,
          label="Workers", show=lambda v, _: v.replace("_", "-")),
    Field("search", "q", Kind.TEXT, ids.QUOTE_SEARCH,
          label="Search", show=lambda v, _: f"“{v}”"),
    Field("topic", "topic", Kind.CHOICE, None, lambda c: tuple(vocab.TOPICS)),
    Field("quote", "quote", Kind.CHOICE, None, lambda c: c.quotes),
    Field("highlight", "highlight", Kind.CHOICE, None, lambda c: vocab.SECTORS),
    Field("views", "view", Kind.LIST, None, lambda c: VIEW_TOKENS),
    Field("present", "present", Kind.FLAG),
)
#: The active-filters line follows the filter panel's order, which puts published sources last.
SUMMARY = ("sectors", "themes", "codes", "methods", "groups", "size_bands", "regions", "frontline", "sources", "search")
# fmt: on
FIELD = MappingProxyType({f.name: f for f in FIELDS})
#: Fields with a control of their own, whose value the page sends and is sent back.
CONTROL_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.control)
_MISSING: Any = object()


def _read(f: Field, raw: object, allowed: tuple[str, ...], *, posted: bool = False) -> tuple[Any, bool]:
    """A field's value from untrusted input of its kind's shape, and whether anything was dropped;
    _MISSING when nothing usable is left, so the caller keeps the default. A `posted` list (from the
    store or a control) is read only as far as the vocabulary's length: the page never holds more."""
    if f.kind is Kind.LIST:
        if not isinstance(raw, list | tuple):
            return _MISSING, True
        raw = raw[: len(allowed)] if posted else raw
        items = [v for v in raw if isinstance(v, str)]
        chosen = set(items)
        kept = tuple(v for v in allowed if v in chosen)
        dropped = len(kept) != len(chosen) or len(items) != len(raw)
        return (kept if kept or (not raw and f.empty_means_none) else _MISSING), dropped
    if f.kind is Kind.CHOICE:
        return (raw, False) if isinstance(raw, str) and raw in allowed else (_MISSING, True)
    if f.kind is Kind.TEXT:
        if not isinstance(raw, str):
            return _MISSING, True
        # A lone surrogate (possible in posted JSON) cannot be URL-encoded: drop it.
        return raw.encode("utf-8", "ignore").decode("utf-8")[:MAX_SEARCH_LENGTH], False
    return (raw, False) if isinstance(raw, bool) else (_MISSING, True)


def to_query(state: ViewState) -> str:
    """Query string with only what differs from the default, in a stable order."""
    params: list[tuple[str, str]] = []
    for f in FIELDS:
        value = getattr(state, f.name)
        if value == f.default:
            continue
        if f.kind is Kind.LIST:
            value = ",".join(f.url_ids.get(v, v) for v in value)
        params.append((f.param, "1" if f.kind is Kind.FLAG else value))
    return "?" + urlencode(params, safe=",") if params else ""


def _breakdown_notice(cleared: str, kept: str) -> str:
    return (
        f"{cleared} filter cleared: the survey is narrowed by region or by size, not both, so that a small "
        f"group cannot be worked out by comparing views. Showing the {kept} you chose."
    )


#: The notices a state may carry (the store is checked against them).
NOTICES = frozenset({_breakdown_notice("Size", "region"), _breakdown_notice("Region", "size")})
#: What a state's `rejected` may name (the store is checked against them).
REJECTIONS = frozenset({f.param for f in FIELDS} | {"query", SIZE_WITH_REGION})


def one_breakdown(state: ViewState, keep: str = "regions") -> ViewState:
    """Narrow the organisation survey by region or by size, never both.

    Crossing the two would cut a few thousand organisations into cells of one or
    two, and comparing such views would give away suppressed counts (see
    analysis/disclosure.py). `keep` names the filter that wins.
    """
    if not (state.regions and state.size_bands):
        return state
    if keep == "regions":
        return replace(state, size_bands=(), notice=_breakdown_notice("Size", "region"))
    return replace(state, regions=(), notice=_breakdown_notice("Region", "size"))


def from_query(search: object, choices: Choices) -> ViewState:
    """Parse a query string (with or without '?'); never raises, whatever the browser posted as
    the URL's search (a callback request can hold any JSON value there)."""
    if search is not None and not isinstance(search, str):
        return replace(DEFAULT, rejected=("query",))
    try:
        raw = parse_qs((search or "").lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError:
        return replace(DEFAULT, rejected=("query",))
    values: dict[str, Any] = {}
    rejected: list[str] = []
    for f in FIELDS:
        if f.param not in raw:
            continue
        last = raw[f.param][-1]  # the last of a repeated parameter wins
        value: object = last
        if f.kind is Kind.LIST:
            from_id = {token: v for v, token in f.url_ids.items()}
            value = [from_id.get(v, v) for v in last.split(",") if v]
        elif f.kind is Kind.FLAG:
            value = last in ("1", "true", "yes")
        got, dropped = _read(f, value, f.allowed(choices))
        if dropped:
            rejected.append(f.param)
        if got is not _MISSING:
            values[f.name] = got
    if values.get("regions") and values.get("size_bands"):
        del values["size_bands"]
        rejected.append(SIZE_WITH_REGION)
    return replace(DEFAULT, **values, rejected=tuple(rejected))


def to_store(state: ViewState) -> dict:
    """JSON-safe form for dcc.Store."""
    return {name: list(v) if isinstance(v, tuple) else v for name, v in asdict(state).items()}


#: The store's key for the release of the extract that wrote it (not a view-state field: not in the URL).
RELEASE_KEY = "release"


def store_release(data: object) -> str | None:
    """The release the posted store was written under, or None if it does not say (or is junk)."""
    if isinstance(data, Mapping) and isinstance(data.get(RELEASE_KEY), str):
        return data[RELEASE_KEY]
    return None


def from_store(data: object, choices: Choices) -> ViewState:
    """The view state posted back from the browser's store, checked by the URL's rules: the
    browser is untrusted, and views, caches and exports may rely on a state being valid.

    Never raises for any JSON value. `choices` are the live extract's: codes, sources and quotes
    differ between extracts.
    """
    if not isinstance(data, Mapping):
        return DEFAULT
    values = {}
    for f in FIELDS:
        if f.name in data and (got := _read(f, data[f.name], f.allowed(choices), posted=True)[0]) is not _MISSING:
            values[f.name] = got
    rejected = data.get("rejected")
    if isinstance(rejected, list | tuple):
        known = (r for r in rejected[: len(REJECTIONS)] if isinstance(r, str) and r in REJECTIONS)
        values["rejected"] = tuple(dict.fromkeys(known))
    if isinstance(data.get("notice"), str) and data["notice"] in NOTICES:
        values["notice"] = data["notice"]
    return one_breakdown(replace(DEFAULT, **values))


def with_controls(state: ViewState, controls: Mapping[str, object], choices: Choices) -> ViewState:
    """`state` with what the page's controls hold, by field name ("codes": every code ticked in any
    category; "views": each card's non-default view, as tokens). A control missing or holding nothing
    valid gives its default."""
    values = {}
    for f in (*CONTROL_FIELDS, FIELD["codes"], FIELD["views"]):
        got = _read(f, controls.get(f.name), f.allowed(choices), posted=True)[0]
        values[f.name] = f.default if got is _MISSING else got
    return replace(state, **values)


def control_values(state: ViewState) -> dict[str, object]:
    """What each control with an id of its own should show, by field name."""
    return {f.name: list(v) if isinstance(v := getattr(state, f.name), tuple) else v for f in CONTROL_FIELDS}


def validated(state: ViewState, choices: Choices) -> ViewState:
    """`state` with anything the extract does not know dropped (a click's data comes from the browser)."""
    return from_store(to_store(state), choices)


def describe_filters(state: ViewState, code_labels: Mapping[str, str] | None = None) -> list[str]:
    """Plain-language list of what differs from the default, for the 'active filters' line and exports."""
    out = []
    for f in (FIELD[name] for name in SUMMARY):
        value = getattr(state, f.name)
        if value != f.default and f.show is not None:
            out.append(f"{f.label}: {f.show(value, code_labels or {})}")
    return out
