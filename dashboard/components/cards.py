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


def row_control(action: RowAction | None) -> Element | str:
    """The control for a table row's Action column, from what the view says it does."""
    if action is None:
        return ""
    if action.kind == LINK:
        return Element("A", action.label, href=action.arg("href"), **aria(label=action.aria_label or action.label))
    return Element(
        "Button",
        action.label,
        id={"type": action.kind, **dict(action.target)},
        type="button",
        className="btn btn-link btn-sm p-0",
    )


def _label(column: str) -> dict[str, Any]:
    """The cell's column heading as `data-label`: on a narrow screen (app.css) each row stacks as a
    block and every cell is prefixed with it, since the header row is no longer above it."""
    return {"data-label": column}


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

    Each cell carries its column heading (`data-label`), so that on a narrow screen a row can stack
    as a block of labelled lines instead of pushing the page sideways. A row the view flags as about
    the highlighted sector (`highlighted`, the view's `CardView.highlighted_rows`: one flag per row, or
    empty for none) is marked `row-highlighted` (an orange outline) and its row header says
    "Highlighted" in words."""
    shown = [str(c) for c in frame.columns]
    head = [Element("Th", c, scope="col") for c in shown]
    if actions:
        head.append(Element("Th", Element("Span", "Action"), scope="col"))
    body = []
    if highlighted and len(highlighted) != len(frame):
        raise ValueError(f"{len(highlighted)} highlight flags for {len(frame)} rows")
    # Rows and cells as plain elements (components/elements.py says why): the same JSON, built faster.
    # Read by column (a column's values in one call) rather than by row, which asks pandas per cell.
    columns = [frame.iloc[:, k].tolist() for k in range(frame.shape[1])]
    for position, row in enumerate(zip(*columns, strict=True)):
        lit = bool(highlighted) and highlighted[position]
        header = [row[0], " ", Element("Span", HIGHLIGHTED, className="row-mark")] if lit else row[0]
        cells = [Element("Th", header, scope="row", **_label(shown[0]))]
        cells += [Element("Td", value, **_label(column)) for column, value in zip(shown[1:], row[1:], strict=True)]
        if actions:
            cells.append(Element("Td", row_control(actions[position]), className="row-action"))
        body.append(Element("Tr", cells, className="row-highlighted") if lit else Element("Tr", cells))
    # Every part a plain element (components/elements.py): the JSON encoder writes the whole table
    # without calling back into Python for any of it.
    return Element(
        "Div",
        Element(
            "Table",
            [
                Element("Caption", caption, id=ids.caption_of(table_id)),
                Element("Thead", Element("Tr", head)),
                Element("Tbody", body),
            ],
            id=table_id,
            className="table table-sm data-table data-table-stack",
        ),
        className="table-responsive",
        tabIndex=0,
        role="region",
        **aria(labelledby=ids.caption_of(table_id)),
    )
