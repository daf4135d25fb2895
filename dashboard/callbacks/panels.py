"""Thin wiring: one callback redraws every card, the evidence panel, the quote panel and the
active-filters summary from the state store, each through its view.

A filter change is two requests: the URL/state callback (state_sync.py), then this one. When a
callback is asked again while a request of it is in flight, Dash drops the older answer, so no
older redraw overwrites a newer one; `DRAWN` makes up for what such a drop loses.

Views are memoised on the live context by validated state (`AppContext.memo`), so a
worker answers a prepared view it has seen before without recomputing it, and a reload
starts afresh without this module knowing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.development.base_component import Component

from dashboard import __version__, ids, views
from dashboard.components.cards import data_table
from dashboard.components.elements import Element
from dashboard.components.findings import panel_body
from dashboard.components.quotes import quote_list, quote_spec
from dashboard.components.registry import CARDS, Card
from dashboard.context import AppContext, ContextGetter
from dashboard.data import vocab
from dashboard.state import ViewState, describe_filters, from_store, store_release
from dashboard.views import CardView, derived
from dashboard.views.findings import FindingsView, findings_view

TABLE = "table"
#: The store input as Dash names it in `ctx.triggered_prop_ids`.
STORE = ids.STATE + ".data"
NARROW_INPUT = ids.NARROW + ".data"
#: The evidence panel's and the quote list's keys in the context's memo of views (cards use their own keys).
FINDINGS_KEY, QUOTES_KEY = "findings", "quotes"
log = logging.getLogger(__name__)


def card_view(context: AppContext, card: Card, state: ViewState) -> CardView:
    """The card's view of this state, computed once per context and state.

    A failure is logged with its traceback and tried once more (CI once saw three cards
    fail together inside pandas/pyarrow on a threaded server, and never again); if it fails
    again the card says so in plain words. Either way the request is answered, never a 500,
    and the failed result is not memoised.
    """
    inputs = card.inputs(state)  # states that differ only in what the card does not read share one view
    try:
        return context.memo.get((card.key, inputs), lambda: card.render(context, inputs))
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


def view_of(context: AppContext, card: Card, state: ViewState | None) -> CardView:
    """The card's view of `state`, or a "reload the page" card for None (the page is on other data)."""
    if state is None:
        return views.unavailable(card.key, views.DATA_UPDATED)
    return card_view(context, card, state)


def posted_state(context: AppContext, data: object) -> ViewState | None:
    """The posted store's view state, validated; None when the page is on other data (`stale`)."""
    return None if stale(context, data) else from_store(data, context.choices)


def posted_view(context: AppContext, card: Card, data: object) -> CardView:
    """The card's view of the posted state, or a "reload the page" card if the page is on other data."""
    return view_of(context, card, posted_state(context, data))


def card_table(card: Card, view: CardView) -> Element:
    return data_table(
        view.table, view.caption, table_id=card.ids.table, actions=view.actions, highlighted=view.highlighted_rows
    )


def findings_of(context: AppContext, state: ViewState, quotes: views.QuotesView | None = None) -> FindingsView | None:
    """The evidence panel's view of this state, memoised like a card's (`quotes`: the quote list's
    view of it, when the caller has it); None if drawing it failed twice (logged), so the panel says
    so and the request is still answered."""
    try:
        return context.memo.get((FINDINGS_KEY, state), lambda: findings_view(context, state, quotes))
    except Exception:
        log.exception("the evidence panel failed for %s; trying once more", state)
    try:
        return findings_view(context, state)
    except Exception:
        log.exception("the evidence panel failed twice for %s; showing that it is unavailable", state)
        return None


#: The attribute of the page's main region that names the store its panels were last drawn from.
#: Dash answers only the newest request of a callback and drops an older one still in flight, with
#: what triggered it: so a switch of one card's view (or a new evidence panel token) may arrive in
#: place of a filter change that was never drawn. The marker tells the two apart: a store the page
#: has not drawn yet redraws everything, whatever fired. It also holds each card's and panel's mark
#: (`Drawn`), so a redraw leaves alone every card and panel the page shows already.
DRAWN = "data-drawn"


def fingerprint(parts: object, *, sort_keys: bool = False) -> str:
    """A short hash of what something is drawn from, the same on every worker (JSON; anything JSON
    cannot write, by its str)."""
    text = json.dumps(parts, sort_keys=sort_keys, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def drawn_key(data: object) -> str:
    """A short fingerprint of the posted store (release included), written beside what it drew."""
    return fingerprint(data, sort_keys=True)


#: A card's mark in `DRAWN` ends in one of these: whether its table pane holds its table.
WITH_TABLE, WITHOUT_TABLE = "t", "c"


def context_mark(context: AppContext) -> str:
    """What, besides a card's inputs, its view is drawn from: the extract's release, the disclosure
    rules and this code's version (a deploy or a new release draws every card again)."""
    return fingerprint(
        [__version__, context.extract.release, context.threshold, context.min_participants, context.low_neff]
    )


def inputs_mark(drawn_from: str, card: Card, state: ViewState) -> str:
    """A short fingerprint of everything the card's view is drawn from (`drawn_from`: the context's
    `context_mark`; then the card's `inputs` of the state): a few microseconds, with no view built."""
    inputs = card.inputs(state)
    return fingerprint([drawn_from, card.key, [getattr(inputs, name) for name in sorted(card.reads)]])


def view_key(view: CardView, with_table: bool) -> str:
    """A short fingerprint of everything a card's view puts on the page (not its CSV, which is built
    on request; every field of `CardView` that the page shows must be in it): two views with the
    same key draw the same card. The table, its row controls and highlights count only when the
    table pane holds the table (`with_table`), so a chart card's table is not made to be hashed."""
    shown: list[object] = [
        view.title,
        view.subtitle,
        view.chart and view.chart.figure,
        view.chart and view.chart.description,
        view.caption,
    ]
    if with_table:
        table = view.table
        shown += [
            [str(column) for column in table.columns],
            table.to_numpy().tolist(),
            [repr(action) for action in view.actions],
            view.highlighted_rows,
        ]
    return fingerprint(shown)


def card_mark(inputs: str, view: CardView, with_table: bool) -> str:
    """The card's mark in `DRAWN`: its `inputs_mark` ("" for a card that could not be drawn, so that
    it is tried again), its view's key, and whether its table pane holds the table."""
    inputs = "" if isinstance(view, views.Unavailable) else inputs
    return f"{inputs}.{view_key(view, with_table)}" + (WITH_TABLE if with_table else WITHOUT_TABLE)


def same_inputs(mark: str | None, inputs: str, with_table: bool) -> bool:
    """Whether the page's mark of a card says it shows the card drawn from these inputs, with its
    table pane as wanted: then nothing of the card is worked out again."""
    if not mark or not inputs:
        return False
    return mark.split(".", 1)[0] == inputs and mark[-1:] == (WITH_TABLE if with_table else WITHOUT_TABLE)


def same_view(mark: str | None, new: str) -> bool:
    """Whether the page's mark of a card says it shows what `new` marks (drawn from other inputs,
    the same card: unticking fire leaves the organisation survey's cards, which have no fire, as
    they were), so nothing of it is sent."""
    return bool(mark) and str(mark).split(".", 1)[-1] == new.split(".", 1)[-1]


@dataclass(frozen=True)
class Drawn:
    """What the page shows, as `DRAWN` says: the store it was drawn from and, by card key, each card's
    mark (`card_mark`: its inputs, its view's key and whether its table pane holds the table), and,
    by `FINDINGS_KEY` and `QUOTES_KEY`, the evidence panel's and the quote list's marks. Written in
    the same answer as what it describes, so a request Dash drops takes both with it and the two
    never disagree."""

    store: str = ""
    cards: Mapping[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return " ".join([self.store, *(f"{key}:{mark}" for key, mark in self.cards.items())])

    @classmethod
    def read(cls, posted: object) -> Drawn:
        """The posted attribute (untrusted): anything malformed reads as nothing drawn, so
        everything is drawn again."""
        if not isinstance(posted, str) or len(posted) > MAX_DRAWN:
            return cls()
        store, *marks = posted.split(" ")
        cards = dict(mark.split(":", 1) for mark in marks if mark.count(":") == 1)
        return cls(store, {key: mark for key, mark in cards.items() if key in MARKED})


#: What `DRAWN` keeps a mark of: every card, the evidence panel and the quote list.
MARKED = frozenset(card.key for card in CARDS) | {FINDINGS_KEY, QUOTES_KEY}
#: Longer than any `Drawn.text` (a store key, and a key and mark per card or panel) could be.
MAX_DRAWN = 64 + 64 * len(MARKED)


def card_outputs(card: Card) -> dict[str, Output]:
    """What one card's redraw writes: its title, subtitle and table pane, and its chart and the
    chart's description when it has one."""
    cid = card.ids
    outputs = {"title": Output(cid.title, "children"), "subtitle": Output(cid.subtitle, "children")}
    if card.has_chart:
        outputs |= {"figure": Output(cid.graph, "figure"), "description": Output(cid.description, "children")}
    return outputs | {"table": Output(cid.table_pane, "children")}


def wants_table(card: Card, shown: object, narrow: object) -> bool:
    """Whether the card's table pane should hold its table: a card without a chart always (its main
    view), a chart card on its Table view, and a grid on a narrow screen (which shows the grid's table
    in place of its chart, assets/app.css). Only a literal True from the browser means narrow."""
    return not card.has_chart or shown == TABLE or (card.grid and narrow is True)


def table_part(card: Card, view: CardView, shown: object, narrow: object = False) -> Element | None:
    """The card's table pane, built only when `wants_table`. Dash's renderer time grows with the
    components a callback returns, so no table is built that the screen does not show. (Dash 4.2 to
    4.4 made that cost grow faster than the number of components, plotly/dash#3846: with the grids'
    tables in every view the page settled in 19 s instead of 0.6 s; hence the pin to dash 4.1.0,
    docs/performance.md.)"""
    return card_table(card, view) if wants_table(card, shown, narrow) else None


def card_parts(card: Card, view: CardView, shown: object, narrow: object = False) -> dict[str, object]:
    """Everything `card_outputs` names, from the card's view."""
    parts: dict[str, object] = {"title": view.title, "subtitle": view.subtitle}
    if card.has_chart:
        assert view.chart is not None  # a card with a click transition has a chart
        parts |= {"figure": view.chart.figure, "description": view.chart.description}
    return parts | {"table": table_part(card, view, shown, narrow)}


def untouched(card: Card) -> dict[str, object]:
    return dict.fromkeys(card_outputs(card), no_update)


#: A panel's parts, and its mark in `DRAWN` ("" for a panel to draw whatever the page shows).
Marked = tuple[tuple[object, ...], str]


def findings_parts(context: AppContext, state: ViewState | None, quotes: views.QuotesView | None = None) -> Marked:
    """The evidence panel's title, summary and body for the posted state (`posted_state`: None for a
    page on other data), and its mark: everything the body is drawn from (`quotes`: the quote list's
    view of the state, when the caller has it)."""
    if state is None:
        return (views.DATA_UPDATED, "", html.P(views.DATA_UPDATED, className="withheld")), ""
    view = findings_of(context, state, quotes)
    if view is None:
        return (views.UNAVAILABLE, "", html.P(views.UNAVAILABLE, className="withheld")), ""
    mark = fingerprint(
        [
            context.extract.release,  # the code labels and sources the body names are the extract's
            state.search,
            view.open,
            view.title,
            view.summary,
            [repr(item) for item in view.findings],
            view.findings_total,
            view.findings_heading,
            view.findings_note,
            view.quotes["quote_id"].tolist(),  # with the release: the quotes' rows, which come from it
            view.quotes_heading,
            view.quotes_message,
        ]
    )
    return (view.title, view.summary, lambda: panel_body(view, state.search, context.code_labels)), mark


def quotes_of(context: AppContext, state: ViewState) -> views.QuotesView:
    """The quote list's view of this state, memoised like a card's."""
    return context.memo.get((QUOTES_KEY, state), lambda: views.quotes_view(context, state))


def quotes_parts(context: AppContext, state: ViewState | None, view: views.QuotesView | None = None) -> Marked:
    """The quote list's count line and its quotes for the posted state (`posted_state`: None for a
    page on other data; `view`, the quote list's view of it, when the caller has it), and its mark:
    everything the list is drawn from."""
    if state is None:
        return (views.DATA_UPDATED, html.P(views.DATA_UPDATED, className="withheld")), ""
    view = view or quotes_of(context, state)
    if view.withheld:
        return (view.message, html.P(view.message, className="withheld")), ""
    mark = fingerprint(
        [
            context.extract.release,  # the code labels and source titles a quote shows are the extract's
            view.message,
            view.quotes["quote_id"].tolist(),  # with the release: the quotes' rows, which come from it
            state.search,
            sorted(state.codes),
            state.quote,
        ]
    )
    return (view.message, lambda: quote_items(context, state, view)), mark


def quote_items(context: AppContext, state: ViewState, view: views.QuotesView) -> Component | Element:
    """The quote list: one element the page draws every listed quote into, or a line saying none match."""
    titles, urls = derived.source_column(context, "title"), derived.source_column(context, "url")
    records = derived.quote_records(context)
    # Presenter mode lists every quote too: assets/app.js shows them one per slide.
    quotes = [
        quote_spec(
            row,
            search=state.search,
            code_labels=context.code_labels,
            active_codes=set(state.codes),
            source_title=titles[row["source_id"]],
            source_url=urls[row["source_id"]],
            selected=row["quote_id"] == state.quote,
        )
        for row in (records[quote] for quote in view.quotes["quote_id"])
    ]
    if not quotes:
        return html.P("No quotes match these filters. Try removing a code or clearing the search.")
    return quote_list(quotes)


def drawn_parts(marked: Marked, shown: str | None) -> tuple[object, ...]:
    """A panel's parts, built (a callable part is called) unless the page shows them already
    (`shown`, its mark there, equals theirs): then every part is left as it is."""
    parts, mark = marked
    if mark and mark == shown:
        return (no_update,) * len(parts)
    return tuple(part() if callable(part) else part for part in parts)


def summary_parts(
    context: AppContext, state: ViewState | None, quotes: views.QuotesView | None = None
) -> tuple[object, ...]:
    """The active-filters line, the screen-reader announcement, the link's note and the highlight bar
    for the posted state (`posted_state`: None for a page on other data; `quotes`, the quote list's
    view of it, when the caller has it)."""
    if state is None:
        return views.DATA_UPDATED, views.DATA_UPDATED, views.DATA_UPDATED, True, "", ""
    active = describe_filters(state, dict(context.code_labels))
    quotes = quotes or quotes_of(context, state)
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


def redraw(
    context: AppContext,
    data: object,
    shown: Mapping[str, object],
    drawn: object,
    triggered: Collection[str],
    narrow: object = False,
) -> dict[str, Any]:
    """What one change redraws: every panel that changed when the store is new to the page, else
    only what fired.

    `shown` is each card's view switch by card key, `drawn` what the page shows (`DRAWN`), `triggered`
    the inputs that fired (`ctx.triggered_prop_ids`: empty on the first call), `narrow` whether the
    screen is narrow (`ids.NARROW`). Switching one card's view, or the screen crossing the narrow
    breakpoint, redraws the table panes that should now hold their table, or no longer, and nothing
    else; a new evidence panel token redraws the panel, so the browser then moves focus to it. Each
    card's view is its own (`card_view`: retried, then "unavailable" for that card only) and memoised,
    so a card drawn again costs a lookup.
    """
    page, store = Drawn.read(drawn), drawn_key(data)
    if not triggered or STORE in triggered or page.store != store:
        cards: dict[str, dict[str, object]] = {}
        marks: dict[str, str] = {}
        state = posted_state(context, data)
        drawn_from = context_mark(context)
        for card in CARDS:
            with_table, before = wants_table(card, shown.get(card.key), narrow), page.cards.get(card.key)
            inputs = inputs_mark(drawn_from, card, state) if state is not None else ""
            # A card the page shows already is left alone: when its inputs did not change, without
            # working it out again (a region changes only the survey cards); when they did but its
            # view is the same, without sending it (the browser redrawing charts that did not change
            # was most of a change's time there).
            if same_inputs(before, inputs, with_table):
                marks[card.key], cards[card.key] = str(before), untouched(card)
                continue
            view = view_of(context, card, state)
            marks[card.key] = card_mark(inputs, view, with_table)
            same = same_view(before, marks[card.key])
            cards[card.key] = untouched(card) if same else card_parts(card, view, shown.get(card.key), narrow)
        # The quote list's view, once: the list and the summary's announcement both read it.
        quotes = quotes_of(context, state) if state is not None else None
        findings, findings_mark = findings_parts(context, state, quotes)
        listed, quotes_mark = quotes_parts(context, state, quotes)
        marks |= {FINDINGS_KEY: findings_mark, QUOTES_KEY: quotes_mark}
        return dict(
            cards=cards,
            findings=drawn_parts((findings, findings_mark), page.cards.get(FINDINGS_KEY)),
            quotes=drawn_parts((listed, quotes_mark), page.cards.get(QUOTES_KEY)),
            summary=summary_parts(context, state, quotes),
            drawn=Drawn(store, marks).text(),
        )
    cards = {}
    marks = dict(page.cards)
    resized = NARROW_INPUT in triggered
    for card in CARDS:
        parts = untouched(card)
        if card.has_chart and (card.ids.view + ".value" in triggered or (resized and card.grid)):
            wanted = wants_table(card, shown.get(card.key), narrow)
            if card.key not in marks or marks[card.key].endswith(WITH_TABLE) != wanted:
                # Emptying the pane computes nothing; filling it computes the card's view (memoised).
                table = table_part(card, posted_view(context, card, data), TABLE) if wanted else None
                parts["table"] = table
                if card.key in marks:  # the page's mark follows its table pane
                    marks[card.key] = marks[card.key][:-1] + (WITH_TABLE if wanted else WITHOUT_TABLE)
        cards[card.key] = parts
    focus = ids.FINDINGS_FOCUS + ".data" in triggered
    return dict(
        cards=cards,
        findings=drawn_parts(findings_parts(context, posted_state(context, data)), None) if focus else (no_update,) * 3,
        quotes=(no_update,) * 2,
        summary=(no_update,) * 6,
        drawn=no_update if marks == page.cards else Drawn(store, marks).text(),
    )


def register(app: Dash, current: ContextGetter) -> None:
    """One server callback draws every panel from the state store (the URL/state callback is the
    other request a filter change makes); presenter mode is drawn in the browser (clientside.py)."""

    @app.callback(
        output=dict(
            # First, so that tools naming a callback by its first output call this one "main".
            drawn=Output(ids.MAIN, DRAWN),
            cards={card.key: card_outputs(card) for card in CARDS},
            findings=(
                Output(ids.FINDINGS_TITLE, "children"),
                Output(ids.FINDINGS_SUMMARY, "children"),
                Output(ids.FINDINGS_BODY, "children"),
            ),
            quotes=(Output(ids.QUOTES_COUNT, "children"), Output(ids.QUOTES_LIST, "children")),
            summary=(
                Output(ids.ACTIVE_FILTERS, "children"),
                Output(ids.ANNOUNCER, "children"),
                Output(ids.URL_NOTE, "children"),
                Output(ids.HIGHLIGHT_BAR, "hidden"),
                Output(ids.HIGHLIGHT_TEXT, "children"),
                Output(ids.HIGHLIGHT_SHOW_ONLY, "children"),
            ),
        ),
        inputs=dict(
            data=Input(ids.STATE, "data"),
            # A new token when a click opens the evidence panel: drawn again, so the browser then moves focus there.
            focus=Input(ids.FINDINGS_FOCUS, "data"),
            shown={card.key: Input(card.ids.view, "value") for card in CARDS},
            narrow=Input(ids.NARROW, "data"),
        ),
        state=dict(drawn=State(ids.MAIN, DRAWN)),
    )
    def panels(data: object, focus: object, shown: dict, narrow: object, drawn: object) -> dict:
        return redraw(current(), data, shown, drawn, set(ctx.triggered_prop_ids), narrow)
