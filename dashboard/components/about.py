"""Each card's About pane: what the numbers are, where they come from, and their limits.

One function per card, of the loaded context (the source rows name titles and caveats).
The registry (components/registry.py) points each card at its function.
"""

from __future__ import annotations

from dash import html

from dashboard.context import AppContext
from dashboard.figures.text import release_text
from dashboard.views.qualitative import QUALITATIVE_SOURCE

SURVEY_METHOD = [
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


def _source_line(ctx: AppContext, table: str) -> html.P:
    source = ctx.extract.source_of(table)
    return html.P(f"Source: {source['title']}. {source['caveat']}")


def admin(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted mean share of each worker's diary work day by activity group. ONS splits work time into "
            "sector-specific and non-sector-specific activities and warns that non-sector-specific time (which "
            "includes data analysis, research and project management) is not the same as admin time. The admin "
            "share here is this product's own grouping of forms, records, email and meetings."
        ),
        _source_line(ctx, "time_use_survey"),
        *SURVEY_METHOD,
    ]


def ai(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted % of organisations that use AI, and that use automation to deliver work differently. PSMPS "
            "publishes police and fire as one group, so the survey does too."
        ),
        _source_line(ctx, "org_survey"),
        *SURVEY_METHOD,
    ]


def barriers(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted % of organisations reporting each barrier to improving how they are managed. The barrier list "
            "uses the same codes as the qualitative findings, so the two can be read side by side."
        ),
        _source_line(ctx, "org_survey"),
        *SURVEY_METHOD,
    ]


def matrix(ctx: AppContext) -> list:
    qual = ctx.extract.sources.set_index("source_id").loc[QUALITATIVE_SOURCE]
    return [
        html.P(
            "Findings coded from the article text against the project's codebook, sector by sector as the text "
            "attributes them; statements about every sector sit in the 'All sectors' column. A participant group "
            "is one sector's current managers, or the former civil servants. Counts are of findings and quotes, "
            "never of people."
        ),
        html.P(
            f"Source: {qual['title']}, {qual['publisher']}, released {release_text(qual['release_date'])}. "
            f"{qual['caveat']}"
        ),
    ]


def published(ctx: AppContext) -> list:
    return [
        html.P(
            "Every sector-level or headline figure we could source from ONS releases and from secondary analyses "
            "of ONS data, exactly as published. Each links to its source; secondary analyses are marked and are "
            "not ONS statistics."
        )
    ]
