"""CSV and zip downloads: exactly what the view shows, safe to open in Excel.

Formula injection: spreadsheet programs run a cell that starts with =, +, -, @,
tab or a line break as a formula, and some skip leading spaces or read full-width
look-alikes (＝ ＋ － ＠) as the real thing. Text cells that start so (`is_dangerous`)
get a leading apostrophe; numbers (negative ones included) are never touched,
because they are written as numbers, not text. Any other value (a date, a
duration, a list) is judged by the text the CSV writer will write for it, so a
negative duration ("-1 days +23:00:00") is neutralised like the string it becomes.
The module runs a little past 250 lines because the sanitiser, the column key and the
zip's metadata and README describe one file a user downloads.
"""

from __future__ import annotations

import io
import json
import math
import unicodedata
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from numbers import Number

import pandas as pd

import dashboard

#: Characters that make a spreadsheet read a text cell as a formula when they come first.
FORMULA_CHARACTERS = frozenset("=+-@")
#: Look-alikes that NFKC normalisation does not fold into FORMULA_CHARACTERS (the minus sign).
FORMULA_LOOKALIKES = frozenset("\u2212")
#: A cell that starts with one of these is dangerous whatever follows: a tab or a line break
#: (every character `str.splitlines` breaks at) moves the spreadsheet's parser to a fresh start.
BREAKS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
#: The plain ASCII prefixes, for callers that want a quick test; `is_dangerous` is the full rule.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

SHORTHAND_KEY = {
    "[c]": "withheld to protect confidentiality (too few responses to show safely, too few with or without the "
    "answer, or a view that would let a small group be worked out by comparing views; which one is not said)",
    "[x]": "not available: no responses for this group",
    "[z]": "not applicable",
    "[u]": "low reliability: the estimate is shown but rests on a small effective sample (see quality_flag)",
}


#: What each column of a survey card's CSV holds, for the zip's README and metadata.
SURVEY_COLUMNS = {
    "sector": "sector id (police_and_fire is one group in the organisation survey, as in PSMPS)",
    "sector_label": "sector name as shown",
    "measure": "measure id (a survey flag or share column)",
    "measure_label": "measure name as shown",
    "unit": "unit of estimate and CI columns",
    "estimate": "weighted estimate, rounded to 0.1, with noise from the cell key method added to its weighted "
    "sum (the interval is widened by it); shorthand when withheld",
    "ci_lower_95": "lower end of the 95% confidence interval (Wilson or normal, with Kish's effective n)",
    "ci_upper_95": "upper end of the 95% confidence interval",
    "base_unweighted_n": "respondents behind the estimate, perturbed by the cell key method (within 5 of the true "
    "count, never under the threshold, the same every time for the same respondents); [c] when withheld",
    "suppression_status": "ok, suppressed or no_data",
    "quality_flag": "[u] when the estimate rests on a small effective sample; otherwise empty",
    "data_status": "synthetic for invented data; survey for a real extract",
    "source_id": "the source row in the data dictionary and metadata.json",
}


#: What each column of the evidence panel's CSV (findings.csv) holds: findings first, then quotes.
FINDINGS_COLUMNS = {
    "kind": "finding or quote (findings first, then quotes)",
    "id": "finding id (F...) or quote id (Q...)",
    "codes": "code id, or a quote's code ids separated by |",
    "code_labels": "code names as shown",
    "attributed_to": "a finding: the groups the article attributes it to; a quote: its attribution as published",
    "text": "a finding: its paraphrase in the coders' words; a quote: its verbatim text",
    "evidence": "a finding: the article's verbatim words it rests on (empty for a quote)",
    "section": "the article's section and sub-heading",
    "link": "the article's section; browsers that support text fragments scroll to the words themselves",
    "source_id": "the source row in the data dictionary and metadata.json",
    "data_status": "qualitative research",
}
#: The columns the findings matrix's CSV (matrix.csv) adds to its ids, so it carries what findings say.
MATRIX_FINDING_COLUMNS = {
    "finding_text": "each finding's paraphrase in the cell, as 'F39: ...', separated by ' | '",
    "finding_evidence": "each finding's verbatim words from the article, as 'F39: ...', separated by ' | '",
}


def _blank(ch: str) -> bool:
    """Whitespace (space, no-break space and every other Unicode space) or an invisible format
    character (zero-width space, byte-order mark): a reader does not see it, and a spreadsheet
    may skip it before it looks for a formula."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could run this text cell as a formula.

    It could if the cell starts with a tab or a line break, or if its first visible character,
    after any leading whitespace and invisible characters, is a formula character or looks like
    one: NFKC normalisation folds the full-width and small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫) and the
    superscript and subscript signs into the ASCII ones.
    """
    if not text:
        return False
    if text[0] in BREAKS:
        return True
    first = next((ch for ch in text if not _blank(ch)), "")
    return first in FORMULA_LOOKALIKES or unicodedata.normalize("NFKC", first)[:1] in FORMULA_CHARACTERS


def neutralise(value):
    """Prefix a dangerous text cell with an apostrophe; leave every other value as it is."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def _safe_cell(value):
    """Numbers and missing values as they are; anything else by the text it will be written as."""
    if value is None or isinstance(value, Number):
        return value
    if isinstance(value, str):
        return neutralise(value)
    text = str(value)
    return "'" + text if is_dangerous(text) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text cells only; numeric columns pass through untouched."""
    out = frame.copy()
    for i in range(out.shape[1]):  # by position, so duplicate column names work too
        series = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            continue
        if isinstance(series.dtype, pd.CategoricalDtype):
            safe = series.map(_safe_cell)
        else:
            # Built as object, not with Series.map, which re-infers the dtype and would turn the
            # numbers of an object column such as [1, None] or [0, 0.5] into floats (1 -> "1.0").
            safe = pd.Series([_safe_cell(v) for v in series], index=series.index, dtype=object)
        out.isetitem(i, safe)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so Excel reads non-ASCII text (curly quotes, £) correctly."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def file_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H%MZ")


def metadata(
    *,
    view: str,
    filters: Mapping[str, object],
    permalink: str,
    sources: list[Mapping[str, object]],
    tables: Mapping[str, int],
    threshold: int,
    min_participants: int,
    low_neff: float,
    caveats: list[str],
    now: datetime | None = None,
) -> dict:
    return {
        "title": "Public sector management, admin burden and AI: sector comparison export",
        "view": view,
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "app_version": dashboard.__version__,
        "permalink": permalink,
        "filters": filters,
        "files": tables,
        "sources": sources,
        "disclosure_control": {
            "rule": f"Survey cells with an unweighted base under {threshold}, and shares where fewer than "
            f"{threshold} respondents have or lack the answer, are withheld as [c] with their base.",
            "secondary_rule": "Per sector, regions (or sizes) with fewer than the threshold are pooled with others "
            "into a block of at least the threshold; a view that takes part of a block but not all of it withholds "
            "that sector, so no small group can be worked out by comparing views. Region and size are never "
            "combined in one view. Every withheld cell is shown the same way, [c], whatever the rule.",
            "perturbation_rule": "Shown bases and estimates are perturbed by the cell key method (ONS): each "
            "respondent keeps a record key from release to release; a cell's key fixes its noise, so the same "
            "respondents always give the same shown numbers and differences between views or releases are not exact.",
            "reliability_rule": f"Estimates with an effective sample size under {low_neff:g} are shown but flagged "
            "[u] (quality_flag).",
            "low_reliability_effective_n": low_neff,
            "qualitative_rule": f"A quote is shown only if its own group (sector, method, participant group) has at "
            f"least {min_participants} participants; selections covering fewer than {min_participants} participants, "
            f"and matrix columns with fewer than {min_participants} people behind them, are withheld.",
            "threshold": threshold,
            "shorthand": SHORTHAND_KEY,
        },
        "caveats": caveats,
        "survey_columns": SURVEY_COLUMNS,
    }


def readme_text(meta: Mapping) -> str:
    lines = [
        meta["title"],
        "",
        f"Generated: {meta['generated_at']} (app version {meta['app_version']})",
        f"Reopen this view: {meta['permalink']}",
        "",
        "Files:",
        *[f"  {name}.csv: {rows} rows" for name, rows in meta["files"].items()],
        "",
        "Shorthand in value cells (Analysis Function standard):",
        *[f"  {k} {v}" for k, v in SHORTHAND_KEY.items()],
        "",
        "Columns of the survey CSVs (admin, ai, barriers):",
        *[f"  {k}: {v}" for k, v in SURVEY_COLUMNS.items()],
        "",
        "Columns of findings.csv (the findings and quotes behind the current selection):",
        *[f"  {k}: {v}" for k, v in FINDINGS_COLUMNS.items()],
        "What matrix.csv says about each cell's findings:",
        *[f"  {k}: {v}" for k, v in MATRIX_FINDING_COLUMNS.items()],
        "",
        "Disclosure control:",
        *[
            f"  - {meta['disclosure_control'][k]}"
            for k in ("rule", "secondary_rule", "perturbation_rule", "reliability_rule", "qualitative_rule")
            if k in meta["disclosure_control"]
        ],
        "",
        "Caveats:",
        *[f"  - {c}" for c in meta["caveats"]],
        "",
        "Sources:",
        *[
            f"  - {s['title']} ({s['publisher']}), {s['status']}, {s['release_date']}: {s['url']}"
            for s in meta["sources"]
        ],
        "",
        "Rows marked data_status=synthetic come from invented data and must not be quoted as evidence.",
    ]
    return "\n".join(lines) + "\n"


def _json_safe(value):
    """Strict JSON: NaN, infinity and pandas' missing markers become null (json.dumps would write NaN)."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def metadata_json(meta: Mapping) -> str:
    return json.dumps(_json_safe(meta), indent=2, default=str, allow_nan=False, ensure_ascii=False)


def zip_bytes(frames: Mapping[str, pd.DataFrame], meta: Mapping) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
        archive.writestr("metadata.json", metadata_json(meta))
        archive.writestr("README.txt", readme_text(meta))
    return buffer.getvalue()
