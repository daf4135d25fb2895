"""Filtering the survey extracts and estimating each chart's measure by sector."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import survey
from dashboard.analysis.estimates import STATUS_NO_DATA, STATUS_OK, STATUS_SUPPRESSED
from dashboard.data import vocab
from dashboard.data.load import load_extract

# --------------------------------------------------------------------------- hand-made frames


def make_org(rows: list[dict]) -> pd.DataFrame:
    """An organisation-survey frame typed as the loader types it."""
    defaults = {
        "size_band": "10 to 49",
        "region": "London",
        "design_weight": 1.0,
        "ai_use": False,
        "automation_use": False,
        **dict.fromkeys(vocab.BARRIER_CODES, False),
    }
    df = pd.DataFrame([{**defaults, **r} for r in rows])
    df["sector"] = pd.Categorical(df["sector"], categories=list(vocab.ORG_SURVEY_SECTORS), ordered=True)
    df["size_band"] = pd.Categorical(df["size_band"], categories=list(vocab.SIZE_BANDS), ordered=True)
    df["region"] = pd.Categorical(df["region"], categories=list(vocab.REGIONS), ordered=True)
    return df


def make_tus(rows: list[dict]) -> pd.DataFrame:
    """A time-use frame typed as the loader types it (shares sum to one)."""
    defaults = {
        "frontline": True,
        "weight": 1.0,
        "share_sector_specific": 0.5,
        "share_admin_records": 0.2,
        "share_email_meetings": 0.1,
        "share_planning_management": 0.1,
        "share_analysis_research": 0.05,
        "share_other_non_sector": 0.05,
    }
    df = pd.DataFrame([{**defaults, **r} for r in rows])
    df["sector"] = pd.Categorical(df["sector"], categories=list(vocab.SECTORS), ordered=True)
    df["frontline"] = df["frontline"].astype(bool)
    return df


@pytest.fixture
def org() -> pd.DataFrame:
    rows = []
    # health: 12 orgs, weights 1 (x6) and 3 (x6); ai_use on the six weight-3 orgs -> 18/24 = 0.75
    rows += [{"sector": "health", "design_weight": 1.0} for _ in range(6)]
    rows += [{"sector": "health", "design_weight": 3.0, "ai_use": True, "barrier_cost": True} for _ in range(6)]
    # police_and_fire: 10 orgs of weight 2; 4 use AI -> 0.4; in Wales, size 1,000 or more
    rows += [
        {
            "sector": "police_and_fire",
            "design_weight": 2.0,
            "ai_use": i < 4,
            "size_band": "1,000 or more",
            "region": "Wales",
        }
        for i in range(10)
    ]
    # central_government: 3 orgs (suppressed at 10)
    rows += [{"sector": "central_government", "ai_use": True, "size_band": "50 to 249"} for _ in range(3)]
    # education: 15 orgs, 5 in Scotland; none use AI
    rows += [{"sector": "education", "region": "Scotland" if i < 5 else "London"} for i in range(15)]
    # local_government: no organisations at all
    return make_org(rows)


@pytest.fixture
def tus() -> pd.DataFrame:
    rows = []
    # health: 10 frontline workers, weight 1; admin = records 0.2 + email 0.1 = 0.3; non-sector = 0.5
    rows += [{"sector": "health"} for _ in range(10)]
    # central government: 10 non-frontline; half (weight 1) with sector-specific 0.2, half (weight 3) 0.6
    #   non-sector shares 0.8 and 0.4 -> weighted mean (5*0.8 + 15*0.4) / 20 = 10/20 = 0.5
    rows += [{"sector": "central_government", "frontline": False, "share_sector_specific": 0.2} for _ in range(5)]
    rows += [
        {"sector": "central_government", "frontline": False, "weight": 3.0, "share_sector_specific": 0.6}
        for _ in range(5)
    ]
    # fire: 4 frontline workers -> suppressed at 10
    rows += [{"sector": "fire"} for _ in range(4)]
    return survey.prepare_time_use(make_tus(rows))


def _cell(table: pd.DataFrame, sector: str, measure: str) -> pd.Series:
    hit = table[(table["sector"] == sector) & (table["measure"] == measure)]
    assert len(hit) == 1
    return hit.iloc[0]


# --------------------------------------------------------------------------- org_sectors


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["police"], ["police_and_fire"]),
        (["fire"], ["police_and_fire"]),
        (["police", "fire"], ["police_and_fire"]),
        (["fire", "health", "central_government"], ["central_government", "health", "police_and_fire"]),
        (["education", "local_government"], ["local_government", "education"]),
        (list(vocab.SECTORS), list(vocab.ORG_SURVEY_SECTORS)),
        ([], []),
        (["narnia"], []),
    ],
)
def test_org_sectors(chosen, expected):
    assert survey.org_sectors(chosen) == expected


def test_org_sectors_accepts_any_iterable_once():
    assert survey.org_sectors(s for s in ("fire", "health")) == ["health", "police_and_fire"]


# --------------------------------------------------------------------------- filters (cell selections)


def _bases(table, **selection) -> dict[str, int]:
    """Respondents per group in the cells a selection holds (empty groups left out)."""
    sums = table.sums(table.select(**selection), [], perturbed=False)
    return {str(c): int(n) for c, n in zip(sums.categories, sums.n, strict=True) if n}


def test_org_sectors_maps_police_to_the_combined_group(org):
    assert survey.org_sectors(["police"]) == ["police_and_fire"]
    assert _bases(survey.org_cells(org), sector=survey.org_sectors(["police"])) == {"police_and_fire": 10}


def test_size_and_region_select_whole_cells(org):
    table = survey.org_cells(org)
    assert sum(_bases(table).values()) == len(org) == 40
    by_size = _bases(table, size_band=["1,000 or more", "50 to 249"])
    assert sorted(by_size) == ["central_government", "police_and_fire"] and sum(by_size.values()) == 13
    assert sum(_bases(table, region=["Scotland", "Wales"]).values()) == 15
    both = _bases(table, sector=["education", "police_and_fire"], size_band=["10 to 49"], region=["Scotland", "Wales"])
    assert both == {"education": 5}


def test_no_sectors_selects_nothing(org):
    assert _bases(survey.org_cells(org), sector=["none"]) == {}


def test_frontline_selects_worker_cells(tus):
    table = survey.time_use_cells(tus)
    assert sum(_bases(table).values()) == 24
    front = _bases(table, frontline=survey.frontline_selection("frontline"))
    assert sum(front.values()) == 14
    non = _bases(table, frontline=survey.frontline_selection("non_frontline"))
    assert non == {"central_government": 10}
    assert _bases(table, sector=["fire"], frontline=[True]) == {"fire": 4}


def test_time_use_does_not_merge_police_and_fire(tus):
    # Time use has police and fire separately; selecting police must not pull in fire.
    table = survey.time_use_cells(tus)
    assert "fire" not in _bases(table, sector=["police"])


def test_prepare_time_use_adds_derived_shares_without_touching_input():
    raw = make_tus([{"sector": "health", "share_sector_specific": 0.7, "share_admin_records": 0.1}])
    before = raw.copy()
    out = survey.prepare_time_use(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert out[survey.ADMIN_SHARE].iloc[0] == pytest.approx(0.1 + 0.1)
    assert out[survey.NON_SECTOR_SHARE].iloc[0] == pytest.approx(0.3)


# --------------------------------------------------------------------------- by-sector tables


def test_ai_use_by_sector_hand_values(org):
    table = survey.ai_use_by_sector(org, list(vocab.SECTORS), threshold=10, min_answer=0)
    assert list(table.columns[:2]) == ["sector", "sector_label"]
    assert list(table["sector"]) == list(vocab.ORG_SURVEY_SECTORS) * 2
    assert list(table["measure"]) == ["ai_use"] * 5 + ["automation_use"] * 5
    health = _cell(table, "health", "ai_use")
    # (6 * 3) / (6 * 1 + 6 * 3) = 18/24
    assert health["estimate"] == pytest.approx(0.75)
    assert health["base_n"] == 12
    # n_eff = 24^2 / (6 * 1 + 6 * 9) = 576/60 = 9.6
    assert health["effective_n"] == pytest.approx(9.6)
    pf = _cell(table, "police_and_fire", "ai_use")
    assert pf["sector_label"] == "Police and fire"
    assert pf["estimate"] == pytest.approx(0.4)
    assert _cell(table, "central_government", "ai_use")["status"] == STATUS_SUPPRESSED
    assert _cell(table, "local_government", "ai_use")["status"] == STATUS_NO_DATA
    assert _cell(table, "education", "ai_use")["estimate"] == pytest.approx(0.0)


def test_ai_use_by_sector_only_selected_in_vocabulary_order(org):
    table = survey.ai_use_by_sector(org, ["fire", "education", "health"], threshold=10, min_answer=0)
    assert list(table.loc[table["measure"] == "ai_use", "sector"]) == ["health", "education", "police_and_fire"]
    assert list(table.loc[table["measure"] == "ai_use", "sector_label"]) == ["Health", "Education", "Police and fire"]
    assert table["sector"].dtype == object or pd.api.types.is_string_dtype(table["sector"])
    assert list(table.index) == list(range(len(table)))


def test_ai_use_with_no_sectors_is_empty(org):
    assert survey.ai_use_by_sector(org, [], threshold=10, min_answer=0).empty


def test_barriers_by_sector_all_codes_by_default(org):
    table = survey.barriers_by_sector(org, ["health"], threshold=10, min_answer=0)
    assert list(table["measure"]) == list(vocab.BARRIER_CODES)
    assert set(table["sector"]) == {"health"}
    assert _cell(table, "health", "barrier_cost")["estimate"] == pytest.approx(0.75)
    assert _cell(table, "health", "barrier_slow_decisions")["estimate"] == pytest.approx(0.0)


def test_barriers_by_sector_codes_narrow_in_vocabulary_order(org):
    codes = ["barrier_training_time", "barrier_cost"]
    table = survey.barriers_by_sector(org, ["police", "health"], threshold=10, codes=codes, min_answer=0)
    assert list(table["measure"]) == ["barrier_cost"] * 2 + ["barrier_training_time"] * 2
    assert list(table["sector"]) == ["health", "police_and_fire"] * 2


def test_admin_share_by_sector_hand_values(tus):
    table = survey.admin_share_by_sector(tus, ["fire", "health", "central_government"], threshold=10)
    measures = [survey.NON_SECTOR_SHARE, survey.ADMIN_SHARE]
    assert list(table["measure"]) == [measures[0]] * 3 + [measures[1]] * 3
    assert list(table["sector"]) == ["central_government", "health", "fire"] * 2
    assert list(table["sector_label"]) == ["Central government", "Health", "Fire"] * 2
    assert _cell(table, "central_government", survey.NON_SECTOR_SHARE)["estimate"] == pytest.approx(0.5)
    assert _cell(table, "central_government", survey.ADMIN_SHARE)["estimate"] == pytest.approx(0.3)
    assert _cell(table, "health", survey.NON_SECTOR_SHARE)["estimate"] == pytest.approx(0.5)
    fire = _cell(table, "fire", survey.ADMIN_SHARE)
    assert fire["status"] == STATUS_SUPPRESSED
    assert pd.isna(fire["estimate"]) and pd.isna(fire["base_n"])


def test_shown_base_excludes_suppressed_and_counts_each_sector_once(org):
    table = survey.ai_use_by_sector(org, list(vocab.SECTORS), threshold=10, min_answer=0)
    # ok: health 12 + police_and_fire 10 + education 15; central government (3) suppressed; local none
    assert survey.shown_base(table) == 37
    assert survey.shown_base(survey.ai_use_by_sector(org, list(vocab.SECTORS), threshold=13, min_answer=0)) == 15
    assert survey.shown_base(survey.ai_use_by_sector(org, ["central_government"], threshold=10, min_answer=0)) == 0


# --------------------------------------------------------------------------- the built extract


@pytest.fixture(scope="module")
def extract(built_dir):
    ex = load_extract(built_dir)
    # The raw share columns are kept beside the prepared ones, so tests can check the derived shares.
    tus = survey.prepare_time_use(ex.time_use_survey).join(ex.time_use_survey[["share_sector_specific"]])
    return ex.org_survey, tus


def _weighted(frame: pd.DataFrame, value: str, weight: str) -> float:
    w = frame[weight].to_numpy(float)
    return float((w * frame[value].to_numpy(float)).sum() / w.sum())


def test_built_extract_ai_use_matches_an_independent_calculation(extract):
    org, _ = extract
    table = survey.ai_use_by_sector(org, list(vocab.SECTORS), threshold=10, min_answer=0)
    assert list(table["sector"].unique()) == list(vocab.ORG_SURVEY_SECTORS)
    counts = org["sector"].astype(str).value_counts()
    for sector in vocab.ORG_SURVEY_SECTORS:
        rows = org[org["sector"] == sector]
        cell = _cell(table, sector, "ai_use")
        assert cell["status"] == STATUS_OK
        assert cell["base_n"] == counts[sector]
        assert cell["estimate"] == pytest.approx(_weighted(rows, "ai_use", "design_weight"), abs=1e-12)
        assert cell["ci_low"] <= cell["estimate"] <= cell["ci_high"]
    assert survey.shown_base(table) == len(org)


def test_built_extract_threshold_and_filters_suppress_small_sectors(extract):
    org, _ = extract
    small = org[org["size_band"] == "10 to 49"]
    counts = small["sector"].astype(str).value_counts()
    threshold = 10
    table = survey.barriers_by_sector(
        small, list(vocab.SECTORS), threshold=threshold, codes=["barrier_cost"], min_answer=0
    )
    for sector in vocab.ORG_SURVEY_SECTORS:
        cell = _cell(table, sector, "barrier_cost")
        n = int(counts.get(sector, 0))
        expected = STATUS_NO_DATA if n == 0 else STATUS_SUPPRESSED if n < threshold else STATUS_OK
        assert cell["status"] == expected
    ok_total = int(sum(n for s, n in counts.items() if n >= threshold))
    assert survey.shown_base(table) == ok_total
    assert survey.shown_base(table) < len(small) or all(counts >= threshold)


def test_built_extract_admin_share_frontline_only(extract):
    _, tus = extract
    front = tus[tus["frontline"]]
    table = survey.admin_share_by_sector(front, ["health", "education"], threshold=10)
    assert list(table["sector"]) == ["health", "education"] * 2
    for sector in ("health", "education"):
        rows = front[front["sector"] == sector]
        cell = _cell(table, sector, survey.ADMIN_SHARE)
        assert cell["estimate"] == pytest.approx(_weighted(rows, survey.ADMIN_SHARE, "weight"), abs=1e-12)
        assert 0 <= cell["ci_low"] <= cell["estimate"] <= cell["ci_high"] <= 1
        non = _cell(table, sector, survey.NON_SECTOR_SHARE)
        expected = 1 - _weighted(rows, "share_sector_specific", "weight")
        assert non["estimate"] == pytest.approx(expected, abs=1e-12)
    assert survey.shown_base(table) == int(front["sector"].astype(str).isin(["health", "education"]).sum())
