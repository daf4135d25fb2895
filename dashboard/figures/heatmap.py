"""The one heatmap every grid of this package is drawn with: the barrier grid, the findings matrix
and the evidence map.

Cells are placed by id and the axes show the labels, because Dash passes a heatmap click's x and y
(not its customdata) to callbacks, and figures/marks.py finds a highlighted sector's row or column
by the same ids. Columns are named along the top, rows down the left, first row at the top.
"""

from __future__ import annotations

from typing import Any

from dashboard.figures import palette
from dashboard.figures.base import Figure, base_layout

#: An axis of a grid: the ids the cells are placed by, and the labels a reader sees.
Axis = tuple[list[str], list[str]]


#: The longest line of a column label. At 1200-1399 CSS px the matrix is 730 px wide and two-line
#: labels ("Not sector-<br>specific" beside "Former civil<br>servants") overlapped by 18 px; lines
#: of at most 10 characters leave every gap at 11 px or more at 1200, 1280 and 1400 px.
LABEL_LINE = 10


def wrap_label(label: str, width: int = LABEL_LINE) -> str:
    """Break a column label into lines of at most `width` characters, at spaces and after hyphens,
    so neighbouring columns do not collide (a word longer than `width` keeps a line of its own)."""
    words = label.replace("-", "- ").split(" ")
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) - lines[-1].endswith("-") <= width:
            lines[-1] += word if lines[-1].endswith("-") else " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def cell_borders(columns: int, rows: int, width: int, colour: str = "white") -> dict[str, Any]:
    """The lines between a grid's cells (and half a line inside its edges), as one path on the
    cells' axes, `width` pixels wide.

    Not the heatmap's own `xgap`/`ygap`, which draw the same lines: with either set, plotly paints the
    cells into a PNG the size of the chart on every draw, where without them it paints one pixel a cell
    and lets the browser scale it up (docs/performance.md, issue 15's seventh step)."""
    xs, ys = [k - 0.5 for k in range(columns + 1)], [k - 0.5 for k in range(rows + 1)]
    path = "".join(f"M{x},{ys[0]}V{ys[-1]}" for x in xs) + "".join(f"M{xs[0]},{y}H{xs[-1]}" for y in ys)
    return {
        "type": "path",
        "name": "cell-borders",
        "path": path,
        "xref": "x",
        "yref": "y",
        "line": {"color": colour, "width": width},
        "layer": "above",
    }


def grid_figure(
    cells: dict[str, list[list[Any]]],
    x: Axis,
    y: Axis,
    *,
    colorscale: list[list[Any]],
    zmax: float,
    text_size: int,
    gap: int,
    height: int | None,
    present: bool,
    margin: dict[str, int],
    axis: dict[str, Any] | None = None,
    font_family: str | None = None,
    gap_colour: str = "white",
) -> Figure:
    """A grid of `cells` (row-major lists: `z`, `text`, `hovertext` and, for a grid a click reads,
    `customdata`) on `x` and `y`, coloured by `colorscale` from 0 to `zmax`, each cell printing its
    text, with the layout every chart shares, `gap` pixels of `gap_colour` between cells (`cell_borders`).
    `axis`: more settings for both axes."""
    (x_ids, x_labels), (y_ids, y_labels) = x, y
    textfont: dict[str, Any] = {"size": text_size, "color": palette.TEXT}
    if font_family:
        textfont["family"] = font_family
    trace = {
        "type": "heatmap",
        "x": x_ids,
        "y": y_ids,
        **cells,
        "texttemplate": "%{text}",
        "textfont": textfont,
        "hoverinfo": "text",
        "colorscale": colorscale,
        "zmin": 0,
        "zmax": zmax,
        "showscale": False,
    }
    more = axis or {}
    layout = {
        **base_layout(height=height, present=present, margin=margin),
        "shapes": [cell_borders(len(x_ids), len(y_ids), gap, gap_colour)],
        "xaxis": {"side": "top", "fixedrange": True, "tickangle": 0, "tickvals": x_ids, "ticktext": x_labels, **more},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "tickvals": y_ids, "ticktext": y_labels, **more},
    }
    return {"data": [trace], "layout": layout}
