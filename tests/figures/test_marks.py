"""The marks a figure carries inside itself: a highlighted sector, and SYNTHETIC DATA."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from dashboard.components import registry
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.figures import palette, topic_panels
from dashboard.figures.marks import MARK_ROOM, PRESENT_MARK_ROOM, SYNTHETIC_MARK, mark_highlight, mark_synthetic
from dashboard.settings import Settings
from dashboard.state import ViewState
from dashboard.views.model import highlighted
from tests.figures.reading import read


def published(*rows: dict) -> pd.DataFrame:
    base = {
        "unit_of_count": "organisations",
        "publisher": "Office for National Statistics",
        "year": 2024,
        "reporter": None,
        "measure_label": "Using AI",
        "population": "Public sector organisations",
        "value": 40.0,
        "unit": "percent",
        "value_text": "40%",
    }
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.fixture
def panels() -> dict:
    """Five figures: two about health (one a number with no scale, so no bar), one about the
    survey's police and fire group, one about a role group and one about education."""
    return topic_panels.figure_panels(
        published(
            {"estimate_id": "H1", "sector": "health", "population": "NHS trusts"},
            {"estimate_id": "E1", "sector": "education", "population": "Schools"},
            {"estimate_id": "P1", "sector": "police_and_fire", "population": "Police and fire services"},
            {"estimate_id": "R1", "sector": "frontline", "population": "Frontline workers"},
            {"estimate_id": "H2", "sector": "health", "unit": "hours", "value": 6.0, "value_text": "6 hours"},
        ),
        topic_label="AI use",
    ).figure


def value_bars(fig: dict) -> dict[str, object]:
    """Each drawn figure's value bar (not its scale's track), by its id."""
    return {t.customdata[0]: t for t in read(fig).data if t.type == "bar" and t.customdata}


def titles(fig: dict) -> dict[str, str]:
    """Each figure's panel title, by its id."""
    return {a.name.split()[-1]: a.text for a in read(fig).layout.annotations if a.name}


def test_a_highlight_marks_the_small_multiples_of_figures_about_that_sector(panels):
    before = copy.deepcopy(panels)
    assert mark_highlight(panels, "health")
    bars = value_bars(panels)
    assert bars["H1"].marker.color == [palette.ORANGE] and bars["H1"].marker.line.width == [3]
    assert bars["H1"].marker.line.color == palette.TEXT, "an outline too: colour is not the only cue"
    for other in ("E1", "P1", "R1"):
        assert bars[other].marker.color == palette.DARK_BLUE and bars[other].marker.line.width == 0
    # The non-colour cue: each health figure's title is bold with an arrow, the number-only one too.
    text = titles(panels)
    assert text["H1"] == "<b>▶ Office for National Statistics (2024): Using AI — NHS trusts</b>"
    assert text["H2"].startswith("<b>▶ ") and text["H2"].endswith("</b>")
    assert not any("<b>" in text[other] for other in ("E1", "P1", "R1"))
    # Nothing else moved: the same traces, axes and annotations, in the same places.
    assert [t["type"] for t in panels["data"]] == [t["type"] for t in before["data"]]
    assert [a["y"] for a in panels["layout"]["annotations"]] == [a["y"] for a in before["layout"]["annotations"]]


def test_police_or_fire_lights_the_police_and_fire_figure_and_a_role_group_is_never_a_sector(panels):
    police = copy.deepcopy(panels)
    assert mark_highlight(police, "police")
    assert value_bars(police)["P1"].marker.color == [palette.ORANGE]
    assert titles(police)["P1"].startswith("<b>▶ ")
    # Frontline workers are in every sector: no sector's highlight marks their figure.
    for sector in ("health", "education", "central_government", "police"):
        fig = copy.deepcopy(panels)
        mark_highlight(fig, sector)
        assert value_bars(fig)["R1"].marker.color == palette.DARK_BLUE
        assert "<b>" not in titles(fig)["R1"]


def test_a_highlight_of_a_sector_no_small_multiple_is_about_changes_nothing(panels):
    before = copy.deepcopy(panels)
    assert not mark_highlight(panels, "local_government")
    assert panels == before


def test_the_synthetic_mark_is_stamped_inside_the_figure(panels):
    fig = mark_synthetic(copy.deepcopy(panels))
    stamped = [a for a in read(fig).layout.annotations if a.name == "synthetic-mark"]
    assert [a.text for a in stamped] == [SYNTHETIC_MARK]
    assert fig["layout"]["annotations"][:-1] == panels["layout"]["annotations"], "the other annotations stay"
    # Presenter mode keeps room for it left of the plot, whatever the margin was.
    wide = mark_synthetic(copy.deepcopy(panels), present=True)
    assert wide["layout"]["margin"] == {**panels["layout"]["margin"], "l": PRESENT_MARK_ROOM}


@pytest.mark.parametrize(
    ("key", "second"),
    [(key, "local_government") for key in ("topic_figures", "evidence_map", "barriers", "ai", "admin")]
    + [("matrix", "health")],  # the matrix has no local government column
)
def test_highlighting_a_view_marks_a_copy_never_the_views_own_figure(shipped_extract, key, second):
    """A view's figure may be shared (a memoised view, a figure cached by a builder): marking it in
    place would mark every later chart drawn from it."""
    card = registry.card(key)
    context = build_context(shipped_extract, Settings())
    view = card.view(context, ViewState(topic="ai_use"))
    before = copy.deepcopy(view.chart.figure)
    lit = highlighted(view, ViewState(topic="ai_use", highlight="central_government"))
    assert lit.chart.figure != before and "Central government is highlighted" in lit.chart.description
    assert view.chart.figure == before
    # A second highlight from the same view marks its own sector alone.
    again = highlighted(view, ViewState(topic="ai_use", highlight=second))
    assert f"{vocab.sector_label(second)} is highlighted" in again.chart.description
    assert "Central government is highlighted" not in again.chart.description
    assert again.chart.figure != lit.chart.figure and view.chart.figure == before


def test_the_synthetic_mark_keeps_its_room_left_of_the_plot_whatever_the_labels():
    """The mark is drawn left of the plot: a chart whose labels are short (or whose margin was set
    small) must still leave room for all of it, or its first letters are cut off at the image's edge."""
    for present, room in ((False, MARK_ROOM), (True, PRESENT_MARK_ROOM)):
        fig = mark_synthetic({"data": [], "layout": {"margin": {"l": 10, "r": 30}}}, present=present)
        assert fig["layout"]["margin"] == {"l": room, "r": 30}
        wide = mark_synthetic({"data": [], "layout": {"margin": {"l": room + 50}}}, present=present)
        assert wide["layout"]["margin"]["l"] == room + 50
