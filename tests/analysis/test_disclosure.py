"""Secondary suppression across views: no small group can be worked out by comparing what is shown.

The audit is exact linear algebra. Every shown base is the sum of some cells of the
region-by-size table, so a group's count can be worked out from what is shown only if
its indicator vector is a linear combination of the shown views' indicator vectors.
For random tables and thresholds, the test opens every view a user can open (every
subset of regions, or every subset of sizes), collects what is shown, and checks every
group of cells with a count between 1 and the threshold minus one: none may be in the
span. Cells that a "no data" [x] view shows to be empty are left out of the vectors,
since a user knows they are zero.

This is the standard audit for cell suppression (exact recovery by sums and
differences). It does not model an attacker who knows, from elsewhere, that other
cells are empty; docs/methods.md says so.
"""

from __future__ import annotations

from itertools import chain, combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import views
from dashboard.analysis import disclosure, survey
from dashboard.analysis.estimates import STATUS_NO_DATA, STATUS_OK, STATUS_SUPPRESSED
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import ViewState

REGIONS = ("North East", "London", "Wales")
SIZES = vocab.SIZE_BANDS[:3]
ATOMS = [(r, z) for r in REGIONS for z in SIZES]


# --------------------------------------------------------------------------- pooling


def test_no_small_category_needs_no_block():
    assert disclosure.pooled_block({"a": 12, "b": 0, "c": 30}, 10) == frozenset()


def test_one_small_category_is_pooled_with_the_smallest_other():
    assert disclosure.pooled_block({"a": 12, "b": 4, "c": 30, "d": 11}, 10) == {"b", "d"}


def test_small_categories_that_reach_the_threshold_together_form_the_block():
    assert disclosure.pooled_block({"a": 6, "b": 50, "c": 5}, 10) == {"a", "c"}


def test_ties_go_to_the_earlier_category():
    assert disclosure.pooled_block({"a": 20, "b": 20, "c": 1}, 10) == {"a", "c"}


def test_a_sector_under_the_threshold_is_one_block():
    assert disclosure.pooled_block({"a": 3, "b": 2, "c": 0}, 10) == {"a", "b"}


def test_split_sectors_names_only_the_sectors_whose_block_is_cut():
    protection = disclosure.Protection({"region": {"health": frozenset({"Wales", "North East"})}})
    assert protection.split_sectors({"region": ["Wales"]}) == {"health"}
    assert protection.split_sectors({"region": ["Wales", "North East", "London"]}) == set()
    assert protection.split_sectors({"region": ["London"]}) == set()
    assert protection.split_sectors({"region": []}) == set()
    assert protection.split_sectors({"size_band": ["10 to 49"]}) == set()


# --------------------------------------------------------------------------- the audit


def _frame(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [(r, z) for (r, z), n in counts.items() for _ in range(n)]
    return pd.DataFrame(
        {
            "sector": pd.Categorical(["health"] * len(rows), categories=vocab.ORG_SURVEY_SECTORS, ordered=True),
            "region": [r for r, _ in rows],
            "size_band": [z for _, z in rows],
            "design_weight": np.linspace(0.5, 2.0, len(rows)) if rows else [],
            "ai_use": [i % 3 == 0 for i in range(len(rows))],
            "automation_use": [i % 2 == 0 for i in range(len(rows))],
        }
    )


def _subsets(values):
    return chain.from_iterable(combinations(values, k) for k in range(len(values) + 1))


def shown_views(org: pd.DataFrame, threshold: int) -> list[tuple[frozenset, str, object]]:
    """Every view a user can open, as (cells in it, status, base shown) for health."""
    protection = disclosure.plan(org, "sector", ["region", "size_band"], threshold)
    out = []
    for dimension, categories in (("region", REGIONS), ("size_band", SIZES)):
        for chosen in _subsets(categories):
            split = protection.split_sectors({dimension: chosen})
            table = survey.ai_use_by_sector(
                org,
                ["health"],
                threshold,
                size_bands=chosen if dimension == "size_band" else (),
                regions=chosen if dimension == "region" else (),
                split=split,
                min_answer=0,
            )
            row = table[table["measure"] == "ai_use"].iloc[0]
            in_view = frozenset((r, z) for r, z in ATOMS if not chosen or (r if dimension == "region" else z) in chosen)
            out.append((in_view, row["status"], row["base_n"]))
    return out


def _in_span(rows: np.ndarray, vector: np.ndarray) -> bool:
    if rows.size == 0:
        return not vector.any()
    return np.linalg.matrix_rank(np.vstack([rows, vector])) == np.linalg.matrix_rank(rows)


def recoverable_small_groups(counts: dict[tuple[str, str], int], threshold: int) -> list[tuple]:
    org = _frame(counts)
    views_shown = shown_views(org, threshold)
    known_empty = set().union(*(cells for cells, status, _ in views_shown if status == STATUS_NO_DATA))
    unknown = [a for a in ATOMS if a not in known_empty]
    known = []
    for cells, status, base in views_shown:
        if status == STATUS_OK:
            assert base >= threshold, "a shown base is under the threshold"
            assert base == sum(counts[a] for a in cells), "a shown base is not the true count"
            known.append([1.0 if a in cells else 0.0 for a in unknown])
        elif status == STATUS_NO_DATA:
            assert sum(counts[a] for a in cells) == 0
        else:
            assert status == STATUS_SUPPRESSED and pd.isna(base)
    rows = np.array(known)
    leaks = []
    for group in _subsets(unknown):
        n = sum(counts[a] for a in group)
        if 0 < n < threshold and _in_span(rows, np.array([1.0 if a in group else 0.0 for a in unknown])):
            leaks.append((group, n))
    return leaks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 25)), min_size=len(ATOMS), max_size=len(ATOMS)
    ),
    threshold=st.integers(2, 12),
)
def test_no_small_group_can_be_recovered_from_all_the_views_a_user_can_open(cells, threshold):
    counts = dict(zip(ATOMS, cells, strict=True))
    assert recoverable_small_groups(counts, threshold) == []


def test_the_audit_finds_the_leak_that_threshold_suppression_alone_leaves():
    """Without blocks the same audit catches a differencing attack, so it is able to fail."""
    counts = dict.fromkeys(ATOMS, 0) | {("London", SIZES[0]): 20, ("London", SIZES[1]): 20, ("Wales", SIZES[2]): 4}
    org = _frame(counts)
    nonempty = [a for a in ATOMS if counts[a] > 0]
    known = []
    for chosen in _subsets(SIZES):
        # No split: the threshold only.
        row = survey.ai_use_by_sector(org, ["health"], 10, size_bands=chosen, min_answer=0).iloc[0]
        if row["status"] == STATUS_OK:
            known.append([1.0 if (not chosen or a[1] in chosen) else 0.0 for a in nonempty])
    assert _in_span(np.array(known), np.array([1.0 if a == ("Wales", SIZES[2]) else 0.0 for a in nonempty]))
    assert recoverable_small_groups(counts, 10) == []


# --------------------------------------------------------------------------- the shipped extract


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


def test_a_region_inside_a_block_is_suppressed_as_secondary_and_the_whole_block_is_shown(context):
    counts = context.org.groupby(["sector", "region"], observed=True).size()
    # A region with enough organisations of its own, pooled to protect a smaller one.
    sector, block, one = next(
        (sector, block, region)
        for sector, block in context.org_protection.blocks["region"].items()
        for region in sorted(block)
        if counts[(sector, region)] >= context.threshold
    )
    table = views.ai_view(context, ViewState(regions=(one,))).export
    row = table[(table["sector"] == sector) & (table["measure"] == "ai_use")].iloc[0]
    assert row["estimate"] == "[c]" and row["base_unweighted_n"] == "[c]"
    assert "suppression_reason" not in table, "a withheld cell does not say why"
    assert sector in survey.org_withheld(context.org_protection, (one,), ())
    # The whole block is not split, so the block rule does not withhold it (a share may still be
    # withheld by the answer rule when the block is small).
    assert sector not in survey.org_withheld(context.org_protection, tuple(r for r in vocab.REGIONS if r in block), ())


@pytest.mark.parametrize("dimension", ["region", "size_band"])
def test_every_single_category_view_of_the_shipped_survey_shows_only_bases_at_or_over_the_threshold(context, dimension):
    categories = vocab.REGIONS if dimension == "region" else vocab.SIZE_BANDS
    for category in categories:
        state = ViewState(regions=(category,)) if dimension == "region" else ViewState(size_bands=(category,))
        export = views.barriers_view(context, state).export
        bases = [b for b in export["base_unweighted_n"] if isinstance(b, int)]
        assert all(b >= context.threshold for b in bases)


def test_the_time_use_frontline_filter_cannot_give_away_a_small_group_by_subtraction():
    n = {True: 30, False: 4}
    tus = pd.DataFrame(
        {
            "sector": pd.Categorical(["fire"] * 34, categories=vocab.SECTORS, ordered=True),
            "frontline": [True] * n[True] + [False] * n[False],
            "weight": 1.0,
            survey.NON_SECTOR_SHARE: 0.4,
            survey.ADMIN_SHARE: 0.2,
        }
    )
    protection = disclosure.plan(tus, "sector", ["frontline"], 10)

    def base(frontline: str) -> object:
        split = protection.split_sectors({"frontline": survey.frontline_selection(frontline)})
        table = survey.admin_share_by_sector(tus, ["fire"], 10, frontline=frontline, split=split)
        return table.iloc[0]["base_n"], table.iloc[0]["status"]

    assert base("all") == (34, "ok")
    # Both halves are withheld, and look the same: the 4 (under the threshold) and the 30
    # (whose difference from the 34 would give the 4 away).
    assert pd.isna(base("non_frontline")[0]) and base("non_frontline")[1] == "suppressed"
    assert pd.isna(base("frontline")[0]) and base("frontline")[1] == "suppressed"


# --------------------------------------------------------------------------- blocks from the cells


def _blocks(protection: disclosure.Protection) -> dict:
    return {dimension: dict(blocks) for dimension, blocks in protection.blocks.items()}


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(
        st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 25)), min_size=len(ATOMS), max_size=len(ATOMS)
    ),
    threshold=st.integers(2, 12),
)
def test_blocks_counted_from_the_cells_are_those_counted_from_the_records(cells, threshold):
    org = _frame(dict(zip(ATOMS, cells, strict=True)))
    from_records = disclosure.plan(org, "sector", ["region", "size_band"], threshold)
    from_cells = survey.protection(org, survey.org_cells(org), ["region", "size_band"], threshold)
    assert _blocks(from_cells) == _blocks(from_records)


def test_the_shipped_surveys_blocks_from_the_cells_are_those_from_the_records(shipped_extract):
    org = shipped_extract.org_survey
    tus = survey.prepare_time_use(shipped_extract.time_use_survey)
    for threshold in (10, 30, 100):
        org_blocks = survey.protection(org, survey.org_cells(org), ["region", "size_band"], threshold)
        assert _blocks(org_blocks) == _blocks(disclosure.plan(org, "sector", ["region", "size_band"], threshold))
        tus_blocks = survey.protection(tus, survey.time_use_cells(tus), ["frontline"], threshold)
        assert _blocks(tus_blocks) == _blocks(disclosure.plan(tus, "sector", ["frontline"], threshold))
    # Blocks exist at these thresholds, so the comparison compares something.
    assert any(_blocks(survey.protection(org, survey.org_cells(org), ["region"], 100))["region"].values())


def test_a_record_outside_every_cell_is_counted_from_the_records():
    """A record with no region is in no cell but still counts for its size band: the blocks are
    then counted from the records, not from the cells, which would leave it out."""
    counts = dict.fromkeys(ATOMS, 0) | {("London", SIZES[0]): 20, ("Wales", SIZES[1]): 11}
    org = _frame(counts)
    org.loc[org.index[-2:], "region"] = None  # two of size band 2's 11 have no region
    from_records = disclosure.plan(org, "sector", ["size_band"], 10)
    assert _blocks(from_records) == {"size_band": {}}  # 20 and 11: no small category
    table = survey.org_cells(org)
    assert int(table.n.sum()) == len(org) - 2
    assert _blocks(survey.protection(org, table, ["size_band"], 10)) == _blocks(from_records)
    # Counted from the cells, size band 2 would have 9 and be pooled: what the rule guards against.
    assert _blocks(disclosure.plan(table.keys.assign(records=table.n), "sector", ["size_band"], 10, weight="records"))[
        "size_band"
    ]
