"""The quote panel: search, 'Showing X of Y', and each quote with attribution, source and code chips.

Quote text is passed to Dash as plain strings, which React renders as text, so
markup inside a quote can never become HTML. Matches are wrapped in <mark>.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard.analysis.qualitative import highlight_spans


def quote_panel() -> html.Section:
    return html.Section(
        id="quotes-card",
        className="card-panel",
        **{"aria-labelledby": "quotes-title"},
        children=[
            html.P("What managers said", className="card-kicker"),
            html.H2("Verbatim quotes", id="quotes-title", className="card-title"),
            html.P(
                "Quotes are verbatim, with the attribution ONS published. They represent participants' views only "
                "and cannot be quantified.",
                className="card-subtitle",
            ),
            html.Div(
                className="quote-search",
                children=[
                    html.Label("Search quotes", htmlFor="quote-search", className="form-label"),
                    dcc.Input(
                        id="quote-search",
                        type="search",
                        debounce=0.4,
                        maxLength=100,
                        className="form-control",
                        autoComplete="off",
                    ),
                    html.Button(
                        "Download quotes CSV", id="quotes-download-btn", className="btn btn-outline-dark btn-sm"
                    ),
                    dcc.Download(id="quotes-download"),
                ],
            ),
            html.Div(
                className="spotlight-controls",
                children=[
                    html.Button("Previous quote", id="quote-prev", type="button", className="btn btn-dark"),
                    html.Button("Next quote", id="quote-next", type="button", className="btn btn-dark"),
                    html.Span("Left and right arrow keys step through the quotes.", className="spotlight-hint"),
                ],
            ),
            html.P(id="quotes-count", className="quotes-count"),
            html.Div(id="quotes-list", className="quotes-list"),
        ],
    )


def render_quote(
    row: Mapping,
    *,
    search: str,
    code_labels: Mapping[str, str],
    active_codes: set[str],
    source_title: str,
    source_url: str,
    selected: bool,
) -> html.Figure:
    text = [html.Mark(piece) if hit else piece for piece, hit in highlight_spans(str(row["text"]), search)]
    chips = [
        html.Button(
            code_labels.get(code, code),
            id={"type": "code-chip", "code": code, "quote": row["quote_id"]},
            type="button",
            className="code-chip" + (" code-chip-active" if code in active_codes else ""),
            **{"aria-pressed": "true" if code in active_codes else "false"},
            title=("Remove" if code in active_codes else "Filter by") + f" code: {code_labels.get(code, code)}",
        )
        for code in row["codes"]
    ]
    return html.Figure(
        id=f"quote-{row['quote_id']}",
        className="quote" + (" quote-selected" if selected else ""),
        children=[
            html.Blockquote(html.P(text), className="quote-text"),
            html.Figcaption(
                [
                    html.Span(row["attribution"], className="quote-attribution"),
                    html.Span(" · ", **{"aria-hidden": "true"}),
                    html.A(source_title, href=source_url, className="quote-source"),
                    html.Span(f" · {row['section']}", className="quote-section"),
                ]
            ),
            html.Div(
                [html.Span("Codes: ", className="visually-hidden"), *chips],
                className="chips",
            ),
            html.Button(
                "Selected quote" if selected else "Select this quote",
                id={"type": "quote-select", "quote": row["quote_id"]},
                type="button",
                className="btn btn-link btn-sm quote-select",
                **{"aria-pressed": "true" if selected else "false"},
            ),
        ],
    )
