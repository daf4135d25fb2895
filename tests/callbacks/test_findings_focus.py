"""Opening the evidence panel: which clicks open it (and so move focus to it), a click on a code's name
beside the matrix (assets/drawn.js writes its pick to the picked store), and the untrusted data behind
both (the callback runs under a fake Dash context, as in test_state_sync.py)."""

from __future__ import annotations

from contextvars import copy_context

import pytest
from dash import Dash, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard import ids
from dashboard.callbacks import state_sync
from dashboard.callbacks.state_sync import event_for, findings_focus, opens_findings
from dashboard.components.registry import views_shown
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import DEFAULT, ViewState, control_values
from dashboard.transitions import CellPicked, ChartClicked, CodePicked, CodeToggled, Shortcut

MATRIX = ids.CardIds.of("matrix").graph
LABEL = {**ids.pick_code("barrier_data_security"), "press": 1}


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def _run(context, trigger: str, prop: str, value, *, search: str = ""):
    """The sync callback as Dash calls it when `trigger`'s `prop` changed to `value`."""
    app = Dash(__name__)
    state_sync.register(app, lambda: context)
    (entry,) = [cb for key, cb in app.callback_map.items() if f"{ids.URL}.search" in key]
    categories = dict.fromkeys(context.codebook["category"])
    checklists = [{"id": ids.codes_checklist(c), "property": "value"} for c in categories]
    fake = AttributeDict(
        triggered_inputs=[{"prop_id": f"{trigger}.{prop}", "value": value}], outputs_grouping={"codes": checklists}
    )
    page = DEFAULT

    def run():
        context_value.set(fake)
        return entry["callback"].__wrapped__(
            search=search,
            controls=control_values(page),
            codes=[[] for _ in checklists],
            views=views_shown(page),
            stored=None,
        )

    return copy_context().run(run)


def test_a_click_on_a_codes_name_is_its_own_event_and_a_cell_click_is_not():
    assert event_for(ids.PICKED, LABEL) == CodePicked("barrier_data_security")
    assert event_for(MATRIX, {"points": []}) == ChartClicked(MATRIX, {"points": []})


@pytest.mark.parametrize(
    "junk",
    [
        {"type": ids.PICK_CODE},
        {"type": ids.PICK_CODE, "code": 7},
        {"type": ids.PICK_CODE, "code": ["barrier_cost"]},
        {"index": 1, "annotation": {"y": "barrier_cost"}},  # plotly's click on an annotation: no longer read
    ],
)
def test_a_malformed_name_pick_is_no_event(junk):
    assert event_for(ids.PICKED, junk) is None


def test_which_events_open_the_panel():
    picked = ViewState(codes=("barrier_cost",))
    assert opens_findings(CellPicked("health", "barrier_cost"), picked)
    assert opens_findings(CodePicked("barrier_cost"), picked)
    assert opens_findings(ChartClicked(MATRIX, {}), picked)
    assert opens_findings(CodeToggled("barrier_cost"), picked), "a chip that adds its code"
    assert not opens_findings(CodeToggled("barrier_cost"), DEFAULT), "a chip that takes it off"
    assert not opens_findings(ChartClicked("ai-graph", {}), picked)
    assert not opens_findings(Shortcut(ids.SHORTCUT_ALL), picked)
    assert findings_focus(Shortcut(ids.SHORTCUT_ALL), picked, 1) is no_update
    assert findings_focus(CodePicked("barrier_cost"), picked, 12) == {"token": "12"}


def test_a_click_on_a_codes_name_writes_its_code_to_the_url_and_asks_for_focus(context):
    out = _run(context, ids.PICKED, "data", LABEL)
    assert out["search"] == "?code=barrier_data_security"
    assert out["store"]["codes"] == ["barrier_data_security"] and out["store"]["sectors"] == list(DEFAULT.sectors)
    assert set(out["findings_focus"]) == {"token"}
    again = _run(context, ids.PICKED, "data", {**LABEL, "press": 2}, search="?code=barrier_data_security")
    assert again["findings_focus"]["token"] != out["findings_focus"]["token"], "a second click focuses again"


def test_a_table_row_button_and_a_cell_click_ask_for_focus_too(context):
    out = _run(context, ids.PICKED, "data", {**ids.pick_cell("health", "barrier_cost"), "press": 1})
    assert out["search"] == "?sector=health&code=barrier_cost&group=current_manager"
    assert "token" in out["findings_focus"]
    cell = _run(context, MATRIX, "clickData", {"points": [{"x": "fire", "y": "barrier_cost"}]})
    assert (
        cell["search"] == "?sector=fire&code=barrier_cost&group=current_manager" and "token" in cell["findings_focus"]
    )


def test_an_unknown_code_name_changes_nothing_and_a_filter_change_leaves_focus_alone(context):
    out = _run(context, ids.PICKED, "data", {**ids.pick_code("made_up_code"), "press": 1})
    assert out["search"] is no_update and out["store"]["codes"] == []
    shortcut = _run(context, ids.SHORTCUT_FRONTLINE, "n_clicks", 1)
    assert shortcut["findings_focus"] is no_update
