"""An estimate table as plain rows (one dict per row), the form a survey card reads it in.

A card's title, chart, description, subtitle and tables each read the same few dozen rows, some
of them many times; reading a pandas row or filtering a small frame costs far more than the
arithmetic it feeds. So a card turns its table into rows once and passes them on. Every reader
also takes the DataFrame itself (the tests build frames), and turns it into rows on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

#: One dict per table row, in the table's order; values as `DataFrame.to_dict("records")` gives them.
Rows = Sequence[Mapping[str, Any]]


def records(table: pd.DataFrame | Rows) -> Rows:
    """The rows of an estimate table (rows given are returned as they are)."""
    return table.to_dict("records") if isinstance(table, pd.DataFrame) else table
