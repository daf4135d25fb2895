"""The quote panel: search, 'Showing X of Y', and each quote with attribution, source and code chips.

The quotes are sent as JSON in one element's attribute and drawn in the page by assets/drawn.js,
which sets every text as text, so markup inside a quote can never become HTML. Whole-word matches
of the search (`analysis.qualitative.search_pattern`) are marked, in the quote and in the labels of
its code chips, since a quote is also found through its codes' labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

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
            html.Div(id=ids.QUOTES_LIST, className="quotes-pane"),
        ],
    )


def marked(text: str, search: str) -> list:
    """Text with each whole-word match of the search in a <mark>, as elements (the evidence panel's)."""
    return [Element("Mark", piece) if hit else piece for piece, hit in highlight_spans(text, search)]


#: The attribute of the quote list's region holding what assets/drawn.js draws the quotes from.
QUOTES_ATTRIBUTE = "data-quotes"


def pieces(text: str, search: str) -> list[str | dict[str, str]]:
    """Text as the page draws it: plain pieces as strings, each whole-word match of the search as
    {"mark": piece}, which assets/drawn.js puts in a <mark>."""
    return [{"mark": piece} if hit else piece for piece, hit in highlight_spans(text, search)]


def control(label: Any, pick: dict[str, str], pressed: bool, **extra: str) -> dict[str, Any]:
    """A toggle button drawn in the page: its label, whether it is pressed, and the pattern id
    (`ids.dom_id`) that assets/drawn.js gives it and writes to the picked store when it is pressed."""
    return {"label": label, "pressed": pressed, "id": ids.dom_id(pick), "pick": pick, **extra}


def quote_spec(
    row: Mapping,
    *,
    search: str,
    code_labels: Mapping[str, str],
    active_codes: set[str],
    source_title: str,
    source_url: str,
    selected: bool,
) -> dict[str, Any]:
    """One quote, as assets/drawn.js draws it: the verbatim text with the search's matches marked,
    the published attribution, the source's title, link and section, a toggle chip per code (its
    label marked too, since a quote is also found through its codes' labels) and the select button."""
    quote = row["quote_id"]
    chips = [
        control(
            pieces(code_labels.get(code, code), search),
            ids.code_chip(code, quote),
            code in active_codes,
            title=("Remove" if code in active_codes else "Filter by") + f" code: {code_labels.get(code, code)}",
        )
        for code in row["codes"]
    ]
    return {
        "id": ids.quote_anchor(quote),
        "text": pieces(str(row["text"]), search),
        "attribution": row["attribution"],
        "source": source_title,
        "href": source_url,
        "section": f" · {row['section']}",
        "chips": chips,
        "selected": selected,
        "select": control("Selected quote" if selected else "Select this quote", ids.quote_select(quote), selected),
    }


def quote_list(quotes: list[dict[str, Any]]) -> Element:
    """The quote list as one element, whose quotes assets/drawn.js draws in the page from its
    `data-quotes` attribute (`quote_spec` each). As Dash components a quote was about a dozen, and
    the list about 240 of the page's components, each of which Dash's renderer visits on every update
    (docs/performance.md, issue 15's eighth step). The browser is sent the same text."""
    spec = {"quotes": quotes, "codesLabel": "Codes: "}
    return Element(
        "Div",
        className="quotes-list",
        **{QUOTES_ATTRIBUTE: json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)},
    )
