"""Callbacks: thin wiring from the state store to views; no analysis here."""

from __future__ import annotations

from dashboard.callbacks import clientside, downloads, panels, state_sync
from dashboard.components.filters import code_checklist_ids
from dashboard.context import AppContext


def register_all(app, context: AppContext) -> None:
    state_sync.register(app, context, code_checklist_ids(context))
    panels.register(app, context)
    downloads.register(app, context)
    clientside.register(app)
