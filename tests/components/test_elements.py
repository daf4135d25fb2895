"""A plain `Element` is exactly the Dash html component of its tag, to the browser: every table the
app draws, built with elements, serialises to the same JSON as the same table of Dash components,
and every prop an element carries is one Dash's component accepts (it raises on any other)."""

from __future__ import annotations

from typing import Any

import pytest
from dash import html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard.components.cards import data_table
from dashboard.components.elements import Element
from dashboard.components.registry import CARDS
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import ViewState
from tests.components.tree import walk


def as_components(value: Any) -> Any:
    """The same tree with every Element made the Dash component of its tag."""
    if isinstance(value, Element):
        props = {name: as_components(prop) for name, prop in value.to_plotly_json()["props"].items()}
        return getattr(html, value._type)(**props)
    if isinstance(value, Component):
        children = getattr(value, "children", None)
        if children is not None:
            value.children = as_components(children)
        return value
    if isinstance(value, list | tuple):
        return [as_components(item) for item in value]
    return value


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


STATES = [ViewState(), ViewState(highlight="health"), ViewState(sectors=("fire", "police"), present=True)]


@pytest.mark.parametrize("state", STATES, ids=["default", "highlight", "two sectors"])
def test_every_cards_table_is_the_same_json_as_dash_components_would_make(context, state):
    for card in CARDS:
        view = card.render(context, state)
        args = (view.table, view.caption)
        kwargs = dict(table_id=card.ids.table, actions=view.actions, highlighted=view.highlighted_rows)
        built = data_table(*args, **kwargs)
        assert any(isinstance(node, Element) for node in walk(built)), card.key
        assert to_json_plotly(built) == to_json_plotly(as_components(data_table(*args, **kwargs))), card.key


def test_an_element_reads_like_a_component_and_refuses_unknown_attributes():
    cell = Element("Td", "42%", className="x", **{"data-label": "Share"})
    assert cell.children == "42%" and cell.className == "x" and cell._type == "Td"
    assert cell.to_plotly_json() == html.Td("42%", className="x", **{"data-label": "Share"}).to_plotly_json()
    assert Element("Tr").to_plotly_json() == html.Tr().to_plotly_json()
    with pytest.raises(AttributeError):
        _ = cell.scope
