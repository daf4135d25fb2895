"""The quote panel: search, 'Showing X of Y', and each quote with attribution, source and code chips.

Quote text is passed to Dash as plain strings, which React renders as text, so
markup inside a quote can never become HTML. Whole-word matches of the search
(`analysis.qualitative.search_pattern`) are wrapped in <mark>, in the quote and in
the labels of its code chips, since a quote is also found through its codes' labels.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard import ids
from dashboard.analysis.qualitative_search import highlight_spans
from dashboard.components.attributes import aria
from dashboard.components.elements import Element


def quote_panel() -> html.Section:
    return html.Section(
        id=ids.QUOTES_CARD,
        className="card-panel",
        **aria(labelledby=ids.QUOTES_TITLE),
        children=[
            html.P("What managers said", className="card-kicker"),
            html.H2("Verbatim quotes", id=ids.QUOTES_TITLE, className="card-title"),
            html.P(
                "Quotes are verbatim, with the attribution ONS published. They represent participants' views only "
                "and cannot be quantified.",
                className="card-subtitle",
            ),
            html.Div(
                className="quote-search",
                children=[
                    html.Label(
                        "Search quotes, findings and codes (whole words)",
                        htmlFor=ids.QUOTE_SEARCH,
                        className="form-label",
                    ),
                    dcc.Input(
                        id=ids.QUOTE_SEARCH,
                        type="search",
                        debounce=0.4,
                        maxLength=100,
                        className="form-control",
                        autoComplete="off",
                    ),
                    html.Button(
                        "Download quotes CSV", id=ids.QUOTES_DOWNLOAD_BUTTON, className="btn btn-outline-dark btn-sm"
                    ),
                    dcc.Download(id=ids.QUOTES_DOWNLOAD),
                ],
            ),
            html.P(id=ids.QUOTES_COUNT, className="quotes-count"),
            html.Div(id=ids.QUOTES_LIST, className="quotes-list"),
        ],
    )


def marked(text: str, search: str) -> list:
    """Text with each whole-word match of the search in a <mark>; plain strings otherwise."""
    return [Element("Mark", piece) if hit else piece for piece, hit in highlight_spans(text, search)]


def render_quote(
    row: Mapping,
    *,
    search: str,
    code_labels: Mapping[str, str],
    active_codes: set[str],
    source_title: str,
    source_url: str,
    selected: bool,
) -> Element:
    """One quote, as plain elements (components/elements.py: a redraw lists up to every quote, about a
    dozen elements each)."""
    text = marked(str(row["text"]), search)
    chips = [
        Element(
            "Button",
            marked(code_labels.get(code, code), search),
            id=ids.code_chip(code, row["quote_id"]),
            type="button",
            className="code-chip" + (" code-chip-active" if code in active_codes else ""),
            **aria(pressed="true" if code in active_codes else "false"),
            title=("Remove" if code in active_codes else "Filter by") + f" code: {code_labels.get(code, code)}",
        )
        for code in row["codes"]
    ]
    return Element(
        "Figure",
        [
            Element("Blockquote", Element("P", text), className="quote-text"),
            Element(
                "Figcaption",
                [
                    Element("Span", row["attribution"], className="quote-attribution"),
                    Element("Span", " · ", **aria(hidden="true")),
                    Element("A", source_title, href=source_url, className="quote-source"),
                    Element("Span", f" · {row['section']}", className="quote-section"),
                ],
            ),
            Element("Div", [Element("Span", "Codes: ", className="visually-hidden"), *chips], className="chips"),
            Element(
                "Button",
                "Selected quote" if selected else "Select this quote",
                id=ids.quote_select(row["quote_id"]),
                type="button",
                className="btn btn-link btn-sm quote-select",
                **aria(pressed="true" if selected else "false"),
            ),
        ],
        id=ids.quote_anchor(row["quote_id"]),
        className="quote" + (" quote-selected" if selected else ""),
    )
