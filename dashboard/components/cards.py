"""A chart card: title that states the finding, subtitle, and Chart / Table / About views.

The three views are native radio buttons in a fieldset, so keyboard and screen
reader users get standard behaviour. The chart sits inside a <figure> whose
caption is the generated description.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

GRAPH_CONFIG = {
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
    "scrollZoom": False,
    "doubleClick": False,
}

VIEW_OPTIONS = [
    {"label": "Chart", "value": "chart"},
    {"label": "Table", "value": "table"},
    {"label": "About", "value": "about"},
]


def card(key: str, heading: str, *, about: list, has_chart: bool = True, synthetic: bool = False) -> html.Section:
    """Static shell; callbacks fill the title, subtitle, figure, description and table."""
    views = VIEW_OPTIONS if has_chart else VIEW_OPTIONS[1:]
    badge = [html.Span("Synthetic data", className="badge-synthetic")] if synthetic else []
    return html.Section(
        className="card-panel",
        id=f"{key}-card",
        **{"aria-labelledby": f"{key}-title"},
        children=[
            html.P(heading, className="card-kicker"),
            html.H2(id=f"{key}-title", className="card-title"),
            html.P([*badge, html.Span(id=f"{key}-subtitle")], className="card-subtitle"),
            html.Div(
                className="card-toolbar",
                children=[
                    html.Fieldset(
                        className="view-switch",
                        children=[
                            html.Legend("View", className="visually-hidden"),
                            dbc.RadioItems(
                                id=f"{key}-view",
                                options=views,
                                value=views[0]["value"],
                                inline=True,
                                inputClassName="view-input",
                                labelClassName="view-label",
                            ),
                        ],
                    ),
                    html.Button("Download CSV", id=f"{key}-download-btn", className="btn btn-outline-dark btn-sm"),
                    dcc.Download(id=f"{key}-download"),
                ],
            ),
            html.Div(
                id=f"{key}-chart-pane",
                hidden=not has_chart,
                children=html.Figure(
                    className="chart-figure",
                    **{"aria-labelledby": f"{key}-title", "aria-describedby": f"{key}-desc"},
                    children=[
                        dcc.Graph(id=f"{key}-graph", config=GRAPH_CONFIG, clear_on_unhover=True),
                        html.Figcaption(id=f"{key}-desc", className="chart-description"),
                    ],
                )
                if has_chart
                else None,
            ),
            html.Div(id=f"{key}-table-pane", hidden=has_chart, className="table-pane"),
            html.Div(id=f"{key}-about-pane", hidden=True, className="about-pane", children=about),
        ],
    )


def data_table(frame: pd.DataFrame, caption: str, *, table_id: str, row_action=None) -> html.Table:
    """A real HTML table: caption, column headers with scope, first column as row header.

    Columns whose names start with '_' carry data for actions and are not shown.
    `row_action(row)` may return a control for an extra last column.
    """
    shown = [c for c in frame.columns if not c.startswith("_")]
    head = [html.Th(c, scope="col") for c in shown]
    if row_action is not None:
        head.append(html.Th(html.Span("Action"), scope="col"))
    body = []
    for _, row in frame.iterrows():
        cells = [html.Th(row[shown[0]], scope="row")] + [html.Td(row[c]) for c in shown[1:]]
        if row_action is not None:
            cells.append(html.Td(row_action(row)))
        body.append(html.Tr(cells))
    return html.Div(
        className="table-responsive",
        tabIndex=0,
        role="region",
        **{"aria-labelledby": f"{table_id}-caption"},
        children=html.Table(
            id=table_id,
            className="table table-sm data-table",
            children=[
                html.Caption(caption, id=f"{table_id}-caption"),
                html.Thead(html.Tr(head)),
                html.Tbody(body),
            ],
        ),
    )
