"""Sector bar charts with 95% intervals, and the sentence that describes each.

Built with graph_objects rather than plotly express: express costs tens of
milliseconds per call, which would dominate a filter change.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.analysis.estimates import STATUS_OK
from dashboard.figures import palette
from dashboard.figures.text import count, held_back, pct, plain, status_note, value_label

FONT = "Arial, Helvetica, sans-serif"
#: The room, at least, that a presenter-mode slide leaves its chart, in stage pixels (assets/app.css
#: draws every slide on a 1920 x 1080 stage). A presenter figure has no fixed height, so it fills that
#: room, unless its rows need less than this (`present_height`); the topic panel's small multiples
#: are laid out for this height.
PRESENT_HEIGHT = 520


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    description: str


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


def _title_lines(label: str) -> list[str]:
    return textwrap.wrap(label, width=TITLE_WIDTH, break_long_words=False, break_on_hyphens=False) or [label]


#: The key in a presenter-mode figure's layout.meta that caps its height on its slide (assets/app.js).
SLIDE_HEIGHT = "slide_height"


def fit_slide(fig: go.Figure, rows: int, per_row: int, extra: int) -> go.Figure:
    """A presenter-mode chart has no fixed height: it fills its slide. When its rows need less than
    PRESENT_HEIGHT (a few sectors or codes), layout.meta says how tall they need to be, and the slide
    makes the chart's box that tall (assets/app.js), so that one sector or one code is not stretched
    into a bar or a cell half a screen tall. (A fixed layout.height would not do: a responsive
    dcc.Graph resizes the plot to its box.)"""
    height = extra + per_row * rows
    if height < PRESENT_HEIGHT:
        fig.update_layout(meta={SLIDE_HEIGHT: height})
    return fig


def base_layout(fig: go.Figure, *, height: int | None, present: bool = False) -> go.Figure:
    """Fonts, margins and colours every chart shares. `height` None (presenter mode): no fixed
    height, so plotly fills the graph's box (its slide's remaining room; dcc.Graph is responsive)."""
    size = 20 if present else 14
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 30, "t": 40, "b": 40},
        font={"family": FONT, "size": size, "color": palette.TEXT},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
        hoverlabel={"font": {"family": FONT, "size": size}},
        clickmode="event",
        dragmode=False,
    )
    return fig


def empty_chart(message: str, *, present: bool = False) -> Chart:
    fig = base_layout(go.Figure(), height=None if present else 160, present=present)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return Chart(fig, message)


def sector_bars(
    table: pd.DataFrame,
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
    sectors = list(dict.fromkeys(table["sector"]))
    if not sectors:
        return empty_chart("No sectors selected.", present=present)
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    labels = {s: plain(label) for s, label in zip(table["sector"], table["sector_label"], strict=False)}
    # Presenter mode (a wide screen) puts the panels side by side. Elsewhere they stand one above the
    # other, each the full width with its own sector labels, so that at phone width no panel title
    # runs into the next ("Uses AI" over "Uses automation") and the bars keep room to be read.
    stacked = not present and len(measures) > 1
    panel = 48 * len(sectors)
    title_lines = max(len(_title_lines(label)) for label in measures.values())
    gap = STACK_GAP + TITLE_LINE * (title_lines - 1)
    plot = panel * len(measures) + gap * (len(measures) - 1)
    fig = make_subplots(
        rows=len(measures) if stacked else 1,
        cols=1 if stacked else len(measures),
        shared_yaxes=not stacked,
        subplot_titles=[
            plain(label) if present else "<br>".join(plain(line) for line in _title_lines(label))
            for label in measures.values()
        ],
        horizontal_spacing=0.08,
        vertical_spacing=gap / plot if stacked else None,
    )
    for col, measure in enumerate(measures, start=1):
        part = table[table["measure"] == measure].set_index("sector").reindex(sectors)
        ok = part["status"] == STATUS_OK
        values = part["estimate"].where(ok, 0.0) * 100
        records = part.to_dict("records")
        texts = [value_label(r) for r in records]
        hover = [
            f"{labels[s]}: {pct(r['estimate'])} (95% CI {pct(r['ci_low'])} to {pct(r['ci_high'])}), "
            f"base {count(r['base_n'])}" + (f"; {status_note(r)}" if status_note(r) else "")
            if r["status"] == STATUS_OK
            else f"{labels[s]}: {status_note(r)}"
            for s, r in zip(sectors, records, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=values,
                y=[labels[s] for s in sectors],
                orientation="h",
                marker={
                    "color": palette.DARK_BLUE,
                    "line": {"width": 0},
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": ((part["ci_high"] - part["estimate"]) * 100).where(ok, 0.0),
                    "arrayminus": ((part["estimate"] - part["ci_low"]) * 100).where(ok, 0.0),
                    "color": palette.TEXT,
                    "thickness": 2.5 if present else 1.5,
                    "width": 12 if present else 6,
                },
                customdata=sectors,
                hovertext=hover,
                hoverinfo="text",
                name=plain(measures[measure]),
            ),
            row=col if stacked else 1,
            col=1 if stacked else col,
        )
        # Value labels sit just past the interval's upper end, so a label never covers a whisker.
        label_x = (part["ci_high"].where(ok, 0.0) * 100 + 2).tolist()
        fig.add_trace(
            go.Scatter(
                x=label_x,
                y=[labels[s] for s in sectors],
                mode="text",
                text=texts,
                textposition="middle right",
                textfont={"size": 20 if present else 13, "color": palette.TEXT},
                hoverinfo="skip",
                cliponaxis=False,
            ),
            row=col if stacked else 1,
            col=1 if stacked else col,
        )
        # Off presenter mode a panel may be 110 px wide (a 320 px screen): three tick labels fit there,
        # with gridlines at every 25%.
        ticks = [0, 20, 40, 60, 80, 100] if present else [0, 50, 100]
        fig.update_xaxes(
            range=[0, 112],
            tickvals=ticks,
            ticktext=[f"{t}%" for t in ticks],
            minor=None if present else {"tickvals": [25, 75], "showgrid": True, "gridcolor": palette.GRID},
            gridcolor=palette.GRID,
            row=col if stacked else 1,
            col=1 if stacked else col,
            fixedrange=True,
        )
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    fig.update_annotations(font={"size": 24 if present else 15, "color": palette.TEXT})
    # Presenter mode fills its slide (or, for a few sectors, takes what their bars need).
    if present:
        fit_slide(base_layout(fig, height=None, present=present), len(sectors), 110, 90)
    else:
        # The first panel's title sits a row above the plot's top edge, clear of the SYNTHETIC DATA
        # mark (figures/marks.py) that a survey chart carries at that edge's left end: on a narrow
        # screen a centred title is wider than its panel and would run into it.
        if stacked:
            fig.layout.annotations[0].yshift = MARK_ROW
        top = TOP_MARGIN + TITLE_LINE * (title_lines - 1) + (MARK_ROW if stacked else 0)
        base_layout(fig, height=top + plot + BOTTOM_MARGIN, present=present)
        fig.update_layout(margin={"t": top})
    return Chart(fig, describe_bars(table, measures, what=what, population=population))


def describe_bars(table: pd.DataFrame, measures: dict[str, str], *, what: str, population: str) -> str:
    """Highest, lowest, the gap, the base and what was held back, per measure."""
    sentences = [f"Bar chart of {what} by sector, {population}."]
    for measure, label in measures.items():
        part = table[table["measure"] == measure]
        ok = part[part["status"] == STATUS_OK]
        if ok.empty:
            sentences.append(f"{label}: no sector has enough responses to show.")
            continue
        top = ok.loc[ok["estimate"].idxmax()]
        low = ok.loc[ok["estimate"].idxmin()]
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
    sentences.extend(held_back(table))
    return " ".join(sentences)
