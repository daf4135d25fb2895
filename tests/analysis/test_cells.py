"""Sums per atomic cell give exactly the numbers the records give, for every selection."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import cellkey, cells, estimates, survey

ORG_CELLS = ("sector", "region", "size_band")
PERTURB = estimates.Perturbation(ORG_CELLS, "record_key", cellkey.cell_noise)


def _org(n: int = 2500, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sectors = ["central_government", "local_government", "health", "education", "police_and_fire"]
    return pd.DataFrame(
        {
            "sector": pd.Categorical(rng.choice(sectors[:4], n), categories=sectors),  # one sector empty
            "region": pd.Categorical(rng.choice(["London", "Wales", "Scotland"], n)),
            "size_band": pd.Categorical(rng.choice(["10 to 49", "50 to 249"], n)),
            "record_key": rng.integers(0, 256, n),
            "design_weight": rng.uniform(0.5, 4.0, n),
            "ai_use": rng.random(n) < 0.4,
            "automation_use": rng.random(n) < 0.05,
            "share": rng.random(n),
        }
    )


SELECTIONS = [{}, {"region": ["London"]}, {"region": ["London", "Wales"]}, {"size_band": ["50 to 249"]}]


@pytest.mark.parametrize(("selection", "perturbed"), list(itertools.product(SELECTIONS, [False, True])))
def test_shares_from_cells_equal_shares_from_the_records(selection, perturbed):
    org = _org()
    table = cells.build(
        org, ORG_CELLS, ["ai_use", "automation_use"], "design_weight", key="record_key", noise=cellkey.cell_noise
    )
    rows = org
    for column, values in selection.items():
        rows = rows[rows[column].isin(values)]
    expected = estimates.weighted_shares(
        rows,
        "sector",
        ["ai_use", "automation_use"],
        "design_weight",
        threshold=10,
        key="record_key",
        min_answer=10,
        perturb=PERTURB if perturbed else None,
    )
    sums = table.sums(table.select(**selection), ["ai_use", "automation_use"], perturbed=perturbed)
    got = estimates.as_frame(
        estimates.share_columns(sums, "sector", ["ai_use", "automation_use"], threshold=10, min_answer=10)
    )
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("perturbed", [False, True])
def test_means_from_cells_equal_means_from_the_records(perturbed):
    org = _org().rename(columns={"size_band": "frontline"})
    org["frontline"] = org["frontline"] == "10 to 49"
    table = cells.build(
        org, ("sector", "frontline"), ["share"], "design_weight", key="record_key", noise=cellkey.cell_noise
    )
    rows = org[org["frontline"]]
    perturb = estimates.Perturbation(("sector", "frontline"), "record_key", cellkey.cell_noise)
    expected = estimates.weighted_means(
        rows, "sector", ["share"], "design_weight", key="record_key", perturb=perturb if perturbed else None
    )
    sums = table.sums(table.select(frontline=[True]), ["share"], perturbed=perturbed)
    got = estimates.as_frame(estimates.mean_columns(sums, "sector", ["share"]))
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=1e-12)


def test_a_cell_table_has_one_row_per_non_empty_cell_whatever_the_rows():
    org = _org(n=20_000)
    table = survey.org_cells(org)
    assert len(table.keys) == 4 * 3 * 2  # four non-empty sectors x three regions x two sizes
    assert table.n.sum() == 20_000
    assert list(table.categories) == list(org["sector"].cat.categories)


def test_the_survey_layer_reads_cells_and_records_alike(shipped_extract):
    org = shipped_extract.org_survey
    ptable = cellkey.PTable.generate(10)
    sectors = ["health", "education"]
    from_rows = survey.ai_use_by_sector(org[org["region"] == "London"], sectors, 10, ptable=ptable)
    from_cells = survey.ai_use_by_sector(survey.org_cells(org), sectors, 10, regions=["London"], ptable=ptable)
    pd.testing.assert_frame_equal(from_rows, from_cells, check_exact=False, rtol=1e-12, atol=1e-12)


def test_cells_are_the_groups_a_groupby_of_the_records_gives():
    """Integer codes and bincounts, checked against pandas' groupby on the same records: the same
    cells in the same order, the same counts, sums and largest weights; a record missing a cell
    value is in no cell; bool and plain string cell columns are coded too."""
    org = _org(n=5000)
    org.loc[org.index[:7], "region"] = None  # seven records with no region
    org["frontline"] = org["ai_use"].to_numpy()  # a bool cell column
    org["band"] = org["size_band"].astype(str)  # a plain string cell column
    dims = ["sector", "region", "frontline", "band"]
    table = cells.build(org, dims, ["automation_use"], "design_weight", key="record_key", noise=None)
    groups = org.groupby(dims, observed=True, sort=True)
    expected = groups.size()
    assert len(table.keys) == len(expected)
    assert table.keys.equals(expected.index.to_frame(index=False).astype(table.keys.dtypes.to_dict()))
    assert list(table.keys["sector"].cat.categories) == list(org["sector"].cat.categories)
    assert table.keys["frontline"].dtype == bool
    np.testing.assert_array_equal(table.n, expected.to_numpy(dtype=float))
    assert table.n.sum() == 5000 - 7
    np.testing.assert_allclose(table.sum_w, groups["design_weight"].sum().to_numpy(), rtol=1e-13)
    np.testing.assert_array_equal(table.key_sum, groups["record_key"].sum().to_numpy())
    np.testing.assert_array_equal(table.count_with["automation_use"], groups["automation_use"].sum().to_numpy())
    assert not table.noise["automation_use"].any(), "no noise without a noise function"


def test_each_cells_noise_is_drawn_from_its_key_and_largest_weight():
    org = _org(n=3000)
    seen = {}

    def noise(key_sum, w_max, measure):
        seen[measure] = (key_sum.copy(), w_max.copy())
        return cellkey.cell_noise(key_sum, w_max, measure)

    table = cells.build(org, ORG_CELLS, ["ai_use"], "design_weight", key="record_key", noise=noise)
    groups = org.groupby(list(ORG_CELLS), observed=True, sort=True)
    np.testing.assert_array_equal(seen["ai_use"][0], groups["record_key"].sum().to_numpy())
    np.testing.assert_array_equal(seen["ai_use"][1], groups["design_weight"].max().to_numpy())
    np.testing.assert_array_equal(table.noise["ai_use"], cellkey.cell_noise(*seen["ai_use"], "ai_use")[0])
