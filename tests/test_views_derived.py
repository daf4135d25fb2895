"""What views keep per context (`views.derived`): worked out once, never shared between contexts,
dropped with its context, and never a different answer from working it out afresh."""

from __future__ import annotations

import dataclasses
import gc
from types import MappingProxyType

import pandas as pd
import pytest

from dashboard.analysis import evidence, published
from dashboard.context import build_context
from dashboard.settings import Settings
from dashboard.state import ViewState
from dashboard.views import derived
from dashboard.views import evidence as evidence_views
from dashboard.views import published as published_views


class _Context:
    """Stands in for an AppContext: `once` needs only an object that can be weakly referenced."""


def test_a_value_is_computed_once_per_context_and_name_and_dropped_with_its_context():
    calls: list[str] = []

    def compute(what: str):
        calls.append(what)
        return [what]

    first, second = _Context(), _Context()
    kept = derived.once(first, "a", lambda: compute("first a"))
    assert derived.once(first, "a", lambda: compute("again")) is kept
    assert derived.once(first, "b", lambda: compute("first b")) == ["first b"]
    assert derived.once(second, "a", lambda: compute("second a")) == ["second a"]
    assert calls == ["first a", "first b", "second a"]
    key = id(first)
    assert key in derived._kept
    del first, kept
    gc.collect()
    assert key not in derived._kept  # a reloaded extract's context leaves nothing behind


@pytest.fixture(scope="module")
def ctx(shipped_extract):
    return build_context(shipped_extract, Settings(view_cache=0))


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(sectors=("police",), highlight="police"),
        ViewState(sectors=("health", "education"), present=True),
        ViewState(sources=("ons_psmps_survey_page",)),
    ],
)
def test_the_published_card_from_kept_rows_is_the_card_worked_out_afresh(ctx, state):
    x = ctx.extract
    everything = published.filter_published(
        x.published_estimates, x.sources, sectors=state.sectors, source_ids=state.sources
    )
    listed = everything.head(published_views.PRESENT_ROWS if state.present else published_views.ON_PAGE)
    card = published_views.published_view(ctx, state)
    pd.testing.assert_frame_equal(card.table, published_views._display(listed).reset_index(drop=True))
    pd.testing.assert_frame_equal(card.export.drop(columns="data_status"), everything[published_views.EXPORT_COLUMNS])
    assert [a.arg("href") for a in card.actions] == listed["url"].tolist()
    assert len(card.highlighted_rows) == len(card.table)


def test_a_view_that_changes_a_kept_table_changes_no_later_view(ctx):
    card = published_views.published_view(ctx, ViewState())
    before = card.table.copy()
    card.table.iloc[0, 0] = "changed by a caller"  # copy-on-write: the caller's own copy
    card.export.iloc[0, 0] = "changed by a caller"
    again = published_views.published_view(ctx, ViewState())
    pd.testing.assert_frame_equal(again.table, before)
    assert again.export.iloc[0, 0] != "changed by a caller"


def test_the_kept_evidence_map_is_the_map_worked_out_afresh(ctx):
    state = ViewState(sectors=("fire",), topic="barriers")
    card = evidence_views.map_view(ctx, state)
    fresh = evidence_views._map_parts(ctx, ())
    pd.testing.assert_frame_equal(card.table, fresh.display)
    pd.testing.assert_frame_equal(card.export, fresh.export)
    # And the cells are what the analysis gives on the raw tables.
    x = ctx.extract
    cells, _ = evidence.evidence_map(x.published_estimates, x.sources, ctx.findings, ctx.quotes, x.codebook)
    pd.testing.assert_frame_equal(fresh.cells, cells)
    # A context on other figures (a reloaded extract) keeps its own map, not this one's.
    tables = {**x._tables, "published_estimates": x.published_estimates.head(10)}
    other = build_context(dataclasses.replace(x, _tables=MappingProxyType(tables)), Settings(view_cache=0))
    smaller = evidence_views.map_view(other, state)
    assert smaller.export["published_figures"].sum() < card.export["published_figures"].sum()
    assert evidence_views.map_view(ctx, state).export.equals(card.export)
