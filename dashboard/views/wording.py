"""The words each card puts on screen: titles that state the finding, subtitles, captions.

Kept in one module so the product's voice can be read, reviewed and changed in one
place. Every function takes numbers already worked out by `dashboard.analysis`; none
computes an estimate.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.analysis.estimates import STATUS_OK
from dashboard.figures.text import release_text, value_label

SYNTHETIC_TAG = "SYNTHETIC DATA"

WORKERS = {"all": "all workers", "frontline": "frontline workers", "non_frontline": "non-frontline workers"}


def tag(synthetic: bool) -> str:
    """The mark every title, caption and description drawn from synthetic data carries."""
    return f" ({SYNTHETIC_TAG})" if synthetic else ""


#: A card whose view could not be computed says so, and how to recover; the log has the detail.
UNAVAILABLE = "This panel could not be drawn just now. Reload the page to try again."


#: A panel asked for by a page that was opened on other data (a reload happened in between).
DATA_UPDATED = (
    "The data behind this dashboard were updated after this page was opened. "
    "Reload the page to see the new figures together."
)


def not_enough(subject: str) -> str:
    return f"Not enough responses to show {subject} for this selection"


def extremes(table: pd.DataFrame, measure: str) -> tuple[pd.Series, pd.Series] | None:
    """The highest and lowest shown estimate of one measure, or None if none is shown."""
    ok = table[(table["measure"] == measure) & (table["status"] == STATUS_OK)]
    if ok.empty:
        return None
    return ok.loc[ok["estimate"].idxmax()], ok.loc[ok["estimate"].idxmin()]


# -- survey cards -------------------------------------------------------------------------


def admin_title(table: pd.DataFrame, measure: str) -> str | None:
    found = extremes(table, measure)
    if found is None:
        return None
    top, low = found
    if top["sector"] == low["sector"]:
        return f"{top['sector_label']}: {value_label(top)} of the work day is non-sector-specific"
    return (
        f"{top['sector_label']} workers spend the largest share of the day on non-sector-specific activities "
        f"({value_label(top)}); {low['sector_label']} the smallest ({value_label(low)})"
    )


def admin_subtitle(who: str, base: int, source_title: str) -> str:
    return (
        f"Weighted mean share of the diary work day, {who}; base {base:,} workers in the sectors "
        f"shown; bars show 95% confidence intervals. Source: {source_title}. Non-sector-specific time is not the "
        "same as admin time (ONS); the admin share is this product's own grouping."
    )


def ai_title(table: pd.DataFrame, measure: str) -> str | None:
    found = extremes(table, measure)
    if found is None:
        return None
    top, low = found
    if top["sector"] == low["sector"]:
        return f"{value_label(top)} of {top['sector_label'].lower()} organisations use AI"
    return (
        f"{top['sector_label']} organisations are the most likely to use AI ({value_label(top)}); "
        f"{low['sector_label']} the least ({value_label(low)})"
    )


def ai_subtitle(base: int, source_title: str) -> str:
    return (
        f"Weighted % of organisations using AI and automation; base {base:,} organisations in "
        "the sectors shown; 95% confidence intervals. Police and fire are one group, as in PSMPS. "
        f"Source: {source_title}."
    )


def barriers_title(table: pd.DataFrame, labels: dict[str, str]) -> str | None:
    ok = table[table["status"] == STATUS_OK]
    if ok.empty:
        return None
    top = ok.loc[ok["estimate"].idxmax()]
    return (
        f"{labels[top['measure']]} is the most reported barrier: {value_label(top)} of "
        f"{top['sector_label'].lower()} organisations"
    )


def barriers_subtitle(base: int, source_title: str) -> str:
    return (
        f"Weighted % of organisations reporting each barrier; base {base:,} organisations in the "
        f"sectors shown. Barriers use the same codes as the qualitative findings. Source: {source_title}."
    )


# -- qualitative and published cards ------------------------------------------------------


def matrix_title(per_code: pd.Series, groups_total: int) -> str:
    """`per_code`: groups raising each code (by code label), in display order."""
    if per_code.empty:
        return "No coded findings match these filters"
    return f"{per_code.idxmax()} was raised in the most participant groups ({per_code.max()} of {groups_total})"


def matrix_subtitle(
    source_title: str, release_date: object, *, withheld: Sequence[str] = (), min_participants: int = 3
) -> str:
    """`withheld`: labels of participant groups too small for a column of their own."""
    return (
        "Coded findings and verbatim quotes by participant group; counts are of findings and quotes, not people. "
        f"Source: {source_title} (qualitative research, released {release_text(release_date)}). "
        "In each cell F = coded findings, Q = verbatim quotes. Select a cell to see its quotes."
        + matrix_withheld_note(withheld, min_participants)
    )


def matrix_withheld_note(withheld: Sequence[str], min_participants: int) -> str:
    """Why a participant group has no column, and what that does to the counts; "" if none is withheld.

    Said whatever the filters, since the "of N groups" counts leave the group out in every view.
    """
    if not withheld:
        return ""
    one = len(withheld) == 1
    names = withheld[0] if one else ", ".join(withheld[:-1]) + " and " + withheld[-1]
    return (
        f" {names} {'has' if one else 'have'} no column: fewer than {min_participants} participants took part, "
        f"so to avoid singling anyone out {'its' if one else 'their'} findings and quotes are not shown and "
        "are not counted in how many groups raised a code."
    )


MATRIX_CAPTION = "Coded findings and quotes by code and participant group"


def published_title(figures: int, sources: int) -> str:
    return f"{figures} published figures match this selection, from {sources} sources"


PUBLISHED_SUBTITLE = (
    "Figures exactly as published, with their source, status and caveats. All-public-sector and private-sector "
    "figures are kept as references. Secondary analyses are not ONS statistics."
)
PUBLISHED_CAPTION = "Published figures for the selected sectors"

QUALIFIER_WORDS = {
    "exact": "",
    "approximate": "around ",
    "at_least": "at least ",
    "up_to": "up to ",
    "more_than": "more than ",
    "nearly": "nearly ",
}


def qualified(value: str, qualifier: str) -> str:
    """Keep the publisher's hedge with the number: 'around 85%' is not '85%'."""
    return QUALIFIER_WORDS.get(qualifier, "") + value


# -- quotes -------------------------------------------------------------------------------


def quotes_withheld(min_participants: int) -> str:
    """The selection-level half of the quote rule: the filters leave too few people."""
    return (
        f"This selection narrows the research sample to fewer than {min_participants} participants, so its "
        "quotes are not shown, to avoid singling anyone out. Widen the sector, method or group filters."
    )


def quotes_shown(shown: int, total: int, *, small_groups: int = 0) -> str:
    """`total` counts only quotes some view can show. `small_groups`, when not 0, is the minimum
    that kept some of the extract's quotes out of every view (their groups are smaller), said
    so that Y is not mistaken for every quote in the research."""
    shown_text = f"Showing {shown} of {total} quotes"
    if small_groups:
        shown_text += f" (quotes from groups of fewer than {small_groups} participants are never shown)"
    return shown_text
