"""Filter the survey extracts and estimate each chart's measure by sector.

DataFrames in, DataFrames out: no Dash here, so every number a chart shows can
be unit-tested without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.analysis import cellkey, disclosure, estimates
from dashboard.data import vocab

#: The record-key column cell key perturbation reads (dashboard/data/contract.py).
RECORD_KEY = "record_key"
#: The finest split any filter can make of each survey: estimate noise is drawn per such cell.
ORG_CELLS = ("sector", "region", "size_band")
TUS_CELLS = ("sector", "frontline")
ADMIN_SHARE = "share_admin"
NON_SECTOR_SHARE = "share_non_sector_specific"


def prepare_time_use(tus: pd.DataFrame) -> pd.DataFrame:
    """The columns the time-use chart reads, with its two derived shares, once per extract.

    A slim new frame rather than a copy of the extract's: at a million workers a full copy
    held the table twice in every worker.
    """
    columns = {
        "sector": tus["sector"],
        "frontline": tus["frontline"],
        "weight": tus["weight"],
        ADMIN_SHARE: tus[list(vocab.ADMIN_ACTIVITY_GROUPS)].sum(axis=1),
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


def filter_org(
    org: pd.DataFrame,
    sectors: Iterable[str],
    size_bands: Iterable[str] = (),
    regions: Iterable[str] = (),
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Rows matching the filters; `columns` keeps only what the estimate needs, which at a
    million rows saves copying twenty columns nobody reads."""
    mask = org["sector"].isin(org_sectors(sectors))
    size_bands, regions = list(size_bands), list(regions)
    if size_bands:
        mask &= org["size_band"].isin(size_bands)
    if regions:
        mask &= org["region"].isin(regions)
    return org.loc[mask, columns] if columns is not None else org[mask]


def filter_time_use(tus: pd.DataFrame, sectors: Iterable[str], frontline: str = "all") -> pd.DataFrame:
    mask = tus["sector"].isin(list(sectors))
    if frontline == "frontline":
        mask &= tus["frontline"]
    elif frontline == "non_frontline":
        mask &= ~tus["frontline"]
    return tus[mask]


def _perturbation(cells: tuple[str, ...], ptable: cellkey.PTable | None) -> estimates.Perturbation | None:
    """Estimate noise per atomic cell wherever shown numbers are protected (a ptable is given)."""
    return estimates.Perturbation(cells, RECORD_KEY, cellkey.cell_noise) if ptable is not None else None


def _keep(table: pd.DataFrame, shown: list[str], split: Iterable[str], ptable: cellkey.PTable | None) -> pd.DataFrame:
    """The selected sectors, in order, with those whose block the filters split withheld, and
    the shown bases and estimates perturbed by their cell keys (when a ptable is given)."""
    table = disclosure.suppress_sectors(table[table["sector"].isin(shown)], split)
    table = cellkey.protect(table, ptable) if ptable is not None else table.drop(columns=["key_sum"])
    table["sector"] = table["sector"].astype(str)
    table.insert(1, "sector_label", table["sector"].map(vocab.sector_label))
    return table.reset_index(drop=True)


def admin_share_by_sector(
    tus: pd.DataFrame,
    sectors: list[str],
    threshold: int,
    *,
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
) -> pd.DataFrame:
    """Weighted mean share of the diary day on non-sector-specific and on admin activities.

    `split` names the sectors whose disclosure block the filters cut (see disclosure.py);
    `ptable` perturbs what is shown (see cellkey.py).
    """
    table = estimates.weighted_means(
        tus,
        "sector",
        [NON_SECTOR_SHARE, ADMIN_SHARE],
        "weight",
        threshold=threshold,
        low_neff=low_neff,
        key=_key(tus),
        perturb=_perturbation(TUS_CELLS, ptable),
    )
    return _keep(table, [s for s in vocab.SECTORS if s in sectors], split, ptable)


def ai_use_by_sector(
    org: pd.DataFrame,
    sectors: list[str],
    threshold: int,
    *,
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
    min_answer: int | None = None,
) -> pd.DataFrame:
    """Share of organisations using AI and automation. `min_answer` (default: the threshold)
    withholds a share that fewer than it have, or lack."""
    table = estimates.weighted_shares(
        org,
        "sector",
        ["ai_use", "automation_use"],
        "design_weight",
        threshold=threshold,
        low_neff=low_neff,
        key=_key(org),
        min_answer=threshold if min_answer is None else min_answer,
        perturb=_perturbation(ORG_CELLS, ptable),
    )
    return _keep(table, org_sectors(sectors), split, ptable)


def barriers_by_sector(
    org: pd.DataFrame,
    sectors: list[str],
    threshold: int,
    codes: Iterable[str] = (),
    *,
    split: Iterable[str] = (),
    low_neff: float = estimates.DEFAULT_LOW_RELIABILITY_NEFF,
    ptable: cellkey.PTable | None = None,
    min_answer: int | None = None,
) -> pd.DataFrame:
    """Share of organisations reporting each barrier; all barriers unless codes narrow them;
    `min_answer` as for `ai_use_by_sector`."""
    chosen = [c for c in vocab.BARRIER_CODES if c in set(codes)] or list(vocab.BARRIER_CODES)
    table = estimates.weighted_shares(
        org,
        "sector",
        chosen,
        "design_weight",
        threshold=threshold,
        low_neff=low_neff,
        key=_key(org),
        min_answer=threshold if min_answer is None else min_answer,
        perturb=_perturbation(ORG_CELLS, ptable),
    )
    return _keep(table, org_sectors(sectors), split, ptable)


def _key(frame: pd.DataFrame) -> str | None:
    """The record-key column, where the frame has one (test frames may not)."""
    return RECORD_KEY if RECORD_KEY in frame.columns else None


def frontline_selection(frontline: str) -> tuple[bool, ...]:
    """The time-use filter as a selection of the survey's `frontline` values (empty: no filter)."""
    return {"frontline": (True,), "non_frontline": (False,)}.get(frontline, ())


def shown_base(table: pd.DataFrame) -> int:
    """Respondents behind the cells actually shown (suppressed cells' bases are withheld)."""
    per_sector = table[table["status"] == estimates.STATUS_OK].groupby("sector")["base_n"].max()
    return int(per_sector.sum())


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
