"""What the qualitative and evidence cards work out once per context (their indexes and rows) gives what
the frames they replaced give, computed directly from the extract for each view state, types included.

The cards' values are tested elsewhere; these tests pin down only that reading a precomputed index
or row in place of filtering the tables per request changes nothing a card shows or exports.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import evidence
from dashboard.analysis import qualitative as ql
from dashboard.analysis import qualitative_filters as qf
from dashboard.analysis import qualitative_matrix as qm
from dashboard.analysis import qualitative_search as qs
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import ViewState
from dashboard.views import evidence as evidence_views
from dashboard.views import evidence_wording as words
from dashboard.views import findings as panel
from dashboard.views import qualitative as qv

STATES = [
    ViewState(),
    ViewState(sectors=("health",), topic="ai_use"),
    ViewState(sectors=("police", "fire"), topic="barriers", codes=("barrier_cost",)),
    ViewState(themes=("ai",), search="data"),
    ViewState(search="money"),
    ViewState(search="c.st"),  # finds nothing: empty tables
    ViewState(sectors=()),  # nothing chosen: empty tables of no rows at all
    ViewState(groups=(ql.FORMER,)),
    ViewState(methods=("interview",), sectors=("local_government",)),
]


@pytest.fixture(scope="module", params=[3, 7], ids=["min3", "min7"])
def ctx(request, shipped_extract):
    """The shipped extract at the default minimum, and at one that withholds several columns."""
    return build_context(shipped_extract, Settings(min_participants=request.param))


@pytest.mark.parametrize("state", STATES)
def test_the_matrix_card_lists_and_exports_what_the_matrix_table_holds(ctx, state):
    x = ctx.extract
    table = qm.matrix(
        x.findings,
        x.quotes,
        x.codebook,
        x.participants,
        columns=ql.shown_columns(state.sectors, state.groups),
        codes=state.codes,
        themes=state.themes,
        search=state.search,
        min_participants=ctx.min_participants,
    )
    something = (table["findings"] + table["quotes"]).to_numpy() > 0
    table = table[table["code"].isin(set(table.loc[something, "code"]))].reset_index(drop=True)
    cells = table[(table["findings"] + table["quotes"]).to_numpy() > 0].reset_index(drop=True)
    card = qv.matrix_view(ctx, state)
    display = pd.DataFrame(
        {
            "Code": cells["code_label"],
            "Participant group": cells["column_label"],
            "Coded findings": cells["findings"].astype(str),
            "Quotes": cells["quotes"].astype(str),
        }
    )
    pd.testing.assert_frame_equal(card.table, display)
    export = table.rename(columns=qv.EXPORT_NAMES).assign(
        **qv.finding_texts(ctx, table["finding_ids"]),
        data_status="qualitative research",
        source_id=qv.QUALITATIVE_SOURCE,
    )
    pd.testing.assert_frame_equal(card.export, export)
    assert [a.target for a in card.actions] == [
        (("column", c), ("code", k)) for c, k in zip(cells["column"], cells["code"], strict=True)
    ]


def quotes_by_the_table(quotes: pd.DataFrame, codebook: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """The quotes a view keeps, filtered row by row on the table itself: the definition the quote index
    replaced, kept here so that the index is checked against something other than itself."""
    former = quotes["participant_group"] == ql.FORMER
    sector_ok = (quotes["sector"].isin(state.sectors) & ~former) | (
        former & ql.include_former(state.sectors, state.groups)
    )
    mask = quotes["participant_group"].isin(state.groups) & sector_ok & quotes["method"].isin(list(state.methods))
    if state.codes or state.themes:
        chosen = set(qf.chosen_codes(codebook, state.codes, state.themes))
        mask &= quotes["codes"].map(lambda cs: bool(chosen & set(cs)))
    pattern = qs.search_pattern(state.search)
    if pattern is not None:
        hit = qs.matching_codes(qf.code_labels(codebook), pattern)
        mask &= np.array(
            [
                qs.text_matches(t, pattern) or any(c in hit for c in cs)
                for t, cs in zip(quotes["text"], quotes["codes"], strict=True)
            ],
            dtype=bool,
        )
    return quotes[mask].sort_values("order").reset_index(drop=True)


def finding_ids_by_the_table(findings: pd.DataFrame, codebook: pd.DataFrame, state: ViewState) -> set[object]:
    """The distinct findings a view keeps, filtered row by row on the table itself (as above)."""
    shown = set(ql.shown_columns(state.sectors, state.groups))
    mask = pd.Series([c in shown for c in ql.columns_of(findings)], index=findings.index, dtype=bool)
    if state.codes or state.themes:
        mask &= findings["code"].isin(qf.chosen_codes(codebook, state.codes, state.themes))
    pattern = qs.search_pattern(state.search)
    if pattern is not None:
        hit = qs.matching_codes(qf.code_labels(codebook), pattern)
        mask &= np.array(
            [
                c in hit or qs.text_matches(p, pattern) or qs.text_matches(e, pattern)
                for p, e, c in zip(findings["paraphrase"], findings["evidence"], findings["code"], strict=True)
            ],
            dtype=bool,
        )
    return set(findings.loc[mask, "finding_id"])


@pytest.mark.parametrize("state", STATES)
def test_the_quote_and_finding_indexes_filter_as_the_tables_do(ctx, state):
    x = ctx.extract
    selection = {"sectors": state.sectors, "groups": state.groups}
    filters = {"codes": state.codes, "themes": state.themes, "search": state.search}
    direct = quotes_by_the_table(ctx.quotes, x.codebook, state)
    pd.testing.assert_frame_equal(
        qf.filter_quotes(ctx.quotes, x.codebook, methods=state.methods, **selection, **filters), direct
    )
    shown = qv.quotes_view(ctx, state)
    people = ql.participants_behind(x.participants, methods=state.methods, **selection)
    assert shown.participants == people
    if not shown.withheld:
        pd.testing.assert_frame_equal(shown.quotes, direct)
    expected = finding_ids_by_the_table(ctx.findings, x.codebook, state)
    assert set(qf.filter_findings(ctx.findings, x.codebook, **selection, **filters)["finding_id"]) == expected
    assert qv.finding_index(ctx).ids(**selection, **filters) == expected


@pytest.mark.parametrize(
    ("sectors", "methods", "groups"),
    list(
        product(
            [vocab.SECTORS, ["health"], ["local_government", "police"], []],
            [vocab.METHODS, ["interview"], ["focus_group"], []],
            [vocab.PARTICIPANT_GROUPS, ["current_manager"], [ql.FORMER], []],
        )
    ),
)
def test_the_quote_index_counts_the_people_the_sample_holds(shipped_extract, sectors, methods, groups):
    x = shipped_extract
    index = qf.QuoteIndex.of(x.quotes, x.codebook, x.participants)
    expected = ql.participants_behind(x.participants, sectors=sectors, methods=methods, groups=groups)
    assert index.participants(sectors=sectors, methods=methods, groups=groups) == expected


@pytest.mark.parametrize("state", [s for s in STATES if s.codes or s.search])
def test_the_evidence_panel_lists_the_distinct_findings_in_rank_then_article_order(ctx, state):
    x = ctx.extract
    filters = {"codes": state.codes, "themes": state.themes, "search": state.search}
    rows = qf.filter_findings(ctx.findings, x.codebook, sectors=state.sectors, groups=state.groups, **filters)
    found = qf.distinct_findings(rows, ctx.findings, ctx.code_labels)
    ranked = sorted(found.to_dict("records"), key=lambda r: panel.attribution_rank(r["columns"]))
    view = panel.findings_view(ctx, state)
    assert [f.finding_id for f in view.findings] == [r["finding_id"] for r in ranked][: panel.ON_PAGE]
    assert [f.attributed for f in view.findings] == [
        panel.attributed_text(r["columns"], r["column_labels"]) for r in ranked
    ][: panel.ON_PAGE]
    quotes = view.export[view.export["kind"] == "quote"]
    assert quotes["id"].tolist() == view.quotes["quote_id"].tolist()
    assert quotes["codes"].tolist() == ["|".join(cs) for cs in view.quotes["codes"]]


@pytest.mark.parametrize("state", STATES)
def test_the_topic_panel_shows_and_exports_the_figures_the_topic_picks(ctx, state):
    x = ctx.extract
    picked = evidence.topic_figures(
        x.published_estimates, x.sources, topic=state.topic, sectors=state.sectors, source_ids=state.sources
    )
    table = picked.assign(value_text=evidence_views.value_texts(picked))
    card = evidence_views.topic_view(ctx, state)
    display = pd.DataFrame(
        {
            "Figure": table["measure_label"],
            "Population": table["population"],
            "Value": table["value_text"],
            "What it counts": table["unit_of_count"].map(lambda u: vocab.UNITS_OF_COUNT.get(u, u)),
            "How it was produced": table["kind"].map(words.kind_label),
            "Publisher (year)": [
                words.publisher_year(p, y, r)
                for p, y, r in zip(table["publisher"], table["year"], table["reporter"], strict=True)
            ],
        }
    )
    pd.testing.assert_frame_equal(card.table, display)
    export = table[evidence_views.TOPIC_EXPORT_COLUMNS].assign(data_status=table["status"])
    pd.testing.assert_frame_equal(card.export, export)
    assert [a.target for a in card.actions] == [(("href", url),) for url in table["url"]]
    own = table[~table["sector"].isin(vocab.ROLE_GROUPS)]
    title = words.topic_title(
        state.topic, len(own), int(own["publisher"].nunique()), state.sectors, roles=len(table) - len(own)
    )
    assert card.title.startswith(title)
