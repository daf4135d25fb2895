"""What real sources say about each sector and topic: the evidence map and the topic panels.

Only real evidence is used here: published figures (`published_estimates`, each filed under
one of `vocab.TOPICS` by its `topic` column), and the coded qualitative findings and quotes of
the managers' research. The synthetic surveys never enter.

Rules, each applied once, here:

- **A published figure counts for a sector** when it is about that sector or about a group of
  sectors containing it (`published.members`): all public sector figures count for every sector,
  police and fire for police and for fire. Private-sector figures are comparators, not evidence
  about any public sector, so they count for none (the published figures table keeps them as
  references). Frontline, non-frontline and frontline-supervisor figures are about role groups
  (`vocab.ROLE_GROUPS`): workers by what they do, in every sector. They are members of no sector,
  so they count for none on the map; the topic panel shows them beside the sectors, labelled as
  role groups, whatever sectors are chosen (`topic_figures`).
- **The strongest figure** of a cell is the first by how it was produced (`STRENGTH`: official
  statistics, then a census of bodies, then a sample survey, then every other kind, in
  `vocab.FIGURE_KINDS` order); then the one closest to the sector (about the sector itself, then
  about a smaller group containing it, then about all public sector); then a share or a score
  before a figure in any other unit (often a count such as a survey's base); then a figure read on
  its publisher's own page before one read in another's report of it (`reporter`); then a dated
  source before an undated one; then the figures table's order (estimate id). "Strongest" ranks
  how a figure was made and reached us, never its value.
- **A code's topic** (`code_topic`): a barrier code is about barriers, whatever its theme; an AI
  use code about AI use and an admin burden code about admin burden; the other codes follow their
  theme (ai: AI use; administration: admin burden; management practice, productivity and
  innovation: management practice). The category is read first so that "Automation in use"
  (category AI use, theme administration) is evidence about AI use, which is what its definition
  describes.
- **Findings are presence, never prevalence**: a cell says whether coded findings raised the topic
  for the sector (or for every sector at once), not how many or how widely. The source warns its
  findings cannot be quantified. Quotes are counted, as the quote panel counts them.

Callers pass the findings and quotes any view may show (`AppContext.findings` and `.quotes`), so
the quote rule holds here as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from dashboard.analysis import published
from dashboard.data import vocab

#: Figure kinds from strongest down; every other kind follows, in vocab.FIGURE_KINDS order.
STRENGTH: tuple[str, ...] = ("official_statistics", "census_of_bodies", "sample_survey")
KIND_ORDER: tuple[str, ...] = STRENGTH + tuple(k for k in vocab.FIGURE_KINDS if k not in STRENGTH)
#: Published groups that are comparators, never evidence about a public sector.
COMPARATORS = frozenset({"private_sector"})
#: Role groups: shown in the topic panel beside the sectors, never credited to a sector.
ROLE_GROUPS = frozenset(vocab.ROLE_GROUPS)
#: A finding stated about every sector at once (findings.sector).
ALL_SECTORS = "all_sectors"

#: Code categories that name their topic outright; the rest are filed by theme.
_CATEGORY_TOPIC = {"barrier": "barriers", "ai_use": "ai_use", "admin_burden": "admin_burden"}
_THEME_TOPIC = {
    "ai": "ai_use",
    "administration": "admin_burden",
    "management_practice": "management_practice",
    "productivity": "management_practice",
    "innovation": "management_practice",
}

#: The source columns a topic panel and the map show beside each figure.
SOURCE_COLUMNS = ["source_id", "title", "publisher", "release_date", "url", "status"]


def code_topic(category: str, theme: str) -> str:
    """The topic a codebook code is evidence about (see the module docstring for the rule)."""
    if category in _CATEGORY_TOPIC:
        return _CATEGORY_TOPIC[category]
    return _THEME_TOPIC[theme]


def code_topics(codebook: pd.DataFrame) -> dict[str, str]:
    """Every code in the codebook, by code, with its topic."""
    return {
        code: code_topic(category, theme)
        for code, category, theme in zip(codebook["code"], codebook["category"], codebook["theme"], strict=True)
    }


def counts_for(figure_sector: str, sector: str) -> bool:
    """Whether a published figure about `figure_sector` (a sector or group) counts for `sector`."""
    if figure_sector in COMPARATORS or figure_sector in ROLE_GROUPS:
        return False
    return sector in published.members(figure_sector)


def kind_rank(kind: str) -> int:
    """0 for the strongest kind; unknown kinds last."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def with_sources(estimates: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Published figures joined to their source rows (source title as `source_title`), with the
    release year (None where the source gives no date) and the rank of the figure's kind."""
    joined = estimates.merge(
        sources[SOURCE_COLUMNS].rename(columns={"title": "source_title"}), on="source_id", how="left"
    )
    dates = pd.to_datetime(joined["release_date"], errors="coerce")
    # Object dtype, so a missing year stays None rather than turning every year into a float.
    joined["year"] = pd.Series([None if pd.isna(d) else int(d.year) for d in dates], index=joined.index, dtype=object)
    joined["kind_rank"] = [kind_rank(k) for k in joined["kind"]]
    return joined


#: Units read as a share or a score; a figure in another unit (often a count such as a survey's
#: base) is picked as a cell's strongest only when no share or score of the same standing exists.
SHARE_UNITS = frozenset({"percent", "score_0_1"})


def specificity(figure_sector: str, sector: str) -> int:
    """0: the figure is about the sector itself; 1: about a group containing it; 2: about all public
    sector; 3: about a role group (workers in every sector, not the sector's own)."""
    if figure_sector == sector:
        return 0
    if figure_sector in ROLE_GROUPS:
        return 3
    return 2 if figure_sector == "all_public_sector" else 1


#: What `strength_key` reads of a figure (after `with_sources`).
STRENGTH_COLUMNS = ["estimate_id", "sector", "unit", "kind_rank", "reporter", "year"]


def strength_key(figure: Mapping, sector: str | None = None) -> tuple:
    """Sorts strongest first: by kind (`kind_rank`); then, for one sector, the figure closest to it;
    then a share or score before any other unit; then a figure read on its publisher's own page
    before one read in someone else's report of it; then a dated source before an undated one; then
    the figures table's order (estimate id)."""
    close = specificity(figure["sector"], sector) if sector is not None else 0
    reporter = figure["reporter"]
    reported = isinstance(reporter, str) and bool(reporter.strip())
    dated = isinstance(figure["year"], int)
    return (
        figure["kind_rank"],
        close,
        0 if figure["unit"] in SHARE_UNITS else 1,
        int(reported),
        int(not dated),
        figure["estimate_id"],
    )


def topic_figures(
    estimates: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    topic: str,
    sectors: Iterable[str],
    source_ids: Iterable[str] = (),
) -> pd.DataFrame:
    """The published figures on `topic` that count for any of `sectors`, and those about role groups
    (whatever the sectors: a role group is in every sector, and is labelled as one), with their sources.

    Ordered for a topic panel: by unit of count (vocab.UNITS_OF_COUNT order, so figures that count
    different things are never side by side without a heading between them), then strongest first
    (for one selected sector, as on its evidence map cell: the figure closest to it first within a kind).
    """
    return TopicFigures.of(with_sources(estimates, sources)).pick(topic=topic, sectors=sectors, source_ids=source_ids)


def _labelled(figures: pd.DataFrame) -> pd.DataFrame:
    """`figures` (after `with_sources`) numbered from 0, with the labels a topic panel shows."""
    out = figures.reset_index(drop=True)
    out["sector_label"] = out["sector"].map(vocab.sector_label)
    out["group_type"] = out["sector"].map(published.group_type)
    return out


@dataclass(frozen=True)
class TopicFigures:
    """Every figure (after `with_sources`), labelled as a topic panel lists it, and what picking and
    ordering one topic's figures reads of each, as plain lists: none of it depends on the view, so a
    view works it out once per context and `pick`s each topic's figures from it."""

    figures: pd.DataFrame
    labelled: pd.DataFrame
    sectors: list[str]
    topics: list[str]
    source_ids: list[str]
    unit_ranks: list[int]
    #: `strength_key` of each figure with no sector given (its closeness 0).
    keys: list[tuple]
    ids: list[str]

    @classmethod
    def of(cls, figures: pd.DataFrame) -> TopicFigures:
        units = list(vocab.UNITS_OF_COUNT)
        labelled = _labelled(figures)
        return cls(
            figures=figures,
            labelled=labelled,
            sectors=list(figures["sector"]),
            topics=list(figures["topic"]),
            source_ids=list(figures["source_id"]),
            unit_ranks=[units.index(u) if u in units else len(units) for u in figures["unit_of_count"]],
            keys=[strength_key(figure) for figure in figures[STRENGTH_COLUMNS].to_dict("records")],
            ids=list(labelled["estimate_id"]),
        )

    def estimate_ids(self, positions: Iterable[int]) -> list[str]:
        """The estimate ids of the figures at these positions of `labelled`."""
        return [self.ids[i] for i in positions]

    def pick(self, *, topic: str, sectors: Iterable[str], source_ids: Iterable[str] = ()) -> pd.DataFrame:
        """`topic_figures` for this topic and selection."""
        rows = self.pick_positions(topic=topic, sectors=sectors, source_ids=source_ids)
        if not rows:  # no figure: an empty table with the columns' types of no rows
            return _labelled(self.figures.iloc[0:0])
        return self.labelled.iloc[rows].reset_index(drop=True)

    def pick_positions(self, *, topic: str, sectors: Iterable[str], source_ids: Iterable[str] = ()) -> list[int]:
        """The positions in `labelled` of `pick`'s rows, in its order (a view that keeps each figure's
        parts by position needs no frame)."""
        chosen = set(sectors)
        wanted = set(source_ids)
        rows = [
            i
            for i, (s, t, source) in enumerate(zip(self.sectors, self.topics, self.source_ids, strict=True))
            if t == topic
            and bool(chosen)
            and (s in ROLE_GROUPS or any(counts_for(s, sector) for sector in chosen))
            and (not wanted or source in wanted)
        ]
        one = next(iter(chosen)) if len(chosen) == 1 else None

        def order(i: int) -> tuple:
            # By unit of count, then strongest first (closest to one chosen sector first within a kind);
            # the estimate id in the key leaves no ties.
            key = self.keys[i]
            if one is not None:
                key = (key[0], specificity(self.sectors[i], one), *key[2:])
            return (self.unit_ranks[i], key)

        return sorted(rows, key=order)


MAP_COLUMNS = [
    "sector",
    "topic",
    "figures",
    "own_figures",
    "publishers",
    "strongest_id",
    "raised_for_sector",
    "raised_for_all",
    "quotes",
]


def evidence_map(
    estimates: pd.DataFrame,
    sources: pd.DataFrame,
    findings: pd.DataFrame,
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    source_ids: Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sector x topic summary: one row per sector and topic, sectors and topics in vocabulary order.

    Columns (MAP_COLUMNS): `figures`, the published figures counting for the cell; `own_figures`,
    how many of them are about the sector itself rather than a group containing it; `publishers`,
    how many different publishers they come from; `strongest_id`, the estimate id of the
    strongest (None when there is none); `raised_for_sector`, whether a coded finding attributed
    to the sector's managers raised the topic; `raised_for_all`, whether one stated about every
    sector did; `quotes`, the quotes from the sector whose codes touch the topic.

    Also returns the figures joined to their sources (`with_sources`), by estimate id, so a caller
    can describe each strongest figure.
    """
    return joined_evidence_map(with_sources(estimates, sources), findings, quotes, codebook, source_ids=source_ids)


def joined_evidence_map(
    figures: pd.DataFrame,
    findings: pd.DataFrame,
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    source_ids: Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`evidence_map` of figures already joined to their sources (`with_sources`)."""
    wanted = set(source_ids)
    if wanted:
        figures = figures[figures["source_id"].isin(wanted)].reset_index(drop=True)
    topic_of = code_topics(codebook)
    quote_topics = _quote_topics(quotes, topic_of)
    # Plain dicts from here on: per-cell pandas selections cost more than the whole map.
    records = figures[[*STRENGTH_COLUMNS, "topic", "publisher"]].to_dict("records")
    said = {
        (sector, topic_of.get(code))
        for code, sector in zip(findings["code"], findings["sector"], strict=True)
        if isinstance(sector, str)
    }
    rows = []
    for sector in vocab.SECTORS:
        counted = [r for r in records if counts_for(r["sector"], sector)]
        for topic in vocab.TOPICS:
            cell = [r for r in counted if r["topic"] == topic]
            strongest = min(cell, key=partial(strength_key, sector=sector)) if cell else None
            rows.append(
                {
                    "sector": sector,
                    "topic": topic,
                    "figures": len(cell),
                    "own_figures": sum(r["sector"] == sector for r in cell),
                    "publishers": len({r["publisher"] for r in cell if isinstance(r["publisher"], str)}),
                    "strongest_id": strongest["estimate_id"] if strongest else None,
                    "raised_for_sector": (sector, topic) in said,
                    "raised_for_all": (ALL_SECTORS, topic) in said,
                    "quotes": int(quote_topics.get((sector, topic), 0)),
                }
            )
    table = pd.DataFrame(rows, columns=MAP_COLUMNS)
    # Object dtype, so a cell without a figure holds None (not NaN) whatever pandas infers.
    table["strongest_id"] = pd.Series([r["strongest_id"] for r in rows], dtype=object)
    return table, figures.set_index("estimate_id", drop=False)


def _quote_topics(quotes: pd.DataFrame, topic_of: Mapping[str, str]) -> dict[tuple[str, str], int]:
    """Quotes per (sector, topic): a quote counts once for each topic any of its codes is about.
    Quotes with no sector (former civil servants) belong to no sector's cell."""
    counts: dict[tuple[str, str], int] = {}
    for sector, codes in zip(quotes["sector"], quotes["codes"], strict=True):
        if not isinstance(sector, str) or sector not in vocab.SECTORS:
            continue
        for topic in {topic_of[c] for c in codes if c in topic_of}:
            counts[(sector, topic)] = counts.get((sector, topic), 0) + 1
    return counts
