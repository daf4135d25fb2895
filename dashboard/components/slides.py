"""The presenter-mode slide bar: Previous / Next, "Slide 3 of 12", the slide's data status and the
active filters. Hidden outside presenter mode (assets/app.css).

Presenter mode shows one card, or one quote, per screen. The slides themselves are the page's own
cards and quotes: assets/app.js lists them in page order, shows one at a time and steps them with
these buttons and the arrow keys, entirely in the browser, so a step never adds a history entry
(the slide is kept in the address's #fragment with history.replaceState). The filters line is
copied from the sidebar's (callbacks/clientside.py), which presenter mode hides.
"""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.components.attributes import aria


def slide_bar() -> html.Div:
    return html.Div(
        id=ids.SLIDE_BAR,
        className="slide-bar",
        children=[
            html.Div(
                className="slide-nav",
                role="group",
                **aria(label="Slides"),
                children=[
                    html.Button(
                        "Previous",
                        id=ids.SLIDE_PREV,
                        type="button",
                        className="btn btn-dark slide-prev",
                        title="Left arrow",
                        **aria(keyshortcuts="ArrowLeft"),
                    ),
                    html.Button(
                        "Next",
                        id=ids.SLIDE_NEXT,
                        type="button",
                        className="btn btn-dark slide-next",
                        title="Right arrow",
                        **aria(keyshortcuts="ArrowRight"),
                    ),
                    html.P(id=ids.SLIDE_STATUS, className="slide-status", role="status", **aria(live="polite")),
                ],
            ),
            html.P(
                className="slide-context",
                children=[
                    html.Span(id=ids.SLIDE_DATA, className="slide-data"),
                    html.Span(id=ids.SLIDE_FILTERS, className="slide-filters"),
                ],
            ),
        ],
    )
