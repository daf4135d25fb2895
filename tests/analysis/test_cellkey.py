"""Cell key perturbation: the app's vectorised method against ONS's own package, and its guarantees."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
from cell_key_perturbation.create_perturbed_table import create_perturbed_table

from dashboard.analysis import cellkey

PTABLE = cellkey.PTable.generate(threshold=10)


def test_the_ptable_is_in_the_packages_format_and_follows_its_rules():
    frame = PTABLE.to_frame()
    assert list(frame.columns) == ["pcv", "ckey", "pvalue"]
    assert len(frame) == cellkey.MAX_PCV * cellkey.KEY_RANGE
    small = frame[frame["pcv"] < 10]
    assert (small["pcv"] + small["pvalue"] == 0).all(), "counts under the threshold become 0"
    large = frame[frame["pcv"] >= 10]
    shown = large["pcv"] + large["pvalue"]
    assert (shown >= 10).all(), "no shown count is under the threshold"
    assert large["pvalue"].abs().max() == 5
    # Noise is spread: away from the threshold, every value -5..+5 occurs for a count.
    assert set(frame.loc[frame["pcv"] == 100, "pvalue"]) == set(range(-5, 6))


def test_the_same_counts_as_the_ons_package_on_the_same_records_and_ptable():
    rng = np.random.default_rng(1)
    n = 3000
    micro = pd.DataFrame(
        {
            "sector": rng.choice(["a", "b", "c", "d"], size=n, p=[0.6, 0.3, 0.098, 0.002]),
            "region": rng.choice([f"r{i}" for i in range(12)], size=n),
            "record_key": rng.integers(0, 256, size=n),
        }
    )
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints its progress
        reference = create_perturbed_table(
            micro, PTABLE.to_frame(), geog=[], tab_vars=["sector", "region"], record_key="record_key", threshold=10
        )
    grouped = micro.groupby(["sector", "region"]).agg(n=("record_key", "size"), keys=("record_key", "sum"))
    ours = pd.Series(PTABLE.perturb(grouped["n"].to_numpy(), grouped["keys"].to_numpy()), index=grouped.index)
    theirs = reference.set_index(["sector", "region"])["count"]
    for cell, count in ours.items():
        expected = theirs.loc[cell]
        assert (pd.isna(expected) and count < 10) or count == expected, cell
    assert (ours >= 10).sum() > 10 and (ours == 0).sum() > 0, "the sample has both shown and withheld cells"


def test_the_same_records_always_get_the_same_noise_and_one_record_more_changes_it():
    counts = np.array([57, 57, 58])
    keys = np.array([1000, 1000, 1000 + 77])
    shown = PTABLE.perturb(counts, keys)
    assert shown[0] == shown[1]
    assert abs(int(shown[0]) - 57) <= 5 and abs(int(shown[2]) - 58) <= 5


def test_shown_differences_of_two_cells_are_not_exact():
    """Over many pairs of cells that differ by one record, the shown difference is 1 only sometimes."""
    rng = np.random.default_rng(2)
    base = rng.integers(20, 400, size=2000)
    keys = rng.integers(0, 10**6, size=2000)
    extra = rng.integers(0, 256, size=2000)
    diff = PTABLE.perturb(base + 1, keys + extra) - PTABLE.perturb(base, keys)
    assert (diff == 1).mean() < 0.2
    assert diff.min() <= -5 and diff.max() >= 7


def _table(estimate: float, low: float, high: float, key: int, measure: str = "ai_use") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": [measure],
            "base_n": pd.array([120], dtype="Int64"),
            "key_sum": [key],
            "estimate": [estimate],
            "ci_low": [low],
            "ci_high": [high],
            "status": ["ok"],
        }
    )


def test_protect_perturbs_the_base_leaves_the_estimate_and_drops_the_key():
    bases = set()
    for key in range(256):
        out = cellkey.protect(_table(0.5, 0.4, 0.6, key), PTABLE)
        assert "key_sum" not in out
        assert out["estimate"].iloc[0] == 0.5  # estimates were perturbed when summed
        assert abs(int(out["base_n"].iloc[0]) - 120) <= 5
        bases.add(int(out["base_n"].iloc[0]))
    assert len(bases) == 11, "every noise value from -5 to +5 is used"


def test_cell_noise_is_bounded_fixed_by_key_and_measure_and_spread_over_its_range():
    keys = np.arange(256)
    w_max = np.full(256, 2.0)
    noise, variance = cellkey.cell_noise(keys, w_max, "ai_use")
    bound = cellkey.NOISE_WEIGHTS * 2.0
    assert np.all(np.abs(noise) <= bound)
    assert noise.max() > 0.8 * bound and noise.min() < -0.8 * bound
    assert np.allclose(variance, bound**2 / 3)
    again, _ = cellkey.cell_noise(keys, w_max, "ai_use")
    assert np.array_equal(noise, again)
    other, _ = cellkey.cell_noise(keys, w_max, "automation_use")
    assert not np.allclose(noise, other), "different measures of one cell get unrelated noise"


def test_protect_leaves_withheld_cells_withheld():
    table = _table(np.nan, np.nan, np.nan, 5)
    table["status"] = "suppressed"
    table["base_n"] = pd.array([pd.NA], dtype="Int64")
    out = cellkey.protect(table, PTABLE)
    assert pd.isna(out["estimate"].iloc[0]) and pd.isna(out["base_n"].iloc[0])
