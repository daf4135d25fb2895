"""A card's shell and its HTML table, built from the shipped extract (no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.components import registry
from dashboard.components.cards import HIGHLIGHTED, TABLE_ATTRIBUTE, data_table
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import ViewState
from tests.components.tree import table_spec


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def _table(context, key: str, state: ViewState):
    entry = registry.card(key)
    view = entry.render(context, state)
    table = data_table(
        view.table, view.caption, table_id=entry.ids.table, actions=view.actions, highlighted=view.highlighted_rows
    )
    return view, table


def test_rows_about_the_highlighted_sector_are_flagged_and_named_in_words(context):
    view, table = _table(context, "published", ViewState(highlight="health"))
    spec = table_spec(table)
    sectors = view.export["sector"].head(len(view.table)).tolist()
    assert len(spec["rows"]) == len(sectors) == 40
    lit = [position in spec["lit"] for position in range(len(spec["rows"]))]
    assert lit == [sector == "health" for sector in sectors] and 0 < sum(lit) < len(lit)
    # Not colour alone: assets/drawn.js writes this word in a flagged row's header.
    assert spec["mark"] == HIGHLIGHTED


def test_without_a_highlight_no_row_is_marked(context):
    spec = table_spec(_table(context, "published", ViewState())[1])
    assert spec["rows"] and "lit" not in spec and "mark" not in spec


def test_the_table_holds_every_row_and_column_of_the_view_and_a_control_per_row(context):
    view, table = _table(context, "matrix", ViewState())
    spec = table_spec(table)
    assert spec["columns"] == list(view.table.columns) and len(spec["rows"]) == len(view.table) > 0
    assert spec["rows"] == view.table.to_numpy().tolist()
    assert [a["label"] for a in spec["actions"]] == [a.label for a in view.actions]
    first = spec["actions"][0]
    assert json.loads(first["id"]) == first["pick"] and first["pick"]["type"] == "pick-cell"
    region = table.to_plotly_json()["props"]
    assert region["role"] == "region" and region["aria-labelledby"] == spec["captionId"] == f"{spec['id']}-caption"


def test_a_published_rows_link_is_named_after_its_source(context):
    view, table = _table(context, "published", ViewState())
    actions = table_spec(table)["actions"]
    assert all(a["href"].startswith("https://") and a["aria"].startswith("Open source: ") for a in actions)
    assert [a["href"] for a in actions] == [a.arg("href") for a in view.actions]


def test_the_barrier_table_says_synthetic_data_inside_itself(context):
    _, table = _table(context, "barriers", ViewState())
    assert context.extract.is_synthetic("org_survey")
    assert "SYNTHETIC DATA" in table_spec(table)["caption"]


def test_the_drawing_script_reads_the_attribute_and_writes_the_store_this_package_names():
    """assets/drawn.js cannot import ids.py: the two names it shares with the server are checked here."""
    script = (Path(__file__).resolve().parents[2] / "assets" / "drawn.js").read_text()
    assert f'"{TABLE_ATTRIBUTE}": table' in script
    assert f'var PICKED = "{ids.PICKED}";' in script
