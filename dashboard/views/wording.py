"""The words each card puts on screen: titles that state the finding, subtitles, captions.

Kept in one module so the product's voice can be read, reviewed and changed in one
place. Every function takes numbers already worked out by `dashboard.analysis`; none
computes an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.analysis.estimates import STATUS_OK
from dashboard.analysis.rows import Rows, records
from dashboard.data import vocab
from dashboard.figures.text import pct, value_label
from dashboard.state import ViewState

SYNTHETIC_TAG = "SYNTHETIC DATA"

WORKERS = {"all": "all workers", "frontline": "frontline workers", "non_frontline": "non-frontline workers"}


#: In the name of every file drawn from synthetic data: CSVs, the zip's tables and the chart's PNG.
SYNTHETIC_FILE_MARK = "SYNTHETIC_DATA"


def file_name(key: str, synthetic: bool) -> str:
    """A file's name says SYNTHETIC_DATA when its rows are invented, so a copy on a shared drive does too."""
    return f"{key}_{SYNTHETIC_FILE_MARK}" if synthetic else key


def tag(synthetic: bool) -> str:
    """The mark every title, caption and description drawn from synthetic data carries."""
    return f" ({SYNTHETIC_TAG})" if synthetic else ""


def highlight_words(state: ViewState) -> tuple[str, str] | None:
    """The highlight bar's sentence and its "Show only" button label; None when nothing is highlighted."""
    if not state.highlight:
        return None
    label = vocab.sector_label(state.highlight)
    where = (
        "marked in every panel"
        if state.highlight in state.sectors
        else "highlighted, but not in the sectors you chose, so no panel shows it"
    )
    return f"{label} is {where}. Click it again, or Clear highlight, to take the mark off.", f"Show only {label}"


#: A card whose view could not be computed says so, and how to recover; the log has the detail.
UNAVAILABLE = "This panel could not be drawn just now. Reload the page to try again."


#: A panel asked for by a page that was opened on other data (a reload happened in between).
DATA_UPDATED = (
    "The data behind this dashboard were updated after this page was opened. "
    "Reload the page to see the new figures together."
)


def not_enough(subject: str) -> str:
    return f"Not enough responses to show {subject} for this selection"


# -- survey cards -------------------------------------------------------------------------

#: How a synthetic survey card's title begins, so a title read on its own still says so.
SYNTHETIC_LEAD = "Synthetic data: "


def lead(synthetic: bool) -> str:
    return SYNTHETIC_LEAD if synthetic else ""


def _shown(table: pd.DataFrame | Rows, measure: str | None = None) -> list[Mapping]:
    """The shown rows (of one measure, if given), in the table's order."""
    return [
        row for row in records(table) if row["status"] == STATUS_OK and (measure is None or row["measure"] == measure)
    ]


def _ranked(rows: list[Mapping]) -> list[Mapping]:
    """Highest estimate first; ties keep the table's order (as pandas' descending sort of a few rows does)."""
    return sorted(rows, key=lambda row: row["estimate"], reverse=True)


def _ci(row: Mapping) -> str:
    return f"{value_label(row)}, 95% CI {pct(row['ci_low'])} to {pct(row['ci_high'])}"


def separated(higher: Mapping, lower: Mapping) -> bool:
    """Whether one estimate is higher than another by the product's rule: their 95% intervals
    do not overlap (a conservative test, said in docs/methods.md)."""
    return bool(higher["ci_low"] > lower["ci_high"])


def _sentence(text: str) -> str:
    """Capitalise the first letter only ("use of AI" -> "Use of AI", not "Use of ai")."""
    return text[:1].upper() + text[1:]


def compare_sectors(table: pd.DataFrame | Rows, measure: str, what: str, unit: str) -> str | None:
    """A title for one measure across the sectors shown that says only what the intervals support.

    - one sector: its value, never "highest";
    - the top sector's interval clear of every other's: it is the highest;
    - else the top clear of the bottom: "higher than" for that pair only;
    - else: the sectors are similar.
    `what` reads "<what> <unit>": "use AI" / "of organisations", or "non-sector-specific time" / "of the day".
    """
    ok = _shown(table, measure)
    if not ok:
        return None
    ranked = _ranked(ok)
    top, low = ranked[0], ranked[-1]
    if len(ranked) == 1:
        return f"{top['sector_label']}: {what} {value_label(top)}" + (f" {unit}" if unit else "")
    if all(separated(top, row) for row in ranked[1:]):
        if len(ranked) == 2:
            return (
                f"{_sentence(what)}: higher in {top['sector_label']} ({value_label(top)}) than in "
                f"{low['sector_label']} ({value_label(low)}); the 95% intervals do not overlap"
            )
        return (
            f"{_sentence(what)}: highest in {top['sector_label']} ({value_label(top)}), its 95% interval "
            f"clear of every other sector shown"
        )
    if separated(top, low):
        rows = ranked
        pairs = sum(separated(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :])
        rest = (
            "other differences are within the 95% intervals"
            if pairs == 1
            else f"{pairs} of the {len(rows) * (len(rows) - 1) // 2} pairs of sectors differ beyond their 95% intervals"
        )
        return (
            f"{_sentence(what)}: higher in {top['sector_label']} ({value_label(top)}) than in "
            f"{low['sector_label']} ({value_label(low)}); {rest}"
        )
    return (
        f"{_sentence(what)}: similar across the {len(ranked)} sectors shown "
        f"({pct(low['estimate'])} to {pct(top['estimate'])}; the 95% intervals overlap)"
    )


def admin_title(table: pd.DataFrame | Rows, measure: str) -> str | None:
    return compare_sectors(table, measure, "non-sector-specific share of the work day", "")


def admin_subtitle(who: str, base: int, source_title: str) -> str:
    return (
        f"Weighted mean share of the diary work day, {who}; base {base:,} workers in the sectors "
        f"shown; bars show 95% confidence intervals. Source: {source_title}. Non-sector-specific time is not the "
        "same as admin time (ONS); the admin share is this product's own grouping."
    )


def ai_title(table: pd.DataFrame | Rows, measure: str) -> str | None:
    return compare_sectors(table, measure, "use of AI", "of organisations")


def ai_subtitle(base: int, source_title: str) -> str:
    return (
        f"Weighted % of organisations using AI and automation; base {base:,} organisations in "
        "the sectors shown; 95% confidence intervals. Police and fire are one group, as in PSMPS. "
        f"Source: {source_title}."
    )


def barriers_title(table: pd.DataFrame | Rows, labels: dict[str, str]) -> str | None:
    """One barrier shown: compared across sectors. Several: the most reported one is named only
    where its interval is clear of the next barrier's in the same sector, never across sectors."""
    ok = _shown(table)
    if not ok:
        return None
    measures = list(dict.fromkeys(row["measure"] for row in ok))
    if len(measures) == 1:
        return compare_sectors(table, measures[0], f"{labels[measures[0]].lower()} reported as a barrier", "")
    by_sector: dict[object, list[Mapping]] = {}
    for row in ok:  # each sector's rows in the table's order, sectors in order of first appearance
        by_sector.setdefault(row["sector"], []).append(row)
    clear = []
    for rows in by_sector.values():
        ranked = _ranked(rows)
        if len(ranked) > 1 and separated(ranked[0], ranked[1]):
            clear.append(ranked[0])
    if not clear:
        return (
            f"{len(measures)} barriers shown: in no sector does one stand clear of the next (overlapping 95% intervals)"
        )
    first = max(clear, key=lambda r: r["estimate"])
    more = f"; in {len(clear) - 1} other sector(s) one barrier also stands clear" if len(clear) > 1 else ""
    return (
        f"{labels[first['measure']]} is the most reported barrier among {first['sector_label'].lower()} "
        f"organisations ({value_label(first)}), clear of the next barrier's 95% interval{more}"
    )


def barriers_subtitle(base: int, source_title: str, *, synthetic: bool = False) -> str:
    """On synthetic data, says the shares are invented rather than inviting a reading beside the
    qualitative findings that share the barrier codes."""
    codes = (
        "Barrier names follow the codebook; these shares are invented and say nothing about the findings."
        if synthetic
        else "Barriers use the same codes as the qualitative findings."
    )
    return (
        f"Weighted % of organisations reporting each barrier; base {base:,} organisations in the "
        f"sectors shown. {codes} Source: {source_title}."
    )


# -- qualitative and published cards ------------------------------------------------------


def published_title(figures: int, sources: int, *, listed: int | None = None) -> str:
    """`listed`: how many the page's table shows, when fewer than match (the CSV has them all)."""
    title = f"{figures} published figures match this selection, from {sources} sources"
    if listed is not None and listed < figures:
        title += f"; the first {listed} are listed here, and Download CSV has all {figures}"
    return title


PUBLISHED_SUBTITLE = (
    "Figures exactly as published by ONS and other UK publishers, with their source, kind, what they count and "
    "caveats. All-public-sector and private-sector figures are kept as references, and frontline and "
    "non-frontline figures, about role groups in every sector, are shown whatever sectors are chosen. Figures "
    "from different surveys do not compare; only ONS's own are ONS statistics."
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
