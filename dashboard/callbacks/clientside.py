"""Browser-side callbacks (view switching, copy link, presenter mode, the slide bar's filters line)
registered from assets/app.js: none needs the server, so none costs a request."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard import ids
from dashboard.components.registry import CARDS


def register(app: Dash) -> None:
    for card in CARDS:
        cid = card.ids
        app.clientside_callback(
            ClientsideFunction("dashboard", "switchView"),
            Output(cid.chart_pane, "hidden"),
            Output(cid.table_pane, "hidden"),
            Output(cid.about_pane, "hidden"),
            Input(cid.view, "value"),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction("dashboard", "copyLink"),
        Output(ids.COPY_STATUS, "children"),
        Output(ids.PERMALINK, "value", allow_duplicate=True),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "permalink"),
        Output(ids.PERMALINK, "value"),
        Input(ids.URL, "search"),
    )
    # Presenter mode on or off, from the store's (validated) flag: the page's class and the toggle's words.
    app.clientside_callback(
        ClientsideFunction("dashboard", "presenter"),
        Output(ids.PAGE_ROOT, "className"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Output(ids.PRESENT_TOGGLE, "aria-pressed"),
        Input(ids.STATE, "data"),
    )
    # Whether the screen is narrow, once the page has loaded (assets/app.js also sets it when the
    # window crosses the breakpoint): the panels callback waits for it on the first draw.
    app.clientside_callback(
        ClientsideFunction("dashboard", "narrowScreen"),
        Output(ids.NARROW, "data"),
        Input(ids.URL, "pathname"),
    )
    # Presenter mode hides the sidebar: every slide's bar repeats its active-filters line.
    app.clientside_callback(
        ClientsideFunction("dashboard", "slideFilters"),
        Output(ids.SLIDE_FILTERS, "children"),
        Input(ids.ACTIVE_FILTERS, "children"),
    )
    # The evidence panel: once it is drawn after a click that opened it, focus moves to its heading
    # (assets/findings.js).
    app.clientside_callback(
        ClientsideFunction("findings", "focusPanel"),
        Output(ids.FINDINGS_FOCUSED, "data"),
        Input(ids.FINDINGS_BODY, "children"),
        State(ids.FINDINGS_FOCUS, "data"),
        State(ids.FINDINGS_FOCUSED, "data"),
        prevent_initial_call=True,
    )
