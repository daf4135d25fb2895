"""A quote's own group and the people in each group: one definition for validation and the app.

A quote is published with its group (sector, method and participant group, as in the
participants table), so both the validator's refusal of quotes from small groups
(`validate.check_quote_groups`) and the app's quote rule (`analysis.qualitative.showable_quotes`)
must match quotes to sample rows the same way. They read it here, so they cannot drift apart.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

#: A quote's or participant row's own group: (sector, method, participant group). Former civil
#: servants have no sector (an empty cell, read as NaN or None); their sector is "" here.
GroupKey = tuple[str, str, str]


def group_of(sector: object, method: object, participant_group: object) -> GroupKey:
    """The (sector, method, participant group) a quote or a participant row belongs to.

    Former civil servants' empty sector arrives as NaN, None or a blank string depending on
    how the table was read; all of them are "" here, so a quote and its sample row match.
    """
    blank = sector is None or (not isinstance(sector, str) and bool(pd.isna(sector)))
    return ("" if blank else str(sector).strip(), str(method), str(participant_group))


def group_keys(frame: pd.DataFrame) -> list[GroupKey]:
    """`group_of` for every row of a quotes or participants table, in order."""
    return [
        group_of(s, m, g) for s, m, g in zip(frame["sector"], frame["method"], frame["participant_group"], strict=True)
    ]


def group_sizes(participants: pd.DataFrame) -> dict[GroupKey, int]:
    """People in each (sector, method, participant group); rows of one group are added up.

    A count that is not a number counts 0: the validator reads this before it refuses a table
    with such a count, and a valid extract has none.
    """
    people = pd.to_numeric(participants["participants"], errors="coerce").fillna(0)
    sizes: Counter[GroupKey] = Counter()
    for key, n in zip(group_keys(participants), people, strict=True):
        sizes[key] += int(n)
    return dict(sizes)
