"""Reading a Dash component tree in tests, as the page would show it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


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
