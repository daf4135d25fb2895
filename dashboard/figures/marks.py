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
    if present:
        # The mark sits left of the plot, over the axis labels: short labels ("Health") leave less room
        # than it needs, so a slide keeps that room whatever the labels (the margin grows, never shrinks).
        fig.update_layout(margin={"l": max(fig.layout.margin.l or 0, PRESENT_MARK_ROOM)})
    return fig


#: Stage pixels the presenter-mode mark needs left of the plot (18 px bold text in its outline).
PRESENT_MARK_ROOM = 200


#: The sectors whose marks a highlight of one sector lights up: the survey's combined police and
#: fire group stands for either.
def _lit(sector: str) -> set[str]:
    return {sector, "police_and_fire"} if sector in ("police", "fire") else {sector}


def _bold_tick(axis: go.layout.XAxis | go.layout.YAxis, position: int, arrow: str) -> None:
    labels = list(axis.ticktext) if axis.ticktext is not None else None
    if labels is None or position >= len(labels):
        return
    labels[position] = f"<b>{arrow} {labels[position]}</b>"
    axis.ticktext = labels


def mark_highlight(fig: go.Figure, sector: str) -> bool:
    """Mark one sector in a chart drawn by this package, so a comparison stays on screen with the
    highlighted sector picked out: its bars turn orange, a heatmap row or column gets a thick
    orange frame, and its axis label is bold with an arrow, so colour is never the only cue.
    Orange means "highlighted" and nothing else. Marks `fig` in place and says whether it drew the
    sector at all (a chart without it is left as it was).

    Bars carry sector ids as customdata; heatmaps are placed by id on x or y (see matrices.py and
    evidence.py); both facts are how this finds the sector's marks.
    """
    if not sector:
        return False
    lit, marked = _lit(sector), False
    for trace in fig.data:
        if trace.type == "bar" and trace.customdata is not None:
            ids = [str(c) for c in trace.customdata]
            if lit & set(ids):
                trace.marker.color = [palette.ORANGE if s in lit else palette.DARK_BLUE for s in ids]
                trace.marker.line = {"width": [3 if s in lit else 0 for s in ids], "color": palette.TEXT}
                # Bars sit on a category axis of sector labels: name each tick, the lit one bold.
                labels = [str(label) for label in trace.y]
                ticks = [f"<b>▶ {label}</b>" if s in lit else label for s, label in zip(ids, labels, strict=True)]
                fig.update_yaxes(tickvals=labels, ticktext=ticks)
                marked = True
        elif trace.type == "heatmap":
            for name, values in (("x", trace.x), ("y", trace.y)):
                ids = [str(v) for v in values] if values is not None else []
                hit = next((i for i, v in enumerate(ids) if v in lit), None)
                if hit is None:
                    continue
                span = {"x0": hit - 0.5, "x1": hit + 0.5, "y0": 0, "y1": 1, "yref": "paper"}
                if name == "y":
                    span = {"y0": hit - 0.5, "y1": hit + 0.5, "x0": 0, "x1": 1, "xref": "paper"}
                fig.add_shape(type="rect", name="highlight-mark", line={"color": palette.ORANGE, "width": 4}, **span)
                axis = fig.layout.xaxis if name == "x" else fig.layout.yaxis
                _bold_tick(axis, hit, "▼" if name == "x" else "▶")
                marked = True
    return marked
