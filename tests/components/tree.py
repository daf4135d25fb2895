"""Reading a Dash component tree in tests, as the page would show it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from dashboard.components.cards import TABLE_ATTRIBUTE
from dashboard.components.quotes import QUOTES_ATTRIBUTE


def walk(component: Any) -> Iterator[Any]:
    """The component and everything inside it."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def tag(component: Any) -> str:
    """The element's tag ("Tr", "Td"), for a Dash component and a plain `Element` alike."""
    return getattr(component, "_type", type(component).__name__)


def _props(component: Any) -> dict[str, Any]:
    """A component's props, for a Dash component, an `Element` or the JSON of either (as an answer holds it)."""
    return component.to_plotly_json()["props"] if hasattr(component, "to_plotly_json") else component["props"]


def table_spec(component: Any) -> dict[str, Any]:
    """What assets/drawn.js draws a data table from: the `data-table` JSON on the table's region."""
    return json.loads(_props(component)[TABLE_ATTRIBUTE])


def quote_specs(component: Any) -> list[dict[str, Any]]:
    """What assets/drawn.js draws the quote list from: each quote in the list's `data-quotes` JSON."""
    return json.loads(_props(component)[QUOTES_ATTRIBUTE])["quotes"]


def drawn_text(pieces: list[Any]) -> str:
    """The text assets/drawn.js draws from a text's pieces (a string, or {"mark": a search match})."""
    return "".join(piece if isinstance(piece, str) else piece["mark"] for piece in pieces)
