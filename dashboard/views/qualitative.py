"""The qualitative cards: the findings matrix and the quote panel."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import qualitative
from dashboard.context import AppContext
from dashboard.figures import matrices
from dashboard.state import ViewState
from dashboard.views import wording
from dashboard.views.model import PICK_CELL, CardView, QuotesView, RowAction

#: The qualitative research every matrix cell and quote comes from.
QUALITATIVE_SOURCE = "ons_managers_views_2024"
#: Codes the matrix shows in presenter mode: readable from the back of a room.
PRESENT_MATRIX_CODES = 12


def matrix_view(ctx: AppContext, state: ViewState) -> CardView:
    x = ctx.extract
    columns = qualitative.shown_columns(state.sectors, state.groups)
    # Columns of too few people are left out whatever the filters, and the subtitle says which.
    withheld = qualitative.withheld_columns(x.participants, ctx.min_participants)
    table = qualitative.matrix(
        x.findings,
        x.quotes,
        x.codebook,
        x.participants,
        columns=columns,
        codes=state.codes,
        themes=state.themes,
        min_participants=ctx.min_participants,
    )
    # Codes with nothing in any shown column are left out: a wall of empty rows hides the pattern.
    raised = table.groupby("code")[["findings", "quotes"]].transform("sum").sum(axis=1) > 0
    table = table[raised]
    # Most widely raised first, so the pattern reads from the top.
    order = table.groupby("code", sort=False)["groups_raised"].first().sort_values(ascending=False, kind="stable")
    if state.present:
        order = order.head(PRESENT_MATRIX_CODES)
    table = table.set_index("code").loc[order.index].reset_index()
    source = x.sources.set_index("source_id").loc[QUALITATIVE_SOURCE]
    per_code = table.groupby("code_label", sort=False)["groups_raised"].first()
    groups_total = int(table["groups_total"].max()) if len(table) else 0
    # The table lists the cells with something in them; the chart shows the empty ones as "–".
    cells = table[(table["findings"] + table["quotes"]).to_numpy() > 0].reset_index(drop=True)
    display = pd.DataFrame(
        {
            "Code": cells["code_label"],
            "Participant group": cells["column_label"],
            "Findings": cells["findings"].astype(str),
            "Quotes": cells["quotes"].astype(str),
            "Raised in (groups)": [
                f"{a} of {b}" for a, b in zip(cells["groups_raised"], cells["groups_total"], strict=True)
            ],
        }
    )
    actions = tuple(
        RowAction(PICK_CELL, f"Show quotes: {label}, {group}", (("column", column), ("code", code)))
        for label, group, column, code in zip(
            cells["code_label"], cells["column_label"], cells["column"], cells["code"], strict=True
        )
    )
    export = table.rename(columns={"column": "participant_group_or_sector", "column_label": "participant_group_label"})
    export = export.assign(data_status="qualitative research", source_id=QUALITATIVE_SOURCE)
    return CardView(
        key="matrix",
        title=wording.matrix_title(per_code, groups_total),
        subtitle=wording.matrix_subtitle(
            source["title"],
            source["release_date"],
            withheld=[qualitative.COLUMN_LABELS[c] for c in withheld],
            min_participants=ctx.min_participants,
        ),
        chart=matrices.findings_matrix(table, present=state.present),
        table=display,
        caption=wording.MATRIX_CAPTION,
        export=export,
        synthetic=False,
        actions=actions,
    )


def quotes_view(ctx: AppContext, state: ViewState) -> QuotesView:
    """The quotes a state shows, under both halves of the quote rule.

    Every quote panel, spotlight, selected quote and quotes CSV comes from here. Quotes
    from groups of fewer than the minimum are dropped first (`showable_quotes`), so no view
    or pair of views shows them, and `total` (the Y of "Showing X of Y") counts only quotes
    some view can show. Then a selection narrowing the sample to 1 to min-1 people shows none.
    """
    x = ctx.extract
    all_quotes = ctx.quotes  # only quotes whose own group meets the minimum
    never_shown = len(x.quotes) > len(all_quotes)
    people = qualitative.participants_behind(
        x.participants, sectors=state.sectors, methods=state.methods, groups=state.groups
    )
    matched = qualitative.filter_quotes(
        all_quotes,
        x.codebook,
        sectors=state.sectors,
        methods=state.methods,
        groups=state.groups,
        codes=state.codes,
        themes=state.themes,
        search=state.search,
    )
    total = len(all_quotes)
    if 0 < people < ctx.min_participants:
        # Fewer participants than the minimum could single someone out: say so instead.
        message = wording.quotes_withheld(ctx.min_participants)
        return QuotesView(quotes=matched.iloc[0:0], total=total, participants=people, withheld=True, message=message)
    message = wording.quotes_shown(len(matched), total, small_groups=ctx.min_participants if never_shown else 0)
    return QuotesView(quotes=matched, total=total, participants=people, withheld=False, message=message)
