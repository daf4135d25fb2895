"""Titles call one sector higher than another only when their 95% intervals do not overlap."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import wording

LABELS = {"health": "Health", "education": "Education", "fire": "Fire"}


def table(rows, measure="ai_use"):
    """rows: (sector, estimate, ci_low, ci_high)."""
    return pd.DataFrame(
        [
            {
                "sector": s,
                "sector_label": LABELS[s],
                "measure": measure,
                "status": "ok",
                "estimate": e,
                "ci_low": lo,
                "ci_high": hi,
                "low_reliability": False,
            }
            for s, e, lo, hi in rows
        ]
    )


def test_overlapping_intervals_are_similar_never_ranked():
    # The example: 58% (53-64) beside 53% (46-59) is not "most likely".
    t = table([("health", 0.58, 0.53, 0.64), ("education", 0.53, 0.46, 0.59)])
    title = wording.ai_title(t, "ai_use")
    assert title == "Use of AI: similar across the 2 sectors shown (53% to 58%; the 95% intervals overlap)"


def test_separate_intervals_say_higher():
    t = table([("health", 0.70, 0.65, 0.75), ("education", 0.40, 0.35, 0.45)])
    assert wording.ai_title(t, "ai_use") == (
        "Use of AI: higher in Health (70%) than in Education (40%); the 95% intervals do not overlap"
    )


def test_highest_only_when_clear_of_every_other_sector():
    clear = table([("health", 0.8, 0.75, 0.85), ("education", 0.5, 0.45, 0.55), ("fire", 0.3, 0.25, 0.35)])
    assert "highest in Health (80%)" in wording.ai_title(clear, "ai_use")
    partly = table([("health", 0.8, 0.60, 0.90), ("education", 0.7, 0.62, 0.78), ("fire", 0.3, 0.25, 0.35)])
    title = wording.ai_title(partly, "ai_use")
    assert "highest" not in title
    assert title.startswith("Use of AI: higher in Health (80%) than in Fire (30%)")
    assert "2 of the 3 pairs of sectors differ beyond their 95% intervals" in title
    one_pair = table([("health", 0.8, 0.60, 0.90), ("education", 0.7, 0.55, 0.78), ("fire", 0.5, 0.40, 0.58)])
    assert wording.ai_title(one_pair, "ai_use").endswith("other differences are within the 95% intervals")


def test_touching_intervals_count_as_overlapping():
    t = table([("health", 0.6, 0.5, 0.7), ("education", 0.4, 0.3, 0.5)])
    assert "similar" in wording.ai_title(t, "ai_use")


def test_one_sector_is_described_not_ranked():
    t = table([("fire", 0.42, 0.3, 0.55)])
    assert wording.ai_title(t, "ai_use") == "Fire: use of AI 42% of organisations"


def test_no_shown_estimate_gives_no_title():
    t = table([("fire", 0.42, 0.3, 0.55)]).assign(status="suppressed")
    assert wording.ai_title(t, "ai_use") is None


def barrier_rows(rows):
    """rows: (sector, measure, estimate, ci_low, ci_high)."""
    return pd.concat([table([(s, e, lo, hi)], m) for s, m, e, lo, hi in rows], ignore_index=True)


BARRIER_LABELS = {"barrier_cost": "Cost and finite budgets", "barrier_skills": "Skills"}


def test_one_barrier_is_compared_across_sectors_not_called_most_reported():
    t = barrier_rows([("health", "barrier_cost", 0.5, 0.4, 0.6), ("fire", "barrier_cost", 0.45, 0.35, 0.55)])
    title = wording.barriers_title(t, BARRIER_LABELS)
    assert "most reported" not in title
    assert title.startswith("Cost and finite budgets reported as a barrier: similar across the 2 sectors")


@pytest.mark.parametrize(
    ("skills", "expect"),
    [
        ((0.2, 0.15, 0.25), "Cost and finite budgets is the most reported barrier among health organisations (50%)"),
        ((0.45, 0.40, 0.50), "2 barriers shown: in no sector does one stand clear of the next"),
    ],
)
def test_most_reported_barrier_only_when_clear_of_the_next_in_its_sector(skills, expect):
    t = barrier_rows([("health", "barrier_cost", 0.5, 0.42, 0.58), ("health", "barrier_skills", *skills)])
    assert wording.barriers_title(t, BARRIER_LABELS).startswith(expect)
