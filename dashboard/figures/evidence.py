"""The evidence map's grid and the topic panel's small multiples, each with its text description.

Neither chart ranks sectors. The grid gives every cell the same colour (a cell is tinted only to
say that the topic panel below shows it) and says in shapes and words what is known: a filled
shape where there is evidence, an open one where there is none. The small multiples give every
published figure a panel and an axis of its own, titled with its publisher, year, measure and
population, because figures from different surveys, populations and questions do not compare.

Text from the extract is escaped with `plain` before it goes into a figure; descriptions use it raw.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import vocab
from dashboard.figures import palette
from dashboard.figures.bars import FONT, PRESENT_HEIGHT, Chart, base_layout, empty_chart
from dashboard.figures.matrices import lower_first, wrap_label
from dashboard.figures.text import plain

#: Shapes for what a cell holds: filled where there is evidence, open where there is none.
MARKS = {
    "figures": ("■", "□"),
    "findings": ("●", "○"),
    "quotes": ("▲", "△"),
}
#: The tint of a cell the topic panel shows (the only other fill is white).
SHOWN_FILL = "#EAF1F8"
#: Units with a scale of their own, drawn as a bar across it; the others are printed as numbers.
SCALES = {"percent": (0.0, 100.0), "score_0_1": (0.0, 1.0)}
TRACK = "#F3F2F1"
BAR = palette.DARK_BLUE
#: Presenter mode shows this many figures, each title cut to PRESENT_TITLE_LINES lines, at one
#: height whatever they are; the table lists all.
PRESENT_FIGURES = 4
#: Elsewhere the chart draws at most this many (a panel per figure is an axis per figure, and 31
#: axes took the browser seconds to draw on every filter change); the table lists all.
DRAWN_FIGURES = 10
PRESENT_TITLE_LINES = 2


#: The columns the grid reads.
GRID_COLUMNS = [
    "sector",
    "sector_label",
    "topic",
    "topic_label",
    "figures",
    "own_figures",
    "raised",
    "quotes",
    "shown",
    "detail",
]


#: Off presenter mode: a grid row's height in pixels (five short lines of text), and the characters per
#: line of a small-multiple title, so that the grid draws without collisions from 42rem wide and the
#: titles fit in 36rem (assets/app.css keeps each chart at least that wide, scrolling in its own box
#: on a narrower screen).
ROW_HEIGHT = 96
TITLE_WIDTH = 80


def _narrow(lines: list[str]) -> list[str]:
    """A cell's lines with "(N on this sector)" on a line of its own, so a cell is half as wide."""
    first, sep, rest = lines[0].partition(" (")
    return [first, f"({rest}", *lines[1:]] if sep else lines


def mark(kind: str, present: bool) -> str:
    return MARKS[kind][0 if present else 1]


def cell_lines(figures: int, own: int, raised: bool, quotes: int) -> list[str]:
    """The short lines in a grid cell (the key is in the card's About and in the description)."""
    counted = f"{figures} figure{'s' if figures != 1 else ''} ({own if own else 'none'} on this sector)"
    return [
        f"{mark('figures', bool(figures))} " + (counted if figures else "no figures"),
        f"{mark('findings', raised)} " + ("raised in findings" if raised else "not raised"),
        f"{mark('quotes', bool(quotes))} " + (f"{quotes} quote{'s' if quotes != 1 else ''}" if quotes else "no quotes"),
    ]


def evidence_grid(cells: pd.DataFrame, *, present: bool = False) -> Chart:
    """Sectors down, topics across. `cells`: one row per sector and topic with `sector`,
    `sector_label`, `topic`, `topic_label`, `figures`, `own_figures` (about the sector itself),
    `raised` (bool), `quotes`, `shown` (bool: the
    topic panel shows this cell) and `detail` (the cell in words, for hover)."""
    if cells.empty:
        return empty_chart("No evidence to map.", present=present)
    sectors = list(dict.fromkeys(cells["sector"]))
    topics = list(dict.fromkeys(cells["topic"]))
    sector_labels = {s: plain(label) for s, label in zip(cells["sector"], cells["sector_label"], strict=False)}
    topic_labels = {t: plain(label) for t, label in zip(cells["topic"], cells["topic_label"], strict=False)}
    grid = {(r["sector"], r["topic"]): r for r in cells[GRID_COLUMNS].to_dict("records")}
    z, text, hover = [], [], []
    for s in sectors:
        row_z, row_t, row_h = [], [], []
        for t in topics:
            r = grid[(s, t)]
            lines = cell_lines(int(r["figures"]), int(r["own_figures"]), bool(r["raised"]), int(r["quotes"]))
            if not present:
                lines = _narrow(lines)
            if r["shown"]:
                lines.append("▸ shown below")
            row_z.append(1 if r["shown"] else 0)
            row_t.append("<br>".join(lines))
            row_h.append(f"{sector_labels[s]} · {topic_labels[t]}: {plain(r['detail'])}")
        z.append(row_z)
        text.append(row_t)
        hover.append(row_h)
    size = 18 if present else 13
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=topics,
            y=sectors,
            text=text,
            texttemplate="%{text}",
            textfont={"size": size, "color": palette.TEXT, "family": FONT},
            hovertext=hover,
            hoverinfo="text",
            # Two fills only: white, and the tint of the cells the panel below shows. Not a scale.
            colorscale=[[0.0, "#FFFFFF"], [1.0, SHOWN_FILL]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    fig.update_xaxes(
        side="top",
        fixedrange=True,
        tickangle=0,
        tickvals=topics,
        ticktext=[topic_labels[t] for t in topics],
        showgrid=False,
        zeroline=False,
    )
    fig.update_yaxes(
        autorange="reversed",
        fixedrange=True,
        showgrid=False,
        zeroline=False,
        tickvals=sectors,
        ticktext=[wrap_label(sector_labels[s]) for s in sectors],
    )
    # Presenter mode: no fixed height, the grid fills its slide.
    base_layout(fig, height=None if present else 70 + ROW_HEIGHT * len(sectors), present=present)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor=palette.GRID)
    return Chart(fig, describe_grid(cells))


def describe_grid(cells: pd.DataFrame) -> str:
    """One sentence per sector, every topic in it, in words."""
    parts = [
        f"Grid of {cells['sector'].nunique()} sectors by {cells['topic'].nunique()} topics saying what real sources "
        "hold for each: published figures, whether coded findings raised the topic (presence only: qualitative "
        "findings cannot be quantified) and quotes. Filled shapes mark evidence, open shapes its absence; no colour "
        "ranks the cells."
    ]
    by_sector: dict[str, list[dict]] = {}
    for r in cells[GRID_COLUMNS].to_dict("records"):
        by_sector.setdefault(r["sector_label"], []).append(r)
    for label, group in by_sector.items():
        bits = []
        for r in group:
            figures = int(r["figures"])
            quotes = int(r["quotes"])
            bits.append(
                f"{lower_first(r['topic_label'])}: "
                + (
                    f"{figures} published figure{'s' if figures != 1 else ''} ({int(r['own_figures'])} on the sector "
                    "itself)"
                    if figures
                    else "no published figure"
                )
                + (", raised in findings" if r["raised"] else ", not raised in findings")
                + (f", {quotes} quote{'s' if quotes != 1 else ''}" if quotes else ", no quotes")
            )
        parts.append(f"{label}: " + "; ".join(bits) + ".")
    shown = cells[cells["shown"].astype(bool)]
    if len(shown):
        topic = lower_first(shown["topic_label"].iloc[0])
        parts.append(f"The topic panel below shows {topic} for {', '.join(shown['sector_label'])}.")
    return " ".join(parts)


# -- small multiples ---------------------------------------------------------------------------------


def panel_title(r: dict, *, reporter: bool = False) -> str:
    """'Publisher (year): measure label — population', as plain text (escape it for a figure).
    With `reporter`, also who reported the figure, where it was read on another page (hover text,
    description and table say it; a panel's title stays short)."""
    when = year_text(r.get("year"))
    by = r.get("reporter")
    by = f", reported by {by}" if reporter and isinstance(by, str) and by.strip() else ""
    return f"{r['publisher']} ({when}{by}): {r['measure_label']} — {r['population']}"


def year_text(year: object) -> str:
    """'2024', or 'year not given' (a year read from a frame with gaps may arrive as 2024.0 or NaN)."""
    if isinstance(year, int | float) and not isinstance(year, bool) and year == year:  # NaN != NaN
        return str(int(year))
    return "year not given"


@dataclass(frozen=True)
class _Block:
    """A heading (no record) or one figure's panel: its title lines, where they start and where its
    bar starts, in pixels from the top of the plot."""

    lines: list[str]
    top: float
    bar_top: float
    record: dict | None = None


#: The columns the small multiples read (a topic panel's frame carries every extract column).
PANEL_COLUMNS = [
    "estimate_id",
    "unit_of_count",
    "publisher",
    "year",
    "reporter",
    "measure_label",
    "population",
    "value",
    "unit",
    "value_text",
]


def _records(figures: pd.DataFrame) -> list[dict]:
    return figures[PANEL_COLUMNS].to_dict("records")


def _wrapped(text: str, width: int, max_lines: int | None = None) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True, max_lines=max_lines, placeholder=" …") or [""]


def figure_panels(figures: pd.DataFrame, *, topic_label: str, present: bool = False) -> Chart:
    """One panel per published figure, each on its own axis, grouped under a heading per unit of count.

    `figures` (strongest first within each unit of count, as `analysis.evidence.topic_figures`
    orders them) needs `estimate_id`, `unit_of_count`, `publisher`, `year`, `reporter`,
    `measure_label`, `population`, `value`, `unit` and `value_text` (the value as published, with
    its qualifier). A percentage or a 0 to 1 score is drawn as a bar across its whole scale; any
    other unit has no scale two figures would share, so it is printed as a number, not drawn.
    """
    if figures.empty:
        return empty_chart(f"No published figure on {topic_label} for this selection.", present=present)
    records = _records(figures)
    shown = records[: PRESENT_FIGURES if present else DRAWN_FIGURES]
    size = 20 if present else 13
    line = 26 if present else 17
    width = 110 if present else TITLE_WIDTH  # characters per title line
    bar = 30 if present else 18
    gap = 16 if present else 12
    heading = 34 if present else 26
    note = 28 if present else 22
    note_text = _note() + (
        f" The first {len(shown)} of {len(records)}; the table lists all." if len(shown) < len(records) else ""
    )
    # Off presenter mode the note wraps like the titles, so it fits the chart's narrowest width.
    note_lines = [note_text] if present else _wrapped(note_text, width)
    note += line * (len(note_lines) - 1)

    # Walk down the page in pixels, then turn each position into paper coordinates.
    blocks: list[_Block] = []
    cursor = float(note)
    unit = None
    for r in shown:
        if r["unit_of_count"] != unit:
            unit = r["unit_of_count"]
            count = sum(1 for x in records if x["unit_of_count"] == unit)
            label = vocab.UNITS_OF_COUNT.get(unit, unit)
            blocks.append(_Block([f"{label}: {count} figure{'s' if count != 1 else ''}"], cursor, cursor))
            cursor += heading
        lines = _wrapped(panel_title(r), width, PRESENT_TITLE_LINES if present else None)
        top = cursor
        cursor += line * len(lines)
        blocks.append(_Block(lines, top, cursor, r))
        cursor += bar + gap
    margin = {"l": 10, "r": 90, "t": 10, "b": 10}
    # Presenter mode keeps one height whatever is shown (room for the most it can show: a heading and
    # a full-length title per figure), so the screen does not jump.
    most = note + PRESENT_FIGURES * (heading + line * PRESENT_TITLE_LINES + bar + gap)
    plot_height = float(max(most, PRESENT_HEIGHT - margin["t"] - margin["b"])) if present else cursor
    height = int(plot_height + margin["t"] + margin["b"])

    def paper(px: float) -> float:
        return max(0.0, min(1.0, 1 - px / plot_height))

    traces: list[dict] = []
    annotations = [
        dict(
            text="<br>".join(plain(piece) for piece in note_lines),
            x=0,
            y=1,
            align="left",
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": size - 1, "color": palette.TEXT, "style": "italic"},
        )
    ]
    layout: dict = {}
    axis = 0
    for block in blocks:
        if block.record is None:
            annotations.append(
                dict(
                    text=plain(block.lines[0]),
                    x=0,
                    y=paper(block.top + 4),
                    xref="paper",
                    yref="paper",
                    xanchor="left",
                    yanchor="top",
                    showarrow=False,
                    font={"size": size + 1, "color": palette.TEXT, "weight": "bold"},
                )
            )
            continue
        r, top, bottom = block.record, block.bar_top, block.bar_top + bar
        axis += 1
        suffix = "" if axis == 1 else str(axis)
        xa, ya = f"xaxis{suffix}", f"yaxis{suffix}"
        annotations.append(
            dict(
                text="<br>".join(plain(piece) for piece in block.lines),
                x=0,
                y=paper(block.top),
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
                font={"size": size, "color": palette.TEXT},
            )
        )
        scale = SCALES.get(r["unit"])
        value = float(r["value"])
        label = plain(r["value_text"])
        hover = f"{plain(panel_title(r, reporter=True))}: {label}"
        if scale is not None:
            low, high = min(scale[0], value), max(scale[1], value)
            traces.append(
                dict(
                    type="bar",
                    x=[high - low],
                    base=[low],
                    y=[0],
                    orientation="h",
                    marker={"color": TRACK, "line": {"color": palette.GRID, "width": 1}},
                    hoverinfo="skip",
                    xaxis=f"x{suffix}",
                    yaxis=f"y{suffix}",
                    width=0.9,
                )
            )
            traces.append(
                dict(
                    type="bar",
                    x=[value],
                    y=[0],
                    orientation="h",
                    marker={"color": BAR, "line": {"width": 0}},
                    customdata=[r["estimate_id"]],
                    hovertext=[hover],
                    hoverinfo="text",
                    xaxis=f"x{suffix}",
                    yaxis=f"y{suffix}",
                    width=0.9,
                )
            )
            text_x, position = high, "middle right"
        else:
            low, high, text_x, position = 0.0, 1.0, 0.0, "middle right"
        traces.append(
            dict(
                type="scatter",
                x=[text_x],
                y=[0],
                mode="text",
                text=[label],
                textposition=position,
                textfont={"size": size, "color": palette.TEXT, "weight": "bold"},
                customdata=[r["estimate_id"]],
                hovertext=[hover],
                hoverinfo="text",
                cliponaxis=False,
                xaxis=f"x{suffix}",
                yaxis=f"y{suffix}",
            )
        )
        layout[xa] = {
            "domain": [0, 0.86],
            "range": [low, high],
            "visible": False,
            "fixedrange": True,
            "anchor": f"y{suffix}",
        }
        layout[ya] = {
            "domain": [paper(bottom), paper(top)],
            "range": [-0.5, 0.5],
            "visible": False,
            "fixedrange": True,
            "anchor": f"x{suffix}",
        }
    # One figure built from plain dicts: adding 150 traces and 100 axes one at a time costs seconds.
    fig = go.Figure(data=traces, layout={**layout, "annotations": annotations, "barmode": "overlay"})
    # Presenter mode has no fixed height: the panels are laid out for PRESENT_HEIGHT and plotly stretches
    # them to the room the slide leaves (at least that), so titles never run into the bars below.
    base_layout(fig, height=None if present else height, present=present)
    fig.update_layout(margin=margin)
    return Chart(fig, describe_panels(figures, topic_label=topic_label, shown=len(shown)))


def _note() -> str:
    return "Each figure on its own axis: figures from different surveys, populations and questions do not compare."


def describe_panels(figures: pd.DataFrame, *, topic_label: str, shown: int | None = None) -> str:
    """What the small multiples show, figure by figure, grouped by what each counts (only the
    figures drawn, when presenter mode draws the first `shown`)."""
    n = len(figures)
    publishers = figures["publisher"].nunique()
    parts = [
        f"{n} published figure{'s' if n != 1 else ''} on {topic_label} from {publishers} "
        f"publisher{'s' if publishers != 1 else ''}, each in a panel of its own: {_note()}"
    ]
    if shown is not None and shown < n:
        parts.append(f"The chart shows the first {shown}; the table lists all {n}.")
    groups: dict[str, list[dict]] = {}
    for r in _records(figures)[: n if shown is None else shown]:
        groups.setdefault(r["unit_of_count"], []).append(r)
    for unit, group in groups.items():
        label = vocab.UNITS_OF_COUNT.get(unit, unit)
        listed = "; ".join(f"{panel_title(r, reporter=True)}: {r['value_text']}" for r in group)
        parts.append(f"{label}: {listed}.")
    return " ".join(parts)
