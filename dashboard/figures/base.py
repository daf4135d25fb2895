"""What every figure of this package shares: the figure type, fonts, margins, presenter sizing and
the empty chart.

A figure is a plain dict, `{"data": [...], "layout": {...}}`, which dcc.Graph takes as it is.
Building plotly's validated `graph_objects` cost about 50 of the AI card's 60 ms (issue 15), where
serialising the same figure from a dict takes a fraction of a millisecond. The price is that
nothing checks a property's name as it is written: tests/figures/test_valid.py runs every
builder's output through plotly's validation (`go.Figure(fig)`), so a dict cannot drift into a
property plotly does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.figures import palette

#: A plotly figure as plain, JSON-able data: lists, dicts, strings, numbers, booleans and None.
Figure = dict[str, Any]

FONT = "Arial, Helvetica, sans-serif"
#: The room, at least, that a presenter-mode slide leaves its chart, in stage pixels (assets/app.css
#: draws every slide on a 1920 x 1080 stage). A presenter figure has no fixed height, so it fills that
#: room, unless its rows need less than this (`fit_slide`); the topic panel's small multiples
#: are laid out for this height.
PRESENT_HEIGHT = 520
#: The key in a presenter-mode figure's layout.meta that caps its height on its slide (assets/app.js).
SLIDE_HEIGHT = "slide_height"

_AXIS = {
    "automargin": True,
    "gridcolor": "white",
    "linecolor": "white",
    "ticks": "",
    "title": {"standoff": 15},
    "zerolinecolor": "white",
    "zerolinewidth": 2,
}
#: The parts of plotly.py's default template ("plotly") that these charts relied on while they were
#: graph_objects figures, which carried all 6 KB of it: axes that grow their margin to fit their
#: labels (the charts set margins of 10 px and let long sector and code names take what they need),
#: white grid and zero lines, category axes that never read an id as a number, hover labels
#: aligned left. Everything else the template set, each chart sets itself.
TEMPLATE = {
    "layout": {
        "autotypenumbers": "strict",
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}


@dataclass(frozen=True)
class Chart:
    figure: Figure
    description: str


def base_layout(*, height: int | None, present: bool = False, margin: dict[str, int] | None = None) -> dict[str, Any]:
    """Fonts, margins and colours every chart shares. `height` None (presenter mode): no fixed
    height, so plotly fills the graph's box (its slide's remaining room; dcc.Graph is responsive).
    `margin` replaces the default sides it names."""
    size = 20 if present else 14
    layout: dict[str, Any] = {
        "template": TEMPLATE,
        "margin": {"l": 10, "r": 30, "t": 40, "b": 40, **(margin or {})},
        "font": {"family": FONT, "size": size, "color": palette.TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONT, "size": size}},
        "clickmode": "event",
        "dragmode": False,
    }
    if height is not None:
        layout["height"] = height
    return layout


def fit_slide(fig: Figure, rows: int, per_row: int, extra: int) -> Figure:
    """A presenter-mode chart has no fixed height: it fills its slide. When its rows need less than
    PRESENT_HEIGHT (a few sectors or codes), layout.meta says how tall they need to be, and the slide
    makes the chart's box that tall (assets/app.js), so that one sector or one code is not stretched
    into a bar or a cell half a screen tall. (A fixed layout.height would not do: a responsive
    dcc.Graph resizes the plot to its box.)"""
    height = extra + per_row * rows
    if height < PRESENT_HEIGHT:
        fig["layout"]["meta"] = {**fig["layout"].get("meta", {}), SLIDE_HEIGHT: height}
    return fig


def empty_chart(message: str, *, present: bool = False) -> Chart:
    """No marks, only `message` in the middle of where the chart would be."""
    layout = base_layout(height=None if present else 160, present=present)
    layout.update(
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}],
    )
    return Chart({"data": [], "layout": layout}, message)
