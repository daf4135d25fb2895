"""One callback keeps the URL, the controls and the state store in step.

Dash forbids cycles across callbacks but allows them inside one, so the URL and
every control are both inputs and outputs here. Opening a link or pressing
Back/Forward sets the controls from the URL; using a control (or clicking a
chart, a matrix cell or a code chip) writes the URL, which pushes history.

The callback only works out what happened (`event_for`) and hands it to
`transitions.next_state`, where everything an event does to the view lives.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids, views
from dashboard.components.layout import topic_buttons
from dashboard.components.registry import CHART_CARDS
from dashboard.context import AppContext, ContextGetter
from dashboard.state import (
    CONTROL_FIELDS,
    DEFAULT,
    RELEASE_KEY,
    ViewState,
    control_values,
    from_query,
    to_query,
    to_store,
)
from dashboard.transitions import (
    SHORTCUT_SECTORS,
    CellPicked,
    ChartClicked,
    CodeToggled,
    ControlChanged,
    Event,
    EvidencePicked,
    PresenterToggled,
    QuoteStep,
    QuoteToggled,
    ResetAll,
    SectorPicked,
    Shortcut,
    TopicPicked,
    UrlChanged,
    click_evidence_cell,
    next_state,
)

#: The state field each control shows, by the control's DOM id.
FIELD_OF_CONTROL: dict[str, str] = {f.control: f.name for f in CONTROL_FIELDS if f.control}
#: What a click on each chart does, by its graph's DOM id.
GRAPH_CLICKS = {card.ids.graph: card.on_click for card in CHART_CARDS}
QUOTE_STEPS = {ids.QUOTE_PREV: -1, ids.QUOTE_NEXT: 1}
#: Pattern-matched buttons. Redrawing one fires the callback with n_clicks None, which is no click.
BUTTON_TYPES = frozenset(
    {ids.CODE_CHIP, ids.QUOTE_SELECT, ids.PICK_SECTOR, ids.PICK_CELL, ids.PICK_EVIDENCE, ids.PICK_TOPIC}
)
#: Graphs whose click opens an evidence map cell (and so moves focus to the topic switch).
MAP_GRAPHS = frozenset(graph for graph, click in GRAPH_CLICKS.items() if click is click_evidence_cell)
BUTTONS: dict[str, Event] = {ids.RESET_ALL: ResetAll(), ids.PRESENT_TOGGLE: PresenterToggled()}


def every(pattern: dict[str, str]) -> dict[str, object]:
    """The pattern-matching id that matches every component of `pattern`'s type (the rest set to ALL)."""
    return {key: value if key == "type" else ALL for key, value in pattern.items()}


#: Every code checklist, one per category.
CODE_CHECKLISTS = every(ids.codes_checklist(""))


def event_for(trigger: object, value: object) -> Event | None:
    """What happened, from the id of the input that fired (ctx.triggered_id) and its new value.

    None means there is nothing to do: a pattern button was redrawn, not clicked, or the id is
    not one this callback listens to (the request came from outside the page).
    """
    if trigger is None or trigger == ids.URL:
        return UrlChanged()
    if isinstance(trigger, Mapping):
        return _pattern_event(trigger, value)
    if not isinstance(trigger, str):
        return None
    if trigger in FIELD_OF_CONTROL:
        return ControlChanged(FIELD_OF_CONTROL[trigger])
    if trigger in SHORTCUT_SECTORS:
        return Shortcut(trigger)
    if trigger in QUOTE_STEPS:
        return QuoteStep(QUOTE_STEPS[trigger])
    if trigger in GRAPH_CLICKS:
        return ChartClicked(trigger, value)
    return BUTTONS.get(trigger)


def _pattern_event(trigger: Mapping, value: object) -> Event | None:
    kind = trigger.get("type")
    if kind == ids.CODES:
        return ControlChanged("codes")
    if kind not in BUTTON_TYPES or not value:
        return None
    code, quote, sector, column, topic = (trigger.get(key) for key in ("code", "quote", "sector", "column", "topic"))
    if kind == ids.CODE_CHIP and isinstance(code, str):
        return CodeToggled(code)
    if kind == ids.QUOTE_SELECT and isinstance(quote, str):
        return QuoteToggled(quote)
    if kind == ids.PICK_SECTOR and isinstance(sector, str):
        return SectorPicked(sector)
    if kind == ids.PICK_CELL and isinstance(column, str) and isinstance(code, str):
        return CellPicked(column, code)
    if kind == ids.PICK_EVIDENCE and isinstance(sector, str) and isinstance(topic, str):
        return EvidencePicked(sector, topic)
    if kind == ids.PICK_TOPIC and isinstance(topic, str):
        return TopicPicked(topic)
    return None


def opens_evidence(event: Event) -> bool:
    """Whether the event opens an evidence map cell (a row button or a click on the grid)."""
    return isinstance(event, EvidencePicked) or (isinstance(event, ChartClicked) and event.graph in MAP_GRAPHS)


def shown_topic(stored: object) -> str:
    """The topic the switch on the page shows: the posted store's (written with the switch), or
    the default the layout draws before any store exists. Junk reads as the default."""
    topic = stored.get("topic") if isinstance(stored, Mapping) else None
    return topic if isinstance(topic, str) else DEFAULT.topic


def topic_switch(event: Event, state: ViewState, stored: object, token: object) -> object:
    """The topic buttons to draw, or no_update when the page already shows them.

    After an evidence map click the pressed button is drawn anew with autoFocus, so focus (and the
    page) moves to the topic panel; `token` (new on every request) makes it new to React. Redrawing only
    when something changed matters: each redraw of pattern buttons makes Dash call back once more.
    """
    if opens_evidence(event):
        return topic_buttons(state.topic, focus=str(token))
    if state.topic != shown_topic(stored):
        return topic_buttons(state.topic)
    return no_update


def ticked_codes(groups: object) -> list[object]:
    """Every value ticked in any code checklist (one list per checklist; the browser may send junk)."""
    if not isinstance(groups, list):
        return []
    return [code for group in groups if isinstance(group, list) for code in group]


def codes_by_checklist(state: ViewState, context: AppContext, checklists: list[Mapping]) -> list[list[str]]:
    """What each code checklist should show, in the order Dash lists them (ctx.outputs_grouping)."""
    codebook = context.codebook
    category_of = dict(zip(codebook["code"], codebook["category"], strict=True))
    return [[c for c in state.codes if category_of.get(c) == checklist["id"]["category"]] for checklist in checklists]


def quote_order(context: AppContext, state: ViewState) -> list[str]:
    """Ids of the quotes the current filters show, in article order."""
    view = views.quotes_view(context, state)
    return [] if view.withheld else view.quotes["quote_id"].tolist()


def register(app: Dash, current: ContextGetter) -> None:
    @app.callback(
        output=dict(
            search=Output(ids.URL, "search"),
            store=Output(ids.STATE, "data"),
            controls={name: Output(control, "value") for control, name in FIELD_OF_CONTROL.items()},
            codes=Output(CODE_CHECKLISTS, "value"),
            topics=Output(ids.TOPIC_SWITCH, "children"),
        ),
        inputs=dict(
            search=Input(ids.URL, "search"),
            controls={name: Input(control, "value") for control, name in FIELD_OF_CONTROL.items()},
            codes=Input(CODE_CHECKLISTS, "value"),
            # The rest are read through ctx.triggered_id; their values do not matter.
            reset=Input(ids.RESET_ALL, "n_clicks"),
            shortcuts=[Input(button, "n_clicks") for button in SHORTCUT_SECTORS],
            graphs=[Input(graph, "clickData") for graph in GRAPH_CLICKS],
            chips=Input(every(ids.code_chip("", "")), "n_clicks"),
            selects=Input(every(ids.quote_select("")), "n_clicks"),
            pick_sectors=Input(every(ids.pick_sector("", "")), "n_clicks"),
            pick_cells=Input(every(ids.pick_cell("", "")), "n_clicks"),
            pick_evidence=Input(every(ids.pick_evidence("", "")), "n_clicks"),
            pick_topics=Input(every(ids.pick_topic("")), "n_clicks"),
            present=Input(ids.PRESENT_TOGGLE, "n_clicks"),
            steps=[Input(button, "n_clicks") for button in QUOTE_STEPS],
        ),
        state=dict(stored=State(ids.STATE, "data")),
    )
    def sync(search: str | None, controls: dict, codes: list, stored: object, **_clicks: Any) -> dict:
        event = event_for(ctx.triggered_id, ctx.triggered[0]["value"] if ctx.triggered else None)
        if event is None:
            # Chips and row buttons were redrawn, not clicked: nothing to do. Answering
            # would write the store again and redraw them again, in a loop.
            raise PreventUpdate
        context = current()  # the live extract, one object for the whole request
        now = from_query(search, context.choices)
        state = next_state(
            now,
            event,
            {**controls, "codes": ticked_codes(codes)},
            choices=context.choices,
            # The controls show the URL's state whenever a button can be pressed, so the quotes
            # on screen are those of `now`.
            quote_order=quote_order(context, now) if isinstance(event, QuoteStep) else (),
            click=GRAPH_CLICKS.get(event.graph) if isinstance(event, ChartClicked) else None,
        )
        query = to_query(state)
        shown: dict[str, object] = control_values(state)
        if event == ControlChanged("search"):
            shown["search"] = no_update  # rewriting the box being typed in would lose keystrokes
        # The store says which release wrote it, so that no panel drawn from other data joins the page.
        store = {**to_store(state), RELEASE_KEY: context.extract.release}
        return dict(
            search=no_update if isinstance(event, UrlChanged) or query == (search or "") else query,
            store=no_update if store == stored else store,
            controls=shown,
            codes=codes_by_checklist(state, context, ctx.outputs_grouping["codes"]),
            # A fresh token per request, so a second click on the same cell focuses again.
            topics=topic_switch(event, state, stored, time.time_ns()),
        )
