"""Number formatting shared by figures, tables, descriptions and downloads."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.analysis.disclosure import SECONDARY
from dashboard.analysis.estimates import (
    LOW_RELIABILITY,
    PRIMARY,
    SHORTHAND,
    STATUS_NO_DATA,
    STATUS_OK,
    STATUS_SUPPRESSED,
)

WITHHELD = {
    PRIMARY: "suppressed: fewer responses than the threshold",
    SECONDARY: "suppressed: would let a small group be worked out by comparing views",
    STATUS_NO_DATA: "no data",
}
LOW_RELIABILITY_TEXT = "low reliability: the estimate rests on few effective responses"


def pct(value: float | None) -> str:
    """A survey share as a whole percentage; estimates from samples carry no more precision."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value * 100:.0f}%"


def _flag(row) -> str:
    return f" {LOW_RELIABILITY}" if row.get("low_reliability", False) else ""


def estimate_text(row) -> str:
    """'42% (38% to 46%)', '42% (20% to 65%) [u]', or the Analysis Function shorthand when there is no number."""
    if row["status"] != STATUS_OK:
        return SHORTHAND[row["status"]]
    return f"{pct(row['estimate'])} ({pct(row['ci_low'])} to {pct(row['ci_high'])}){_flag(row)}"


def value_label(row) -> str:
    """The short label on a bar or a grid cell: '42%', '42% [u]' or '[c]'."""
    if row["status"] != STATUS_OK:
        return SHORTHAND[row["status"]]
    return pct(row["estimate"]) + _flag(row)


def status_note(row) -> str:
    """Why a number is missing or flagged, in words; empty for a plain estimate."""
    if row["status"] == STATUS_SUPPRESSED:
        return WITHHELD.get(row.get("suppression") or PRIMARY, WITHHELD[PRIMARY])
    if row["status"] == STATUS_NO_DATA:
        return WITHHELD[STATUS_NO_DATA]
    return LOW_RELIABILITY_TEXT if row.get("low_reliability", False) else ""


def held_back(table: pd.DataFrame) -> list[str]:
    """Sentences naming the sectors withheld or flagged, for a chart's description."""
    out = []
    status = table["status"]
    reason = table["suppression"] if "suppression" in table else pd.Series(PRIMARY, index=table.index)
    groups = [
        (status == STATUS_SUPPRESSED) & (reason != SECONDARY),
        (status == STATUS_SUPPRESSED) & (reason == SECONDARY),
        status == STATUS_NO_DATA,
    ]
    wording = [
        "Suppressed [c] (fewer responses than the threshold)",
        "Suppressed [c] so that a small group cannot be worked out by comparing this view with others",
        "No responses [x]",
    ]
    for mask, words in zip(groups, wording, strict=True):
        names = table.loc[mask, "sector_label"].unique().tolist()
        if names:
            out.append(f"{words}: {', '.join(names)}.")
    if "low_reliability" in table:
        flagged = table.loc[table["low_reliability"].astype(bool), "sector_label"].unique().tolist()
        if flagged:
            out.append(f"Low reliability [u] (small effective sample): {', '.join(flagged)}.")
    return out


def count(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


def published_value(value: float, unit: str) -> str:
    """A published figure as it was published: scores to two places (0.60 stays 0.60)."""
    if unit == "score_0_1":
        return f"{value:.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    text = f"{value:,.10g}"
    return f"{text}%" if unit == "percent" else f"{text} {unit}"


def release_text(value) -> str:
    """'21 October 2024', or say plainly that the source gives no date."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "date not given in the stored copy"
    return f"{value.day} {value:%B %Y}"
