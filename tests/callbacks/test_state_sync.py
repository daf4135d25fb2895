"""The sync callback's wiring: which event each input is, and one call of the registered
callback under a fake Dash context (what each event does is in tests/test_transitions.py)."""

from __future__ import annotations

import json
from contextvars import copy_context

import pytest
from dash import Dash, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.callbacks import state_sync
from dashboard.callbacks.state_sync import (
    VIEW_SWITCHES,
    codes_by_checklist,
    event_for,
    request_event,
    split_prop_id,
    ticked_codes,
)
from dashboard.components.registry import CHART_CARDS, views_shown
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import CONTROL_FIELDS, DEFAULT, ViewState, control_values, to_store
from dashboard.transitions import (
    CellPicked,
    ChartClicked,
    CodeToggled,
    ControlChanged,
    ControlsPosted,
    EvidencePicked,
    PresenterToggled,
    QuoteToggled,
    ResetAll,
    SectorPicked,
    Shortcut,
    TopicPicked,
    UrlChanged,
)


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


@pytest.mark.parametrize(
    ("trigger", "value", "event"),
    [
        (None, None, UrlChanged()),
        (ids.URL, "?sector=fire", UrlChanged()),
        (ids.SECTOR_FILTER, ["fire"], ControlChanged("sectors")),
        (ids.SIZE_FILTER, [], ControlChanged("size_bands")),
        (ids.QUOTE_SEARCH, "cost", ControlChanged("search")),
        (ids.codes_checklist("barrier"), [], ControlChanged("codes")),  # unticking the last code is a change
        (ids.RESET_ALL, 1, ResetAll()),
        (ids.SHORTCUT_FRONTLINE, 1, Shortcut(ids.SHORTCUT_FRONTLINE)),
        (ids.PRESENT_TOGGLE, 3, PresenterToggled()),
        # A button drawn by assets/drawn.js (a table row's, a quote's code chip or select button)
        # writes its id and a press count to the picked store.
        (ids.PICKED, {**ids.code_chip("barrier_cost", "Q01"), "press": 1}, CodeToggled("barrier_cost")),
        (ids.PICKED, {**ids.quote_select("Q03"), "press": 2}, QuoteToggled("Q03")),
        (ids.PICKED, {**ids.pick_sector("police_and_fire", "ai"), "press": 1}, SectorPicked("police_and_fire")),
        (ids.PICKED, {**ids.pick_cell("health", "barrier_cost"), "press": 2}, CellPicked("health", "barrier_cost")),
        (ids.PICKED, {**ids.pick_evidence("health", "ai_use"), "press": 3}, EvidencePicked("health", "ai_use")),
        (ids.pick_topic("barriers"), 2, TopicPicked("barriers")),
        ("ai-graph", {"points": []}, ChartClicked("ai-graph", {"points": []})),
    ],
)
def test_each_input_is_one_event(trigger, value, event):
    assert event_for(trigger, value) == event


def test_every_chart_card_graph_and_every_control_is_an_input():
    assert {event_for(card.ids.graph, None) for card in CHART_CARDS} == {
        ChartClicked(card.ids.graph, None) for card in CHART_CARDS
    }
    assert {event_for(f.control, None) for f in CONTROL_FIELDS} == {ControlChanged(f.name) for f in CONTROL_FIELDS}


@pytest.mark.parametrize(
    "trigger",
    [ids.pick_topic("ai_use")],
)
@pytest.mark.parametrize("value", [None, 0])
def test_a_redrawn_pattern_button_is_no_event(trigger, value):
    assert event_for(trigger, value) is None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "pick-sector",
        ["pick-sector", "health"],
        {"type": "pick-sector"},  # no sector
        {"type": "pick-sector", "sector": ["health"], "card": "ai"},
        {"type": "pick-cell", "column": "health", "code": 7},
        {"type": ids.CODE_CHIP, "code": ["barrier_cost"], "quote": "Q01"},
        {"type": ids.QUOTE_SELECT, "quote": None},
        {"type": ids.PICK_TOPIC, "topic": "ai_use"},
        {"type": "reset-all"},
    ],
)
def test_what_the_picked_store_holds_is_checked_like_any_input(value):
    """The store is written in the page, so a crafted request may post anything there: only a drawn
    button's kind with string targets is an event."""
    assert event_for(ids.PICKED, value) is None


@pytest.mark.parametrize(
    "trigger", [ids.pick_sector("health", "ai"), ids.code_chip("barrier_cost", "Q01"), ids.quote_select("Q01")]
)
def test_a_drawn_buttons_pattern_id_posted_as_an_input_is_no_event(trigger):
    """Buttons drawn by assets/drawn.js are no callback inputs, so a request naming one is not the page's."""
    assert event_for(trigger, 1) is None


@pytest.mark.parametrize(
    "trigger",
    [
        "nowhere",
        3,
        {"type": "bogus"},
        {"type": ids.CODE_CHIP},
        {"type": ids.PICK_CELL, "column": ["x"], "code": "y"},
        {"type": ids.PICK_EVIDENCE, "sector": "health"},
        {"type": ids.PICK_TOPIC, "topic": 3},
    ],
)
def test_an_unknown_or_malformed_id_is_no_event(trigger):
    assert event_for(trigger, 1) is None


TOPIC = ids.pick_topic("ai_use")
TOPIC_PROP = json.dumps(TOPIC, sort_keys=True, separators=(",", ":")) + ".n_clicks"
URL_FIRED = {"prop_id": f"{ids.URL}.search", "value": "?sector=fire"}
SECTORS_FIRED = {"prop_id": f"{ids.SECTOR_FILTER}.value", "value": ["fire", "health"]}


@pytest.mark.parametrize(
    ("prop_id", "split"),
    [
        (f"{ids.URL}.search", (ids.URL, "search")),
        (TOPIC_PROP, (TOPIC, "n_clicks")),
        ("ai-graph.clickData", ("ai-graph", "clickData")),
        (".", (None, "")),  # Dash's dummy entry when nothing fired
        ("", (None, "")),
        (3, (None, "")),
        ('{"type":.n_clicks', (None, "")),
    ],
)
def test_a_triggered_prop_id_splits_into_the_id_and_property(prop_id, split):
    assert split_prop_id(prop_id) == split


@pytest.mark.parametrize(
    ("triggered", "event"),
    [
        # One input fired: exactly what event_for says for it.
        ([], UrlChanged()),  # the first load
        ([URL_FIRED], UrlChanged()),  # Back/Forward or an opened link still sets the controls
        ([SECTORS_FIRED], ControlChanged("sectors")),
        ([{"prop_id": TOPIC_PROP, "value": None}], None),  # a redrawn topic button
        # Several fired in one request: the user's action wins over the URL, in either order.
        ([URL_FIRED, SECTORS_FIRED], ControlChanged("sectors")),
        ([SECTORS_FIRED, URL_FIRED], ControlChanged("sectors")),
        ([URL_FIRED, {"prop_id": TOPIC_PROP, "value": 1}], TopicPicked("ai_use")),
        (
            [
                URL_FIRED,
                {"prop_id": f"{ids.PICKED}.data", "value": {**ids.code_chip("barrier_cost", "Q01"), "press": 1}},
            ],
            CodeToggled("barrier_cost"),
        ),
        ([URL_FIRED, {"prop_id": f"{ids.RESET_ALL}.n_clicks", "value": 2}], ResetAll()),
        # ...and a redrawn button is no action: it neither wins nor hides a real one.
        ([URL_FIRED, {"prop_id": TOPIC_PROP, "value": None}], UrlChanged()),
        ([{"prop_id": TOPIC_PROP, "value": None}, SECTORS_FIRED], ControlChanged("sectors")),
        # Two actions: the first Dash lists (both post every control, so either reads the page).
        ([SECTORS_FIRED, {"prop_id": f"{ids.SIZE_FILTER}.value", "value": []}], ControlChanged("sectors")),
        # Junk ids are skipped; nothing left is read as a load, as before.
        ([{"prop_id": ".", "value": None}], UrlChanged()),
        ([{"prop_id": "nowhere.n_clicks", "value": 1}], None),
    ],
)
def test_a_request_answers_one_event_and_a_user_action_beats_the_url(triggered, event):
    assert request_event(triggered) == event


def test_ticked_codes_flattens_the_checklists_and_skips_junk():
    assert ticked_codes([["a", "b"], None, ["c"], "d"]) == ["a", "b", "c"]
    assert ticked_codes(None) == [] and ticked_codes("x") == []


def test_codes_are_sent_back_to_their_own_category(context):
    state = ViewState(codes=("barrier_cost", "ai_cautious"))
    checklists = [{"id": ids.codes_checklist(c), "property": "value"} for c in ("ai_use", "barrier", "benefit")]
    assert codes_by_checklist(state, context, checklists) == [["ai_cautious"], ["barrier_cost"], []]


# --------------------------------------------------------------------------- the registered callback


def _sync(context):
    app = Dash(__name__)
    state_sync.register(app, lambda: context)
    (entry,) = [cb for key, cb in app.callback_map.items() if f"{ids.URL}.search" in key]
    return entry["callback"].__wrapped__


def _checklists(context) -> list[dict]:
    """The code checklists as Dash lists them for the ALL output: one per category, in layout order."""
    categories = dict.fromkeys(context.codebook["category"])
    return [{"id": ids.codes_checklist(c), "property": "value"} for c in categories]


def _call(
    context,
    trigger: str | None,
    value=None,
    *,
    search: str = "",
    page: ViewState = DEFAULT,
    stored=None,
    views: dict | None = None,
    also: tuple[dict, ...] = (),
):
    """Run the callback as Dash would when `trigger` (a DOM id as Dash sends it; None: first load) changed.
    `views` is what the cards' view switches show (default: what `page` asks for); `also` lists
    further ctx.triggered entries Dash merged into the same request, before the trigger's."""
    codebook = context.codebook
    category_of = dict(zip(codebook["code"], codebook["category"], strict=True))
    controls = control_values(page)
    field_of = {f.control: f.name for f in CONTROL_FIELDS}
    if trigger in field_of:
        controls[field_of[trigger]] = value
    views = views_shown(page) if views is None else views
    prop = "value" if trigger in field_of or trigger in VIEW_SWITCHES else "n_clicks"
    if trigger == ids.PICKED:
        prop = "data"
    fake = AttributeDict(
        triggered_inputs=[*also, *([] if trigger is None else [{"prop_id": f"{trigger}.{prop}", "value": value}])],
        outputs_grouping={"codes": _checklists(context)},
    )
    codes = [[c for c in page.codes if category_of[c] == cl["id"]["category"]] for cl in _checklists(context)]

    def run():
        context_value.set(fake)
        return _sync(context)(search=search, controls=controls, codes=codes, views=views, stored=stored)

    return copy_context().run(run)


def test_the_callback_writes_the_url_store_and_controls(context):
    out = _call(context, ids.SHORTCUT_CENTRAL_LOCAL, 1)
    assert out["search"] == "?sector=central_government,local_government"
    assert out["store"]["sectors"] == ["central_government", "local_government"]
    assert out["store"]["release"] == context.extract.release and len(context.extract.release) == 16
    assert out["controls"]["sectors"] == ["central_government", "local_government"]
    # The other controls already show the state: left alone (see the next test for why).
    assert {name for name, value in out["controls"].items() if value is not no_update} == {"sectors"}
    assert len(out["codes"]) == len(set(context.codebook["category"]))


def test_a_control_is_written_only_when_it_should_show_something_else(context):
    """An answer may be applied after the user clicked again (it resolved while the page was drawing);
    writing back a control it did not change would undo that click on screen."""
    switched = _call(context, "ai-view", "table", views={**views_shown(DEFAULT), "ai": "table"})
    assert all(value is no_update for value in switched["controls"].values())
    assert all(value is no_update for value in switched["codes"])
    # Ticks arrive in click order; the same set is the same ticks, so the checklist is left alone.
    ticked = ["health", "central_government", "local_government", "education", "police", "fire"]
    out = _call(context, ids.SECTOR_FILTER, ticked)
    assert out["controls"]["sectors"] is no_update and out["search"] is no_update
    # Ticking a size clears the region: that control is written, and only that one.
    page = ViewState(regions=("London",))
    out = _call(context, ids.SIZE_FILTER, ["250 to 999"], page=page, search="?region=London")
    assert out["controls"]["regions"] == []
    assert {name for name, value in out["controls"].items() if value is not no_update} == {"regions"}
    # A link opened, or Back: every control that differs from the layout's default is set.
    opened = _call(context, None, search="?sector=fire&q=cost")
    assert opened["controls"]["sectors"] == ["fire"] and opened["controls"]["search"] == "cost"
    assert opened["controls"]["frontline"] is no_update


def test_on_first_load_the_url_is_the_view_and_an_unchanged_store_is_not_rewritten(context):
    first = _call(context, None, search="?sector=fire")  # no store yet: the first load
    assert first["search"] is no_update and first["controls"]["sectors"] == ["fire"]
    # Called again with nothing fired (a redraw added pattern buttons), all in step: nothing to write.
    fire = ViewState(sectors=("fire",))
    stored = {**to_store(fire), "release": context.extract.release}
    out = _call(context, None, search="?sector=fire", page=fire, stored=stored)
    assert out["search"] is no_update and out["store"] is no_update
    assert all(value is no_update for value in out["controls"].values())


def test_nothing_fired_keeps_a_click_whose_request_dash_dropped_and_a_back_whose_request_it_dropped(context):
    """Dash calls back with nothing fired when a redraw adds or removes pattern buttons, dropping a
    request still in flight. The store is what sync last wrote: the URL and the controls both showed
    it then, so whichever differs from it now is the newer (CI once lost a quick click this way)."""
    before = ViewState(sectors=("central_government", "police"))
    stored = {**to_store(before), "release": context.extract.release}
    search = "?sector=central_government,police"
    assert state_sync.unprompted_event(before, None) == UrlChanged()  # the first load
    assert state_sync.unprompted_event(before, stored) == ControlsPosted()
    # The user ticked health; that request was dropped: the tick is kept and goes into the URL.
    ticked = ViewState(sectors=("central_government", "health", "police"))
    out = _call(context, None, search=search, page=ticked, stored=stored)
    assert out["search"] == "?sector=central_government,health,police"
    assert out["controls"]["sectors"] is no_update and out["store"]["sectors"] == list(ticked.sectors)
    # Back moved the URL on from the store; its request was dropped: the URL wins, the controls follow.
    back = _call(context, None, search="?sector=fire", page=before, stored=stored)
    assert back["controls"]["sectors"] == ["fire"] and back["search"] is no_update
    assert state_sync.unprompted_event(ViewState(sectors=("fire",)), stored) == UrlChanged()
    # Junk for a store reads as none.
    assert state_sync.unprompted_event(before, ["junk"]) == UrlChanged()


def test_a_store_written_under_another_release_is_rewritten_under_this_one(context):
    stored = {**to_store(ViewState(sectors=("fire",))), "release": "0123456789abcdef"}
    out = _call(context, None, search="?sector=fire", stored=stored)
    assert out["store"]["release"] == context.extract.release


def test_a_card_view_switch_is_written_to_the_url_and_not_to_the_store(context):
    out = _call(context, "ai-view", "table", views={**views_shown(DEFAULT), "ai": "table"})
    assert out["search"] == "?view=ai-table"
    # The panels are not redrawn for it: the store (which every panel listens to) is unchanged.
    assert "views" not in out["store"] or out["store"]["views"] == []
    assert out["views"]["ai"] is no_update  # the switch already shows it


def test_a_link_with_views_sets_each_cards_switch(context):
    out = _call(context, None, search="?view=matrix-about,published-about,ai-table,ai-about")
    assert out["views"]["matrix"] == "about" and out["views"]["published"] == "about"
    assert out["views"]["ai"] == "table"  # a crafted link naming two views: the first the card offers
    assert out["views"]["admin"] is no_update  # already on its chart


def test_a_crafted_view_switch_value_is_dropped(context):
    out = _call(context, "published-view", "chart", views={**views_shown(DEFAULT), "published": "chart"})
    assert out["search"] is no_update or "view=" not in out["search"]
    assert out["views"]["published"] == "table"  # put back on a view the card has


def test_a_click_merged_with_a_url_report_is_kept_and_not_undone(context):
    """The page shows health ticked, the URL does not have it yet, and Dash posts both as fired
    (URL first, as ctx.triggered_id would pick): the tick goes into the URL and stays on screen."""
    search = "?sector=central_government,local_government,police"
    ticked = ["central_government", "local_government", "police", "health"]
    page = ViewState(sectors=("central_government", "local_government", "police"))
    url = {"prop_id": f"{ids.URL}.search", "value": search}
    out = _call(context, ids.SECTOR_FILTER, ticked, search=search, page=page, also=(url,))
    assert out["search"] == "?sector=central_government,local_government,health,police"
    assert out["controls"]["sectors"] is no_update
    assert out["store"]["sectors"] == ["central_government", "local_government", "health", "police"]
    # The URL alone (Back) still sets the controls from it, whatever they show.
    back = _call(context, None, search=search, page=ViewState(sectors=tuple(ticked)), also=(url,))
    assert back["controls"]["sectors"] == ["central_government", "local_government", "police"]
    assert back["search"] is no_update


def test_typing_a_search_does_not_rewrite_the_box(context):
    out = _call(context, ids.QUOTE_SEARCH, "budget")
    assert out["search"] == "?q=budget" and out["controls"]["search"] is no_update


def test_a_redrawn_topic_button_prevents_the_update(context):
    with pytest.raises(PreventUpdate):
        _call(context, '{"topic":"ai_use","type":"pick-topic"}', None)


def test_a_chart_click_goes_through_its_cards_transition(context):
    out = _call(context, "ai-graph", {"points": [{"customdata": "police_and_fire"}]})
    assert out["search"] == "?highlight=police"


def test_a_chip_click_ticks_the_code_in_its_own_checklist(context):
    out = _call(context, ids.PICKED, {**ids.code_chip("barrier_cost", "Q01"), "press": 1})
    categories = [checklist["id"]["category"] for checklist in _checklists(context)]
    assert out["codes"][categories.index("barrier")] == ["barrier_cost"]
    # The other checklists already show none of their codes ticked: left alone.
    assert [c for i, c in enumerate(out["codes"]) if i != categories.index("barrier")] == [no_update] * (
        len(categories) - 1
    )


# --------------------------------------------------------------------------- the topic switch and its focus


def _buttons(children) -> dict[str, dict]:
    """The topic buttons drawn, by topic: pressed, autoFocus and React key."""
    return {
        b.id["topic"]: {"pressed": b.to_plotly_json()["props"]["aria-pressed"], "focus": b.autoFocus, "key": b.key}
        for b in children
    }


def test_a_map_button_opens_the_cell_and_moves_focus_to_the_pressed_topic(context):
    out = _call(context, ids.PICKED, {**ids.pick_evidence("health", "ai_use"), "press": 1})
    assert out["search"] == "?sector=health&topic=ai_use"
    assert out["store"]["topic"] == "ai_use" and out["store"]["sectors"] == ["health"]
    drawn = _buttons(out["topics"])
    assert list(drawn) == ["admin_burden", "ai_use", "barriers", "management_practice"]
    assert [t for t, b in drawn.items() if b["pressed"] == "true"] == ["ai_use"]
    assert [t for t, b in drawn.items() if b["focus"]] == ["ai_use"]
    pressed_again = {**ids.pick_evidence("health", "ai_use"), "press": 2}
    again = _buttons(_call(context, ids.PICKED, pressed_again, search="?sector=health&topic=ai_use")["topics"])
    assert again["ai_use"]["key"] != drawn["ai_use"]["key"], "a second click is a new button, so it focuses again"
    assert again["barriers"]["key"] == drawn["barriers"]["key"] == "barriers"


def test_a_click_on_the_map_grid_also_moves_focus(context):
    graph = ids.CardIds.of("evidence_map").graph
    out = _call(context, graph, {"points": [{"x": "barriers", "y": "fire"}]})
    assert out["search"] == "?sector=fire&topic=barriers"
    assert [t for t, b in _buttons(out["topics"]).items() if b["focus"]] == ["barriers"]


def test_the_switch_is_redrawn_only_when_its_topic_changed_and_then_without_taking_focus(context):
    stored = {**to_store(DEFAULT), "release": context.extract.release}
    picked = _call(
        context, json.dumps(ids.pick_topic("barriers"), sort_keys=True, separators=(",", ":")), 1, stored=stored
    )
    assert picked["search"] == "?topic=barriers"
    assert {t: b["pressed"] for t, b in _buttons(picked["topics"]).items()}["barriers"] == "true"
    assert not any(b["focus"] for b in _buttons(picked["topics"]).values()), "focus stays on the clicked button"
    # A filter change leaves the switch alone: redrawing pattern buttons costs a round trip.
    assert _call(context, ids.SHORTCUT_FRONTLINE, 1, stored=stored)["topics"] is no_update
    # First load on a link with a topic: the layout drew the default, so the switch is drawn.
    opened = _call(context, None, search="?topic=management_practice")
    assert {t: b["pressed"] for t, b in _buttons(opened["topics"]).items()}["management_practice"] == "true"
    assert _call(context, None, search="")["topics"] is no_update


def test_shown_topic_reads_junk_as_the_default():
    assert state_sync.shown_topic(None) == DEFAULT.topic
    assert state_sync.shown_topic({"topic": 3}) == DEFAULT.topic
    assert state_sync.shown_topic({"topic": "barriers"}) == "barriers"
