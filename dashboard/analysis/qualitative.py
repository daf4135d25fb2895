"""The coded qualitative findings: the sector x code matrix, quote filtering and the quote rule.

The source warns its findings cannot be quantified, so nothing here is a
percentage of people. The matrix counts in how many participant groups a code
was raised (a group is a sector's current managers, or the former civil
servants), and shows the findings and quotes behind each cell.

The quote rule protects the people behind each quote, not just the selection: a
quote whose own group (sector, method, participant group, as in the participants
table) has fewer than the minimum participants is never shown, and neither is a
matrix column with fewer. A rule on the selection alone can be differenced away
("all sectors" minus "all but one" isolates a one-person group); a rule on each
quote cannot, because every quote that any view shows already stands for a group
of at least the minimum (`showable_quotes`). See docs/methods.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.data import vocab

#: Matrix columns: the six sectors, statements about every sector, former civil servants.
ALL_SECTORS = "all_sectors"
FORMER = "former_civil_servant"
MATRIX_COLUMNS = (*vocab.SECTORS, ALL_SECTORS, FORMER)
COLUMN_LABELS = {
    **{s: vocab.SECTOR_LABELS[s] for s in vocab.SECTORS},
    ALL_SECTORS: "All sectors",
    FORMER: "Former civil servants",
}
#: Default: a quote from a group of fewer participants than this is never shown, nor is a
#: matrix column of fewer, nor the quotes of a selection narrowing the sample to fewer.
DEFAULT_MIN_PARTICIPANTS = 3

#: A quote's or participant row's own group: (sector, method, participant group). Former civil
#: servants have no sector (an empty cell, read as NaN or None); their sector is "" here.
GroupKey = tuple[str, str, str]


def column_of(sector: object, participant_group: str) -> str:
    """Which matrix column a finding or quote belongs to."""
    if participant_group == FORMER:
        return FORMER
    return str(sector)


def participant_groups(participants: pd.DataFrame) -> list[str]:
    """Groups in the sample, in matrix order: each sector's managers and former civil servants."""
    present = {column_of(r.sector, r.participant_group) for r in participants.itertuples()}
    return [c for c in MATRIX_COLUMNS if c in present]


def group_of(sector: object, method: object, participant_group: object) -> GroupKey:
    """The (sector, method, participant group) a quote or a participant row belongs to.

    Former civil servants' empty sector arrives as NaN, None or a blank string depending on
    how the table was read; all of them are "" here, so a quote and its sample row match.
    """
    blank = sector is None or (not isinstance(sector, str) and bool(pd.isna(sector)))
    return ("" if blank else str(sector).strip(), str(method), str(participant_group))


def group_sizes(participants: pd.DataFrame) -> dict[GroupKey, int]:
    """People in each (sector, method, participant group); rows of one group are added up."""
    p = participants
    sizes: Counter[GroupKey] = Counter()
    for s, m, g, n in zip(p["sector"], p["method"], p["participant_group"], p["participants"], strict=True):
        sizes[group_of(s, m, g)] += int(n)
    return dict(sizes)


def quote_group_sizes(quotes: pd.DataFrame, participants: pd.DataFrame) -> list[int]:
    """For each quote, in order, the people in its own group; 0 if it matches no sample row."""
    sizes = group_sizes(participants)
    return [
        sizes.get(group_of(s, m, g), 0)
        for s, m, g in zip(quotes["sector"], quotes["method"], quotes["participant_group"], strict=True)
    ]


def showable_quotes(quotes: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The quotes any view may ever show: those whose own group has at least `min_participants`.

    This is the rule that survives differencing. A quote from a smaller group (or from a
    group the sample does not have) is dropped before any filter runs, so no pair of
    selections, however chosen, can tell it apart from the rest. Every count of quotes the
    product shows ("Showing X of Y", matrix cells, "raised in") starts from this pool.
    """
    keep = np.array([n >= min_participants for n in quote_group_sizes(quotes, participants)], dtype=bool)
    return quotes[keep]


def column_sizes(participants: pd.DataFrame) -> dict[str, int]:
    """People behind each matrix column: a sector's current managers (every method), or the
    former civil servants. The all-sector column is statements, not people, so is not here."""
    p = participants
    sizes: Counter[str] = Counter()
    for s, g, n in zip(p["sector"], p["participant_group"], p["participants"], strict=True):
        sizes[column_of(s, g)] += int(n)
    return dict(sizes)


def withheld_columns(participants: pd.DataFrame, min_participants: int) -> list[str]:
    """Matrix columns, in matrix order, with fewer than `min_participants` people behind them.

    Such a column would attribute its findings and quotes to a person or two, so it is
    never shown as its own column, and its group is left out of every "raised in" count
    (otherwise "raised in 2 groups" with only one shown would give it away). Withholding
    rather than merging it into a neighbour keeps every column a fixed set of people: a
    merged column that split again when a filter dropped one of its members could be
    differenced. The decision depends on the sample only, never on the filters.
    """
    sizes = column_sizes(participants)
    return [c for c in MATRIX_COLUMNS if c != ALL_SECTORS and sizes.get(c, 0) < min_participants]


def shown_findings(findings: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The findings any view may show: those not attributed to a withheld matrix column."""
    withheld = set(withheld_columns(participants, min_participants))
    columns = [column_of(s, g) for s, g in zip(findings["sector"], findings["participant_group"], strict=True)]
    return findings[[c not in withheld for c in columns]]


def include_former(sectors: Iterable[str], groups: Iterable[str]) -> bool:
    """Former civil servants have no sector, so a sector filter cannot select them.

    They are shown when their group is selected and no sector filter is active;
    narrowing to some sectors means "show me these sectors", which they are not.
    """
    return FORMER in set(groups) and set(sectors) >= set(vocab.SECTORS)


def shown_columns(sectors: Iterable[str], groups: Iterable[str]) -> list[str]:
    """Matrix columns for the current filters: selected sectors, always the all-sector column,
    and former civil servants when `include_former` says so."""
    sectors, groups = set(sectors), set(groups)
    columns = [s for s in vocab.SECTORS if s in sectors and "current_manager" in groups]
    if "current_manager" in groups:
        columns.append(ALL_SECTORS)
    if include_former(sectors, groups):
        columns.append(FORMER)
    return columns


def matrix(
    findings: pd.DataFrame,
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    participants: pd.DataFrame,
    *,
    columns: list[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    min_participants: int = 1,
) -> pd.DataFrame:
    """Long table: one row per code and matrix column with finding and quote counts.

    `groups_raised` counts, for each code, the participant groups in which the
    code was raised, directly or by a statement about every sector, out of
    `groups_total`; it is the only "how widely" figure the product shows.

    The quote rule at `min_participants` (the app passes DASHBOARD_MIN_PARTICIPANTS) is
    applied here, so no caller can forget it: columns in `withheld_columns` are dropped
    from `columns` and from every "raised in" count, and only `showable_quotes` are
    counted. The default of 1 withholds only what no participant stands behind.
    """
    withheld = set(withheld_columns(participants, min_participants))
    columns = [c for c in columns if c not in withheld]
    quotes = showable_quotes(quotes, participants, min_participants)
    book = codebook.set_index("code")
    chosen = _chosen_codes(codebook, codes, themes)
    f = findings[findings["code"].isin(chosen)]
    f = f.assign(column=[column_of(s, g) for s, g in zip(f["sector"], f["participant_group"], strict=True)])
    q = quotes.explode("codes").rename(columns={"codes": "code"})
    q = q[q["code"].isin(chosen)]
    q = q.assign(column=[column_of(s, g) for s, g in zip(q["sector"], q["participant_group"], strict=True)])

    # Plain dicts from here on: per-cell pandas lookups cost more than the whole matrix.
    finding_counts = f.groupby(["code", "column"])["finding_id"].nunique().to_dict()
    quote_counts = q.groupby(["code", "column"])["quote_id"].nunique().to_dict()
    raised: dict[str, set[str]] = {}
    for code, column in (*finding_counts, *quote_counts):
        raised.setdefault(code, set()).add(column)
    labels = book["label"].to_dict()
    themes_of = book["theme"].to_dict()
    groups = set(participant_groups(participants)) - withheld
    rows = []
    for code in chosen:
        raised_in = raised.get(code, set())
        if ALL_SECTORS in raised_in:
            raised_in = raised_in | set(vocab.SECTORS)
        n_raised = len(raised_in & groups)
        for column in columns:
            rows.append(
                {
                    "code": code,
                    "code_label": labels[code],
                    "theme": themes_of[code],
                    "column": column,
                    "column_label": COLUMN_LABELS[column],
                    "findings": int(finding_counts.get((code, column), 0)),
                    "quotes": int(quote_counts.get((code, column), 0)),
                    "groups_raised": n_raised,
                    "groups_total": len(groups),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "code",
            "code_label",
            "theme",
            "column",
            "column_label",
            "findings",
            "quotes",
            "groups_raised",
            "groups_total",
        ],
    )


def _chosen_codes(codebook: pd.DataFrame, codes: Iterable[str], themes: Iterable[str]) -> list[str]:
    codes, themes = set(codes), set(themes)
    book = codebook
    if themes:
        book = book[book["theme"].isin(themes)]
    if codes:
        book = book[book["code"].isin(codes)]
    return book["code"].tolist()


def filter_quotes(
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    sectors: Iterable[str],
    methods: Iterable[str],
    groups: Iterable[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
) -> pd.DataFrame:
    """Quotes matching every filter; search is literal and case-insensitive.

    Filters only: pass `showable_quotes` as `quotes` so the quote rule holds (views do).
    """
    sectors, groups = set(sectors), set(groups)
    in_group = quotes["participant_group"].isin(groups)
    former = quotes["participant_group"] == FORMER
    sector_ok = (quotes["sector"].isin(sectors) & ~former) | (former & include_former(sectors, groups))
    mask = in_group & sector_ok & quotes["method"].isin(list(methods))
    chosen = set(_chosen_codes(codebook, codes, themes)) if (codes or themes) else None
    if chosen is not None:
        mask &= quotes["codes"].map(lambda cs: bool(chosen & set(cs)))
    needle = search.strip().casefold()
    if needle:
        mask &= quotes["text"].str.casefold().str.contains(needle, regex=False)
    return quotes[mask].sort_values("order").reset_index(drop=True)


def participants_behind(
    participants: pd.DataFrame, *, sectors: Iterable[str], methods: Iterable[str], groups: Iterable[str]
) -> int:
    """How many people the qualitative filters narrow the sample to.

    The selection-level rule: a selection of 1 to min-1 people shows no quotes. With
    `showable_quotes` it cannot be differenced: a quote a selection S shows and a
    selection T (same codes and search) does not is from a group in S's sample and not
    T's (had T's sample held it, T would hold at least the minimum and show it), so the
    people S has and T lacks number at least the minimum. What withholding does reveal,
    that a selection holds fewer than the minimum, is the sample table (article section 8).
    """
    sectors, groups = set(sectors), set(groups)
    p = participants
    mask = p["participant_group"].isin(groups) & p["method"].isin(list(methods))
    former = p["participant_group"] == FORMER
    mask &= (p["sector"].isin(sectors) & ~former) | (former & include_former(sectors, groups))
    return int(p.loc[mask, "participants"].sum())


def highlight_spans(text: str, search: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_match) so matches can be marked without any HTML."""
    needle = search.strip()
    if not needle:
        return [(text, False)]
    folded, key = text.casefold(), needle.casefold()
    # casefold can change length (e.g. "ß"); fall back to no highlighting then.
    if len(folded) != len(text):
        return [(text, False)]
    pieces, start = [], 0
    while True:
        hit = folded.find(key, start)
        if hit < 0:
            break
        if hit > start:
            pieces.append((text[start:hit], False))
        pieces.append((text[hit : hit + len(key)], True))
        start = hit + len(key)
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces or [(text, False)]
