"""The page: skip link, header with sources, synthetic banner, filters, cards, quotes.

Real evidence comes first: the evidence map, the topic panel (with its topic switch), the findings
matrix, the quotes and the published figures; the survey explorer cards follow (registry order).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.components.attributes import aria
from dashboard.components.cards import card
from dashboard.components.filters import filter_panel
from dashboard.components.findings import findings_panel
from dashboard.components.quotes import quote_panel
from dashboard.components.registry import CARDS
from dashboard.components.slides import slide_bar
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.figures.text import release_text
from dashboard.state import DEFAULT
from dashboard.views.evidence import TOPIC_KEY

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
        **aria(label="Synthetic data warning"),
        children=[
            html.Strong("Synthetic survey data. "),
            "The AI use, barrier and time-use charts are drawn from invented respondent-level data shaped like the "
            "ONS surveys (the real microdata are secure-access only). They show how the tool works, not what is true. "
            "Do not quote them. The findings, quotes and published figures are real.",
        ],
    )


def topic_buttons(topic: str, *, focus: str | None = None) -> list[html.Button]:
    """The topic switch's buttons, `topic` pressed. With `focus` (any text that differs from one
    evidence-map click to the next), the pressed button is drawn anew with autoFocus, so the browser
    moves focus to it and scrolls the topic panel into view."""
    buttons = []
    for value, label in vocab.TOPICS.items():
        pressed = value == topic
        focused = pressed and focus is not None
        buttons.append(
            html.Button(
                label,
                id=ids.pick_topic(value),
                key=f"{value}-{focus}" if focused else value,
                autoFocus=focused,
                type="button",
                className="topic-button" + (" topic-button-active" if pressed else ""),
                **aria(pressed="true" if pressed else "false"),
            )
        )
    return buttons


def topic_switch(topic: str) -> html.Div:
    return html.Div(
        className="topic-switch",
        children=[
            html.Span("Published figures on", id=ids.TOPIC_SWITCH_LABEL, className="topic-switch-label"),
            html.Div(
                id=ids.TOPIC_SWITCH,
                role="group",
                className="topic-buttons",
                **aria(labelledby=ids.TOPIC_SWITCH_LABEL),
                children=topic_buttons(topic),
            ),
        ],
    )


def highlight_bar() -> html.Div:
    """Shown while a chart click highlights a sector: says so, and offers "Show only" (the filter a
    click used to be) and a way back. The summary callback fills and shows it."""
    return html.Div(
        id=ids.HIGHLIGHT_BAR,
        className="highlight-bar",
        hidden=True,
        children=[
            html.P(id=ids.HIGHLIGHT_TEXT, className="highlight-text"),
            html.Button(id=ids.HIGHLIGHT_SHOW_ONLY, type="button", className="btn btn-dark btn-sm"),
            html.Button(
                "Clear highlight", id=ids.HIGHLIGHT_CLEAR, type="button", className="btn btn-outline-dark btn-sm"
            ),
        ],
    )


def cards(ctx: AppContext) -> list:
    """Every card in registry order, the topic switch on top of the topic panel, and the evidence panel
    (the findings behind the matrix) and the quotes after the findings matrix."""
    out: list = []
    for entry in CARDS:
        if entry.key == TOPIC_KEY:
            out.append(html.Div(className="topic-panel", children=[topic_switch(DEFAULT.topic), card(entry, ctx)]))
        else:
            out.append(card(entry, ctx))
        if entry.key == "matrix":
            # The findings behind the matrix come straight after it, then the quotes.
            out.extend([findings_panel(), quote_panel()])
    if not any(entry.key == "matrix" for entry in CARDS):
        out.extend([findings_panel(), quote_panel()])
    return out


def build_layout(ctx: AppContext) -> html.Div:
    return html.Div(
        id=ids.PAGE_ROOT,
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE),
            dcc.Store(id=ids.NARROW, data=False),
            dcc.Store(id=ids.PICKED),
            html.A("Skip to main content", href=f"#{ids.MAIN}", className="skip-link"),
            html.Header(
                className="site-header",
                children=[
                    html.Div(
                        className="container-xl",
                        children=[
                            html.H1("Public sector management, admin burden and AI: how sectors compare"),
                            html.P(
                                "Central government, local government, health, education, police and fire: coded "
                                "findings and quotes from ONS's research with public sector managers, figures "
                                "published by ONS and other UK publishers, and a survey explorer.",
                                className="lead",
                            ),
                            html.Details([html.Summary("Sources"), _source_line(ctx)], className="header-sources"),
                        ],
                    )
                ],
            ),
            html.Section(synthetic_banner(ctx), className="container-xl", **aria(label="Synthetic data warning")),
            html.Div(
                className="container-xl page",
                children=[
                    html.Aside(filter_panel(ctx), className="sidebar", **aria(label="Filters")),
                    html.Main(
                        id=ids.MAIN,
                        tabIndex=-1,
                        className="content",
                        children=[
                            html.Div(
                                className="toolbar",
                                children=[
                                    html.Label("Link to this view", htmlFor=ids.PERMALINK, className="form-label me-2"),
                                    dcc.Input(
                                        id=ids.PERMALINK, type="text", readOnly=True, className="form-control permalink"
                                    ),
                                    html.Button(
                                        "Copy link", id=ids.COPY_LINK, type="button", className="btn btn-dark btn-sm"
                                    ),
                                    html.Span(id=ids.COPY_STATUS, className="copy-status", role="status"),
                                    html.Button(
                                        "Presenter mode",
                                        id=ids.PRESENT_TOGGLE,
                                        type="button",
                                        className="btn btn-outline-dark btn-sm present-toggle",
                                        **aria(pressed="false"),
                                    ),
                                    html.Button(
                                        "Download all filtered data (zip)",
                                        id=ids.ALL_DOWNLOAD_BUTTON,
                                        className="btn btn-outline-dark btn-sm",
                                    ),
                                    dcc.Download(id=ids.ALL_DOWNLOAD),
                                ],
                            ),
                            html.P(id=ids.ANNOUNCER, className="visually-hidden", role="status", **aria(live="polite")),
                            html.P(id=ids.URL_NOTE, className="url-note"),
                            slide_bar(),
                            highlight_bar(),
                            html.Div(className="cards", children=cards(ctx)),
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
