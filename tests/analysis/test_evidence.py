"""The evidence map's sector x topic summary and the topic panel's figures, on hand-made tables
(and, at the end, agreement between the two on the shipped extract)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.analysis import evidence
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings

# --------------------------------------------------------------------------- hand-made tables

FIGURE_COLUMNS = [
    "estimate_id",
    "source_id",
    "sector",
    "topic",
    "value",
    "unit",
    "unit_of_count",
    "kind",
    "qualifier",
    "measure_label",
    "population",
    "reporter",
]


def figures(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=FIGURE_COLUMNS)


def fig(eid, source, sector, topic, value=50.0, unit="percent", unit_of_count="staff", kind="sample_survey"):
    return (eid, source, sector, topic, value, unit, unit_of_count, kind, "exact", f"label {eid}", f"pop {eid}", None)


SOURCES = pd.DataFrame(
    {
        "source_id": ["ons", "nao", "union", "vendor"],
        "title": ["ONS bulletin", "NAO report", "Union survey", "Vendor deck"],
        "publisher": ["Office for National Statistics", "National Audit Office", "A Union", "A Vendor"],
        "release_date": [dt.date(2024, 10, 21), dt.date(2024, 3, 15), None, dt.date(2025, 1, 1)],
        "url": ["https://ons.example/a", "https://nao.example/b", "https://union.example/c", "https://v.example/d"],
        "status": [
            "official_statistics_in_development",
            "secondary_analysis",
            "survey_information",
            "survey_information",
        ],
    }
)

CODEBOOK = pd.DataFrame(
    {
        "code": ["barrier_x", "ai_pilot", "automation", "benefit_ai", "admin_heavy", "practice_y", "view_z"],
        "category": ["barrier", "ai_use", "ai_use", "benefit", "admin_burden", "practice", "productivity_view"],
        "theme": ["ai", "ai", "administration", "ai", "administration", "innovation", "productivity"],
    }
)


def findings(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    """(code, sector, participant group) per row."""
    return pd.DataFrame(
        [(f"F{i}", code, sector, group) for i, (code, sector, group) in enumerate(rows)],
        columns=["finding_id", "code", "sector", "participant_group"],
    )


def quotes(*rows: tuple[str | None, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(f"Q{i}", sector, codes) for i, (sector, codes) in enumerate(rows)], columns=["quote_id", "sector", "codes"]
    )


NO_FINDINGS = findings()
NO_QUOTES = quotes()


def cell(frame: pd.DataFrame, sector: str, topic: str) -> dict:
    (row,) = frame[(frame["sector"] == sector) & (frame["topic"] == topic)].to_dict("records")
    return row


# --------------------------------------------------------------------------- codes to topics


def test_a_code_is_filed_by_its_category_first_then_its_theme():
    topics = evidence.code_topics(CODEBOOK)
    assert topics == {
        "barrier_x": "barriers",  # a barrier, although its theme is AI
        "ai_pilot": "ai_use",
        "automation": "ai_use",  # category AI use wins over theme administration
        "benefit_ai": "ai_use",  # theme AI
        "admin_heavy": "admin_burden",
        "practice_y": "management_practice",  # theme innovation
        "view_z": "management_practice",  # theme productivity
    }


def test_every_shipped_code_has_a_topic_and_the_barriers_are_exactly_the_barrier_codes(shipped_extract):
    book = shipped_extract.codebook
    topics = evidence.code_topics(book)
    assert set(topics) == set(book["code"]) and set(topics.values()) <= set(vocab.TOPICS)
    barriers = {c for c, t in topics.items() if t == "barriers"}
    assert barriers == set(book.loc[book["category"] == "barrier", "code"])
    assert set(topics.values()) == set(vocab.TOPICS), "every topic has at least one code"


# --------------------------------------------------------------------------- which figures count


@pytest.mark.parametrize(
    ("figure_sector", "counts"),
    [
        ("all_public_sector", set(vocab.SECTORS)),
        ("police_and_fire", {"police", "fire"}),
        # Role groups (workers by role, in every sector) are members of no sector: credited to none.
        ("frontline", set()),
        ("frontline_supervisors", set()),
        ("non_frontline", set()),
        ("health", {"health"}),
        ("private_sector", set()),
    ],
)
def test_a_group_figure_counts_for_its_members_and_a_role_group_or_private_sector_figure_for_none(
    figure_sector, counts
):
    assert {s for s in vocab.SECTORS if evidence.counts_for(figure_sector, s)} == counts


# --------------------------------------------------------------------------- the map


def run_map(estimates, found=NO_FINDINGS, said=NO_QUOTES, **kw):
    return evidence.evidence_map(estimates, SOURCES, found, said, CODEBOOK, **kw)


def test_each_cell_counts_the_figures_that_count_for_it_and_how_many_are_its_own():
    table, _ = run_map(
        figures(
            fig("E1", "ons", "all_public_sector", "ai_use"),
            fig("E2", "nao", "health", "ai_use"),
            fig("E3", "union", "police_and_fire", "ai_use"),
            fig("E4", "vendor", "private_sector", "ai_use"),
            fig("E5", "ons", "health", "barriers"),
        )
    )
    assert len(table) == len(vocab.SECTORS) * len(vocab.TOPICS)
    assert list(table["sector"].drop_duplicates()) == list(vocab.SECTORS)
    assert list(table["topic"].drop_duplicates()) == list(vocab.TOPICS)
    health = cell(table, "health", "ai_use")
    assert (health["figures"], health["own_figures"], health["publishers"]) == (2, 1, 2)
    police = cell(table, "police", "ai_use")
    assert (police["figures"], police["own_figures"], police["publishers"]) == (2, 0, 2)
    assert cell(table, "central_government", "ai_use")["figures"] == 1, "the private-sector figure counts nowhere"
    assert cell(table, "central_government", "barriers")["figures"] == 0
    assert cell(table, "central_government", "barriers")["strongest_id"] is None


def test_the_strongest_figure_is_chosen_by_how_it_was_made_never_by_its_value():
    table, joined = run_map(
        figures(
            fig("E1", "vendor", "health", "ai_use", value=99.0, kind="vendor_research"),
            fig("E2", "union", "health", "ai_use", value=90.0, kind="sample_survey"),
            fig("E3", "nao", "all_public_sector", "ai_use", value=5.0, kind="census_of_bodies"),
            fig("E4", "ons", "all_public_sector", "barriers", value=1.0, kind="member_survey"),
            fig("E5", "ons", "all_public_sector", "barriers", value=2.0, kind="official_statistics"),
        )
    )
    assert cell(table, "health", "ai_use")["strongest_id"] == "E3", "a census of bodies beats a sample survey"
    assert cell(table, "health", "barriers")["strongest_id"] == "E5", "official statistics beat everything"
    assert joined.loc["E3", "publisher"] == "National Audit Office" and joined.loc["E3", "year"] == 2024


def test_within_a_kind_the_figure_closest_to_the_sector_then_a_share_then_the_table_order_wins():
    table, _ = run_map(
        figures(
            fig("E1", "ons", "all_public_sector", "admin_burden", kind="official_statistics"),
            fig("E2", "ons", "police_and_fire", "admin_burden", kind="official_statistics"),
            fig("E3", "ons", "health", "admin_burden", value=14500.0, unit="count", kind="official_statistics"),
            fig("E4", "ons", "health", "admin_burden", value=40.0, kind="official_statistics"),
            fig("E5", "ons", "health", "admin_burden", value=60.0, kind="official_statistics"),
        )
    )
    assert cell(table, "health", "admin_burden")["strongest_id"] == "E4", "own sector, a share, first in the table"
    assert cell(table, "police", "admin_burden")["strongest_id"] == "E2", "police and fire is closer than all"
    assert cell(table, "central_government", "admin_burden")["strongest_id"] == "E1"


def test_then_a_figure_read_first_hand_and_then_a_dated_one_wins():
    reported = (*fig("E1", "ons", "fire", "barriers")[:-1], "A newspaper")
    table, _ = run_map(
        figures(
            reported,
            fig("E2", "union", "fire", "barriers"),  # the union's source gives no date
            fig("E3", "vendor", "fire", "barriers"),
        )
    )
    assert cell(table, "fire", "barriers")["strongest_id"] == "E3", "first-hand and dated, though last in the table"
    table, _ = run_map(figures(reported, fig("E2", "union", "fire", "barriers")))
    assert cell(table, "fire", "barriers")["strongest_id"] == "E2", "first-hand beats a report of it"


def test_findings_are_presence_for_the_sector_or_for_all_sectors_never_a_count():
    found = findings(
        ("barrier_x", "health", "current_manager"),
        ("barrier_x", "health", "current_manager"),
        ("ai_pilot", "all_sectors", "current_manager"),
        ("automation", "police", "current_manager"),
        ("admin_heavy", None, "former_civil_servant"),
    )
    table, _ = run_map(figures(), found)
    health = cell(table, "health", "barriers")
    assert health["raised_for_sector"] is True and health["raised_for_all"] is False
    assert set(table.columns) == set(evidence.MAP_COLUMNS), "no count of findings anywhere"
    for sector in vocab.SECTORS:
        assert cell(table, sector, "ai_use")["raised_for_all"] is True
    assert cell(table, "police", "ai_use")["raised_for_sector"] is True
    assert cell(table, "fire", "ai_use")["raised_for_sector"] is False
    assert not table.loc[table["topic"] == "admin_burden", ["raised_for_sector", "raised_for_all"]].any().any(), (
        "former civil servants have no sector"
    )


def test_quotes_count_once_per_topic_their_codes_touch_and_never_without_a_sector():
    said = quotes(
        ("health", ["barrier_x", "ai_pilot"]),
        ("health", ["barrier_x", "barrier_x"]),
        ("health", ["unknown_code"]),
        (None, ["barrier_x"]),
        ("fire", ["admin_heavy"]),
    )
    table, _ = run_map(figures(), said=said)
    assert cell(table, "health", "barriers")["quotes"] == 2
    assert cell(table, "health", "ai_use")["quotes"] == 1
    assert cell(table, "fire", "admin_burden")["quotes"] == 1
    assert table["quotes"].sum() == 4


def test_the_source_filter_narrows_the_published_figures_only():
    estimates = figures(fig("E1", "ons", "health", "ai_use"), fig("E2", "nao", "health", "ai_use"))
    said = quotes(("health", ["ai_pilot"]))
    table, _ = run_map(estimates, said=said, source_ids=("nao",))
    health = cell(table, "health", "ai_use")
    assert (health["figures"], health["strongest_id"], health["quotes"]) == (1, "E2", 1)


def test_a_source_without_a_date_has_no_year_and_years_stay_whole_numbers():
    _, joined = run_map(figures(fig("E1", "union", "health", "ai_use"), fig("E2", "ons", "health", "ai_use")))
    assert joined.loc["E1", "year"] is None
    assert joined.loc["E2", "year"] == 2024 and isinstance(joined.loc["E2", "year"], int)


# --------------------------------------------------------------------------- the topic panel


def test_a_topic_panel_holds_that_topics_figures_for_the_sectors_grouped_by_unit_of_count():
    estimates = figures(
        fig(
            "E1", "ons", "all_public_sector", "ai_use", unit_of_count="hours", unit="hours", kind="official_statistics"
        ),
        fig("E2", "union", "health", "ai_use", unit_of_count="organisations", kind="member_survey"),
        fig("E3", "nao", "frontline", "ai_use", unit_of_count="staff", kind="census_of_bodies"),
        fig("E4", "ons", "central_government", "ai_use", unit_of_count="organisations"),
        fig("E5", "vendor", "private_sector", "ai_use"),
        fig("E6", "ons", "health", "barriers"),
        fig("E7", "ons", "health", "ai_use", unit_of_count="organisations", kind="official_statistics"),
    )
    shown = evidence.topic_figures(estimates, SOURCES, topic="ai_use", sectors=("health",))
    assert list(shown["estimate_id"]) == ["E7", "E2", "E3", "E1"], "organisations, staff, hours; strongest first"
    assert list(shown["unit_of_count"]) == ["organisations", "organisations", "staff", "hours"]
    assert shown.loc[shown["estimate_id"] == "E3", "sector_label"].item() == "Frontline workers (role group)"
    assert shown.loc[shown["estimate_id"] == "E3", "group_type"].item() == "role group"
    assert shown.loc[shown["estimate_id"] == "E2", "publisher"].item() == "A Union"
    central = evidence.topic_figures(estimates, SOURCES, topic="ai_use", sectors=("central_government",))
    assert set(central["estimate_id"]) == {"E1", "E3", "E4"}, "the frontline role group is shown for any sector"
    # For one sector, within a kind the figure about the sector itself comes before a group's.
    groups = figures(
        fig("G1", "ons", "all_public_sector", "ai_use", kind="official_statistics"),
        fig("G2", "ons", "frontline", "ai_use", kind="official_statistics"),
        fig("G3", "ons", "health", "ai_use", kind="official_statistics"),
    )
    one = evidence.topic_figures(groups, SOURCES, topic="ai_use", sectors=("health",))
    assert list(one["estimate_id"]) == ["G3", "G1", "G2"], "health, all public sector, then the role group"
    two = evidence.topic_figures(groups, SOURCES, topic="ai_use", sectors=("health", "fire"))
    assert list(two["estimate_id"]) == ["G1", "G2", "G3"], "no one sector to be close to: the table's order"
    assert evidence.topic_figures(estimates, SOURCES, topic="ai_use", sectors=()).empty
    only_nao = evidence.topic_figures(estimates, SOURCES, topic="ai_use", sectors=vocab.SECTORS, source_ids=("nao",))
    assert list(only_nao["estimate_id"]) == ["E3"]


# --------------------------------------------------------------------------- the shipped extract


@pytest.fixture(scope="module")
def ctx(shipped_extract):
    return build_context(shipped_extract, Settings())


def test_a_role_group_figure_is_credited_to_no_map_cell():
    table, _ = run_map(
        figures(
            fig("E1", "ons", "frontline", "admin_burden", kind="official_statistics"),
            fig("E2", "ons", "non_frontline", "admin_burden", kind="official_statistics"),
            fig("E3", "ons", "frontline_supervisors", "admin_burden", kind="official_statistics"),
        )
    )
    assert table["figures"].sum() == 0 and table["own_figures"].sum() == 0
    assert table["strongest_id"].isna().all()


def test_on_the_shipped_extract_every_map_cell_agrees_with_its_topic_panel(ctx):
    x = ctx.extract
    table, joined = evidence.evidence_map(x.published_estimates, x.sources, ctx.findings, ctx.quotes, x.codebook)
    roles = set(vocab.ROLE_GROUPS)
    for row in table.to_dict("records"):
        panel = evidence.topic_figures(x.published_estimates, x.sources, topic=row["topic"], sectors=(row["sector"],))
        # The panel also shows the role groups' figures on the topic; the map credits them to no sector.
        own = panel[~panel["sector"].isin(roles)]
        assert len(own) == row["figures"], (row["sector"], row["topic"])
        on_topic = x.published_estimates[x.published_estimates["topic"] == row["topic"]]
        assert int(panel["sector"].isin(roles).sum()) == int(on_topic["sector"].isin(roles).sum())
        assert row["strongest_id"] is None or row["strongest_id"] not in set(
            panel.loc[panel["sector"].isin(roles), "estimate_id"]
        )
        if row["strongest_id"] is not None:
            assert row["strongest_id"] in set(own["estimate_id"])
            strongest = joined.loc[row["strongest_id"]]
            assert evidence.kind_rank(strongest["kind"]) == min(evidence.kind_rank(k) for k in own["kind"])
    # The quote rule holds: quotes counted come from the showable pool only.
    assert table["quotes"].sum() <= sum(
        len({evidence.code_topics(x.codebook).get(c) for c in codes} - {None})
        for codes, sector in zip(ctx.quotes["codes"], ctx.quotes["sector"], strict=True)
        if isinstance(sector, str)
    )


def test_on_the_shipped_extract_onss_frontline_time_use_figures_are_credited_to_no_sector(ctx):
    """E022 (frontline workers 66%) and E023 (non-frontline workers 13%) are ONS's time-use figures by role:
    no sector's admin-burden cell counts them, and Health's and central government's topic panels both show
    both, labelled as role groups."""
    x = ctx.extract
    table, _ = evidence.evidence_map(x.published_estimates, x.sources, ctx.findings, ctx.quotes, x.codebook)
    admin = x.published_estimates[x.published_estimates["topic"] == "admin_burden"]
    for sector in vocab.SECTORS:
        counted = [s for s in admin["sector"] if evidence.counts_for(s, sector)]
        assert not set(counted) & set(vocab.ROLE_GROUPS), sector
        assert cell(table, sector, "admin_burden")["figures"] == len(counted)
    for sector in ("health", "central_government"):
        panel = evidence.topic_figures(x.published_estimates, x.sources, topic="admin_burden", sectors=(sector,))
        panel = panel.set_index("estimate_id")
        assert panel.loc["E022", "value"] == 66.0 and panel.loc["E023", "value"] == 13.0
        assert panel.loc["E022", "sector_label"] == "Frontline workers (role group)"
        assert panel.loc["E023", "sector_label"] == "Non-frontline workers (role group)"
