"""Crafted stores: whatever the browser posts, the server answers with a view a user could open.

The page keeps its view state in a `dcc.Store` and posts it with every callback; anyone can
post something else. A store with a region *and* a size would cross the two breakdowns the
disclosure rule keeps apart (cells of one or two organisations); unknown values, wrong types
and huge lists probe the validation. Each crafted store must be answered (HTTP 200) with
exactly what one reachable store gets, card CSV, title, subtitle, chart, description and table
alike, and with no word that says why a cell is withheld. The one exception is a body nested
deeper than any page sends, which the server may refuse as malformed (a 4xx, never a 500):
a refusal serves nothing, so it gives away nothing.
"""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.attacks.harness import (
    REGIONS,
    SIZES,
    SURVEY_CARDS,
    Target,
    collect,
    comparable,
    download_body,
    panels_body,
    reachable_candidates,
)

NORTH_EAST, SMALLEST = REGIONS[0], SIZES[0]


def _deep(depth: int) -> object:
    value: object = {"regions": [NORTH_EAST]}
    for _ in range(depth):
        value = {"regions": value}
    return value


CRAFTED: dict[str, object] = {
    "a region and a size together": {"regions": [NORTH_EAST], "size_bands": [SMALLEST]},
    "a size listed before a region": {"size_bands": [SMALLEST], "regions": ["Wales"]},
    "every region and every size": {"regions": list(REGIONS), "size_bands": list(SIZES)},
    "a region, a size and a forged notice": {
        "regions": ["Wales"],
        "size_bands": [SMALLEST],
        "notice": "forged",
        "rejected": ["size", "x" * 1000],
    },
    "an unknown region": {"regions": ["Atlantis"]},
    "an unknown and a known region": {"regions": ["Atlantis", "Wales"]},
    "a region in the wrong case": {"regions": ["wales"], "size_bands": ["10 TO 49"]},
    "an unknown size": {"size_bands": ["5 to 9"]},
    "a size by its URL id": {"size_bands": ["10-49"]},
    "one region 50,000 times": {"regions": ["Wales"] * 50_000},
    "20,000 unknown regions then a known one": {"regions": [f"R{i}" for i in range(20_000)] + ["Wales"]},
    "duplicated, reordered regions": {"regions": ["Wales", "London", "Wales", NORTH_EAST]},
    "regions as a string": {"regions": "Wales"},
    "regions as a number": {"regions": 7},
    "regions as an object": {"regions": {"Wales": True}},
    "regions as numbers": {"regions": [1, 2, 3.5, True, None]},
    "regions as nested lists": {"regions": [["Wales"], [NORTH_EAST]]},
    "every field null": {"regions": None, "size_bands": None, "sectors": None, "frontline": None},
    "no sectors": {"sectors": []},
    "an unknown sector": {"sectors": ["health", "military"], "regions": ["Wales"]},
    "a frontline list": {"frontline": ["frontline"], "regions": ["Wales"]},
    "a threshold in the store": {"regions": ["Wales"], "threshold": 1, "suppression_threshold": 1},
    "present as a string": {"present": "yes", "size_bands": [SMALLEST]},
    "unknown codes": {"codes": ["not_a_code"] * 20, "regions": [NORTH_EAST]},
    "nested 200 deep": _deep(200),
    "the store is a list": ["regions", NORTH_EAST],
    "the store is a query string": f"region={NORTH_EAST}&size=10-49",
    "the store is a number": 42,
    "the store is null": None,
}
#: Malformed requests rather than crafted views: refusing them outright (4xx) is as safe as serving a view.
MAY_BE_REFUSED = frozenset({"nested 200 deep"})


def refused(target: Target, name: str) -> bool:
    """Whether the server refuses this crafted store outright; only a malformed body may be refused."""
    status = target.post(download_body("ai", CRAFTED[name])).status_code
    assert status < 500, f"'{name}': HTTP {status}"
    if status == 200:
        return False
    assert name in MAY_BE_REFUSED and 400 <= status < 500, f"'{name}': HTTP {status} instead of a view"
    return True


@pytest.fixture(scope="module")
def reachable(shipped_target: Target):
    """The answer to each reachable candidate store, computed once per distinct store."""
    cache: dict[str, tuple] = {}

    def answers(card: str, store: dict) -> tuple:
        key = f"{card} {sorted(store.items())}"
        if key not in cache:
            cache[key] = comparable(collect(shipped_target, card, store, "reachable"))
        return cache[key]

    return answers


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_store_is_served_as_a_view_a_user_could_open(name: str, shipped_target: Target, reachable) -> None:
    raw = CRAFTED[name]
    if refused(shipped_target, name):
        return
    for card in SURVEY_CARDS:
        answer = comparable(collect(shipped_target, card, raw, name))
        candidates = reachable_candidates(raw)
        assert any(answer == reachable(card, store) for store in candidates), (
            f"{card}: the answer to '{name}' is not what any of {len(candidates)} reachable stores get"
        )


def test_no_answer_to_a_crafted_store_says_why_a_cell_is_withheld(shipped_target: Target) -> None:
    """A crafted store (a region with a size above all) must not earn a more talkative answer."""
    hits = [
        hit
        for name, raw in CRAFTED.items()
        if not refused(shipped_target, name)
        for card in SURVEY_CARDS
        for hit in collect(shipped_target, card, raw, name).reason_words()
    ]
    assert not hits, f"{len(hits)} places say why a cell is withheld, e.g.:\n" + "\n".join(hits[:12])


@pytest.mark.parametrize("shown", ["bogus", None, 5, ["table"], {"view": "table"}])
def test_a_crafted_chart_or_table_switch_is_answered(shown: object, shipped_target: Target) -> None:
    """A switch value the page never sends, posted with a new store (every panel redrawn) or as a
    click on the AI card's switch (its table pane alone), is served as the chart view: the same
    chart and title, and the same table pane, as the page's own "chart"."""
    store = {"regions": [NORTH_EAST]}
    response = shipped_target.post(panels_body(shipped_target.panels, store, {"ai": shown}))
    assert response.status_code == 200
    normal = shipped_target.post(panels_body(shipped_target.panels, store, {"ai": "chart"})).json["response"]
    got = response.json["response"]
    assert got["ai-graph"] == normal["ai-graph"] and got["ai-title"] == normal["ai-title"]
    assert got["ai-table-pane"] == normal["ai-table-pane"]
    assert shipped_target.switch("ai", store, shown) == shipped_target.switch("ai", store, "chart")


@pytest.mark.parametrize("narrow", [True, "true", 1, [True]])
def test_a_narrow_screen_is_served_the_grids_protected_table_and_nothing_more(shipped_target, narrow):
    """The page says whether the screen is narrow (`ids.NARROW`); only a literal true builds a grid's
    table in its Chart view, and that table is the one its Table view serves, protections applied."""
    store = {"regions": [NORTH_EAST], "size_bands": [SMALLEST]}
    body = panels_body(shipped_target.panels, store, {"barriers": "chart"})
    for entry in body["inputs"]:
        if entry["id"] == ids.NARROW:
            entry["value"] = narrow
    response = shipped_target.post(body)
    assert response.status_code == 200
    got = response.json["response"]
    table_view = shipped_target.post(panels_body(shipped_target.panels, store, {"barriers": "table"})).json["response"]
    pane = got["barriers-table-pane"]["children"]
    if narrow is True:
        assert pane == table_view["barriers-table-pane"]["children"] and pane is not None
    else:
        assert pane is None
    assert got["barriers-graph"] == table_view["barriers-graph"]
