"""Reading a Dash component tree in tests, as the page would show it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from dashboard.components.cards import TABLE_ATTRIBUTE


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


def table_spec(component: Any) -> dict[str, Any]:
    """What assets/tables.js draws a data table from: the `data-table` JSON on the table's region
    (a component, an `Element` or the JSON of either, as an answer holds it)."""
    props = component.to_plotly_json()["props"] if hasattr(component, "to_plotly_json") else component["props"]
    return json.loads(props[TABLE_ATTRIBUTE])
