"""Number formatting shared by figures, tables, descriptions and downloads."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.analysis.estimates import SHORTHAND, STATUS_OK


def pct(value: float | None) -> str:
    """A survey share as a whole percentage; estimates from samples carry no more precision."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value * 100:.0f}%"


def estimate_text(row) -> str:
    """'42% (38% to 46%)', or the Analysis Function shorthand when there is no number."""
    if row["status"] != STATUS_OK:
        return SHORTHAND[row["status"]]
    return f"{pct(row['estimate'])} ({pct(row['ci_low'])} to {pct(row['ci_high'])})"


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
