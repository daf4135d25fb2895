"""Disclosure control, property-tested on random survey frames; and the worked example in docs/methods.md.

For any frame, threshold and measure:
- a suppressed cell shows no estimate, interval, weighted base, effective n or unweighted base;
- a cell that is shown carries the true unweighted count of its sector;
- nothing shown depends on the suppressed sectors' data (change it and the shown numbers stay the same);
- the "base N" the product prints (survey.shown_base) is the sum of the shown sectors' bases only, so no
  printed total minus the shown bases can reveal a suppressed base.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis import disclosure, estimates, survey
from dashboard.analysis.estimates import (
    STATUS_NO_DATA,
    STATUS_OK,
    STATUS_SUPPRESSED,
    weighted_means,
    weighted_shares,
)
from dashboard.data import vocab
from dashboard.views import survey as survey_views

SECTORS = list(vocab.ORG_SURVEY_SECTORS)
FLAGS = ["ai_use", "automation_use"]
VALUES = ["share_a", "share_b"]
HIDDEN = ("estimate", "ci_low", "ci_high", "weighted_base", "effective_n")
METHODS_DOC = Path(__file__).resolve().parents[2] / "docs" / "methods.md"


@st.composite
def survey_frames(draw) -> pd.DataFrame:
    """Random respondents: sector (ordered categorical of the five survey groups), weight > 0, flags, shares.

    Hypothesis draws the shape (respondents per sector, 0 to 40, so every threshold from 2 to 30 meets
    sectors above and below it; how unequal the weights are; how common each flag is) and a seed; the
    seed fills in the values, rows shuffled so sectors interleave.
    """
    counts = draw(st.lists(st.integers(min_value=0, max_value=40), min_size=len(SECTORS), max_size=len(SECTORS)))
    spread = draw(st.sampled_from([0.0, 0.3, 1.0, 3.0]))
    rates = draw(st.lists(st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]), min_size=len(FLAGS), max_size=len(FLAGS)))
    rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**32 - 1)))
    codes = rng.permutation(np.repeat(np.arange(len(SECTORS)), counts))
    n = len(codes)
    return pd.DataFrame(
        {
            "sector": pd.Categorical.from_codes(codes, categories=SECTORS, ordered=True),
            "design_weight": rng.lognormal(0.0, spread, n) if spread else np.full(n, 1.5),
            **{flag: rng.random(n) < rate for flag, rate in zip(FLAGS, rates, strict=True)},
            **{value: np.clip(rng.uniform(-0.2, 1.2, n), 0.0, 1.0) for value in VALUES},
        }
    )


thresholds = st.integers(min_value=2, max_value=30)
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tables(frame: pd.DataFrame, threshold: int) -> list[pd.DataFrame]:
    return [
        weighted_shares(frame, "sector", FLAGS, "design_weight", threshold=threshold),
        weighted_means(frame, "sector", VALUES, "design_weight", threshold=threshold),
    ]


def _true_counts(frame: pd.DataFrame) -> dict[str, int]:
    return frame["sector"].value_counts().reindex(SECTORS, fill_value=0).to_dict()


def _scramble(frame: pd.DataFrame, sectors: set[str], seed: int) -> pd.DataFrame:
    """Replace every value of the given sectors' respondents with something else (their number kept)."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    rows = out["sector"].isin(sectors).to_numpy()
    k = int(rows.sum())
    out.loc[rows, "design_weight"] = rng.uniform(0.5, 500, k)
    for flag in FLAGS:
        out.loc[rows, flag] = ~out.loc[rows, flag]
    for value in VALUES:
        out.loc[rows, value] = rng.uniform(0, 1, k)
    return out


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(survey_frames(), thresholds)
def test_each_cell_is_shown_with_its_true_base_or_wholly_withheld(frame, threshold):
    counts = _true_counts(frame)
    for table in _tables(frame, threshold):
        assert set(table["sector"].astype(str)) == set(SECTORS)
        for r in table.itertuples():
            n = counts[str(r.sector)]
            if n == 0:
                # No respondents: [x]; a base of 0 discloses nothing.
                assert r.status == STATUS_NO_DATA and r.base_n == 0
            elif n < threshold:
                assert r.status == STATUS_SUPPRESSED and pd.isna(r.base_n), (r.sector, n, threshold)
            else:
                assert r.status == STATUS_OK and r.base_n == n, (r.sector, n, threshold)
                eps = 1e-12
                assert 0.0 <= r.ci_low <= r.estimate + eps and r.estimate - eps <= r.ci_high <= 1.0
                assert 1.0 - 1e-9 <= r.effective_n <= n + 1e-9
            if r.status != STATUS_OK:
                assert all(pd.isna(getattr(r, c)) for c in HIDDEN), (r.sector, r.measure)
        # Every measure of a sector is shown or withheld together, or one measure's base would give
        # away another's.
        assert (table.groupby("sector", observed=True)["status"].nunique() == 1).all()


@PROPERTY
@given(survey_frames(), thresholds, st.integers(min_value=0, max_value=2**32 - 1))
def test_nothing_shown_depends_on_a_suppressed_sectors_data(frame, threshold, seed):
    counts = _true_counts(frame)
    hidden = {s for s, n in counts.items() if 0 < n < threshold}
    scrambled = _scramble(frame, hidden, seed)
    for before, after in zip(_tables(frame, threshold), _tables(scrambled, threshold), strict=True):
        pd.testing.assert_frame_equal(before, after)


@PROPERTY
@given(survey_frames(), thresholds)
def test_shown_base_is_the_sum_of_the_shown_sectors_only(frame, threshold):
    counts = _true_counts(frame)
    shown = sum(n for n in counts.values() if n >= threshold)
    suppressed = sum(n for n in counts.values() if 0 < n < threshold)
    for table in _tables(frame, threshold):
        base = survey.shown_base(table)
        assert base == shown
        ok_bases = table.loc[table["status"] == STATUS_OK].groupby("sector", observed=True)["base_n"].first()
        assert base == int(ok_bases.sum())
        # The printed base never includes a withheld one, so base minus the shown bases is always 0 ...
        assert base - int(ok_bases.sum()) == 0
        # ... and the printed base is the full sample only when nothing is withheld.
        assert (base == len(frame)) == (suppressed == 0)


@PROPERTY
@given(
    survey_frames(),
    thresholds,
    st.lists(st.sampled_from(vocab.SECTORS), unique=True),
)
def test_the_products_tables_and_exports_withhold_the_same_cells(frame, threshold, chosen):
    """Through survey.ai_use_by_sector and the CSV export rows, for any sector selection."""
    counts = _true_counts(frame)
    groups = survey.org_sectors(chosen)
    table = survey.ai_use_by_sector(frame, chosen, threshold, min_answer=0)
    assert list(dict.fromkeys(table["sector"])) == groups
    assert survey.shown_base(table) == sum(counts[g] for g in groups if counts[g] >= threshold)

    source = {"source_id": "synthetic_org_survey"}
    exported = survey_views.estimate_export(table, survey_views.AI_MEASURES, source, True, "percent of organisations")
    for row, status in zip(exported.to_dict("records"), table["status"], strict=True):
        numbers = [row[c] for c in ("estimate", "ci_lower_95", "ci_upper_95", "base_unweighted_n")]
        if status == STATUS_SUPPRESSED:
            assert numbers == ["[c]"] * 4
        elif status == STATUS_NO_DATA:
            assert numbers == ["[x]"] * 4
        else:
            assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers)
            assert row["base_unweighted_n"] == counts[row["sector"]]


# --------------------------------------------- differencing two views (see also test_disclosure.py)


def test_a_suppressed_base_cannot_be_recovered_by_differencing_two_filtered_views():
    threshold = 10
    sizes = list(vocab.SIZE_BANDS)
    # Health: 20 organisations in each of the first three size bands, 4 in the largest.
    n_by_size = {sizes[0]: 20, sizes[1]: 20, sizes[2]: 20, sizes[3]: 4}
    band = [s for s, n in n_by_size.items() for _ in range(n)]
    org = pd.DataFrame(
        {
            "sector": pd.Categorical(["health"] * len(band), categories=SECTORS, ordered=True),
            "size_band": band,
            "region": "London",
            "design_weight": 1.0,
            "ai_use": True,
            "automation_use": False,
        }
    )

    protection = disclosure.plan(org, "sector", ["region", "size_band"], threshold)

    def printed_base(size_bands) -> int:
        split = protection.split_sectors({"size_band": size_bands})
        table = survey.ai_use_by_sector(org, ["health"], threshold, size_bands=size_bands, split=split, min_answer=0)
        return survey.shown_base(table)

    assert printed_base([]) == 64
    assert printed_base([sizes[3]]) == 0  # the small band on its own is suppressed ...
    assert printed_base(sizes[:3]) == 0  # ... and so is the view that would give it away by subtraction
    assert printed_base(sizes[1:3]) == 40  # views that keep the pooled block whole are shown
    assert printed_base([sizes[0], sizes[3]]) == 24
    recovered = printed_base([]) - printed_base(sizes[:3])
    assert recovered != n_by_size[sizes[3]]


# --------------------------------------------------------------------------- docs/methods.md worked example


def _doc_number(label: str) -> str:
    """The number written in docs/methods.md as `<label> = ... = <number>` at the end of a line."""
    text = METHODS_DOC.read_text(encoding="utf-8")
    found = re.findall(rf"^\s*{re.escape(label)}\s*=.*=\s*(-?[0-9]+\.[0-9]+)\s*$", text, flags=re.MULTILINE)
    assert len(found) == 1, f"docs/methods.md should have one line '{label} = ... = <number with decimals>'"
    return found[0]


def _doc_inputs(label: str) -> list[float]:
    text = METHODS_DOC.read_text(encoding="utf-8")
    found = re.search(rf"^\s*{re.escape(label)}\s*=\s*([0-9., ]+)$", text, flags=re.MULTILINE)
    assert found, f"docs/methods.md has no input line '{label} = a, b, ...'"
    return [float(v) for v in found.group(1).split(",")]


def test_worked_example_in_methods_doc_matches_the_code():
    weights = _doc_inputs("weights w")
    flags = _doc_inputs("flags y")
    values = _doc_inputs("values v")
    assert weights == [1, 2, 3, 4] and flags == [1, 0, 1, 1]
    frame = pd.DataFrame(
        {
            "sector": pd.Categorical(["health"] * 4, categories=SECTORS, ordered=True),
            "w": weights,
            "y": flags,
            "v": values,
        }
    )
    share = weighted_shares(frame, "sector", ["y"], "w", threshold=1).iloc[2]
    mean = weighted_means(frame, "sector", ["v"], "w", threshold=1).iloc[2]
    assert share["sector"] == "health" and mean["sector"] == "health"
    expected = {
        "p": share["estimate"],
        "n_eff": share["effective_n"],
        "Wilson lower": share["ci_low"],
        "Wilson upper": share["ci_high"],
        "mean": mean["estimate"],
        "mean lower": mean["ci_low"],
        "mean upper": mean["ci_high"],
        "z": estimates.Z95,
    }
    for label, computed in expected.items():
        written = _doc_number(label)
        places = len(written.split(".")[1])
        assert places >= 4, f"{label}: write at least 4 decimals"
        assert f"{float(computed):.{places}f}" == written, (label, float(computed))

    # The same example is suppressed at the default threshold: its base of 4 is under 10.
    default = weighted_shares(frame, "sector", ["y"], "w").iloc[2]
    assert default["status"] == STATUS_SUPPRESSED and pd.isna(default["base_n"])
    assert f"threshold (default {estimates.DEFAULT_SUPPRESSION_THRESHOLD})" in METHODS_DOC.read_text()
