"""Each card's `reads`: its view is drawn from those fields of the view state and no other.

The page keeps a card as drawn when the fields it reads did not change (callbacks/panels.py), so
a field a view reads but its card does not name would leave a stale card on screen. Views are
drawn from `Card.inputs` (the other fields at their defaults), so such a field would also be
silently ignored; these tests compare a card drawn from the whole state with one drawn from its
inputs, and show that dropping any named field is caught.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.components.registry import CARDS, EVERY_CARD_READS, Card
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.ids import view_token
from dashboard.settings import Settings
from dashboard.state import FRONTLINE_OPTIONS, ViewState, validated
from dashboard.views.model import CardView, highlighted


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings(view_cache=0))


def printed(view: CardView) -> str:
    """Everything a view puts on the page or in its CSV, as text to compare."""
    chart = view.chart
    return json.dumps(
        [
            view.title,
            view.subtitle,
            chart and chart.figure,
            chart and chart.description,
            view.caption,
            view.table.to_json(orient="split"),
            [str(t) for t in view.table.dtypes],
            view.export.to_csv(index=False),
            [repr(a) for a in view.actions],
            view.highlighted_rows,
        ],
        default=str,
    )


def unprojected(card: Card, context, state: ViewState) -> CardView:
    """The card's view drawn from the whole state, as `Card.render` would without `inputs`."""
    return highlighted(card.view(context, state), state)


def _subset(values):
    return st.lists(st.sampled_from(list(values)), unique=True, max_size=3).map(
        lambda picked: tuple(v for v in values if v in picked)
    )


@st.composite
def any_state(draw, choices):
    tokens = [view_token(c.key, v) for c in CARDS for v in c.views[1:]]
    size_bands = draw(_subset(vocab.SIZE_BANDS))
    return validated(
        ViewState(
            sectors=draw(_subset(vocab.SECTORS).filter(bool) | st.just(vocab.SECTORS)),
            themes=draw(_subset(choices.themes)),
            codes=draw(_subset(choices.codes)),
            sources=draw(_subset(choices.sources)),
            methods=draw(_subset(tuple(vocab.METHODS)) | st.just(tuple(vocab.METHODS))),
            groups=draw(_subset(tuple(vocab.PARTICIPANT_GROUPS)) | st.just(tuple(vocab.PARTICIPANT_GROUPS))),
            size_bands=size_bands,
            regions=() if size_bands else draw(_subset(vocab.REGIONS)),
            frontline=draw(st.sampled_from(FRONTLINE_OPTIONS)),
            search=draw(st.sampled_from(("", "time", "data", "AI", "training"))),
            topic=draw(st.sampled_from(list(vocab.TOPICS))),
            quote=draw(st.sampled_from(("", *choices.quotes[:10]))),
            highlight=draw(st.sampled_from(("", *vocab.SECTORS))),
            views=tuple(draw(st.lists(st.sampled_from(tokens), unique=True, max_size=2))),
            present=draw(st.booleans()),
        ),
        choices,
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_card_is_drawn_from_the_fields_it_reads_alone(context, data):
    state = data.draw(any_state(context.choices))
    for card in CARDS:
        assert printed(card.render(context, state)) == printed(unprojected(card, context, state)), card.key


def _one_field_set(context, name: str) -> list[ViewState]:
    """States that each differ from the default in `name` alone."""
    barriers = tuple(c for c in context.choices.codes if c.startswith("barrier"))
    values = {
        "sectors": [("health", "police"), ("fire",)],
        "sources": [context.choices.sources[:1], context.choices.sources[1:3]],
        "topic": list(vocab.TOPICS)[1:],
        "themes": [context.choices.themes[:1]],
        "codes": [barriers[:1], context.choices.codes[-1:]],
        "groups": [tuple(vocab.PARTICIPANT_GROUPS)[:1]],
        "search": ["time"],
        "frontline": ["frontline"],
        "regions": [vocab.REGIONS[:1]],
        "size_bands": [vocab.SIZE_BANDS[:1]],
        "highlight": list(vocab.SECTORS),
        "present": [True],
    }
    return [dataclasses.replace(ViewState(), **{name: value}) for value in values[name]]


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.key)
def test_a_field_left_out_of_a_cards_reads_would_be_caught(context, card):
    """Each field a card names changes what it draws, so the comparison above fails if it is dropped."""
    for name in sorted(card.reads):
        blind = dataclasses.replace(card, reads=card.reads - {name})
        caught = [
            state
            for state in _one_field_set(context, name)
            if printed(blind.render(context, state)) != printed(unprojected(blind, context, state))
        ]
        assert caught, (card.key, name)


def test_every_card_reads_the_highlight_and_presenter_mode():
    assert all(set(EVERY_CARD_READS) <= card.reads for card in CARDS)
