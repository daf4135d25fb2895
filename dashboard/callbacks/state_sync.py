"""One callback keeps the URL, the controls and the state store in step.

Dash forbids cycles across callbacks but allows them inside one, so the URL and
every control are both inputs and outputs here. Opening a link or pressing
Back/Forward sets the controls from the URL; using a control (or clicking a
chart, a matrix cell or a code chip) writes the URL, which pushes history.

The callback only works out what happened (`request_event`, `event_for`) and hands it to
`transitions.next_state`, where everything an event does to the view lives.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.components.layout import topic_buttons
from dashboard.components.registry import CARDS, CHART_CARDS, view_tokens, views_shown
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
    CodePicked,
    CodeToggled,
    ControlChanged,
    ControlsPosted,
    Event,
    EvidencePicked,
    HighlightCleared,
    PresenterToggled,
    QuoteToggled,
    ResetAll,
    SectorPicked,
    Shortcut,
    ShowOnlyHighlighted,
    TopicPicked,
    UrlChanged,
    click_evidence_cell,
    click_matrix_cell,
    next_state,
)

#: The state field each control shows, by the control's DOM id.
FIELD_OF_CONTROL: dict[str, str] = {f.control: f.name for f in CONTROL_FIELDS if f.control}
#: What a click on each chart does, by its graph's DOM id.
GRAPH_CLICKS = {card.ids.graph: card.on_click for card in CHART_CARDS}
#: Each card's Chart / Table / About switch, by its DOM id: the URL holds what each shows.
VIEW_SWITCHES = frozenset(card.ids.view for card in CARDS)
#: Pattern-matched buttons. Redrawing one fires the callback with n_clicks None, which is no click.
BUTTON_TYPES = frozenset({ids.PICK_TOPIC})
#: What assets/drawn.js writes to the picked store when a control it drew is pressed (a table row's
#: button, a quote's code chip or select button) or a code's name beside the findings matrix is clicked.
PICK_TYPES = frozenset(
    {ids.PICK_SECTOR, ids.PICK_CELL, ids.PICK_EVIDENCE, ids.PICK_CODE, ids.CODE_CHIP, ids.QUOTE_SELECT}
)
#: Graphs whose click opens an evidence map cell (and so moves focus to the topic switch).
MAP_GRAPHS = frozenset(graph for graph, click in GRAPH_CLICKS.items() if click is click_evidence_cell)
#: Graphs whose cell click opens the evidence panel (and so moves focus to it).
MATRIX_GRAPHS = frozenset(graph for graph, click in GRAPH_CLICKS.items() if click is click_matrix_cell)
BUTTONS: dict[str, Event] = {
    ids.RESET_ALL: ResetAll(),
    ids.PRESENT_TOGGLE: PresenterToggled(),
    ids.HIGHLIGHT_SHOW_ONLY: ShowOnlyHighlighted(),
    ids.HIGHLIGHT_CLEAR: HighlightCleared(),
}


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
        return _pattern_event(trigger, value) if trigger.get("type") in BUTTON_TYPES | {ids.CODES} else None
    if trigger == ids.PICKED:
        # What the page wrote there is untrusted like any input: a mapping of a drawn button's kind and target.
        if isinstance(value, Mapping) and value.get("type") in PICK_TYPES:
            return _pattern_event(value, True)
        return None
    if not isinstance(trigger, str):
        return None
    if trigger in FIELD_OF_CONTROL:
        return ControlChanged(FIELD_OF_CONTROL[trigger])
    if trigger in VIEW_SWITCHES:
        return ControlChanged("views")
    if trigger in SHORTCUT_SECTORS:
        return Shortcut(trigger)
    if trigger in GRAPH_CLICKS:
        return ChartClicked(trigger, value)
    return BUTTONS.get(trigger)


def split_prop_id(prop_id: object) -> tuple[object, str]:
    """The component id (a dict for a pattern id, as Dash's ctx.triggered_id gives it) and the
    property of one of ctx.triggered's "id.prop" strings. Junk gives (None, "")."""
    if not isinstance(prop_id, str) or "." not in prop_id:
        return None, ""
    component, _, prop = prop_id.rpartition(".")
    if not component:
        return None, ""
    if component.startswith("{"):
        try:
            return json.loads(component), prop
        except ValueError:
            return None, ""
    return component, prop


def request_event(triggered: Sequence[Mapping[str, object]]) -> Event | None:
    """The one event a request answers, from every input that fired for it (ctx.triggered).

    Dash sends one request for several inputs that changed before it got round to calling back
    (it merges them, in the order they were requested). When the URL is one of them, the user's
    action (a control, a button, a click) wins: `next_state` ignores the posted controls for a URL
    change, so answering the URL would write the controls back to the URL's older state and undo the
    click. A redrawn pattern button is no action and never wins. The URL alone (Back/Forward, an
    opened link) and no trigger at all (first load) are still UrlChanged; only redrawn buttons, None.
    """
    fired = [(*split_prop_id(entry.get("prop_id")), entry.get("value")) for entry in triggered]
    fired = [(trigger, prop, value) for trigger, prop, value in fired if trigger is not None]
    if not fired:
        return UrlChanged()
    events = [event for trigger, _, value in fired if (event := event_for(trigger, value)) is not None]
    actions = [event for event in events if not isinstance(event, UrlChanged)]
    if actions:
        return actions[0]
    return events[0] if events else None


def anything_fired(triggered: Sequence[Mapping[str, object]]) -> bool:
    """Whether any input fired (ctx.triggered holds one dummy entry, ".", when none did)."""
    return any(split_prop_id(entry.get("prop_id"))[0] is not None for entry in triggered)


def unprompted_event(now: ViewState, stored: object) -> Event:
    """What a request that nothing fired answers, from the URL's view (`now`) and the posted store.

    With no store yet it is the first load: the URL is the view. Later, Dash calls back with nothing
    fired when a redraw adds or removes pattern-matched buttons, and drops a request of the user's
    still in flight to do so (CI once lost a click that way). The store is the view sync last wrote,
    which the URL and the controls both showed then: if the URL has moved on from it (Back or Forward,
    whose own request was the one dropped), the URL is newer; otherwise the controls are, and they
    are the view (`ControlsPosted`: unchanged controls change nothing)."""
    if not isinstance(stored, Mapping):
        return UrlChanged()
    written = {key: value for key, value in stored.items() if key != RELEASE_KEY}
    if to_store(replace(now, views=DEFAULT.views)) != written:
        return UrlChanged()
    return ControlsPosted()


def _pattern_event(trigger: Mapping, value: object) -> Event | None:
    kind = trigger.get("type")
    if kind == ids.CODES:
        return ControlChanged("codes")
    if kind not in BUTTON_TYPES | PICK_TYPES or not value:
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
    if kind == ids.PICK_CODE and isinstance(code, str):
        return CodePicked(code)
    if kind == ids.PICK_EVIDENCE and isinstance(sector, str) and isinstance(topic, str):
        return EvidencePicked(sector, topic)
    if kind == ids.PICK_TOPIC and isinstance(topic, str):
        return TopicPicked(topic)
    return None


def opens_evidence(event: Event) -> bool:
    """Whether the event opens an evidence map cell (a row button or a click on the grid)."""
    return isinstance(event, EvidencePicked) or (isinstance(event, ChartClicked) and event.graph in MAP_GRAPHS)


def opens_findings(event: Event, state: ViewState) -> bool:
    """Whether the event opens the evidence panel, so focus moves to it: a matrix cell (a click or its
    table row's button), a code's name beside the matrix, or a code chip that adds its code."""
    if isinstance(event, CellPicked | CodePicked):
        return True
    if isinstance(event, CodeToggled):
        return event.code in state.codes
    return isinstance(event, ChartClicked) and event.graph in MATRIX_GRAPHS


def findings_focus(event: Event, state: ViewState, token: object) -> object:
    """A new token for the evidence panel when the event opens it (the panel is drawn again and the
    browser moves focus to its heading, assets/findings.js), else no_update."""
    return {"token": str(token)} if opens_findings(event, state) else no_update


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


def same_value(shown: object, wanted: object) -> bool:
    """Whether a control showing `shown` already shows `wanted` (a checklist's ticks in any order)."""
    if isinstance(shown, list) and isinstance(wanted, list):
        return all(isinstance(v, str) for v in shown) and sorted(shown) == sorted(wanted)
    return shown == wanted


def unchanged_left_alone(wanted: Mapping[str, object], shown: Mapping[str, object]) -> dict[str, object]:
    """`wanted` (what each control should show, by field), with no_update for each control that shows it."""
    return {name: no_update if same_value(shown.get(name), value) else value for name, value in wanted.items()}


def checklists_to_write(wanted: list[list[str]], shown: object) -> list[object]:
    """What to write to each code checklist: no_update where it shows its codes already. `shown` is
    the posted value of every checklist, in the same order (junk writes every one)."""
    if not isinstance(shown, list) or len(shown) != len(wanted):
        return list(wanted)
    return [no_update if same_value(now, want) else want for now, want in zip(shown, wanted, strict=True)]


def register(app: Dash, current: ContextGetter) -> None:
    @app.callback(
        output=dict(
            search=Output(ids.URL, "search"),
            store=Output(ids.STATE, "data"),
            controls={name: Output(control, "value") for control, name in FIELD_OF_CONTROL.items()},
            codes=Output(CODE_CHECKLISTS, "value"),
            topics=Output(ids.TOPIC_SWITCH, "children"),
            views={card.key: Output(card.ids.view, "value") for card in CARDS},
            findings_focus=Output(ids.FINDINGS_FOCUS, "data"),
        ),
        inputs=dict(
            search=Input(ids.URL, "search"),
            controls={name: Input(control, "value") for control, name in FIELD_OF_CONTROL.items()},
            codes=Input(CODE_CHECKLISTS, "value"),
            views={card.key: Input(card.ids.view, "value") for card in CARDS},
            # The rest are read through ctx.triggered; their values do not matter.
            reset=Input(ids.RESET_ALL, "n_clicks"),
            shortcuts=[Input(button, "n_clicks") for button in SHORTCUT_SECTORS],
            graphs=[Input(graph, "clickData") for graph in GRAPH_CLICKS],
            picked=Input(ids.PICKED, "data"),
            pick_topics=Input(every(ids.pick_topic("")), "n_clicks"),
            present=Input(ids.PRESENT_TOGGLE, "n_clicks"),
            highlight=[Input(button, "n_clicks") for button in (ids.HIGHLIGHT_SHOW_ONLY, ids.HIGHLIGHT_CLEAR)],
        ),
        state=dict(stored=State(ids.STATE, "data")),
    )
    def sync(search: str | None, controls: dict, codes: list, views: dict, stored: object, **_clicks: Any) -> dict:
        # ctx.triggered is a falsy list holding a dummy entry when nothing fired.
        fired = list(ctx.triggered) if ctx.triggered else []
        event = request_event(fired)
        if event is None:
            # Topic buttons were redrawn, not clicked: nothing to do. Answering
            # would write the store again and redraw them again, in a loop.
            raise PreventUpdate
        context = current()  # the live extract, one object for the whole request
        now = from_query(search, context.choices)
        if not anything_fired(fired):
            event = unprompted_event(now, stored)
        state = next_state(
            now,
            event,
            {**controls, "codes": ticked_codes(codes), "views": view_tokens(views)},
            choices=context.choices,
            click=GRAPH_CLICKS.get(event.graph) if isinstance(event, ChartClicked) else None,
        )
        query = to_query(state)
        # Only a control that should show something else is written. An answer can be applied after the
        # user has clicked again (it resolved while the page was busy drawing): rewriting a control it
        # did not change would undo that click on screen, and the next request would then send the
        # undone value. The search box being typed in is never rewritten (that would lose keystrokes).
        shown = unchanged_left_alone(control_values(state), controls)
        if event == ControlChanged("search"):
            shown["search"] = no_update
        # The store says which release wrote it, so that no panel drawn from other data joins the page.
        # Which card shows its table is the URL's business, not the panels': leaving it out of the store
        # means switching one card's view redraws nothing else.
        store = {**to_store(replace(state, views=DEFAULT.views)), RELEASE_KEY: context.extract.release}
        return dict(
            search=no_update if isinstance(event, UrlChanged) or query == (search or "") else query,
            store=no_update if store == stored else store,
            controls=shown,
            codes=checklists_to_write(codes_by_checklist(state, context, ctx.outputs_grouping["codes"]), codes),
            # A fresh token per request, so a second click on the same cell focuses again.
            topics=topic_switch(event, state, stored, time.time_ns()),
            findings_focus=findings_focus(event, state, time.time_ns()),
            # Only a switch that shows something else is written: writing one asks the panels for its table.
            views={key: no_update if views.get(key) == view else view for key, view in views_shown(state).items()},
        )
