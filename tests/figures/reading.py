"""Shared by the figure tests: read a figure dict (figures/base.py) the way plotly's graph objects
read, `fig.data[0].marker.color`, `fig.layout.xaxis.ticktext`, so a test says what it checks in
plotly's own names.

A property the dict does not hold reads as None, as an unset property of a graph object does. The
values are the dict's own (nothing is validated or converted on the way), so a test sees exactly
what Dash sends to the browser.
"""

from __future__ import annotations

from typing import Any


class Read:
    """Attribute access over one dict of a figure: its layout, a trace, an axis, an annotation."""

    def __init__(self, values: dict[str, Any]):
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return _wrap(self._values.get(name))

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def __repr__(self) -> str:
        return f"Read({self._values!r})"


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Read(value)
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return [_wrap(v) for v in value]
    return value


def read(fig: dict[str, Any]) -> Read:
    """A figure dict to read as `.data` (a list of traces) and `.layout`."""
    assert set(fig) <= {"data", "layout"}, f"a figure is data and layout, not {sorted(fig)}"
    return Read({"data": fig.get("data", []), "layout": fig.get("layout", {})})
