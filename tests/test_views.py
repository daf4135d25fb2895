"""Each card's title, subtitle, table and CSV rows for a view state (no browser)."""

from __future__ import annotations

import dataclasses
from itertools import product
from types import MappingProxyType

import pandas as pd
import pytest

from dashboard import views
from dashboard.analysis import qualitative as ql
from dashboard.analysis import qualitative_filters as qf
from dashboard.callbacks.downloads import quotes_export
from dashboard.components import registry
from dashboard.context import build_context
from dashboard.data import quote_groups as qg
from dashboard.data import vocab
from dashboard.data.load import Extract
from dashboard.export import SURVEY_COLUMNS
from dashboard.figures.topic_panels import PRESENT_FIGURES
from dashboard.settings import Settings
from dashboard.state import ViewState
from dashboard.views import evidence as evidence_views
from dashboard.views import published as published_views
from tests.figures.reading import read


@pytest.fixture(scope="module")
def ctx(shipped_extract):
    return build_context(shipped_extract, Settings())


@pytest.mark.parametrize("view_fn", [card.view for card in registry.CARDS if card.survey_table])
def test_survey_cards_say_synthetic_everywhere(ctx, view_fn):
    card = view_fn(ctx, ViewState())
    assert card.synthetic
    assert card.title.startswith("Synthetic data: ")
    assert "SYNTHETIC DATA" in card.caption and "SYNTHETIC DATA" in card.chart.description
    # Inside the figure itself, so its PNG says so too.
    marks = [a.text for a in read(card.chart.figure).layout.annotations if a.name == "synthetic-mark"]
    assert marks == ["SYNTHETIC DATA"]
    assert set(card.export["data_status"]) == {"synthetic"}
    assert len(card.table) == len(card.export)


def test_ai_title_compares_only_what_the_intervals_support(ctx):
    card = views.ai_view(ctx, ViewState(sectors=("health", "education")))
    rows = card.export[card.export["measure"] == "ai_use"].set_index("sector")
    top, low = rows["estimate"].idxmax(), rows["estimate"].idxmin()
    labels = {"health": "Health", "education": "Education"}
    if rows.loc[top, "ci_lower_95"] > rows.loc[low, "ci_upper_95"]:
        assert f"higher in {labels[top]} ({rows.loc[top, 'estimate']:.0f}%)" in card.title
    else:
        assert "similar across the 2 sectors shown" in card.title
    assert "most likely" not in card.title and "highest" not in card.title


def test_a_real_extract_has_no_synthetic_marks(ctx):
    meta = {name: dict(m) for name, m in ctx.extract.metadata.items()}
    for name in ("org_survey", "time_use_survey"):
        meta[name]["dashboard.synthetic"] = "false"
    real = build_context(dataclasses.replace(ctx.extract, metadata=meta), Settings())
    card = views.ai_view(real, ViewState())
    assert not card.synthetic and not card.title.startswith("Synthetic")
    assert not [a for a in read(card.chart.figure).layout.annotations if a.name == "synthetic-mark"]
    assert views.file_name("ai", card.synthetic) == "ai"
    assert views.file_name("ai", True) == "ai_SYNTHETIC_DATA"


def test_high_threshold_suppresses_and_says_so(ctx):
    strict = build_context(ctx.extract, Settings(suppression_threshold=5000))
    card = views.ai_view(strict, ViewState())
    assert card.title.startswith("Synthetic data: Not enough responses")
    assert set(card.export["estimate"]) == {"[c]"}
    assert "base 0 organisations" in card.subtitle


def test_matrix_counts_are_never_percentages(ctx):
    card = views.matrix_view(ctx, ViewState())
    assert "%" not in card.title and "%" not in card.chart.description
    assert "not people" in card.subtitle
    assert set(card.export["data_status"]) == {"qualitative research"}


def test_published_values_are_exactly_as_published(ctx):
    card = views.published_view(ctx, ViewState())
    raw = ctx.extract.published_estimates.set_index("estimate_id")["value"]
    exported = card.export.set_index("estimate_id")["value"]
    assert (exported == raw.loc[exported.index]).all()
    assert "around 85%" in set(card.table["Value"])
    assert "0.60" in set(card.table["Value"])
    # Percentages are shown with the decimals the publisher printed: each is in its own snippet.
    listed = card.export["estimate_id"].head(len(card.table))  # the page lists the first rows, the CSV all
    rows = ctx.extract.published_estimates.set_index("estimate_id").loc[listed]
    shown = card.table["Value"].str.replace(r"^(around|at least|up to|more than|nearly) ", "", regex=True)
    numbers = shown.str.extract(r"^([\d,.]+)%")[0]
    missing = [
        n
        for n, e, u in zip(numbers, rows["evidence"], rows["unit"], strict=True)
        if u == "percent" and isinstance(n, str) and n not in e
    ]
    assert not missing, missing
    raw = ctx.extract.published_estimates
    source = raw[raw["evidence"].str.contains("34.0%", regex=False) & (raw["value"] == 34.0)]["source_id"].iloc[0]
    one_source = views.published_view(ctx, ViewState(sources=(source,)))
    assert "34.0%" in set(one_source.table["Value"]), "a published 34.0% is not shown as 34%"


def test_published_card_says_topic_unit_of_count_kind_and_reporter(ctx):
    card = views.published_view(ctx, ViewState())
    assert card.title == (
        "132 published figures match this selection, from 65 sources; the first 40 are listed here, "
        "and Download CSV has all 132"
    )
    assert len(card.table) == 40 and len(card.export) == 132
    assert list(card.table.columns) == [
        "Figure",
        "Topic",
        "Group",
        "Value",
        "Unit of count",
        "Kind",
        "Source",
        "Reported by",
        "Status and date",
        "Section",
    ]
    for column in ("topic", "unit_of_count", "kind", "reporter"):
        assert column in card.export.columns
    export = card.export.set_index("estimate_id")
    table = card.table.set_index(card.export["estimate_id"].head(len(card.table)))
    # Labels on screen, ids in the CSV.
    assert table.loc["E001", "Kind"] == "Official statistics" and export.loc["E001", "kind"] == "official_statistics"
    assert table.loc["E001", "Topic"] == "Management practice" and export.loc["E001", "topic"] == "management_practice"
    assert table.loc["E001", "Reported by"] == ""
    nao = export[export["source_id"] == "lgl_nao_ai_barriers_2024"]
    assert set(nao["reporter"]) == {"Local Government Lawyer"} and set(nao["unit_of_count"]) == {"organisations"}
    listed = views.published_view(ctx, ViewState(sources=("lgl_nao_ai_barriers_2024",)))
    assert set(listed.table["Reported by"]) == {"Local Government Lawyer"}
    assert set(listed.table["Unit of count"]) == {"Organisations"}
    assert set(listed.table["Kind"]) == {"Census of bodies"}
    assert "Published research (not ONS statistics)" in listed.table["Status and date"].iloc[0]
    fire = views.published_view(ctx, ViewState(sectors=("fire",))).export
    assert set(fire.loc[fire["sector"] == "fire", "kind"]) == {"sample_survey", "administrative_data"}


@pytest.mark.parametrize(
    ("highlight", "about_it"),
    [("health", {"health"}), ("police", {"police", "police_and_fire"}), ("", set())],
)
def test_published_rows_about_the_highlighted_sector_are_flagged_and_every_row_stays(ctx, highlight, about_it):
    plain = views.published_view(ctx, ViewState())
    card = views.published_view(ctx, ViewState(highlight=highlight))
    # A highlight keeps the comparison: the same rows, in the same order, with the same values.
    pd.testing.assert_frame_equal(card.table, plain.table)
    sectors = card.export["sector"].head(len(card.table)).tolist()
    flags = card.highlighted_rows
    assert len(flags) == len(card.table)
    # All public sector is about every sector, so about none in particular; role groups are no sector.
    assert flags == tuple(sector in about_it for sector in sectors)
    assert any(flags) is bool(highlight)
    assert not any(flag for flag, sector in zip(flags, sectors, strict=True) if sector == "all_public_sector")


def test_highlight_flags_must_match_the_table_row_for_row(ctx):
    card = views.published_view(ctx, ViewState(highlight="health"))
    assert card.highlighted_rows and any(card.highlighted_rows)
    # The flags are the view's own field, so a copy of the table (which pandas may strip of attrs)
    # cannot lose them, and a list of another length is refused rather than marking the wrong rows.
    assert dataclasses.replace(card, table_rows=card.table.copy()).highlighted_rows == card.highlighted_rows
    with pytest.raises(ValueError, match="highlight flags"):
        dataclasses.replace(card, highlighted_rows=card.highlighted_rows[:-1])
    assert dataclasses.replace(card, highlighted_rows=()).highlighted_rows == ()


def test_quotes_withheld_below_the_participant_threshold(ctx):
    # Local government interviews: one participant.
    lone = views.quotes_view(ctx, ViewState(sectors=("local_government",), methods=("interview",)))
    assert lone.withheld and lone.participants == 1 and lone.quotes.empty
    fire = views.quotes_view(ctx, ViewState(sectors=("fire",)))
    assert not fire.withheld and fire.message == "Showing 3 of 21 quotes"


def test_withheld_cells_all_look_the_same_and_a_low_reliability_estimate_keeps_its_number(ctx):
    # On the shipped (synthetic) survey, Wales withholds cells and the South East with the
    # South West withholds none but shows a low-reliability estimate.
    for regions, expect_withheld in ((("Wales",), True), (("South East", "South West"), False)):
        card = views.ai_view(ctx, ViewState(regions=regions))
        export = card.export.set_index(["sector", "measure"])
        # Table rows and CSV rows come from the same estimate table, in the same order.
        table = card.table.assign(sector=card.export["sector"].to_numpy()).set_index(["sector", "Measure"])
        withheld = [s for s, m in export.index if m == "ai_use" and export.loc[(s, m), "estimate"] == "[c]"]
        assert bool(withheld) == expect_withheld
        assert "suppression_reason" not in card.export
        # One uniform note: which rule withheld a cell would say on which side of the threshold it lies.
        assert {table.loc[(s, "Uses AI"), "Note"] for s in withheld} <= {"withheld [c] to protect confidentiality"}
        for word in ("primary", "secondary", "fewer responses", "comparing"):
            assert word not in card.chart.description and word not in " ".join(card.table["Note"])
    flagged = [s for s, m in export.index if m == "ai_use" and export.loc[(s, m), "quality_flag"] == "[u]"]
    assert flagged, "the South East and South West view of the shipped survey has a low-reliability estimate"
    assert table.loc[(flagged[0], "Uses AI"), "Note"].startswith("low reliability")
    assert table.loc[(flagged[0], "Uses AI"), "Estimate, % of organisations (95% CI)"].endswith("[u]")
    assert isinstance(export.loc[(flagged[0], "ai_use"), "estimate"], float), "a [u] estimate keeps its number"
    assert "[u]" in card.chart.description


def test_shown_bases_are_perturbed_the_same_way_for_every_measure_and_every_request(ctx):
    # A view of the shipped survey in which no cell is withheld.
    regions = ("South East", "South West")
    first = views.ai_view(ctx, ViewState(regions=regions)).export
    again = views.ai_view(ctx.__class__(**{**ctx.__dict__, "memo": type(ctx.memo)()}), ViewState(regions=regions))
    assert first.equals(again.export), "same records, same shown numbers"
    bases = first.groupby("sector")["base_unweighted_n"].nunique()
    assert (bases == 1).all(), "one sector shows one base in every measure"
    true = ctx.org[ctx.org["region"].isin(regions)]["sector"].astype(str).value_counts()
    shown = first.drop_duplicates("sector").set_index("sector")["base_unweighted_n"]
    differences = [int(shown[s]) - int(true[s]) for s in shown.index if not isinstance(shown[s], str)]
    assert all(abs(d) <= 5 for d in differences)
    assert any(d != 0 for d in differences), "the shown bases are not the exact counts"


@pytest.mark.parametrize("view_fn", [card.view for card in registry.CARDS if card.survey_table])
def test_survey_csv_columns_are_the_documented_ones(ctx, view_fn):
    assert list(view_fn(ctx, ViewState()).export.columns) == list(SURVEY_COLUMNS)


def test_a_state_with_region_and_size_together_withholds_every_sector(ctx):
    export = views.ai_view(ctx, ViewState(regions=("London",), size_bands=("10 to 49",))).export
    assert set(export["estimate"]) == {"[c]"}
    assert set(export["suppression_status"]) == {"suppressed"}


def test_each_sector_gets_one_show_only_action_on_its_first_row(ctx):
    card = views.ai_view(ctx, ViewState(sectors=("health", "education")))
    assert len(card.actions) == len(card.table)
    picks = [(i, a.arg("sector"), a.arg("card")) for i, a in enumerate(card.actions) if a is not None]
    assert [(s, c) for _, s, c in picks] == [("health", "ai"), ("education", "ai")]  # vocabulary order
    assert [card.table.loc[i, "Sector"] for i, _, _ in picks] == ["Health", "Education"]
    assert all(a.label == f"Show only {card.table.loc[i, 'Sector']}" for i, a in enumerate(card.actions) if a)


def test_matrix_rows_open_their_own_cell_and_published_rows_link_to_their_source(ctx):
    matrix = views.matrix_view(ctx, ViewState())
    assert len(matrix.actions) == len(matrix.table) > 0
    first = matrix.actions[0]
    assert first.kind == "pick-cell"
    assert first.label == f"Show findings: {matrix.table.loc[0, 'Code']}, {matrix.table.loc[0, 'Participant group']}"
    published = views.published_view(ctx, ViewState())
    assert [a.arg("href") for a in published.actions] == published.export["url"].head(len(published.table)).tolist()


# -- the quote rule: each quote's own group, every reachable selection ----------------------------------


def _subsets(items: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [
        tuple(i for i, keep in zip(items, mask, strict=True) if keep)
        for mask in product((False, True), repeat=len(items))
    ]


#: Every selection the sector, method and group filters can reach (2^6 x 2^2 x 2^2 = 1,024). Codes,
#: themes and search only narrow a selection's quotes further, never its sample.
REACHABLE = [
    ViewState(sectors=s, methods=m, groups=g)
    for s in _subsets(vocab.SECTORS)
    for m in _subsets(tuple(vocab.METHODS))
    for g in _subsets(tuple(vocab.PARTICIPANT_GROUPS))
]
GroupKey = tuple[str, str, str]


def attacked_extract(extract: Extract) -> Extract:
    """The shipped extract plus the issue's attack: Q22 from the one-person local government
    interview group; a police interview group of 2 with its quote Q23; and Q24 from fire
    interviews, a group the sample does not have. The validator refuses this extract; the app
    must be safe on it anyway (and on a valid one under a higher configured minimum)."""
    participants = extract.participants
    extra_people = {**participants.iloc[0].to_dict(), "sample_id": "police_interview", "sector": "police"}
    extra_people.update(method="interview", sessions=2, participants=2)
    quotes = extract.quotes
    template = quotes.iloc[0].to_dict()
    extra_quotes = [
        {**template, "quote_id": q, "order": 21 + i, "sector": s, "method": "interview", "codes": ("ai_no_use",)}
        for i, (q, s) in enumerate([("Q22", "local_government"), ("Q23", "police"), ("Q24", "fire")], start=1)
    ]
    tables = dict(extract._tables)
    tables["participants"] = pd.concat([participants, pd.DataFrame([extra_people])], ignore_index=True)
    tables["quotes"] = pd.concat([quotes, pd.DataFrame(extra_quotes)], ignore_index=True)
    return dataclasses.replace(extract, _tables=MappingProxyType(tables))


@pytest.fixture(scope="module")
def attacked(ctx):
    return build_context(attacked_extract(ctx.extract), Settings())


def sample_of(participants: pd.DataFrame, state: ViewState) -> frozenset[GroupKey]:
    """The sample groups a selection covers, written out from the rule itself (not the code's):
    current managers of a selected sector and method; former civil servants, who have no sector,
    only while every sector is selected."""
    chosen = set()
    for row in participants.to_dict("records"):
        key = qg.group_of(row["sector"], row["method"], row["participant_group"])
        if row["participant_group"] not in state.groups or row["method"] not in state.methods:
            continue
        former = row["participant_group"] == ql.FORMER
        if (former and set(state.sectors) >= set(vocab.SECTORS)) or (not former and row["sector"] in state.sectors):
            chosen.add(key)
    return frozenset(chosen)


def audit(context, shown_of) -> dict[ViewState, tuple[frozenset[str], frozenset[GroupKey]]]:
    """(quote ids shown, sample groups covered) for every reachable selection."""
    return {s: (shown_of(context, s), sample_of(context.extract.participants, s)) for s in REACHABLE}


def shown_now(context, state: ViewState) -> frozenset[str]:
    return frozenset(views.quotes_view(context, state).quotes["quote_id"])


def shown_by_the_old_rule(context, state: ViewState) -> frozenset[str]:
    """Today's rule before this change: the selection's sample only, every quote in the pool."""
    x = context.extract
    people = ql.participants_behind(x.participants, sectors=state.sectors, methods=state.methods, groups=state.groups)
    if 0 < people < context.min_participants:
        return frozenset()
    filters = {"sectors": state.sectors, "methods": state.methods, "groups": state.groups}
    return frozenset(qf.filter_quotes(x.quotes, x.codebook, **filters)["quote_id"])


def leaks(context, results) -> list[str]:
    """Every way the two properties below fail, worded; empty when the rule holds.

    1. No selection shows a quote whose own group has fewer than the minimum participants.
    2. For any two selections S and T, the quotes S shows and T does not come from groups
       totalling at least the minimum; and, stronger, the part of the sample S covers and T
       does not holds at least the minimum people. (Two selections that differ only in codes,
       themes or search can differ in quotes over one and the same sample, so the stronger
       half is a claim about sector/method/group selections, which is what REACHABLE holds;
       the first half holds for them too, by property 1.)
    """
    x = context.extract
    minimum = context.min_participants
    sizes = qg.group_sizes(x.participants)
    group = {
        q: qg.group_of(s, m, g)
        for q, s, m, g in zip(
            x.quotes["quote_id"], x.quotes["sector"], x.quotes["method"], x.quotes["participant_group"], strict=True
        )
    }
    found = []
    for state, (shown, _) in results.items():
        small = sorted(q for q in shown if sizes.get(group[q], 0) < minimum)
        if small:
            found.append(f"{state}: shows {small} from groups below {minimum}")
    distinct = set(results.values())
    for (shown_s, sample_s), (shown_t, sample_t) in product(distinct, repeat=2):
        only = shown_s - shown_t
        if not only:
            continue
        behind = sum(sizes.get(g, 0) for g in {group[q] for q in only})
        uncovered = sum(sizes[g] for g in sample_s - sample_t)
        if behind < minimum or uncovered < minimum:
            found.append(f"{sorted(only)}: from groups of {behind} people; samples differ by {uncovered}")
    return found


@pytest.mark.parametrize("which", ["shipped", "attacked"])
def test_no_reachable_selection_or_pair_of_selections_shows_a_small_group(ctx, attacked, which):
    context = ctx if which == "shipped" else attacked
    results = audit(context, shown_now)
    assert leaks(context, results) == []
    assert any(shown for shown, _ in results.values()), "the audit must look at views that show quotes"


def test_the_audit_catches_the_old_rule(attacked):
    """The same audit run on the rule this replaced finds the issue's attack: the default view shows
    Q22, and "all sectors" minus "all but local government" isolates it."""
    found = leaks(attacked, audit(attacked, shown_by_the_old_rule))
    assert f"{ViewState()}: shows ['Q22', 'Q23', 'Q24'] from groups below 3" in found
    assert "['Q22']: from groups of 1 people; samples differ by 1" in found
    everything = shown_by_the_old_rule(attacked, ViewState())
    all_but_one = shown_by_the_old_rule(
        attacked, ViewState(sectors=tuple(s for s in vocab.SECTORS if s != "local_government"))
    )
    # Former civil servants (5 people) show only without a sector filter, so they drop out too.
    assert everything - all_but_one == {"Q22", "Q05", "Q08", "Q21"}


def test_the_issue_attack_is_closed_in_the_panel_the_csv_and_the_count(attacked):
    small = {"Q22", "Q23", "Q24"}
    default = views.quotes_view(attacked, ViewState())
    assert not small & set(default.quotes["quote_id"])
    # Y counts only quotes some view can show, and says why it is not every quote in the extract.
    assert default.total == 21
    assert (
        default.message == "Showing 21 of 21 quotes (quotes from groups of fewer than 3 participants are never shown)"
    )
    all_but_one = ViewState(sectors=tuple(s for s in vocab.SECTORS if s != "local_government"))
    # What "all sectors" minus "all but one" now isolates is the former civil servants (a group of 5).
    difference = set(default.quotes["quote_id"]) - set(views.quotes_view(attacked, all_but_one).quotes["quote_id"])
    assert difference == {"Q05", "Q08", "Q21"}
    # Narrowing to the small groups themselves: the selection rule, or nothing to show.
    assert views.quotes_view(attacked, ViewState(sectors=("local_government",))).withheld
    police_interviews = views.quotes_view(attacked, ViewState(sectors=("police",), methods=("interview",)))
    assert police_interviews.withheld and police_interviews.quotes.empty
    # A selected quote, a code filter or a search that names a withheld quote brings back nothing.
    for state in (
        ViewState(quote="Q22"),
        ViewState(codes=("ai_no_use",)),
        ViewState(search=attacked.extract.quotes.iloc[-1]["text"][:30], sectors=("police", "fire")),
    ):
        assert not small & set(views.quotes_view(attacked, state).quotes["quote_id"])
    for state in REACHABLE[::7]:
        assert not small & set(quotes_export(attacked, state)["quote_id"])


def test_a_higher_configured_minimum_withholds_more_quotes_and_says_so(ctx):
    strict = build_context(ctx.extract, Settings(min_participants=6))
    view = views.quotes_view(strict, ViewState())
    # Health interviews (5), education interviews (4) and former civil servants (5) are below 6.
    assert view.total == 14 and len(view.quotes) == 14
    assert view.message == "Showing 14 of 14 quotes (quotes from groups of fewer than 6 participants are never shown)"
    assert views.quotes_view(ctx, ViewState()).message == "Showing 21 of 21 quotes"


# -- the matrix's columns ------------------------------------------------------------------------------


def test_matrix_has_no_column_for_a_group_below_the_minimum_in_any_view(ctx, attacked):
    note = (
        "Local government has no column: fewer than 3 participants took part, so to avoid singling anyone out "
        "its findings and quotes are not shown."
    )
    for context in (ctx, attacked):
        for state in (ViewState(), ViewState(sectors=("local_government",)), ViewState(sectors=("health",))):
            card = views.matrix_view(context, state)
            assert card.subtitle.endswith(note), "the note is there whatever the filters"
            assert "local_government" not in set(card.export["participant_group_or_sector"])
            assert "Local government" not in set(card.table["Participant group"])
            assert "local_government" not in list(read(card.chart.figure).data[0].x or [])
            assert not any(a.arg("column") == "local_government" for a in card.actions)
    card = views.matrix_view(ctx, ViewState())
    assert set(card.export["participant_group_or_sector"]) == {
        "central_government",
        "health",
        "education",
        "police",
        "fire",
        "all_sectors",
        "former_civil_servant",
    }


def test_matrix_cells_do_not_count_withheld_quotes(ctx, attacked):
    before = views.matrix_view(ctx, ViewState()).export
    after = views.matrix_view(attacked, ViewState()).export
    # Q22-Q24 are all coded ai_no_use: nothing of theirs reaches a cell.
    no_use = after[after["code"] == "ai_no_use"]
    assert no_use["quotes"].sum() == 0 and set(no_use["quote_ids"]) == {""}
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))
    strict = build_context(ctx.extract, Settings(min_participants=6))
    card = views.matrix_view(strict, ViewState())
    assert "Local government and Former civil servants have no column" in card.subtitle
    education = card.export[(card.export["participant_group_or_sector"] == "education")].set_index("code")
    # Q09 (barrier_cost) is an education interview (4 people): not counted at a minimum of 6.
    assert education.loc["barrier_cost", "quotes"] == 0


def test_matrix_title_says_what_is_shown_and_ranks_nothing(ctx):
    n_codes = len(ctx.extract.codebook)
    card = views.matrix_view(ctx, ViewState())
    # Six sector and former civil servant columns (local government withheld) and the not-sector-specific one.
    assert card.title == f"Coded findings and quotes for {n_codes} codes across 7 groups; presence, not prevalence"
    assert "most" not in card.title and "raised in" not in card.title
    assert "Raised in (groups)" not in card.table.columns
    # Codebook order: no ranking by how widely a code was raised.
    assert list(dict.fromkeys(card.export["code"])) == ctx.extract.codebook["code"].tolist()
    # The issue's case: in an Education-only view, collaborative culture is not raised for education.
    education = views.matrix_view(ctx, ViewState(sectors=("education",)))
    assert education.title.startswith("Coded findings and quotes for ")
    assert education.title.endswith(" codes across 2 groups; presence, not prevalence")
    cells = education.export.set_index(["code", "participant_group_or_sector"])
    assert cells.loc[("practice_collaborative_culture", "education"), ["findings", "quotes"]].tolist() == [0, 0]
    assert cells.loc[("practice_collaborative_culture", "all_sectors"), "finding_ids"] == "F01 F51"
    assert "'Not sector-specific' holds findings the article states about managers in general" in card.subtitle
    assert "● = raised in coded findings, ▲ = in verbatim quotes" in card.subtitle


def test_matrix_presenter_mode_shows_the_first_codes_and_says_so(ctx):
    card = views.matrix_view(ctx, ViewState(present=True))
    n_codes = len(ctx.extract.codebook)
    assert card.title == (
        "Coded findings and quotes across 7 groups; presence, not prevalence. "
        f"Showing 16 of {n_codes} codes on this slide, in codebook order"
    )
    assert list(dict.fromkeys(card.export["code"])) == ctx.extract.codebook["code"].tolist()[:16]


def test_presenter_mode_says_on_the_slide_what_it_leaves_off(ctx):
    """The topic panel draws its first figures and the published table lists its first rows: each
    slide's title says how many of how many."""
    present = ViewState(present=True)
    topic = evidence_views.topic_view(ctx, present)
    shown = min(PRESENT_FIGURES, len(topic.table))
    assert topic.title.endswith(f". Showing the first {shown} of {len(topic.table)} on this slide")
    table = published_views.published_view(ctx, present)
    total, rows = len(table.export), published_views.PRESENT_ROWS
    assert len(table.table) == rows < total
    assert table.title.endswith(f". Showing the first {rows} of {total} on this slide; Download CSV has all")
    assert "Showing" not in published_views.published_view(ctx, ViewState()).title


def test_search_narrows_the_matrix_and_counts_matching_findings(ctx):
    card = views.matrix_view(ctx, ViewState(search="GDPR"))
    assert (
        card.title == "Coded findings and quotes matching “GDPR” for 1 code across 7 groups; presence, not prevalence"
    )
    assert set(card.table["Code"]) == {"Data security and GDPR risk"}
    quotes = views.quotes_view(ctx, ViewState(search="security"))
    assert quotes.message == (
        "Showing 0 of 21 quotes; 2 coded findings match “security”, listed in the findings panel above"
    )
    # "budget" is an everyday word for Cost and finite budgets: its findings and quotes are found too.
    budget = views.quotes_view(ctx, ViewState(search="budget"))
    assert budget.message == (
        "Showing 4 of 21 quotes; 6 coded findings match “budget”, listed in the findings panel above"
    )
    assert budget.quotes["quote_id"].tolist() == ["Q09", "Q10", "Q18", "Q21"]
    # Whole words: "AI" is not found inside "certain" or "training".
    ai = views.quotes_view(ctx, ViewState(search="AI"))
    assert ai.quotes["quote_id"].tolist() == ["Q17", "Q18", "Q19"]
    nothing = views.matrix_view(ctx, ViewState(search="c.st"))
    assert nothing.title == "No coded findings or quotes match “c.st” with these filters"
    assert views.quotes_view(ctx, ViewState(search="c.st")).message.startswith("Showing 0 of 21 quotes; no coded")


def test_matrix_without_small_columns_has_no_note(ctx):
    loose = build_context(ctx.extract, Settings(min_participants=1))
    card = views.matrix_view(loose, ViewState())
    assert "no column" not in card.subtitle
    assert "local_government" in set(card.export["participant_group_or_sector"])


# -- the evidence map and the topic panel: real evidence first -------------------------------------------


def test_real_evidence_comes_first_and_the_survey_cards_last():
    # Written on what the rule is (real first), not a list of keys, so adding a card in its place
    # does not fail here.
    surveyed = [card.survey_table is not None for card in registry.CARDS]
    assert registry.CARDS[0].key == "evidence_map"
    assert surveyed == sorted(surveyed), "a survey card comes before a card of real evidence"
    assert surveyed.count(False) >= 4 and surveyed.count(True) >= 3


def test_the_evidence_map_has_a_row_and_a_button_per_sector_and_topic(ctx):
    from dashboard.views import evidence as ev

    card = ev.map_view(ctx, ViewState())
    assert not card.synthetic and len(card.table) == len(vocab.SECTORS) * len(vocab.TOPICS) == len(card.actions)
    assert [(a.kind, a.arg("sector"), a.arg("topic")) for a in card.actions[:2]] == [
        ("pick-evidence", "central_government", "admin_burden"),
        ("pick-evidence", "central_government", "ai_use"),
    ]
    assert card.actions[9].label == "Open evidence: Health, AI use"
    health_ai = card.table.iloc[9]
    assert (health_ai["Sector"], health_ai["Topic"]) == ("Health", "AI use")
    # Findings are presence, never a count or a share; the caveat is on the card.
    assert not card.table["Coded findings (presence only)"].str.contains(r"\d").any()
    assert "cannot be quantified" in card.subtitle and "cannot be quantified" in card.chart.description
    assert "%" not in card.title and "No survey estimate is used" in card.subtitle
    assert set(card.export["data_status"]) == {"published figures and qualitative research"}


def test_each_cells_strongest_figure_is_shown_exactly_as_published_with_publisher_and_year(ctx):
    from dashboard.figures.text import published_value
    from dashboard.views import evidence as ev

    card = ev.map_view(ctx, ViewState())
    raw = ctx.extract.published_estimates.set_index("estimate_id")
    publishers = ctx.extract.sources.set_index("source_id")["publisher"]
    for shown, row in zip(
        card.table["Strongest figure (how it was produced)"], card.export.to_dict("records"), strict=True
    ):
        if not row["strongest_estimate_id"]:
            assert shown == "—"
            continue
        figure = raw.loc[row["strongest_estimate_id"]]
        assert row["strongest_value"] == figure["value"]
        assert shown.startswith(views.qualified(published_value(figure["value"], figure["unit"]), figure["qualifier"]))
        assert f"{publishers[figure['source_id']]} (" in shown
    # Police and fire: the PSMPS median score for the combined group, as published, is management practice's best.
    police = card.table[(card.table["Sector"] == "Police") & (card.table["Topic"] == "Management practice")].iloc[0]
    assert police["Strongest figure (how it was produced)"].startswith("0.69: Median management practice score")
    assert (
        "Office for National Statistics (2024); official statistics" in police["Strongest figure (how it was produced)"]
    )


def test_the_map_shows_every_sector_whatever_the_sector_filter_and_marks_what_the_panel_shows(ctx):
    from dashboard.views import evidence as ev

    everything = ev.map_view(ctx, ViewState())
    health = ev.map_view(ctx, ViewState(sectors=("health",), topic="ai_use"))
    assert health.table.equals(everything.table)
    shown = [row for row in read(health.chart.figure).data[0].text for cell in row if "shown below" in cell]
    assert len(shown) == 1
    assert health.chart.description.endswith("The topic panel below shows AI use for Health.")
    narrowed = ev.map_view(ctx, ViewState(sources=("ons_psmps_pilot_2023",)))
    assert "Only the 1 published source chosen in the filters are counted." in narrowed.subtitle
    assert narrowed.export["published_figures"].sum() < everything.export["published_figures"].sum()
    assert set(narrowed.export["source_id"]) <= {"ons_psmps_pilot_2023", ""}


def test_the_topic_panel_says_what_sources_found_and_agrees_with_the_map(ctx):
    from dashboard.views import evidence as ev

    state = ViewState(sectors=("health",), topic="ai_use")
    panel = ev.topic_view(ctx, state)
    cell = ev.map_view(ctx, state).export.set_index(["sector", "topic"]).loc[("health", "ai_use")]
    # Beside Health's own figures, the panel shows the role groups' (frontline and non-frontline workers, in
    # every sector), which the map credits to no sector.
    roles = panel.export["sector"].isin(vocab.ROLE_GROUPS)
    assert set(panel.export.loc[roles, "estimate_id"]) == {"E035", "E036"}
    assert set(panel.export.loc[roles, "group_type"]) == {"role group"}
    assert len(panel.table) == len(panel.export) == len(panel.actions) == cell["published_figures"] + 2
    publishers = panel.export.loc[~roles, "publisher"].nunique()
    assert panel.title == (
        f"{cell['published_figures']} published figures on AI use for Health from {publishers} publishers, "
        "and 2 about role groups in every sector"
    )
    assert "do not compare" in panel.subtitle and "do not compare" in panel.chart.description
    assert "private_sector" not in set(panel.export["sector"])
    raw = ctx.extract.published_estimates.set_index("estimate_id")["value"]
    assert (panel.export.set_index("estimate_id")["value"] == raw.loc[panel.export["estimate_id"]]).all()
    assert set(panel.export["topic"]) == {"ai_use"} and not panel.synthetic
    assert [a.arg("href") for a in panel.actions] == panel.export["url"].tolist()
    assert not any(word in panel.title.lower() for word in ("highest", "lowest", "most", "least", "rank"))
    everyone = ev.topic_view(ctx, ViewState(topic="ai_use"))
    every_role = everyone.export["sector"].isin(vocab.ROLE_GROUPS)
    assert everyone.title.startswith(f"{int((~every_role).sum())} published figures on AI use from ")
    assert everyone.title.endswith(f", and {int(every_role.sum())} about role groups in every sector")
    assert ev.topic_view(ctx, ViewState(sectors=())).title.startswith("No sectors selected")


@pytest.mark.parametrize(
    ("key", "arrow"),
    [("evidence_map", "▶"), ("matrix", "▼"), ("barriers", "▼"), ("ai", "▶"), ("admin", "▶")],
)
def test_a_highlighted_sector_is_marked_in_every_chart_that_draws_it(ctx, key, arrow):
    plain = registry.card(key).render(ctx, ViewState())
    lit = registry.card(key).render(ctx, ViewState(highlight="health"))
    figure = read(lit.chart.figure)
    ticks = [str(t) for axis in (figure.layout.xaxis, figure.layout.yaxis) for t in (axis.ticktext or ())]
    assert f"<b>{arrow} Health</b>" in ticks
    assert "Health is highlighted" in lit.chart.description and "highlighted" not in plain.chart.description
    # The plain view's figure is not touched (views are memoised and may share figures).
    assert not any("<b>" in str(t) for t in (read(plain.chart.figure).layout.yaxis.ticktext or ()))
    if key in ("evidence_map", "matrix", "barriers"):
        assert [s.name for s in figure.layout.shapes].count("highlight-mark") == 1


def test_a_cards_csv_rows_are_made_when_first_asked_for_and_then_kept(shipped_extract):
    """A redraw never reads a card's CSV rows, only a download does: the survey and published cards
    leave them to be made then, once."""
    ctx = build_context(shipped_extract, Settings(view_cache=0))
    for key in ("ai", "published"):
        view = registry.card(key).view(ctx, ViewState(sectors=("health", "education")))
        assert callable(view.export_rows), key
        rows = view.export
        assert isinstance(rows, pd.DataFrame) and len(rows) and view.export is rows and view.export_rows is rows
        assert {"police", "fire", "local_government"}.isdisjoint(rows["sector"]), key  # only what was chosen
