"""The evidence map: a grid of sectors down and topics across saying, for each, what real sources hold.

It ranks nothing. Every cell has the same colour (a cell is tinted only to say that the topic panel
below shows it) and says in shapes and words what is known: a filled shape where there is evidence,
an open one where there is none.

Text from the extract is escaped with `plain` before it goes into a figure; descriptions use it raw.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures import palette
from dashboard.figures.base import FONT, Chart, empty_chart
from dashboard.figures.heatmap import grid_figure, wrap_label
from dashboard.figures.text import lower_first, plain

#: Shapes for what a cell holds: filled where there is evidence, open where there is none.
MARKS = {
    "figures": ("■", "□"),
    "findings": ("●", "○"),
    "quotes": ("▲", "△"),
}
#: The tint of a cell the topic panel shows (the only other fill is white).
SHOWN_FILL = "#EAF1F8"


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


#: Off presenter mode: a grid row's height in pixels (five short lines of text), so that the grid
#: draws without collisions from 42rem wide (assets/app.css keeps each chart at least that wide,
#: scrolling in its own box on a narrower screen).
ROW_HEIGHT = 96


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


def grid_records(cells: pd.DataFrame) -> list[dict]:
    """The cells as `evidence_grid` reads them (a view may work them out once and set `shown`)."""
    return cells[GRID_COLUMNS].to_dict("records")  # read once: a dict reads far faster than a pandas row


def evidence_grid(cells: pd.DataFrame | list[dict], *, present: bool = False) -> Chart:
    """Sectors down, topics across. `cells`: one row per sector and topic with `sector`,
    `sector_label`, `topic`, `topic_label`, `figures`, `own_figures` (about the sector itself),
    `raised` (bool), `quotes`, `shown` (bool: the
    topic panel shows this cell) and `detail` (the cell in words, for hover); or its `grid_records`."""
    rows = grid_records(cells) if isinstance(cells, pd.DataFrame) else cells
    if not rows:
        return empty_chart("No evidence to map.", present=present)
    sectors = list(dict.fromkeys(r["sector"] for r in rows))
    topics = list(dict.fromkeys(r["topic"] for r in rows))
    sector_labels = {r["sector"]: plain(r["sector_label"]) for r in rows}
    topic_labels = {r["topic"]: plain(r["topic_label"]) for r in rows}
    grid = {(r["sector"], r["topic"]): r for r in rows}
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
    fig = grid_figure(
        {"z": z, "text": text, "hovertext": hover},
        (topics, [topic_labels[t] for t in topics]),
        (sectors, [wrap_label(sector_labels[s]) for s in sectors]),
        # Two fills only: white, and the tint of the cells the panel below shows. Not a scale.
        colorscale=[[0.0, "#FFFFFF"], [1.0, SHOWN_FILL]],
        zmax=1,
        text_size=18 if present else 13,
        gap=3,
        # Grey lines between white cells.
        gap_colour=palette.GRID,
        # Presenter mode: no fixed height, the grid fills its slide.
        height=None if present else 70 + ROW_HEIGHT * len(sectors),
        present=present,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        axis={"showgrid": False, "zeroline": False},
        font_family=FONT,
    )
    return Chart(fig, describe_grid(rows))


def describe_grid(rows: list[dict]) -> str:
    """One sentence per sector, every topic in it, in words. `rows`: the grid's cells as records
    (`GRID_COLUMNS`)."""
    parts = [
        f"Grid of {len({r['sector'] for r in rows})} sectors by {len({r['topic'] for r in rows})} topics saying what "
        "real sources hold for each: published figures, whether coded findings raised the topic (presence only: "
        "qualitative findings cannot be quantified) and quotes. Filled shapes mark evidence, open shapes its "
        "absence; no colour ranks the cells."
    ]
    by_sector: dict[str, list[dict]] = {}
    for r in rows:
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
    shown = [r for r in rows if bool(r["shown"])]
    if shown:
        topic = lower_first(shown[0]["topic_label"])
        parts.append(f"The topic panel below shows {topic} for {', '.join(r['sector_label'] for r in shown)}.")
    return " ".join(parts)
