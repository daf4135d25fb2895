"""Callbacks: thin wiring from the state store to views; no analysis here.

Every callback asks the context source for the live context once per request and uses
that object throughout, so a reload that swaps in a new extract never mixes old and new
data within one response.
"""

from __future__ import annotations

from dashboard.callbacks import clientside, downloads, panels, state_sync
from dashboard.components.filters import code_checklist_ids
from dashboard.context import AppContext
from dashboard.reload import ContextSource


def register_all(app, source: ContextSource | AppContext) -> None:
    """Register every callback. The code checklists registered here are fixed for the life of
    the app; the source refuses to swap in an extract that would change them."""
    if isinstance(source, AppContext):
        source = ContextSource.fixed(source)
    state_sync.register(app, source, code_checklist_ids(source.current()))
    panels.register(app, source)
    downloads.register(app, source)
    clientside.register(app)
