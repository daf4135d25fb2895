"""The page: skip link, header with sources, synthetic banner, filters, cards, quotes."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.cards import card
from dashboard.components.filters import filter_panel
from dashboard.components.quotes import quote_panel
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.figures.text import release_text

#: Sources named in the header: the ones every panel leans on.
HEADER_SOURCES = ("ons_managers_views_2024", "ons_psmps_pilot_2023", "ons_timeuse_further_2024")


def _source_line(ctx: AppContext) -> html.Ul:
    sources = ctx.extract.sources.set_index("source_id")
    items = []
    for sid in HEADER_SOURCES:
        if sid in sources.index:
            s = sources.loc[sid]
            items.append(
                html.Li(
                    [
                        html.A(s["title"], href=s["url"]),
                        f" — {s['publisher']}, {vocab.SOURCE_STATUSES[s['status']].lower()}, "
                        f"released {release_text(s['release_date'])}",
                    ]
                )
            )
    for table in ("org_survey", "time_use_survey"):
        s = ctx.extract.source_of(table)
        status = vocab.SOURCE_STATUSES[s["status"]]
        items.append(html.Li([html.Strong(s["title"]), f" — {status}"]))
    return html.Ul(items, className="source-list")


def synthetic_banner(ctx: AppContext) -> html.Div | None:
    synthetic = [t for t in ("org_survey", "time_use_survey") if ctx.extract.is_synthetic(t)]
    if not synthetic:
        return None
    return html.Div(
        className="synthetic-banner",
        role="note",
        **{"aria-label": "Synthetic data warning"},
        children=[
            html.Strong("Synthetic survey data. "),
            "The AI use, barrier and time-use charts are drawn from invented respondent-level data shaped like the "
            "ONS surveys (the real microdata are secure-access only). They show how the tool works, not what is true. "
            "Do not quote them. The findings, quotes and published figures are real.",
        ],
    )


ABOUT_SURVEY = [
    html.P(
        "Estimates are weighted shares (or means) by sector with 95% confidence intervals from a Wilson score "
        "interval using Kish's effective sample size. Cells with fewer responses than the suppression threshold are "
        "shown as [c]; sectors with no responses as [x]. An estimate resting on few effective responses keeps its "
        "number and is marked [u] (low reliability)."
    ),
    html.P(
        "A sector is also shown as [c] when the region, size or worker filter would let a small group be worked "
        "out by comparing this view with another: small regions or sizes are pooled, and a view must take a pool "
        "whole. Region and size are used one at a time for the same reason. The table's Note column says which "
        "rule applied."
    ),
]


def build_layout(ctx: AppContext) -> html.Div:
    x = ctx.extract
    qual = x.sources.set_index("source_id").loc["ons_managers_views_2024"]
    tus_source = x.source_of("time_use_survey")
    org_source = x.source_of("org_survey")
    return html.Div(
        id="page-root",
        children=[
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="state"),
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header(
                className="site-header",
                children=[
                    html.Div(
                        className="container-xl",
                        children=[
                            html.H1("Public sector management, admin burden and AI: how sectors compare"),
                            html.P(
                                "Central government, local government, health, education, police and fire: coded "
                                "findings and quotes from ONS's research with public sector managers, published ONS "
                                "figures, and survey estimates by sector.",
                                className="lead",
                            ),
                            html.Details([html.Summary("Sources"), _source_line(ctx)], className="header-sources"),
                        ],
                    )
                ],
            ),
            html.Section(synthetic_banner(ctx), className="container-xl", **{"aria-label": "Synthetic data warning"}),
            html.Div(
                className="container-xl page",
                children=[
                    html.Aside(filter_panel(ctx), className="sidebar", **{"aria-label": "Filters"}),
                    html.Main(
                        id="main",
                        tabIndex=-1,
                        className="content",
                        children=[
                            html.Div(
                                className="toolbar",
                                children=[
                                    html.Label("Link to this view", htmlFor="permalink", className="form-label me-2"),
                                    dcc.Input(
                                        id="permalink", type="text", readOnly=True, className="form-control permalink"
                                    ),
                                    html.Button(
                                        "Copy link", id="copy-link", type="button", className="btn btn-dark btn-sm"
                                    ),
                                    html.Span(id="copy-status", className="copy-status", role="status"),
                                    html.Button(
                                        "Presenter mode",
                                        id="present-toggle",
                                        type="button",
                                        className="btn btn-outline-dark btn-sm present-toggle",
                                        **{"aria-pressed": "false"},
                                    ),
                                    html.Button(
                                        "Download all filtered data (zip)",
                                        id="all-download-btn",
                                        className="btn btn-outline-dark btn-sm",
                                    ),
                                    dcc.Download(id="all-download"),
                                ],
                            ),
                            html.P(
                                id="announcer", className="visually-hidden", role="status", **{"aria-live": "polite"}
                            ),
                            html.P(id="url-note", className="url-note"),
                            html.Div(
                                className="cards",
                                children=[
                                    card(
                                        "admin",
                                        "Admin burden · time use",
                                        about=[
                                            html.P(
                                                "Weighted mean share of each worker's diary work day by activity "
                                                "group. ONS splits work time into sector-specific and "
                                                "non-sector-specific activities and warns that non-sector-specific "
                                                "time (which includes data analysis, research and project "
                                                "management) is not the same as admin time. The admin share here is "
                                                "this product's own grouping of forms, records, email and meetings."
                                            ),
                                            html.P(f"Source: {tus_source['title']}. {tus_source['caveat']}"),
                                            *ABOUT_SURVEY,
                                        ],
                                        synthetic=x.is_synthetic("time_use_survey"),
                                    ),
                                    card(
                                        "ai",
                                        "AI adoption · organisations",
                                        about=[
                                            html.P(
                                                "Weighted % of organisations that use AI, and that use automation to "
                                                "deliver work differently. PSMPS publishes police and fire as one "
                                                "group, so the survey does too."
                                            ),
                                            html.P(f"Source: {org_source['title']}. {org_source['caveat']}"),
                                            *ABOUT_SURVEY,
                                        ],
                                        synthetic=x.is_synthetic("org_survey"),
                                    ),
                                    card(
                                        "barriers",
                                        "Barriers · organisations",
                                        about=[
                                            html.P(
                                                "Weighted % of organisations reporting each barrier to improving how "
                                                "they are managed. The barrier list uses the same codes as the "
                                                "qualitative findings, so the two can be read side by side."
                                            ),
                                            html.P(f"Source: {org_source['title']}. {org_source['caveat']}"),
                                            *ABOUT_SURVEY,
                                        ],
                                        synthetic=x.is_synthetic("org_survey"),
                                    ),
                                    card(
                                        "matrix",
                                        "What managers raised · qualitative",
                                        about=[
                                            html.P(
                                                "Findings coded from the article text against the project's codebook, "
                                                "sector by sector as the text attributes them; statements about every "
                                                "sector sit in the 'All sectors' column. A participant group is one "
                                                "sector's current managers, or the former civil servants. Counts are "
                                                "of findings and quotes, never of people."
                                            ),
                                            html.P(
                                                f"Source: {qual['title']}, {qual['publisher']}, released "
                                                f"{release_text(qual['release_date'])}. {qual['caveat']}"
                                            ),
                                        ],
                                    ),
                                    card(
                                        "published",
                                        "Published figures",
                                        has_chart=False,
                                        about=[
                                            html.P(
                                                "Every sector-level or headline figure we could source from ONS "
                                                "releases and from secondary analyses of ONS data, exactly as "
                                                "published. Each links to its source; secondary analyses are marked "
                                                "and are not ONS statistics."
                                            )
                                        ],
                                    ),
                                    quote_panel(),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            html.Footer(
                html.Div(
                    [
                        html.P(
                            "Contains public sector information licensed under the Open Government Licence v3.0. "
                            "Survey charts use synthetic data."
                        ),
                        html.Ul(
                            [
                                html.Li(html.A("Accessibility statement", href="/accessibility")),
                                html.Li(html.A("Data dictionary", href="/data-dictionary")),
                                html.Li(html.A("Health check", href="/healthz")),
                            ],
                            className="footer-links",
                        ),
                    ],
                    className="container-xl",
                ),
                className="site-footer",
            ),
        ],
    )
