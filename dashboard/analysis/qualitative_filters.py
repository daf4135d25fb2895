"""The findings and quotes a view lists: the same filters and search as the matrix, row by row.

`filter_quotes` and `filter_findings` apply the sector, method, group, code, theme and search
filters; `distinct_findings` turns finding rows (one per group a finding names) into one row
per finding for the evidence panel and its CSV. Filters only: the quote rule is applied
before (`qualitative.showable_quotes`, `qualitative.shown_findings`), once per extract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from dashboard.analysis.qualitative import (
    COLUMN_LABELS,
    MATRIX_COLUMNS,
    Selection,
    column_of,
    columns_of,
    sample_groups,
    shown_columns,
)
from dashboard.analysis.qualitative_search import finding_matches, matching_codes, quote_matches, search_pattern


@dataclass(frozen=True)
class Codebook:
    """What the code and theme filters and the search read of the codebook, as plain dicts."""

    #: Codes in codebook order.
    order: tuple[str, ...]
    labels: Mapping[str, str]
    themes: Mapping[str, str]

    @classmethod
    def of(cls, codebook: pd.DataFrame) -> Codebook:
        return cls(
            order=tuple(codebook["code"]),
            labels=MappingProxyType(code_labels(codebook)),
            themes=MappingProxyType(dict(zip(codebook["code"], codebook["theme"], strict=True))),
        )

    def chosen(self, codes: Iterable[str], themes: Iterable[str]) -> list[str]:
        """`chosen_codes`."""
        codes, themes = set(codes), set(themes)
        return [c for c in self.order if (not themes or self.themes[c] in themes) and (not codes or c in codes)]


def chosen_codes(codebook: pd.DataFrame, codes: Iterable[str], themes: Iterable[str]) -> list[str]:
    """The codes the code and theme filters choose, in codebook order (every code when both are empty)."""
    return Codebook.of(codebook).chosen(codes, themes)


@dataclass(frozen=True)
class QuoteIndex:
    """A quotes table (and the sample behind it) as plain per-row tuples: what `filter_quotes` and
    `participants_behind` read. None of it depends on the filters, so a view builds it once per
    context; filtering a few dozen rows in plain Python costs a fraction of a pandas mask."""

    quotes: pd.DataFrame
    book: Codebook
    #: Per quote, in table order: (sector, method, participant group), its codes, its text, its `order`.
    groups: tuple[tuple[object, object, object], ...]
    codes: tuple[tuple[str, ...], ...]
    texts: tuple[object, ...]
    orders: np.ndarray
    #: Per participants row: (sector, method, participant group) and its people.
    sample: tuple[tuple[tuple[object, object, object], int], ...]

    @classmethod
    def of(cls, quotes: pd.DataFrame, codebook: pd.DataFrame, participants: pd.DataFrame | None = None) -> QuoteIndex:
        sample = () if participants is None else sample_groups(participants)
        return cls(
            quotes=quotes,
            book=Codebook.of(codebook),
            groups=tuple(zip(quotes["sector"], quotes["method"], quotes["participant_group"], strict=True)),
            codes=tuple(tuple(cs) for cs in quotes["codes"]),
            texts=tuple(quotes["text"]),
            orders=quotes["order"].to_numpy(),
            sample=sample,
        )

    def filter(
        self,
        *,
        sectors: Iterable[str],
        methods: Iterable[str],
        groups: Iterable[str],
        codes: Iterable[str] = (),
        themes: Iterable[str] = (),
        search: str = "",
    ) -> pd.DataFrame:
        """`filter_quotes` of the indexed quotes."""
        selection = Selection.of(sectors=sectors, methods=methods, groups=groups)
        chosen = set(self.book.chosen(codes, themes)) if (codes or themes) else None
        pattern = search_pattern(search)
        codes_hit = matching_codes(self.book.labels, pattern) if pattern is not None else frozenset()
        keep = [
            i
            for i, (group, cs, text) in enumerate(zip(self.groups, self.codes, self.texts, strict=True))
            if selection(*group)
            and (chosen is None or not chosen.isdisjoint(cs))
            and (pattern is None or quote_matches(text, cs, pattern, codes_hit))
        ]
        # In article order: the same quicksort of the kept rows' `order` as pandas' `sort_values`.
        at = np.asarray(keep, dtype=np.intp)
        return self.quotes.take(at[np.argsort(self.orders[at], kind="quicksort")]).reset_index(drop=True)

    def participants(self, *, sectors: Iterable[str], methods: Iterable[str], groups: Iterable[str]) -> int:
        """`participants_behind` of the indexed sample."""
        selection = Selection.of(sectors=sectors, methods=methods, groups=groups)
        return sum(n for group, n in self.sample if selection(*group))


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
    """Quotes matching every filter, in article order (`order`); search is literal, case-insensitive
    and whole-word, over the quote's text and the labels of its codes (`quote_matches`).

    Filters only: pass `showable_quotes` as `quotes` so the quote rule holds (views do, through a
    `QuoteIndex` of them built once per context).
    """
    index = QuoteIndex.of(quotes, codebook)
    return index.filter(sectors=sectors, methods=methods, groups=groups, codes=codes, themes=themes, search=search)


@dataclass(frozen=True)
class FindingIndex:
    """A findings table as plain per-row tuples, and its distinct findings as `distinct_findings`
    lists them: what `filter_findings` and the evidence panel read. Built once per context."""

    book: Codebook
    #: Per finding row, in table order: its id, code, matrix column, paraphrase and evidence.
    rows: tuple[tuple[object, str, str, object, object], ...]
    #: One record (FINDING_FIELDS) per distinct finding, in the article's order, with every column.
    distinct: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, findings: pd.DataFrame, codebook: pd.DataFrame) -> FindingIndex:
        book = Codebook.of(codebook)
        rows = zip(
            findings["finding_id"],
            findings["code"],
            columns_of(findings),
            findings["paraphrase"],
            findings["evidence"],
            strict=True,
        )
        return cls(book, tuple(rows), _distinct(findings, book.labels))

    def mask(
        self,
        *,
        sectors: Iterable[str],
        groups: Iterable[str],
        codes: Iterable[str] = (),
        themes: Iterable[str] = (),
        search: str = "",
    ) -> list[bool]:
        """Per finding row: `filter_findings` keeps it."""
        shown = set(shown_columns(sectors, groups))
        chosen = set(self.book.chosen(codes, themes)) if (codes or themes) else None
        pattern = search_pattern(search)
        codes_hit = matching_codes(self.book.labels, pattern) if pattern is not None else frozenset()
        return [
            column in shown
            and (chosen is None or code in chosen)
            and (pattern is None or finding_matches(p, e, code, pattern, codes_hit))
            for _, code, column, p, e in self.rows
        ]

    def ids(self, **filters: Any) -> set[object]:
        """The distinct finding ids of the rows `filter_findings` keeps (`filters` as for `mask`)."""
        keep = self.mask(**filters)
        return {row[0] for row, kept in zip(self.rows, keep, strict=True) if kept}


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
    index = FindingIndex.of(findings, codebook)
    keep = index.mask(sectors=sectors, groups=groups, codes=codes, themes=themes, search=search)
    return findings[np.asarray(keep, dtype=bool)]


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
    found = [dict(r) for r in _distinct(every, labels) if r["finding_id"] in wanted]
    return pd.DataFrame(found, columns=FINDING_FIELDS)


def _distinct(every: pd.DataFrame, labels: Mapping[str, str]) -> tuple[Mapping[str, Any], ...]:
    """`distinct_findings` records of every finding in `every`: each finding's first row, with the
    columns of all its rows."""
    columns: dict[object, set[str]] = {}
    for fid, sector, group in zip(every["finding_id"], every["sector"], every["participant_group"], strict=True):
        columns.setdefault(fid, set()).add(column_of(sector, group))
    out = []
    for r in every.drop_duplicates("finding_id").itertuples(index=False):
        ordered = [c for c in MATRIX_COLUMNS if c in columns[r.finding_id]]
        out.append(
            MappingProxyType(
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
        )
    return tuple(out)
