"""Weighted estimates with 95% intervals and disclosure control.

Every estimate is computed from sums (`GroupSums`: n, Σw, Σw², Σw·y, Σw·y², counts, key sums
and noise per group) by `share_columns` and `mean_columns`. The app gets those sums by
adding up atomic cells built once per extract (analysis/cells.py); `weighted_shares` and
`weighted_means` get them from the records. The record path is the plain definition: the
worked example in docs/methods.md and the cell path are both tested against it.

Method (full derivation and a worked example in docs/methods.md):
- estimate: the weighted share or mean, sum(w*y) / sum(w);
- precision: Kish's effective sample size n_eff = (sum w)^2 / sum(w^2), which
  shrinks the sample by how unequal the weights are;
- shares: a Wilson score interval computed with n_eff in place of n, which
  stays inside 0 to 1 and behaves at small bases and near 0% or 100%;
- means: mean +/- 1.96 * sqrt(weighted variance / n_eff), clipped to 0 to 1
  for shares of time.
Cells whose unweighted base is under the threshold are suppressed ([c]), and so
are shares where fewer than the threshold have, or lack, the attribute (so that a
share of 0% or 100% never says something about every member of a group); cells with
no respondents are marked not available ([x]), and estimates whose effective sample
size is under 30 are shown but flagged low reliability ([u]). Every withheld cell
looks the same: no reason is recorded beside it, since "why" would say on which side
of the threshold a group lies.

The module runs past 250 lines because the sums, the two estimators on them and the
suppression rule are one method (docs/methods.md derives them together); cellkey.py and
disclosure.py already hold the perturbation and the cross-view rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Z95 = 1.959963984540054
DEFAULT_SUPPRESSION_THRESHOLD = 10
#: Below this effective sample size an interval is wide enough that the estimate is flagged [u].
DEFAULT_LOW_RELIABILITY_NEFF = 30.0
LOW_RELIABILITY = "[u]"

STATUS_OK = "ok"
STATUS_SUPPRESSED = "suppressed"
STATUS_NO_DATA = "no_data"
#: Analysis Function shorthand for a missing number, by status.
SHORTHAND = {STATUS_SUPPRESSED: "[c]", STATUS_NO_DATA: "[x]"}
#: The numbers a withheld cell does not show (its base is withheld too, unless it is 0: no data).
WITHHELD_NUMBERS = ("estimate", "ci_low", "ci_high", "weighted_base", "effective_n")


def effective_n(sum_w: np.ndarray, sum_w2: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sum_w2 > 0, sum_w**2 / sum_w2, 0.0)


def wilson_interval(p: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval; n may be fractional (an effective sample size)."""
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1.0 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _group_sums(codes: np.ndarray, n_groups: int, weights: np.ndarray, values: np.ndarray | None = None):
    """Per-group sums by integer code; bincount keeps this fast at a million rows."""
    valid = codes >= 0
    codes, weights = codes[valid], weights[valid]
    n = np.bincount(codes, minlength=n_groups).astype(float)
    sum_w = np.bincount(codes, weights=weights, minlength=n_groups)
    sum_w2 = np.bincount(codes, weights=weights**2, minlength=n_groups)
    if values is None:
        return n, sum_w, sum_w2, None, None
    values = values[valid]
    sum_wy = np.bincount(codes, weights=weights * values, minlength=n_groups)
    sum_wy2 = np.bincount(codes, weights=weights * values**2, minlength=n_groups)
    return n, sum_w, sum_w2, sum_wy, sum_wy2


def key_sums(frame: pd.DataFrame, codes: np.ndarray, n_groups: int, key: str | None) -> np.ndarray:
    """Per group, the sum of the records' cell-key-perturbation keys (zeros without a key column)."""
    if key is None:
        return np.zeros(n_groups, dtype=np.int64)
    valid = codes >= 0
    keys = frame[key].to_numpy(dtype=np.int64)[valid]
    return np.bincount(codes[valid], weights=keys, minlength=n_groups).round().astype(np.int64)


#: Noise for each atomic cell of a measure, from the cells' key sums and largest weights
#: (analysis/cellkey.py `cell_noise`): returns (noise added to the cell's weighted sum, its variance).
CellNoise = Callable[[np.ndarray, np.ndarray, str], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Perturbation:
    """How weighted sums are perturbed: per atomic cell (`cells`, the finest split any filter
    can make, sector first), by `noise`, keyed on the records' `key` column.

    Because each atomic cell's noise is fixed by its own records and added to every view
    that holds the cell, a view's noise is the sum over its cells: two views that hold the
    same changed record change by the same noise, so comparing many views across two
    releases gives one reading of a record's answer, not many (docs/methods.md).
    """

    cells: Sequence[str]
    key: str
    noise: CellNoise


@dataclass(frozen=True)
class _Cells:
    group: np.ndarray  # the `by` category of each atomic cell
    key_sum: np.ndarray
    w_max: np.ndarray
    index: np.ndarray  # each valid record's atomic cell


def _atomic_cells(frame: pd.DataFrame, codes: np.ndarray, w: np.ndarray, cells: Sequence[str], key: str) -> _Cells:
    """Number each record's atomic cell from its categories' codes (fast: integer arithmetic)."""
    valid = codes >= 0
    combined = np.zeros(int(valid.sum()), dtype=np.int64)
    for column in cells:
        c = frame[column]
        part = c.cat.codes.to_numpy()[valid] if hasattr(c, "cat") else c.to_numpy(dtype=np.int64)[valid]
        width = len(c.cat.categories) if hasattr(c, "cat") else 2
        combined = combined * (width + 1) + (part.astype(np.int64) + 1)
    unique, index = np.unique(combined, return_inverse=True)
    k = len(unique)
    key_sum = np.bincount(index, weights=frame[key].to_numpy(dtype=np.int64)[valid], minlength=k).round()
    w_max = np.zeros(k)
    np.maximum.at(w_max, index, w[valid])
    group = np.zeros(k, dtype=np.int64)
    group[index] = codes[valid]
    return _Cells(group, key_sum.astype(np.int64), w_max, index)


def _cell_noise(cells: _Cells | None, perturb: Perturbation | None, measure: str, n_groups: int):
    """Per group: the sum of its atomic cells' noise for `measure`, and that noise's variance."""
    if cells is None or perturb is None:
        return np.zeros(n_groups), np.zeros(n_groups)
    noise, variance = perturb.noise(cells.key_sum, cells.w_max, measure)
    return (
        np.bincount(cells.group, weights=noise, minlength=n_groups),
        np.bincount(cells.group, weights=variance, minlength=n_groups),
    )


def _cells_for(frame, codes, w, perturb: Perturbation | None) -> _Cells | None:
    if perturb is None or perturb.key not in frame.columns:
        return None
    return _atomic_cells(frame, codes, w, perturb.cells, perturb.key)


def _widen(estimate, low, high, extra_sd):
    """Widen an interval by the perturbation's own spread, each side in quadrature."""
    extra = Z95 * extra_sd
    return (
        np.clip(estimate - np.sqrt((estimate - low) ** 2 + extra**2), 0.0, 1.0),
        np.clip(estimate + np.sqrt((high - estimate) ** 2 + extra**2), 0.0, 1.0),
    )


@dataclass(frozen=True)
class GroupSums:
    """Everything an estimate needs, per group (a category of `by`): sums over its records.

    Every field adds up over records, so the sums of a group are the sums of its parts: the
    survey layer adds up pre-computed atomic cells (analysis/cells.py) instead of scanning rows,
    and gets the same numbers as `group_sums` on the rows (tests/analysis/test_cells.py).
    Per measure: Σw·y, Σw·y², the count with the flag (y = 1), and the perturbation's noise on
    Σw·y with its variance (zeros when the numbers are not perturbed).
    """

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


def group_sums(
    frame: pd.DataFrame,
    by: str,
    measures: Sequence[str],
    weight: str,
    *,
    key: str | None = None,
    perturb: Perturbation | None = None,
) -> GroupSums:
    """The sums of each group of `by` (a categorical column), from the records."""
    categories = frame[by].cat.categories
    k = len(categories)
    codes = frame[by].cat.codes.to_numpy()
    w = frame[weight].to_numpy(dtype=float)
    n, sum_w, sum_w2, _, _ = _group_sums(codes, k, w)
    cells = _cells_for(frame, codes, w, perturb)
    valid = codes >= 0
    sum_wy, sum_wy2, count_with, noise, noise_var = {}, {}, {}, {}, {}
    for m in measures:
        y = frame[m].to_numpy(dtype=float)[valid]
        wv = w[valid] * y
        sum_wy[m] = np.bincount(codes[valid], weights=wv, minlength=k)
        sum_wy2[m] = np.bincount(codes[valid], weights=wv * y, minlength=k)
        count_with[m] = np.bincount(codes[valid], weights=(y == 1).astype(float), minlength=k).round()
        noise[m], noise_var[m] = _cell_noise(cells, perturb, m, k)
    return GroupSums(
        categories, n, sum_w, sum_w2, key_sums(frame, codes, k, key), sum_wy, sum_wy2, count_with, noise, noise_var
    )


def weighted_shares(
    frame: pd.DataFrame,
    by: str,
    flags: list[str],
    weight: str,
    *,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF,
    key: str | None = None,
    min_answer: int = 0,
    perturb: Perturbation | None = None,
) -> pd.DataFrame:
    """Share of respondents with each flag, by the categories of `by` (a categorical column).

    `key` names the record-key column whose per-group sums (`key_sum`) the cell key
    perturbation needs (analysis/cellkey.py); `perturb` adds noise per atomic cell. See
    `share_columns` for the rest.
    """
    sums = group_sums(frame, by, flags, weight, key=key, perturb=perturb)
    return as_frame(share_columns(sums, by, flags, threshold=threshold, low_neff=low_neff, min_answer=min_answer))


#: An estimate table by column (name -> one value per row), as the estimators build it: a table of
#: a few dozen rows costs far more as pandas operations than as array arithmetic, so the survey
#: layer works on these and makes one DataFrame at the end (`as_frame`).
Columns = dict[str, np.ndarray]


def share_columns(
    sums: GroupSums,
    by: str,
    flags: Sequence[str],
    *,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF,
    min_answer: int = 0,
) -> Columns:
    """Shares with Wilson intervals, one row per group and flag (the flags one after another),
    every group present even when empty, so a chart keeps its sectors in place and shows "no data"
    rather than dropping a bar.

    A share is withheld when fewer than `min_answer` respondents have the flag, or lack it (the
    survey layer sets it to the threshold, so 0% and 100% are never shown). Noise in the sums
    moves the share and widens its interval by the noise's spread.
    """
    sum_w, n_eff = sums.sum_w, effective_n(sums.sum_w, sums.sum_w2)
    estimate: list[np.ndarray] = []
    ci_low: list[np.ndarray] = []
    ci_high: list[np.ndarray] = []
    if flags:
        # Every flag at once, a row each (the same arithmetic per element as one flag at a time, so
        # the same numbers to the bit): a barrier grid's thirteen flags cost one pass, not thirteen.
        sum_wy = np.stack([sums.sum_wy[f] for f in flags])
        noise = np.stack([sums.noise[f] for f in flags])
        noise_var = np.stack([sums.noise_var[f] for f in flags])
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(sum_w > 0, np.clip((sum_wy + noise) / sum_w, 0.0, 1.0), np.nan)
            noise_sd = np.where(sum_w > 0, np.sqrt(noise_var) / sum_w, 0.0)
        low, high = _widen(p, *wilson_interval(p, n_eff), noise_sd)
        estimate, ci_low, ci_high = list(p), list(low), list(high)
    columns = _long(sums, by, flags, sum_w, n_eff, estimate, ci_low, ci_high)
    columns["count_with"] = np.concatenate([sums.count_with[f].astype(int) for f in flags])
    return suppress_columns(columns, threshold, low_neff, min_answer)


def _long(
    sums: GroupSums,
    by: str,
    measures: Sequence[str],
    sum_w: np.ndarray,
    n_eff: np.ndarray,
    estimate: list[np.ndarray],
    ci_low: list[np.ndarray],
    ci_high: list[np.ndarray],
) -> Columns:
    """One row per group and measure, the measures one after another (the groups' sums repeated)."""
    times = len(measures)
    return {
        by: np.tile(np.asarray(sums.categories, dtype=object), times),
        "measure": np.repeat(np.asarray(list(measures), dtype=object), len(sums.categories)),
        "base_n": np.tile(sums.n.astype(int), times),
        "key_sum": np.tile(sums.key_sum, times),
        "weighted_base": np.tile(sum_w, times),
        "effective_n": np.tile(n_eff, times),
        "estimate": np.concatenate(estimate) if estimate else np.zeros(0),
        "ci_low": np.concatenate(ci_low) if ci_low else np.zeros(0),
        "ci_high": np.concatenate(ci_high) if ci_high else np.zeros(0),
    }


def as_frame(columns: Mapping[str, Any]) -> pd.DataFrame:
    """An estimate table from its columns: withheld bases (NaN here) become pandas' missing integer."""
    out = dict(columns)
    if "base_n" in out:
        out["base_n"] = pd.array(np.asarray(out["base_n"], dtype=float), dtype="Int64")
    return pd.DataFrame(out)


def as_rows(columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An estimate table from its columns as the rows `as_frame(columns).to_dict("records")` gives
    (plain Python values; a withheld base None), without making the frame: a card reads only rows."""
    values = {name: np.asarray(column).tolist() for name, column in columns.items()}
    if "base_n" in values:
        values["base_n"] = [None if base != base else int(base) for base in values["base_n"]]  # NaN != NaN
    names = list(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True)]


def weighted_means(
    frame: pd.DataFrame,
    by: str,
    values: list[str],
    weight: str,
    *,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF,
    key: str | None = None,
    perturb: Perturbation | None = None,
) -> pd.DataFrame:
    """Weighted mean of each value column (shares of time, 0 to 1), by category; `key` and
    `perturb` as for `weighted_shares`."""
    sums = group_sums(frame, by, values, weight, key=key, perturb=perturb)
    return as_frame(mean_columns(sums, by, values, threshold=threshold, low_neff=low_neff))


def mean_columns(
    sums: GroupSums,
    by: str,
    values: Sequence[str],
    *,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF,
) -> Columns:
    """Means with normal intervals (sampling variance plus the noise's), clipped to 0 to 1, one row
    per group and value (the values one after another)."""
    sum_w, n_eff = sums.sum_w, effective_n(sums.sum_w, sums.sum_w2)
    estimate, ci_low, ci_high = [], [], []
    for value in values:
        sum_wy, noise = sums.sum_wy[value], sums.noise[value]
        with np.errstate(divide="ignore", invalid="ignore"):
            true_mean = np.where(sum_w > 0, sum_wy / sum_w, np.nan)
            variance = np.maximum(np.where(sum_w > 0, sums.sum_wy2[value] / sum_w - true_mean**2, np.nan), 0.0)
            mean = np.where(sum_w > 0, np.clip((sum_wy + noise) / sum_w, 0.0, 1.0), np.nan)
            se = np.sqrt(variance / n_eff + np.where(sum_w > 0, sums.noise_var[value] / sum_w**2, 0.0))
        estimate.append(mean)
        ci_low.append(np.clip(mean - Z95 * se, 0.0, 1.0))
        ci_high.append(np.clip(mean + Z95 * se, 0.0, 1.0))
    return suppress_columns(_long(sums, by, values, sum_w, n_eff, estimate, ci_low, ci_high), threshold, low_neff)


def suppress(
    table: pd.DataFrame, threshold: int, low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF, min_answer: int = 0
) -> pd.DataFrame:
    """`suppress_columns` on a table: its other columns are kept as they are."""
    read = [c for c in ("base_n", "count_with", *WITHHELD_NUMBERS) if c in table]
    columns = suppress_columns({c: table[c].to_numpy() for c in read}, threshold, low_neff, min_answer)
    out = table.drop(columns=["count_with"], errors="ignore")
    for name, values in columns.items():
        out[name] = values
    out["base_n"] = pd.array(columns["base_n"], dtype="Int64")
    return out


def suppress_columns(
    columns: Columns, threshold: int, low_neff: float = DEFAULT_LOW_RELIABILITY_NEFF, min_answer: int = 0
) -> Columns:
    """Blank every number that could identify a small group; the cell's `status` says only
    that it is withheld, never why.

    The unweighted base itself is also withheld for suppressed cells, since a
    base of 3 is itself a disclosure when combined with a share. A share is also
    withheld when fewer than `min_answer` have the attribute, or lack it (its
    `count_with` column, which is then dropped: it must never reach a user). Cells
    that are shown but rest on few effective responses keep their number and gain
    the `low_reliability` flag, so a reader sees the [u] rather than losing the figure.
    A withheld base is NaN here (`as_frame` makes it pandas' missing integer).
    """
    columns = dict(columns)
    base = np.asarray(columns["base_n"], dtype=float)
    no_data = base == 0
    small = (base > 0) & (base < threshold)
    if "count_with" in columns:
        with_flag = np.asarray(columns.pop("count_with"), dtype=float)
        small |= (base > 0) & ((with_flag < min_answer) | (base - with_flag < min_answer))
    hidden = no_data | small
    columns["status"] = np.select([no_data, small], [STATUS_NO_DATA, STATUS_SUPPRESSED], STATUS_OK).astype(object)
    columns["low_reliability"] = ~hidden & (np.asarray(columns["effective_n"], dtype=float) < low_neff)
    for column in WITHHELD_NUMBERS:
        columns[column] = np.where(hidden, np.nan, np.asarray(columns[column], dtype=float))
    columns["base_n"] = np.where(small, np.nan, base)
    return columns
