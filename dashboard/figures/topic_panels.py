"""The topic panel's small multiples: every published figure on a topic in a panel and on an axis of
its own, titled with its publisher, year, measure and population, because figures from different
surveys, populations and questions do not compare. They are grouped under a heading per unit of
count (organisations, staff, hours).

Each figure is about one sector (or a role group, or the whole public sector): its marks carry that
sector in their `meta`, and its title annotation is named after the figure (`title_name`), so
figures/marks.py can pick out a highlighted sector's figures.

Text from the extract is escaped with `plain` before it goes into a figure; descriptions use it raw.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.data import vocab
from dashboard.figures import palette
from dashboard.figures.base import PRESENT_HEIGHT, Chart, Figure, base_layout, empty_chart
from dashboard.figures.text import plain, year_text

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
#: Off presenter mode, the characters per line of a title, so that the titles fit in 36rem
#: (assets/app.css keeps each chart at least that wide, scrolling in its own box on a narrower screen).
TITLE_WIDTH = 80

#: The columns the small multiples read (a topic panel's frame carries every extract column).
PANEL_COLUMNS = [
    "estimate_id",
    "sector",
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


def title_name(estimate_id: str) -> str:
    """The `name` of the annotation that titles a figure's panel."""
    return f"panel-title {estimate_id}"


def panel_title(r: dict, *, reporter: bool = False) -> str:
    """'Publisher (year): measure label — population', as plain text (escape it for a figure).
    With `reporter`, also who reported the figure, where it was read on another page (hover text,
    description and table say it; a panel's title stays short)."""
    when = year_text(r.get("year"))
    by = r.get("reporter")
    by = f", reported by {by}" if reporter and isinstance(by, str) and by.strip() else ""
    return f"{r['publisher']} ({when}{by}): {r['measure_label']} — {r['population']}"


@dataclass(frozen=True)
class _Sizes:
    """Pixels (and characters per title line) of one mode, presenter or not."""

    font: int
    line: int
    width: int
    bar: int
    gap: int
    heading: int
    note: int

    @classmethod
    def of(cls, present: bool) -> _Sizes:
        if present:
            return cls(font=20, line=26, width=110, bar=30, gap=16, heading=34, note=28)
        return cls(font=13, line=17, width=TITLE_WIDTH, bar=18, gap=12, heading=26, note=22)


@dataclass(frozen=True)
class _Block:
    """A heading (no record) or one figure's panel: its title lines, where they start and where its
    bar starts, in pixels from the top of the plot."""

    lines: list[str]
    top: float
    bar_top: float
    record: dict | None = None


def panel_records(figures: pd.DataFrame) -> list[dict]:
    """The figures as `figure_panels` reads them (a view may work them out once and pick from them)."""
    return figures[PANEL_COLUMNS].to_dict("records")


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, max_lines: int | None = None) -> tuple[str, ...]:
    """A title in lines of at most `width` characters. Kept per text: the same few hundred figure
    titles are wrapped on every change, and `textwrap` was a tenth of the topic panel's time."""
    return tuple(textwrap.wrap(text, width=width, break_long_words=True, max_lines=max_lines, placeholder=" …")) or (
        "",
    )


def _blocks(shown: list[dict], records: list[dict], size: _Sizes, start: float, present: bool) -> list[_Block]:
    """Walk down the page in pixels from `start`: a heading where the unit of count changes (with how
    many of all `records` count it), then each figure's title and bar."""
    blocks: list[_Block] = []
    cursor = start
    unit = None
    for r in shown:
        if r["unit_of_count"] != unit:
            unit = r["unit_of_count"]
            count = sum(1 for x in records if x["unit_of_count"] == unit)
            label = vocab.UNITS_OF_COUNT.get(unit, unit)
            blocks.append(_Block([f"{label}: {count} figure{'s' if count != 1 else ''}"], cursor, cursor))
            cursor += size.heading
        lines = list(_wrapped(panel_title(r), size.width, PRESENT_TITLE_LINES if present else None))
        top = cursor
        cursor += size.line * len(lines)
        blocks.append(_Block(lines, top, cursor, r))
        cursor += size.bar + size.gap
    return blocks


def _text(text: str, y: float, font: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Left-aligned text at the plot's left edge, its top at `y` (paper coordinates)."""
    return {
        "text": text,
        "x": 0,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": font,
        **more,
    }


def _panel(r: dict, axis: int, span: tuple[float, float], size: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One figure's traces (its scale's track, its bar and its value, or the value alone) on axis
    pair `axis`, and those axes, `span` (bottom, top) of the plot's height."""
    suffix = "" if axis == 1 else str(axis)
    on_axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
    # What a click, a highlight and the hover read: the figure's id, its sector, its title and value.
    label = plain(r["value_text"])
    about = {
        "customdata": [r["estimate_id"]],
        "meta": {"sector": str(r["sector"])},
        "hovertext": [f"{plain(panel_title(r, reporter=True))}: {label}"],
        "hoverinfo": "text",
    }
    scale = SCALES.get(r["unit"])
    value = float(r["value"])
    traces: list[dict[str, Any]] = []
    if scale is not None:
        low, high = min(scale[0], value), max(scale[1], value)
        common = {"type": "bar", "y": [0], "orientation": "h", "width": 0.9, **on_axes}
        track = {"color": TRACK, "line": {"color": palette.GRID, "width": 1}}
        traces.append({**common, "x": [high - low], "base": [low], "marker": track, "hoverinfo": "skip"})
        traces.append({**common, "x": [value], "marker": {"color": BAR, "line": {"width": 0}}, **about})
        text_x = high
    else:
        low, high, text_x = 0.0, 1.0, 0.0
    traces.append(
        {
            "type": "scatter",
            "x": [text_x],
            "y": [0],
            "mode": "text",
            "text": [label],
            "textposition": "middle right",
            "textfont": {"size": size, "color": palette.TEXT, "weight": "bold"},
            "cliponaxis": False,
            **about,
            **on_axes,
        }
    )
    hidden = {"visible": False, "fixedrange": True}
    axes = {
        f"xaxis{suffix}": {"domain": [0, 0.86], "range": [low, high], **hidden, "anchor": f"y{suffix}"},
        f"yaxis{suffix}": {"domain": list(span), "range": [-0.5, 0.5], **hidden, "anchor": f"x{suffix}"},
    }
    return traces, axes


def figure_panels(figures: pd.DataFrame | list[dict], *, topic_label: str, present: bool = False) -> Chart:
    """One panel per published figure, each on its own axis, grouped under a heading per unit of count.

    `figures` (strongest first within each unit of count, as `analysis.evidence.topic_figures`
    orders them; a frame or its `panel_records`) needs `estimate_id`, `sector`, `unit_of_count`,
    `publisher`, `year`, `reporter`, `measure_label`, `population`, `value`, `unit` and `value_text`
    (the value as published, with its qualifier). A percentage or a 0 to 1 score is drawn as a bar
    across its whole scale; any other unit has no scale two figures would share, so it is printed as
    a number, not drawn.
    """
    if isinstance(figures, pd.DataFrame):
        figures = [] if figures.empty else panel_records(figures)
    records = figures
    if not records:
        return empty_chart(f"No published figure on {topic_label} for this selection.", present=present)
    shown = records[: PRESENT_FIGURES if present else DRAWN_FIGURES]
    size = _Sizes.of(present)
    note_text = _note() + (
        f" The first {len(shown)} of {len(records)}; the table lists all." if len(shown) < len(records) else ""
    )
    # Off presenter mode the note wraps like the titles, so it fits the chart's narrowest width.
    note_lines = [note_text] if present else list(_wrapped(note_text, size.width))
    note = size.note + size.line * (len(note_lines) - 1)
    blocks = _blocks(shown, records, size, float(note), present)
    margin = {"l": 10, "r": 90, "t": 10, "b": 10}
    # Presenter mode keeps one height whatever is shown (room for the most it can show: a heading and
    # a full-length title per figure), so the screen does not jump.
    most = note + PRESENT_FIGURES * (size.heading + size.line * PRESENT_TITLE_LINES + size.bar + size.gap)
    last = blocks[-1]
    end = last.bar_top + size.bar + size.gap
    plot_height = float(max(most, PRESENT_HEIGHT - margin["t"] - margin["b"])) if present else end

    def paper(px: float) -> float:
        return max(0.0, min(1.0, 1 - px / plot_height))

    note_font = {"size": size.font - 1, "color": palette.TEXT, "style": "italic"}
    annotations = [_text("<br>".join(plain(piece) for piece in note_lines), 1, note_font, align="left")]
    traces: list[dict[str, Any]] = []
    axes: dict[str, Any] = {}
    for block in blocks:
        if block.record is None:
            heading_font = {"size": size.font + 1, "color": palette.TEXT, "weight": "bold"}
            annotations.append(_text(plain(block.lines[0]), paper(block.top + 4), heading_font))
            continue
        r = block.record
        title = "<br>".join(plain(piece) for piece in block.lines)
        title_font = {"size": size.font, "color": palette.TEXT}
        annotations.append(
            _text(title, paper(block.top), title_font, align="left", name=title_name(str(r["estimate_id"])))
        )
        span = (paper(block.bar_top + size.bar), paper(block.bar_top))
        more, more_axes = _panel(r, len(axes) // 2 + 1, span, size.font)
        traces += more
        axes.update(more_axes)
    # Presenter mode has no fixed height: the panels are laid out for PRESENT_HEIGHT and plotly stretches
    # them to the room the slide leaves (at least that), so titles never run into the bars below.
    height = None if present else int(plot_height + margin["t"] + margin["b"])
    layout = {**base_layout(height=height, present=present, margin=margin), **axes}
    fig: Figure = {"data": traces, "layout": {**layout, "annotations": annotations, "barmode": "overlay"}}
    return Chart(fig, describe_panels(records, topic_label=topic_label, shown=len(shown)))


def _note() -> str:
    return "Each figure on its own axis: figures from different surveys, populations and questions do not compare."


def describe_panels(figures: list[dict], *, topic_label: str, shown: int | None = None) -> str:
    """What the small multiples show, figure by figure, grouped by what each counts (only the
    figures drawn, when presenter mode draws the first `shown`). `figures`: `panel_records` of the figures."""
    n = len(figures)
    publishers = len({r["publisher"] for r in figures if not pd.isna(r["publisher"])})
    parts = [
        f"{n} published figure{'s' if n != 1 else ''} on {topic_label} from {publishers} "
        f"publisher{'s' if publishers != 1 else ''}, each in a panel of its own: {_note()}"
    ]
    if shown is not None and shown < n:
        parts.append(f"The chart shows the first {shown}; the table lists all {n}.")
    groups: dict[str, list[dict]] = {}
    for r in figures[: n if shown is None else shown]:
        groups.setdefault(r["unit_of_count"], []).append(r)
    for unit, group in groups.items():
        label = vocab.UNITS_OF_COUNT.get(unit, unit)
        listed = "; ".join(f"{panel_title(r, reporter=True)}: {r['value_text']}" for r in group)
        parts.append(f"{label}: {listed}.")
    return " ".join(parts)
