"""Callbacks: thin wiring from the state store to views; no analysis here.

Every callback calls `current()` (a `ContextGetter`) for the live context once per request
and uses that object throughout, so a reload that swaps in a new extract never mixes old and
new data within one response. Where the context comes from (a fixed one, or a source that
reloads) is the app factory's business; no callback knows that reloads happen.
"""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import clientside, downloads, panels, state_sync
from dashboard.context import ContextGetter


def register_all(app: Dash, current: ContextGetter) -> None:
    """Register every callback once, for the life of the app. None depends on which codes or
    code categories the extract has (the code checklists share one pattern-matching id), so
    the same callbacks serve any extract that is swapped in."""
    state_sync.register(app, current)
    panels.register(app, current)
    downloads.register(app, current)
    clientside.register(app)
