"""The sector x code matrix of the coded findings: presence, not prevalence.

The matrix says, for each code and matrix column (`qualitative.MATRIX_COLUMNS`), whether
findings or quotes raise it, and which ones; nothing here counts how many columns raised a
code or ranks codes, because the article's findings cannot be quantified. The quote rule is
applied inside `matrix`, so no caller can forget it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypedDict

import pandas as pd

from dashboard.analysis.qualitative import COLUMN_LABELS, columns_of, showable_quotes, withheld_columns
from dashboard.analysis.qualitative_filters import Codebook
from dashboard.analysis.qualitative_search import finding_matches, matching_codes, quote_matches, search_pattern

MATRIX_FIELDS = [
    "code",
    "code_label",
    "theme",
    "column",
    "column_label",
    "findings",
    "quotes",
    "finding_ids",
    "quote_ids",
]


class MatrixRow(TypedDict):
    """One row of `matrix` (MATRIX_FIELDS), as `MatrixIndex.cells` gives it."""

    code: str
    code_label: str
    theme: str
    column: str
    column_label: str
    findings: int
    quotes: int
    finding_ids: str
    quote_ids: str


def matrix(
    findings: pd.DataFrame,
    quotes: pd.DataFrame,
    codebook: pd.DataFrame,
    participants: pd.DataFrame,
    *,
    columns: list[str],
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    search: str = "",
    min_participants: int = 1,
) -> pd.DataFrame:
    """Long table: one row per code (codebook order) and matrix column, with the distinct findings
    and quotes behind the cell (`findings`, `quotes`; their ids, space-separated, in `finding_ids`
    and `quote_ids`).

    A cell says whether a code was raised for that column, and by what: nothing here counts how
    many columns raised a code, or ranks codes, because the article's findings cannot be
    quantified. A finding in the all-sector column is in that column only. With `search`, only
    findings and quotes that match it (`finding_matches`, `quote_matches`) are counted.

    The quote rule at `min_participants` (the app passes DASHBOARD_MIN_PARTICIPANTS) is
    applied here, so no caller can forget it: columns in `withheld_columns` are dropped
    from `columns`, and only `showable_quotes` are counted. The default of 1 withholds only
    what no participant stands behind.
    """
    index = MatrixIndex.of(findings, quotes, codebook, participants, min_participants)
    rows = index.cells(columns=columns, codes=codes, themes=themes, search=search)
    return pd.DataFrame(rows, columns=MATRIX_FIELDS)


@dataclass(frozen=True)
class MatrixIndex:
    """What `matrix` reads of the tables, as plain tuples and dicts by cell: none of it depends on the
    filters, so a view builds it once per context and asks it for each state's `cells` (per-request
    pandas selections and group-bys on these small tables cost more than the whole matrix)."""

    book: Codebook
    withheld: frozenset[str]
    #: Per finding row: (id, code, paraphrase, evidence); per showable quote: (id, codes, text).
    finding_rows: tuple[tuple[str, str, object, object], ...]
    quote_rows: tuple[tuple[str, tuple[str, ...], object], ...]
    #: (code, column) -> the finding rows and the quotes behind the cell (positions in the above).
    findings: Mapping[tuple[str, str], tuple[int, ...]]
    quotes: Mapping[tuple[str, str], tuple[int, ...]]

    @classmethod
    def of(
        cls,
        findings: pd.DataFrame,
        quotes: pd.DataFrame,
        codebook: pd.DataFrame,
        participants: pd.DataFrame,
        min_participants: int = 1,
    ) -> MatrixIndex:
        """Index the tables under the quote rule at `min_participants` (see `matrix`)."""
        shown = showable_quotes(quotes, participants, min_participants)
        finding_rows = tuple(
            zip(findings["finding_id"], findings["code"], findings["paraphrase"], findings["evidence"], strict=True)
        )
        quote_rows = tuple(
            (qid, tuple(codes), text)
            for qid, codes, text in zip(shown["quote_id"], shown["codes"], shown["text"], strict=True)
        )
        by_finding: dict[tuple[str, str], list[int]] = {}
        for i, (finding, column) in enumerate(zip(finding_rows, columns_of(findings), strict=True)):
            by_finding.setdefault((finding[1], column), []).append(i)
        by_quote: dict[tuple[str, str], list[int]] = {}
        for i, (quote, column) in enumerate(zip(quote_rows, columns_of(shown), strict=True)):
            for code in quote[1]:
                by_quote.setdefault((code, column), []).append(i)
        return cls(
            book=Codebook.of(codebook),
            withheld=frozenset(withheld_columns(participants, min_participants)),
            finding_rows=finding_rows,
            quote_rows=quote_rows,
            findings=MappingProxyType({k: tuple(v) for k, v in by_finding.items()}),
            quotes=MappingProxyType({k: tuple(v) for k, v in by_quote.items()}),
        )

    def cells(
        self, *, columns: Iterable[str], codes: Iterable[str] = (), themes: Iterable[str] = (), search: str = ""
    ) -> list[MatrixRow]:
        """`matrix`'s rows (MATRIX_FIELDS) as dicts, for these filters."""
        shown = [c for c in columns if c not in self.withheld]
        chosen = self.book.chosen(codes, themes)
        pattern = search_pattern(search)
        finding_hits: list[bool] | None = None
        quote_hits: list[bool] | None = None
        if pattern is not None:
            # Each row matched once, whatever the number of cells it is in.
            hit = matching_codes(self.book.labels, pattern)
            finding_hits = [finding_matches(p, e, code, pattern, hit) for _, code, p, e in self.finding_rows]
            quote_hits = [quote_matches(text, cs, pattern, hit) for _, cs, text in self.quote_rows]
        if pattern is None:  # no search (most views): each cell as worked out once, a copy each
            return [MatrixRow(**self._unsearched[(code, column)]) for code in chosen for column in shown]
        return [self._row(code, column, finding_hits, quote_hits) for code in chosen for column in shown]

    def _row(self, code: str, column: str, finding_hits: list[bool] | None, quote_hits: list[bool] | None) -> MatrixRow:
        """One cell of the matrix: the findings and quotes behind it that the search finds."""
        fids = _ids(self.finding_rows, self.findings.get((code, column), ()), finding_hits)
        qids = _ids(self.quote_rows, self.quotes.get((code, column), ()), quote_hits)
        return {
            "code": code,
            "code_label": self.book.labels[code],
            "theme": self.book.themes[code],
            "column": column,
            "column_label": COLUMN_LABELS[column],
            "findings": len(fids),
            "quotes": len(qids),
            "finding_ids": " ".join(fids),
            "quote_ids": " ".join(qids),
        }

    @functools.cached_property
    def _unsearched(self) -> dict[tuple[str, str], MatrixRow]:
        """Every cell without a search, by (code, column): the same for every view that has none."""
        return {
            (code, column): self._row(code, column, None, None)
            for code in self.book.chosen((), ())
            for column in COLUMN_LABELS
        }


def _ids(rows: tuple[tuple[Any, ...], ...], at: Iterable[int], hits: list[bool] | None) -> list[str]:
    """The distinct ids (first field) of the rows at `at` that the search finds (all without one), sorted."""
    return sorted({rows[i][0] for i in at if hits is None or hits[i]})
