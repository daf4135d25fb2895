"""The published-figures card: every sourced figure, exactly as published."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import published
from dashboard.context import AppContext
from dashboard.figures.text import published_value, release_text
from dashboard.state import ViewState
from dashboard.views import derived, wording
from dashboard.views.model import LINK, CardView, RowAction

EXPORT_COLUMNS = [
    "estimate_id",
    "measure",
    "measure_label",
    "topic",
    "sector",
    "sector_label",
    "group_type",
    "population",
    "value",
    "unit",
    "unit_of_count",
    "qualifier",
    "base",
    "section",
    "kind",
    "notes",
    "source_id",
    "source_title",
    "publisher",
    "reporter",
    "release_date",
    "url",
    "status",
]


#: Said beside a role group's figure: frontline and non-frontline workers are in every sector.
ROLE_GROUP_NOTE = "role group: workers in every sector, not a sector"
#: Rows the page lists; the CSV holds every matching figure, and the topic panel lists them by topic.
#: Each row is about a dozen components, and at 132 rows Dash's renderer took about 10 s (against
#: 3.5 s at 47) to settle the page in headless Chromium on this machine.
ON_PAGE = 40
#: Rows a presenter-mode slide lists (a slide fits about five of these long rows); its title says
#: "Showing the first 5 of 132 on this slide".
PRESENT_ROWS = 5


def published_title(figures: int, sources: int, listed: int, *, present: bool) -> str:
    if present and listed < figures:
        return (
            f"{wording.published_title(figures, sources)}. Showing the first {listed} of {figures} on this slide; "
            "Download CSV has all"
        )
    return wording.published_title(figures, sources, listed=listed)


def about_highlighted(sector: str, highlight: str) -> bool:
    """Whether a figure about `sector` is about the highlighted sector: the sector itself, or a
    published group of sectors it belongs to (police and fire, as the charts mark it). Not all public
    sector (about every sector, so about none in particular), the private sector or a role group."""
    if not highlight:
        return False
    kind = published.group_type(sector)
    return kind in (published.SECTOR, published.SECTOR_GROUP) and highlight in published.members(sector)


def _display(table: pd.DataFrame) -> pd.DataFrame:
    """The page's rows for figures of `with_sources`: every value exactly as published, with its qualifier."""
    return pd.DataFrame(
        {
            "Figure": table["measure_label"],
            "Topic": table["topic_label"],
            "Group": [
                f"{population} ({ROLE_GROUP_NOTE})" if kind == published.ROLE_GROUP else population
                for population, kind in zip(table["population"], table["group_type"], strict=True)
            ],
            "Value": [
                wording.qualified(published_value(v, u, e), q)
                for v, u, q, e in zip(table["value"], table["unit"], table["qualifier"], table["evidence"], strict=True)
            ],
            "Unit of count": table["unit_of_count_label"],
            "Kind": table["kind_label"],
            "Source": table["source_title"],
            # Empty where the figure was read on the publisher's own page.
            "Reported by": table["reporter"].fillna(""),
            "Status and date": [
                f"{st}; released {release_text(d)}" if d is not None else f"{st}; {release_text(d)}"
                for st, d in zip(table["status_label"], table["release_date"], strict=True)
            ],
            "Section": table["section"],
        }
    )


def _actions(table: pd.DataFrame) -> tuple[RowAction, ...]:
    return tuple(
        RowAction(LINK, "Open source", (("href", url),), aria_label=f"Open source: {title}")
        for url, title in zip(table["url"], table["source_title"], strict=True)
    )


@dataclass(frozen=True)
class _Every:
    """Every published figure with its source and labels, its page row and its row action: they
    depend on the extract alone, so they are worked out once per context (`derived.once`) and
    each view picks its rows from them (by position, from plain lists: a selection of a few dozen
    rows costs more in pandas than everything else the card does)."""

    joined: pd.DataFrame
    display: pd.DataFrame
    actions: tuple[RowAction, ...]
    sectors: list[str]
    sources: list[str]


def _every(ctx: AppContext) -> _Every:
    def compute() -> _Every:
        joined = published.with_sources(ctx.extract.published_estimates, ctx.extract.sources)
        return _Every(
            joined, _display(joined), _actions(joined), joined["sector"].tolist(), joined["source_id"].tolist()
        )

    return derived.once(ctx, "published.every", compute)


def published_view(ctx: AppContext, state: ViewState) -> CardView:
    every = _every(ctx)
    picked = published.selected_positions(every.sectors, every.sources, sectors=state.sectors, source_ids=state.sources)
    listed = int(min(len(picked), PRESENT_ROWS if state.present else ON_PAGE))
    # The first `listed` selected rows, by their position in the table of every figure.
    positions = picked[:listed]

    def export() -> pd.DataFrame:
        everything = every.joined.take(picked).reset_index(drop=True)
        return everything[EXPORT_COLUMNS].assign(data_status=everything["status"])

    return CardView(
        key="published",
        title=published_title(
            len(picked), len({every.sources[i] for i in picked}), len(positions), present=state.present
        ),
        subtitle=wording.PUBLISHED_SUBTITLE,
        chart=None,
        # (An empty selection builds its own empty table, whose columns' types are those of no rows.)
        table_rows=every.display.take(positions).reset_index(drop=True) if listed else _display(every.joined.head(0)),
        caption=wording.PUBLISHED_CAPTION,
        export_rows=export,
        synthetic=False,
        actions=tuple(every.actions[i] for i in positions),
        # A highlighted sector's rows are marked on the page (the comparison stays: every row is listed).
        highlighted_rows=tuple(about_highlighted(every.sectors[i], state.highlight) for i in positions),
    )
