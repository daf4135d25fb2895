"""Cell key perturbation: the ONS method for tables that users build themselves.

ONS protects its flexible table builders (Census 2021's "create a custom dataset") with
the cell key method and publishes it as the `cell-key-perturbation` package. Every
survey record carries a *record key*, a whole number 0-255 drawn once and kept from one
release to the next. A cell's *cell key* is the sum of its records' keys modulo 256. A
perturbation table (ptable) maps (count, cell key) to a small integer added to the count.
So:

- the same records always give the same shown count, in every view, on every worker and
  in every release: asking again, or from another worker, teaches nothing new;
- two cells that differ by one record have unrelated cell keys, so the difference of
  their shown counts is the true difference plus noise: never an exact count;
- no shown count is below the threshold (counts under it become 0, shown as [c]).

This module applies the package's method with a vectorised lookup: the package builds a
frequency table from microdata by grouping and merging a 192,000-row ptable (tens of
milliseconds a call), where a view here needs its cells' counts perturbed in well under a
millisecond. tests/analysis/test_cellkey.py checks that both give the same counts on the
same records and ptable.

The package ships only a rounding ptable (the "10-5 rule", no noise). ONS keeps its noise
ptables confidential, so `PTable.generate` makes one in the package's format: below the
threshold a count becomes 0; from the threshold up, the noise is spread evenly over
-max_noise..+max_noise (never taking a count under the threshold), chosen per (count,
cell key) by a fixed seed. The ptable is public (it is in this repository); the record
keys are what stay secret.

Shares and means are protected by noise added to their weighted sums, drawn per *atomic
cell* (sector x region x size band in the organisation survey, sector x frontline in the
time-use survey: the finest split any filter can make) by `cell_noise`. A cell's noise is
fixed by its cell key and the measure, and a view's noise is the sum of its cells' noise.
So every view that holds a changed record changes by the same noise: comparing many views
across two releases gives one noisy reading of the record's answer, not one per view (an
earlier rule drew a shift per view cell, and fitting 84 views recovered 64 of 75 answers).
The noise is up to `NOISE_WEIGHTS` times the cell's largest weight either way, so it can
hide one record's answer; intervals are widened by its spread. Which views changed still
shows, as it must under any rule that gives the same records the same numbers
(docs/methods.md, "What an attacker can and cannot learn").
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Record and cell keys are 0..KEY_RANGE-1, as in the package's shipped ptable.
KEY_RANGE = 256
#: Counts above this reuse the ptable rows 501-750 (the package's rule), so the table stays small.
MAX_PCV = 750
DEFAULT_MAX_NOISE = 5
DEFAULT_SEED = 20241021
#: The largest noise added to an atomic cell's weighted sum, in multiples of its largest weight.
NOISE_WEIGHTS = 1.5


def pcv(counts: np.ndarray) -> np.ndarray:
    """The ptable row for each count: itself up to 750, then cycling through 501-750."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.where(counts <= MAX_PCV, counts, ((counts - 1) % 250) + 501)


def cell_keys(key_sums: np.ndarray) -> np.ndarray:
    return np.asarray(key_sums, dtype=np.int64) % KEY_RANGE


@dataclass(frozen=True)
class PTable:
    """pvalue by (pcv, cell key); row 0 (an empty cell) is all zeros."""

    values: np.ndarray
    threshold: int
    max_noise: int

    @classmethod
    def generate(cls, threshold: int, max_noise: int = DEFAULT_MAX_NOISE, seed: int = DEFAULT_SEED) -> PTable:
        rng = np.random.default_rng([seed, threshold, max_noise])
        values = np.zeros((MAX_PCV + 1, KEY_RANGE), dtype=np.int64)
        for count in range(1, MAX_PCV + 1):
            if count < threshold:
                values[count] = -count
                continue
            low = max(-max_noise, threshold - count)
            values[count] = rng.integers(low, max_noise + 1, size=KEY_RANGE)
        values.setflags(write=False)
        return cls(values, threshold, max_noise)

    def __reduce__(self) -> tuple:
        """Pickled (the start-up share, dashboard/reload.py) and unpickled read-only, as made."""
        return (_read_only_ptable, (np.array(self.values), self.threshold, self.max_noise))

    def to_frame(self) -> pd.DataFrame:
        """The package's format: columns pcv, ckey, pvalue, one row per pcv 1..750 and key."""
        pcvs, keys = np.meshgrid(np.arange(1, MAX_PCV + 1), np.arange(KEY_RANGE), indexing="ij")
        return pd.DataFrame({"pcv": pcvs.ravel(), "ckey": keys.ravel(), "pvalue": self.values[1:].ravel()})

    def perturb(self, counts: np.ndarray, key_sums: np.ndarray) -> np.ndarray:
        """Shown counts: true count plus the ptable's noise for its cell key (0 stays 0)."""
        counts = np.asarray(counts, dtype=np.int64)
        return counts + self.values[pcv(counts), cell_keys(key_sums)]


def _read_only_ptable(values: np.ndarray, threshold: int, max_noise: int) -> PTable:
    values.setflags(write=False)
    return PTable(values, threshold, max_noise)


def unit_noise(key_sums: np.ndarray, measure_index: np.ndarray | int) -> np.ndarray:
    """A number in [-1, 1) fixed by a cell's key and the measure: the same cell and measure
    always get the same one, and different measures of one cell get unrelated ones."""
    keys = cell_keys(key_sums).astype(np.uint64)
    measures = np.asarray(measure_index, dtype=np.uint64)
    mixed = (keys * np.uint64(KEY_RANGE) + measures) * np.uint64(2654435761)
    mixed ^= mixed >> np.uint64(16)
    return ((mixed % np.uint64(1 << 16)).astype(float) / float(1 << 15)) - 1.0


def measure_index(measure: str) -> int:
    """A measure's noise index from its name, not its position, so it is the same in every view."""
    return zlib.crc32(measure.encode()) % KEY_RANGE


def cell_noise(key_sums: np.ndarray, w_max: np.ndarray, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Per atomic cell: the noise added to its weighted sum for `measure`, and that noise's variance.

    Uniform in [-a, a) with a = NOISE_WEIGHTS x the cell's largest weight, fixed by the cell key:
    the same records give the same noise in every view, on every worker and in every release.
    """
    scale = NOISE_WEIGHTS * np.asarray(w_max, dtype=float)
    return unit_noise(key_sums, measure_index(measure)) * scale, scale**2 / 3.0


def protect(table: pd.DataFrame, ptable: PTable) -> pd.DataFrame:
    """Perturb the shown bases of an estimate table by their cell keys.

    The table needs `base_n`, `key_sum` and `estimate`; withheld cells (no estimate) are left
    as they are. Estimates were perturbed when they were summed (`cell_noise`). The `key_sum`
    column is dropped: it must never reach a user.
    """
    columns = protect_columns(
        {
            "estimate": table["estimate"].to_numpy(dtype=float),
            "key_sum": table["key_sum"].to_numpy(dtype=np.int64),
            "base_n": table["base_n"].to_numpy(dtype=float, na_value=np.nan),
        },
        ptable,
    )
    table = table.drop(columns=["key_sum"])
    table["base_n"] = pd.array(columns["base_n"], dtype="Int64")
    return table


def protect_columns(columns: dict[str, np.ndarray], ptable: PTable) -> dict[str, np.ndarray]:
    """`protect` on an estimate table by column (analysis/estimates.py `Columns`: a withheld base is
    NaN, and stays NaN here)."""
    out = dict(columns)
    shown = ~np.isnan(np.asarray(out["estimate"], dtype=float))
    keys = np.asarray(out.pop("key_sum"), dtype=np.int64)
    base = np.nan_to_num(np.asarray(out["base_n"], dtype=float), nan=0.0).astype(np.int64)
    out["base_n"] = np.where(shown, ptable.perturb(base, keys), np.nan)
    return out
