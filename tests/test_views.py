"""Each card's title, subtitle, table and CSV rows for a view state (no browser)."""

from __future__ import annotations

import pytest

from dashboard import views
from dashboard.context import build_context
from dashboard.export import SURVEY_COLUMNS
from dashboard.settings import Settings
from dashboard.state import ViewState


@pytest.fixture(scope="module")
def ctx(shipped_extract):
    return build_context(shipped_extract, Settings())


@pytest.mark.parametrize("view_fn", [views.admin_view, views.ai_view, views.barriers_view])
def test_survey_cards_say_synthetic_everywhere(ctx, view_fn):
    card = view_fn(ctx, ViewState())
    assert card.synthetic
    assert card.title.endswith("(SYNTHETIC DATA)")
    assert "SYNTHETIC DATA" in card.caption and "SYNTHETIC DATA" in card.chart.description
    assert set(card.export["data_status"]) == {"synthetic"}
    assert len(card.table) == len(card.export)


def test_ai_title_states_the_finding_from_the_numbers(ctx):
    card = views.ai_view(ctx, ViewState(sectors=("health", "education")))
    rows = card.export[card.export["measure"] == "ai_use"].set_index("sector")["estimate"]
    top, low = rows.idxmax(), rows.idxmin()
    labels = {"health": "Health", "education": "Education"}
    assert card.title.startswith(f"{labels[top]} organisations are the most likely to use AI ({rows[top]:.0f}%)")
    assert f"{labels[low]} the least ({rows[low]:.0f}%)" in card.title


def test_high_threshold_suppresses_and_says_so(ctx):
    strict = build_context(ctx.extract, Settings(suppression_threshold=5000))
    card = views.ai_view(strict, ViewState())
    assert card.title.startswith("Not enough responses")
    assert set(card.export["estimate"]) == {"[c]"}
    assert "base 0 organisations" in card.subtitle


def test_matrix_counts_are_never_percentages(ctx):
    card = views.matrix_view(ctx, ViewState())
    assert "%" not in card.title and "%" not in card.chart.description
    assert "not people" in card.subtitle
    assert set(card.export["data_status"]) == {"qualitative research"}


def test_published_values_are_exactly_as_published(ctx):
    card = views.published_view(ctx, ViewState())
    raw = ctx.extract.published_estimates.set_index("estimate_id")["value"]
    exported = card.export.set_index("estimate_id")["value"]
    assert (exported == raw.loc[exported.index]).all()
    assert "around 85%" in set(card.table["Value"])
    assert "0.60" in set(card.table["Value"])


def test_quotes_withheld_below_the_participant_threshold(ctx):
    # Local government interviews: one participant.
    lone = views.quotes_view(ctx, ViewState(sectors=("local_government",), methods=("interview",)))
    assert lone.withheld and lone.participants == 1 and lone.quotes.empty
    fire = views.quotes_view(ctx, ViewState(sectors=("fire",)))
    assert not fire.withheld and fire.message == "Showing 3 of 21 quotes"


def test_a_split_block_and_a_low_reliability_estimate_are_explained_in_table_and_csv(ctx):
    card = views.ai_view(ctx, ViewState(regions=("Wales",)))
    export = card.export.set_index(["sector", "measure"])
    # Table rows and CSV rows come from the same estimate table, in the same order.
    table = card.table.assign(sector=card.export["sector"].to_numpy()).set_index(["sector", "Measure"])
    secondary = [s for s, _ in export.index if export.loc[(s, "ai_use"), "suppression_reason"] == "secondary"]
    flagged = [s for s, _ in export.index if export.loc[(s, "ai_use"), "quality_flag"] == "[u]"]
    assert secondary and flagged, "the Wales view of the shipped survey has both cases"
    assert table.loc[(secondary[0], "Uses AI"), "Note"].startswith("suppressed: would let a small group")
    assert table.loc[(flagged[0], "Uses AI"), "Note"].startswith("low reliability")
    assert table.loc[(flagged[0], "Uses AI"), "Estimate, % of organisations (95% CI)"].endswith("[u]")
    assert isinstance(export.loc[(flagged[0], "ai_use"), "estimate"], float), "a [u] estimate keeps its number"
    assert "[u]" in card.chart.description and "comparing this view with others" in card.chart.description


@pytest.mark.parametrize("view_fn", [views.admin_view, views.ai_view, views.barriers_view])
def test_survey_csv_columns_are_the_documented_ones(ctx, view_fn):
    assert list(view_fn(ctx, ViewState()).export.columns) == list(SURVEY_COLUMNS)


def test_a_state_with_region_and_size_together_withholds_every_sector(ctx):
    export = views.ai_view(ctx, ViewState(regions=("London",), size_bands=("10 to 49",))).export
    assert set(export["estimate"]) == {"[c]"}
    assert set(export["suppression_reason"]) <= {"primary", "secondary"}


def test_each_sector_gets_one_show_only_action_on_its_first_row(ctx):
    card = views.ai_view(ctx, ViewState(sectors=("health", "education")))
    assert len(card.actions) == len(card.table)
    picks = [(i, a.arg("sector"), a.arg("card")) for i, a in enumerate(card.actions) if a is not None]
    assert [(s, c) for _, s, c in picks] == [("health", "ai"), ("education", "ai")]  # vocabulary order
    assert [card.table.loc[i, "Sector"] for i, _, _ in picks] == ["Health", "Education"]
    assert all(a.label == f"Show only {card.table.loc[i, 'Sector']}" for i, a in enumerate(card.actions) if a)


def test_matrix_rows_open_their_own_cell_and_published_rows_link_to_their_source(ctx):
    matrix = views.matrix_view(ctx, ViewState())
    assert len(matrix.actions) == len(matrix.table) > 0
    first = matrix.actions[0]
    assert first.kind == "pick-cell"
    assert first.label == f"Show quotes: {matrix.table.loc[0, 'Code']}, {matrix.table.loc[0, 'Participant group']}"
    published = views.published_view(ctx, ViewState())
    assert [a.arg("href") for a in published.actions] == published.export["url"].tolist()
