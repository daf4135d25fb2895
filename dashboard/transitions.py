"""Pure view-state transitions: (state, what happened) -> new state.

Everything a click, a button or a key press does to the view is here, as plain
functions of ViewState that tests call directly; the Dash callback only works out
what happened (an `Event`) and calls `next_state`. The module runs past 250 lines
because the events and what each does are one closed set, read against each other:
`next_state`'s `match` is the index of both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from dashboard import ids
from dashboard.data import vocab
from dashboard.state import DEFAULT, Choices, ViewState, one_breakdown, validated, with_controls

#: A plotly click's point, as Dash passes it in clickData["points"][0].
Point = Mapping[str, object]
#: What a click on one chart's mark does to the view (each card names its own, in the registry).
ClickTransition = Callable[[ViewState, Point], ViewState]
#: What the filter controls hold, by state field name ("codes": every code ticked, in any category).
Controls = Mapping[str, object]

#: The sectors each shortcut button selects.
SHORTCUT_SECTORS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        ids.SHORTCUT_ALL: vocab.SECTORS,
        ids.SHORTCUT_FRONTLINE: tuple(vocab.SECTOR_GROUPS["frontline"]),
        ids.SHORTCUT_CENTRAL_LOCAL: tuple(vocab.SECTOR_GROUPS["central_and_local"]),
    }
)


# -- events: what happened on the page ---------------------------------------------------------
@dataclass(frozen=True)
class UrlChanged:
    """First load, an opened link, or Back/Forward: the URL is the view."""


@dataclass(frozen=True)
class ControlsPosted:
    """Nothing fired, on a page that has drawn a view already: Dash calls back like this when a redraw
    adds or removes pattern-matched buttons, and drops the user's own request still in flight to do
    so. The posted controls then hold the user's newest change: the view is what they show."""


@dataclass(frozen=True)
class ControlChanged:
    """A filter control changed; `field` is the state field it shows (see state.FIELDS)."""

    field: str


@dataclass(frozen=True)
class ResetAll:
    """Everything back to the default, except presenter mode (the audience is still watching)."""


@dataclass(frozen=True)
class Shortcut:
    """A sector shortcut button, by its DOM id (a key of SHORTCUT_SECTORS)."""

    button: str


@dataclass(frozen=True)
class PresenterToggled:
    """The presenter mode button: into presenter mode, or out of it."""


@dataclass(frozen=True)
class ShowOnlyHighlighted:
    """The highlight bar's "Show only" button: filter to the highlighted sector."""


@dataclass(frozen=True)
class HighlightCleared:
    """The highlight bar's "Clear highlight" button."""


@dataclass(frozen=True)
class CodeToggled:
    """A code chip on a quote."""

    code: str


@dataclass(frozen=True)
class QuoteToggled:
    """A quote's select control: selects it, or clears the selection if it is the selected one."""

    quote: str


@dataclass(frozen=True)
class SectorPicked:
    """A chart table row's "Show only <sector>" button: the keyboard route to a bar click."""

    sector: str


@dataclass(frozen=True)
class CellPicked:
    """A matrix table row's "Show findings" button: the keyboard route to a matrix cell click."""

    column: str
    code: str


@dataclass(frozen=True)
class CodePicked:
    """A code's name beside the findings matrix: that code's findings and quotes, in the groups shown."""

    code: str


@dataclass(frozen=True)
class EvidencePicked:
    """An evidence map row's "Open evidence" button: that sector's evidence on that topic."""

    sector: str
    topic: str


@dataclass(frozen=True)
class TopicPicked:
    """A topic switch button above the topic panel."""

    topic: str


@dataclass(frozen=True)
class ChartClicked:
    """A click on a chart's mark; `click_data` is the graph's clickData, as the browser sent it."""

    graph: str
    click_data: object


Event = (
    UrlChanged
    | ControlsPosted
    | ControlChanged
    | ResetAll
    | Shortcut
    | PresenterToggled
    | ShowOnlyHighlighted
    | HighlightCleared
    | CodeToggled
    | QuoteToggled
    | SectorPicked
    | CellPicked
    | CodePicked
    | EvidencePicked
    | TopicPicked
    | ChartClicked
)


# -- clicks on marks (the card registry names these) ---------------------------------------------
def sectors_for(clicked: object) -> tuple[str, ...]:
    """The sectors a click on a sector's mark selects (the survey groups police and fire)."""
    if clicked == "police_and_fire":
        return ("police", "fire")
    return (clicked,) if isinstance(clicked, str) and clicked in vocab.SECTORS else DEFAULT.sectors


def highlight(state: ViewState, clicked: object) -> ViewState:
    """Highlight the clicked sector in every panel, or take the highlight off if it is the one
    highlighted. The comparison stays on screen; "Show only" is a separate action. The survey's
    combined police and fire group highlights police (its bar is marked for either)."""
    sector = "police" if clicked == "police_and_fire" else clicked
    if not (isinstance(sector, str) and sector in vocab.SECTORS):
        return state
    return replace(state, highlight="" if state.highlight == sector else sector)


def click_bar(state: ViewState, point: Point) -> ViewState:
    """A sector's bar: highlight that sector. Bars carry the sector id as customdata."""
    return highlight(state, point.get("customdata"))


def click_barrier_cell(state: ViewState, point: Point) -> ViewState:
    """A barrier grid cell (placed by id: x is the sector, y the barrier code): highlight the sector."""
    return highlight(state, point.get("x"))


def show_only_highlighted(state: ViewState) -> ViewState:
    """Filter every panel to the highlighted sector; the highlight has done its job."""
    if not state.highlight:
        return state
    return replace(state, sectors=sectors_for(state.highlight), highlight="")


def click_matrix_cell(state: ViewState, point: Point) -> ViewState:
    """A findings matrix cell (x is the participant group column, y the code)."""
    x, y = point.get("x"), point.get("y")
    if not (isinstance(x, str) and isinstance(y, str)):
        return state
    return pick_matrix_cell(state, x, y)


def pick_matrix_cell(state: ViewState, column: str, code: str) -> ViewState:
    """Narrow to one matrix column (a sector's managers, or former civil servants) and one code."""
    if column == "former_civil_servant":
        return replace(state, groups=("former_civil_servant",), codes=(code,))
    if column in vocab.SECTORS:
        return replace(state, sectors=(column,), groups=("current_manager",), codes=(code,))
    return replace(state, codes=(code,))


def pick_code(state: ViewState, code: str) -> ViewState:
    """One code's findings and quotes, in every group the filters show (the sectors stay as they are)."""
    return replace(state, codes=(code,))


def click_evidence_cell(state: ViewState, point: Point) -> ViewState:
    """An evidence map cell (placed by id: x is the topic, y the sector)."""
    x, y = point.get("x"), point.get("y")
    if not (isinstance(x, str) and isinstance(y, str)):
        return state
    return pick_evidence(state, y, x)


def pick_evidence(state: ViewState, sector: str, topic: str) -> ViewState:
    """Open one cell of the evidence map: show only that sector, and that topic in the topic panel.
    An unknown sector or topic (the id or click came from the browser) changes nothing."""
    if sector not in vocab.SECTORS or topic not in vocab.TOPICS:
        return state
    return replace(state, sectors=(sector,), topic=topic)


def pick_topic(state: ViewState, topic: str) -> ViewState:
    """The topic switch: the topic panel shows `topic`; an unknown topic changes nothing."""
    return replace(state, topic=topic) if topic in vocab.TOPICS else state


def ignore_click(state: ViewState, point: Point) -> ViewState:
    """A chart whose marks select nothing: the topic panel's figures (each row of its table links to
    the figure's source instead)."""
    return state


def apply_click(state: ViewState, click_data: object, click: ClickTransition) -> ViewState:
    """A chart's clickData through its card's transition. clickData comes from the browser, so
    anything not shaped like plotly's (a mapping whose "points" is a list of mappings) is ignored."""
    points = click_data.get("points") if isinstance(click_data, Mapping) else None
    point = points[0] if isinstance(points, list) and points else None
    return click(state, point) if isinstance(point, Mapping) else state


# -- buttons ----------------------------------------------------------------------------------
def toggle_code(state: ViewState, code: str, choices: Choices) -> ViewState:
    """A code chip: add the code to the filter, or take it off; codes stay in codebook order."""
    if code not in choices.codes:
        return state
    chosen = set(state.codes) ^ {code}
    return replace(state, codes=tuple(c for c in choices.codes if c in chosen))


def toggle_quote(state: ViewState, quote: str, choices: Choices) -> ViewState:
    if quote not in choices.quotes:
        return state
    return replace(state, quote="" if state.quote == quote else quote)


# -- the one entry point ------------------------------------------------------------------------
def next_state(
    current: ViewState,
    event: Event,
    controls: Controls,
    *,
    choices: Choices,
    click: ClickTransition | None = None,
) -> ViewState:
    """The view after `event`, from the view in the URL (`current`) and what the controls hold.

    `click` is the clicked chart's transition (for ChartClicked). The result is always valid for `choices`:
    click data and pattern ids come from the browser.
    """
    if isinstance(event, UrlChanged):
        return current
    if isinstance(event, ResetAll):
        return replace(DEFAULT, present=current.present)
    state = with_controls(current, controls, choices)
    # Ticking a size clears any region, and the reverse: the newest choice wins, with a notice.
    state = one_breakdown(state, keep="size_bands" if event == ControlChanged("size_bands") else "regions")
    match event:
        case Shortcut(button=button) if button in SHORTCUT_SECTORS:
            state = replace(state, sectors=SHORTCUT_SECTORS[button])
        case PresenterToggled():
            state = replace(state, present=not state.present)
        case ShowOnlyHighlighted():
            state = show_only_highlighted(state)
        case HighlightCleared():
            state = replace(state, highlight="")
        case CodeToggled(code=code):
            state = toggle_code(state, code, choices)
        case QuoteToggled(quote=quote):
            state = toggle_quote(state, quote, choices)
        case SectorPicked(sector=sector):
            state = replace(state, sectors=sectors_for(sector))
        case CellPicked(column=column, code=code):
            state = _if_known(pick_matrix_cell(state, column, code), state, choices)
        case CodePicked(code=code):
            state = _if_known(pick_code(state, code), state, choices)
        case EvidencePicked(sector=sector, topic=topic):
            state = pick_evidence(state, sector, topic)
        case TopicPicked(topic=topic):
            state = pick_topic(state, topic)
        case ChartClicked(click_data=data) if click is not None:
            state = _if_known(apply_click(state, data, click), state, choices)
    return validated(state, choices)


def _if_known(changed: ViewState, state: ViewState, choices: Choices) -> ViewState:
    """A click or button naming a code or quote this extract does not know (its id or data came from
    the browser) does nothing, rather than half of what it says."""
    return changed if validated(changed, choices) == changed else state
