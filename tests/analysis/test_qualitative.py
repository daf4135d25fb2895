"""The matrix columns and the quote rule on the shipped extract: which column each finding and quote
belongs to, the people behind each group and column, and what the rule withholds (in the matrix:
test_qualitative_matrix.py; the attack cases, `crafted`, are in conftest.py).

Expected counts are read off data/source/participants.csv and quotes.csv by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import qualitative as ql
from dashboard.data import quote_groups as qg
from dashboard.data import vocab

ALL_METHODS = list(vocab.METHODS)
ALL_GROUPS = list(vocab.PARTICIPANT_GROUPS)


def quote_ids(frame: pd.DataFrame) -> list[str]:
    return frame["quote_id"].tolist()


# --------------------------------------------------------------------------- columns and groups


def test_participant_groups_are_six_sectors_and_former_civil_servants(ex):
    assert ql.participant_groups(ex.participants) == [*vocab.SECTORS, ql.FORMER]


@pytest.mark.parametrize(
    ("sectors", "groups", "expected"),
    [
        # Former civil servants have no sector: shown only when no sector filter is active.
        (vocab.SECTORS, ALL_GROUPS, [*vocab.SECTORS, ql.ALL_SECTORS, ql.FORMER]),
        (["health"], ALL_GROUPS, ["health", ql.ALL_SECTORS]),
        (["fire", "central_government"], ["current_manager"], ["central_government", "fire", ql.ALL_SECTORS]),
        (["health"], [ql.FORMER], []),
        (vocab.SECTORS, [ql.FORMER], [ql.FORMER]),
        ([], ALL_GROUPS, [ql.ALL_SECTORS]),
        (vocab.SECTORS, [], []),
    ],
)
def test_shown_columns(sectors, groups, expected):
    assert ql.shown_columns(sectors, groups) == expected


def test_column_of():
    assert ql.column_of("health", "current_manager") == "health"
    assert ql.column_of(float("nan"), ql.FORMER) == ql.FORMER
    assert ql.column_of(None, ql.FORMER) == ql.FORMER
    assert ql.column_of("all_sectors", "current_manager") == ql.ALL_SECTORS


# --------------------------------------------------------------------------- participants


@pytest.mark.parametrize(
    ("sectors", "methods", "groups", "expected"),
    [
        # current managers: interviews 6+1+5+4 = 16, focus groups 7+8+7+6 = 28; former civil servants 5
        (vocab.SECTORS, ALL_METHODS, ALL_GROUPS, 49),
        (["local_government"], ["interview"], ALL_GROUPS, 1),
        (["local_government"], ["interview"], ["current_manager"], 1),
        (vocab.SECTORS, ["focus_group"], ALL_GROUPS, 28),
        (vocab.SECTORS, ["interview"], ["current_manager"], 16),
        ([], ALL_METHODS, ALL_GROUPS, 0),
        (vocab.SECTORS, ["interview"], [ql.FORMER], 5),
        (["health"], ALL_METHODS, ["current_manager"], 5 + 8),
        (vocab.SECTORS, ["focus_group"], [ql.FORMER], 0),
        (vocab.SECTORS, [], ALL_GROUPS, 0),
    ],
)
def test_participants_behind(ex, sectors, methods, groups, expected):
    assert ql.participants_behind(ex.participants, sectors=sectors, methods=methods, groups=groups) == expected


# --------------------------------------------------------------------------- the quote rule, per quote and column


MIN = ql.DEFAULT_MIN_PARTICIPANTS


def test_group_of_reads_every_spelling_of_no_sector_as_one():
    former = ("", "interview", ql.FORMER)
    for blank in (None, float("nan"), pd.NA, "", "  "):
        assert qg.group_of(blank, "interview", ql.FORMER) == former
    assert qg.group_of("health", "focus_group", "current_manager") == ("health", "focus_group", "current_manager")


def test_shipped_sample_groups_and_every_quote_group_is_large_enough(ex):
    assert qg.group_sizes(ex.participants) == {
        ("central_government", "interview", "current_manager"): 6,
        ("local_government", "interview", "current_manager"): 1,
        ("health", "interview", "current_manager"): 5,
        ("education", "interview", "current_manager"): 4,
        ("education", "focus_group", "current_manager"): 7,
        ("health", "focus_group", "current_manager"): 8,
        ("police", "focus_group", "current_manager"): 7,
        ("fire", "focus_group", "current_manager"): 6,
        ("", "interview", ql.FORMER): 5,
    }
    # No shipped quote comes from the one-person local government group; the smallest is
    # education interviews (4 people: Q09, Q16).
    sizes = ql.quote_group_sizes(ex.quotes, ex.participants)
    assert min(sizes) == 4
    assert len(ql.showable_quotes(ex.quotes, ex.participants, MIN)) == 21
    assert quote_ids(ql.showable_quotes(ex.quotes, ex.participants, 5)) == [
        q for q in quote_ids(ex.quotes) if q not in ("Q09", "Q16")
    ]


def test_showable_quotes_drops_small_and_unmatched_groups(ex, crafted):
    participants, quotes = crafted
    assert ql.quote_group_sizes(quotes, participants)[-3:] == [1, 2, 0]
    assert quote_ids(ql.showable_quotes(quotes, participants, MIN)) == quote_ids(ex.quotes)
    assert quote_ids(ql.showable_quotes(quotes, participants, 2))[-1] == "Q23"
    # A quote no participant stands behind is never shown, even at a minimum of 1.
    assert "Q24" not in quote_ids(ql.showable_quotes(quotes, participants, 1))


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [(1, []), (2, ["local_government"]), (3, ["local_government"]), (6, ["local_government", ql.FORMER])],
)
def test_withheld_columns_depend_on_the_sample_only(ex, minimum, expected):
    # Column sizes: central government 6, local government 1, health 5+8, education 4+7,
    # police 7, fire 6, former civil servants 5; the all-sector column is never withheld.
    assert ql.withheld_columns(ex.participants, minimum) == expected
