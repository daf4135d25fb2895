"""The qualitative cards: the findings matrix and the quote panel.

The matrix shows presence, not prevalence: each cell marks whether coded findings or
verbatim quotes raise a code for that group, and no title, label or order ranks codes by
how many groups raised them (the article says its findings cannot be quantified). Its words
are here rather than in `wording.py` because they describe this card's marks and columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import Any

import pandas as pd

from dashboard.analysis import qualitative, qualitative_filters, qualitative_matrix, qualitative_search
from dashboard.context import AppContext
from dashboard.figures import matrices
from dashboard.figures.text import release_text
from dashboard.state import ViewState
from dashboard.views import derived, wording
from dashboard.views.model import PICK_CELL, CardView, QuotesView, RowAction

#: The qualitative research every matrix cell and quote comes from.
QUALITATIVE_SOURCE = "ons_managers_views_2024"
#: Codes the matrix shows in presenter mode, in codebook order: readable from the back of a room. Its
#: title then says "Showing 16 of 40 codes on this slide".
PRESENT_MATRIX_CODES = 16
MATRIX_CAPTION = "Coded findings and quotes by code and participant group (presence, not prevalence)"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def matrix_title(codes: int, groups: int, *, of_codes: int | None = None, search: str = "") -> str:
    """What the matrix shows, never which code was raised most widely."""
    needle = " ".join(search.split())
    matching = f" matching “{needle}”" if needle else ""
    if not codes and needle:
        return f"No coded findings or quotes match “{needle}” with these filters"
    if not codes:
        return "No coded findings or quotes match these filters"
    if of_codes is not None:
        # Presenter mode shows the first codes only: the slide says so.
        return (
            f"Coded findings and quotes{matching} across {_n(groups, 'group')}; presence, not prevalence. "
            f"Showing {codes} of {_n(of_codes, 'code')} on this slide, in codebook order"
        )
    shown = f"{_n(codes, 'code')} across {_n(groups, 'group')}"
    return f"Coded findings and quotes{matching} for {shown}; presence, not prevalence"


def withheld_note(withheld: Sequence[str], min_participants: int) -> str:
    """Why a participant group has no column; "" if none is withheld. Said whatever the filters."""
    if not withheld:
        return ""
    one = len(withheld) == 1
    names = withheld[0] if one else ", ".join(withheld[:-1]) + " and " + withheld[-1]
    return (
        f" {names} {'has' if one else 'have'} no column: fewer than {min_participants} participants took part, "
        f"so to avoid singling anyone out {'its' if one else 'their'} findings and quotes are not shown."
    )


def matrix_subtitle(
    source_title: str, release_date: object, *, withheld: Sequence[str] = (), min_participants: int = 3
) -> str:
    return (
        f"{matrices.FINDING_MARK} = raised in coded findings, {matrices.QUOTE_MARK} = in verbatim quotes, "
        f"{matrices.NO_MARK} = neither. Marks are of findings and quotes, not people, and show presence only: "
        "the article's findings cannot be quantified. "
        f"'{qualitative.COLUMN_LABELS[qualitative.ALL_SECTORS]}' holds {qualitative.ALL_SECTORS_MEANING}. "
        f"Source: {source_title} (qualitative research, released {release_text(release_date)}). "
        "Select a cell, or a code's name, to read the findings and quotes behind it in the panel below the matrix."
        + withheld_note(withheld, min_participants)
    )


def matrix_index(ctx: AppContext) -> qualitative_matrix.MatrixIndex:
    """The matrix's cells by code and column (`qualitative_matrix.MatrixIndex`): once per context."""
    x = ctx.extract
    return derived.once(
        ctx,
        "qualitative.matrix_index",
        lambda: qualitative_matrix.MatrixIndex.of(
            x.findings, x.quotes, x.codebook, x.participants, ctx.min_participants
        ),
    )


def matrix_view(ctx: AppContext, state: ViewState) -> CardView:
    columns = qualitative.shown_columns(state.sectors, state.groups)
    # Columns of too few people are left out whatever the filters, and the subtitle says which.
    withheld = withheld_columns(ctx)
    # `qualitative_matrix.matrix`'s rows, as dicts: pandas frames of these few rows cost more than the rows.
    every = matrix_index(ctx).cells(columns=columns, codes=state.codes, themes=state.themes, search=state.search)
    # Codes with nothing in any shown column are left out: a wall of empty rows hides the pattern.
    # The rest keep codebook order: no order by how widely a code was raised.
    # (Counts are never negative, so a code is raised where any of its cells holds something.)
    raised = {r["code"] for r in every if r["findings"] + r["quotes"] > 0}
    rows = [r for r in every if r["code"] in raised]
    codes = list(dict.fromkeys(r["code"] for r in rows))
    of_codes = None
    if state.present and len(codes) > PRESENT_MATRIX_CODES:
        of_codes = len(codes)
        codes = codes[:PRESENT_MATRIX_CODES]
        kept = set(codes)
        rows = [r for r in rows if r["code"] in kept]
    source = _source(ctx)
    groups = len(dict.fromkeys(r["column"] for r in rows))
    # The table lists the cells with something in them; the chart marks the empty ones "–".
    cells = [r for r in rows if r["findings"] + r["quotes"] > 0]
    actions = tuple(
        RowAction(
            PICK_CELL,
            f"Show findings: {r['code_label']}, {r['column_label']}",
            (("column", r["column"]), ("code", r["code"])),
        )
        for r in cells
    )
    # Only a download reads the CSV rows: they are made then (`CardView.export`). The table's rows are
    # made only when its pane holds them (`CardView.table`): a pandas frame of them was a millisecond
    # of every redraw that showed the chart.
    display: pd.DataFrame | Callable[[], pd.DataFrame]
    export: pd.DataFrame | Callable[[], pd.DataFrame]
    if cells:
        display, export = partial(_display, cells), partial(_export, _finding_words(ctx), rows)
    else:
        display, export = _frames(ctx, every)
    return CardView(
        key="matrix",
        title=matrix_title(len(codes), groups, of_codes=of_codes, search=state.search),
        subtitle=matrix_subtitle(
            source["title"],
            source["release_date"],
            withheld=[qualitative.COLUMN_LABELS[c] for c in withheld],
            min_participants=ctx.min_participants,
        ),
        chart=matrices.findings_matrix(rows, present=state.present),
        table_rows=display,
        caption=MATRIX_CAPTION,
        export_rows=export,
        synthetic=False,
        actions=actions,
    )


#: The matrix CSV's names for two of the table's columns.
EXPORT_NAMES = {"column": "participant_group_or_sector", "column_label": "participant_group_label"}


def _display(cells: list[qualitative_matrix.MatrixRow]) -> pd.DataFrame:
    """The matrix's table view: one row per cell with something in it (there is at least one)."""
    return pd.DataFrame(
        {
            "Code": [r["code_label"] for r in cells],
            "Participant group": [r["column_label"] for r in cells],
            "Coded findings": [str(r["findings"]) for r in cells],
            "Quotes": [str(r["quotes"]) for r in cells],
        }
    )


def _export(words: tuple[Mapping[str, str], Mapping[str, str]], rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The matrix CSV: every row of the matrix (there is at least one), with its findings' `words`
    (`_finding_words`; passed, not the context, so a kept view holds no reference to its context)."""
    columns: dict[str, list[Any]] = {
        EXPORT_NAMES.get(f, f): [r[f] for r in rows] for f in qualitative_matrix.MATRIX_FIELDS
    }
    columns.update(_texts(words, columns["finding_ids"]))
    columns["data_status"] = ["qualitative research"] * len(rows)
    columns["source_id"] = [QUALITATIVE_SOURCE] * len(rows)
    return pd.DataFrame(columns)


def _frames(ctx: AppContext, every: list[qualitative_matrix.MatrixRow]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table view and CSV of a matrix with nothing to list, through pandas as a filtered frame, so
    their empty columns have the types they always had: typed as the rows of `every` (the matrix
    before codes with nothing were left out) are, or untyped when even `every` is empty."""
    table = pd.DataFrame(every[:1], columns=qualitative_matrix.MATRIX_FIELDS).iloc[0:0]
    display = pd.DataFrame(
        {
            "Code": table["code_label"],
            "Participant group": table["column_label"],
            "Coded findings": table["findings"].astype(str),
            "Quotes": table["quotes"].astype(str),
        }
    )
    export = table.rename(columns=EXPORT_NAMES).assign(
        **finding_texts(ctx, table["finding_ids"]), data_status="qualitative research", source_id=QUALITATIVE_SOURCE
    )
    return display, export


#: How the matrix CSV joins the several findings of one cell: "F39: ... | F78: ...".
FINDING_SEPARATOR = " | "


def withheld_columns(ctx: AppContext) -> list[str]:
    """`qualitative.withheld_columns` of the context's sample: it depends on the sample alone, so it
    is worked out once per context (a copy each time)."""
    return list(
        derived.once(
            ctx,
            "qualitative.withheld_columns",
            lambda: qualitative.withheld_columns(ctx.extract.participants, ctx.min_participants),
        )
    )


def _source(ctx: AppContext) -> dict:
    """The qualitative research's source row (title, release date ...), read once per context."""
    row = derived.once(
        ctx, "qualitative.source", lambda: ctx.extract.sources.set_index("source_id").loc[QUALITATIVE_SOURCE].to_dict()
    )
    return dict(row)


def _finding_words(ctx: AppContext) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Each finding's paraphrase and the article's words, by finding id: once per context."""

    def compute() -> tuple[Mapping[str, str], Mapping[str, str]]:
        first = ctx.findings.drop_duplicates("finding_id").set_index("finding_id")
        return MappingProxyType(first["paraphrase"].to_dict()), MappingProxyType(first["evidence"].to_dict())

    return derived.once(ctx, "qualitative.finding_words", compute)


def finding_texts(ctx: AppContext, finding_ids: Iterable[object]) -> dict[str, list[str]]:
    """For each matrix cell's space-separated finding ids, the findings' paraphrases and the article's
    verbatim words (`finding_text`, `finding_evidence`), each prefixed by its id, so the CSV carries
    what the findings say and not just their ids."""
    return _texts(_finding_words(ctx), finding_ids)


def _texts(words: tuple[Mapping[str, str], Mapping[str, str]], finding_ids: Iterable[object]) -> dict[str, list[str]]:
    """`finding_texts` from the findings' words (`_finding_words`)."""
    paraphrase, evidence = words
    cells = [str(ids).split() for ids in finding_ids]
    return {
        "finding_text": [FINDING_SEPARATOR.join(f"{f}: {paraphrase.get(f, '')}" for f in fids) for fids in cells],
        "finding_evidence": [FINDING_SEPARATOR.join(f"{f}: {evidence.get(f, '')}" for f in fids) for fids in cells],
    }


def quote_index(ctx: AppContext) -> qualitative_filters.QuoteIndex:
    """The quotes any view may show and the sample behind them, indexed once per context."""
    x = ctx.extract
    return derived.once(
        ctx,
        "qualitative.quote_index",
        lambda: qualitative_filters.QuoteIndex.of(ctx.quotes, x.codebook, x.participants),
    )


def finding_index(ctx: AppContext) -> qualitative_filters.FindingIndex:
    """The findings any view may show, indexed once per context."""
    return derived.once(
        ctx, "qualitative.finding_index", lambda: qualitative_filters.FindingIndex.of(ctx.findings, ctx.codebook)
    )


def findings_matched(ctx: AppContext, state: ViewState) -> int:
    """Distinct coded findings the search finds under the sector, group, code and theme filters."""
    found = finding_index(ctx).ids(
        sectors=state.sectors, groups=state.groups, codes=state.codes, themes=state.themes, search=state.search
    )
    return len(found)


def findings_note(count: int, search: str) -> str:
    """Said after "Showing X of Y quotes" while a search is on: the findings it finds are listed in the
    evidence panel above the quotes (and marked in the matrix)."""
    needle = " ".join(search.split())
    if not count:
        return f"; no coded finding matches “{needle}”"
    verb = "matches" if count == 1 else "match"
    return f"; {_n(count, 'coded finding')} {verb} “{needle}”, listed in the findings panel above"


def quotes_view(ctx: AppContext, state: ViewState) -> QuotesView:
    """The quotes a state shows, under both halves of the quote rule.

    Every quote panel, spotlight, selected quote and quotes CSV comes from here. Quotes
    from groups of fewer than the minimum are dropped first (`showable_quotes`), so no view
    or pair of views shows them, and `total` (the Y of "Showing X of Y") counts only quotes
    some view can show. Then a selection narrowing the sample to 1 to min-1 people shows none.
    While a search is on, the message also says how many coded findings it finds.
    """
    x = ctx.extract
    all_quotes = ctx.quotes  # only quotes whose own group meets the minimum
    never_shown = len(x.quotes) > len(all_quotes)
    index = quote_index(ctx)
    people = index.participants(sectors=state.sectors, methods=state.methods, groups=state.groups)
    matched = index.filter(
        sectors=state.sectors,
        methods=state.methods,
        groups=state.groups,
        codes=state.codes,
        themes=state.themes,
        search=state.search,
    )
    total = len(all_quotes)
    if 0 < people < ctx.min_participants:
        # Fewer participants than the minimum could single someone out: say so instead.
        message = wording.quotes_withheld(ctx.min_participants)
        return QuotesView(quotes=matched.iloc[0:0], total=total, participants=people, withheld=True, message=message)
    message = wording.quotes_shown(len(matched), total, small_groups=ctx.min_participants if never_shown else 0)
    if qualitative_search.search_pattern(state.search) is not None:
        message += findings_note(findings_matched(ctx, state), state.search)
    return QuotesView(quotes=matched, total=total, participants=people, withheld=False, message=message)
