"""What clicks do to the view state, without a browser."""

from __future__ import annotations

from dataclasses import replace

from dashboard.callbacks.state_sync import apply_click, step_quote
from dashboard.state import DEFAULT


def chip(code):
    return {"type": "code-chip", "code": code, "quote": "Q01"}


def test_chip_toggles_a_code():
    on = apply_click(DEFAULT, chip("barrier_cost"), 1)
    assert on.codes == ("barrier_cost",)
    assert apply_click(on, chip("barrier_cost"), 2).codes == ()


def test_redrawn_chip_with_no_clicks_changes_nothing():
    assert apply_click(DEFAULT, chip("barrier_cost"), None) == DEFAULT


def test_bar_click_selects_a_sector_and_police_and_fire_selects_both():
    click = {"points": [{"customdata": "health"}]}
    assert apply_click(DEFAULT, "ai-graph", click).sectors == ("health",)
    both = {"points": [{"customdata": "police_and_fire"}]}
    assert apply_click(DEFAULT, "ai-graph", both).sectors == ("police", "fire")


def test_barrier_cell_click_selects_sector_and_barrier():
    click = {"points": [{"x": "education", "y": "barrier_slow_decisions"}]}
    state = apply_click(DEFAULT, "barriers-graph", click)
    assert state.sectors == ("education",) and state.codes == ("barrier_slow_decisions",)


def test_matrix_cell_click_by_column_kind():
    sector = apply_click(DEFAULT, "matrix-graph", {"points": [{"x": "fire", "y": "barrier_cost"}]})
    assert (sector.sectors, sector.groups, sector.codes) == (("fire",), ("current_manager",), ("barrier_cost",))
    former = apply_click(DEFAULT, "matrix-graph", {"points": [{"x": "former_civil_servant", "y": "barrier_cost"}]})
    assert former.groups == ("former_civil_servant",) and former.sectors == DEFAULT.sectors
    general = apply_click(DEFAULT, "matrix-graph", {"points": [{"x": "all_sectors", "y": "ai_cautious"}]})
    assert general.codes == ("ai_cautious",) and general.sectors == DEFAULT.sectors


def test_keyboard_equivalents_match_the_clicks():
    row = {"type": "pick-sector", "sector": "police_and_fire", "card": "barriers"}
    assert apply_click(DEFAULT, row, 1).sectors == ("police", "fire")
    cell = {"type": "pick-cell", "column": "health", "code": "barrier_resistance_to_change"}
    assert apply_click(DEFAULT, cell, 1).codes == ("barrier_resistance_to_change",)


def test_quote_select_toggles_and_spotlight_steps_with_wrap():
    state = apply_click(DEFAULT, {"type": "quote-select", "quote": "Q03"}, 1)
    assert state.quote == "Q03"
    assert apply_click(state, {"type": "quote-select", "quote": "Q03"}, 2).quote == ""
    order = ["Q01", "Q02", "Q03"]
    assert step_quote(DEFAULT, order, 1).quote == "Q02"  # no selection shows the first
    assert step_quote(replace(DEFAULT, quote="Q03"), order, 1).quote == "Q01"
    assert step_quote(replace(DEFAULT, quote="Q01"), order, -1).quote == "Q03"
    assert step_quote(replace(DEFAULT, quote="Q02"), [], 1).quote == ""
