"""Which rows of a card's table are about the highlighted sector, carried with the table itself.

A view hands the page a plain DataFrame (`CardView.table`); the component layer draws it. The
published-figures table marks the rows about a highlighted sector (an orange outline and the word
"Highlighted", so colour is never the only cue). The flags travel in the frame's `attrs`, so the
view needs no new field and the table component needs no card-specific knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

#: The key in `DataFrame.attrs` under which a table's per-row highlight flags are kept.
HIGHLIGHTED_ROWS = "highlighted_rows"


def mark_highlighted(frame: pd.DataFrame, flags: Sequence[bool]) -> pd.DataFrame:
    """`frame` with one flag per row saying whether it is about the highlighted sector (in place:
    the frame is the view's own, freshly built)."""
    if len(flags) != len(frame):
        raise ValueError(f"{len(flags)} highlight flags for {len(frame)} rows")
    frame.attrs[HIGHLIGHTED_ROWS] = tuple(bool(flag) for flag in flags)
    return frame


def highlighted_rows(frame: pd.DataFrame) -> tuple[bool, ...]:
    """The per-row flags `mark_highlighted` set, or all False for a table without them (or whose rows
    no longer match them)."""
    flags = frame.attrs.get(HIGHLIGHTED_ROWS, ())
    if len(flags) != len(frame):
        return (False,) * len(frame)
    return tuple(flags)
