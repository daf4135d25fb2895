"""Weighted shares and means, Kish's effective n, the Wilson interval and suppression.

Expected values are worked out by hand in the comments (and to 40 digits with
Python's decimal module for the interval bounds), never by calling the code
under test, so a wrong formula fails here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis import estimates
from dashboard.analysis.estimates import (
    SHORTHAND,
    STATUS_NO_DATA,
    STATUS_OK,
    STATUS_SUPPRESSED,
    Z95,
    effective_n,
    suppress,
    weighted_means,
    weighted_shares,
    wilson_interval,
)

CATS = ["a", "b", "c"]
HIDDEN = ("estimate", "ci_low", "ci_high", "weighted_base", "effective_n")


def _frame(groups, weights, **columns) -> pd.DataFrame:
    data = {"grp": pd.Categorical(groups, categories=CATS, ordered=True), "w": weights, **columns}
    return pd.DataFrame(data)


def _row(table: pd.DataFrame, grp: str, measure: str) -> pd.Series:
    hit = table[(table["grp"] == grp) & (table["measure"] == measure)]
    assert len(hit) == 1, f"expected one row for {grp}/{measure}, got {len(hit)}"
    return hit.iloc[0]


# --------------------------------------------------------------------------- constants


def test_z_is_the_two_sided_95_percent_normal_quantile():
    # Phi(z) = 0.975  <=>  erf(z / sqrt 2) = 0.95
    assert math.erf(Z95 / math.sqrt(2)) == pytest.approx(0.95, abs=1e-15)
    assert Z95 == 1.959963984540054


def test_shorthand_is_the_analysis_function_convention():
    assert SHORTHAND == {STATUS_SUPPRESSED: "[c]", STATUS_NO_DATA: "[x]"}


# --------------------------------------------------------------------------- Kish n_eff


def test_effective_n_by_hand():
    # weights 1,2,3,4: (sum w)^2 / sum w^2 = 10^2 / (1+4+9+16) = 100/30
    # equal weights 2.5 x 100: 250^2 / (100 * 6.25) = 62500/625 = 100 (= n)
    # no rows: 0 (not NaN, not a division warning)
    got = effective_n(np.array([10.0, 250.0, 0.0]), np.array([30.0, 625.0, 0.0]))
    assert got == pytest.approx([100 / 30, 100.0, 0.0], abs=1e-12)


# --------------------------------------------------------------------------- Wilson


def test_wilson_textbook_case_p_half_n_100():
    # Wilson (1927) / Newcombe (1998): p = 50/100 gives 0.4038 to 0.5962.
    low, high = wilson_interval(np.array([0.5]), np.array([100.0]))
    assert low[0] == pytest.approx(0.4038315303659956, abs=1e-12)
    assert high[0] == pytest.approx(0.5961684696340044, abs=1e-12)
    assert round(float(low[0]), 4) == 0.4038
    assert round(float(high[0]), 4) == 0.5962


def test_wilson_textbook_case_zero_successes():
    # Newcombe (1998) example: 0/10 -> 0 to 0.2775 (Wilson, no continuity correction)
    low, high = wilson_interval(np.array([0.0]), np.array([10.0]))
    assert low[0] == pytest.approx(0.0, abs=1e-15)
    assert high[0] == pytest.approx(0.2775327998628892, abs=1e-9)


def test_wilson_accepts_fractional_n_and_stays_in_unit_interval():
    p = np.array([0.0, 0.01, 0.5, 0.99, 1.0])
    low, high = wilson_interval(p, np.full(5, 2.7))
    assert np.all(low >= 0) and np.all(high <= 1)
    assert np.all(low <= p + 1e-12) and np.all(p <= high + 1e-12)
    # symmetric about 0.5: low(p) == 1 - high(1 - p)
    assert low == pytest.approx(1 - high[::-1], abs=1e-12)


# --------------------------------------------------------------------------- weighted shares


def test_weighted_share_by_hand():
    # One group, weights w = 1,2,3,4, flag y = 1,0,1,1.
    #   sum w     = 10
    #   sum w*y   = 1 + 3 + 4 = 8        -> p = 8/10 = 0.8
    #   sum w^2   = 1 + 4 + 9 + 16 = 30  -> n_eff = 10^2 / 30 = 10/3
    # Wilson with n = 10/3, z = 1.959963984540054, z^2 = 3.841458820694124:
    #   denom  = 1 + z^2/n           = 1 + 1.152437646... = 2.152437646...
    #   centre = (p + z^2/(2n)) / denom = (0.8 + 0.576218823...) / 2.152437646... = 0.639376859...
    #   half   = z * sqrt(p(1-p)/n + z^2/(4n^2)) / denom
    #          = 1.959963985 * sqrt(0.048 + 0.086432823...) / 2.152437646... = 0.333864445...
    #   low = centre - half = 0.30551241429550337, high = centre + half = 0.97324130526379159
    frame = _frame(["a"] * 4, [1.0, 2.0, 3.0, 4.0], flag=[1, 0, 1, 1])
    table = weighted_shares(frame, "grp", ["flag"], "w", threshold=1)
    r = _row(table, "a", "flag")
    assert r["status"] == STATUS_OK
    assert r["base_n"] == 4
    assert r["weighted_base"] == pytest.approx(10.0, abs=1e-9)
    assert r["estimate"] == pytest.approx(0.8, abs=1e-9)
    assert r["effective_n"] == pytest.approx(100 / 30, abs=1e-9)
    assert r["ci_low"] == pytest.approx(0.3055124142955034, abs=1e-9)
    assert r["ci_high"] == pytest.approx(0.9732413052637916, abs=1e-9)


def test_weighted_share_is_not_the_unweighted_share():
    # Unweighted 3/4 = 0.75; weighted 8/10 = 0.8. With boolean flags as the loader gives them.
    frame = _frame(["a"] * 4, [1.0, 2.0, 3.0, 4.0], flag=[True, False, True, True])
    r = _row(weighted_shares(frame, "grp", ["flag"], "w", threshold=1), "a", "flag")
    assert r["estimate"] == pytest.approx(0.8, abs=1e-12)
    assert r["estimate"] != pytest.approx(0.75)


def test_equal_weights_reduce_to_the_textbook_wilson_interval():
    # 100 rows, weight 2.5 each, 50 flagged: p = 0.5, n_eff = 250^2 / (100 * 6.25) = 100.
    frame = _frame(["b"] * 100, [2.5] * 100, flag=[1, 0] * 50)
    r = _row(weighted_shares(frame, "grp", ["flag"], "w"), "b", "flag")
    assert r["status"] == STATUS_OK
    assert r["base_n"] == 100
    assert r["weighted_base"] == pytest.approx(250.0)
    assert r["effective_n"] == pytest.approx(100.0, abs=1e-9)
    assert r["estimate"] == pytest.approx(0.5, abs=1e-12)
    assert r["ci_low"] == pytest.approx(0.4038315303659956, abs=1e-9)
    assert r["ci_high"] == pytest.approx(0.5961684696340044, abs=1e-9)


def test_shares_one_row_per_category_and_flag_in_category_order():
    # a: 12 rows of weight 1, 3 flagged -> 0.25; b: none; c: 10 rows of weight 2, all flagged -> 1.0
    frame = _frame(
        ["c"] * 10 + ["a"] * 12,
        [2.0] * 10 + [1.0] * 12,
        f1=[1] * 10 + [1, 1, 1] + [0] * 9,
        f2=[0] * 22,
    )
    table = weighted_shares(frame, "grp", ["f1", "f2"], "w")
    assert list(table["grp"]) == CATS * 2
    assert list(table["measure"]) == ["f1"] * 3 + ["f2"] * 3
    assert _row(table, "a", "f1")["estimate"] == pytest.approx(0.25)
    assert _row(table, "c", "f1")["estimate"] == pytest.approx(1.0)
    assert _row(table, "c", "f1")["ci_high"] == pytest.approx(1.0)
    assert _row(table, "a", "f2")["estimate"] == pytest.approx(0.0)
    assert _row(table, "a", "f2")["ci_low"] == pytest.approx(0.0, abs=1e-15)
    # the empty category is still there, marked not available
    b = _row(table, "b", "f1")
    assert b["status"] == STATUS_NO_DATA
    assert b["base_n"] == 0
    assert all(pd.isna(b[c]) for c in HIDDEN)


def test_rows_with_missing_category_are_left_out():
    # A NaN category (code -1) must not land in any group.
    frame = _frame(["a"] * 10 + [None] * 5, [1.0] * 15, flag=[0] * 10 + [1] * 5)
    table = weighted_shares(frame, "grp", ["flag"], "w")
    a = _row(table, "a", "flag")
    assert a["base_n"] == 10
    assert a["estimate"] == pytest.approx(0.0)
    assert int(table["base_n"].fillna(0).sum()) == 10


# --------------------------------------------------------------------------- weighted means


def test_weighted_mean_by_hand():
    # weights w = 1,2,3,4 and shares y = 0.5, 0.25, 0, 1
    #   sum w = 10; sum w*y = 0.5 + 0.5 + 0 + 4 = 5          -> mean = 0.5
    #   sum w*y^2 = 0.25 + 0.125 + 0 + 4 = 4.375              -> E_w[y^2] = 0.4375
    #   weighted variance = 0.4375 - 0.5^2 = 0.1875
    #   n_eff = 100/30 = 10/3
    #   se = sqrt(0.1875 / (10/3)) = sqrt(0.05625) = 0.23717082451262845
    #   CI = 0.5 -/+ 1.959963984540054 * 0.23717082451262845
    #      = 0.5 -/+ 0.46484627422842117 = (0.035153725771578833, 0.96484627422842117)
    frame = _frame(["a"] * 4, [1.0, 2.0, 3.0, 4.0], y=[0.5, 0.25, 0.0, 1.0])
    table = weighted_means(frame, "grp", ["y"], "w", threshold=1)
    r = _row(table, "a", "y")
    assert r["status"] == STATUS_OK
    assert r["base_n"] == 4
    assert r["weighted_base"] == pytest.approx(10.0, abs=1e-9)
    assert r["effective_n"] == pytest.approx(10 / 3, abs=1e-9)
    assert r["estimate"] == pytest.approx(0.5, abs=1e-9)
    se = math.sqrt(0.05625)
    assert se == pytest.approx(0.23717082451262845, abs=1e-15)
    assert r["ci_low"] == pytest.approx(0.035153725771578833, abs=1e-9)
    assert r["ci_high"] == pytest.approx(0.9648462742284212, abs=1e-9)


def test_weighted_mean_interval_is_clipped_to_0_1():
    # weights 1,1,1,1 and y = 0, 0, 0, 0.4:
    #   mean = 0.1; E[y^2] = 0.16/4 = 0.04; var = 0.04 - 0.01 = 0.03; n_eff = 4
    #   se = sqrt(0.03/4) = 0.08660254; 1.96*se = 0.169736 -> raw low -0.0697 clipped to 0
    frame = _frame(["a"] * 4, [1.0] * 4, y=[0.0, 0.0, 0.0, 0.4])
    r = _row(weighted_means(frame, "grp", ["y"], "w", threshold=1), "a", "y")
    assert r["estimate"] == pytest.approx(0.1, abs=1e-12)
    assert r["ci_low"] == 0.0
    assert r["ci_high"] == pytest.approx(0.1 + Z95 * math.sqrt(0.03 / 4), abs=1e-9)


def test_weighted_mean_with_no_spread_has_a_zero_width_interval():
    frame = _frame(["a"] * 12, [float(i + 1) for i in range(12)], y=[0.3] * 12)
    r = _row(weighted_means(frame, "grp", ["y"], "w"), "a", "y")
    assert r["estimate"] == pytest.approx(0.3, abs=1e-12)
    assert r["ci_low"] == pytest.approx(0.3, abs=1e-7)
    assert r["ci_high"] == pytest.approx(0.3, abs=1e-7)
    assert not np.isnan(r["ci_low"])


# --------------------------------------------------------------------------- suppression


def test_suppressed_cells_show_no_numbers_at_all():
    # a: 3 rows (< 10) -> suppressed; b: 0 rows -> no data; c: 10 rows -> shown
    frame = _frame(["a"] * 3 + ["c"] * 10, [1.0] * 13, flag=[1] * 13)
    table = weighted_shares(frame, "grp", ["flag"], "w", threshold=10)
    a, b, c = (_row(table, g, "flag") for g in CATS)
    assert a["status"] == STATUS_SUPPRESSED
    assert all(pd.isna(a[col]) for col in HIDDEN)
    assert pd.isna(a["base_n"]), "a base of 3 beside a share is itself a disclosure"
    assert b["status"] == STATUS_NO_DATA
    assert b["base_n"] == 0
    assert all(pd.isna(b[col]) for col in HIDDEN)
    assert c["status"] == STATUS_OK
    assert c["base_n"] == 10
    assert c["estimate"] == pytest.approx(1.0)


def test_threshold_is_a_strict_lower_bound():
    frame = _frame(["a"] * 9 + ["c"] * 10, [1.0] * 19, y=[0.5] * 19)
    table = weighted_means(frame, "grp", ["y"], "w", threshold=10)
    assert _row(table, "a", "y")["status"] == STATUS_SUPPRESSED
    assert _row(table, "c", "y")["status"] == STATUS_OK
    table = weighted_means(frame, "grp", ["y"], "w", threshold=9)
    assert _row(table, "a", "y")["status"] == STATUS_OK
    assert _row(table, "a", "y")["base_n"] == 9


def test_default_threshold_is_ten():
    assert estimates.DEFAULT_SUPPRESSION_THRESHOLD == 10
    frame = _frame(["a"] * 9, [1.0] * 9, flag=[1] * 9)
    assert _row(weighted_shares(frame, "grp", ["flag"], "w"), "a", "flag")["status"] == STATUS_SUPPRESSED


# --------------------------------------------------------------------------- low reliability [u]


def test_low_reliability_is_flagged_below_30_effective_responses_and_the_number_kept():
    # a: 12 equal weights -> n_eff 12 (< 30, flagged); c: 30 equal weights -> n_eff 30 (not flagged).
    # b: 12 rows, weights 1 x 6 and 3 x 6 -> n_eff = 24^2 / (6 + 54) = 9.6, still shown (base 12 >= 10) but flagged.
    frame = _frame(["a"] * 12 + ["b"] * 12 + ["c"] * 30, [1.0] * 12 + [1.0] * 6 + [3.0] * 6 + [1.0] * 30, flag=[1] * 54)
    table = weighted_shares(frame, "grp", ["flag"], "w", threshold=10)
    a, b, c = (_row(table, g, "flag") for g in CATS)
    assert (a["low_reliability"], b["low_reliability"], c["low_reliability"]) == (True, True, False)
    assert b["effective_n"] == pytest.approx(9.6)
    assert a["estimate"] == pytest.approx(1.0) and a["status"] == STATUS_OK


def test_suppressed_and_empty_cells_are_never_flagged_low_reliability():
    frame = _frame(["a"] * 3, [1.0] * 3, y=[0.5] * 3)
    table = weighted_means(frame, "grp", ["y"], "w", threshold=10)
    assert not table["low_reliability"].any()
    assert list(table["status"]) == ["suppressed", "no_data", "no_data"]
    assert "suppression" not in table, "a withheld cell carries no reason"


def test_the_reliability_cut_off_is_a_parameter():
    frame = _frame(["a"] * 12, [1.0] * 12, flag=[1] * 12)
    assert not _row(weighted_shares(frame, "grp", ["flag"], "w", low_neff=12), "a", "flag")["low_reliability"]
    assert _row(weighted_shares(frame, "grp", ["flag"], "w", low_neff=12.5), "a", "flag")["low_reliability"]


def test_suppress_does_not_modify_its_input():
    table = pd.DataFrame(
        {
            "base_n": [0, 3, 50],
            "weighted_base": [0.0, 3.0, 50.0],
            "effective_n": [0.0, 3.0, 50.0],
            "estimate": [np.nan, 0.3, 0.5],
            "ci_low": [np.nan, 0.1, 0.4],
            "ci_high": [np.nan, 0.6, 0.6],
        }
    )
    before = table.copy()
    out = suppress(table, 10)
    pd.testing.assert_frame_equal(table, before)
    assert list(out["status"]) == [STATUS_NO_DATA, STATUS_SUPPRESSED, STATUS_OK]
    assert str(out["base_n"].dtype) == "Int64"
    assert out["base_n"].isna().tolist() == [False, True, False]


# --------------------------------------------------------------------------- properties


@st.composite
def survey_frames(draw):
    n = draw(st.integers(min_value=0, max_value=60))
    groups = draw(st.lists(st.sampled_from(CATS), min_size=n, max_size=n))
    weights = draw(
        st.lists(
            st.floats(min_value=0.01, max_value=500.0, allow_nan=False, allow_infinity=False), min_size=n, max_size=n
        )
    )
    flags = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    shares = draw(st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), min_size=n, max_size=n))
    frame = _frame(groups, weights, flag=flags, y=shares)
    frame["flag"] = frame["flag"].astype(bool)
    frame["y"] = frame["y"].astype(float)
    frame["w"] = frame["w"].astype(float)
    return frame


def _check_disclosure_and_ranges(table: pd.DataFrame, frame: pd.DataFrame, threshold: int) -> None:
    # Every category appears for every measure.
    assert sorted(table["grp"].astype(str).unique()) == sorted(CATS) or len(table) == 0
    counts = frame["grp"].value_counts()
    for r in table.itertuples():
        true_n = int(counts.get(r.grp, 0))
        if r.status == STATUS_SUPPRESSED:
            assert 0 < true_n < threshold
            for col in (*HIDDEN, "base_n"):
                assert pd.isna(getattr(r, col)), f"suppressed cell shows {col}={getattr(r, col)}"
        elif r.status == STATUS_NO_DATA:
            assert true_n == 0
            assert r.base_n == 0
            assert all(pd.isna(getattr(r, col)) for col in HIDDEN)
        else:
            assert r.status == STATUS_OK
            assert r.base_n == true_n >= threshold
            assert 0.0 <= r.ci_low <= 1.0 and 0.0 <= r.ci_high <= 1.0
            # Float rounding at p = 0 or 1 may put a bound an ulp the wrong side.
            assert r.ci_low <= r.estimate + 1e-12
            assert r.estimate <= r.ci_high + 1e-12
            assert 0.0 <= r.estimate <= 1.0 + 1e-12
            assert 0 < r.effective_n <= r.base_n + 1e-9


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=survey_frames(), threshold=st.integers(min_value=1, max_value=30))
def test_property_shares_never_disclose_small_cells(frame, threshold):
    table = weighted_shares(frame, "grp", ["flag"], "w", threshold=threshold)
    assert len(table) == len(CATS)
    _check_disclosure_and_ranges(table, frame, threshold)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=survey_frames(), threshold=st.integers(min_value=1, max_value=30))
def test_property_means_never_disclose_small_cells(frame, threshold):
    table = weighted_means(frame, "grp", ["y"], "w", threshold=threshold)
    assert len(table) == len(CATS)
    _check_disclosure_and_ranges(table, frame, threshold)


def test_a_share_is_withheld_when_too_few_have_or_lack_the_answer():
    # 30 respondents: 2 with the flag (too few with it) and 28 with the other flag (too few without).
    frame = _frame(["a"] * 30, [1.0] * 30, rare=[1] * 2 + [0] * 28, common=[1] * 28 + [0] * 2, even=[1, 0] * 15)
    table = weighted_shares(frame, "grp", ["rare", "common", "even"], "w", threshold=10, min_answer=10)
    assert [_row(table, "a", f)["status"] for f in ("rare", "common", "even")] == ["suppressed", "suppressed", "ok"]
    assert "count_with" not in table
    assert pd.isna(_row(table, "a", "rare")["estimate"]) and pd.isna(_row(table, "a", "rare")["base_n"])
    # The pure estimator applies no answer rule unless asked: 0% is a number there.
    plain = weighted_shares(_frame(["a"] * 30, [1.0] * 30, none=[0] * 30), "grp", ["none"], "w", threshold=10)
    assert _row(plain, "a", "none")["estimate"] == 0.0
