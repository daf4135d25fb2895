"""An estimate table read as rows: each reader gets the same rows from the frame or from its rows."""

import pandas as pd

from dashboard.analysis.rows import records
from dashboard.figures.bars import describe_bars, sector_bars
from dashboard.figures.matrices import barrier_grid
from dashboard.figures.text import held_back
from dashboard.views import wording


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sector": ["health", "education", "health", "education"],
            "sector_label": ["Health", "Education", "Health", "Education"],
            "measure": ["ai_use", "ai_use", "barrier_cost", "barrier_cost"],
            "base_n": pd.array([40, None, 40, None], dtype="Int64"),
            "estimate": [0.42, float("nan"), 0.18, float("nan")],
            "ci_low": [0.30, float("nan"), 0.10, float("nan")],
            "ci_high": [0.55, float("nan"), 0.29, float("nan")],
            "status": ["ok", "suppressed", "ok", "suppressed"],
            "low_reliability": [True, False, False, False],
        }
    )


def test_a_frames_rows_are_its_records_and_rows_are_passed_through():
    frame = table()
    rows = records(frame)
    assert repr(rows) == repr(frame.to_dict("records")) and rows[0]["base_n"] == 40 and rows[1]["base_n"] is None
    assert records(rows) is rows


def test_every_reader_says_the_same_from_the_frame_and_from_its_rows():
    frame, rows = table(), records(table())
    ai = {"ai_use": "Uses AI"}
    assert sector_bars(frame, ai, what="w", population="p") == sector_bars(rows, ai, what="w", population="p")
    assert describe_bars(frame, ai, what="w", population="p") == describe_bars(rows, ai, what="w", population="p")
    labels = {"ai_use": "AI", "barrier_cost": "Cost"}
    assert barrier_grid(frame, labels) == barrier_grid(rows, labels)
    assert (
        held_back(frame)
        == held_back(rows)
        == [
            "Withheld [c] to protect confidentiality: Education.",
            "Low reliability [u] (small effective sample): Health.",
        ]
    )
    assert (
        wording.ai_title(frame, "ai_use")
        == wording.ai_title(rows, "ai_use")
        == "Health: use of AI 42% [u] of organisations"
    )


def test_an_estimates_rows_are_its_frames_records_value_for_value(shipped_extract):
    """The survey cards read `as_rows(columns)` and never make the frame: the rows must be the frame's
    records, type for type (a withheld base None, numbers Python floats, flags Python bools)."""
    from dashboard.analysis import survey
    from dashboard.analysis.estimates import as_frame, as_rows
    from dashboard.context import build_context
    from dashboard.settings import Settings

    ctx = build_context(shipped_extract, Settings())
    estimates = [
        survey.ai_use_columns(ctx.org_cells, ["health", "fire"], ctx.threshold, regions=("Wales",), ptable=ctx.ptable),
        survey.barriers_columns(ctx.org_cells, ["education"], ctx.threshold, size_bands=("10 to 49",)),
        survey.admin_share_columns(ctx.tus_cells, ["health", "police"], ctx.threshold, frontline="frontline"),
    ]
    withheld = 0
    for columns in estimates:
        rows, expected = as_rows(columns), as_frame(columns).to_dict("records")
        assert repr(rows) == repr(expected)
        assert [[type(v) for v in r.values()] for r in rows] == [[type(v) for v in r.values()] for r in expected]
        withheld += sum(r["base_n"] is None for r in rows)
    assert withheld, "some base is withheld in these selections, so the None case is checked"
