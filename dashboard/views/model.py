"""What a view hands to the page: plain data, no Dash components.

A card's chart, HTML table and CSV all come from one estimate table, so they can
never disagree. What a table row's control does is part of the view (a `RowAction`
per row), not a hidden column that the component layer has to know about.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.data import vocab
from dashboard.figures.base import Chart, empty_chart
from dashboard.figures.marks import mark_highlight
from dashboard.ids import PICK_CELL, PICK_SECTOR
from dashboard.state import ViewState

#: A row link to the figure's source (the other kinds are the pattern-id types of ids.py).
LINK = "link"
__all__ = [
    "LINK",
    "PICK_CELL",
    "PICK_SECTOR",
    "CardView",
    "QuotesView",
    "RowAction",
    "Unavailable",
    "highlighted",
    "unavailable",
]


@dataclass(frozen=True)
class RowAction:
    """The control in a table row's Action column."""

    #: PICK_SECTOR or PICK_CELL (a button whose pattern id is this kind plus `target`), or LINK.
    kind: str
    label: str
    #: PICK_SECTOR: sector and card; PICK_CELL: column and code; LINK: href.
    target: tuple[tuple[str, str], ...]
    #: A longer accessible name, where the label alone is ambiguous out of context.
    aria_label: str = ""

    def arg(self, name: str) -> str:
        return dict(self.target)[name]


def made(view: object, name: str, check: Callable[[pd.DataFrame], None] | None = None) -> pd.DataFrame:
    """A view's rows held in field `name` as a frame or as what makes one: made (and checked) the
    first time they are asked for, then kept in the field, like a cached property of a frozen view
    (two threads may both make them, to the same rows)."""
    rows = getattr(view, name)
    if callable(rows):
        rows = rows()
        if check is not None:
            check(rows)
        object.__setattr__(view, name, rows)
    return rows


@dataclass(frozen=True)
class CardView:
    key: str
    title: str
    subtitle: str
    chart: Chart | None
    #: The HTML table's rows, every column shown, or what makes them: a chart card's table is on the
    #: page only in its Table view (or a grid's on a narrow screen), so a view may leave it to be made
    #: when it is shown. Read them as `table`.
    table_rows: pd.DataFrame | Callable[[], pd.DataFrame]
    caption: str
    #: The CSV rows (numbers as numbers, shorthand where a number is withheld), or what makes them:
    #: only a download reads them, never a redraw, so a view may leave them to be made then. Read
    #: them as `export`.
    export_rows: pd.DataFrame | Callable[[], pd.DataFrame]
    synthetic: bool
    #: One entry per table row: its control, or None for a row without one.
    actions: tuple[RowAction | None, ...] = ()
    #: One flag per table row: whether it is about the highlighted sector, which the page marks (an
    #: outline and the word "Highlighted"). Empty for a table that marks no rows. A field, not
    #: `DataFrame.attrs`, which pandas drops or merges on many operations.
    highlighted_rows: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if not callable(self.table_rows):
            self._check(self.table_rows)

    def _check(self, table: pd.DataFrame) -> None:
        """A row's flag must be that row's: a list of another length would mark the wrong rows."""
        if self.highlighted_rows and len(self.highlighted_rows) != len(table):
            raise ValueError(f"{len(self.highlighted_rows)} highlight flags for {len(table)} table rows")

    @property
    def table(self) -> pd.DataFrame:
        """The table's rows, made the first time they are asked for."""
        return made(self, "table_rows", self._check)

    @property
    def export(self) -> pd.DataFrame:
        """The CSV rows, made the first time they are asked for."""
        return made(self, "export_rows")


class Unavailable(CardView):
    """A card that could not be drawn (`unavailable`): the page draws it again on the next request,
    however little changed, instead of keeping it as drawn."""


@dataclass(frozen=True)
class QuotesView:
    quotes: pd.DataFrame
    total: int
    participants: int
    withheld: bool
    message: str


def unavailable(key: str, message: str) -> CardView:
    """What a card shows when drawing it failed: a plain sentence, never a traceback or a stale view."""
    return Unavailable(
        key=key,
        title=message,
        subtitle="",
        chart=empty_chart(message),
        table_rows=pd.DataFrame(),
        caption=message,
        export_rows=pd.DataFrame({"message": [message]}),
        synthetic=False,
    )


def highlighted(view: CardView, state: ViewState) -> CardView:
    """`view` with the state's highlighted sector marked in its chart (a copy: a view's figure may be
    shared), and its description saying so, for people who cannot see the mark. A chart that does
    not draw the sector is returned as it was."""
    if not state.highlight or view.chart is None:
        return view
    # A deep copy: marking changes the figure's traces and layout in place, and the view's figure
    # is memoised (context.Memo), so marking it would mark every later request's chart.
    figure = copy.deepcopy(view.chart.figure)
    if not mark_highlight(figure, state.highlight):
        return view
    sentence = f" {vocab.sector_label(state.highlight)} is highlighted: bold, with an arrow."
    return replace(view, chart=Chart(figure, view.chart.description + sentence))
