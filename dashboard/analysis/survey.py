"""Filter the survey extracts and estimate each chart's measure by sector.

Each estimate comes by column (`*_columns`: what a card reads, as rows) and as a DataFrame
(`*_by_sector`, the same numbers). No Dash here, so every number a chart shows can be
unit-tested without a browser.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import ParamSpec

import numpy as np
import pandas as pd

from dashboard.analysis import cellkey, cells, disclosure, estimates
from dashboard.analysis.cells import CellTable
from dashboard.analysis.rows import Rows, records
from dashboard.data import vocab

#: The record-key column cell key perturbation reads (dashboard/data/contract.py).
RECORD_KEY = "record_key"
#: The finest split any filter can make of each survey: estimate noise is drawn per such cell.
ORG_CELLS = ("sector", "region", "size_band")
TUS_CELLS = ("sector", "frontline")
ADMIN_SHARE = "share_admin"
NON_SECTOR_SHARE = "share_non_sector_specific"
#: What the cards estimate from each survey: the cell tables hold sums for exactly these.
ORG_MEASURES = ("ai_use", "automation_use", *vocab.BARRIER_CODES)
TUS_MEASURES = (NON_SECTOR_SHARE, ADMIN_SHARE)


def org_cells(org: pd.DataFrame) -> CellTable:
    """The organisation survey as sums per sector x region x size band (those columns it has)."""
    return _cells(org, ORG_CELLS, ORG_MEASURES, "design_weight")


def time_use_cells(tus: pd.DataFrame) -> CellTable:
    """The prepared time-use survey as sums per sector x frontline (those columns it has)."""
    return _cells(tus, TUS_CELLS, TUS_MEASURES, "weight")


def _cells(frame: pd.DataFrame, dims: tuple[str, ...], measures: tuple[str, ...], weight: str) -> CellTable:
    present = [m for m in measures if m in frame.columns]
    key = _key(frame)  # no record keys (hand-made test frames): nothing to draw noise from
    noise = cellkey.cell_noise if key is not None else None
    return cells.build(frame, [d for d in dims if d in frame.columns], present, weight, key=key, noise=noise)


def protection(
    frame: pd.DataFrame, table: CellTable, dimensions: Iterable[str], threshold: int
) -> disclosure.Protection:
    """The survey's disclosure blocks (`disclosure.plan`), counted from its cell table when every
    record is in a cell, as in every extract that passes validation: the same counts from a few
    hundred cells instead of every record (1.5 s of start-up at 10,000,000 rows). Otherwise (a
    hand-made frame with a missing value, or without a cell column) from the records, whose
    counts then differ from the cells'."""
    dimensions = list(dimensions)
    keys = table.keys
    if int(table.n.sum()) == len(frame) and all(d in keys.columns for d in (table.by, *dimensions)):
        return disclosure.plan(keys.assign(records=table.n), table.by, dimensions, threshold, weight="records")
    return disclosure.plan(frame, table.by, dimensions, threshold)


def prepare_time_use(tus: pd.DataFrame) -> pd.DataFrame:
    """The columns the time-use chart reads, with its two derived shares, once per extract.

    A slim new frame rather than a copy of the extract's: at a million workers a full copy
    held the table twice in every worker.
    """
    admin = np.zeros(len(tus))
    for group in vocab.ADMIN_ACTIVITY_GROUPS:  # column by column: no n x groups block is made to sum
        admin += tus[group].to_numpy(dtype=float)
    columns = {
        "sector": tus["sector"],
        "frontline": tus["frontline"],
        "weight": tus["weight"],
        ADMIN_SHARE: pd.Series(admin, index=tus.index),
        NON_SECTOR_SHARE: 1.0 - tus["share_sector_specific"],
    }
    if RECORD_KEY in tus.columns:  # every extract has it; hand-made test frames may not
        columns[RECORD_KEY] = tus[RECORD_KEY]
    return pd.DataFrame(columns)


def org_sectors(sectors: Iterable[str]) -> list[str]:
    """The organisation survey's groups for a selection of the six sectors.

    PSMPS reports police and fire as one group, so choosing either selects it.
    """
    chosen = set(sectors)
    out = [s for s in vocab.ORG_SURVEY_SECTORS if s in chosen]
    if chosen & {"police", "fire"}:
        out.append("police_and_fire")
    return [s for s in vocab.ORG_SURVEY_SECTORS if s in out]


def _org_shares(
    org: pd.DataFrame | CellTable,
    flags: list[str],
    threshold: int,
    regions: Iterable[str],
    size_bands: Iterable[str],
    low_neff: float,
    ptable: cellkey.PTable | None,
    min_answer: int | None,
) -> estimates.Columns:
    """Shares of `flags` by sector over the cells a region or size selection holds."""
    table_cells = org if isinstance(org, CellTable) else org_cells(org)
    selection = {"region": tuple(regions), "size_band": tuple(size_bands)}
    sums = table_cells.sums(
        table_cells.select(**{k: v for k, v in selection.items() if v}), flags, perturbed=ptable is not None
    )
    return estimates.share_columns(
        sums,
        "sector",
        flags,
        threshold=threshold,
        low_neff=low_neff,
        min_answer=threshold if min_answer is None else min_answer,
    )


def _keep(
    columns: estimates.Columns, shown: list[str], split: Iterable[str], ptable: cellkey.PTable | None
) -> estimates.Columns:
    """The selected sectors, in order, with those whose block the filters split withheld, and
    the shown bases and estimates perturbed by their cell keys (when a ptable is given).

    By column: on a table of a few dozen rows each pandas step costs far more than the arithmetic.
    """
    chosen = np.isin(columns["sector"], shown)
    columns = disclosure.suppress_sectors({k: v[chosen] for k, v in columns.items()}, split)
    if ptable is not None:
        columns = cellkey.protect_columns(columns, ptable)
    else:
        columns = {k: v for k, v in columns.items() if k != "key_sum"}
    sectors = [str(s) for s in columns["sector"]]
    labels = {s: vocab.sector_label(s) for s in dict.fromkeys(sectors)}
    named = {
        "sector": np.asarray(sectors, dtype=object),
        "sector_label": np.asarray([labels[s] for s in sectors], dtype=object),
    }
    return named | {k: v for k, v in columns.items() if k != "sector"}


P = ParamSpec("P")


def framed(estimate: Callable[P, estimates.Columns]) -> Callable[P, pd.DataFrame]:
    """The estimate as a DataFrame (the survey cards read its rows: `estimates.as_rows`)."""

    @functools.wraps(estimate)
    def as_table(*args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
        return estimates.as_frame(estimate(*args, **kwargs))

    return as_table


def admin_share_columns(
    tus: pd.DataFrame | CellTable,
    sectors: list[str],
    threshold: int,
    *,
    frontline: str = "all",
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
) -> estimates.Columns:
    """Weighted mean share of the diary day on non-sector-specific and on admin activities.

    `tus` is the survey's cell table (or its records, aggregated here); `frontline` selects
    workers; `split` names the sectors whose disclosure block the filters cut (see
    disclosure.py); `ptable` perturbs what is shown (see cellkey.py).
    """
    table_cells = tus if isinstance(tus, CellTable) else time_use_cells(tus)
    selection = {"frontline": frontline_selection(frontline)} if "frontline" in table_cells.keys else {}
    measures = [NON_SECTOR_SHARE, ADMIN_SHARE]
    sums = table_cells.sums(table_cells.select(**selection), measures, perturbed=ptable is not None)
    table = estimates.mean_columns(sums, "sector", measures, threshold=threshold, low_neff=low_neff)
    return _keep(table, [s for s in vocab.SECTORS if s in sectors], split, ptable)


def ai_use_columns(
    org: pd.DataFrame | CellTable,
    sectors: list[str],
    threshold: int,
    *,
    regions: Iterable[str] = (),
    size_bands: Iterable[str] = (),
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
    min_answer: int | None = None,
) -> estimates.Columns:
    """Share of organisations using AI and automation, from the survey's cell table (or its
    records, aggregated here) narrowed to `regions` or `size_bands`. `min_answer` (default: the
    threshold) withholds a share that fewer than it have, or lack."""
    table = _org_shares(org, ["ai_use", "automation_use"], threshold, regions, size_bands, low_neff, ptable, min_answer)
    return _keep(table, org_sectors(sectors), split, ptable)


def barriers_columns(
    org: pd.DataFrame | CellTable,
    sectors: list[str],
    threshold: int,
    codes: Iterable[str] = (),
    *,
    regions: Iterable[str] = (),
    size_bands: Iterable[str] = (),
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
    min_answer: int | None = None,
) -> estimates.Columns:
    """Share of organisations reporting each barrier; all barriers unless codes narrow them;
    `min_answer` as for `ai_use_columns`."""
    chosen = [c for c in vocab.BARRIER_CODES if c in set(codes)] or list(vocab.BARRIER_CODES)
    table = _org_shares(org, chosen, threshold, regions, size_bands, low_neff, ptable, min_answer)
    return _keep(table, org_sectors(sectors), split, ptable)


#: The same estimates as DataFrames (what the tests and a notebook read).
admin_share_by_sector = framed(admin_share_columns)
ai_use_by_sector = framed(ai_use_columns)
barriers_by_sector = framed(barriers_columns)


def _key(frame: pd.DataFrame) -> str | None:
    """The record-key column, where the frame has one (test frames may not)."""
    return RECORD_KEY if RECORD_KEY in frame.columns else None


def frontline_selection(frontline: str) -> tuple[bool, ...]:
    """The time-use filter as a selection of the survey's `frontline` values (empty: no filter)."""
    return {"frontline": (True,), "non_frontline": (False,)}.get(frontline, ())


def shown_base(table: pd.DataFrame | Rows) -> int:
    """Respondents behind the cells actually shown (suppressed cells' bases are withheld)."""
    per_sector: dict[object, int] = {}
    for row in records(table):
        if row["status"] == estimates.STATUS_OK:
            per_sector[row["sector"]] = max(per_sector.get(row["sector"], 0), int(row["base_n"]))
    return sum(per_sector.values())


def org_withheld(
    protection: disclosure.Protection, regions: Iterable[str], size_bands: Iterable[str]
) -> frozenset[str]:
    """Sectors of the organisation survey to withhold because a region or size filter splits one
    of their blocks.

    The state layer never lets region and size be combined; should a request arrive with
    both anyway, every sector is withheld rather than risk the crossed cells.
    """
    regions, size_bands = tuple(regions), tuple(size_bands)
    if regions and size_bands:
        return frozenset(vocab.ORG_SURVEY_SECTORS)
    return protection.split_sectors({"region": regions, "size_band": size_bands})


def time_use_withheld(protection: disclosure.Protection, frontline: str) -> frozenset[str]:
    """Sectors of the time-use survey whose frontline/non-frontline block a worker filter splits."""
    return protection.split_sectors({"frontline": frontline_selection(frontline)})
