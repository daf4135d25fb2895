"""Plain HTML elements for the large, repeated parts of a redraw: the evidence panel, and the one
element a data table or the quote list is drawn into.

A Dash component checks its arguments when it is made (about 7 µs) and turns itself into JSON for
the answer (about 4 µs more). The evidence panel is dozens of them (the quote list was about 240 and
the published figures' table about 450 before each became one element, drawn by assets/drawn.js). An
`Element` is what the browser receives either way, the same JSON as the Dash html component of that
tag (tests/components/test_elements.py compares the two on every table, the quote list and the
evidence panel), made without the checks; so it is used only for the few tags and props written in
this package, never for anything read from a request.
"""

from __future__ import annotations

from typing import Any

#: The namespace of `dash.html` components, as the renderer looks them up.
NAMESPACE = "dash_html_components"


class Element(dict):
    """One HTML element as a Dash html component serialises it: `Element("Td", "42%", className="x")`
    is `html.Td("42%", className="x")` to the renderer. Its props read as attributes, as a component's do.

    It is that JSON object itself (a dict of props, type and namespace), so the JSON encoder writes
    it as it writes any dict, without calling back into Python for each element as it must for a
    component (about 4 µs each)."""

    __slots__ = ()

    def __init__(self, tag: str, children: Any = None, **props: Any):
        # As a component's: children always, None if none; keys in the order Dash writes them.
        super().__init__(props={"children": children, **props}, type=tag, namespace=NAMESPACE)

    @property
    def _type(self) -> str:
        return self["type"]

    def to_plotly_json(self) -> dict[str, Any]:
        """What plotly's JSON encoder would write for it, as for a Dash component."""
        return dict(self)

    def __getattr__(self, name: str) -> Any:
        try:
            return self["props"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Element({self['type']!r}, {self['props']!r})"
