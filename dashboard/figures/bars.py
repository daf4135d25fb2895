"""Sector bar charts with 95% intervals, and the sentence that describes each.

Built with graph_objects rather than plotly express: express costs tens of
milliseconds per call, which would dominate a filter change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.analysis.estimates import STATUS_OK
from dashboard.figures import palette
from dashboard.figures.text import count, held_back, pct, plain, status_note, value_label

FONT = "Arial, Helvetica, sans-serif"
PRESENT_HEIGHT = 520


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    description: str


def base_layout(fig: go.Figure, *, height: int, present: bool = False) -> go.Figure:
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
    fig = base_layout(go.Figure(), height=160, present=present)
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
    fig = make_subplots(
        rows=1,
        cols=len(measures),
        shared_yaxes=True,
        subplot_titles=[plain(label) for label in measures.values()],
        horizontal_spacing=0.08,
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
                    "color": [palette.SECTOR_COLOURS.get(s, palette.DARK_GREY) for s in sectors],
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
            row=1,
            col=col,
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
            row=1,
            col=col,
        )
        fig.update_xaxes(
            range=[0, 112],
            tickvals=[0, 20, 40, 60, 80, 100],
            ticktext=["0%", "20%", "40%", "60%", "80%", "100%"],
            gridcolor=palette.GRID,
            row=1,
            col=col,
            fixedrange=True,
        )
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    fig.update_annotations(font={"size": 24 if present else 15, "color": palette.TEXT})
    # Presenter mode keeps one height whatever is selected, so the screen never jumps.
    base_layout(fig, height=PRESENT_HEIGHT if present else 90 + 48 * len(sectors), present=present)
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
                f"a gap of {gap:.0f} percentage points."
            )
    sentences.extend(held_back(table))
    return " ".join(sentences)
