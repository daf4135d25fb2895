"""HTML attributes that Dash components accept but do not declare: aria-* and data-*.

Dash's typed component signatures have no parameter for wildcard attributes, so a bare
`**{"aria-label": ...}` fails type checking although Dash renders it. These helpers
return `dict[str, Any]`, which spreads into any component.
"""

from __future__ import annotations

from typing import Any


def aria(**values: str) -> dict[str, Any]:
    """`aria(labelledby="x", hidden="true")` -> {"aria-labelledby": "x", "aria-hidden": "true"}."""
    return {f"aria-{name.replace('_', '-')}": value for name, value in values.items()}
