"""The words of the evidence map and the topic panel: titles that say what sources found, never a ranking.

Kept apart from views/wording.py (the survey and qualitative cards) so the two can change
independently; the same rules hold: every function takes numbers already worked out by
`dashboard.analysis` and none computes an estimate. Findings are presence, never prevalence.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.data import vocab
from dashboard.figures.text import lower_first, year_text

#: Said wherever the map says a topic was raised: presence, not how many or how widely.
FINDINGS_CAVEAT = (
    "Findings show presence only: qualitative findings cannot be quantified or applied to wider populations."
)
#: Said inside the topic panel, above its figures.
NO_COMPARE = "Each figure has its own axis: figures from different surveys, populations and questions do not compare."

MAP_CAPTION = "Real evidence by sector and topic: published figures, coded findings and quotes (one row per cell)"
TOPIC_CAPTION = "Published figures on the chosen topic for the selected sectors"


def topic_label(topic: str) -> str:
    return vocab.TOPICS.get(topic, topic)


def topic_words(topic: str) -> str:
    """The topic inside a sentence: 'admin burden', 'AI use'."""
    return lower_first(topic_label(topic))


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def and_list(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- the map ------------------------------------------------------------------------------------


def map_title(cells: int, with_own: int, with_figures: int, raised: int, with_quotes: int) -> str:
    """What the sources hold across the map, in counts of cells (never of people or organisations)."""
    none = f"; {cells - with_figures} have no published figure at all" if with_figures < cells else ""
    return (
        f"{with_own} of {cells} sector and topic cells have a published figure about the sector itself{none}; "
        f"coded findings raise the topic in {raised}; quotes speak to {with_quotes}"
    )


def map_subtitle(sources_chosen: int) -> str:
    chosen = (
        f" Only the {plural(sources_chosen, 'published source')} chosen in the filters are counted."
        if sources_chosen
        else ""
    )
    return (
        "What real sources say, for all six sectors whatever the sector filter: published figures (a figure about "
        "a group such as all public sector counts for each sector in it), whether coded findings raised the topic, "
        f"and verbatim quotes. No survey estimate is used. {FINDINGS_CAVEAT} Choose a cell to open its evidence in "
        "the topic panel below." + chosen
    )


def figures_text(figures: int, own: int, publishers: int, sector_label: str) -> str:
    if not figures:
        return "No published figure"
    return (
        f"{plural(figures, 'figure')} from {plural(publishers, 'publisher')}; "
        f"{own if own else 'none'} about {sector_label.lower()} itself"
    )


def publisher_year(publisher: str, year: object, reporter: object = None) -> str:
    """'Office for National Statistics (2024)', with who reported it when that is someone else."""
    text = f"{publisher} ({year_text(year)})"
    if isinstance(reporter, str) and reporter.strip():
        text += f", reported by {reporter}"
    return text


def strongest_text(value_text: str, measure_label: str, population: str, source: str, kind: str) -> str:
    """'around 85%: <measure> — <population>. <Publisher (year)>; official statistics'."""
    return f"{value_text}: {measure_label} — {population}. {source}; {lower_first(kind_label(kind))}"


def kind_label(kind: str) -> str:
    return vocab.FIGURE_KINDS.get(kind, kind)


def findings_text(sector_label: str, for_sector: bool, for_all: bool) -> str:
    if for_sector and for_all:
        return f"Raised in findings: by {sector_label.lower()} managers and about all sectors"
    if for_sector:
        return f"Raised in findings by {sector_label.lower()} managers"
    if for_all:
        return "Raised in findings stated about all sectors"
    return "Not raised in the coded findings"


def quotes_text(quotes: int) -> str:
    return plural(quotes, "quote") if quotes else "No quotes"


def open_label(sector_label: str, topic: str) -> str:
    return f"Open evidence: {sector_label}, {topic_words(topic)}"


# -- the topic panel ----------------------------------------------------------------------------


def topic_title(topic: str, figures: int, publishers: int, sectors: Sequence[str], *, roles: int = 0) -> str:
    """'12 published figures on AI use from 7 publishers', and for whom when not every sector; `roles`
    figures about role groups (frontline and non-frontline workers, in every sector) are said apart."""
    whom = "" if set(sectors) >= set(vocab.SECTORS) else f" for {and_list([vocab.sector_label(s) for s in sectors])}"
    if not sectors:
        return "No sectors selected: choose a sector in the filters or on the evidence map"
    also = f", and {roles:,} about role groups in every sector" if roles else ""
    if not figures:
        return f"No published figure on {topic_words(topic)}{whom} in the sources we hold" + also
    return (
        f"{plural(figures, 'published figure')} on {topic_words(topic)}{whom} from {plural(publishers, 'publisher')}"
        + also
    )


def topic_subtitle(sources_chosen: int) -> str:
    chosen = (
        f" Only the {plural(sources_chosen, 'published source')} chosen in the filters are shown."
        if sources_chosen
        else ""
    )
    return (
        f"{NO_COMPARE} Read each on its own, with its publisher and year; figures are grouped by what they count. "
        "A figure about a group of sectors (all public sector, police and fire) is shown for each sector in it. "
        "Frontline and non-frontline figures are about role groups, workers in every sector: they are shown "
        "whatever sectors are chosen, labelled as role groups, and never counted as any sector's. "
        "Private-sector comparators are in the published figures table. Values are exactly as published. "
        "Choose the topic with the buttons above." + chosen
    )
