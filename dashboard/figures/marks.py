"""Marks a figure carries inside itself, so that an image of it says what the page around it says.

A chart saved with the camera button, pasted into a slide or screen-shared without the page
keeps its annotations and nothing else; a figure drawn from invented data must therefore
say so in its own pixels, not only in the badge and caption beside it.

Both marks change the figure dict they are given. A view's figure may be memoised and shared
between requests, so a caller marks a copy (`views.model.highlighted` copies before it highlights;
a survey view stamps the figure it has just built).
"""

from __future__ import annotations

from typing import Any

from dashboard.figures import palette
from dashboard.figures.base import Figure
from dashboard.figures.topic_panels import title_name

SYNTHETIC_MARK = "SYNTHETIC DATA"
#: Pixels the mark needs left of the plot (13 px bold text in its outline, 8 px from the plot):
#: "Local government" labels gave it about 120, so its first letter was cut off at the image's edge.
MARK_ROOM = 136
#: Stage pixels the presenter-mode mark needs left of the plot (18 px bold text in its outline).
PRESENT_MARK_ROOM = 200


def mark_synthetic(fig: Figure, *, present: bool = False) -> Figure:
    """Stamp SYNTHETIC DATA above the top left corner of the plot, over the axis labels, where no
    subplot or column title sits: text in an outline, no colour of its own (colours in this
    product each mean one thing, and this is not one of them)."""
    layout = fig["layout"]
    layout["annotations"] = [
        *layout.get("annotations", []),
        {
            "text": SYNTHETIC_MARK,
            "name": "synthetic-mark",
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 1,
            "xanchor": "right",
            "yanchor": "bottom",
            "xshift": -8,
            "yshift": 4,
            "showarrow": False,
            "font": {"size": 18 if present else 13, "color": palette.TEXT, "weight": "bold"},
            "bordercolor": palette.TEXT,
            "borderwidth": 1,
            "borderpad": 3,
            "bgcolor": "white",
        },
    ]
    # The mark sits left of the plot, over the axis labels: short labels ("Health") leave less room
    # than it needs, so a chart keeps that room whatever the labels (the margin grows, never shrinks).
    margin = layout.get("margin", {})
    layout["margin"] = {**margin, "l": max(margin.get("l") or 0, PRESENT_MARK_ROOM if present else MARK_ROOM)}
    return fig


#: The sectors whose marks a highlight of one sector lights up: the survey's combined police and
#: fire group stands for either.
def _lit(sector: str) -> set[str]:
    return {sector, "police_and_fire"} if sector in ("police", "fire") else {sector}


def _bold(text: str, arrow: str) -> str:
    return f"<b>{arrow} {text}</b>"


def _axes(layout: dict[str, Any], letter: str) -> list[str]:
    """The names of the figure's x (or y) axes: 'xaxis', 'xaxis2', ..."""
    return [key for key in layout if key == f"{letter}axis" or (key.startswith(f"{letter}axis") and key[5:].isdigit())]


def _bold_tick(axis: dict[str, Any], position: int, arrow: str) -> None:
    labels = list(axis.get("ticktext") or [])
    if position >= len(labels):
        return
    labels[position] = _bold(labels[position], arrow)
    axis["ticktext"] = labels


def _outlined(ids: list[str], lit: set[str]) -> dict[str, Any]:
    """Bar marks with the lit ones orange and outlined, the others dark blue."""
    return {
        "color": [palette.ORANGE if s in lit else palette.DARK_BLUE for s in ids],
        "line": {"width": [3 if s in lit else 0 for s in ids], "color": palette.TEXT},
    }


def _mark_sector_bars(fig: Figure, trace: dict[str, Any], lit: set[str]) -> bool:
    """A sector bar chart's bars carry sector ids as customdata, on a category axis of sector labels."""
    ids = [str(c) for c in trace["customdata"]]
    if not lit & set(ids):
        return False
    trace["marker"] = _outlined(ids, lit)
    # Name each tick, the lit one bold, on every panel's axis.
    labels = [str(label) for label in trace["y"]]
    ticks = [_bold(label, "▶") if s in lit else label for s, label in zip(ids, labels, strict=True)]
    layout = fig["layout"]
    for name in _axes(layout, "y"):
        layout[name] = {**layout[name], "tickvals": labels, "ticktext": ticks}
    return True


def _mark_heatmap(fig: Figure, trace: dict[str, Any], lit: set[str]) -> bool:
    """A grid's cells are placed by id on x or y (figures/heatmap.py): frame the lit row or column."""
    layout, marked = fig["layout"], False
    for letter in ("x", "y"):
        ids = [str(v) for v in trace.get(letter) or []]
        hit = next((i for i, v in enumerate(ids) if v in lit), None)
        if hit is None:
            continue
        span: dict[str, Any] = {"x0": hit - 0.5, "x1": hit + 0.5, "y0": 0, "y1": 1, "yref": "paper"}
        if letter == "y":
            span = {"y0": hit - 0.5, "y1": hit + 0.5, "x0": 0, "x1": 1, "xref": "paper"}
        frame = {"type": "rect", "name": "highlight-mark", "line": {"color": palette.ORANGE, "width": 4}, **span}
        layout["shapes"] = [*layout.get("shapes", []), frame]
        axis = dict(layout.get(f"{letter}axis", {}))
        _bold_tick(axis, hit, "▼" if letter == "x" else "▶")
        layout[f"{letter}axis"] = axis
        marked = True
    return marked


def _mark_panels(fig: Figure, lit: set[str]) -> bool:
    """The topic panel's small multiples: each figure's marks carry its sector in `meta` and its
    id as customdata; its title is the annotation named after it (figures/topic_panels.py)."""
    figures = set()
    for trace in fig["data"]:
        if str((trace.get("meta") or {}).get("sector")) not in lit or not trace.get("customdata"):
            continue
        figures.add(str(trace["customdata"][0]))
        if trace["type"] == "bar":
            trace["marker"] = _outlined([str(trace["meta"]["sector"])], lit)
    if not figures:
        return False
    names = {title_name(f) for f in figures}
    layout = fig["layout"]
    layout["annotations"] = [
        {**a, "text": _bold(a["text"], "▶")} if a.get("name") in names else a for a in layout.get("annotations", [])
    ]
    return True


def mark_highlight(fig: Figure, sector: str) -> bool:
    """Mark one sector in a chart drawn by this package, so a comparison stays on screen with the
    highlighted sector picked out: its bars turn orange with an outline, a heatmap row or column gets
    a thick orange frame, and its label (an axis label, or a small multiple's title) is bold with an
    arrow, so colour is never the only cue. Orange means "highlighted" and nothing else. Marks `fig`
    in place (mark a copy of a shared figure) and says whether it drew the sector at all (a chart
    without it is left as it was).

    Bars carry sector ids as customdata, a small multiple's marks their sector in `meta`, and
    heatmaps are placed by id on x or y (see bars.py, topic_panels.py, heatmap.py): those facts are
    how this finds the sector's marks.
    """
    if not sector:
        return False
    lit, marked = _lit(sector), False
    for trace in fig["data"]:
        if trace["type"] == "bar" and trace.get("customdata") is not None and "meta" not in trace:
            marked |= _mark_sector_bars(fig, trace, lit)
        elif trace["type"] == "heatmap":
            marked |= _mark_heatmap(fig, trace, lit)
    return _mark_panels(fig, lit) or marked
