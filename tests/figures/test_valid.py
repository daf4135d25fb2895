"""Every figure the app draws, for the shipped extract, is one plotly accepts and one JSON can carry.

The builders write plain dicts (figures/base.py says why), so nothing checks a property's name or
value as it is written: this runs each card's figure, in every state that changes what it draws,
through plotly's own validation, so a dict cannot drift into a property plotly does not have.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from dashboard.components import registry
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import ViewState

#: What changes what a chart draws: presenter mode, the sector filter (none draws the empty chart),
#: each topic (the topic panel's units and scales), a highlight of every sector (each card's marks).
STATES = [
    ViewState(),
    ViewState(present=True),
    ViewState(sectors=()),
    ViewState(sectors=("health",), present=True),
    *(ViewState(topic=topic) for topic in vocab.TOPICS),
    *(ViewState(topic=topic, present=True) for topic in vocab.TOPICS),
    *(ViewState(highlight=sector) for sector in vocab.SECTORS),
    *(ViewState(highlight=sector, topic=topic) for sector in vocab.SECTORS for topic in vocab.TOPICS),
    ViewState(highlight="police", present=True),
]


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


@pytest.mark.parametrize("card", registry.CHART_CARDS, ids=lambda card: card.key)
def test_every_figure_passes_plotly_validation_and_is_plain_json(context, card):
    marked = 0
    for state in STATES:
        figure = card.render(context, state).chart.figure
        assert isinstance(figure, dict) and set(figure) == {"data", "layout"}
        # Plain JSON: no numpy or pandas values, no NaN (which is not JSON).
        assert json.loads(json.dumps(figure, allow_nan=False)) == figure
        go.Figure(figure)  # raises ValueError on any property or value plotly does not accept
        marked += "highlighted" in card.render(context, state).chart.description
    assert marked, "some state draws the highlight, so its marks are validated too"


def test_validation_would_catch_a_misspelt_property(context):
    figure = registry.card("ai").render(context, ViewState()).chart.figure
    figure = {**figure, "data": [{**figure["data"][0], "markr": {"color": "red"}}]}
    with pytest.raises(ValueError, match="markr"):
        go.Figure(figure)
