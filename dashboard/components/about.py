"""Each card's About pane: what the numbers are, where they come from, and their limits.

One function per card, of the loaded context (the source rows name titles and caveats).
The registry (components/registry.py) points each card at its function.
"""

from __future__ import annotations

from dash import html

from dashboard.context import AppContext
from dashboard.figures.text import release_text
from dashboard.views.qualitative import QUALITATIVE_SOURCE

#: Where each About pane sends readers for the method in full (docs/methods.md, served at /methods).
METHODS_URL = "/methods"


def method_link(anchor: str, text: str) -> html.A:
    return html.A(text, href=f"{METHODS_URL}#{anchor}")


SURVEY_METHOD = [
    html.P(
        [
            "How the numbers are worked out. Each bar is a weighted share (or a weighted average): every response "
            "counts in proportion to how many organisations or workers it stands for. The line through a bar is "
            "its 95% confidence interval, the range the true figure probably lies in; it is a Wilson score interval, "
            "sized by the effective number of responses once weighting is allowed for (Kish's formula). ",
            method_link("survey-estimates", "The method in full"),
            ".",
        ]
    ),
    html.P(
        [
            "Protecting small groups. [c] means a number is withheld because too few responses lie behind it, or "
            "because comparing this view with another would give a small group away; [x] means there are no "
            "responses; [u] means the number rests on few responses, so treat it with care. Shown numbers are also "
            "nudged slightly, always the same way for the same respondents (ONS's cell key method), so that no "
            "difference between two views is exact. Region and size filters are used one at a time for the same "
            "reason. ",
            method_link("disclosure-control-survey-estimates", "How small groups are protected"),
            ".",
        ]
    ),
]


def _source_line(ctx: AppContext, table: str) -> html.P:
    source = ctx.extract.source_of(table)
    return html.P(f"Source: {source['title']}. {source['caveat']}")


def _synthetic_note(ctx: AppContext, table: str) -> list:
    """On a synthetic extract, say the numbers are invented and their sector differences random."""
    if not ctx.extract.is_synthetic(table):
        return []
    return [
        html.P(
            "Synthetic data: this card demonstrates the method with invented numbers. Every difference between "
            "sectors was drawn at random from the generator's seed, so it means nothing: a different seed puts the "
            "sectors in a different order. Do not read these figures against the qualitative findings or the "
            "published figures, and do not quote them."
        )
    ]


def admin(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted mean share of each worker's diary work day by activity group. ONS splits work time into "
            "sector-specific and non-sector-specific activities and warns that non-sector-specific time (which "
            "includes data analysis, research and project management) is not the same as admin time. The admin "
            "share here is this product's own grouping of forms, records, email and meetings."
        ),
        *_synthetic_note(ctx, "time_use_survey"),
        _source_line(ctx, "time_use_survey"),
        *SURVEY_METHOD,
    ]


def ai(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted % of organisations that use AI, and that use automation to deliver work differently. PSMPS "
            "publishes police and fire as one group, so the survey does too."
        ),
        *_synthetic_note(ctx, "org_survey"),
        _source_line(ctx, "org_survey"),
        *SURVEY_METHOD,
    ]


def barriers(ctx: AppContext) -> list:
    return [
        html.P(
            "Weighted % of organisations reporting each barrier to improving how they are managed. The barriers "
            "are named with the codebook's barrier codes."
        ),
        *_synthetic_note(ctx, "org_survey"),
        _source_line(ctx, "org_survey"),
        *SURVEY_METHOD,
    ]


def matrix(ctx: AppContext) -> list:
    qual = ctx.extract.sources.set_index("source_id").loc[QUALITATIVE_SOURCE]
    return [
        html.P(
            [
                "Findings coded from the article text against the project's codebook, sector by sector as the text "
                "attributes them; statements that name no sector, or speak of every sector, sit in the "
                "'Not sector-specific' column and are never counted in a sector's. A participant group "
                "is one sector's current managers, or the former civil servants. A mark means a topic was raised, "
                "never how often or by how many people. ",
                method_link("qualitative-findings-presence-not-prevalence", "Why presence, not prevalence"),
                ".",
            ]
        ),
        html.P(
            "Select a cell, a code's name or a row of the Table view to read the findings behind it in the evidence "
            "panel after the matrix: the coders' paraphrase, the article's own words, the groups the article "
            "attributes each finding to and a link to its section, then the quotes. The matrix's CSV carries each "
            "cell's findings and the article's words too (finding_text, finding_evidence)."
        ),
        html.P(
            f"Source: {qual['title']}, {qual['publisher']}, released {release_text(qual['release_date'])}. "
            f"{qual['caveat']}"
        ),
    ]


def published(ctx: AppContext) -> list:
    return [
        html.P(
            "Sector-level and headline figures from ONS releases and from other UK publishers (the National Audit "
            "Office, the Local Government Association, NHS bodies and royal colleges, the Department for "
            "Education, unions and professional bodies, Hansard), exactly as published. Each was checked against "
            "its page's text and links to its source, with the verbatim words it comes from. Where only a report "
            "of a figure could be read, the row names both the publisher and who reported it."
        ),
        html.P(
            "Each row says what kind of figure it is (official statistics, a sample survey, a survey of members, "
            "a census of bodies, a trial, administrative data) and what it counts (organisations, staff, share of "
            "working time, hours). Figures from different surveys, populations or units do not compare with one "
            "another, and the table never ranks them. Secondary analyses and other publishers' figures are not "
            "ONS statistics."
        ),
    ]


def evidence_map(ctx: AppContext) -> list:
    """About the evidence map: what each cell counts, what it never counts, and how figures are filed."""
    qual = ctx.extract.sources.set_index("source_id").loc[QUALITATIVE_SOURCE]
    return [
        html.P(
            "Each cell says what real sources hold for one sector and one topic. Only published figures and the "
            "coded findings and quotes of the managers' research are used; the synthetic survey extract never is. "
            "The map shows all six sectors whatever the sector filter, so it stays the place to choose from; only "
            "the published-source filter changes what it counts."
        ),
        html.P(
            "Published figures: every figure filed under the topic that is about the sector, or about a group of "
            "sectors containing it. All-public-sector figures count for every sector and police-and-fire figures "
            "for police and for fire. Frontline, non-frontline and frontline-supervisor figures are about role "
            "groups (workers who deal with the public directly, and those who do not, in every sector), so they "
            "count for no sector; the topic panel shows them beside the sectors, labelled as role groups. "
            "Private-sector figures are comparators and count for no sector. The strongest figure is chosen by how "
            "it was produced, never by its value: official statistics first, then a census of bodies, then a "
            "sample survey, then any other kind; then the figure closest to the sector (about the sector itself, then "
            "about a smaller group containing it, then about all public sector); then a share or score before a "
            "count; then one read on its publisher's own page before one read in a report of it; then a dated "
            "source before an undated one. Its value is shown exactly as published, with its qualifier, publisher "
            "and year."
        ),
        html.P(
            "Coded findings: whether a finding attributed to the sector's managers, or stated about every sector, "
            "raised the topic. This is presence only, never a count or a share: the qualitative findings cannot be "
            "quantified or applied to wider populations. Quotes: how many of the quotes from the sector's managers "
            "carry a code on the topic (a quote with codes on two topics counts for both). Former civil servants "
            "have no sector, so their findings and quotes are in no cell."
        ),
        html.P(
            "Topics of codes: a barrier code is about barriers; an AI use code about AI use; an admin burden code "
            "about admin burden; any other code follows its theme (AI and automation: AI use; administration: "
            "admin burden; management practice, views on productivity and innovation: management practice)."
        ),
        html.P(
            "In the grid, a filled shape marks evidence and an open one its absence (■ □ published figures, "
            "● ○ raised in findings, ▲ △ quotes). Every cell has the same fill except those the topic panel "
            "shows, which are tinted and say so: no colour ranks sectors on evidence of different kinds."
        ),
        html.P(
            f"Qualitative source: {qual['title']}, {qual['publisher']}, released {release_text(qual['release_date'])}."
        ),
    ]


def topic_figures(ctx: AppContext) -> list:
    """About the topic panel: one panel and one axis per published figure."""
    return [
        html.P(
            "The published figures on the chosen topic that count for the selected sectors (a figure about a group "
            "counts for each sector in it, as on the evidence map), exactly as published. Each figure gets a panel "
            "and an axis of its own, titled with its publisher, year, measure and population: figures from "
            "different surveys, populations and questions do not compare, so no two share an axis and none is "
            "ranked against another."
        ),
        html.P(
            "Figures are grouped by what they count (organisations, staff, share of working time, hours, other), "
            "strongest first within a group by how they were produced. A percentage or a 0 to 1 score is drawn as a "
            "bar across its whole scale; a figure in any other unit has no scale it shares with another, so it is "
            "printed as a number. Private-sector comparators are in the published figures table, not here."
        ),
        html.P(
            "One panel shows one topic at a time: choose it with the buttons above the panel, or choose a cell of "
            "the evidence map, which also narrows the sector filter to that cell's sector. The topic is part of the "
            "link to this view. Clicking a figure's bar selects nothing; the table's Open source links go to each "
            "figure's source."
        ),
    ]
