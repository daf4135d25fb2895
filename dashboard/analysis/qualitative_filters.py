"""The findings and quotes a view lists: the same filters and search as the matrix, row by row.

`filter_quotes` and `filter_findings` apply the sector, method, group, code, theme and search
filters; `distinct_findings` turns finding rows (one per group a finding names) into one row
per finding for the evidence panel and its CSV. Filters only: the quote rule is applied
before (`qualitative.showable_quotes`, `qualitative.shown_findings`), once per extract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.analysis.qualitative import (
    COLUMN_LABELS,
    MATRIX_COLUMNS,
    column_of,
    columns_of,
    selected,
    shown_columns,
)
from dashboard.analysis.qualitative_search import finding_matches, quote_matches, search_pattern


def chosen_codes(codebook: pd.DataFrame, codes: Iterable[str], themes: Iterable[str]) -> list[str]:
    """The codes the code and theme filters choose, in codebook order (every code when both are empty)."""
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
    """Quotes matching every filter; search is literal, case-insensitive and whole-word, over the
    quote's text and the labels of its codes (`quote_matches`).

    Filters only: pass `showable_quotes` as `quotes` so the quote rule holds (views do).
    """
    mask = selected(quotes, sectors=sectors, methods=methods, groups=groups)
    chosen = set(chosen_codes(codebook, codes, themes)) if (codes or themes) else None
    if chosen is not None:
        mask &= quotes["codes"].map(lambda cs: bool(chosen & set(cs)))
    pattern = search_pattern(search)
    if pattern is not None:
        mask &= quote_matches(quotes, code_labels(codebook), pattern)
    return quotes[mask].sort_values("order").reset_index(drop=True)


def filter_findings(
    findings: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    sectors: Iterable[str],
    groups: Iterable[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
) -> pd.DataFrame:
    """Finding rows in the matrix columns the filters show (`shown_columns`), of the chosen codes,
    matching the search (`finding_matches`). Count `finding_id`s, not rows: one finding has a row
    per sector it names.

    Pass `AppContext.findings` (findings of withheld columns already dropped). Findings carry no
    research method, so the method filter does not narrow them.
    """
    shown = set(shown_columns(sectors, groups))
    mask = pd.Series([c in shown for c in columns_of(findings)], index=findings.index, dtype=bool)
    if codes or themes:
        mask &= findings["code"].isin(chosen_codes(codebook, codes, themes))
    pattern = search_pattern(search)
    if pattern is not None:
        mask &= finding_matches(findings, code_labels(codebook), pattern)
    return findings[mask]


def code_labels(codebook: pd.DataFrame) -> dict[str, str]:
    """Each code's label, by code."""
    return dict(zip(codebook["code"], codebook["label"], strict=True))


#: One row per distinct finding, for the evidence panel and its CSV (`distinct_findings`).
FINDING_FIELDS = [
    "finding_id",
    "section",
    "code",
    "code_label",
    "paraphrase",
    "evidence",
    "source_id",
    "columns",
    "column_labels",
]


def distinct_findings(rows: pd.DataFrame, every: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per distinct finding among `rows` (finding rows: one per group the finding names), in
    the article's order (the order of `every`), with every matrix column the article attributes it to
    (`columns`, in matrix order, and their `column_labels`), not only those the filters show.

    Pass the findings any view may show as `every` (`AppContext.findings`): a withheld column is then
    never named, and neither is a finding only a withheld column holds.
    """
    wanted = set(rows["finding_id"])
    columns: dict[str, set[str]] = {}
    for fid, sector, group in zip(every["finding_id"], every["sector"], every["participant_group"], strict=True):
        if fid in wanted:
            columns.setdefault(fid, set()).add(column_of(sector, group))
    first = every[every["finding_id"].isin(wanted)].drop_duplicates("finding_id")
    out = []
    for r in first.itertuples(index=False):
        ordered = [c for c in MATRIX_COLUMNS if c in columns[r.finding_id]]
        out.append(
            {
                "finding_id": r.finding_id,
                "section": r.section,
                "code": r.code,
                "code_label": labels.get(r.code, r.code),
                "paraphrase": r.paraphrase,
                "evidence": r.evidence,
                "source_id": r.source_id,
                "columns": tuple(ordered),
                "column_labels": tuple(COLUMN_LABELS[c] for c in ordered),
            }
        )
    return pd.DataFrame(out, columns=FINDING_FIELDS)
