"""The evidence panel beside the findings matrix: the findings behind a cell, a code or a search.

What it shows is read from the view state alone, so a link reopens it: a matrix cell click
narrows the sectors (or group) and the codes, a code's name beside the matrix or a code chip on a
quote sets the codes, and a search finds findings and quotes by their words, their codes' labels
and their codes' everyday keywords. It lists the distinct findings first (each with the coders'
paraphrase, the article's verbatim words, the groups the article attributes it to and a link to
its section), then the quotes, under the same rules as the quote panel (`quotes_view`): the
findings of a withheld matrix column and the quotes of small groups are never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import pandas as pd

from dashboard.analysis import qualitative, qualitative_links, qualitative_search
from dashboard.context import AppContext
from dashboard.data import vocab
from dashboard.export import FINDINGS_COLUMNS
from dashboard.state import ViewState
from dashboard.views import derived
from dashboard.views.evidence_wording import and_list, plural
from dashboard.views.model import QuotesView, made
from dashboard.views.qualitative import QUALITATIVE_SOURCE, finding_index, quotes_view, withheld_columns

#: Findings the page lists at most; the CSV holds every one (a long list slows every redraw).
ON_PAGE = 40
#: The panel's CSV: findings first, then quotes, one row each (the zip's README describes each column).
EXPORT_COLUMNS = list(FINDINGS_COLUMNS)
CLOSED_TITLE = "The findings behind the matrix"
CLOSED_SUMMARY = (
    "Select a cell of the matrix, a code's name beside it, a code on a quote, or a row button in the matrix's "
    "Table view, or search for a word, to read the findings behind it here: what the article says, in its own "
    "words, with a link to the section, and then the quotes."
)
GENERAL_NOTE = "Not sector-specific: the article states it about managers generally, without naming a sector"


@dataclass(frozen=True)
class FindingItem:
    """One distinct finding, as the panel lists it."""

    finding_id: str
    code: str
    code_label: str
    paraphrase: str
    evidence: str
    section: str
    #: Which groups the article attributes it to, in words.
    attributed: str
    link: str
    link_label: str
    source_id: str = QUALITATIVE_SOURCE


@dataclass(frozen=True)
class FindingsView:
    #: Whether something is selected (a code or a search); closed, the panel says how to open it.
    open: bool
    title: str
    summary: str
    findings: tuple[FindingItem, ...]
    #: Distinct findings in all, of which the first ON_PAGE are listed.
    findings_total: int
    findings_heading: str
    findings_note: str
    #: The quotes, under the quote rule (rows of the quotes table), and what to say about them.
    quotes: pd.DataFrame
    quotes_heading: str
    quotes_message: str
    #: The panel's CSV rows, or what makes them: only a download reads them. Read them as `export`.
    export_rows: pd.DataFrame | Callable[[], pd.DataFrame]

    @property
    def export(self) -> pd.DataFrame:
        return made(self, "export_rows")


def attributed_text(columns: tuple[str, ...], labels: tuple[str, ...]) -> str:
    """Who the article attributes a finding to, in words."""
    if columns == (qualitative.ALL_SECTORS,):
        return GENERAL_NOTE
    if columns == (qualitative.FORMER,):
        return "Attributed to former civil servants"
    return "Attributed in the article to " + and_list(list(labels))


def attribution_rank(columns: tuple[str, ...]) -> int:
    """0 for a finding attributed to sectors, 1 for one stated generally, 2 for former civil servants'."""
    if columns == (qualitative.ALL_SECTORS,):
        return 1
    return 2 if columns == (qualitative.FORMER,) else 0


def section_words(section: str) -> str:
    """'6. Artificial intelligence ... > Risks and barriers ...' -> 'section 6, Risks and barriers ...'."""
    parts = [p.strip() for p in section.split(">")]
    number, _, heading = parts[0].partition(". ")
    name = parts[-1] if len(parts) > 1 else heading
    return f"section {number}, “{name}”" if number.isdigit() else f"“{section}”"


def _who(ctx: AppContext, state: ViewState) -> str:
    """The matrix columns the filters show, in words."""
    withheld = set(withheld_columns(ctx))
    columns = [c for c in qualitative.shown_columns(state.sectors, state.groups) if c not in withheld]
    sectors = [c for c in columns if c not in (qualitative.ALL_SECTORS, qualitative.FORMER)]
    every = [s for s in vocab.SECTORS if s not in withheld] == sectors
    parts = ["every sector in the matrix" if every else and_list([qualitative.COLUMN_LABELS[c] for c in sectors])]
    if qualitative.ALL_SECTORS in columns:
        parts.append("statements not specific to a sector")
    if qualitative.FORMER in columns:
        parts.append("former civil servants")
    return and_list([p for p in parts if p]) or "no group"


def _subject(ctx: AppContext, state: ViewState) -> str:
    """What was selected: the codes by name and the search, in words."""
    labels = [ctx.code_labels.get(c, c) for c in state.codes]
    needle = " ".join(state.search.split())
    parts = []
    if labels:
        parts.append(labels[0] if len(labels) == 1 else plural(len(labels), "code"))
    if needle:
        parts.append(f"matching “{needle}”")
    return " ".join(parts)


def _counts(findings: int, quotes: int, withheld: bool) -> str:
    said = "quotes withheld" if withheld else ("no quotes" if not quotes else plural(quotes, "quote"))
    return f"{'no coded findings' if not findings else plural(findings, 'coded finding')}, {said}"


def keyword_note(ctx: AppContext, state: ViewState) -> str:
    """Why a result may hold none of the searched words: the search is an everyday word for a code."""
    found = qualitative_search.keyword_matches(ctx.code_labels, state.search)
    if not found:
        return ""
    needle = " ".join(state.search.split())
    names = and_list([f"“{ctx.code_labels[code]}”" for code, _ in found])
    them = "it" if len(found) == 1 else "them"
    return f" “{needle}” is an everyday word for {names}, so what is coded with {them} is included."


def findings_view(ctx: AppContext, state: ViewState, quotes: QuotesView | None = None) -> FindingsView:
    """The evidence panel for a view state (see the module docstring); `quotes`, the quote list's view
    of the same state, when the caller has it."""
    quotes = quotes or quotes_view(ctx, state)
    opened = bool(state.codes) or qualitative_search.search_pattern(state.search) is not None
    if not opened:
        empty = pd.DataFrame(columns=EXPORT_COLUMNS)
        return FindingsView(
            open=False,
            title=CLOSED_TITLE,
            summary=CLOSED_SUMMARY,
            findings=(),
            findings_total=0,
            findings_heading="",
            findings_note="",
            quotes=quotes.quotes.iloc[0:0],
            quotes_heading="",
            quotes_message="",
            export_rows=empty,
        )
    found = finding_index(ctx).ids(
        sectors=state.sectors, groups=state.groups, codes=state.codes, themes=state.themes, search=state.search
    )
    items = tuple(item for item in _ranked_items(ctx) if item.finding_id in found)
    listed = items[:ON_PAGE]
    shown_quotes = quotes.quotes
    title = f"{_subject(ctx, state)}: {_counts(len(items), len(shown_quotes), quotes.withheld)}"
    summary = (
        f"Coded findings and verbatim quotes for {_who(ctx, state)}, under the filters. Each finding is the coders' "
        "paraphrase, then the article's own words, with a link to the section they come from. The article's findings "
        "cannot be quantified: they say what was raised, not how widely." + keyword_note(ctx, state)
    )
    if quotes.withheld:
        quotes_message = quotes.message
    elif shown_quotes.empty:
        quotes_message = "No verbatim quote in the article is coded with this in the groups shown."
    else:
        quotes_message = ""
    note = f"Showing the first {ON_PAGE} of {len(items)}; the CSV has every one." if len(items) > ON_PAGE else ""
    return FindingsView(
        open=True,
        title=title[:1].upper() + title[1:],
        summary=summary,
        findings=listed,
        findings_total=len(items),
        findings_heading=f"Coded findings ({len(items)})",
        findings_note=note,
        quotes=shown_quotes,
        quotes_heading=f"Quotes ({'withheld' if quotes.withheld else len(shown_quotes)})",
        quotes_message=quotes_message,
        export_rows=partial(_export, ctx, items, shown_quotes),
    )


def _ranked_items(ctx: AppContext) -> tuple[FindingItem, ...]:
    """Every finding any view may show, as the panel lists it and in the panel's order: the sectors'
    own findings first (the cell that was clicked), then those stated about managers generally, then
    the former civil servants'; the article's order within each. None of it depends on the view
    state, so it is worked out once per context and a view keeps the findings it finds."""

    def compute() -> tuple[FindingItem, ...]:
        urls = derived.source_column(ctx, "url")
        found = sorted(finding_index(ctx).distinct, key=lambda r: attribution_rank(r["columns"]))  # stable
        return tuple(
            FindingItem(
                finding_id=r["finding_id"],
                code=r["code"],
                code_label=r["code_label"],
                paraphrase=r["paraphrase"],
                evidence=r["evidence"],
                section=r["section"],
                attributed=attributed_text(r["columns"], r["column_labels"]),
                link=qualitative_links.section_link(urls[r["source_id"]], r["section"], r["evidence"]),
                link_label=f"Read it in the article, {section_words(r['section'])}",
                source_id=r["source_id"],
            )
            for r in found
        )

    return derived.once(ctx, "findings.ranked_items", compute)


def _export(ctx: AppContext, items: tuple[FindingItem, ...], quotes: pd.DataFrame) -> pd.DataFrame:
    """Findings, then quotes: each with its text, the article's words (for a finding) and its link."""
    quote_rows = _quote_rows(ctx)
    rows = [_finding_row(f) for f in items] + [quote_rows[q] for q in quotes["quote_id"]]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS)


def _finding_row(f: FindingItem) -> dict[str, object]:
    """A finding's row of the panel's CSV."""
    return {
        "kind": "finding",
        "id": f.finding_id,
        "codes": f.code,
        "code_labels": f.code_label,
        "attributed_to": f.attributed,
        "text": f.paraphrase,
        "evidence": f.evidence,
        "section": f.section,
        "link": f.link,
        "source_id": f.source_id,
        "data_status": "qualitative research",
    }


def _quote_rows(ctx: AppContext) -> Mapping[object, Mapping[str, object]]:
    """Each quote's row of the panel's CSV, by quote id, for every quote any view may show: once per
    context (its link is the costly part)."""

    def compute() -> Mapping[object, Mapping[str, object]]:
        urls = derived.source_column(ctx, "url")
        return MappingProxyType(
            {
                q["quote_id"]: {
                    "kind": "quote",
                    "id": q["quote_id"],
                    "codes": "|".join(q["codes"]),
                    "code_labels": "|".join(ctx.code_labels.get(c, c) for c in q["codes"]),
                    "attributed_to": q["attribution"],
                    "text": q["text"],
                    "evidence": "",
                    "section": q["section"],
                    "link": qualitative_links.section_link(urls[q["source_id"]], q["section"], q["text"]),
                    "source_id": q["source_id"],
                    "data_status": "qualitative research",
                }
                for q in ctx.quotes.to_dict("records")
            }
        )

    return derived.once(ctx, "findings.quote_rows", compute)
