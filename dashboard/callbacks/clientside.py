"""Browser-side callbacks (view switching, copy link) registered from assets/app.js."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

CARD_KEYS = ("admin", "ai", "barriers", "matrix", "published")


def register(app) -> None:
    for key in CARD_KEYS:
        app.clientside_callback(
            ClientsideFunction("dashboard", "switchView"),
            Output(f"{key}-chart-pane", "hidden"),
            Output(f"{key}-table-pane", "hidden"),
            Output(f"{key}-about-pane", "hidden"),
            Input(f"{key}-view", "value"),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction("dashboard", "copyLink"),
        Output("copy-status", "children"),
        Output("permalink", "value", allow_duplicate=True),
        Input("copy-link", "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "permalink"),
        Output("permalink", "value"),
        Input("url", "search"),
    )
