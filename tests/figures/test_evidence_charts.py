"""The evidence map's grid and the topic panel's small multiples: what they draw and what they say."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import vocab
from dashboard.figures import evidence_map, palette, topic_panels
from tests.figures.markup import ESCAPED, MARKUP, assert_no_markup, figure_strings
from tests.figures.reading import read


def grid_cells(overrides: dict | None = None) -> pd.DataFrame:
    rows = []
    for sector in vocab.SECTORS:
        for topic, label in vocab.TOPICS.items():
            rows.append(
                {
                    "sector": sector,
                    "sector_label": vocab.SECTOR_LABELS[sector],
                    "topic": topic,
                    "topic_label": label,
                    "figures": 0,
                    "own_figures": 0,
                    "raised": False,
                    "quotes": 0,
                    "shown": False,
                    "detail": f"{sector} {topic}",
                }
            )
    frame = pd.DataFrame(rows)
    for (sector, topic), values in (overrides or {}).items():
        mask = (frame["sector"] == sector) & (frame["topic"] == topic)
        for column, value in values.items():
            frame.loc[mask, column] = value
    return frame


def test_cell_lines_say_what_is_known_with_filled_and_open_shapes():
    assert evidence_map.cell_lines(5, 2, True, 3) == [
        "■ 5 figures (2 on this sector)",
        "● raised in findings",
        "▲ 3 quotes",
    ]
    assert evidence_map.cell_lines(1, 0, False, 1) == ["■ 1 figure (none on this sector)", "○ not raised", "▲ 1 quote"]
    assert evidence_map.cell_lines(0, 0, False, 0) == ["□ no figures", "○ not raised", "△ no quotes"]


def test_the_grid_places_cells_by_id_and_never_colours_by_evidence():
    cells = grid_cells(
        {
            ("health", "ai_use"): {"figures": 12, "own_figures": 4, "raised": True, "quotes": 2, "shown": True},
            ("police", "barriers"): {"figures": 40, "own_figures": 40, "raised": True, "quotes": 9},
        }
    )
    chart = evidence_map.evidence_grid(cells)
    heat = read(chart.figure).data[0]
    assert list(heat.x) == list(vocab.TOPICS) and list(heat.y) == list(vocab.SECTORS), "a click reports the ids"
    assert list(read(chart.figure).layout.xaxis.ticktext) == list(vocab.TOPICS.values())
    # Only the cell the topic panel shows is tinted; a cell with far more evidence is not.
    z = [list(row) for row in heat.z]
    health, ai, police, barriers = (
        vocab.SECTORS.index("health"),
        list(vocab.TOPICS).index("ai_use"),
        vocab.SECTORS.index("police"),
        list(vocab.TOPICS).index("barriers"),
    )
    assert z[health][ai] == 1 and sum(map(sum, z)) == 1 and z[police][barriers] == 0
    assert [stop[1] for stop in heat.colorscale] == ["#FFFFFF", evidence_map.SHOWN_FILL], "two fills, not a ramp"
    assert (
        heat.text[health][ai]
        == "■ 12 figures<br>(4 on this sector)<br>● raised in findings<br>▲ 2 quotes<br>▸ shown below"
    )
    assert heat.text[0][0].startswith("□ no figures")
    assert heat.hovertext[health][ai] == "Health · AI use: health ai_use"
    description = chart.description
    assert "Health: admin burden: no published figure, not raised in findings, no quotes; AI use: 12 published" in (
        description
    )
    assert "no colour ranks the cells" in description and "cannot be quantified" in description
    assert description.endswith("The topic panel below shows AI use for Health.")
    assert "%" not in description


def test_the_grid_escapes_labels_from_the_extract():
    cells = grid_cells().assign(sector_label=MARKUP + "Health", detail=MARKUP)
    chart = evidence_map.evidence_grid(cells)
    assert_no_markup(chart.figure)
    assert any(ESCAPED in s for s in figure_strings(chart.figure))
    assert ESCAPED not in chart.description


# --------------------------------------------------------------------------- small multiples


def panel_figures(*rows: dict) -> pd.DataFrame:
    base = {
        "estimate_id": "E1",
        "sector": "all_public_sector",
        "unit_of_count": "staff",
        "publisher": "Office for National Statistics",
        "year": 2024,
        "reporter": None,
        "measure_label": "Staff using AI",
        "population": "Public sector workers",
        "value": 40.0,
        "unit": "percent",
        "value_text": "around 40%",
        "kind": "official_statistics",
    }
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.fixture
def four() -> pd.DataFrame:
    organisations = {"unit_of_count": "organisations"}
    return panel_figures(
        {"estimate_id": "E1", **organisations, "value": 0.56, "unit": "score_0_1", "value_text": "0.56"},
        {"estimate_id": "E2", **organisations, "publisher": "NAO", "year": None, "value": 37.0, "value_text": "37%"},
        {"estimate_id": "E3", "value": 85.0, "value_text": "around 85%", "reporter": "The Times"},
        {
            "estimate_id": "E4",
            "unit_of_count": "hours",
            "value": 6.0,
            "unit": "hours",
            "value_text": "at least 6 hours",
        },
    )


def test_every_figure_gets_its_own_axis_and_a_title_naming_publisher_year_measure_and_population(four):
    chart = topic_panels.figure_panels(four, topic_label="AI use")
    fig = read(chart.figure)
    layout = chart.figure["layout"]
    xaxes = sorted(k for k in layout if k.startswith("xaxis"))
    assert len(xaxes) == 4, "one axis per figure, never shared"
    # The score runs 0 to 1, the percentages 0 to 100; the hours have no shared scale and no bar.
    ranges = [layout[k]["range"] for k in ["xaxis", "xaxis2", "xaxis3", "xaxis4"]]
    assert ranges[:3] == [[0.0, 1.0], [0.0, 100.0], [0.0, 100.0]]
    bars = [t for t in fig.data if t.type == "bar" and t.customdata is not None]
    assert [(t.customdata[0], t.x[0], t.xaxis) for t in bars] == [
        ("E1", 0.56, "x"),
        ("E2", 37.0, "x2"),
        ("E3", 85.0, "x3"),
    ]
    texts = [t.text[0] for t in fig.data if t.type == "scatter"]
    assert texts == ["0.56", "37%", "around 85%", "at least 6 hours"], "values exactly as published"
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("Each figure on its own axis: figures from different surveys")
    assert "Organisations: 2 figures" in titles and "Staff: 1 figure" in titles and "Hours: 1 figure" in titles
    assert "Office for National Statistics (2024): Staff using AI — Public sector workers" in titles
    assert "NAO (year not given): Staff using AI — Public sector workers" in titles
    # Headings come in unit-of-count order, each before its own figures.
    heads = [titles.index(h) for h in ("Organisations: 2 figures", "Staff: 1 figure", "Hours: 1 figure")]
    assert heads == sorted(heads)
    # Panels stack top to bottom without overlapping.
    domains = [layout[f"yaxis{'' if i == 1 else i}"]["domain"] for i in range(1, 5)]
    assert all(upper[0] >= lower[1] for upper, lower in zip(domains, domains[1:], strict=False))


def test_the_description_lists_every_figure_with_its_reporter_and_says_they_do_not_compare(four):
    description = topic_panels.figure_panels(four, topic_label="AI use").description
    assert description.startswith("4 published figures on AI use from 2 publishers, each in a panel of its own")
    assert "do not compare" in description
    assert "Office for National Statistics (2024, reported by The Times): Staff using AI — Public sector workers: " \
        "around 85%" in description  # fmt: skip
    assert (
        "Hours: Office for National Statistics (2024): Staff using AI — Public sector workers: at least 6 hours."
        in (description)
    )
    hover = [
        t.hovertext[0] for t in read(topic_panels.figure_panels(four, topic_label="AI use").figure).data if t.hovertext
    ]
    assert any("reported by The Times" in h for h in hover)


def test_presenter_mode_shows_the_first_figures_filling_its_slide_and_says_the_table_has_the_rest():
    many = panel_figures(*({"estimate_id": f"E{i}", "measure_label": "A long label " * 20} for i in range(10)))
    chart = topic_panels.figure_panels(many, topic_label="AI use", present=True)
    fig = read(chart.figure)
    assert len([t for t in fig.data if t.type == "scatter"]) == topic_panels.PRESENT_FIGURES
    # No fixed height: the chart fills its slide, laid out for at least PRESENT_HEIGHT whatever it shows.
    assert fig.layout.height is None
    assert "The chart shows the first 4; the table lists all 10." in chart.description
    assert chart.description.count("Office for National Statistics (2024)") == 4, "it describes what is drawn"
    titles = [a.text for a in fig.layout.annotations if a.text.startswith("Office")]
    assert all(t.count("<br>") == topic_panels.PRESENT_TITLE_LINES - 1 and t.endswith(" …") for t in titles)
    few = topic_panels.figure_panels(many.head(1).assign(measure_label="Short"), topic_label="AI use", present=True)
    assert read(few.figure).layout.height is None
    heading = [a.y for a in fig.layout.annotations if a.text.startswith("Staff")]
    assert heading == [a.y for a in read(few.figure).layout.annotations if a.text.startswith("Staff")], "one layout"


def test_no_figures_says_so():
    chart = topic_panels.figure_panels(panel_figures().iloc[0:0], topic_label="barriers")
    assert chart.description == "No published figure on barriers for this selection."


def test_panel_text_from_the_extract_is_escaped(four):
    hostile = four.assign(measure_label=MARKUP, publisher=MARKUP, value_text=MARKUP)
    chart = topic_panels.figure_panels(hostile, topic_label="AI use")
    assert_no_markup(chart.figure)
    assert any(ESCAPED in s for s in figure_strings(chart.figure))
    assert ESCAPED not in chart.description and MARKUP in chart.description


def test_the_map_draws_grey_borders_between_its_white_cells():
    """Its cells are white: the lines between them are grey, or no cell would have an edge."""
    layout = evidence_map.evidence_grid(grid_cells()).figure["layout"]
    (borders,) = [s for s in layout["shapes"] if s["name"] == "cell-borders"]
    assert borders["line"] == {"color": palette.GRID, "width": 3}
