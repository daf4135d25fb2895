"""Secondary suppression that holds across views, not just within one.

Suppressing every cell with a base under the threshold protects one view. It does
not stop subtraction: "health, all sizes" (base 64) minus "health, three sizes"
(base 60) gives the 4 organisations in the fourth size, although that view on its
own shows [c]. So, per sector and per filter dimension, the categories with a
small base (0 < n < threshold) are pooled with others into one block of at least
the threshold. A view whose selection takes part of a block but not all of it
shows that sector as suppressed ([c], like any other withheld cell). Every number shown is then a
sum over whole blocks, so any sum or difference of shown numbers is one too, and
no block is smaller than the threshold.

The blocks are worked out once per extract from the full survey, not from the
view, so the same selection is always suppressed the same way. Dimensions are
never crossed in one view (region or size, not both: see state.py), because a
region-by-size table of a few thousand organisations is too thin to block.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from dashboard.analysis.estimates import STATUS_OK, STATUS_SUPPRESSED, WITHHELD_NUMBERS, Columns


def pooled_block(counts: Mapping[Hashable, int], threshold: int) -> frozenset:
    """The categories that must be shown together for one sector, or an empty set.

    All small categories go into the block (so none can be had by subtraction);
    if they add up to less than the threshold, the smallest other categories join
    until the block reaches it. Ties go to the earlier category, so the result is
    deterministic.
    """
    order = list(counts)
    small = [c for c in order if 0 < counts[c] < threshold]
    if not small:
        return frozenset()
    block, total = list(small), sum(counts[c] for c in small)
    others = sorted((c for c in order if counts[c] >= threshold), key=lambda c: (counts[c], order.index(c)))
    while total < threshold and others:
        extra = others.pop(0)
        block.append(extra)
        total += counts[extra]
    return frozenset(block)


@dataclass(frozen=True)
class Protection:
    """Per filter dimension, per sector: the block that a selection must not split."""

    blocks: Mapping[str, Mapping[str, frozenset]] = field(default_factory=dict)

    def split_sectors(self, selections: Mapping[str, Iterable]) -> frozenset[str]:
        """Sectors whose block the selections cut through; an empty selection means no filter."""
        out: set[str] = set()
        for dimension, chosen in selections.items():
            chosen = set(chosen)
            if not chosen:
                continue
            for sector, block in self.blocks.get(dimension, {}).items():
                if block & chosen and not block <= chosen:
                    out.add(sector)
        return frozenset(out)


def plan(
    frame: pd.DataFrame, sector: str, dimensions: Iterable[str], threshold: int, *, weight: str | None = None
) -> Protection:
    """Blocks for each dimension, from the whole survey (not a filtered view).

    `frame` holds one row per record or, with `weight`, rows that each stand for that column's
    number of records (a cell table's cells: `survey.protection`)."""
    blocks: dict[str, Mapping[str, frozenset]] = {}
    for dimension in dimensions:
        grouped = frame.groupby([sector, dimension], observed=False)
        counts = grouped.size() if weight is None else grouped[weight].sum().round().astype(np.int64)
        per_sector = {}
        for name, part in counts.groupby(level=0, observed=False):
            block = pooled_block(dict(zip(part.index.get_level_values(1), part.to_numpy(), strict=True)), threshold)
            if block:
                per_sector[str(name)] = block
        blocks[dimension] = MappingProxyType(per_sector)
    return Protection(MappingProxyType(blocks))


def suppress_sectors(columns: Columns, sectors: Iterable[str]) -> Columns:
    """Withhold every shown number of the given sectors; they look like any other withheld cell.

    On an estimate table by column (`estimates.Columns`: a withheld base is NaN)."""
    hide = np.isin(columns["sector"], list(sectors)) & (columns["status"] == STATUS_OK)
    if not hide.any():
        return columns
    out = dict(columns)
    out["status"] = np.where(hide, STATUS_SUPPRESSED, columns["status"]).astype(object)
    for column in (*WITHHELD_NUMBERS, "base_n"):
        out[column] = np.where(hide, np.nan, np.asarray(columns[column], dtype=float))
    out["low_reliability"] = columns["low_reliability"] & ~hide
    return out
