"""Pin every published figure in data/source/published_estimates.csv.

Each row is a figure copied exactly from a stored copy of its source page. These
tests pin the rows so that any change to a value, sector or source is deliberate,
and check that every value can be found in its own verbatim evidence snippet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

SOURCE_DIR = Path(__file__).resolve().parents[2] / "data" / "source"
ESTIMATES_CSV = SOURCE_DIR / "published_estimates.csv"
SOURCES_CSV = SOURCE_DIR / "sources.csv"

COLUMNS = [
    "estimate_id",
    "source_id",
    "measure",
    "measure_label",
    "sector",
    "population",
    "value",
    "unit",
    "qualifier",
    "base",
    "section",
    "notes",
    "evidence",
]

SECTORS = {
    "central_government",
    "local_government",
    "health",
    "education",
    "police",
    "fire",
    "police_and_fire",
    "frontline",
    "non_frontline",
    "frontline_supervisors",
    "all_public_sector",
    "private_sector",
}
UNITS = {"percent", "score_0_1", "hours", "minutes", "count", "ratio"}
QUALIFIERS = {"exact", "approximate", "at_least", "up_to", "more_than", "nearly"}
STATUSES = {
    "official_statistics_in_development",
    "qualitative_research",
    "secondary_analysis",
    "survey_information",
    "synthetic",
}

#: Sources that report the Public Sector Management Practices Survey (PSMPS).
PSMPS_SOURCES = {
    "ons_psmps_pilot_2023",
    "ons_psmps_comparisons_2023",
    "ons_psmps_survey_page",
    "ukds_psmps_2023_sn9492",
    "ons_psmps_dataset_2025",
}

#: Secondary analysis of ONS data: never an ONS figure, and must say so.
SECONDARY_SOURCES = {
    "turing_mapping_potential_2025",
    "csw_turing_genai_2025",
    "babl_turing_genai_2025",
    "times_turing_genai_2025",
}

#: The four sources that were in sources.csv before this table; never changed or reordered.
ORIGINAL_SOURCES = [
    "ons_managers_views_2024",
    "natcen_ai_views_blog_2025",
    "synthetic_org_survey",
    "synthetic_time_use_survey",
]

#: estimate_id -> (source_id, measure, sector, value exactly as in the CSV)
EXPECTED: dict[str, tuple[str, str, str, str]] = {
    # PSMPS pilot bulletin, 1. Main Points
    "E001": ("ons_psmps_pilot_2023", "mgmt_score_mean", "all_public_sector", "0.56"),
    "E002": ("ons_psmps_pilot_2023", "mgmt_score_mean", "private_sector", "0.55"),
    "E003": ("ons_psmps_pilot_2023", "mgmt_score_median", "all_public_sector", "0.58"),
    "E004": ("ons_psmps_pilot_2023", "mgmt_score_median", "private_sector", "0.60"),
    "E005": ("ons_psmps_pilot_2023", "mgmt_score_median", "police_and_fire", "0.69"),
    "E006": ("ons_psmps_pilot_2023", "mgmt_score_median", "education", "0.57"),
    "E007": ("ons_psmps_pilot_2023", "pct_no_barriers", "all_public_sector", "19"),
    "E008": ("ons_psmps_pilot_2023", "pct_no_barriers", "private_sector", "32"),
    # Comparisons of management practices article, 1. Main points
    "E009": ("ons_psmps_comparisons_2023", "pct_best_practice_targets", "local_government", "71"),
    "E010": ("ons_psmps_comparisons_2023", "pct_stretch_targets_fairly_difficult", "central_government", "63"),
    "E011": ("ons_psmps_comparisons_2023", "pct_stretch_targets_fairly_difficult", "private_sector", "27"),
    "E012": ("ons_psmps_comparisons_2023", "pct_no_underperformance_managers", "education", "40"),
    "E013": ("ons_psmps_comparisons_2023", "pct_no_underperformance_non_managers", "education", "31"),
    # PSMPS survey metadata
    "E014": ("ons_psmps_survey_page", "survey_sample_size", "all_public_sector", "14500"),
    "E015": ("ukds_psmps_2023_sn9492", "survey_responses", "all_public_sector", "1943"),
    "E016": ("ukds_psmps_2023_sn9492", "survey_response_rate", "all_public_sector", "13.4"),
    "E017": ("ons_psmps_dataset_2025", "pct_responses_partial_respondent_error", "all_public_sector", "0.2"),
    # Time use in the public sector: February 2024 (corrected 5 March 2024)
    "E018": ("ons_timeuse_feb2024", "hours_main_activity", "all_public_sector", "6"),
    "E019": ("ons_timeuse_feb2024", "pct_workers_perceived_productive_80plus", "all_public_sector", "85"),
    "E020": ("ons_timeuse_feb2024", "stage2_interviews_count", "all_public_sector", "20"),
    # Time use in the public sector: further analysis (21 October 2024)
    "E021": ("ons_timeuse_further_2024", "pct_time_sector_specific", "all_public_sector", "40"),
    "E022": ("ons_timeuse_further_2024", "pct_time_sector_specific", "frontline", "66"),
    "E023": ("ons_timeuse_further_2024", "pct_time_sector_specific", "non_frontline", "13"),
    "E024": ("ons_timeuse_further_2024", "pct_time_non_sector_specific", "all_public_sector", "60"),
    "E025": ("ons_timeuse_further_2024", "pct_time_multitasking", "all_public_sector", "16"),
    "E026": ("ons_timeuse_further_2024", "pct_time_multitasking", "frontline_supervisors", "20"),
    "E027": ("ons_timeuse_further_2024", "importance_scale_points", "all_public_sector", "4"),
    "E028": ("ons_timeuse_further_2024", "pct_non_sector_time_very_important", "frontline", "47"),
    "E029": ("ons_timeuse_further_2024", "pct_non_sector_time_not_at_all_important", "frontline", "2"),
    # ONS blog at launch; NatCen blog
    "E030": ("ons_blog_time_well_spent_2024", "planned_sample_size", "all_public_sector", "7000"),
    "E031": ("natcen_ai_views_blog_2025", "qual_areas_count", "all_public_sector", "4"),
    # Secondary analysis (Turing/DfT/ONS), not ONS figures
    "E032": ("turing_mapping_potential_2025", "genai_supportable_time_share", "all_public_sector", "41"),
    "E033": ("turing_mapping_potential_2025", "genai_supportable_time_share", "education", "49"),
    "E034": ("turing_mapping_potential_2025", "genai_supportable_time_share", "health", "33"),
    "E035": ("turing_mapping_potential_2025", "genai_supportable_time_share", "frontline", "38"),
    "E036": ("turing_mapping_potential_2025", "genai_supportable_time_share", "non_frontline", "46"),
    "E037": ("csw_turing_genai_2025", "genai_supportable_time_share", "central_government", "45"),
    "E038": ("csw_turing_genai_2025", "genai_supportable_time_share", "central_government", "44"),
    "E039": ("csw_turing_genai_2025", "genai_supportable_time_share", "central_government", "43"),
    "E040": ("csw_turing_genai_2025", "genai_supportable_time_share", "central_government", "47"),
    "E041": ("csw_turing_genai_2025", "diary_activity_count", "all_public_sector", "91"),
    "E042": ("csw_turing_genai_2025", "genai_full_exposure_activity_count", "all_public_sector", "4"),
    "E043": ("babl_turing_genai_2025", "diary_activity_category_count", "all_public_sector", "20"),
    "E044": ("times_turing_genai_2025", "email_minutes_per_day", "central_government", "30"),
    "E045": ("times_turing_genai_2025", "email_genai_reduction_pct", "central_government", "70"),
    "E046": ("times_turing_genai_2025", "lesson_planning_minutes_per_day", "education", "100"),
    "E047": ("times_turing_genai_2025", "lesson_planning_genai_supportable_pct", "education", "75"),
}

#: Rows whose source prints the number as a word ("four-point", "four areas",
#: "Only four of the 91"). Only these may match a number word instead of digits.
NUMBER_WORDS = {"E027": "four", "E031": "four", "E042": "four"}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return _read(ESTIMATES_CSV)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return _read(SOURCES_CSV)


def _number_in(value: str, text: str) -> bool:
    """True if `value` appears as a whole number in `text` (thousands commas removed)."""
    plain = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)", plain) is not None


def test_columns_exact(estimates):
    assert list(estimates.columns) == COLUMNS


def test_every_row_is_pinned(estimates):
    assert list(estimates["estimate_id"]) == list(EXPECTED), "rows added, removed or reordered"


@pytest.mark.parametrize("estimate_id", list(EXPECTED))
def test_row_matches_pin(estimates, estimate_id):
    row = estimates.set_index("estimate_id").loc[estimate_id]
    assert (row["source_id"], row["measure"], row["sector"], row["value"]) == EXPECTED[estimate_id]


def test_estimate_ids_sequential(estimates):
    assert list(estimates["estimate_id"]) == [f"E{i:03d}" for i in range(1, len(estimates) + 1)]


def test_rows_grouped_by_source_then_measure(estimates):
    seen_sources: list[str] = []
    for source_id in estimates["source_id"]:
        if not seen_sources or seen_sources[-1] != source_id:
            assert source_id not in seen_sources, f"rows for {source_id} are not contiguous"
            seen_sources.append(source_id)
    for source_id, group in estimates.groupby("source_id", sort=False):
        seen_measures: list[str] = []
        for measure in group["measure"]:
            if not seen_measures or seen_measures[-1] != measure:
                assert measure not in seen_measures, f"{source_id}: rows for {measure} are not contiguous"
                seen_measures.append(measure)


def test_every_source_id_exists_in_sources(estimates, sources):
    missing = set(estimates["source_id"]) - set(sources["source_id"])
    assert not missing, f"source_id not in sources.csv: {sorted(missing)}"


def test_original_sources_unchanged_and_first(sources):
    assert list(sources["source_id"][: len(ORIGINAL_SOURCES)]) == ORIGINAL_SOURCES
    assert sources["source_id"].is_unique


def test_sources_fields(sources):
    assert list(sources.columns) == [
        "source_id",
        "title",
        "publisher",
        "release_date",
        "url",
        "licence",
        "status",
        "caveat",
    ]
    for _, row in sources.iterrows():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row["source_id"]), row["source_id"]
        assert row["status"] in STATUSES, (row["source_id"], row["status"])
        assert row["caveat"].strip(), row["source_id"]
        assert row["url"].startswith("https://"), row["source_id"]
        if row["release_date"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["release_date"]), row["source_id"]


def test_ons_sources_use_ogl(sources):
    ons = sources[sources["publisher"].str.startswith("Office for National Statistics")]
    assert not ons.empty
    assert set(ons["licence"]) == {"Open Government Licence v3.0"}


def test_secondary_sources_are_labelled(sources, estimates):
    by_id = sources.set_index("source_id")
    for source_id in SECONDARY_SOURCES:
        assert by_id.loc[source_id, "status"] == "secondary_analysis"
        assert "NOT AN ONS STATISTIC" in by_id.loc[source_id, "caveat"]
    secondary_rows = estimates[estimates["source_id"].isin(SECONDARY_SOURCES)]
    assert not secondary_rows.empty
    for _, row in secondary_rows.iterrows():
        assert "NOT an ONS figure" in row["notes"], row["estimate_id"]


def test_controlled_vocabularies(estimates):
    assert set(estimates["sector"]) <= SECTORS
    assert set(estimates["unit"]) <= UNITS
    assert set(estimates["qualifier"]) <= QUALIFIERS
    for column in ("measure", "measure_label", "population", "base", "section", "evidence"):
        assert (estimates[column].str.strip() != "").all(), f"empty {column}"
    assert estimates["measure"].str.fullmatch(r"[a-z][a-z0-9_]*").all()


def test_values_are_plain_numbers(estimates):
    for _, row in estimates.iterrows():
        assert re.fullmatch(r"\d+(\.\d+)?", row["value"]), (row["estimate_id"], row["value"])
        float(row["value"])


def test_scores_and_percents_in_range(estimates):
    for _, row in estimates.iterrows():
        value = float(row["value"])
        if row["unit"] == "score_0_1":
            assert 0 <= value <= 1, row["estimate_id"]
        if row["unit"] == "percent":
            assert 0 <= value <= 100, row["estimate_id"]


@pytest.mark.parametrize("estimate_id", list(EXPECTED))
def test_value_appears_in_evidence(estimates, estimate_id):
    row = estimates.set_index("estimate_id").loc[estimate_id]
    if _number_in(row["value"], row["evidence"]):
        return
    word = NUMBER_WORDS.get(estimate_id)
    assert word is not None, f"{estimate_id}: value {row['value']} not found in evidence {row['evidence']!r}"
    assert re.search(rf"\b{word}\b", row["evidence"], flags=re.IGNORECASE), estimate_id


def test_evidence_is_short(estimates):
    for _, row in estimates.iterrows():
        assert len(row["evidence"].split()) < 30, row["estimate_id"]


def test_psmps_police_and_fire_never_split(estimates):
    psmps = estimates[estimates["source_id"].isin(PSMPS_SOURCES)]
    assert not psmps["sector"].isin({"police", "fire"}).any()
    assert not estimates["sector"].isin({"police", "fire"}).any()
    police_fire = estimates[estimates["sector"] == "police_and_fire"]
    assert list(police_fire["value"]) == ["0.69"]
    assert police_fire["population"].iloc[0] == "Police and fire service organisations"


def test_superseded_21_interviews_absent(estimates):
    interviews = estimates[estimates["measure"].str.contains("interview")]
    assert list(interviews["value"]) == ["20"]
    assert not (estimates["value"] == "21").any()
    assert not estimates["evidence"].str.contains(r"\b21 interviews\b").any()


def test_non_sector_specific_is_not_called_admin(estimates):
    rows = estimates[estimates["measure"] == "pct_time_non_sector_specific"]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert "admin" not in row["measure_label"].lower()
    assert "NOT administrative time" in row["notes"]


def test_verbal_only_figures_absent(estimates):
    assert not estimates["evidence"].str.contains("almost half").any()
    assert not estimates["measure"].str.contains("90").any()
