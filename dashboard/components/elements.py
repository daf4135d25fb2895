"""Plain HTML elements for the large, repeated parts of a redraw: the rows and cells of a table.

A Dash component checks its arguments when it is made (about 7 µs) and turns itself into JSON for
the answer (about 4 µs more). The published figures' table alone is about 450 of them, so building
it was the largest single cost of a filter change after the views. An `Element` is what the browser
receives either way, the same JSON as the Dash html component of that tag
(tests/components/test_elements.py compares the two on every table the app draws), made without the
checks; so it is used only for the few tags and props written in this package, never for anything
read from a request.
"""

from __future__ import annotations

from typing import Any

#: The namespace of `dash.html` components, as the renderer looks them up.
NAMESPACE = "dash_html_components"


class Element:
    """One HTML element as a Dash html component serialises it: `Element("Td", "42%", className="x")`
    is `html.Td("42%", className="x")` to the renderer. Its props read as attributes, as a component's do."""

    __slots__ = ("_type", "_props")

    def __init__(self, tag: str, children: Any = None, **props: Any):
        self._type = tag
        self._props = {"children": children, **props}  # as a component's: children always, None if none

    def to_plotly_json(self) -> dict[str, Any]:
        """What plotly's JSON encoder writes for it (it calls this, as for a Dash component)."""
        return {"props": self._props, "type": self._type, "namespace": NAMESPACE}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._props[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Element({self._type!r}, {self._props!r})"
