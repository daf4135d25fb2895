"""Thin wiring: each card redraws from the state store through its view; so do the quote
panel, presenter mode and the active-filters summary.

Views are memoised on the live context by validated state (`AppContext.memo`), so a
worker answers a prepared view it has seen before without recomputing it, and a reload
starts afresh without this module knowing.
"""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, html
from dash.development.base_component import Component

from dashboard import ids, views
from dashboard.components.cards import data_table
from dashboard.components.findings import panel_body
from dashboard.components.quotes import render_quote
from dashboard.components.registry import CARDS, Card
from dashboard.context import AppContext, ContextGetter
from dashboard.data import vocab
from dashboard.state import ViewState, describe_filters, from_store, store_release
from dashboard.views import CardView
from dashboard.views.findings import FindingsView, findings_view

TABLE = "table"
#: The evidence panel's key in the context's memo of views (cards use their own keys).
FINDINGS_KEY = "findings"
log = logging.getLogger(__name__)


def card_view(context: AppContext, card: Card, state: ViewState) -> CardView:
    """The card's view of this state, computed once per context and state.

    A failure is logged with its traceback and tried once more (CI once saw three cards
    fail together inside pandas/pyarrow on a threaded server, and never again); if it fails
    again the card says so in plain words. Either way the request is answered, never a 500,
    and the failed result is not memoised.
    """
    try:
        return context.memo.get((card.key, state), lambda: card.render(context, state))
    except Exception:
        log.exception("card %s failed for %s; trying once more", card.key, state)
    try:
        return card.render(context, state)
    except Exception:
        log.exception("card %s failed twice for %s; showing that it is unavailable", card.key, state)
        return views.unavailable(card.key, views.UNAVAILABLE)


def stale(context: AppContext, data: object) -> bool:
    """Whether the posted store was written under another release of the extract than this
    worker serves (a reload happened between the page's requests, or workers are mid-swap).
    Such a panel says so instead of joining figures from other data to the page."""
    posted = store_release(data)
    return posted is not None and posted != context.extract.release


def posted_view(context: AppContext, card: Card, data: object) -> CardView:
    """The card's view of the posted state, or a "reload the page" card if the page is on other data."""
    if stale(context, data):
        return views.unavailable(card.key, views.DATA_UPDATED)
    return card_view(context, card, from_store(data, context.choices))


def card_table(card: Card, view: CardView) -> html.Div:
    return data_table(view.table, view.caption, table_id=card.ids.table, actions=view.actions)


def findings_of(context: AppContext, state: ViewState) -> FindingsView | None:
    """The evidence panel's view of this state, memoised like a card's; None if drawing it failed
    twice (logged), so the panel says so and the request is still answered."""
    try:
        return context.memo.get((FINDINGS_KEY, state), lambda: findings_view(context, state))
    except Exception:
        log.exception("the evidence panel failed for %s; trying once more", state)
    try:
        return findings_view(context, state)
    except Exception:
        log.exception("the evidence panel failed twice for %s; showing that it is unavailable", state)
        return None


def register(app: Dash, current: ContextGetter) -> None:
    for card in CARDS:
        if card.has_chart:
            _register_chart_card(app, current, card)
        else:
            _register_table_card(app, current, card)

    @app.callback(
        Output(ids.FINDINGS_TITLE, "children"),
        Output(ids.FINDINGS_SUMMARY, "children"),
        Output(ids.FINDINGS_BODY, "children"),
        Input(ids.STATE, "data"),
        # A new token when a click opens the panel: drawn again, so the browser then moves focus here.
        Input(ids.FINDINGS_FOCUS, "data"),
    )
    def findings_panel(data, _focus):
        context = current()
        if stale(context, data):
            return views.DATA_UPDATED, "", html.P(views.DATA_UPDATED, className="withheld")
        state = from_store(data, context.choices)
        view = findings_of(context, state)
        if view is None:
            return views.UNAVAILABLE, "", html.P(views.UNAVAILABLE, className="withheld")
        return view.title, view.summary, panel_body(view, state.search, context.code_labels)

    @app.callback(
        Output(ids.QUOTES_COUNT, "children"),
        Output(ids.QUOTES_LIST, "children"),
        Input(ids.STATE, "data"),
    )
    def quotes_panel(data):
        context = current()
        if stale(context, data):
            return views.DATA_UPDATED, html.P(views.DATA_UPDATED, className="withheld")
        state = from_store(data, context.choices)
        view = views.quotes_view(context, state)
        if view.withheld:
            return view.message, html.P(view.message, className="withheld")
        sources = context.extract.sources.set_index("source_id")
        quotes = view.quotes
        message = view.message
        # Presenter mode lists every quote too: assets/app.js shows them one per slide.
        items: list[Component] = [
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
        Output(ids.PAGE_ROOT, "className"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Output(ids.PRESENT_TOGGLE, "aria-pressed"),
        Input(ids.STATE, "data"),
    )
    def presenter(data):
        on = from_store(data, current().choices).present
        return ("present" if on else ""), ("Leave presenter mode" if on else "Presenter mode"), str(on).lower()

    @app.callback(
        Output(ids.ACTIVE_FILTERS, "children"),
        Output(ids.ANNOUNCER, "children"),
        Output(ids.URL_NOTE, "children"),
        Output(ids.HIGHLIGHT_BAR, "hidden"),
        Output(ids.HIGHLIGHT_TEXT, "children"),
        Output(ids.HIGHLIGHT_SHOW_ONLY, "children"),
        Input(ids.STATE, "data"),
    )
    def summary(data):
        context = current()
        if stale(context, data):
            return views.DATA_UPDATED, views.DATA_UPDATED, views.DATA_UPDATED, True, "", ""
        state = from_store(data, context.choices)
        active = describe_filters(state, dict(context.code_labels))
        quotes = views.quotes_view(context, state)
        line = "Active filters: " + "; ".join(active) if active else "No filters: showing everything."
        if state.highlight:  # not a filter (every sector stays), but the room should know what is marked
            line += f" Highlighted: {vocab.sector_label(state.highlight)}."
        shown = "quotes withheld" if quotes.withheld else f"{len(quotes.quotes)} of {quotes.total} quotes"
        announce = f"View updated: {len(state.sectors)} of 6 sectors, {shown}."
        notes = [state.notice] if state.notice else []
        if state.rejected:
            notes.append(
                "Some settings in the link were not recognised and were ignored: " + ", ".join(state.rejected) + "."
            )
        note = " ".join(notes)
        bar = views.highlight_words(state)
        return line, f"{announce} {note}".strip(), note, bar is None, *(bar or ("", ""))


def _register_chart_card(app: Dash, current: ContextGetter, card: Card) -> None:
    cid = card.ids

    @app.callback(
        Output(cid.title, "children"),
        Output(cid.subtitle, "children"),
        Output(cid.graph, "figure"),
        Output(cid.description, "children"),
        Output(cid.table_pane, "children"),
        Input(ids.STATE, "data"),
        Input(cid.view, "value"),
    )
    def render(data, shown):
        view = posted_view(current(), card, data)
        assert view.chart is not None  # a card with a click transition has a chart
        # The table is built only while it is on screen: hundreds of hidden rows (each with a
        # button) would slow every page load and every filter change for nobody's benefit.
        table = card_table(card, view) if shown == TABLE else None
        return view.title, view.subtitle, view.chart.figure, view.chart.description, table


def _register_table_card(app: Dash, current: ContextGetter, card: Card) -> None:
    cid = card.ids

    @app.callback(
        Output(cid.title, "children"),
        Output(cid.subtitle, "children"),
        Output(cid.table_pane, "children"),
        Input(ids.STATE, "data"),
    )
    def render(data):
        # A card without a chart has its table as its main view, so it is always built.
        view = posted_view(current(), card, data)
        return view.title, view.subtitle, card_table(card, view)
