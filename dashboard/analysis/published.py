"""Published figures that match the current sector selection, with their sources.

A published group is shown when any of its member sectors is selected (ONS's
"police and fire" for police or fire), and the all-public-sector and private
sector figures always stay as references. Values are never changed. Each figure's topic,
unit of count and kind get a label beside their id.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.data import vocab

REFERENCE_GROUPS = ("all_public_sector", "private_sector")
_GROUP_MEMBERS = {
    "police_and_fire": {"police", "fire"},
    "frontline": set(vocab.SECTOR_GROUPS["frontline"]),
    "frontline_supervisors": set(vocab.SECTOR_GROUPS["frontline"]),
    "non_frontline": {"central_government", "local_government"},
}


#: Columns whose ids get a label column beside them (`topic` -> `topic_label`, ...).
LABELS = {"topic": vocab.TOPICS, "unit_of_count": vocab.UNITS_OF_COUNT, "kind": vocab.FIGURE_KINDS}


def relevant(sector: str, selected: set[str]) -> bool:
    if sector in REFERENCE_GROUPS:
        return True
    if sector in selected:
        return True
    return bool(_GROUP_MEMBERS.get(sector, set()) & selected)


def filter_published(
    estimates: pd.DataFrame, sources: pd.DataFrame, *, sectors: Iterable[str], source_ids: Iterable[str] = ()
) -> pd.DataFrame:
    """Published figures for the selection, joined to their source rows."""
    selected = set(sectors)
    source_ids = set(source_ids)
    mask = estimates["sector"].map(lambda s: relevant(s, selected))
    if source_ids:
        mask &= estimates["source_id"].isin(source_ids)
    joined = estimates[mask].merge(
        sources[["source_id", "title", "publisher", "release_date", "url", "status", "caveat"]].rename(
            columns={"title": "source_title", "caveat": "source_caveat"}
        ),
        on="source_id",
        how="left",
    )
    joined.insert(joined.columns.get_loc("sector") + 1, "sector_label", joined["sector"].map(vocab.sector_label))
    for column, labels in LABELS.items():
        joined.insert(joined.columns.get_loc(column) + 1, f"{column}_label", joined[column].map(labels))
    joined["status_label"] = joined["status"].map(vocab.SOURCE_STATUSES)
    return joined.reset_index(drop=True)
