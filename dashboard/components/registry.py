"""The cards: one definition each, which the layout, the callbacks, the start-up check
and the tests all iterate.

Adding a card means adding one `Card` here, its key to `ids.CARD_KEYS` (the view state
validates card keys below this layer; an import-time check catches a missing one), its view
builder in a module of `dashboard/views/` (its words in `views/wording.py`) and its About text
in `components/about.py`; the layout, the
callbacks, the zip of everything, the start-up check, the benchmarks and the tests
iterate this registry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dash.development.base_component import Component

from dashboard import transitions
from dashboard.components import about
from dashboard.context import AppContext
from dashboard.ids import CARD_KEYS, CARD_VIEWS, CardIds, view_token
from dashboard.state import ViewState
from dashboard.transitions import ClickTransition
from dashboard.views import evidence, published, qualitative, survey
from dashboard.views.model import CardView, highlighted

ViewBuilder = Callable[[AppContext, ViewState], CardView]
AboutBuilder = Callable[[AppContext], Sequence[Component]]


@dataclass(frozen=True)
class Card:
    key: str
    #: The small heading above the card's title: what the card is about.
    kicker: str
    view: ViewBuilder
    about: AboutBuilder
    #: The view state's fields its view reads (the highlight and presenter mode in every card's).
    #: The view is drawn from these alone (`inputs`), so two states that agree on them draw the
    #: same card: the page keeps a card whose inputs did not change without it being worked out
    #: again (callbacks/panels.py), and one memoised view serves them all.
    #: tests/components/test_registry.py checks that no view reads a field it does not name.
    reads: frozenset[str]
    #: What a click on a mark of the chart does to the view; None for a card without a chart.
    on_click: ClickTransition | None = None
    #: The survey table a card draws on, so the card can say when it is synthetic.
    survey_table: str | None = None
    #: A grid (sector x topic, code or barrier) that cannot be read on a narrow screen: its table is
    #: built in every view, and at 640 CSS px and less the page shows it in place of the chart.
    grid: bool = False

    @property
    def ids(self) -> CardIds:
        return CardIds.of(self.key)

    @property
    def has_chart(self) -> bool:
        return self.on_click is not None

    @property
    def views(self) -> tuple[str, ...]:
        """Its Chart / Table / About choices; the first is the default. A card without a chart
        opens on its table."""
        return CARD_VIEWS if self.has_chart else CARD_VIEWS[1:]

    def view_in(self, state: ViewState) -> str:
        """The view the state asks this card to show: the first of its views the state names
        (a crafted URL may name two), else its default."""
        return next((v for v in self.views[1:] if view_token(self.key, v) in state.views), self.views[0])

    def inputs(self, state: ViewState) -> ViewState:
        """`state` with every field the card does not read at its default: what its view is drawn from."""
        return ViewState(**{name: getattr(state, name) for name in self.reads})

    def render(self, context: AppContext, state: ViewState) -> CardView:
        """The card's view of `state` (of its `inputs`), with a highlighted sector marked in its chart."""
        inputs = self.inputs(state)
        return highlighted(self.view(context, inputs), inputs)

    def synthetic(self, context: AppContext) -> bool:
        return self.survey_table is not None and context.extract.is_synthetic(self.survey_table)


#: Every card's view reads these: the highlighted sector (marked in its chart and table) and
#: presenter mode (shorter words and larger type for a shared screen).
EVERY_CARD_READS = ("highlight", "present")


def _reads(*names: str) -> frozenset[str]:
    """A card's `reads`: these and `EVERY_CARD_READS`, each a field of the view state (checked here,
    at import, so a misspelt one fails at once instead of reading as its default)."""
    known = {f.name for f in dataclasses.fields(ViewState) if f.compare}
    unknown = set(names) - known
    if unknown:  # pragma: no cover - a programming error
        raise RuntimeError(f"not view state fields: {sorted(unknown)}")
    return frozenset((*names, *EVERY_CARD_READS))


#: In page order: real evidence first (the evidence map, the topic panel, the findings matrix and the
#: published figures), then the survey explorer cards drawn from the (synthetic) surveys.
CARDS: tuple[Card, ...] = (
    Card(
        evidence.MAP_KEY,
        "Evidence map · real sources only",
        evidence.map_view,
        about.evidence_map,
        reads=_reads("sectors", "sources", "topic"),
        on_click=transitions.click_evidence_cell,
        grid=True,
    ),
    Card(
        evidence.TOPIC_KEY,
        "Published figures by topic",
        evidence.topic_view,
        about.topic_figures,
        reads=_reads("sectors", "sources", "topic"),
        on_click=transitions.ignore_click,
    ),
    Card(
        "matrix",
        "What managers raised · qualitative",
        qualitative.matrix_view,
        about.matrix,
        reads=_reads("sectors", "themes", "codes", "groups", "search"),
        on_click=transitions.click_matrix_cell,
        grid=True,
    ),
    Card(
        "published",
        "Published figures",
        published.published_view,
        about.published,
        reads=_reads("sectors", "sources"),
    ),
    Card(
        "admin",
        "Admin burden · time use",
        survey.admin_view,
        about.admin,
        reads=_reads("sectors", "frontline"),
        on_click=transitions.click_bar,
        survey_table="time_use_survey",
    ),
    Card(
        "ai",
        "AI adoption · organisations",
        survey.ai_view,
        about.ai,
        reads=_reads("sectors", "regions", "size_bands"),
        on_click=transitions.click_bar,
        survey_table="org_survey",
    ),
    Card(
        "barriers",
        "Barriers · organisations",
        survey.barriers_view,
        about.barriers,
        reads=_reads("sectors", "codes", "regions", "size_bands"),
        on_click=transitions.click_barrier_cell,
        survey_table="org_survey",
        grid=True,
    ),
)

CHART_CARDS: tuple[Card, ...] = tuple(card for card in CARDS if card.has_chart)
if tuple(card.key for card in CARDS) != CARD_KEYS:  # pragma: no cover - a programming error
    raise RuntimeError("ids.CARD_KEYS must list the registry's card keys in page order")


def view_tokens(shown: Mapping[str, object]) -> list[str]:
    """The view state's `views` from what each card's view switch shows, by card key: one token per
    card not on its default view. Values the card does not offer (the browser sent them) are dropped."""
    return [
        view_token(card.key, value)
        for card in CARDS
        if (value := shown.get(card.key)) in card.views[1:] and isinstance(value, str)
    ]


def views_shown(state: ViewState) -> dict[str, str]:
    """What each card's view switch should show for `state`, by card key."""
    return {card.key: card.view_in(state) for card in CARDS}


def card(key: str) -> Card:
    """The card with this key; raises KeyError for an unknown key."""
    for entry in CARDS:
        if entry.key == key:
            return entry
    raise KeyError(key)
