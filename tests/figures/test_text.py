"""Number formatting shared by charts, tables, descriptions and downloads."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures import text


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.6, "score_0_1", "0.60"),
        (0.55, "score_0_1", "0.55"),
        (0.587, "score_0_1", "0.59"),
        (13.4, "percent", "13.4%"),
        (41.0, "percent", "41%"),
        (0.5, "percent", "0.5%"),
        (14500, "count", "14,500"),
        (30000.0, "count", "30,000"),
        (1234567, "count", "1,234,567"),
        (7.25, "hours", "7.25 hours"),
        (1.5, "ratio", "1.5 ratio"),
    ],
)
def test_published_value(value, unit, expected):
    assert text.published_value(value, unit) == expected


def test_published_value_never_rounds_a_published_percentage():
    # 12.345 was published with three decimals; it must not become 12.3% or 12%
    assert text.published_value(12.345, "percent") == "12.345%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, "50%"), (0.0, "0%"), (1.0, "100%"), (0.004, "0%"), (0.996, "100%"), (0.237, "24%"), (0.61, "61%")],
)
def test_pct(value, expected):
    assert text.pct(value) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan])
def test_pct_missing_is_blank(missing):
    assert text.pct(missing) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1500, "1,500"), (12, "12"), (0, "0"), (None, ""), (float("nan"), ""), (pd.NA, "")],
)
def test_count(value, expected):
    assert text.count(value) == expected


def test_count_of_int64_series_values():
    s = pd.array([1234, pd.NA], dtype="Int64")
    assert text.count(s[0]) == "1,234"
    assert text.count(s[1]) == ""


def test_estimate_text():
    ok = {"status": "ok", "estimate": 0.42, "ci_low": 0.38, "ci_high": 0.46}
    assert text.estimate_text(ok) == "42% (38% to 46%)"
    assert text.estimate_text({"status": "suppressed", "estimate": float("nan")}) == "[c]"
    assert text.estimate_text({"status": "no_data", "estimate": float("nan")}) == "[x]"


@pytest.mark.parametrize(
    ("value", "unit", "evidence", "expected"),
    [
        (34.0, "percent", "34.0% of respondents said", "34.0%"),
        (73.0, "percent", "rose to 73.0 per cent", "73.0%"),
        (37.0, "percent", "just over a third of respondents (37%)", "37%"),
        (0.6, "score_0_1", "a mean score of 0.60", "0.60"),
        (1234.0, "count", "1,234 bodies", "1,234"),
        (7.5, "hours", "about 7.5 hours", "7.5 hours"),
        (34.0, "percent", "no number here", "34%"),
    ],
)
def test_a_published_value_keeps_the_decimals_its_snippet_prints(value, unit, evidence, expected):
    assert text.published_value(value, unit, evidence) == expected
