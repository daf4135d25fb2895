"""Marks a figure carries inside itself, so that an image of it says what the page around it says.

A chart saved with the camera button, pasted into a slide or screen-shared without the page
keeps its annotations and nothing else; a figure drawn from invented data must therefore
say so in its own pixels, not only in the badge and caption beside it.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figures import palette

SYNTHETIC_MARK = "SYNTHETIC DATA"


def mark_synthetic(fig: go.Figure, *, present: bool = False) -> go.Figure:
    """Stamp SYNTHETIC DATA above the top left corner of the plot, over the axis labels, where no
    subplot or column title sits: text in an outline, no colour of its own (colours in this
    product each mean one thing, and this is not one of them)."""
    fig.add_annotation(
        text=SYNTHETIC_MARK,
        name="synthetic-mark",
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="right",
        yanchor="bottom",
        xshift=-8,
        yshift=4,
        showarrow=False,
        font={"size": 18 if present else 13, "color": palette.TEXT, "weight": "bold"},
        bordercolor=palette.TEXT,
        borderwidth=1,
        borderpad=3,
        bgcolor="white",
    )
    return fig
