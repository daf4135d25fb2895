"""Published figures for the current sector selection, joined to their sources, never altered."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import published
from dashboard.data import vocab

REFS = {"all_public_sector", "private_sector"}
#: Role groups: workers by role, in every sector; shown whatever the sector filter.
ROLES = {"frontline", "non_frontline", "frontline_supervisors"}


@pytest.fixture(scope="module")
def ex(shipped_extract):
    return shipped_extract


def run(ex, sectors, source_ids=()):
    return published.filter_published(ex.published_estimates, ex.sources, sectors=sectors, source_ids=source_ids)


def sectors_of(frame: pd.DataFrame) -> set[str]:
    return set(frame["sector"])


# --------------------------------------------------------------------------- hand-made tables


@pytest.fixture
def tiny():
    estimates = pd.DataFrame(
        {
            "estimate_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            "source_id": ["s1", "s1", "s2", "s2", "s1", "s2", "s1"],
            "sector": [
                "all_public_sector",
                "police_and_fire",
                "health",
                "private_sector",
                "frontline",
                "non_frontline",
                "central_government",
            ],
            "value": [0.6, 13.4, 14500.0, 0.55, 41.0, 12.0, 7.25],
            "unit": ["score_0_1", "percent", "count", "score_0_1", "percent", "percent", "hours"],
            "topic": [
                "management_practice",
                "barriers",
                "ai_use",
                "management_practice",
                "ai_use",
                "ai_use",
                "admin_burden",
            ],
            "unit_of_count": [
                "organisations",
                "organisations",
                "organisations",
                "organisations",
                "share_of_time",
                "staff",
                "hours",
            ],
            "kind": [
                "official_statistics",
                "official_statistics",
                "sample_survey",
                "official_statistics",
                "modelled_estimate",
                "member_survey",
                "trial",
            ],
            "reporter": [None, None, "A newspaper", None, None, None, None],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2"],
            "title": ["Source one", "Source two"],
            "publisher": ["ONS", "NatCen"],
            "release_date": ["2024-10-21", None],
            "url": ["https://example.org/one", "https://example.org/two"],
            "status": ["official_statistics_in_development", "qualitative_research"],
            "caveat": ["caveat one", "caveat two"],
            "licence": ["OGL", "OGL"],
        }
    )
    return estimates, sources


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        # E5 (frontline workers) and E6 (non-frontline workers) are role groups: always shown.
        (["police"], ["E1", "E2", "E4", "E5", "E6"]),
        (["fire"], ["E1", "E2", "E4", "E5", "E6"]),
        (["health"], ["E1", "E3", "E4", "E5", "E6"]),
        (["central_government"], ["E1", "E4", "E5", "E6", "E7"]),
        (["local_government"], ["E1", "E4", "E5", "E6"]),
        ([], ["E1", "E4", "E5", "E6"]),
        (list(vocab.SECTORS), ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]),
    ],
)
def test_relevant_rows_for_a_selection(tiny, selected, expected):
    estimates, sources = tiny
    out = published.filter_published(estimates, sources, sectors=selected)
    assert out["estimate_id"].tolist() == expected


def test_join_and_labels_on_a_tiny_table(tiny):
    estimates, sources = tiny
    out = published.filter_published(estimates, sources, sectors=["police"])
    row = out.set_index("estimate_id").loc["E2"]
    assert row["sector_label"] == "Police and fire"
    assert row["value"] == 13.4
    assert row["source_title"] == "Source one"
    assert row["url"] == "https://example.org/one"
    assert row["status"] == "official_statistics_in_development"
    assert row["status_label"] == "Official statistics in development"
    assert row["source_caveat"] == "caveat one"
    cols = out.columns.tolist()
    assert cols.index("sector_label") == cols.index("sector") + 1
    assert "licence" not in cols


def test_topic_unit_of_count_and_kind_get_labels_beside_their_ids(tiny):
    estimates, sources = tiny
    out = published.filter_published(estimates, sources, sectors=vocab.SECTORS).set_index("estimate_id")
    assert out.loc["E3", "topic_label"] == "AI use"
    assert out.loc["E6", "kind_label"] == "Survey of members (self-selected)"
    assert out.loc["E5", "unit_of_count_label"] == "Share of working time"
    assert out.loc["E7", "kind_label"] == "Trial or pilot evaluation"
    assert out.loc["E3", "reporter"] == "A newspaper"
    assert pd.isna(out.loc["E1", "reporter"])
    cols = out.columns.tolist()
    for column in ("topic", "unit_of_count", "kind"):
        assert cols.index(f"{column}_label") == cols.index(column) + 1


def test_source_filter(tiny):
    estimates, sources = tiny
    out = published.filter_published(estimates, sources, sectors=vocab.SECTORS, source_ids=["s2"])
    assert out["estimate_id"].tolist() == ["E3", "E4", "E6"]
    # the reference rows obey the source filter too
    assert published.filter_published(estimates, sources, sectors=vocab.SECTORS, source_ids=["nope"]).empty


def test_inputs_are_not_modified(tiny):
    estimates, sources = tiny
    e0, s0 = estimates.copy(), sources.copy()
    published.filter_published(estimates, sources, sectors=["police"])
    pd.testing.assert_frame_equal(estimates, e0)
    pd.testing.assert_frame_equal(sources, s0)


# --------------------------------------------------------------------------- shipped extract


@pytest.mark.parametrize("member", ["police", "fire"])
def test_police_and_fire_rows_kept_for_either_member(ex, member):
    out = run(ex, [member])
    n_pf = int((ex.published_estimates["sector"] == "police_and_fire").sum())
    assert n_pf >= 1
    assert int((out["sector"] == "police_and_fire").sum()) == n_pf


def test_police_and_fire_not_kept_for_other_sectors(ex):
    out = run(ex, ["central_government", "local_government", "health", "education"])
    assert "police_and_fire" not in sectors_of(out)


@pytest.mark.parametrize("selected", [[], ["health"], ["police"], list(vocab.SECTORS)])
def test_reference_groups_always_kept(ex, selected):
    out = run(ex, selected)
    raw = ex.published_estimates
    for ref in REFS:
        assert int((out["sector"] == ref).sum()) == int((raw["sector"] == ref).sum()) > 0


def test_nothing_selected_leaves_only_the_references_and_the_role_groups(ex):
    assert sectors_of(run(ex, [])) == REFS | ROLES


def test_unselected_sectors_are_dropped(ex):
    out = run(ex, ["health"])
    assert "central_government" not in sectors_of(out)
    assert "education" not in sectors_of(out)
    assert {"health", "frontline", "non_frontline"} <= sectors_of(out)


@pytest.mark.parametrize("selected", [["health"], ["central_government"], ["police", "fire"], []])
def test_frontline_and_non_frontline_are_role_groups_shown_beside_any_sectors(ex, selected):
    """ONS's time-use figures for frontline workers (who deal with the public directly) and non-frontline
    workers are about roles found in every sector: Health shows the non-frontline figure as well as the
    frontline one, central government the frontline one as well, each labelled as a role group."""
    out = run(ex, selected).set_index("estimate_id")
    assert out.loc["E022", "value"] == 66.0 and out.loc["E023", "value"] == 13.0
    assert (
        out.loc["E022", "measure_label"]
        == out.loc["E023", "measure_label"]
        == ("Share of work time spent on sector-specific activities")
    )
    assert out.loc["E022", "sector_label"] == "Frontline workers (role group)"
    assert out.loc["E023", "sector_label"] == "Non-frontline workers (role group)"
    assert out.loc["E026", "sector_label"] == "Frontline supervisors (role group)" and out.loc["E026", "value"] == 20.0
    assert out.loc["E035", "value"] == 38.0 and out.loc["E036", "value"] == 46.0
    roles = out[out["sector"].isin(ROLES)]
    assert len(roles) == int(ex.published_estimates["sector"].isin(ROLES).sum()) == 7
    assert set(roles["group_type"]) == {"role group"}


def test_group_types_say_what_each_figure_is_about(ex):
    out = run(ex, vocab.SECTORS).drop_duplicates("sector").set_index("sector")["group_type"]
    assert out["health"] == "sector" and out["police_and_fire"] == "group of sectors"
    assert out["all_public_sector"] == out["private_sector"] == "reference"
    assert {out[r] for r in ROLES} == {"role group"}
    # A role group is never a member of a sector, nor a sector of it.
    for role in ROLES:
        assert published.members(role) == frozenset()
    assert published.members("police_and_fire") == {"police", "fire"}
    assert published.members("all_public_sector") == set(vocab.SECTORS)


def test_every_sector_selected_keeps_every_row(ex):
    out = run(ex, vocab.SECTORS)
    assert len(out) == len(ex.published_estimates)
    assert out["estimate_id"].tolist() == ex.published_estimates["estimate_id"].tolist()


@pytest.mark.parametrize("selected", [["police"], ["education", "fire"], list(vocab.SECTORS)])
def test_values_are_never_changed(ex, selected):
    raw = ex.published_estimates.set_index("estimate_id")
    out = run(ex, selected).set_index("estimate_id")
    assert out.index.is_unique
    for column in raw.columns:
        left = out[column]
        right = raw.loc[out.index, column]
        pd.testing.assert_series_equal(left, right, check_names=False, obj=column)


def test_sources_are_joined(ex):
    out = run(ex, vocab.SECTORS)
    sources = ex.sources.set_index("source_id")
    assert out["source_title"].notna().all()
    assert (out["source_title"] == sources.loc[out["source_id"], "title"].to_numpy()).all()
    assert (out["url"] == sources.loc[out["source_id"], "url"].to_numpy()).all()
    assert (out["status"] == sources.loc[out["source_id"], "status"].to_numpy()).all()
    assert (out["status_label"] == out["status"].map(vocab.SOURCE_STATUSES)).all()
    assert out["status_label"].notna().all()
    assert (out["sector_label"] == out["sector"].map(vocab.sector_label)).all()
    assert (out["topic_label"] == out["topic"].map(vocab.TOPICS)).all()
    assert (out["unit_of_count_label"] == out["unit_of_count"].map(vocab.UNITS_OF_COUNT)).all()
    assert (out["kind_label"] == out["kind"].map(vocab.FIGURE_KINDS)).all()
    assert out[["topic_label", "unit_of_count_label", "kind_label"]].notna().all().all()


def test_figures_from_other_publishers_are_shown_for_their_sector(ex):
    """Police and fire have figures of their own from other publishers (PSMPS only has police and fire)."""
    for sector in ("police", "fire"):
        out = run(ex, [sector])
        own = out[out["sector"] == sector]
        assert len(own) >= 2, sector
        assert set(own["status"]) == {"published_research"}, sector
    fire = run(ex, ["fire"])
    assert set(fire.loc[fire["sector"] == "fire", "value"]) == {24.0, 17.0}


def test_source_filter_on_shipped_extract(ex):
    sid = ex.published_estimates["source_id"].iloc[0]
    out = run(ex, vocab.SECTORS, source_ids=[sid])
    assert set(out["source_id"]) == {sid}
    assert len(out) == int((ex.published_estimates["source_id"] == sid).sum())
