"""The filter panel: native checkboxes and radios in labelled fieldsets.

Dash 4's dropdown carries an accessibility fault inside the component, so every
filter is a native control. Option labels carry counts from the loaded extract,
except the survey's region and size options (a disclosure risk).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.components.attributes import aria
from dashboard.context import AppContext
from dashboard.data import vocab

#: The sector shortcut buttons and their labels; the sectors each selects are in
#: transitions.SHORTCUT_SECTORS, with everything else a button does to the view.
SHORTCUTS = [
    (ids.SHORTCUT_ALL, "All sectors"),
    (ids.SHORTCUT_FRONTLINE, "Frontline: education, health, police, fire"),
    (ids.SHORTCUT_CENTRAL_LOCAL, "Central and local government"),
]


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _quote_options(labels, counts: Counter) -> list[dict]:
    return [{"label": f"{label} ({_n(counts.get(k, 0), 'quote')})", "value": k} for k, label in labels.items()]


def _collapsible(summary: str, hint: str, *children, id: str | None = None) -> html.Details:
    """A long option list, closed by default so the panel stays short."""
    # Dash would send an explicit id=None to the browser as a null id, so pass it only when set.
    extra: dict[str, Any] = {"id": id} if id else {}
    return html.Details(
        [html.Summary(summary), html.P(hint, className="filter-hint"), *children], className="filter-group", **extra
    )


def _fieldset(legend: str, control, *, hint: str | None = None, extra=None) -> html.Fieldset:
    children: list[Component] = [html.Legend(legend, className="filter-legend")]
    if hint:
        children.append(html.P(hint, className="filter-hint"))
    if extra is not None:
        children.append(extra)
    children.append(control)
    return html.Fieldset(children, className="filter-group")


def _checklist(cid: str | dict[str, str], options: list[dict], value: list) -> dbc.Checklist:
    return dbc.Checklist(
        id=cid, options=options, value=value, inputClassName="form-check-input", labelClassName="form-check-label"
    )


def _code_groups(codebook: Any, finding_counts: Counter, quote_counts: Counter) -> list[html.Div]:
    """The code checklists, one labelled group per code category."""
    code_groups = []
    for category, label in vocab.CODE_CATEGORIES.items():
        rows = codebook[codebook["category"] == category]
        if rows.empty:
            continue
        code_groups.append(
            html.Div(
                [
                    html.P(label, className="filter-subhead", id=ids.codes_label(category)),
                    _checklist(
                        # One pattern-matching id for every category, so one callback input (ALL) covers them.
                        ids.codes_checklist(category),
                        [
                            {
                                "label": f"{r.label} ({_n(finding_counts.get(r.code, 0), 'finding')}, "
                                f"{_n(quote_counts.get(r.code, 0), 'quote')})",
                                "value": r.code,
                            }
                            for r in rows.itertuples()
                        ],
                        [],
                    ),
                ],
                role="group",
                **aria(labelledby=ids.codes_label(category)),
            )
        )
    return code_groups


def filter_panel(ctx: AppContext) -> html.Form:
    return html.Form(
        id=ids.FILTERS,
        className="filters",
        **aria(label="Filters"),
        children=[
            html.H2("Filters", className="filters-title"),
            html.P(id=ids.ACTIVE_FILTERS, className="active-filters"),
            # Below the desktop breakpoint the heading and the active-filters line stay in view and
            # the controls fold behind this button (assets/app.css, assets/app.js).
            _toggle(),
            html.Div(id=ids.FILTERS_PANEL, className="filters-panel", children=_controls(ctx)),
        ],
    )


def _toggle() -> html.Button:
    """The button that folds the panel: a real button whose aria-expanded says whether the panel is
    open ("Show filters" or "Hide filters"). Both labels are in the markup and the stylesheet shows
    the one aria-expanded calls for, so the script that opens the panel changes one attribute and no
    text React drew."""
    return html.Button(
        [html.Span("Show filters", className="when-closed"), html.Span("Hide filters", className="when-open")],
        id=ids.FILTERS_TOGGLE,
        type="button",
        className="btn btn-dark filters-toggle",
        **aria(expanded="false", controls=ids.FILTERS_PANEL),
    )


def _controls(ctx: AppContext) -> list[Component]:
    """Reset, every filter, and (below the desktop breakpoint) a button that folds the panel away."""
    x = ctx.extract
    # Counts come from what a view can show (the quote rule withholds small groups), never
    # from the raw tables: a count including a withheld quote would say it exists.
    quotes = ctx.quotes
    quote_sectors = Counter(quotes["sector"].dropna())
    # Distinct findings and quotes per code: a finding has a row per sector it names, but is one finding.
    finding_counts = Counter(ctx.findings.drop_duplicates("finding_id")["code"])
    quote_counts = Counter(c for codes in quotes["codes"] for c in set(codes))
    codebook = x.codebook
    method_counts = Counter(quotes["method"])
    group_counts = Counter(quotes["participant_group"])
    sources = x.sources.set_index("source_id")
    published_counts = Counter(x.published_estimates["source_id"])

    sector_options = [
        {"label": f"{vocab.SECTOR_LABELS[s]} ({_n(quote_sectors.get(s, 0), 'quote')})", "value": s}
        for s in vocab.SECTORS
    ]
    code_groups = _code_groups(codebook, finding_counts, quote_counts)
    return [
        html.Button("Reset all", id=ids.RESET_ALL, type="button", className="btn btn-outline-dark btn-sm me-2"),
        _fieldset(
            "Sectors",
            _checklist(ids.SECTOR_FILTER, sector_options, list(vocab.SECTORS)),
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
                ids.THEME_FILTER,
                [
                    {"label": f"{label} ({int((codebook['theme'] == t).sum())} codes)", "value": t}
                    for t, label in vocab.THEMES.items()
                ],
                [],
            ),
            hint="None ticked shows every theme.",
        ),
        _collapsible(
            "Codes (distinct findings, quotes)", "None ticked shows every code.", *code_groups, id=ids.CODES_DETAILS
        ),
        _fieldset(
            "Research method",
            _checklist(ids.METHOD_FILTER, _quote_options(vocab.METHODS, method_counts), list(vocab.METHODS)),
        ),
        _fieldset(
            "Participant group",
            _checklist(
                ids.GROUP_FILTER,
                _quote_options(vocab.PARTICIPANT_GROUPS, group_counts),
                list(vocab.PARTICIPANT_GROUPS),
            ),
        ),
        _fieldset(
            "Organisation size (survey)",
            _checklist(
                ids.SIZE_FILTER,
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
            "None ticked shows every region. Region and size are used one at a time: ticking a region clears any size.",
            _checklist(ids.REGION_FILTER, [{"label": r, "value": r} for r in vocab.REGIONS], []),
        ),
        _fieldset(
            "Workers (time use)",
            dbc.RadioItems(
                id=ids.FRONTLINE_FILTER,
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
                ids.SOURCE_FILTER,
                [
                    {"label": f"{sources.loc[s, 'title']} ({published_counts.get(s, 0)})", "value": s}
                    for s in ctx.choices.sources
                ],
                [],
            ),
        ),
        html.Button(
            "Hide filters", id=ids.FILTERS_CLOSE, type="button", className="btn btn-outline-dark filters-close"
        ),
    ]
