"""The evidence panel after the findings matrix: its static shell, and its body for a `FindingsView`.

Every text (paraphrase, the article's words, quotes) is passed to Dash as a plain string, which
React renders as text, so nothing in the data can become HTML; whole-word matches of the search
are wrapped in <mark>, as in the quote panel. The panel's quotes carry no chips or select buttons
(those ids belong to the quote panel, and an id is used once).
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.components.attributes import aria
from dashboard.components.quotes import marked
from dashboard.views.findings import CLOSED_SUMMARY, CLOSED_TITLE, FindingItem, FindingsView

#: The matrix card's heading, where "Back to the matrix" returns focus.
MATRIX_HEADING = ids.CardIds.of("matrix").title


def findings_panel() -> html.Section:
    """Static shell; the panel callback fills the heading, summary and body."""
    return html.Section(
        id=ids.FINDINGS_CARD,
        className="card-panel findings-panel",
        **aria(labelledby=ids.FINDINGS_TITLE),
        children=[
            html.P("The evidence behind the matrix", className="card-kicker"),
            # tabIndex -1: not in the tab order, but focus can be moved here (assets/findings.js).
            html.H2(CLOSED_TITLE, id=ids.FINDINGS_TITLE, className="card-title", tabIndex=-1),
            html.P(CLOSED_SUMMARY, id=ids.FINDINGS_SUMMARY, className="card-subtitle"),
            html.Div(
                className="card-toolbar",
                children=[
                    # A link to a focusable heading: following it moves focus there, without a script.
                    html.A(
                        "Back to the matrix", id=ids.FINDINGS_BACK, href=f"#{MATRIX_HEADING}", className="back-link"
                    ),
                    html.Button(
                        "Download findings CSV",
                        id=ids.FINDINGS_DOWNLOAD_BUTTON,
                        type="button",
                        className="btn btn-outline-dark btn-sm",
                    ),
                    dcc.Download(id=ids.FINDINGS_DOWNLOAD),
                ],
            ),
            html.Div(id=ids.FINDINGS_BODY, className="findings-body"),
            dcc.Store(id=ids.FINDINGS_FOCUS),
            dcc.Store(id=ids.FINDINGS_FOCUSED),
        ],
    )


def render_finding(item: FindingItem, search: str) -> html.Li:
    return html.Li(
        className="finding",
        children=[
            html.P(
                [
                    html.Strong(item.attributed),
                    html.Span(f" · {item.code_label} · {item.finding_id}", className="finding-code"),
                ],
                className="finding-meta",
            ),
            html.P(marked(item.paraphrase, search), className="finding-paraphrase"),
            html.P("The article's words:", className="finding-evidence-label"),
            html.Blockquote(html.P(marked(item.evidence, search)), className="finding-evidence", cite=item.link),
            html.P(html.A(item.link_label, href=item.link), className="finding-link"),
        ],
    )


def render_panel_quote(row: Mapping, search: str, code_labels: Mapping[str, str]) -> html.Li:
    codes = ", ".join(code_labels.get(c, c) for c in row["codes"])
    return html.Li(
        className="quote finding-quote",
        children=[
            html.Blockquote(html.P(marked(str(row["text"]), search)), className="quote-text"),
            html.P(
                [
                    html.Span(row["attribution"], className="quote-attribution"),
                    html.Span(f" · {row['section']}", className="quote-section"),
                    html.Span(f" · Coded: {codes}", className="quote-codes"),
                ],
                className="finding-quote-caption",
            ),
        ],
    )


def panel_body(view: FindingsView, search: str, code_labels: Mapping[str, str]) -> list[Component]:
    """Findings first, then quotes; nothing while the panel is closed (its summary says how to open it)."""
    if not view.open:
        return []
    body: list[Component] = [html.H3(view.findings_heading, className="findings-subhead")]
    if view.findings:
        body.append(html.Ol([render_finding(item, search) for item in view.findings], className="findings-list"))
    else:
        body.append(html.P("No coded finding matches in the groups shown.", className="findings-empty"))
    if view.findings_note:
        body.append(html.P(view.findings_note, className="findings-note"))
    body.append(html.H3(view.quotes_heading, className="findings-subhead"))
    if view.quotes_message:
        body.append(html.P(view.quotes_message, className="findings-empty"))
    if len(view.quotes):
        body.append(
            html.Ul(
                [render_panel_quote(row, search, code_labels) for row in view.quotes.to_dict("records")],
                className="findings-quotes",
            )
        )
    return body
