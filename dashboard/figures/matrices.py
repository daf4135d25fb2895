"""Grids: barrier prevalence by sector (survey) and the qualitative sector x code matrix.

Every cell prints its value, so the colour scale is a second cue, never the only one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.estimates import STATUS_OK
from dashboard.figures import palette
from dashboard.figures.bars import PRESENT_HEIGHT, Chart, base_layout, empty_chart
from dashboard.figures.text import count, held_back, pct, plain, status_note, value_label


def _heatmap(z, text, x, y, customdata, hover, *, present: bool, zmax: float) -> go.Figure:
    """x and y are (ids, labels) pairs. The cells are placed by id and the axes show the
    labels, because Dash passes a heatmap click's x and y (not its customdata) to callbacks."""
    (x_ids, x_labels), (y_ids, y_labels) = x, y
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x_ids,
            y=y_ids,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 18 if present else 12, "color": palette.TEXT},
            customdata=customdata,
            hovertext=hover,
            hoverinfo="text",
            colorscale=[list(stop) for stop in palette.SEQUENTIAL],
            zmin=0,
            zmax=zmax,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(side="top", fixedrange=True, tickangle=0, tickvals=x_ids, ticktext=x_labels)
    fig.update_yaxes(autorange="reversed", fixedrange=True, tickvals=y_ids, ticktext=y_labels)
    return fig


def barrier_grid(
    table: pd.DataFrame, barrier_labels: dict[str, str], *, present: bool = False, data_note: str = ""
) -> Chart:
    """Share of organisations reporting each barrier: barriers down, sectors across."""
    if table.empty:
        return empty_chart("No sectors selected.", present=present)
    sectors = list(dict.fromkeys(table["sector"]))
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    sector_labels = {s: plain(label) for s, label in zip(table["sector"], table["sector_label"], strict=False)}
    measures = list(dict.fromkeys(table["measure"]))
    measure_labels = {m: plain(barrier_labels.get(m, m)) for m in measures}
    grid = {(r["measure"], r["sector"]): r for r in table.to_dict("records")}
    z, text, custom, hover = [], [], [], []
    for m in measures:
        row_z, row_t, row_c, row_h = [], [], [], []
        for s in sectors:
            r = grid[(m, s)]
            ok = r["status"] == STATUS_OK
            row_z.append(r["estimate"] * 100 if ok else np.nan)
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
    fig = _heatmap(
        z,
        text,
        (sectors, [wrap_label(sector_labels[s]) for s in sectors]),
        (measures, [measure_labels[m] for m in measures]),
        custom,
        hover,
        present=present,
        zmax=100,
    )
    base_layout(fig, height=PRESENT_HEIGHT + 140 if present else 100 + 34 * len(measures), present=present)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return Chart(fig, describe_barriers(table, barrier_labels, data_note=data_note))


def lower_first(label: str) -> str:
    """'Cost and finite budgets' -> 'cost and finite budgets', but 'GDPR risk' and 'AI use' keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def describe_barriers(table: pd.DataFrame, barrier_labels: dict[str, str], *, data_note: str = "") -> str:
    ok = table[table["status"] == STATUS_OK]
    parts = [f"Grid of the share of organisations reporting each barrier, by sector{data_note}."]
    if ok.empty:
        parts.append("No sector has enough responses to show.")
    else:
        for sector_label, group in ok.groupby("sector_label", sort=False):
            top = group.loc[group["estimate"].idxmax()]
            label = lower_first(barrier_labels.get(top["measure"], top["measure"]))
            parts.append(
                f"{sector_label}: most reported {label} {value_label(top)} "
                f"(95% CI {pct(top['ci_low'])} to {pct(top['ci_high'])}, base {count(top['base_n'])})."
            )
    parts.extend(held_back(table))
    return " ".join(parts)


def cell_text(findings: int, quotes: int) -> str:
    """Words for tables, hover text and descriptions."""
    if not findings and not quotes:
        return "–"
    bits = []
    if findings:
        bits.append(f"{findings} finding" + ("s" if findings > 1 else ""))
    if quotes:
        bits.append(f"{quotes} quote" + ("s" if quotes > 1 else ""))
    return ", ".join(bits)


def cell_mark(findings: int, quotes: int) -> str:
    """Compact form for the grid itself: 'F2 Q1' (the key sits under the chart)."""
    if not findings and not quotes:
        return "–"
    return " ".join(bit for bit in (f"F{findings}" if findings else "", f"Q{quotes}" if quotes else "") if bit)


def wrap_label(label: str) -> str:
    """Break a two-word axis label so neighbouring columns do not collide."""
    return label.replace(" ", "<br>", 1) if len(label) > 9 else label


def findings_matrix(table: pd.DataFrame, *, present: bool = False) -> Chart:
    """Codes down, participant groups across; each cell counts findings and quotes."""
    if table.empty:
        return empty_chart("No codes or groups match the filters.", present=present)
    codes = list(dict.fromkeys(table["code"]))
    columns = list(dict.fromkeys(table["column"]))
    # Labels come from the extract: escaped for the figure (plotly renders HTML), raw in the description.
    code_labels = {c: plain(label) for c, label in zip(table["code"], table["code_label"], strict=False)}
    column_labels = {c: plain(label) for c, label in zip(table["column"], table["column_label"], strict=False)}
    grid = {(r["code"], r["column"]): r for r in table.to_dict("records")}
    z, text, custom, hover = [], [], [], []
    for code in codes:
        rz, rt, rc, rh = [], [], [], []
        for col in columns:
            r = grid[(code, col)]
            rz.append(int(r["findings"] + r["quotes"]))
            rt.append(cell_mark(int(r["findings"]), int(r["quotes"])))
            rc.append([col, code])
            rh.append(f"{code_labels[code]} · {column_labels[col]}: {cell_text(int(r['findings']), int(r['quotes']))}")
        z.append(rz)
        text.append(rt)
        custom.append(rc)
        hover.append(rh)
    first = {c: grid[(c, columns[0])] for c in codes}
    y = [f"{code_labels[c]} ({first[c]['groups_raised']} of {first[c]['groups_total']})" for c in codes]
    zmax = max(4, max(max(r) for r in z))
    x = [wrap_label(column_labels[c]) for c in columns]
    fig = _heatmap(z, text, (columns, x), (codes, y), custom, hover, present=present, zmax=zmax)
    base_layout(fig, height=PRESENT_HEIGHT + 140 if present else 110 + 30 * len(codes), present=present)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return Chart(fig, describe_matrix(table))


def describe_matrix(table: pd.DataFrame) -> str:
    per_code = (
        table.groupby(["code", "code_label"], sort=False)[["groups_raised", "groups_total"]].first().reset_index()
    )
    total = int(per_code["groups_total"].max()) if len(per_code) else 0
    widest = per_code.sort_values("groups_raised", ascending=False, kind="stable").head(3)
    groups = [c for c in table["column"].unique() if c != "all_sectors"]
    general = " and statements about all sectors" if "all_sectors" in set(table["column"]) else ""
    parts = [
        f"Matrix of {len(per_code)} codes against {len(groups)} participant groups{general}; "
        "each cell counts coded findings and verbatim quotes, not people."
    ]
    if len(widest):
        listed = "; ".join(
            f"{r.code_label}: raised in {r.groups_raised} of {total} groups" for r in widest.itertuples()
        )
        parts.append(f"Most widely raised: {listed}.")
    parts.append("Qualitative findings cannot be quantified or applied to wider populations.")
    return " ".join(parts)
