"""Grids: barrier prevalence by sector (survey) and the qualitative sector x code matrix.

Every cell prints its value, so the colour scale is a second cue, never the only one. The
qualitative matrix has no colour scale at all: its cells mark presence (a mark, the same
light fill wherever something is coded), never how much, because the source's findings
cannot be quantified.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard import ids
from dashboard.analysis.estimates import STATUS_OK
from dashboard.analysis.rows import Rows, records
from dashboard.figures.base import Chart, empty_chart, fit_slide
from dashboard.figures.heatmap import grid_figure, wrap_label
from dashboard.figures.palette import SEQUENTIAL
from dashboard.figures.text import count, held_back, lower_first, pct, plain, status_note, value_label

#: The margins of both grids: room along the top for their column labels (up to three lines).
MARGIN = {"l": 10, "r": 10, "t": 90, "b": 10}


def barrier_grid(
    table: pd.DataFrame | Rows, barrier_labels: dict[str, str], *, present: bool = False, data_note: str = ""
) -> Chart:
    """Share of organisations reporting each barrier: barriers down, sectors across."""
    rows = records(table)
    if not rows:
        return empty_chart("No sectors selected.", present=present)
    sectors = list(dict.fromkeys(r["sector"] for r in rows))
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    sector_labels = {r["sector"]: plain(r["sector_label"]) for r in rows}
    measures = list(dict.fromkeys(r["measure"] for r in rows))
    measure_labels = {m: plain(barrier_labels.get(m, m)) for m in measures}
    grid = {(r["measure"], r["sector"]): r for r in rows}
    z, text, custom, hover = [], [], [], []
    for m in measures:
        row_z, row_t, row_c, row_h = [], [], [], []
        for s in sectors:
            r = grid[(m, s)]
            ok = r["status"] == STATUS_OK
            row_z.append(float(r["estimate"]) * 100 if ok else None)
            row_t.append(value_label(r))
            row_c.append([s, m])
            note = status_note(r)
            row_h.append(
                f"{measure_labels[m]}, {sector_labels[s]}: {pct(r['estimate'])} "
                f"(95% CI {pct(r['ci_low'])} to {pct(r['ci_high'])}), base {count(r['base_n'])}"
                + (f"; {note}" if note else "")
                if ok
                else f"{measure_labels[m]}, {sector_labels[s]}: {note}"
            )
        z.append(row_z)
        text.append(row_t)
        custom.append(row_c)
        hover.append(row_h)
    fig = grid_figure(
        {"z": z, "text": text, "customdata": custom, "hovertext": hover},
        (sectors, [wrap_label(sector_labels[s]) for s in sectors]),
        (measures, [measure_labels[m] for m in measures]),
        colorscale=[list(stop) for stop in SEQUENTIAL],
        zmax=100,
        text_size=22 if present else 12,
        gap=2,
        height=None if present else 100 + 34 * len(measures),
        present=present,
        margin=MARGIN,
    )
    if present:
        fit_slide(fig, len(measures), 44, 100)
    return Chart(fig, describe_barriers(rows, barrier_labels, data_note=data_note))


def describe_barriers(table: pd.DataFrame | Rows, barrier_labels: dict[str, str], *, data_note: str = "") -> str:
    rows = records(table)
    by_sector: dict[str, list[Mapping[str, Any]]] = {}  # the shown rows, sectors in order of appearance
    for row in rows:
        if row["status"] == STATUS_OK:
            by_sector.setdefault(row["sector_label"], []).append(row)
    parts = [f"Grid of the share of organisations reporting each barrier, by sector{data_note}."]
    if not by_sector:
        parts.append("No sector has enough responses to show.")
    else:
        for sector_label, group in by_sector.items():
            top = max(group, key=lambda r: r["estimate"])  # the first of equals, as pandas' idxmax gives
            label = lower_first(barrier_labels.get(top["measure"], top["measure"]))
            parts.append(
                f"{sector_label}: most reported {label} {value_label(top)} "
                f"(95% CI {pct(top['ci_low'])} to {pct(top['ci_high'])}, base {count(top['base_n'])})."
            )
    parts.extend(held_back(rows))
    return " ".join(parts)


#: The marks of the findings matrix: raised in coded findings, in verbatim quotes, neither.
FINDING_MARK = "●"
QUOTE_MARK = "▲"
NO_MARK = "–"
#: Fill of a matrix cell with a mark in it; empty cells are white. Two fills, never a ramp.
PRESENT_FILL = "#EAF1F8"


def cell_text(findings: int, quotes: int) -> str:
    """Words for hover text: which kinds of evidence, and how many distinct findings and quotes."""
    if not findings and not quotes:
        return "nothing coded"
    bits = []
    if findings:
        bits.append(f"{findings} coded finding" + ("s" if findings > 1 else ""))
    if quotes:
        bits.append(f"{quotes} quote" + ("s" if quotes > 1 else ""))
    return ", ".join(bits)


def cell_mark(findings: int, quotes: int) -> str:
    """The grid's own mark: ● for findings, ▲ for quotes, – for neither (the key is in the subtitle)."""
    if not findings and not quotes:
        return NO_MARK
    return " ".join(mark for mark, n in ((FINDING_MARK, findings), (QUOTE_MARK, quotes)) if n)


def findings_matrix(table: pd.DataFrame | Rows, *, present: bool = False) -> Chart:
    """Codes down (in the order given), participant groups across; each cell marks presence.

    `table` is `qualitative_matrix.matrix`'s table, or its rows as dicts (what a view has already)."""
    rows = records(table)
    if not rows:
        return empty_chart("No codes or groups match the filters.", present=present)
    codes = list(dict.fromkeys(r["code"] for r in rows))
    columns = list(dict.fromkeys(r["column"] for r in rows))
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    code_labels = {r["code"]: plain(r["code_label"]) for r in rows}
    column_labels = {r["column"]: plain(r["column_label"]) for r in rows}
    grid = {(r["code"], r["column"]): r for r in rows}
    z, text, custom, hover = [], [], [], []
    for code in codes:
        rz, rt, rc, rh = [], [], [], []
        for col in columns:
            r = grid[(code, col)]
            f, q = int(r["findings"]), int(r["quotes"])
            rz.append(1 if f or q else 0)
            rt.append(cell_mark(f, q))
            rc.append([col, code])
            rh.append(f"{code_labels[code]} · {column_labels[col]}: {cell_text(f, q)}")
        z.append(rz)
        text.append(rt)
        custom.append(rc)
        hover.append(rh)
    fig = grid_figure(
        {"z": z, "text": text, "customdata": custom, "hovertext": hover},
        (columns, [wrap_label(column_labels[c]) for c in columns]),
        (codes, [code_labels[c] for c in codes]),
        # Two fills, not a scale: white where nothing is coded, one light tint where something is.
        colorscale=[[0.0, "#FFFFFF"], [0.5, "#FFFFFF"], [0.5, PRESENT_FILL], [1.0, PRESENT_FILL]],
        zmax=1,
        text_size=20 if present else 13,
        gap=2,
        height=None if present else 110 + 30 * len(codes),
        present=present,
        margin=MARGIN,
    )
    if present:
        fit_slide(fig, len(codes), 44, 110)
    # The hover is set as text in the page, so it has the names as written, not escaped for plotly.
    names = code_name_picks(codes, {r["code"]: str(r["code_label"]) for r in rows})
    fig["layout"]["meta"] = {**fig["layout"].get("meta", {}), NAME_PICKS: names}
    return Chart(fig, describe_matrix(rows))


def describe_matrix(table: pd.DataFrame | Rows) -> str:
    """What the grid shows, for screen readers: its shape, its marks, and per group the codes it marks."""
    rows = records(table)
    codes = list(dict.fromkeys(r["code"] for r in rows))
    columns = list(dict.fromkeys(r["column"] for r in rows))
    general = "all_sectors" in columns
    groups = [c for c in columns if c != "all_sectors"]
    parts = [
        f"Matrix of {len(codes)} code{'s' if len(codes) != 1 else ''} against {len(groups)} participant "
        f"group{'s' if len(groups) != 1 else ''}"
        + (" and a column of findings not specific to a sector" if general else "")
        + f"; {FINDING_MARK} marks a code raised in coded findings, {QUOTE_MARK} in verbatim quotes, "
        "presence only, not people."
    ]
    # One pass over the rows (a boolean filter per column cost tens of milliseconds on 40 codes).
    labels: dict[str, str] = {}
    coded: dict[str, list[str]] = {column: [] for column in columns}
    for r in rows:
        labels.setdefault(r["column"], str(r["column_label"]))
        if r["findings"] + r["quotes"] > 0:
            coded[r["column"]].append(lower_first(str(r["code_label"])))
    for column in columns:
        marks = coded[column]
        parts.append(f"{labels[column]}: {', '.join(marks)}." if marks else f"{labels[column]}: nothing coded.")
    parts.append("Qualitative findings cannot be quantified or applied to wider populations.")
    return " ".join(parts)


#: What hovering a code's name beside the findings matrix says.
CODE_NAME_HOVER = "Select to read the findings coded “{label}”"
#: The key in a figure's layout.meta listing what a click on each y-axis label picks (assets/drawn.js).
NAME_PICKS = "name_picks"


def code_name_picks(codes: list[str], labels: dict[str, str]) -> list[dict[str, Any]]:
    """What a click on each code's name on the findings matrix's y axis picks, in the axis's order:
    that code's findings (`ids.pick_code`), with the words its hover says (`labels`: as written).
    assets/drawn.js makes the axis's labels clickable and writes the pick to the picked store.
    (Transparent annotations over the names did this before, at about half the chart's drawing
    time: docs/performance.md.)"""
    return [{"pick": ids.pick_code(code), "title": CODE_NAME_HOVER.format(label=labels[code])} for code in codes]
