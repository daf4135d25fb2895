"""Estimate noise drawn per atomic cell adds up across views, so releases cannot be averaged.

The attack this guards against (tests/attacks/test_two_releases.py): a record removed between
two releases changes every view that holds it. If each view drew its own noise, the attacker
would get one independent reading of the record's answer per view and could average them.
With noise per atomic cell, every view that holds the record changes by the same amount.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import cellkey, estimates

CELLS = ("sector", "region", "size_band")
PERTURB = estimates.Perturbation(CELLS, "record_key", cellkey.cell_noise)


def _frame(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "sector": pd.Categorical(rng.choice(["a", "b"], n), categories=["a", "b"]),
            "region": pd.Categorical(rng.choice(["r1", "r2", "r3"], n), categories=["r1", "r2", "r3"]),
            "size_band": pd.Categorical(rng.choice(["s", "m"], n), categories=["s", "m"]),
            "record_key": rng.integers(0, 256, n),
            "w": rng.uniform(0.5, 3.0, n),
            "flag": rng.random(n) < 0.4,
        }
    )


def _noisy_sum(frame: pd.DataFrame, perturb=PERTURB) -> pd.Series:
    """Each sector's perturbed weighted sum of the flag, read back from the shown share."""
    table = estimates.weighted_shares(frame, "sector", ["flag"], "w", threshold=0, key="record_key", perturb=perturb)
    return (table["estimate"] * table["weighted_base"]).set_axis(table["sector"])


def _true_sum(frame: pd.DataFrame) -> pd.Series:
    return (frame["w"] * frame["flag"]).groupby(frame["sector"], observed=False).sum()


def _in(frame, regions):
    return frame[frame["region"].isin(regions)]


def test_noise_is_added_and_bounded_by_the_cells_largest_weights():
    frame = _frame()
    noise = _noisy_sum(frame) - _true_sum(frame)
    assert (noise.abs() > 1e-9).all()
    cells_per_sector = 6
    assert (noise.abs() <= cells_per_sector * cellkey.NOISE_WEIGHTS * frame["w"].max()).all()


def test_the_noise_of_two_regions_is_the_sum_of_each_regions_noise():
    frame = _frame()
    both = _noisy_sum(_in(frame, ["r1", "r2"])) - _true_sum(_in(frame, ["r1", "r2"]))
    one = _noisy_sum(_in(frame, ["r1"])) - _true_sum(_in(frame, ["r1"]))
    two = _noisy_sum(_in(frame, ["r2"])) - _true_sum(_in(frame, ["r2"]))
    assert np.allclose(both, one + two)


def test_removing_a_record_changes_every_view_that_holds_it_by_the_same_amount():
    frame = _frame()
    gone = frame.drop(index=frame.index[(frame["region"] == "r1") & (frame["sector"] == "a")][0])
    views = [["r1"], ["r1", "r2"], ["r1", "r3"], ["r1", "r2", "r3"]]
    changes = [(_noisy_sum(_in(frame, v)) - _noisy_sum(_in(gone, v)))["a"] for v in views]
    assert np.allclose(changes, changes[0]), "one reading of the removed record, not one per view"
    untouched = [(_noisy_sum(_in(frame, v)) - _noisy_sum(_in(gone, v)))["a"] for v in (["r2"], ["r3"], ["r2", "r3"])]
    assert np.allclose(untouched, 0.0)


def test_the_old_per_view_rule_gave_independent_readings():
    """The guard can fail: noise drawn per view (keyed on the view cell) differs view to view."""
    frame = _frame()
    gone = frame.drop(index=frame.index[(frame["region"] == "r1") & (frame["sector"] == "a")][0])
    per_view = estimates.Perturbation(("sector",), "record_key", cellkey.cell_noise)
    views = [["r1"], ["r1", "r2"], ["r1", "r3"], ["r1", "r2", "r3"]]
    changes = [(_noisy_sum(_in(frame, v), per_view) - _noisy_sum(_in(gone, v), per_view))["a"] for v in views]
    assert not np.allclose(changes, changes[0])


def test_the_interval_is_widened_by_the_noise_spread():
    frame = _frame()
    plain = estimates.weighted_shares(frame, "sector", ["flag"], "w", threshold=0, key="record_key")
    noisy = estimates.weighted_shares(frame, "sector", ["flag"], "w", threshold=0, key="record_key", perturb=PERTURB)
    assert ((noisy["ci_high"] - noisy["ci_low"]) > (plain["ci_high"] - plain["ci_low"])).all()
    assert (noisy["ci_low"] <= noisy["estimate"]).all() and (noisy["estimate"] <= noisy["ci_high"]).all()


@pytest.mark.parametrize("frontline", [True, False])
def test_a_boolean_cell_column_works_for_the_time_use_survey(frontline):
    frame = _frame().rename(columns={"region": "x"})
    frame["frontline"] = frame["size_band"] == "s"
    frame["share"] = np.linspace(0, 1, len(frame))
    perturb = estimates.Perturbation(("sector", "frontline"), "record_key", cellkey.cell_noise)
    part = frame[frame["frontline"] == frontline]
    table = estimates.weighted_means(part, "sector", ["share"], "w", threshold=0, key="record_key", perturb=perturb)
    assert table["estimate"].between(0, 1).all() and table["ci_low"].notna().all()
