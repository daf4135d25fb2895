"""A plain `Element` is exactly the Dash html component of its tag, to the browser: every table, quote
and evidence panel the app draws, built with elements, serialises to the same JSON as the same tree of
Dash components, and every prop an element carries is one Dash's component accepts (it raises on any
other)."""

from __future__ import annotations

import dataclasses
import json
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
from tests.components.tree import quote_specs, walk


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


def same_json(built: Any, components: Any) -> bool:
    """The same JSON to the renderer: equal once parsed (the order of an element's props is the order
    it was given them in, a component's the order of its definition; the renderer reads them by name)."""
    return json.loads(to_json_plotly(built)) == json.loads(to_json_plotly(components))


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
        assert same_json(built, as_components(data_table(*args, **kwargs))), card.key


def test_an_element_reads_like_a_component_and_refuses_unknown_attributes():
    cell = Element("Td", "42%", className="x", **{"data-label": "Share"})
    assert cell.children == "42%" and cell.className == "x" and cell._type == "Td"
    assert cell.to_plotly_json() == html.Td("42%", className="x", **{"data-label": "Share"}).to_plotly_json()
    assert Element("Tr").to_plotly_json() == html.Tr().to_plotly_json()
    with pytest.raises(AttributeError):
        _ = cell.scope


QUOTE_STATES = [
    ViewState(),
    ViewState(search="time"),
    ViewState(codes=("barrier_cost",), search="cost"),
    ViewState(sectors=("health",), quote="placeholder"),
]


@pytest.mark.parametrize("state", QUOTE_STATES, ids=["all", "search", "code and search", "one sector"])
def test_the_quote_list_and_the_evidence_panel_are_the_same_json_as_dash_components_would_make(context, state):
    """The quote list (one element, whose quotes assets/drawn.js draws) and the evidence panel's marked
    findings, as elements, against the same trees of Dash components."""
    from dashboard.callbacks.panels import findings_of, quote_items, quotes_of
    from dashboard.components.findings import panel_body

    quotes = quotes_of(context, state)
    if state.quote == "placeholder":  # select the first quote the view lists
        state = dataclasses.replace(state, quote=quotes.quotes["quote_id"].iloc[0])
    listed = quote_items(context, state, quotes)
    assert isinstance(listed, Element) and len(quote_specs(listed)) == len(quotes.quotes) > 0
    assert same_json(listed, as_components(quote_items(context, state, quotes)))
    findings = findings_of(context, state)
    assert findings is not None
    body = panel_body(findings, state.search, context.code_labels)
    again = panel_body(findings, state.search, context.code_labels)
    assert same_json(body, as_components(again))
    if state.search:
        assert any(getattr(node, "_type", None) == "Mark" for item in body for node in walk(item))
