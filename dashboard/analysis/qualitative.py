"""The coded qualitative findings: the sector x code matrix and quote filtering.

The source warns its findings cannot be quantified, so nothing here is a
percentage of people. The matrix counts in how many participant groups a code
was raised (a group is a sector's current managers, or the former civil
servants), and shows the findings and quotes behind each cell.
"""

from __future__ import annotations

from collections.abc import Iterable

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
#: Default: fewer participants than this behind a quote selection is not shown.
DEFAULT_MIN_PARTICIPANTS = 3


def column_of(sector: object, participant_group: str) -> str:
    """Which matrix column a finding or quote belongs to."""
    if participant_group == FORMER:
        return FORMER
    return str(sector)


def participant_groups(participants: pd.DataFrame) -> list[str]:
    """Groups in the sample, in matrix order: each sector's managers and former civil servants."""
    present = {column_of(r.sector, r.participant_group) for r in participants.itertuples()}
    return [c for c in MATRIX_COLUMNS if c in present]


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
) -> pd.DataFrame:
    """Long table: one row per code and matrix column with finding and quote counts.

    `groups_raised` counts, for each code, the participant groups in which the
    code was raised, directly or by a statement about every sector, out of
    `groups_total`; it is the only "how widely" figure the product shows.
    """
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
    groups = set(participant_groups(participants))
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
    """Quotes matching every filter; search is literal and case-insensitive."""
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
    """How many people the qualitative filters narrow the sample to."""
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
