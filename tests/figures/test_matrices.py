"""Grids: barrier prevalence by sector and the qualitative sector x code matrix."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import ids
from dashboard.analysis import qualitative as ql
from dashboard.analysis import qualitative_matrix as qm
from dashboard.analysis.estimates import suppress
from dashboard.data import vocab
from dashboard.figures import matrices
from dashboard.figures.base import PRESENT_HEIGHT, SLIDE_HEIGHT
from dashboard.figures.matrices import NAME_PICKS, barrier_grid, cell_text, describe_matrix, findings_matrix
from tests.figures.markup import ESCAPED, MARKUP, assert_no_markup, figure_strings
from tests.figures.reading import read

LABELS = {
    "barrier_cost": "Cost and finite budgets",
    "barrier_data_security": "Data security and GDPR risk",
    "barrier_legacy_systems": "Old systems that do not integrate",
}


def make_table(cells, threshold: int = 10) -> pd.DataFrame:
    raw = pd.DataFrame(cells, columns=["sector", "measure", "base_n", "estimate", "ci_low", "ci_high"])
    raw["weighted_base"] = raw["base_n"] * 1.5
    raw["effective_n"] = raw["base_n"] * 0.9
    raw.loc[raw["base_n"] == 0, ["estimate", "ci_low", "ci_high"]] = np.nan
    raw.insert(1, "sector_label", raw["sector"].map(vocab.sector_label))
    return suppress(raw, threshold)


@pytest.fixture
def barriers() -> pd.DataFrame:
    values = {
        "barrier_cost": (0.55, 0.3, 0.8),
        "barrier_data_security": (0.2, 0.05, 0.61),
        "barrier_legacy_systems": (0.07, 0.1, 0.3),
    }
    cells = []
    for measure, (h, e, pf) in values.items():
        cells += [
            ("health", measure, 60, h, h - 0.1, h + 0.1),
            ("education", measure, 300, e, e - 0.03, e + 0.03),
            ("local_government", measure, 0, np.nan, np.nan, np.nan),
            ("police_and_fire", measure, 6, pf, pf - 0.2, pf + 0.2),
        ]
    return make_table(cells)


# --------------------------------------------------------------------------- barrier grid


def test_barrier_grid_prints_a_value_or_shorthand_in_every_cell(barriers):
    fig = read(barrier_grid(barriers, LABELS).figure)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    # Cells are placed by id (what a click reports); the axes show the labels.
    assert list(heat.x) == ["health", "education", "local_government", "police_and_fire"]
    assert list(fig.layout.xaxis.ticktext) == ["Health", "Education", "Local<br>government", "Police and<br>fire"]
    assert list(fig.layout.yaxis.ticktext) == list(LABELS.values())
    text = [list(row) for row in heat.text]
    assert text == [
        ["55%", "30%", "[x]", "[c]"],
        ["20%", "5%", "[x]", "[c]"],
        ["7%", "10%", "[x]", "[c]"],
    ]
    assert all(t.strip() for row in text for t in row)
    assert "%{text}" in heat.texttemplate


def test_barrier_grid_colours_only_shown_values(barriers):
    heat = read(barrier_grid(barriers, LABELS).figure).data[0]
    z = np.array(heat.z, dtype=float)
    assert z[:, 0] == pytest.approx([55.0, 20.0, 7.0])
    assert np.isnan(z[:, 2]).all() and np.isnan(z[:, 3]).all()
    assert heat.zmin == 0 and heat.zmax == 100
    assert heat.showscale is False


def test_barrier_grid_hover_hides_suppressed_numbers(barriers):
    heat = read(barrier_grid(barriers, LABELS).figure).data[0]
    assert heat.hovertext[0][0] == "Cost and finite budgets, Health: 55% (95% CI 45% to 65%), base 60"
    suppressed = heat.hovertext[0][3]
    assert suppressed == "Cost and finite budgets, Police and fire: withheld [c] to protect confidentiality"
    assert not re.search(r"\d", suppressed)
    assert heat.hovertext[1][2] == "Data security and GDPR risk, Local government: no data"
    assert [list(c) for c in heat.customdata[0]] == [
        ["health", "barrier_cost"],
        ["education", "barrier_cost"],
        ["local_government", "barrier_cost"],
        ["police_and_fire", "barrier_cost"],
    ]


def test_barrier_grid_description(barriers):
    text = barrier_grid(barriers, LABELS).description
    assert text.startswith("Grid of the share of organisations reporting each barrier, by sector.")
    assert "Health: most reported cost and finite budgets 55% (95% CI 45% to 65%, base 60)." in text
    assert "Education: most reported cost and finite budgets 30% (95% CI 27% to 33%, base 300)." in text
    assert text.endswith(
        "Withheld [c] to protect confidentiality: Police and fire. No responses [x]: Local government."
    )
    assert "61%" not in text and "80%" not in text


def test_barrier_grid_description_keeps_acronyms():
    table = make_table(
        [
            ("health", "barrier_data_security", 50, 0.6, 0.5, 0.7),
            ("health", "barrier_cost", 50, 0.2, 0.1, 0.3),
        ]
    )
    labels = {"barrier_data_security": "Data security and GDPR risk", "barrier_cost": "Cost"}
    text = barrier_grid(table, labels).description
    assert "Health: most reported data security and GDPR risk 60%" in text


def test_barrier_grid_unlabelled_measure_uses_its_code(barriers):
    fig = read(barrier_grid(barriers, {"barrier_cost": "Cost"}).figure)
    assert list(fig.layout.yaxis.ticktext) == ["Cost", "barrier_data_security", "barrier_legacy_systems"]


def test_barrier_grid_empty_table():
    chart = barrier_grid(make_table([]).iloc[0:0], LABELS)
    assert chart.description == "No sectors selected."


def test_barrier_grid_nothing_shown():
    table = make_table([("health", "barrier_cost", 3, 0.5, 0.4, 0.6)])
    chart = barrier_grid(table, LABELS)
    assert list(read(chart.figure).data[0].text[0]) == ["[c]"]
    assert "No sector has enough responses to show." in chart.description


# --------------------------------------------------------------------------- findings matrix


@pytest.fixture(scope="module")
def ex(shipped_extract):
    return shipped_extract


@pytest.fixture(scope="module")
def table(ex):
    return qm.matrix(ex.findings, ex.quotes, ex.codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))


@pytest.fixture(scope="module")
def chart(table):
    return findings_matrix(table)


@pytest.mark.parametrize(
    ("findings", "quotes", "expected", "mark"),
    [
        (1, 2, "1 coded finding, 2 quotes", "● ▲"),
        (2, 1, "2 coded findings, 1 quote", "● ▲"),
        (0, 1, "1 quote", "▲"),
        (3, 0, "3 coded findings", "●"),
        (0, 0, "nothing coded", "–"),
    ],
)
def test_cell_text_and_mark(findings, quotes, expected, mark):
    assert cell_text(findings, quotes) == expected
    assert matrices.cell_mark(findings, quotes) == mark


def _at(chart, table, code, column):
    codes = list(dict.fromkeys(table["code"]))
    columns = list(dict.fromkeys(table["column"]))
    heat = read(chart.figure).data[0]
    i, j = codes.index(code), columns.index(column)
    return heat.text[i][j], heat.hovertext[i][j], heat.z[i][j], list(heat.customdata[i][j])


def test_findings_matrix_cells_mark_presence(chart, table):
    # barrier_vulnerable_groups, health: finding F03 and quotes Q18 and Q20
    text, hover, z, custom = _at(chart, table, "barrier_vulnerable_groups", "health")
    assert text == "● ▲"
    assert hover == "Unsuited to vulnerable people · Health: 1 coded finding, 2 quotes"
    assert z == 1
    assert custom == ["health", "barrier_vulnerable_groups"]
    # barrier_resistance_to_change: 2 findings and 1 quote from health, the same mark as 1 and 1.
    text, hover, z, _ = _at(chart, table, "barrier_resistance_to_change", "health")
    assert (text, z) == ("● ▲", 1)
    assert hover.endswith(": 2 coded findings, 1 quote")
    text, hover, z, _ = _at(chart, table, "barrier_resistance_to_change", "central_government")
    assert (text, z) == ("–", 0)
    assert hover.endswith(": nothing coded")
    # A finding the article attributes to no sector is marked in its own column only.
    assert _at(chart, table, "barrier_delegation_permissions", ql.ALL_SECTORS)[0] == "●"
    assert _at(chart, table, "barrier_delegation_permissions", "fire")[0] == "▲"


def test_findings_matrix_marks_every_cell(chart, table):
    heat = read(chart.figure).data[0]
    codes = list(dict.fromkeys(table["code"]))
    columns = list(dict.fromkeys(table["column"]))
    grid = table.set_index(["code", "column"])
    assert len(heat.text) == len(codes) and all(len(row) == len(columns) for row in heat.text)
    for i, code in enumerate(codes):
        for j, column in enumerate(columns):
            r = grid.loc[(code, column)]
            f, q = int(r["findings"]), int(r["quotes"])
            assert heat.text[i][j] == matrices.cell_mark(f, q)
            assert not re.search(r"\d", heat.text[i][j]), "the grid marks presence; counts are in the hover"
            assert heat.z[i][j] == (1 if f or q else 0)
            assert heat.hovertext[i][j].endswith(cell_text(f, q))


def test_findings_matrix_axis_labels_rank_nothing(chart, table, ex):
    y = list(read(chart.figure).layout.yaxis.ticktext)
    assert list(read(chart.figure).data[0].y) == list(dict.fromkeys(table["code"])) == ex.codebook["code"].tolist()
    # Code labels alone, in codebook order: no "(n of 7)", no order by how widely a code was raised.
    assert y == ex.codebook["label"].tolist()
    assert not any(re.search(r"\d", label) for label in y)
    x = [unwrap(label) for label in read(chart.figure).layout.xaxis.ticktext]
    assert x == [ql.COLUMN_LABELS[c] for c in ql.MATRIX_COLUMNS]
    assert "Not sector-specific" in x
    assert list(read(chart.figure).data[0].x) == list(ql.MATRIX_COLUMNS)


def test_findings_matrix_has_two_fills_not_a_colour_ramp(chart):
    heat = read(chart.figure).data[0]
    assert (heat.zmin, heat.zmax) == (0, 1)
    assert {v for row in heat.z for v in row} == {0, 1}
    fills = {colour for _, colour in heat.colorscale}
    assert fills == {"#FFFFFF", matrices.PRESENT_FILL}
    assert heat.showscale is False


def test_findings_matrix_empty_table(table):
    chart = findings_matrix(table.iloc[0:0])
    assert chart.description == "No codes or groups match the filters."


def test_describe_matrix_says_presence_not_people(chart, table, ex):
    text = chart.description
    assert text == describe_matrix(table)
    assert "not people" in text and "presence only" in text
    assert text.startswith(
        f"Matrix of {len(ex.codebook)} codes against 7 participant groups and a column of findings not "
        "specific to a sector;"
    )
    assert "raised in" not in text.replace("raised in coded findings", "")
    assert "Most widely" not in text and "%" not in text
    assert "Not sector-specific: " in text and "Education: " in text
    assert text.endswith("Qualitative findings cannot be quantified or applied to wider populations.")


def test_describe_matrix_for_one_column(ex):
    table = qm.matrix(
        ex.findings, ex.quotes, ex.codebook, ex.participants, columns=["fire"], codes=["barrier_resistance_to_change"]
    )
    text = describe_matrix(table)
    assert text.startswith("Matrix of 1 code against 1 participant group;")
    assert "Fire: nothing coded." in text


def test_describe_matrix_lists_each_groups_codes(ex):
    table = qm.matrix(
        ex.findings,
        ex.quotes,
        ex.codebook,
        ex.participants,
        columns=["education", ql.ALL_SECTORS],
        codes=["practice_collaborative_culture", "barrier_data_security"],
    )
    text = describe_matrix(table)
    assert "Education: data security and GDPR risk." in text
    assert "Not sector-specific: data security and GDPR risk, collaborative culture." in text


def test_matrix_present_mode_uses_larger_text(table):
    normal = read(findings_matrix(table).figure)
    big = read(findings_matrix(table, present=True).figure)
    assert big.data[0].textfont.size > normal.data[0].textfont.size
    assert big.layout.font.size == 20


def test_presenter_grids_fill_their_slide_unless_they_have_a_few_rows(table, barriers):
    """Presenter mode sets no height (a chart fills its slide: dcc.Graph is responsive); a grid of a
    few rows says in layout.meta how tall its rows need to be, so one code is not a cell half a screen
    tall (assets/app.js sizes its box)."""
    many = read(findings_matrix(table, present=True).figure)
    assert many.layout.height is None and SLIDE_HEIGHT not in many.layout.meta
    one = read(findings_matrix(table[table["code"] == table["code"].iloc[0]], present=True).figure)
    assert one.layout.height is None and one.layout.meta[SLIDE_HEIGHT] < PRESENT_HEIGHT
    grid = read(barrier_grid(barriers, LABELS, present=True).figure)
    assert grid.layout.height is None and grid.layout.meta[SLIDE_HEIGHT] == 100 + 44 * 3
    assert read(barrier_grid(barriers, LABELS).figure).layout.height, "off presenter mode, a height of its own"


def test_an_empty_cell_is_white_and_marked():
    heat = read(
        findings_matrix(
            pd.DataFrame(
                [
                    {
                        "code": "c",
                        "code_label": "C",
                        "theme": "ai",
                        "column": "health",
                        "column_label": "Health",
                        "findings": 0,
                        "quotes": 0,
                        "finding_ids": "",
                        "quote_ids": "",
                    }
                ]
            )
        ).figure
    ).data[0]
    assert [tuple(s) for s in heat.colorscale][0] == (0.0, "#FFFFFF")
    assert list(heat.text[0]) == ["–"]
    assert list(heat.y) == ["c"]
    assert not math.isnan(heat.z[0][0])
    assert matrices.cell_text(0, 0) == "nothing coded"


# --------------------------------------------------------------------------- text from an extract is escaped


def test_extract_labels_are_escaped_in_the_barrier_grid(barriers):
    barriers = barriers.assign(sector_label=barriers["sector_label"].where(barriers["sector"] != "health", MARKUP))
    chart = barrier_grid(barriers, {**LABELS, "barrier_cost": MARKUP})
    assert_no_markup(chart.figure)
    fig = read(chart.figure)
    assert ESCAPED in fig.layout.yaxis.ticktext, "the barrier label"
    # Long column labels are broken into short lines by wrap_label, after escaping.
    assert any(ESCAPED in unwrap(t) for t in fig.layout.xaxis.ticktext), "the sector label"
    assert any(f"{ESCAPED}, " in h for row in fig.data[0].hovertext for h in row)
    assert MARKUP in chart.description


def test_a_codebook_label_is_escaped_in_the_findings_matrix(ex):
    code = ex.findings["code"].iloc[0]
    codebook = ex.codebook.assign(label=ex.codebook["label"].where(ex.codebook["code"] != code, MARKUP))
    table = qm.matrix(ex.findings, ex.quotes, codebook, ex.participants, columns=list(ql.MATRIX_COLUMNS))
    chart = findings_matrix(table)
    assert_no_markup(chart.figure)
    fig = read(chart.figure)
    assert ESCAPED in fig.layout.yaxis.ticktext, "the code's tick text"
    # Its name's hover is set as text in the page (assets/drawn.js), so it holds the label as written.
    assert any(MARKUP in pick["title"] for pick in fig.layout.meta[NAME_PICKS])
    assert any(h.startswith(ESCAPED + " · ") for row in fig.data[0].hovertext for h in row)
    assert ESCAPED not in chart.description, "the description is text for React, not for plotly"


def test_a_hostile_codebook_label_reaches_no_figure_of_the_app_as_markup(extract_copy):
    """Through the real path: an extract whose codebook labels all hold markup, every card's figure."""
    from dashboard.components.registry import CARDS
    from dashboard.context import build_context
    from dashboard.data.load import load_extract
    from dashboard.settings import Settings
    from dashboard.state import DEFAULT, ViewState
    from tests.extract_edits import rewrite

    rewrite(extract_copy, "codebook", lambda df: df.assign(label=MARKUP + df["label"]))
    context = build_context(load_extract(extract_copy), Settings())
    drawn = 0
    for state in (DEFAULT, ViewState(present=True)):
        for card in CARDS:
            view = card.view(context, state)
            if view.chart is None:
                continue
            assert_no_markup(view.chart.figure)
            drawn += any(ESCAPED in s for s in figure_strings(view.chart.figure))
    assert drawn >= 2, "the barrier grid and the findings matrix show codebook labels"


def test_each_codes_name_picks_that_code_in_the_axiss_order(chart, table):
    """A click on a code's name opens its findings: the figure lists, in its y axis's order, what each
    label picks and what its hover says (assets/drawn.js reads them), and draws no annotations."""
    codes = list(dict.fromkeys(table["code"]))
    labels = dict(zip(table["code"], table["code_label"], strict=False))
    layout = read(chart.figure).layout
    picks = layout.meta[NAME_PICKS]
    assert list(layout.yaxis.tickvals) == codes and [p["pick"] for p in picks] == [ids.pick_code(c) for c in codes]
    assert [p["title"] for p in picks] == [f"Select to read the findings coded “{labels[c]}”" for c in codes]
    assert list(layout.yaxis.ticktext) == [labels[c] for c in codes]
    assert not layout.annotations, "the transparent click targets over the names are gone"


def test_a_name_picks_hover_has_the_name_as_written(table):
    """The hover is set as text in the page, so a label with "&" is not shown escaped."""
    amp = table.assign(code_label=table["code_label"].where(table["code"] != table["code"].iloc[0], "Cost & risk"))
    first = findings_matrix(amp).figure["layout"]["meta"][NAME_PICKS][0]
    assert first["title"] == "Select to read the findings coded “Cost & risk”"


def unwrap(label: str) -> str:
    """A column label as written, from its wrapped lines (broken at spaces and after hyphens)."""
    return label.replace("-<br>", "-").replace("<br>", " ")


def test_column_labels_wrap_to_short_lines_so_neighbours_do_not_touch():
    from dashboard.figures.heatmap import LABEL_LINE, wrap_label

    # The two headings that touched at 1200-1399 CSS px.
    assert wrap_label("Not sector-specific") == "Not<br>sector-<br>specific"
    assert wrap_label("Former civil servants") == "Former<br>civil<br>servants"
    for label in ("Central government", "Police and fire", "Frontline (role group)", "Health"):
        lines = wrap_label(label).split("<br>")
        assert all(len(line) <= LABEL_LINE for line in lines)
        assert unwrap(wrap_label(label)) == label


def test_a_grids_cell_borders_are_one_path_on_every_cell_edge_and_not_plotlys_gaps(barriers):
    """Plotly paints a chart-sized PNG on every draw when a heatmap has gaps, one pixel a cell without:
    so the white lines between cells are one path, at every half position of both axes."""
    fig = barrier_grid(barriers, {}).figure
    (trace,), layout = fig["data"], fig["layout"]
    assert "xgap" not in trace and "ygap" not in trace
    (lines,) = [s for s in layout["shapes"] if s["name"] == "cell-borders"]
    assert (lines["xref"], lines["yref"], lines["line"]["width"]) == ("x", "y", 2)
    columns, rows = len(trace["x"]), len(trace["y"])
    vertical = re.findall(r"M(-?[\d.]+),(-?[\d.]+)V(-?[\d.]+)", lines["path"])
    horizontal = re.findall(r"M(-?[\d.]+),(-?[\d.]+)H(-?[\d.]+)", lines["path"])
    assert [float(x) for x, _, _ in vertical] == [k - 0.5 for k in range(columns + 1)]
    assert {(float(a), float(b)) for _, a, b in vertical} == {(-0.5, rows - 0.5)}
    assert [float(y) for _, y, _ in horizontal] == [k - 0.5 for k in range(rows + 1)]
    assert {(float(a), float(b)) for a, _, b in horizontal} == {(-0.5, columns - 0.5)}
