"""A chart card: title that states the finding, subtitle, and Chart / Table / About views.

The three views are native radio buttons in a fieldset, so keyboard and screen
reader users get standard behaviour. The chart sits inside a <figure> whose
caption is the generated description.

On a narrow screen (640 CSS px and less, assets/app.css) every table stacks each row as a block of
labelled values, and a grid card (`Card.grid`: the evidence map, the findings matrix, the barrier
grid) shows its table in place of its chart, with a line saying so: a grid cannot be read at that
width. Its Table and About views are as at any width.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.components.attributes import aria
from dashboard.components.elements import Element
from dashboard.components.registry import Card
from dashboard.context import AppContext
from dashboard.views.model import LINK, RowAction
from dashboard.views.wording import file_name

GRAPH_CONFIG: dcc.Graph.Config = {
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
    "scrollZoom": False,
    "doubleClick": False,
}

#: The visible word beside a table row about the highlighted sector (colour is never the only cue).
HIGHLIGHTED = "Highlighted"

#: Said in a grid card's chart pane on a narrow screen, where its table stands in for the chart.
NARROW_GRID_NOTE = "On a narrow screen this grid is shown as a table."

VIEW_OPTIONS = [
    {"label": "Chart", "value": "chart"},
    {"label": "Table", "value": "table"},
    {"label": "About", "value": "about"},
]


def graph_config(entry: Card, ctx: AppContext) -> dcc.Graph.Config:
    """The chart's toolbar: one camera button whose PNG is named after the card, and says
    SYNTHETIC_DATA in its name when the card draws on invented data (the image says so inside too)."""
    name = file_name(entry.key, entry.synthetic(ctx))
    return {**GRAPH_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name}}


def card(entry: Card, ctx: AppContext) -> html.Section:
    """Static shell; callbacks fill the title, subtitle, figure, description and table."""
    has_chart, cid = entry.has_chart, entry.ids
    options = VIEW_OPTIONS if has_chart else VIEW_OPTIONS[1:]
    badge = [html.Span("Synthetic data", className="badge-synthetic")] if entry.synthetic(ctx) else []
    return html.Section(
        className="card-panel card-grid" if entry.grid else "card-panel",
        id=cid.card,
        **aria(labelledby=cid.title),
        children=[
            html.P(entry.kicker, className="card-kicker"),
            # tabIndex -1: out of the tab order, but a link to it (the evidence panel's "Back to the
            # matrix") moves focus here.
            html.H2(id=cid.title, className="card-title", tabIndex=-1),
            html.P([*badge, html.Span(id=cid.subtitle)], className="card-subtitle"),
            html.Div(
                className="card-toolbar",
                children=[
                    html.Fieldset(
                        className="view-switch",
                        children=[
                            html.Legend("View", className="visually-hidden"),
                            dbc.RadioItems(
                                id=cid.view,
                                options=options,
                                value=options[0]["value"],
                                inline=True,
                                inputClassName="view-input",
                                labelClassName="view-label",
                            ),
                        ],
                    ),
                    html.Button("Download CSV", id=cid.download_button, className="btn btn-outline-dark btn-sm"),
                    dcc.Download(id=cid.download),
                ],
            ),
            html.Div(
                id=cid.chart_pane,
                hidden=not has_chart,
                className="chart-pane",
                children=[
                    # Shown only on a narrow screen (app.css), above the table that stands in for the chart.
                    *([html.P(NARROW_GRID_NOTE, className="grid-narrow-note")] if entry.grid else []),
                    html.Figure(
                        className="chart-figure",
                        **aria(labelledby=cid.title, describedby=cid.description),
                        children=[
                            dcc.Graph(id=cid.graph, config=graph_config(entry, ctx), clear_on_unhover=True),
                            html.Figcaption(id=cid.description, className="chart-description"),
                            # Presenter mode only: said on a chart's slide when its description is on the next.
                            html.P("The chart is described in words on the next slide.", className="slide-more"),
                        ],
                    ),
                ]
                if has_chart
                else None,
            ),
            html.Div(id=cid.table_pane, hidden=has_chart, className="table-pane"),
            html.Div(id=cid.about_pane, hidden=True, className="about-pane", children=entry.about(ctx)),
        ],
    )


#: The attribute of a table's region holding what assets/drawn.js draws the table from.
TABLE_ATTRIBUTE = "data-table"


def row_control(action: RowAction | None) -> dict[str, Any] | None:
    """What a table row's Action column holds, from what the view says it does: a link, or a button
    whose pattern id (`dom_id`) is its kind plus its target, which assets/drawn.js posts to the
    picked store when it is pressed (the URL/state callback reads it there)."""
    if action is None:
        return None
    if action.kind == LINK:
        return {"label": action.label, "href": action.arg("href"), "aria": action.aria_label or action.label}
    pick = {"type": action.kind, **dict(action.target)}
    return {"label": action.label, "pick": pick, "id": ids.dom_id(pick)}


def _cell(value: Any) -> Any:
    """A cell as JSON: a missing number is an empty cell, as the renderer showed it."""
    return None if isinstance(value, float) and math.isnan(value) else value


def data_table(
    frame: pd.DataFrame,
    caption: str,
    *,
    table_id: str,
    actions: Sequence[RowAction | None] = (),
    highlighted: Sequence[bool] = (),
) -> Element:
    """A real HTML table in a scrollable, labelled region: caption, column headers with scope,
    first column as row header, and an Action column when the view gives row actions.

    The region is one element; its table is drawn in the page by assets/drawn.js from the region's
    `data-table` attribute (the caption, columns, rows, row controls and highlights). Dash's renderer
    spends time on every component in the page at every update, and the published figures' table alone
    was about 540 of the page's 1,100; as one element a sector change is redrawn 14 to 16 % sooner
    (docs/performance.md, issue 15's seventh step). The browser is sent the same text.

    Each cell carries its column heading (`data-label`), so that on a narrow screen a row can stack
    as a block of labelled lines instead of pushing the page sideways. A row the view flags as about
    the highlighted sector (`highlighted`, the view's `CardView.highlighted_rows`: one flag per row, or
    empty for none) is marked `row-highlighted` (an orange outline) and its row header says
    "Highlighted" in words."""
    if highlighted and len(highlighted) != len(frame):
        raise ValueError(f"{len(highlighted)} highlight flags for {len(frame)} rows")
    if actions and len(actions) != len(frame):
        raise ValueError(f"{len(actions)} row actions for {len(frame)} rows")
    # As one array of Python objects (a third of the time of a list per column, which asked pandas
    # for a Series per column; asking per cell is slower still).
    values = frame.to_numpy(dtype=object).tolist()
    spec: dict[str, Any] = {
        "id": table_id,
        "caption": caption,
        "captionId": ids.caption_of(table_id),
        "columns": [str(c) for c in frame.columns],
        "rows": [[_cell(v) for v in row] for row in values],
    }
    if actions:
        spec["actions"] = [row_control(action) for action in actions]
    if any(highlighted):
        spec["lit"] = [position for position, lit in enumerate(highlighted) if lit]
        spec["mark"] = HIGHLIGHTED
    return Element(
        "Div",
        className="table-responsive",
        tabIndex=0,
        role="region",
        **aria(labelledby=ids.caption_of(table_id)),
        **{TABLE_ATTRIBUTE: json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)},
    )
