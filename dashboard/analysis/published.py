"""Published figures that match the current sector selection, with their sources.

A published group of sectors is shown when any of its member sectors is selected (ONS's
"police and fire" for police or fire), and the all-public-sector and private
sector figures always stay as references. Role groups (frontline workers, non-frontline
workers, frontline supervisors: `vocab.ROLE_GROUPS`) are workers grouped by what they do, found
in every sector, so they have no member sectors: they are shown beside the sectors whatever the
sector filter, labelled as role groups (`group_type`), and never counted as any sector's.
Values are never changed. Each figure's topic, unit of count and kind get a label beside their id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from dashboard.data import vocab

REFERENCE_GROUPS = ("all_public_sector", "private_sector")
#: Workers grouped by role across every sector: shown whatever the sector filter, members of none.
ROLE_GROUPS = vocab.ROLE_GROUPS
#: Published groups of sectors and their members. Role groups are not here: they have no members.
_GROUP_MEMBERS = {"police_and_fire": {"police", "fire"}}
#: What kind of group a figure is about (`group_type`), said beside it.
SECTOR, SECTOR_GROUP, ROLE_GROUP, REFERENCE = "sector", "group of sectors", "role group", "reference"


def group_type(sector: str) -> str:
    """'sector', 'group of sectors' (police and fire), 'role group' (frontline workers ...) or
    'reference' (all public sector, private sector)."""
    if sector in ROLE_GROUPS:
        return ROLE_GROUP
    if sector in REFERENCE_GROUPS:
        return REFERENCE
    return SECTOR_GROUP if sector in _GROUP_MEMBERS else SECTOR


def members(sector: str) -> frozenset[str]:
    """The sectors a published sector or group counts for: itself, a group's members, every sector
    for all public sector; none for a role group or the private sector."""
    if sector in ROLE_GROUPS or sector == "private_sector":
        return frozenset()
    if sector == "all_public_sector":
        return frozenset(vocab.SECTORS)
    return frozenset(_GROUP_MEMBERS.get(sector, {sector}))


#: Columns whose ids get a label column beside them (`topic` -> `topic_label`, ...).
LABELS = {"topic": vocab.TOPICS, "unit_of_count": vocab.UNITS_OF_COUNT, "kind": vocab.FIGURE_KINDS}


def relevant(sector: str, selected: set[str]) -> bool:
    """Whether the published figures table shows a figure about `sector` for the selected sectors:
    references and role groups always, a sector or group of sectors when one of its members is chosen."""
    if sector in REFERENCE_GROUPS or sector in ROLE_GROUPS:
        return True
    if sector in selected:
        return True
    return bool(_GROUP_MEMBERS.get(sector, set()) & selected)


def filter_published(
    estimates: pd.DataFrame, sources: pd.DataFrame, *, sectors: Iterable[str], source_ids: Iterable[str] = ()
) -> pd.DataFrame:
    """Published figures for the selection, joined to their source rows."""
    return select(with_sources(estimates, sources), sectors=sectors, source_ids=source_ids)


def with_sources(estimates: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every published figure joined to its source row, with the label columns, in the figures
    table's order. It depends on the extract alone, so a view works it out once (`views.derived`)
    and `select`s from it for each selection."""
    joined = estimates.merge(
        sources[["source_id", "title", "publisher", "release_date", "url", "status", "caveat"]].rename(
            columns={"title": "source_title", "caveat": "source_caveat"}
        ),
        on="source_id",
        how="left",
    )
    joined.insert(joined.columns.get_loc("sector") + 1, "sector_label", joined["sector"].map(vocab.sector_label))
    joined.insert(joined.columns.get_loc("sector_label") + 1, "group_type", joined["sector"].map(group_type))
    for column, labels in LABELS.items():
        joined.insert(joined.columns.get_loc(column) + 1, f"{column}_label", joined[column].map(labels))
    joined["status_label"] = joined["status"].map(vocab.SOURCE_STATUSES)
    return joined


def selected_positions(
    row_sectors: Sequence[str], row_sources: Sequence[str], *, sectors: Iterable[str], source_ids: Iterable[str] = ()
) -> list[int]:
    """The positions of the rows (each with its sector and source id) that the selection shows."""
    chosen, sources = set(sectors), set(source_ids)
    return [
        i
        for i, (sector, source) in enumerate(zip(row_sectors, row_sources, strict=True))
        if relevant(sector, chosen) and (not sources or source in sources)
    ]


def selected_rows(joined: pd.DataFrame, *, sectors: Iterable[str], source_ids: Iterable[str] = ()) -> pd.Series:
    """Which rows of `with_sources` the selection shows (a boolean mask on its index)."""
    mask = np.zeros(len(joined), dtype=bool)
    mask[
        selected_positions(
            joined["sector"].tolist(), joined["source_id"].tolist(), sectors=sectors, source_ids=source_ids
        )
    ] = True
    return pd.Series(mask, index=joined.index, dtype=bool)


def select(joined: pd.DataFrame, *, sectors: Iterable[str], source_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of `with_sources` for the selection, numbered from 0."""
    return joined[selected_rows(joined, sectors=sectors, source_ids=source_ids)].reset_index(drop=True)
