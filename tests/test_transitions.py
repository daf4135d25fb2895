"""Every event the page can send, through `next_state`, without Dash or a browser."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import ids
from dashboard.components import registry
from dashboard.data import vocab
from dashboard.state import DEFAULT, Choices, ViewState, control_values, from_query, to_query
from dashboard.transitions import (
    SHORTCUT_SECTORS,
    CellPicked,
    ChartClicked,
    CodeToggled,
    ControlChanged,
    EvidencePicked,
    HighlightCleared,
    PresenterToggled,
    QuoteToggled,
    ResetAll,
    SectorPicked,
    Shortcut,
    ShowOnlyHighlighted,
    TopicPicked,
    UrlChanged,
    apply_click,
    next_state,
)

CHOICES = Choices(
    codes=("barrier_cost", "barrier_slow_decisions", "barrier_resistance_to_change", "ai_cautious"),
    sources=("ons_psmps_pilot_2023", "ons_timeuse_feb2024"),
    quotes=("Q01", "Q02", "Q03"),
)
REGION_CLEARED = "Region filter cleared: the survey is narrowed by region or by size, not both"
SIZE_CLEARED = "Size filter cleared: the survey is narrowed by region or by size, not both"


def page(state: ViewState, **changed) -> dict:
    """What the controls hold when they show `state`, with some changed by the user."""
    return {**control_values(state), "codes": list(state.codes), **changed}


def step(current: ViewState, event, controls: dict | None = None, **kwargs) -> ViewState:
    controls = page(current) if controls is None else controls
    return next_state(current, event, controls, choices=CHOICES, **kwargs)


def graph_click(card: str, point: dict, current: ViewState = DEFAULT) -> ViewState:
    on_click = registry.card(card).on_click
    return step(current, ChartClicked(registry.card(card).ids.graph, {"points": [point]}), click=on_click)


# --------------------------------------------------------------------------- the URL


def test_url_change_is_the_url_state_as_parsed_controls_ignored():
    current = from_query("?sector=health,narnia", CHOICES)
    state = step(current, UrlChanged(), page(DEFAULT))
    assert state.sectors == ("health",)
    assert state.rejected == ("sector",), "the note about the bad parameter is kept for the page"


# --------------------------------------------------------------------------- controls


def test_a_control_change_takes_every_control_as_the_page_holds_it():
    controls = page(DEFAULT, sectors=["fire", "health"], frontline="frontline", search="budget", codes=["ai_cautious"])
    state = step(DEFAULT, ControlChanged("sectors"), controls)
    assert state.sectors == ("health", "fire"), "vocabulary order"
    assert (state.frontline, state.search, state.codes) == ("frontline", "budget", ("ai_cautious",))


def test_unticking_every_sector_means_none():
    assert step(DEFAULT, ControlChanged("sectors"), page(DEFAULT, sectors=[])).sectors == ()


def test_control_values_from_the_browser_are_checked():
    junk = page(DEFAULT, sectors={"a": 1}, themes=[["ai"], 3, "ai"], codes=["made_up", "barrier_cost"])
    junk |= {"frontline": "sideways", "search": "x" * 500, "size_bands": None}
    state = step(DEFAULT, ControlChanged("themes"), junk)
    assert state.sectors == DEFAULT.sectors and state.themes == ("ai",)
    assert state.codes == ("barrier_cost",) and state.frontline == "all"
    assert len(state.search) == 100 and state.size_bands == ()


def test_the_quote_and_presenter_mode_survive_a_control_change():
    current = ViewState(quote="Q02", present=True)
    state = step(current, ControlChanged("themes"), page(current, themes=["ai"]))
    assert (state.quote, state.present, state.themes) == ("Q02", True, ("ai",))


# --------------------------------------------------------------------------- region or size: the newest wins


def test_ticking_a_size_clears_the_region_and_says_so():
    current = ViewState(regions=("London",))
    state = step(current, ControlChanged("size_bands"), page(current, size_bands=["10 to 49"]))
    assert (state.regions, state.size_bands) == ((), ("10 to 49",))
    assert state.notice.startswith(REGION_CLEARED)
    assert "region" not in to_query(state)


def test_ticking_a_region_clears_the_size_and_says_so():
    current = ViewState(size_bands=("10 to 49",))
    state = step(current, ControlChanged("regions"), page(current, regions=["Wales"]))
    assert (state.regions, state.size_bands) == (("Wales",), ())
    assert state.notice.startswith(SIZE_CLEARED)


def test_the_next_change_drops_the_notice():
    current = ViewState(size_bands=("10 to 49",))
    state = step(current, ControlChanged("size_bands"), page(current, size_bands=["10 to 49", "50 to 249"]))
    assert state.notice == ""


# --------------------------------------------------------------------------- reset, shortcuts, presenter


def test_reset_all_clears_everything_but_presenter_mode():
    current = replace(ViewState(sectors=("fire",), codes=("barrier_cost",), present=True), rejected=("q",))
    state = step(current, ResetAll(), page(current, themes=["ai"]))
    assert state == replace(DEFAULT, present=True)
    assert state.rejected == () and state.notice == ""
    assert step(ViewState(sectors=("fire",)), ResetAll()) == DEFAULT


@pytest.mark.parametrize(
    ("button", "sectors"),
    [
        (ids.SHORTCUT_ALL, vocab.SECTORS),
        (ids.SHORTCUT_FRONTLINE, ("health", "education", "police", "fire")),
        (ids.SHORTCUT_CENTRAL_LOCAL, ("central_government", "local_government")),
    ],
)
def test_sector_shortcuts(button, sectors):
    current = ViewState(sectors=("fire",), themes=("ai",))
    state = step(current, Shortcut(button))
    assert state.sectors == sectors and state.themes == ("ai",)
    assert set(SHORTCUT_SECTORS) == {ids.SHORTCUT_ALL, ids.SHORTCUT_FRONTLINE, ids.SHORTCUT_CENTRAL_LOCAL}


def test_an_unknown_shortcut_changes_nothing():
    assert step(ViewState(sectors=("fire",)), Shortcut("shortcut-narnia")).sectors == ("fire",)


def test_presenter_toggle_turns_it_on_and_off():
    on = step(DEFAULT, PresenterToggled())
    assert on.present is True and to_query(on) == "?present=1"
    assert step(on, PresenterToggled()).present is False


def test_quote_select_toggles_and_ignores_unknown_quotes():
    on = step(DEFAULT, QuoteToggled("Q03"))
    assert on.quote == "Q03"
    assert step(on, QuoteToggled("Q03")).quote == ""
    assert step(on, QuoteToggled("Q01")).quote == "Q01"
    assert step(on, QuoteToggled("Q99")).quote == "Q03"


# --------------------------------------------------------------------------- chips and table buttons


def test_code_chip_toggles_a_code_in_codebook_order():
    on = step(DEFAULT, CodeToggled("ai_cautious"))
    assert on.codes == ("ai_cautious",)
    both = step(on, CodeToggled("barrier_cost"))
    assert both.codes == ("barrier_cost", "ai_cautious")
    assert step(both, CodeToggled("ai_cautious")).codes == ("barrier_cost",)
    assert step(both, CodeToggled("made_up")).codes == both.codes


def test_pick_sector_button_is_the_keyboard_route_to_a_bar_click():
    assert step(DEFAULT, SectorPicked("police_and_fire")).sectors == ("police", "fire")
    assert step(DEFAULT, SectorPicked("health")).sectors == ("health",)
    assert step(ViewState(sectors=("fire",)), SectorPicked("narnia")).sectors == DEFAULT.sectors


def test_pick_cell_button_by_column_kind():
    sector = step(DEFAULT, CellPicked("health", "barrier_resistance_to_change"))
    assert (sector.sectors, sector.groups, sector.codes) == (
        ("health",),
        ("current_manager",),
        ("barrier_resistance_to_change",),
    )
    former = step(DEFAULT, CellPicked("former_civil_servant", "barrier_cost"))
    assert former.groups == ("former_civil_servant",) and former.sectors == DEFAULT.sectors
    general = step(DEFAULT, CellPicked("all_sectors", "ai_cautious"))
    assert general.codes == ("ai_cautious",) and general.sectors == DEFAULT.sectors


def test_pick_cell_with_an_unknown_code_does_nothing():
    assert step(ViewState(sectors=("fire",)), CellPicked("health", "made_up")) == ViewState(sectors=("fire",))


# --------------------------------------------------------------------------- chart clicks


@pytest.mark.parametrize("card", ["admin", "ai"])
def test_bar_click_highlights_the_sector_and_keeps_the_comparison(card):
    state = graph_click(card, {"customdata": "health"})
    assert state.highlight == "health" and state.sectors == DEFAULT.sectors
    # The survey's combined police and fire bar highlights police (its bar is marked for either).
    assert graph_click(card, {"customdata": "police_and_fire"}).highlight == "police"
    # A second click on the highlighted sector takes the highlight off.
    again = step(
        state,
        ChartClicked(ids.CardIds.of(card).graph, {"points": [{"customdata": "health"}]}),
        click=registry.card(card).on_click,
    )
    assert again.highlight == ""


def test_barrier_cell_click_highlights_the_sector():
    state = graph_click("barriers", {"x": "education", "y": "barrier_slow_decisions"})
    assert state.highlight == "education" and state.sectors == DEFAULT.sectors and state.codes == ()


def test_show_only_filters_to_the_highlighted_sector_and_clear_takes_it_off():
    lit = ViewState(highlight="police")
    assert step(lit, ShowOnlyHighlighted()) == ViewState(sectors=("police",))
    assert step(lit, HighlightCleared()) == DEFAULT
    assert step(DEFAULT, ShowOnlyHighlighted()) == DEFAULT  # nothing highlighted: nothing to show only


@pytest.mark.parametrize("junk", ["atlantis", 7, None, ["health"]])
def test_a_bar_click_naming_no_sector_changes_nothing(junk):
    assert graph_click("ai", {"customdata": junk}) == DEFAULT


def test_matrix_cell_click_by_column_kind():
    sector = graph_click("matrix", {"x": "fire", "y": "barrier_cost"})
    assert (sector.sectors, sector.groups, sector.codes) == (("fire",), ("current_manager",), ("barrier_cost",))
    former = graph_click("matrix", {"x": "former_civil_servant", "y": "barrier_cost"})
    assert former.groups == ("former_civil_servant",) and former.sectors == DEFAULT.sectors
    general = graph_click("matrix", {"x": "all_sectors", "y": "ai_cautious"})
    assert general.codes == ("ai_cautious",) and general.sectors == DEFAULT.sectors


def test_a_click_naming_an_unknown_sector_does_nothing():
    assert graph_click("barriers", {"x": "atlantis", "y": "barrier_cost"}) == DEFAULT


@pytest.mark.parametrize("data", [None, {}, "x", [], {"points": []}, {"points": "x"}, {"points": [3]}])
def test_click_data_not_shaped_like_plotlys_is_ignored(data):
    current = ViewState(sectors=("fire",))
    event = ChartClicked(ids.CardIds.of("ai").graph, data)
    assert step(current, event, click=registry.card("ai").on_click) == current
    assert apply_click(current, data, registry.card("ai").on_click) == current


def test_a_chart_click_without_a_transition_changes_nothing():
    current = ViewState(sectors=("fire",))
    assert step(current, ChartClicked("nowhere", {"points": [{"customdata": "health"}]})) == current


# --------------------------------------------------------------------------- the evidence map and the topic switch


def test_an_evidence_map_button_opens_that_sectors_evidence_on_that_topic():
    current = ViewState(sectors=("fire", "police"), codes=("barrier_cost",), quote="Q02")
    state = step(current, EvidencePicked("health", "ai_use"))
    assert (state.sectors, state.topic) == (("health",), "ai_use")
    assert (state.codes, state.quote) == (("barrier_cost",), "Q02"), "nothing else changes"
    assert to_query(state) == "?sector=health&code=barrier_cost&topic=ai_use&quote=Q02"


@pytest.mark.parametrize(
    ("sector", "topic"), [("narnia", "ai_use"), ("health", "made_up"), ("police_and_fire", "ai_use")]
)
def test_an_evidence_map_button_naming_anything_unknown_changes_nothing(sector, topic):
    current = ViewState(sectors=("fire",), topic="barriers")
    assert step(current, EvidencePicked(sector, topic)) == current


def test_an_evidence_map_cell_click_is_placed_by_id_topic_across_and_sector_down():
    state = graph_click("evidence_map", {"x": "management_practice", "y": "education"})
    assert (state.sectors, state.topic) == (("education",), "management_practice")
    assert graph_click("evidence_map", {"x": 3, "y": "education"}) == DEFAULT
    assert graph_click("evidence_map", {"x": "management_practice", "y": "narnia"}) == DEFAULT


def test_the_topic_switch_changes_only_the_topic():
    current = ViewState(sectors=("health",))
    assert step(current, TopicPicked("barriers")) == replace(current, topic="barriers")
    assert step(current, TopicPicked("made_up")) == current


def test_a_click_on_a_topic_panel_figure_changes_nothing():
    current = ViewState(sectors=("health",), topic="ai_use")
    assert graph_click("topic_figures", {"customdata": "E001", "x": 40, "y": 0}, current) == current


def test_the_topic_is_in_the_link_checked_like_any_choice_and_reset_by_reset_all():
    assert DEFAULT.topic == "admin_burden" and to_query(DEFAULT) == ""
    state = from_query("?topic=barriers&sector=health", CHOICES)
    assert (state.topic, state.sectors, state.rejected) == ("barriers", ("health",), ())
    bad = from_query("?topic=narnia", CHOICES)
    assert bad.topic == DEFAULT.topic and bad.rejected == ("topic",)
    assert step(state, ResetAll()) == DEFAULT
    assert step(state, ControlChanged("sectors"), page(state, sectors=["fire"])).topic == "barriers"


# --------------------------------------------------------------------------- properties

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=20,
)
EVENTS = st.sampled_from(
    [
        UrlChanged(),
        ResetAll(),
        PresenterToggled(),
        *[ControlChanged(name) for name in ("sectors", "codes", "size_bands", "regions", "search")],
        *[Shortcut(button) for button in SHORTCUT_SECTORS],
        CodeToggled("barrier_cost"),
        QuoteToggled("Q02"),
        SectorPicked("police_and_fire"),
        CellPicked("health", "ai_cautious"),
        EvidencePicked("health", "ai_use"),
        EvidencePicked("narnia", "ai_use"),
        TopicPicked("barriers"),
        TopicPicked("made_up"),
    ]
)
FIELD_NAMES = ["sectors", "themes", "codes", "sources", "methods", "groups", "size_bands", "regions"]


@settings(max_examples=300, deadline=None)
@given(
    event=EVENTS,
    controls=st.dictionaries(st.sampled_from([*FIELD_NAMES, "frontline", "search", "x"]), JSON),
)
def test_property_any_event_with_any_controls_gives_a_state_the_url_holds(event, controls):
    state = next_state(DEFAULT, event, controls, choices=CHOICES)
    assert from_query(to_query(state), CHOICES) == state
    assert not (state.regions and state.size_bands)


# --------------------------------------------------------------------------- the evidence panel's code names


def test_a_codes_name_beside_the_matrix_chooses_that_code_and_keeps_the_sectors():
    from dashboard.transitions import CodePicked

    narrowed = ViewState(sectors=("health", "fire"), codes=("barrier_cost", "ai_cautious"))
    picked = step(narrowed, CodePicked("barrier_slow_decisions"))
    assert picked.codes == ("barrier_slow_decisions",) and picked.sectors == ("health", "fire")
    assert step(narrowed, CodePicked("made_up")) == narrowed, "an unknown code (from the browser) changes nothing"
