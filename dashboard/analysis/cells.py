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

import functools
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
        """The cells a view holds: for each named cell column, its allowed values (empty: all).

        What `isin` on the column gives, read through the column's distinct values (`_factors`,
        worked out once): a view tests a few values, not every cell through pandas."""
        mask = np.ones(len(self.keys), dtype=bool)
        for column, values in allowed.items():
            if len(values):
                codes, uniques = self._factors[column]
                # One flag per distinct value, and False last for a missing one (code -1).
                mask &= np.append(pd.Index(uniques).isin(list(values)), False)[codes]
        return mask

    @functools.cached_property
    def _factors(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each cell column as (code per cell, distinct values), missing values coded -1."""
        return {str(c): pd.factorize(self.keys[c], use_na_sentinel=True) for c in self.keys.columns}

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


def _cell_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index | None]:
    """Each record's integer code in one cell column (-1: no value), and the values the codes
    stand for, in the order groupby sorts them (a categorical's own order; False before True).

    None for the values of a categorical column: its codes are the categorical's own.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64), None
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.int64), pd.Index([False, True])
    codes, uniques = pd.factorize(column, sort=True)  # hand-made test frames only
    return codes.astype(np.int64), pd.Index(uniques)


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

    Why integer codes and `np.bincount`: each record's atomic cell is numbered from its
    categories' codes (as `estimates.group_sums` numbers them), and every sum is one bincount
    over that number, so no full-length frame of the sums is ever built. Building one (a column
    per measure and sum, then a groupby) held about 40 float columns as long as the survey at
    once: 320 MB at 1,000,000 organisations, 3 GB at 10,000,000. Now at most two full-length
    float arrays exist besides the survey's own columns. The sums are the records' values added
    in row order, as `estimates.group_sums` adds them on the row path.
    """
    by = cells[0]
    parts = [_cell_codes(frame[c]) for c in cells]
    sizes = [
        len(frame[c].cat.categories) if values is None else len(values)
        for c, (_, values) in zip(cells, parts, strict=True)
    ]
    valid = np.ones(len(frame), dtype=bool)
    for codes, _ in parts:
        valid &= codes >= 0  # a record with no value in a cell column is in no cell (groupby drops it)
    # Every record in a cell (as in every extract that passes validation): read each column as it is.
    # A boolean mask copies a column (0.2 s at 10,000,000 rows), and start-up would make about 25.
    chosen: np.ndarray | slice = slice(None) if valid.all() else valid
    cell_id = np.zeros(int(valid.sum()), dtype=np.int64)
    for (codes, _), size in zip(parts, sizes, strict=True):
        cell_id = cell_id * size + codes[chosen]
    space = int(np.prod(sizes, dtype=np.int64))
    counts = np.bincount(cell_id, minlength=space)
    present = np.flatnonzero(counts)  # the non-empty cells, in the order groupby sorts them
    slot = np.full(space, -1, dtype=np.int64)
    slot[present] = np.arange(len(present))
    index = slot[cell_id]  # each valid record's row in the cell table
    del cell_id, slot
    k = len(present)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=values, minlength=k)

    w = frame[weight].to_numpy(dtype=float)[chosen]
    n = counts[present].astype(float)
    sum_w = total(w)
    sum_w2 = total(w * w)
    w_max = np.zeros(k)
    np.maximum.at(w_max, index, w)
    if key is not None and key in frame.columns:
        key_sum = total(frame[key].to_numpy(dtype=np.int64)[chosen]).round().astype(np.int64)
    else:
        key_sum = np.zeros(k, dtype=np.int64)
    sum_wy, sum_wy2, count_with, noise_of, var_of = {}, {}, {}, {}, {}
    for m in measures:
        y = frame[m].to_numpy(dtype=float)[chosen]  # read only: `wy` is a new array
        wy = w * y
        sum_wy[m] = total(wy)
        if pd.api.types.is_bool_dtype(frame[m].dtype):
            # A flag is 0 or 1, so w * y * y is w * y and (y == 1) is y, to the bit: the same sums
            # without two more passes over every record (a second of start-up at 10,000,000 rows).
            sum_wy2[m] = sum_wy[m].copy()
            count_with[m] = total(y)
        else:
            wy *= y  # in place: w * y * y, without another full-length array
            sum_wy2[m] = total(wy)
            count_with[m] = total((y == 1).astype(float))
        del y, wy
        if noise is None:
            noise_of[m], var_of[m] = np.zeros(k), np.zeros(k)
        else:
            noise_of[m], var_of[m] = noise(key_sum, w_max, m)
    keys = pd.DataFrame(index=range(k))
    for c, codes_of_cell, (_, values) in zip(cells, np.unravel_index(present, sizes), parts, strict=True):
        if values is None:  # keep the frame's categories (and their order), even those with no cell
            keys[c] = pd.Categorical.from_codes(codes_of_cell, dtype=frame[c].dtype)
        else:
            keys[c] = values.take(codes_of_cell).to_numpy()

    return CellTable(
        keys=keys,
        by=by,
        categories=frame[by].cat.categories,
        n=n,
        sum_w=sum_w,
        sum_w2=sum_w2,
        key_sum=key_sum,
        sum_wy=MappingProxyType(sum_wy),
        sum_wy2=MappingProxyType(sum_wy2),
        count_with=MappingProxyType(count_with),
        noise=MappingProxyType(noise_of),
        noise_var=MappingProxyType(var_of),
    )
