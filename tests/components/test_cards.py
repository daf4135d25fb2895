"""A card's shell and its HTML table, built from the shipped extract (no browser)."""

from __future__ import annotations

import pytest

from dashboard.components import registry
from dashboard.components.cards import HIGHLIGHTED, data_table
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import ViewState
from tests.components.tree import tag, walk


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def _text(component) -> str:
    """The text a component shows, its children's included."""
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    parts = children if isinstance(children, list) else [children]
    return "".join(_text(part) for part in parts if part is not None)


def _rows(table_region):
    return [c for c in walk(table_region) if tag(c) == "Tr"][1:]  # the header row first


def _table(context, key: str, state: ViewState):
    entry = registry.card(key)
    view = entry.render(context, state)
    table = data_table(
        view.table, view.caption, table_id=entry.ids.table, actions=view.actions, highlighted=view.highlighted_rows
    )
    return view, table


def test_rows_about_the_highlighted_sector_are_outlined_and_say_so_in_words(context):
    view, table = _table(context, "published", ViewState(highlight="health"))
    rows = _rows(table)
    sectors = view.export["sector"].head(len(view.table)).tolist()
    assert len(rows) == len(sectors) == 40
    lit = [getattr(row, "className", None) == "row-highlighted" for row in rows]
    assert lit == [sector == "health" for sector in sectors] and 0 < sum(lit) < len(rows)
    for row, on in zip(rows, lit, strict=True):
        header = row.children[0]
        assert tag(header) == "Th" and header.scope == "row"
        # Not colour alone: the row header says it in words, and only on a highlighted row.
        assert _text(header).endswith(f" {HIGHLIGHTED}") is on


def test_without_a_highlight_no_row_is_marked(context):
    _, table = _table(context, "published", ViewState())
    rows = _rows(table)
    assert rows and not any(getattr(row, "className", None) for row in rows)
    assert not any(HIGHLIGHTED in _text(row.children[0]) for row in rows)


def test_every_cell_carries_its_column_heading_so_a_narrow_screen_can_stack_rows(context):
    view, table = _table(context, "matrix", ViewState())
    rows = _rows(table)
    columns = list(view.table.columns)
    assert len(rows) == len(view.table) > 0
    for row in rows:
        labelled = [cell for cell in row.children if "data-label" in cell.to_plotly_json()["props"]]
        assert [cell.to_plotly_json()["props"]["data-label"] for cell in labelled] == columns
        assert row.children[-1].className == "row-action"  # the Action column's control needs no label
    assert "data-table-stack" in next(c for c in walk(table) if tag(c) == "Table").className


def test_the_barrier_table_says_synthetic_data_inside_itself(context):
    _, table = _table(context, "barriers", ViewState())
    caption = next(c for c in walk(table) if tag(c) == "Caption")
    assert context.extract.is_synthetic("org_survey")
    assert "SYNTHETIC DATA" in _text(caption)
