"""The filter panel: native checkboxes and radios in labelled fieldsets.

Dash 4's dropdown carries an accessibility fault inside the component, so every
filter is a native control. Option labels carry counts from the loaded extract,
except the survey's region and size options (a disclosure risk).
"""

from __future__ import annotations

from collections import Counter

import dash_bootstrap_components as dbc
from dash import html

from dashboard.context import AppContext
from dashboard.data import vocab

SHORTCUTS = [
    ("shortcut-all", "All sectors"),
    ("shortcut-frontline", "Frontline: education, health, police, fire"),
    ("shortcut-central-local", "Central and local government"),
]


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _quote_options(labels, counts: Counter) -> list[dict]:
    return [{"label": f"{label} ({_n(counts.get(k, 0), 'quote')})", "value": k} for k, label in labels.items()]


def _collapsible(summary: str, hint: str, *children, id: str | None = None) -> html.Details:
    """A long option list, closed by default so the panel stays short."""
    extra = {"id": id} if id else {}
    return html.Details(
        [html.Summary(summary), html.P(hint, className="filter-hint"), *children], className="filter-group", **extra
    )


def _fieldset(legend: str, control, *, hint: str | None = None, extra=None) -> html.Fieldset:
    children = [html.Legend(legend, className="filter-legend")]
    if hint:
        children.append(html.P(hint, className="filter-hint"))
    if extra is not None:
        children.append(extra)
    children.append(control)
    return html.Fieldset(children, className="filter-group")


def _checklist(cid: str, options: list[dict], value: list) -> dbc.Checklist:
    return dbc.Checklist(
        id=cid, options=options, value=value, inputClassName="form-check-input", labelClassName="form-check-label"
    )


def filter_panel(ctx: AppContext) -> html.Form:
    x = ctx.extract
    quotes = x.quotes
    quote_sectors = Counter(quotes["sector"].dropna())
    code_counts = Counter(x.findings["code"]) + Counter(c for codes in quotes["codes"] for c in codes)
    codebook = x.codebook
    method_counts = Counter(quotes["method"])
    group_counts = Counter(quotes["participant_group"])
    sources = x.sources.set_index("source_id")
    published_counts = Counter(x.published_estimates["source_id"])

    sector_options = [
        {"label": f"{vocab.SECTOR_LABELS[s]} ({_n(quote_sectors.get(s, 0), 'quote')})", "value": s}
        for s in vocab.SECTORS
    ]
    code_groups = []
    for category, label in vocab.CODE_CATEGORIES.items():
        rows = codebook[codebook["category"] == category]
        if rows.empty:
            continue
        code_groups.append(
            html.Div(
                [
                    html.P(label, className="filter-subhead", id=f"codes-{category}-label"),
                    _checklist(
                        f"codes-{category}",
                        [
                            {"label": f"{r.label} ({code_counts.get(r.code, 0)})", "value": r.code}
                            for r in rows.itertuples()
                        ],
                        [],
                    ),
                ],
                role="group",
                **{"aria-labelledby": f"codes-{category}-label"},
            )
        )

    return html.Form(
        id="filters",
        className="filters",
        **{"aria-label": "Filters"},
        children=[
            html.H2("Filters", className="filters-title"),
            html.P(id="active-filters", className="active-filters"),
            html.Button("Reset all", id="reset-all", type="button", className="btn btn-outline-dark btn-sm me-2"),
            _fieldset(
                "Sectors",
                _checklist("sectors", sector_options, list(vocab.SECTORS)),
                extra=html.Div(
                    [
                        html.Button(label, id=bid, type="button", className="btn btn-link btn-sm shortcut")
                        for bid, label in SHORTCUTS
                    ],
                    className="shortcuts",
                ),
            ),
            _fieldset(
                "Themes",
                _checklist(
                    "themes",
                    [
                        {"label": f"{label} ({int((codebook['theme'] == t).sum())} codes)", "value": t}
                        for t, label in vocab.THEMES.items()
                    ],
                    [],
                ),
                hint="None ticked shows every theme.",
            ),
            _collapsible(
                "Codes (findings + quotes)", "None ticked shows every code.", *code_groups, id="codes-details"
            ),
            _fieldset(
                "Research method",
                _checklist("methods", _quote_options(vocab.METHODS, method_counts), list(vocab.METHODS)),
            ),
            _fieldset(
                "Participant group",
                _checklist(
                    "groups", _quote_options(vocab.PARTICIPANT_GROUPS, group_counts), list(vocab.PARTICIPANT_GROUPS)
                ),
            ),
            _fieldset(
                "Organisation size (survey)",
                _checklist(
                    "size-bands",
                    # No counts here: a region's or size's total across sectors, minus the sectors a view
                    # shows, would give back a suppressed sector's count (see analysis/disclosure.py).
                    [{"label": f"{b} employees", "value": b} for b in vocab.SIZE_BANDS],
                    [],
                ),
                hint="None ticked shows every size. Size and region are used one at a time: ticking a size "
                "clears any region, so that a small group cannot be worked out by comparing views.",
            ),
            _collapsible(
                "Region (survey)",
                "None ticked shows every region. Region and size are used one at a time: ticking a region "
                "clears any size.",
                _checklist("regions", [{"label": r, "value": r} for r in vocab.REGIONS], []),
            ),
            _fieldset(
                "Workers (time use)",
                dbc.RadioItems(
                    id="frontline",
                    options=[
                        {"label": "All workers", "value": "all"},
                        {"label": "Frontline", "value": "frontline"},
                        {"label": "Non-frontline", "value": "non_frontline"},
                    ],
                    value="all",
                    inputClassName="form-check-input",
                    labelClassName="form-check-label",
                ),
            ),
            _collapsible(
                "Published sources",
                "None ticked shows every source.",
                _checklist(
                    "sources",
                    [
                        {"label": f"{sources.loc[s, 'title']} ({published_counts.get(s, 0)})", "value": s}
                        for s in ctx.choices.sources
                    ],
                    [],
                ),
            ),
        ],
    )


#: Ids of the code checklists, one per code category, in layout order.
def code_checklist_ids(ctx: AppContext) -> list[str]:
    present = set(ctx.extract.codebook["category"])
    return [f"codes-{c}" for c in vocab.CODE_CATEGORIES if c in present]
