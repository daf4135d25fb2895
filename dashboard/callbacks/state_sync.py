"""One callback keeps the URL, the controls and the state store in step.

Dash forbids cycles across callbacks but allows them inside one, so the URL and
every control are both inputs and outputs here. Opening a link or pressing
Back/Forward sets the controls from the URL; using a control (or clicking a
chart, a matrix cell or a code chip) writes the URL, which pushes history.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import views
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.reload import ContextSource
from dashboard.state import DEFAULT, ViewState, from_query, one_breakdown, to_query, to_store

CONTROLS = ("sectors", "themes", "methods", "groups", "size-bands", "regions", "frontline", "sources", "quote-search")
SHORTCUT_SECTORS = {
    "shortcut-all": vocab.SECTORS,
    "shortcut-frontline": vocab.SECTOR_GROUPS["frontline"],
    "shortcut-central-local": vocab.SECTOR_GROUPS["central_and_local"],
}
GRAPHS = ("admin-graph", "ai-graph", "barriers-graph", "matrix-graph")


def _in_order(values, allowed) -> tuple[str, ...]:
    chosen = set(values or ())
    return tuple(v for v in allowed if v in chosen)


def state_from_controls(values: dict, code_values: list, current: ViewState, app: AppContext) -> ViewState:
    codes = {c for group in code_values for c in (group or ())}
    return replace(
        current,
        sectors=_in_order(values["sectors"], vocab.SECTORS),
        themes=_in_order(values["themes"], tuple(vocab.THEMES)),
        codes=_in_order(codes, app.choices.codes),
        methods=_in_order(values["methods"], tuple(vocab.METHODS)),
        groups=_in_order(values["groups"], tuple(vocab.PARTICIPANT_GROUPS)),
        size_bands=_in_order(values["size-bands"], vocab.SIZE_BANDS),
        regions=_in_order(values["regions"], vocab.REGIONS),
        frontline=values["frontline"] if values["frontline"] in ("all", "frontline", "non_frontline") else "all",
        sources=_in_order(values["sources"], app.choices.sources),
        search=(values["quote-search"] or "")[:100],
    )


def _sectors_for(clicked: str) -> tuple[str, ...]:
    if clicked == "police_and_fire":
        return ("police", "fire")
    return (clicked,) if clicked in vocab.SECTORS else DEFAULT.sectors


def apply_click(state: ViewState, trigger, value) -> ViewState:
    """What a click on a chart, matrix cell, chip or quote does to the view."""
    if isinstance(trigger, dict):
        if not value:
            return state  # a chip or button was (re)drawn, not clicked
        if trigger.get("type") == "code-chip":
            code = trigger["code"]
            codes = tuple(c for c in state.codes if c != code) if code in state.codes else (*state.codes, code)
            return replace(state, codes=codes)
        if trigger.get("type") == "quote-select":
            quote = trigger["quote"]
            return replace(state, quote="" if state.quote == quote else quote)
        if trigger.get("type") == "pick-sector":
            return replace(state, sectors=_sectors_for(trigger["sector"]))
        if trigger.get("type") == "pick-cell":
            return _matrix_pick(state, trigger["column"], trigger["code"])
        return state
    if trigger in GRAPHS and value:
        point = (value.get("points") or [{}])[0]
        data = point.get("customdata")
        if trigger in ("admin-graph", "ai-graph") and isinstance(data, str):
            return replace(state, sectors=_sectors_for(data))
        # Heatmap cells are placed by id, so a click's x and y are the sector (or group) and code.
        x, y = point.get("x"), point.get("y")
        if trigger == "barriers-graph" and isinstance(x, str) and isinstance(y, str):
            return replace(state, sectors=_sectors_for(x), codes=(y,))
        if trigger == "matrix-graph" and isinstance(x, str) and isinstance(y, str):
            return _matrix_pick(state, x, y)
    return state


def quote_order(context: AppContext, state: ViewState) -> list[str]:
    """Ids of the quotes the current filters show, in article order."""
    view = views.quotes_view(context, state)
    return [] if view.withheld else view.quotes["quote_id"].tolist()


def step_quote(state: ViewState, order: list[str], step: int) -> ViewState:
    """Move the spotlight one quote on or back, wrapping at the ends."""
    if not order:
        return replace(state, quote="")
    # With no quote selected the spotlight shows the first one, so step from there.
    current = order.index(state.quote) if state.quote in order else 0
    return replace(state, quote=order[(current + step) % len(order)])


def _matrix_pick(state: ViewState, column: str, code: str) -> ViewState:
    if column == "former_civil_servant":
        return replace(state, groups=("former_civil_servant",), codes=(code,))
    if column in vocab.SECTORS:
        return replace(state, sectors=(column,), groups=("current_manager",), codes=(code,))
    return replace(state, codes=(code,))


def register(app, source: ContextSource, code_ids: list[str]) -> None:
    control_outputs = [Output(c, "value") for c in CONTROLS] + [Output(c, "value") for c in code_ids]
    control_inputs = [Input(c, "value") for c in CONTROLS] + [Input(c, "value") for c in code_ids]

    @app.callback(
        Output("url", "search"),
        Output("state", "data"),
        *control_outputs,
        Input("url", "search"),
        *control_inputs,
        Input("reset-all", "n_clicks"),
        *[Input(s, "n_clicks") for s in SHORTCUT_SECTORS],
        *[Input(g, "clickData") for g in GRAPHS],
        Input({"type": "code-chip", "code": ALL, "quote": ALL}, "n_clicks"),
        Input({"type": "quote-select", "quote": ALL}, "n_clicks"),
        Input({"type": "pick-sector", "sector": ALL, "card": ALL}, "n_clicks"),
        Input({"type": "pick-cell", "column": ALL, "code": ALL}, "n_clicks"),
        Input("present-toggle", "n_clicks"),
        Input("quote-prev", "n_clicks"),
        Input("quote-next", "n_clicks"),
        State("state", "data"),
    )
    def sync(search, *args):
        *args, stored = args
        n = len(CONTROLS)
        values = dict(zip(CONTROLS, args[:n], strict=True))
        code_values = list(args[n : n + len(code_ids)])
        trigger = ctx.triggered_id
        triggered_value = ctx.triggered[0]["value"] if ctx.triggered else None
        if isinstance(trigger, dict) and not triggered_value:
            # Chips and row buttons were redrawn, not clicked: nothing to do. Answering
            # would write the store again and redraw them again, in a loop.
            raise PreventUpdate
        context = source.current()  # the live extract, one object for the whole request
        codebook = context.codebook.set_index("code")
        current = from_query(search, context.choices)

        if trigger is None or trigger == "url":
            state = current
        else:
            state = state_from_controls(values, code_values, current, context)
            # Ticking a size clears any region, and the reverse: the newest choice wins.
            state = one_breakdown(state, keep="size_bands" if trigger == "size-bands" else "regions")
            if trigger == "reset-all":
                state = replace(DEFAULT, present=current.present)
            elif isinstance(trigger, str) and trigger in SHORTCUT_SECTORS:
                state = replace(state, sectors=tuple(SHORTCUT_SECTORS[trigger]))
            elif trigger == "present-toggle":
                state = replace(state, present=not state.present)
            elif trigger in ("quote-prev", "quote-next"):
                state = step_quote(state, quote_order(context, state), 1 if trigger == "quote-next" else -1)
            else:
                state = apply_click(state, trigger, triggered_value)

        query = to_query(state)
        url_out = no_update if trigger in (None, "url") or query == (search or "") else query
        code_out = [
            [c for c in state.codes if codebook.loc[c, "category"] == cid.removeprefix("codes-")] for cid in code_ids
        ]
        control_out = [
            list(state.sectors),
            list(state.themes),
            list(state.methods),
            list(state.groups),
            list(state.size_bands),
            list(state.regions),
            state.frontline,
            list(state.sources),
            no_update if trigger == "quote-search" else state.search,
        ]
        store = to_store(state)
        store_out = no_update if store == stored else store
        return (url_out, store_out, *control_out, *code_out)
