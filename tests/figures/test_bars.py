"""Sector bar charts: what a reader sees on the bars and in the text description."""

from __future__ import annotations

import copy
import re

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.estimates import STATUS_NO_DATA, STATUS_OK, STATUS_SUPPRESSED, suppress
from dashboard.data import vocab
from dashboard.figures import palette
from dashboard.figures.bars import describe_bars, sector_bars
from dashboard.figures.base import empty_chart
from dashboard.figures.marks import mark_highlight
from tests.figures.markup import ESCAPED, MARKUP, assert_no_markup
from tests.figures.reading import read

MEASURES = {"ai_use": "Using AI", "automation_use": "Using automation"}


def make_table(cells: list[tuple[str, str, int, float, float, float]], threshold: int = 10) -> pd.DataFrame:
    """(sector, measure, base_n, estimate, ci_low, ci_high) -> a suppressed table as survey.py returns it."""
    raw = pd.DataFrame(cells, columns=["sector", "measure", "base_n", "estimate", "ci_low", "ci_high"])
    raw["weighted_base"] = raw["base_n"] * 2.0
    raw["effective_n"] = raw["base_n"] * 0.8
    raw.loc[raw["base_n"] == 0, ["estimate", "ci_low", "ci_high"]] = np.nan
    raw.insert(1, "sector_label", raw["sector"].map(vocab.sector_label))
    return suppress(raw, threshold)


SECTORS = ["central_government", "local_government", "health", "education", "police_and_fire"]


@pytest.fixture
def table() -> pd.DataFrame:
    cells = []
    for measure, shift in (("ai_use", 0.0), ("automation_use", -0.1)):
        cells += [
            ("central_government", measure, 120, 0.42 + shift, 0.35 + shift, 0.49 + shift),
            ("local_government", measure, 0, np.nan, np.nan, np.nan),
            ("health", measure, 200, 0.61 + shift, 0.55 + shift, 0.67 + shift),
            ("education", measure, 1500, 0.24 + shift, 0.22 + shift, 0.26 + shift),
            ("police_and_fire", measure, 4, 0.75, 0.3, 0.95),
        ]
    return make_table(cells)


def bar_traces(fig) -> list:
    return [t for t in read(fig).data if t.type == "bar"]


def value_labels(fig, panel: int) -> list[str]:
    """The value labels a reader sees beside the bars of one panel (on the bars or as a text layer)."""
    bar = bar_traces(fig)[panel]
    if bar.text is not None:
        return list(bar.text)
    layers = [
        t
        for t in read(fig).data
        if t.type == "scatter" and "text" in (t.mode or "") and (t.xaxis or "x") == (bar.xaxis or "x")
    ]
    assert len(layers) == 1, "expected one text layer per panel"
    return list(layers[0].text)


@pytest.fixture
def chart(table):
    return sector_bars(table, MEASURES, what="AI use", population="organisations in scope")


def test_fixture_statuses(table):
    statuses = dict(zip(table["sector"], table["status"], strict=False))
    assert statuses == {
        "central_government": STATUS_OK,
        "local_government": STATUS_NO_DATA,
        "health": STATUS_OK,
        "education": STATUS_OK,
        "police_and_fire": STATUS_SUPPRESSED,
    }


def test_one_panel_per_measure_one_bar_per_sector_in_order(chart):
    fig = read(chart.figure)
    assert len(bar_traces(chart.figure)) == 2
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Using AI", "Using automation"]
    labels = ["Central government", "Local government", "Health", "Education", "Police and fire"]
    for trace in bar_traces(chart.figure):
        assert trace.orientation == "h"
        assert list(trace.y) == labels
        assert list(trace.customdata) == SECTORS
    assert fig.layout.yaxis.autorange == "reversed"  # first sector at the top


def test_bars_are_one_colour_because_the_axis_names_each_sector(chart):
    # One meaning per colour: dark blue is a value; orange is kept for a highlighted sector.
    for trace in bar_traces(chart.figure):
        assert trace.marker.color == palette.DARK_BLUE


def test_a_highlight_turns_that_sectors_bars_orange_and_bolds_its_label(chart):
    fig = copy.deepcopy(chart.figure)
    assert mark_highlight(fig, "police")  # the survey's police and fire bar stands for police
    for trace in bar_traces(fig):
        assert list(trace.marker.color) == [palette.DARK_BLUE] * 4 + [palette.ORANGE]
        assert list(trace.marker.line.width) == [0, 0, 0, 0, 3]  # an outline too: colour is not the only cue
    for axis in (read(fig).layout.yaxis, read(fig).layout.yaxis2):  # every panel's sector labels
        assert list(axis.ticktext)[-1] == "<b>▶ Police and fire</b>"
        assert list(axis.ticktext)[0] == "Central government"


def test_a_highlight_of_a_sector_not_drawn_changes_nothing(chart):
    before = copy.deepcopy(chart.figure)
    for sector in ("fire_and_flood", ""):
        fig = copy.deepcopy(chart.figure)
        assert not mark_highlight(fig, sector) and fig == before


def test_bar_lengths_and_labels(chart):
    ai = bar_traces(chart.figure)[0]
    assert list(ai.x) == pytest.approx([42.0, 0.0, 61.0, 24.0, 0.0])
    assert value_labels(chart.figure, 0) == ["42%", "[x]", "61%", "24%", "[c]"]
    auto = bar_traces(chart.figure)[1]
    assert list(auto.x) == pytest.approx([32.0, 0.0, 51.0, 14.0, 0.0])
    assert value_labels(chart.figure, 1) == ["32%", "[x]", "51%", "14%", "[c]"]


def test_error_bars_are_the_95_percent_interval_and_absent_for_hidden_cells(chart):
    ai = bar_traces(chart.figure)[0]
    assert list(ai.error_x.array) == pytest.approx([7.0, 0.0, 6.0, 2.0, 0.0])
    assert list(ai.error_x.arrayminus) == pytest.approx([7.0, 0.0, 6.0, 2.0, 0.0])
    assert ai.error_x.symmetric is False


def test_suppressed_bar_discloses_nothing(chart):
    ai = bar_traces(chart.figure)[0]
    i = SECTORS.index("police_and_fire")
    assert ai.x[i] == 0
    assert value_labels(chart.figure, 0)[i] == "[c]"
    assert ai.error_x.array[i] == 0 and ai.error_x.arrayminus[i] == 0
    assert "withheld [c]" in ai.hovertext[i]
    assert not re.search(r"\d", ai.hovertext[i]), ai.hovertext[i]
    assert "75" not in chart.description


def test_hover_for_shown_cells(chart):
    ai = bar_traces(chart.figure)[0]
    assert ai.hovertext[SECTORS.index("education")] == "Education: 24% (95% CI 22% to 26%), base 1,500"
    assert ai.hovertext[SECTORS.index("local_government")] == "Local government: no data"


def test_description_names_highest_lowest_and_suppressed(chart):
    text = chart.description
    assert text.startswith("Bar chart of AI use by sector, organisations in scope.")
    assert (
        "Using AI: highest Health 61% (95% CI 55% to 67%, base 200); "
        "lowest Education 24% (95% CI 22% to 26%, base 1,500); a gap of 37 percentage points."
    ) in text
    assert "Using automation: highest Health 51%" in text
    assert "lowest Education 14%" in text
    assert "Withheld [c] to protect confidentiality: Police and fire." in text
    assert text.count("Police and fire") == 1


def test_description_gap_uses_the_rounded_figures_shown():
    # 0.426 shows as 43%, 0.104 as 10%: the gap must read 33, not round(32.2) = 32
    table = make_table(
        [
            ("health", "ai_use", 50, 0.426, 0.3, 0.5),
            ("education", "ai_use", 50, 0.104, 0.05, 0.2),
        ]
    )
    text = describe_bars(table, {"ai_use": "AI"}, what="AI use", population="all")
    assert "highest Health 43%" in text and "lowest Education 10%" in text
    assert "a gap of 33 percentage points" in text


def test_description_single_sector_and_all_suppressed():
    one = make_table([("health", "ai_use", 50, 0.5, 0.4, 0.6), ("education", "ai_use", 3, 0.1, 0.0, 0.3)])
    text = describe_bars(one, {"ai_use": "AI"}, what="AI use", population="all")
    assert "AI: Health 50% (95% CI 40% to 60%, base 50)." in text
    assert "highest" not in text
    assert "Withheld [c] to protect confidentiality: Education." in text
    none = make_table([("health", "ai_use", 3, 0.5, 0.4, 0.6)])
    text = describe_bars(none, {"ai_use": "AI"}, what="AI use", population="all")
    assert "AI: no sector has enough responses to show." in text
    assert "50%" not in text


def test_no_sectors_gives_an_empty_chart_with_a_message(table):
    chart = sector_bars(table.iloc[0:0], MEASURES, what="AI use", population="x")
    assert chart.description == "No sectors selected."
    assert len(read(chart.figure).data) == 0
    assert read(chart.figure).layout.annotations[0].text == "No sectors selected."


def test_empty_chart():
    chart = empty_chart("Nothing here.", present=True)
    assert chart.description == "Nothing here."
    assert read(chart.figure).layout.font.size == 20


def test_presentation_mode_uses_larger_text(table):
    normal = sector_bars(table, MEASURES, what="a", population="b").figure
    big = sector_bars(table, MEASURES, what="a", population="b", present=True).figure
    assert read(normal).layout.font.size == 14
    assert read(big).layout.font.size == 20
    assert bar_traces(big)[0].error_x.thickness > bar_traces(normal)[0].error_x.thickness


def test_axes_are_fixed_percent_scale(chart):
    fig = read(chart.figure)
    low, high = fig.layout.xaxis.range
    assert low == 0 and 100 <= high <= 120
    assert fig.layout.xaxis2.range == fig.layout.xaxis.range
    axis = fig.layout.xaxis
    assert axis.ticksuffix == "%" or (axis.ticktext and all(str(t).endswith("%") for t in axis.ticktext))
    assert fig.layout.xaxis.fixedrange is True
    assert fig.layout.showlegend is False


def test_description_with_tied_estimates_does_not_name_one_sector_twice():
    table = make_table(
        [
            ("health", "automation_use", 50, 0.0, 0.0, 0.07),
            ("education", "automation_use", 80, 0.0, 0.0, 0.05),
        ]
    )
    text = describe_bars(table, {"automation_use": "Using automation"}, what="automation", population="all")
    assert not ("highest Health" in text and "lowest Health" in text), text


# --------------------------------------------------------------------------- text from an extract is escaped


def test_plain_escapes_the_characters_plotly_reads_as_markup():
    from dashboard.figures.text import plain

    assert plain(MARKUP) == ESCAPED
    assert plain("R&D <b>") == "R&amp;D &lt;b&gt;"
    assert plain("Cost and finite budgets") == "Cost and finite budgets"


def test_extract_labels_are_escaped_in_every_part_of_the_bar_chart(table):
    table = table.assign(sector_label=table["sector_label"].where(table["sector"] != "health", MARKUP))
    chart = sector_bars(table, {"ai_use": MARKUP, "automation_use": "Using automation"}, what="AI", population="all")
    assert_no_markup(chart.figure)
    fig = read(chart.figure)
    bar = bar_traces(chart.figure)[0]
    assert ESCAPED in list(bar.y), "the category name (tick text)"
    assert any(ESCAPED in h for h in bar.hovertext), "the hover text"
    assert bar.name == ESCAPED
    # A long panel title wraps at its spaces (bars.TITLE_WIDTH) so it fits over a phone-width panel.
    assert ESCAPED in [a.text.replace("<br>", " ") for a in fig.layout.annotations], "the subplot title"
    # The description is drawn by React as text, so it keeps the label exactly as written.
    assert MARKUP in chart.description and ESCAPED not in chart.description
