"""Survey sums per atomic cell, built once per extract, so a view costs cells, not rows.

Every filter of a survey card selects whole atomic cells: the organisation survey's filters
are sector, region and size band, the time-use survey's sector and frontline. And every
number a card shows (a weighted share or mean, its interval, its base, its cell key, the
perturbation's noise) is a function of sums over records that add up across cells
(`estimates.GroupSums`). So the extract is aggregated once, at load, into one row per
non-empty atomic cell (about 240 for the organisation survey, 12 for the time-use survey,
at any number of respondents), and a view adds up the rows of the cells it selects.

The noise of each cell is drawn here, once, from the cell's key and largest weight
(`cellkey.cell_noise`): exactly what `estimates.group_sums` draws from the records, so the two
paths give the same numbers (tests/analysis/test_cells.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from dashboard.analysis import estimates


@dataclass(frozen=True)
class CellTable:
    """One row per non-empty atomic cell: its categories, and its sums as aligned arrays."""

    #: The cell's value of each cell column (the first is the group a card estimates by).
    keys: pd.DataFrame
    by: str
    categories: pd.Index
    n: np.ndarray
    sum_w: np.ndarray
    sum_w2: np.ndarray
    key_sum: np.ndarray
    sum_wy: Mapping[str, np.ndarray]
    sum_wy2: Mapping[str, np.ndarray]
    count_with: Mapping[str, np.ndarray]
    noise: Mapping[str, np.ndarray]
    noise_var: Mapping[str, np.ndarray]

    def select(self, **allowed: Sequence[object]) -> np.ndarray:
        """The cells a view holds: for each named cell column, its allowed values (empty: all)."""
        mask = np.ones(len(self.keys), dtype=bool)
        for column, values in allowed.items():
            if len(values):
                mask &= self.keys[column].isin(list(values)).to_numpy()
        return mask

    def sums(self, mask: np.ndarray, measures: Sequence[str], *, perturbed: bool) -> estimates.GroupSums:
        """The selected cells added up by group; the noise only if the shown numbers are perturbed."""
        codes = self.keys[self.by].cat.codes.to_numpy()[mask]
        k = len(self.categories)

        def add(values: np.ndarray) -> np.ndarray:
            return np.bincount(codes, weights=values[mask], minlength=k)

        zero = np.zeros(k)
        return estimates.GroupSums(
            self.categories,
            add(self.n),
            add(self.sum_w),
            add(self.sum_w2),
            add(self.key_sum.astype(float)).round().astype(np.int64),
            {m: add(self.sum_wy[m]) for m in measures},
            {m: add(self.sum_wy2[m]) for m in measures},
            {m: add(self.count_with[m]) for m in measures},
            {m: add(self.noise[m]) if perturbed else zero for m in measures},
            {m: add(self.noise_var[m]) if perturbed else zero for m in measures},
        )


def build(
    frame: pd.DataFrame,
    cells: Sequence[str],
    measures: Sequence[str],
    weight: str,
    *,
    key: str | None,
    noise: estimates.CellNoise | None,
) -> CellTable:
    """Aggregate the records into atomic cells; `cells[0]` is the group estimates are made by.

    Without a `key` column (hand-made test frames) key sums are 0; without `noise` the noise is 0.
    """
    by = cells[0]
    grouped = pd.DataFrame({c: frame[c] for c in cells})
    w = frame[weight].to_numpy(dtype=float)
    grouped["_w"] = w
    grouped["_w2"] = w**2
    grouped["_key"] = frame[key].to_numpy(dtype=np.int64) if key is not None and key in frame.columns else 0
    for m in measures:
        y = frame[m].to_numpy(dtype=float)
        grouped[f"{m}\0wy"] = w * y
        grouped[f"{m}\0wy2"] = w * y * y
        grouped[f"{m}\0with"] = (y == 1).astype(float)
    groups = grouped.groupby(list(cells), observed=True, sort=True)
    totals = groups.sum()
    n = groups.size().to_numpy(dtype=float)
    w_max = groups["_w"].max().to_numpy(dtype=float)
    keys = totals.index.to_frame(index=False)
    for c in cells:  # keep the frame's categories (and their order), even those with no cell
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            keys[c] = pd.Categorical(keys[c], categories=frame[c].cat.categories, ordered=frame[c].cat.ordered)
    key_sum = totals["_key"].to_numpy(dtype=np.int64)
    noise_of, var_of = {}, {}
    for m in measures:
        if noise is None:
            noise_of[m], var_of[m] = np.zeros(len(keys)), np.zeros(len(keys))
        else:
            noise_of[m], var_of[m] = noise(key_sum, w_max, m)

    def column(suffix: str) -> Mapping[str, np.ndarray]:
        return MappingProxyType({m: totals[f"{m}\0{suffix}"].to_numpy(dtype=float) for m in measures})

    return CellTable(
        keys=keys,
        by=by,
        categories=frame[by].cat.categories,
        n=n,
        sum_w=totals["_w"].to_numpy(dtype=float),
        sum_w2=totals["_w2"].to_numpy(dtype=float),
        key_sum=key_sum,
        sum_wy=column("wy"),
        sum_wy2=column("wy2"),
        count_with=column("with"),
        noise=MappingProxyType(noise_of),
        noise_var=MappingProxyType(var_of),
    )
