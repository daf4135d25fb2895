"""The view state <-> URL query string mapping: round trips, bad input, and fuzzing."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import ids
from dashboard.data import vocab
from dashboard.state import (
    CONTROL_FIELDS,
    DEFAULT,
    FIELDS,
    FRONTLINE_OPTIONS,
    MAX_SEARCH_LENGTH,
    SUMMARY,
    Choices,
    Kind,
    ViewState,
    control_values,
    describe_filters,
    from_query,
    from_store,
    one_breakdown,
    to_query,
    to_store,
    with_controls,
)

CHOICES = Choices(
    codes=("barrier_cost", "ai_cautious", "admin_overwhelmed"),
    themes=tuple(vocab.THEMES),
    sources=("ons_psmps_pilot_2023", "ons_timeuse_feb2024"),
    quotes=("Q01", "Q02", "Q21"),
)


def rt(state: ViewState) -> ViewState:
    return from_query(to_query(state), CHOICES)


# --------------------------------------------------------------------------- defaults


def test_default_state_gives_an_empty_query():
    assert to_query(ViewState()) == ""
    assert to_query(DEFAULT) == ""


@pytest.mark.parametrize("query", ["", "?", None, "?unknown=1", "?utm_source=mail&fbclid=x"])
def test_empty_or_unknown_query_gives_the_default(query):
    state = from_query(query, CHOICES)
    assert state == DEFAULT
    assert state.rejected == ()


def test_defaults_are_all_sectors_methods_and_groups():
    assert DEFAULT.sectors == vocab.SECTORS
    assert DEFAULT.methods == tuple(vocab.METHODS)
    assert DEFAULT.groups == tuple(vocab.PARTICIPANT_GROUPS)
    assert DEFAULT.frontline == "all"
    assert (DEFAULT.search, DEFAULT.quote, DEFAULT.present) == ("", "", False)


# --------------------------------------------------------------------------- to_query


def test_to_query_only_differences_in_a_stable_order():
    state = ViewState(sectors=("health", "fire"), frontline="frontline", search="ai tools", present=True)
    assert to_query(state) == "?sector=health,fire&frontline=frontline&q=ai+tools&present=1"


def test_to_query_empty_list_is_written_as_blank():
    assert to_query(ViewState(sectors=())) == "?sector="
    assert to_query(ViewState(groups=("former_civil_servant",), methods=())) == "?method=&group=former_civil_servant"


def test_rejected_does_not_affect_equality_or_query():
    assert replace(DEFAULT, rejected=("sector",)) == DEFAULT
    assert to_query(replace(DEFAULT, rejected=("sector",))) == ""


# --------------------------------------------------------------------------- round trips


ROUND_TRIP_STATES = [
    ViewState(),
    ViewState(sectors=("health",)),
    ViewState(sectors=()),
    ViewState(sectors=("central_government", "police", "fire"), frontline="non_frontline"),
    ViewState(themes=("administration", "ai"), codes=("barrier_cost", "ai_cautious")),
    ViewState(sources=("ons_timeuse_feb2024",), quote="Q21", present=True),
    ViewState(methods=("focus_group",), groups=("former_civil_servant",)),
    ViewState(methods=(), groups=()),
    ViewState(size_bands=("10 to 49", "250 to 999")),
    ViewState(regions=("North East", "Yorkshire and The Humber", "Wales")),
    ViewState(search="cost & budget = 100% + more?#frag"),
    ViewState(search="  spaces  "),
    ViewState(search="Résumé – naïve “quotes” 日本語"),
    ViewState(search="a,b,c"),
    ViewState(search="x" * MAX_SEARCH_LENGTH),
    ViewState(frontline="frontline", search="?q=nested&sector=fire"),
]


@pytest.mark.parametrize("state", ROUND_TRIP_STATES, ids=lambda s: to_query(s) or "default")
def test_round_trip(state):
    back = rt(state)
    assert back == state
    assert back.rejected == ()


def test_round_trip_size_band_with_a_comma():
    state = ViewState(size_bands=("1,000 or more",))
    assert rt(state) == state
    assert rt(state).rejected == ()


# --------------------------------------------------------------------------- parsing bad input


def test_unknown_sector_is_dropped_and_reported():
    state = from_query("?sector=health,narnia", CHOICES)
    assert state.sectors == ("health",)
    assert "sector" in state.rejected


def test_only_unknown_sectors_fall_back_to_the_default():
    state = from_query("?sector=narnia,atlantis", CHOICES)
    assert state.sectors == vocab.SECTORS
    assert state.rejected == ("sector",)


def test_empty_sector_means_no_sectors():
    state = from_query("?sector=", CHOICES)
    assert state.sectors == ()
    assert state.rejected == ()


@pytest.mark.parametrize(("param", "name"), [("method", "methods"), ("group", "groups")])
def test_empty_method_or_group_means_none(param, name):
    assert getattr(from_query(f"?{param}=", CHOICES), name) == ()


@pytest.mark.parametrize(("param", "name"), [("theme", "themes"), ("code", "codes"), ("size", "size_bands")])
def test_empty_optional_filter_means_no_filter(param, name):
    state = from_query(f"?{param}=", CHOICES)
    assert getattr(state, name) == ()
    assert state.rejected == ()


def test_values_are_put_in_vocabulary_order_and_deduplicated():
    state = from_query("?sector=fire,health,fire,,central_government", CHOICES)
    assert state.sectors == ("central_government", "health", "fire")
    assert state.rejected == ()


def test_last_value_of_a_repeated_parameter_wins():
    state = from_query("?sector=health&sector=police", CHOICES)
    assert state.sectors == ("police",)


def test_bogus_frontline_falls_back_to_default():
    state = from_query("?frontline=bogus", CHOICES)
    assert state.frontline == "all"
    assert "frontline" in state.rejected
    assert from_query("?frontline=non_frontline", CHOICES).frontline == "non_frontline"


def test_quote_must_be_a_known_quote():
    assert from_query("?quote=Q02", CHOICES).quote == "Q02"
    state = from_query("?quote=Q99", CHOICES)
    assert state.quote == ""
    assert "quote" in state.rejected
    # with no quotes loaded, nothing is accepted
    assert from_query("?quote=Q02", Choices()).quote == ""


def test_codes_and_sources_checked_against_the_extract():
    state = from_query("?code=barrier_cost,made_up&source=nope", CHOICES)
    assert state.codes == ("barrier_cost",)
    assert state.sources == ()
    assert set(state.rejected) == {"code", "source"}


def test_search_is_truncated_to_100_characters():
    state = from_query("?q=" + "a" * 150, CHOICES)
    assert state.search == "a" * 100
    assert len(state.search) == MAX_SEARCH_LENGTH == 100


def test_search_is_decoded():
    assert from_query("?q=cost%20%26+budget", CHOICES).search == "cost & budget"


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("yes", True), ("0", False), ("", False)])
def test_present_flag(value, expected):
    assert from_query(f"?present={value}", CHOICES).present is expected


def test_query_without_question_mark():
    assert from_query("sector=health&present=1", CHOICES) == ViewState(sectors=("health",), present=True)


def test_too_many_fields_gives_default_and_says_so():
    query = "?" + "&".join(f"x{i}=1" for i in range(60))
    state = from_query(query, CHOICES)
    assert state == DEFAULT
    assert state.rejected == ("query",)


# --------------------------------------------------------------------------- properties


def assert_allowed(state: ViewState, choices: Choices) -> None:
    assert isinstance(state, ViewState)
    allowed = {
        "sectors": vocab.SECTORS,
        "themes": choices.themes,
        "codes": choices.codes,
        "sources": choices.sources,
        "methods": tuple(vocab.METHODS),
        "groups": tuple(vocab.PARTICIPANT_GROUPS),
        "size_bands": vocab.SIZE_BANDS,
        "regions": vocab.REGIONS,
    }
    for name, values in allowed.items():
        got = getattr(state, name)
        assert isinstance(got, tuple)
        assert set(got) <= set(values), name
        assert len(set(got)) == len(got), name
        # vocabulary order
        assert list(got) == [v for v in values if v in got], name
    assert state.frontline in FRONTLINE_OPTIONS
    assert isinstance(state.search, str) and len(state.search) <= MAX_SEARCH_LENGTH
    assert state.quote == "" or state.quote in choices.quotes
    assert isinstance(state.present, bool)
    assert isinstance(state.rejected, tuple)


PARAM_NAMES = ["sector", "theme", "code", "source", "method", "group", "size", "region"]
PARAM_NAMES += ["frontline", "q", "quote", "present", "other", ""]
VALUE_ATOMS = [
    *vocab.SECTORS,
    *vocab.THEMES,
    *CHOICES.codes,
    *CHOICES.sources,
    *CHOICES.quotes,
    *vocab.METHODS,
    *vocab.PARTICIPANT_GROUPS,
    *vocab.SIZE_BANDS,
    *vocab.REGIONS,
    *FRONTLINE_OPTIONS,
    "1",
    "true",
    "narnia",
    "",
    "%",
    "%ZZ",
    "%E2%80",
    "&",
    "=",
    "+",
    ",",
]


@st.composite
def queryish(draw):
    """Query strings built from real parameter names and values, mixed with junk."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(PARAM_NAMES) | st.text(max_size=5))
        atoms = draw(st.lists(st.sampled_from(VALUE_ATOMS) | st.text(max_size=8), max_size=4))
        sep = draw(st.sampled_from([",", "+", "%2C", ""]))
        parts.append(f"{name}={sep.join(atoms)}" if draw(st.booleans()) else name)
    prefix = draw(st.sampled_from(["", "?", "??"]))
    return prefix + "&".join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_fuzz_arbitrary_text_never_raises(text):
    assert_allowed(from_query(text, CHOICES), CHOICES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queryish())
def test_fuzz_structured_queries_never_raise(query):
    assert_allowed(from_query(query, CHOICES), CHOICES)
    assert_allowed(from_query(query, Choices()), Choices())


def _subsets(values):
    return st.lists(st.sampled_from(list(values)), unique=True).map(lambda xs: tuple(v for v in values if v in xs))


SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=MAX_SEARCH_LENGTH
)  # surrogates cannot be URL-encoded


@st.composite
def states(draw):
    nonempty = st.lists(st.sampled_from(list(vocab.SECTORS)), unique=True)
    return ViewState(
        sectors=draw(nonempty.map(lambda xs: tuple(v for v in vocab.SECTORS if v in xs))),
        themes=draw(_subsets(CHOICES.themes)),
        codes=draw(_subsets(CHOICES.codes)),
        sources=draw(_subsets(CHOICES.sources)),
        methods=draw(_subsets(tuple(vocab.METHODS))),
        groups=draw(_subsets(tuple(vocab.PARTICIPANT_GROUPS))),
        # "1,000 or more" is left out here: see test_round_trip_size_band_with_a_comma
        size_bands=(size_bands := draw(_subsets(vocab.SIZE_BANDS[:3]))),
        # Region and size are never combined (state.one_breakdown), so a state has one or the other.
        regions=() if size_bands else draw(_subsets(vocab.REGIONS)),
        frontline=draw(st.sampled_from(FRONTLINE_OPTIONS)),
        search=draw(SAFE_TEXT),
        quote=draw(st.sampled_from(("", *CHOICES.quotes))),
        present=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=states())
def test_property_round_trip(state):
    query = to_query(state)
    back = from_query(query, CHOICES)
    assert back == state
    assert back.rejected == ()
    assert to_query(back) == query


# --------------------------------------------------------------------------- region or size, not both


def test_a_link_with_region_and_size_keeps_the_region_and_says_size_was_dropped():
    state = from_query("?region=London&size=10-49", CHOICES)
    assert state.regions == ("London",)
    assert state.size_bands == ()
    assert state.rejected == ("size (cannot be combined with region)",)


@pytest.mark.parametrize(
    ("keep", "expected"),
    [("regions", (("London",), ())), ("size_bands", ((), ("10 to 49",)))],
)
def test_one_breakdown_keeps_the_newest_choice(keep, expected):
    both = ViewState(regions=("London",), size_bands=("10 to 49",))
    kept = one_breakdown(both, keep=keep)
    assert (kept.regions, kept.size_bands) == expected
    cleared = "Size" if keep == "regions" else "Region"
    assert kept.notice.startswith(f"{cleared} filter cleared: the survey is narrowed by region or by size, not both")
    assert to_query(kept) == to_query(replace(kept, notice="")), "the notice is never part of the link"
    alone = one_breakdown(ViewState(regions=("London",)), keep="size_bands")
    assert alone.regions == ("London",) and alone.notice == ""


# --------------------------------------------------------------------------- the field table


def test_every_url_field_is_in_the_table_once():
    url_fields = [f.name for f in dataclass_fields(ViewState) if f.compare]
    assert [f.name for f in FIELDS] == url_fields
    assert len({f.param for f in FIELDS}) == len(FIELDS)


def test_controls_are_the_filter_panels_ids():
    assert {f.name: f.control for f in CONTROL_FIELDS} == {
        "sectors": ids.SECTOR_FILTER,
        "themes": ids.THEME_FILTER,
        "sources": ids.SOURCE_FILTER,
        "methods": ids.METHOD_FILTER,
        "groups": ids.GROUP_FILTER,
        "size_bands": ids.SIZE_FILTER,
        "regions": ids.REGION_FILTER,
        "frontline": ids.FRONTLINE_FILTER,
        "search": ids.QUOTE_SEARCH,
    }
    # The browser tests find controls by these strings.
    assert [f.control for f in CONTROL_FIELDS][:3] == ["sectors", "themes", "sources"]


def test_defaults_are_valid_and_empty_means_none_only_where_the_default_is_everything():
    for f in FIELDS:
        if f.kind is Kind.LIST:
            assert set(f.default) <= set(f.allowed(CHOICES)), f.name
            assert f.empty_means_none == (f.default != ()), f.name


def test_the_summary_lists_every_labelled_field():
    assert set(SUMMARY) == {f.name for f in FIELDS if f.label}


def test_describe_filters_in_panel_order():
    state = ViewState(
        sectors=("health",),
        sources=("ons_timeuse_feb2024",),
        codes=("barrier_cost",),
        methods=(),
        size_bands=("10 to 49",),
        frontline="non_frontline",
        search="cost",
    )
    assert describe_filters(state, {"barrier_cost": "Cost"}) == [
        "Sectors: Health",
        "Codes: Cost",
        "Method: none",
        "Size: 10 to 49",
        "Workers: non-frontline",
        "Published sources: 1 selected",
        "Search: \u201ccost\u201d",
    ]
    assert describe_filters(DEFAULT) == []


def test_controls_round_trip_and_read_junk_as_defaults():
    state = ViewState(sectors=("fire",), regions=("Wales",), frontline="frontline", search="x", codes=("ai_cautious",))
    shown = {**control_values(state), "codes": list(state.codes)}
    assert shown["sectors"] == ["fire"] and shown["frontline"] == "frontline"
    assert with_controls(DEFAULT, shown, CHOICES) == state
    junk = {"sectors": "fire", "frontline": 3, "search": None, "codes": [{"x": 1}]}
    assert with_controls(state, junk, CHOICES) == DEFAULT


# --------------------------------------------------------------------------- the posted store


@pytest.mark.parametrize("state", ROUND_TRIP_STATES, ids=lambda s: to_query(s) or "default")
def test_store_round_trip(state):
    assert from_store(to_store(state), CHOICES) == state


def test_store_keeps_the_notice_and_rejected_it_may_hold():
    state = from_query("?sector=narnia&region=London&size=10-49", CHOICES)
    back = from_store(to_store(state), CHOICES)
    assert back.rejected == state.rejected == ("sector", "size (cannot be combined with region)")
    noticed = one_breakdown(ViewState(regions=("London",), size_bands=("10 to 49",)), keep="size_bands")
    assert from_store(to_store(noticed), CHOICES).notice == noticed.notice != ""
    forged = {"rejected": ["<script>", 3, "sector"], "notice": "Send your password to ..."}
    assert (from_store(forged, CHOICES).rejected, from_store(forged, CHOICES).notice) == (("sector",), "")


@pytest.mark.parametrize("data", [None, {}, [], "sectors", 3, True, [{"sectors": []}]])
def test_store_that_is_not_an_object_gives_the_default(data):
    assert from_store(data, CHOICES) == DEFAULT


def test_store_ignores_unknown_keys_and_drops_wrong_types():
    data = {
        "sectors": {"health": True},
        "themes": "ai",
        "codes": [["ai_cautious"], {"c": 1}, "barrier_cost"],
        "frontline": ["frontline"],
        "search": {"q": 1},
        "quote": 1,
        "present": "1",
        "__class__": "x",
        "extra": [1, 2],
    }
    state = from_store(data, CHOICES)
    assert state == ViewState(codes=("barrier_cost",))


def test_store_drops_unknown_values_and_keeps_vocabulary_order():
    data = {"sectors": ["fire", "narnia", "health"], "quote": "Q99", "frontline": "up", "sources": ["nope"]}
    state = from_store(data, CHOICES)
    assert (state.sectors, state.quote, state.frontline, state.sources) == (("health", "fire"), "", "all", ())
    assert from_store({"sectors": ["narnia"]}, CHOICES).sectors == DEFAULT.sectors
    assert from_store({"sectors": []}, CHOICES).sectors == ()


def test_store_lists_are_read_only_as_far_as_the_vocabulary_goes():
    state = from_store({"sectors": ["health"] * 10_000 + ["fire"]}, CHOICES)
    assert state.sectors == ("health",)


def test_store_search_is_capped_and_made_url_safe():
    assert from_store({"search": "a" * 10_000}, CHOICES).search == "a" * MAX_SEARCH_LENGTH
    state = from_store({"search": "cost\ud800 budget"}, CHOICES)
    assert state.search == "cost budget"
    assert from_query(to_query(state), CHOICES) == state


def test_store_never_holds_region_and_size():
    state = from_store({"regions": ["London"], "size_bands": ["10 to 49"]}, CHOICES)
    assert (state.regions, state.size_bands) == (("London",), ())
    assert state.notice.startswith("Size filter cleared")


def test_store_present_must_be_a_boolean():
    assert from_store({"present": True}, CHOICES).present is True
    assert from_store({"present": 1}, CHOICES).present is False


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6),
    max_leaves=30,
)
FIELD_VALUES = st.sampled_from(VALUE_ATOMS) | st.lists(st.sampled_from(VALUE_ATOMS), max_size=12) | JSON
STORE_KEYS = st.sampled_from([f.name for f in FIELDS] + ["rejected", "notice", "other"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=JSON | st.dictionaries(STORE_KEYS, FIELD_VALUES, max_size=14))
def test_fuzz_store_never_raises_and_gives_a_state_the_url_holds(data):
    state = from_store(data, CHOICES)
    assert_allowed(state, CHOICES)
    assert not (state.regions and state.size_bands)
    back = from_query(to_query(state), CHOICES)
    assert back == state and back.rejected == ()
    assert to_query(back) == to_query(state)


def test_a_cards_table_or_about_view_is_in_the_url_and_junk_views_are_dropped():
    state = from_query("?view=ai-table,matrix-about", CHOICES)
    assert state.views == ("matrix-about", "ai-table")  # card order, then view order
    assert to_query(state) == "?view=matrix-about,ai-table"
    junk = from_query("?view=ai-chart,nosuchcard-table,ai-sideways", CHOICES)
    assert junk.views == () and "view" in junk.rejected
