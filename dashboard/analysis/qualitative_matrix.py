"""The sector x code matrix of the coded findings: presence, not prevalence.

The matrix says, for each code and matrix column (`qualitative.MATRIX_COLUMNS`), whether
findings or quotes raise it, and which ones; nothing here counts how many columns raised a
code or ranks codes, because the article's findings cannot be quantified. The quote rule is
applied inside `matrix`, so no caller can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.analysis.qualitative import COLUMN_LABELS, columns_of, showable_quotes, withheld_columns
from dashboard.analysis.qualitative_filters import chosen_codes
from dashboard.analysis.qualitative_search import finding_matches, quote_matches, search_pattern

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
    withheld = set(withheld_columns(participants, min_participants))
    columns = [c for c in columns if c not in withheld]
    quotes = showable_quotes(quotes, participants, min_participants)
    book = codebook.set_index("code")
    labels = book["label"].to_dict()
    chosen = chosen_codes(codebook, codes, themes)
    f = findings[findings["code"].isin(chosen)]
    pattern = search_pattern(search)
    if pattern is not None:
        f = f[finding_matches(f, labels, pattern)]
        quotes = quotes[quote_matches(quotes, labels, pattern)]
    f = f.assign(column=columns_of(f))
    q = quotes.explode("codes").rename(columns={"codes": "code"})
    q = q[q["code"].isin(chosen)]
    q = q.assign(column=columns_of(q))

    # Plain dicts from here on: per-cell pandas lookups cost more than the whole matrix.
    finding_ids = {k: sorted(set(v)) for k, v in f.groupby(["code", "column"])["finding_id"]}
    quote_ids = {k: sorted(set(v)) for k, v in q.groupby(["code", "column"])["quote_id"]}
    themes_of = book["theme"].to_dict()
    rows = []
    for code in chosen:
        for column in columns:
            fids = finding_ids.get((code, column), [])
            qids = quote_ids.get((code, column), [])
            rows.append(
                {
                    "code": code,
                    "code_label": labels[code],
                    "theme": themes_of[code],
                    "column": column,
                    "column_label": COLUMN_LABELS[column],
                    "findings": len(fids),
                    "quotes": len(qids),
                    "finding_ids": " ".join(fids),
                    "quote_ids": " ".join(qids),
                }
            )
    return pd.DataFrame(rows, columns=MATRIX_FIELDS)
