"""Shared by the qualitative tests: the shipped extract as `ex`, and the quote rule's attack cases on top of
its sample (`crafted`)."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def ex(shipped_extract):
    return shipped_extract


@pytest.fixture(scope="session")
def crafted(shipped_extract) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shipped sample and quotes plus the attacker's cases.

    - Q22: a local government interview quote; that group is one person (the issue's attack).
    - a police interview group of 2 people, and Q23 from it;
    - Q24: a fire interview quote, a group the sample does not have at all.
    All three are coded ai_no_use, which nothing else raises, so any leak shows in its row.
    """
    ex = shipped_extract
    participants = pd.concat(
        [
            ex.participants,
            pd.DataFrame(
                [
                    {
                        **ex.participants.iloc[0].to_dict(),
                        "sample_id": "police_interview",
                        "sector": "police",
                        "method": "interview",
                        "sessions": 2,
                        "participants": 2,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    template = ex.quotes.iloc[0].to_dict()
    extra = [
        {**template, "quote_id": qid, "order": 21 + i, "sector": sector, "method": "interview", "codes": ("ai_no_use",)}
        for i, (qid, sector) in enumerate([("Q22", "local_government"), ("Q23", "police"), ("Q24", "fire")], start=1)
    ]
    quotes = pd.concat([ex.quotes, pd.DataFrame(extra)], ignore_index=True)
    return participants, quotes
