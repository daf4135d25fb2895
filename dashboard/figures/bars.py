"""Sector bar charts with 95% intervals, and the sentence that describes each.

The figure is a plain dict (figures/base.py says why), its panels laid out here the way
plotly's make_subplots would lay them out: one x and y axis pair per panel, each with its
domain, and each panel's title an annotation centred over its top edge.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from dashboard.analysis.estimates import STATUS_OK
from dashboard.analysis.rows import Rows, records
from dashboard.figures import palette
from dashboard.figures.base import Chart, Figure, base_layout, empty_chart, fit_slide
from dashboard.figures.text import count, held_back, pct, plain, status_note, value_label

#: Stacked bar panels (off presenter mode): pixels above the first panel (its title), between two
#: panels (the upper one's tick labels and the lower one's title) and below the last (its tick
#: labels), and per extra line of a wrapped panel title.
TOP_MARGIN = 40
STACK_GAP = 66
BOTTOM_MARGIN = 40
TITLE_LINE = 19
MARK_ROW = 26
#: A panel title longer than this many characters wraps, so that it fits over a phone-width panel.
TITLE_WIDTH = 24
#: Presenter mode's side-by-side panels: the gap between two, as a share of the plot's width.
SIDE_GAP = 0.08


def _title_lines(label: str) -> list[str]:
    return textwrap.wrap(label, width=TITLE_WIDTH, break_long_words=False, break_on_hyphens=False) or [label]


def _domains(panels: int, gap: float) -> list[list[float]]:
    """Each panel's [start, end] as a share of the plot, the first at 0, `gap` between panels."""
    size = (1 - gap * (panels - 1)) / panels
    return [[i * (size + gap), i * (size + gap) + size] for i in range(panels)]


def _panel_axes(panels: int, *, stacked: bool, gap: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The x and y axes of `panels` panels, stacked top to bottom or side by side (then sharing one
    y axis, whose labels only the first panel shows)."""
    spans = _domains(panels, gap)
    xs, ys = [], []
    for i in range(panels):
        suffix = "" if i == 0 else str(i + 1)
        if stacked:
            low, high = spans[panels - 1 - i]  # the first panel at the top
            x: dict[str, Any] = {"domain": [0.0, 1.0]}
            y: dict[str, Any] = {"domain": [low, high]}
        else:
            x, y = {"domain": spans[i]}, {"domain": [0.0, 1.0]}
            if i:
                y.update(matches="y", showticklabels=False)
        xs.append({"anchor": f"y{suffix}", **x})
        ys.append({"anchor": f"x{suffix}", **y})
    return xs, ys


def sector_bars(
    table: pd.DataFrame | Rows,
    measures: dict[str, str],
    *,
    what: str,
    population: str,
    present: bool = False,
) -> Chart:
    """One panel per measure, one bar per sector, each with its 95% interval.

    Suppressed and empty cells keep their place on the axis with a shorthand
    label, so a reader sees a sector was held back rather than that it is zero.
    """
    rows = records(table)
    sectors = list(dict.fromkeys(r["sector"] for r in rows))
    if not sectors:
        return empty_chart("No sectors selected.", present=present)
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    labels = {r["sector"]: plain(r["sector_label"]) for r in rows}
    # Every sector has a row per measure (the estimators keep empty groups as "no data").
    cell = {(r["measure"], r["sector"]): r for r in rows}
    names = [labels[s] for s in sectors]
    # Presenter mode (a wide screen) puts the panels side by side. Elsewhere they stand one above the
    # other, each the full width with its own sector labels, so that at phone width no panel title
    # runs into the next ("Uses AI" over "Uses automation") and the bars keep room to be read.
    stacked = not present and len(measures) > 1
    panel = 48 * len(sectors)
    title_lines = max(len(_title_lines(label)) for label in measures.values())
    gap = STACK_GAP + TITLE_LINE * (title_lines - 1)
    plot = panel * len(measures) + gap * (len(measures) - 1)
    xaxes, yaxes = _panel_axes(len(measures), stacked=stacked, gap=gap / plot if stacked else SIDE_GAP)
    # Off presenter mode a panel may be 110 px wide (a 320 px screen): three tick labels fit there,
    # with gridlines at every 25%.
    ticks = [0, 20, 40, 60, 80, 100] if present else [0, 50, 100]
    scale: dict[str, Any] = {
        "range": [0, 112],
        "tickvals": ticks,
        "ticktext": [f"{t}%" for t in ticks],
        "gridcolor": palette.GRID,
        "fixedrange": True,
    }
    if not present:
        scale["minor"] = {"tickvals": [25, 75], "showgrid": True, "gridcolor": palette.GRID}
    traces: list[dict[str, Any]] = []
    titles: list[dict[str, Any]] = []
    layout: dict[str, Any] = {}
    for i, (measure, label) in enumerate(measures.items()):
        suffix = "" if i == 0 else str(i + 1)
        part = [cell[(measure, s)] for s in sectors]
        ok = [r["status"] == STATUS_OK for r in part]
        hover = [
            f"{labels[s]}: {pct(r['estimate'])} (95% CI {pct(r['ci_low'])} to {pct(r['ci_high'])}), "
            f"base {count(r['base_n'])}" + (f"; {status_note(r)}" if status_note(r) else "")
            if r["status"] == STATUS_OK
            else f"{labels[s]}: {status_note(r)}"
            for s, r in zip(sectors, part, strict=True)
        ]
        on_axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        traces.append(
            {
                "type": "bar",
                "x": [r["estimate"] * 100 if on else 0.0 for r, on in zip(part, ok, strict=True)],
                "y": names,
                "orientation": "h",
                "marker": {"color": palette.DARK_BLUE, "line": {"width": 0}},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        (r["ci_high"] - r["estimate"]) * 100 if on else 0.0 for r, on in zip(part, ok, strict=True)
                    ],
                    "arrayminus": [
                        (r["estimate"] - r["ci_low"]) * 100 if on else 0.0 for r, on in zip(part, ok, strict=True)
                    ],
                    "color": palette.TEXT,
                    "thickness": 2.5 if present else 1.5,
                    "width": 12 if present else 6,
                },
                "customdata": sectors,
                "hovertext": hover,
                "hoverinfo": "text",
                "name": plain(label),
                **on_axes,
            }
        )
        # Value labels sit just past the interval's upper end, so a label never covers a whisker.
        traces.append(
            {
                "type": "scatter",
                "x": [(r["ci_high"] if on else 0.0) * 100 + 2 for r, on in zip(part, ok, strict=True)],
                "y": names,
                "mode": "text",
                "text": [value_label(r) for r in part],
                "textposition": "middle right",
                "textfont": {"size": 20 if present else 13, "color": palette.TEXT},
                "hoverinfo": "skip",
                "cliponaxis": False,
                **on_axes,
            }
        )
        layout[f"xaxis{suffix}"] = {**xaxes[i], **scale}
        layout[f"yaxis{suffix}"] = {**yaxes[i], "autorange": "reversed", "fixedrange": True}
        x_span, y_span = xaxes[i]["domain"], yaxes[i]["domain"]
        titles.append(
            {
                "text": plain(label) if present else "<br>".join(plain(line) for line in _title_lines(label)),
                "x": (x_span[0] + x_span[1]) / 2,
                "y": y_span[1],
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 24 if present else 15, "color": palette.TEXT},
            }
        )
    fig: Figure
    if present:
        # Presenter mode fills its slide (or, for a few sectors, takes what their bars need).
        fig = {"data": traces, "layout": {**base_layout(height=None, present=True), **layout, "annotations": titles}}
        fit_slide(fig, len(sectors), 110, 90)
    else:
        # The first panel's title sits a row above the plot's top edge, clear of the SYNTHETIC DATA
        # mark (figures/marks.py) that a survey chart carries at that edge's left end: on a narrow
        # screen a centred title is wider than its panel and would run into it.
        if stacked:
            titles[0]["yshift"] = MARK_ROW
        top = TOP_MARGIN + TITLE_LINE * (title_lines - 1) + (MARK_ROW if stacked else 0)
        base = base_layout(height=top + plot + BOTTOM_MARGIN, margin={"t": top})
        fig = {"data": traces, "layout": {**base, **layout, "annotations": titles}}
    return Chart(fig, describe_bars(rows, measures, what=what, population=population))


def describe_bars(table: pd.DataFrame | Rows, measures: dict[str, str], *, what: str, population: str) -> str:
    """Highest, lowest, the gap, the base and what was held back, per measure."""
    rows = records(table)
    sentences = [f"Bar chart of {what} by sector, {population}."]
    for measure, label in measures.items():
        ok = [r for r in rows if r["measure"] == measure and r["status"] == STATUS_OK]
        if not ok:
            sentences.append(f"{label}: no sector has enough responses to show.")
            continue
        # The first of equals, as pandas' idxmax and idxmin give.
        top = max(ok, key=lambda r: r["estimate"])
        low = min(ok, key=lambda r: r["estimate"])
        if len(ok) > 1 and round(top["estimate"] * 100) == round(low["estimate"] * 100):
            sentences.append(f"{label}: all {len(ok)} sectors shown are {pct(top['estimate'])}.")
        elif len(ok) == 1:
            sentences.append(
                f"{label}: {top['sector_label']} {value_label(top)} "
                f"(95% CI {pct(top['ci_low'])} to {pct(top['ci_high'])}, base {count(top['base_n'])})."
            )
        else:
            # The gap between the rounded figures a reader sees, so the sentence adds up.
            gap = round(top["estimate"] * 100) - round(low["estimate"] * 100)
            sentences.append(
                f"{label}: highest {top['sector_label']} {value_label(top)} "
                f"(95% CI {pct(top['ci_low'])} to {pct(top['ci_high'])}, base {count(top['base_n'])}); "
                f"lowest {low['sector_label']} {value_label(low)} "
                f"(95% CI {pct(low['ci_low'])} to {pct(low['ci_high'])}, base {count(low['base_n'])}); "
                f"a gap of {gap:.0f} percentage point{'' if gap == 1 else 's'}."
            )
    sentences.extend(held_back(rows))
    return " ".join(sentences)
