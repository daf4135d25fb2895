"""Thin wiring: each card redraws from the state store through its view function."""

from __future__ import annotations

import os
from functools import lru_cache, partial

from dash import Input, Output, html

from dashboard import views
from dashboard.components.cards import data_table
from dashboard.components.quotes import render_quote
from dashboard.data import vocab
from dashboard.reload import ContextSource
from dashboard.state import ViewState, describe_filters, from_store

CHART_CARDS = {
    "admin": views.admin_view,
    "ai": views.ai_view,
    "barriers": views.barriers_view,
    "matrix": views.matrix_view,
}


def _sector_button(card: str):
    """One button per sector (a sector has a row per measure; ids must be unique)."""
    seen: set[str] = set()

    def action(row):
        sector = row["_sector"]
        if sector in seen:
            return ""
        seen.add(sector)
        label = vocab.sector_label(sector)
        return html.Button(
            f"Show only {label}",
            id={"type": "pick-sector", "sector": sector, "card": card},
            type="button",
            className="btn btn-link btn-sm p-0",
        )

    return action


def _cell_button(row):
    if row["Findings"] == "0" and row["Quotes"] == "0":
        return ""
    return html.Button(
        f"Show quotes: {row['Code']}, {row['Participant group']}",
        id={"type": "pick-cell", "column": row["_sector"], "code": row["_code"]},
        type="button",
        className="btn btn-link btn-sm p-0",
    )


def _source_link(row):
    return html.A("Open source", href=row["_url"], **{"aria-label": f"Open source: {row['Source']}"})


#: Distinct view states kept per card per worker; many users open the same few prepared views.
DEFAULT_VIEW_CACHE_SIZE = 128
VIEW_CACHE_SIZE = int(os.environ.get("DASHBOARD_VIEW_CACHE", DEFAULT_VIEW_CACHE_SIZE))


def cached_view(source: ContextSource, view_fn):
    """Memoise a card's view by state, for the live extract. The view is a pure function of
    (extract, state), so this keeps workers stateless as far as users go: any worker gives any
    user the same answer, only sooner the second time. Each cache belongs to one generation of
    the extract: after a reload swaps in new data the next request starts a new cache, so no
    view of the old data is served again."""
    caches = source.derive(lambda context: lru_cache(maxsize=VIEW_CACHE_SIZE)(partial(view_fn, context)))

    def view(state: ViewState):
        return caches.get()(state)

    return view


def register(app, source: ContextSource) -> None:
    for key, view_fn in CHART_CARDS.items():
        _register_chart_card(app, key, cached_view(source, view_fn))

    @app.callback(
        Output("published-title", "children"),
        Output("published-subtitle", "children"),
        Output("published-table-pane", "children"),
        Input("state", "data"),
    )
    def published_card(data):
        # The published card has no chart: its table is its main view, so it is always built.
        view = views.published_view(source.current(), from_store(data))
        table = data_table(view.table, view.caption, table_id="published-table", row_action=_source_link)
        return view.title, view.subtitle, table

    @app.callback(
        Output("quotes-count", "children"),
        Output("quotes-list", "children"),
        Input("state", "data"),
    )
    def quotes_panel(data):
        context = source.current()
        state = from_store(data)
        view = views.quotes_view(context, state)
        if view.withheld:
            return view.message, html.P(view.message, className="withheld")
        sources = context.extract.sources.set_index("source_id")
        quotes = view.quotes
        message = view.message
        if state.present and len(quotes):
            # Spotlight: one quote at a time, large; the arrow keys step through them.
            ids = quotes["quote_id"].tolist()
            position = ids.index(state.quote) if state.quote in ids else 0
            quotes = quotes.iloc[[position]]
            message = f"Quote {position + 1} of {len(ids)} ({view.message.lower()})"
        items = [
            render_quote(
                row,
                search=state.search,
                code_labels=context.code_labels,
                active_codes=set(state.codes),
                source_title=sources.loc[row["source_id"], "title"],
                source_url=sources.loc[row["source_id"], "url"],
                selected=row["quote_id"] == state.quote,
            )
            for row in quotes.to_dict("records")
        ]
        if not items:
            items = [html.P("No quotes match these filters. Try removing a code or clearing the search.")]
        return message, items

    @app.callback(
        Output("page-root", "className"),
        Output("present-toggle", "children"),
        Output("present-toggle", "aria-pressed"),
        Input("state", "data"),
    )
    def presenter(data):
        on = from_store(data).present
        return ("present" if on else ""), ("Leave presenter mode" if on else "Presenter mode"), str(on).lower()

    @app.callback(
        Output("active-filters", "children"),
        Output("announcer", "children"),
        Output("url-note", "children"),
        Input("state", "data"),
    )
    def summary(data):
        context = source.current()
        state = from_store(data)
        active = describe_filters(state, dict(context.code_labels))
        quotes = views.quotes_view(context, state)
        line = "Active filters: " + "; ".join(active) if active else "No filters: showing everything."
        shown = "quotes withheld" if quotes.withheld else f"{len(quotes.quotes)} of {quotes.total} quotes"
        sectors = len(state.sectors)
        announce = f"View updated: {sectors} of 6 sectors, {shown}."
        notes = [state.notice] if state.notice else []
        if state.rejected:
            notes.append(
                "Some settings in the link were not recognised and were ignored: " + ", ".join(state.rejected) + "."
            )
        note = " ".join(notes)
        return line, f"{announce} {note}".strip(), note


def _register_chart_card(app, key: str, view_fn) -> None:

    @app.callback(
        Output(f"{key}-title", "children"),
        Output(f"{key}-subtitle", "children"),
        Output(f"{key}-graph", "figure"),
        Output(f"{key}-desc", "children"),
        Output(f"{key}-table-pane", "children"),
        Input("state", "data"),
        Input(f"{key}-view", "value"),
    )
    def render(data, shown):
        view = view_fn(from_store(data))
        # The table is built only while it is on screen: hundreds of hidden rows (each with a
        # button) would slow every page load and every filter change for nobody's benefit.
        row_action = _cell_button if key == "matrix" else _sector_button(key)
        table = (
            data_table(view.table, view.caption, table_id=f"{key}-table", row_action=row_action)
            if shown == "table"
            else None
        )
        return view.title, view.subtitle, view.chart.figure, view.chart.description, table
