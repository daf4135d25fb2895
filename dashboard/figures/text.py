"""Number formatting shared by figures, tables, descriptions and downloads."""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.analysis.estimates import (
    LOW_RELIABILITY,
    SHORTHAND,
    STATUS_NO_DATA,
    STATUS_OK,
    STATUS_SUPPRESSED,
)
from dashboard.analysis.rows import Rows, records

#: Every withheld cell says the same: which rule withheld it would tell a reader on which side
#: of the threshold a group lies (docs/methods.md describes the rules in general terms).
WITHHELD = "withheld [c] to protect confidentiality"
NO_DATA = "no data"
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
        return WITHHELD
    if row["status"] == STATUS_NO_DATA:
        return NO_DATA
    return LOW_RELIABILITY_TEXT if row.get("low_reliability", False) else ""


def held_back(table: pd.DataFrame | Rows) -> list[str]:
    """Sentences naming the sectors withheld or flagged, for a chart's description."""
    rows = records(table)
    out = []
    wording = {STATUS_SUPPRESSED: "Withheld [c] to protect confidentiality", STATUS_NO_DATA: "No responses [x]"}
    for status, words in wording.items():
        names = list(dict.fromkeys(r["sector_label"] for r in rows if r["status"] == status))
        if names:
            out.append(f"{words}: {', '.join(names)}.")
    if rows and "low_reliability" in rows[0]:
        flagged = list(dict.fromkeys(r["sector_label"] for r in rows if bool(r["low_reliability"])))
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


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printed_decimals(value: float, evidence: str) -> int | None:
    """How many decimal places the publisher printed `value` with, read off its verbatim snippet
    ("34.0%" -> 1), or None if the snippet has no number equal to it."""
    for token in _NUMBER.findall(evidence or ""):
        try:
            if float(token.replace(",", "")) == value:
                return len(token.split(".")[1]) if "." in token else 0
        except ValueError:
            continue
    return None


def published_value(value: float, unit: str, evidence: str = "") -> str:
    """A published figure as it was published: with the decimal places its snippet prints it with
    (34.0% stays 34.0%, not 34%); otherwise scores to two places (0.60 stays 0.60)."""
    decimals = printed_decimals(value, evidence)
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "score_0_1":
        return f"{value:.{2 if decimals is None else max(decimals, 2)}f}"
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,.10g}"
    return f"{text}%" if unit == "percent" else f"{text} {unit}"


def lower_first(label: str) -> str:
    """'Cost and finite budgets' -> 'cost and finite budgets', but 'GDPR risk' and 'AI use' keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def year_text(year: object) -> str:
    """'2024', or 'year not given' (a year read from a frame with gaps may arrive as 2024.0 or NaN)."""
    if isinstance(year, int | float) and not isinstance(year, bool) and year == year:  # NaN != NaN
        return str(int(year))
    return "year not given"


def release_text(value) -> str:
    """'21 October 2024', or say plainly that the source gives no date."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "no date given by the source"
    return f"{value.day} {value:%B %Y}"


def plain(text: object) -> str:
    """Text from an extract, made safe to put into a plotly figure (tick text, hover text,
    annotations, subplot titles, category names).

    Plotly renders a subset of HTML in every text it draws (`<a href>`, `<span style>`, `<b>`,
    `<br>`), so a codebook label holding markup became a live link in 60 px red text. Escaping
    `&`, `<` and `>` leaves no tag for plotly to parse, and plotly turns the entities back into the
    characters, so the reader sees the label exactly as written. Only figures need this: the text
    React draws (titles, descriptions, tables) is never parsed as HTML. Escape each piece of
    extract text before the figure adds its own markup (the `<br>` of `matrices.wrap_label`).
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
