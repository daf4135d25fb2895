"""Pin every published figure in data/source/published_estimates.csv.

Each row is a figure copied exactly from a stored copy of its source page. These
tests pin the rows so that any change to a value, sector or source is deliberate,
and check that every value can be found in its own verbatim evidence snippet.
E001 to E047 are ONS figures and secondary analyses of ONS data; E048 on are the
figures from other UK publishers in docs/research/external_figures_verified.csv
(traced back to that file row by row in test_external_figures.py).
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
    "reporter",
    "measure",
    "measure_label",
    "topic",
    "sector",
    "population",
    "value",
    "unit",
    "unit_of_count",
    "qualifier",
    "base",
    "section",
    "kind",
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
TOPICS = {"admin_burden", "ai_use", "barriers", "management_practice"}
UNITS_OF_COUNT = {"organisations", "staff", "share_of_time", "hours", "other"}
KINDS = {
    "official_statistics",
    "sample_survey",
    "member_survey",
    "census_of_bodies",
    "trial",
    "administrative_data",
    "parliamentary_answer",
    "modelled_estimate",
    "observational_study",
    "vendor_research",
    "qualitative_research",
}
STATUSES = {
    "official_statistics_in_development",
    "qualitative_research",
    "secondary_analysis",
    "survey_information",
    "synthetic",
    "published_research",
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

#: estimate_id -> (source_id, measure, sector, value exactly as in the CSV): the ONS rows.
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

#: The same for the figures from other UK publishers, grouped by source (publisher, and reporter
#: where the figure was read on someone else's page).
EXTERNAL_EXPECTED: dict[str, tuple[str, str, str, str]] = {
    # National Audit Office
    "E048": ("nao_ai_in_government_2024", "ai_deployed_share", "central_government", "37"),
    "E049": ("nao_ai_in_government_2024", "ai_piloting_or_planning_share", "central_government", "70"),
    # National Audit Office, reported by Government Transformation Magazine
    "E050": ("govtransformation_nao_ai_2024", "survey_base", "central_government", "89"),
    # National Audit Office, reported by THINK Digital Partners
    "E051": ("thinkdigital_nao_ai_strategy_2024", "ai_strategy_in_place_share", "central_government", "21"),
    # National Audit Office, reported by Local Government Lawyer
    "E052": ("lgl_nao_ai_barriers_2024", "barrier_ai_skills_share", "central_government", "70"),
    "E053": ("lgl_nao_ai_barriers_2024", "barrier_funding_share", "central_government", "70"),
    "E054": ("lgl_nao_ai_barriers_2024", "barrier_legal_risk_share", "central_government", "67"),
    "E055": ("lgl_nao_ai_barriers_2024", "barrier_security_privacy_share", "central_government", "56"),
    "E056": ("lgl_nao_ai_barriers_2024", "barrier_inaccurate_outputs_share", "central_government", "57"),
    # Department for Science, Innovation and Technology, reported by DatacenterDynamics
    "E057": ("dcd_dsit_legacy_it_2025", "legacy_it_share_of_systems", "central_government", "26"),
    "E058": ("dcd_dsit_legacy_it_2025", "legacy_it_share_of_systems", "central_government", "28"),
    # Department for Science, Innovation and Technology, reported by Parallel Parliament
    "E059": ("dsit_copilot_statement_2025", "genai_time_saved", "central_government", "26"),
    "E060": ("dsit_copilot_statement_2025", "genai_adoption_share", "central_government", "83"),
    # Government Digital Service / DSIT, reported by PublicTechnology.net
    "E061": ("publictechnology_copilot_trial_2025", "genai_daily_use_share", "central_government", "39"),
    # Government Digital Service / DSIT, reported by Government Transformation Magazine
    "E062": ("govtransformation_copilot_trial_2025", "genai_saved_time_mundane_agree", "central_government", "72"),
    # Cabinet Office, reported by Civil Service World
    "E063": ("csw_people_survey_2024", "self_rated_productivity_90_100", "central_government", "65"),
    "E064": ("csw_people_survey_2024", "efficiency_pursued_priority_agree", "central_government", "52"),
    # Local Government Association, reported by The MJ
    "E065": ("mj_lga_ai_survey_2025", "not_using_ai_share", "local_government", "11"),
    "E066": ("mj_lga_ai_survey_2025", "not_using_ai_share", "local_government", "19"),
    # Local Government Association
    "E067": ("lga_ai_action_plan_response", "ai_using_or_exploring_share", "local_government", "91"),
    # County Councils Network
    "E068": ("ccn_county_spotlight_ai_2025", "ai_using_share", "local_government", "85"),
    "E069": ("ccn_county_spotlight_ai_2025", "ai_use_in_administration_share", "local_government", "77"),
    "E070": ("ccn_county_spotlight_ai_2025", "barrier_staff_capacity_share", "local_government", "93"),
    "E071": ("ccn_county_spotlight_ai_2025", "barrier_skills_training_share", "local_government", "71"),
    # County Councils Network, reported by UKAuthority
    "E072": ("ukauthority_ccn_ai_barriers_2025", "barrier_funding_share", "local_government", "71"),
    # Local Government Association
    "E073": ("lga_data_capability_survey_2024", "no_data_strategy_share", "local_government", "53"),
    # The Health Foundation, reported by sipoch.com
    "E074": ("sipoch_health_foundation_ai_2024", "support_ai_patient_care_share", "health", "76"),
    # The Health Foundation, reported by Digital Health
    "E075": ("digitalhealth_health_foundation_ai_2024", "support_ai_admin_share", "health", "81"),
    "E076": ("digitalhealth_health_foundation_ai_2024", "ai_worsens_care_share", "health", "11"),
    # The Health Foundation, reported by Public Finance
    "E077": ("publicfinance_health_foundation_ai_2024", "looking_forward_to_ai_share", "health", "57"),
    "E078": ("publicfinance_health_foundation_ai_2024", "ai_main_advantage_admin_share", "health", "32"),
    # The Health Foundation, reported by Social Care Today
    "E079": ("socialcaretoday_health_foundation_tech", "support_ai_patient_care_share", "health", "80"),
    # The Health Foundation
    "E080": ("health_foundation_automation_ai_2021", "want_more_automation_ai_share", "health", "44"),
    # BMJ Health & Care Informatics, reported by DOAJ catalogue record
    "E081": ("blease_gp_genai_survey_2024", "genai_use_clinical_practice_share", "health", "20"),
    # Blease et al., reported by BIDMC research portal
    "E082": ("blease_gp_genai_survey_2025", "genai_use_clinical_practice_share", "health", "25"),
    "E083": ("blease_gp_genai_survey_2025", "genai_reduced_burden_share", "health", "71"),
    "E084": ("blease_gp_genai_survey_2025", "no_genai_training_share", "health", "95"),
    # Nuffield Trust and Royal College of General Practitioners
    "E085": ("nuffield_rcgp_gps_ai_2025", "ai_tools_in_clinical_practice_share", "health", "28"),
    # Royal College of Physicians
    "E086": ("rcp_physicians_ai_snapshot_2025", "ai_daily_clinical_use_share", "health", "16"),
    "E087": ("rcp_physicians_ai_snapshot_2025", "ai_never_clinical_use_share", "health", "30"),
    "E088": ("rcp_physicians_ai_snapshot_2025", "not_using_ai_nonclinical_share", "health", "64"),
    # Royal College of Physicians
    "E089": ("rcp_nhs_unprepared_for_ai_2026", "barrier_ehr_integration_share", "health", "70"),
    "E090": ("rcp_nhs_unprepared_for_ai_2026", "barrier_digital_infrastructure_share", "health", "68"),
    "E091": ("rcp_nhs_unprepared_for_ai_2026", "barrier_regulation_share", "health", "36"),
    "E092": ("rcp_nhs_unprepared_for_ai_2026", "no_access_ai_training_share", "health", "66"),
    # NHS Providers
    "E093": ("nhs_providers_digital_barriers_2024", "barrier_funding_share", "health", "73"),
    "E094": ("nhs_providers_digital_barriers_2024", "barrier_operational_pressures_share", "health", "50"),
    "E095": ("nhs_providers_digital_barriers_2024", "barrier_infrastructure_share", "health", "35"),
    # NHS Providers
    "E096": ("nhs_providers_digital_survey_2024", "confident_min_digital_standards_share", "health", "54"),
    # NHS England, reported by Health Tech Digital
    "E097": ("nhs_staff_survey_2024", "enough_staff_share", "health", "34.0"),
    # Department of Health, reported by George Freeman MP website
    "E098": ("doh_written_answer_228679", "admin_time_share", "health", "10.9"),
    # Royal College of Nursing
    "E099": ("rcn_paperwork_survey_2013", "nonessential_paperwork_time_share", "health", "17.3"),
    # NHS Confederation, reported by Southwark Carers
    "E100": ("nhs_confed_bureaucracy_review_2013", "bureaucracy_hours_per_week", "health", "10"),
    # Department for Education, reported by Schooligio
    "E101": ("dfe_technology_in_schools_2025", "genai_use_share", "education", "44"),
    "E102": ("dfe_technology_in_schools_2025", "tech_reduced_workload_share", "education", "61"),
    "E103": ("dfe_technology_in_schools_2025", "tech_reduced_workload_share", "education", "43"),
    # Department for Education, reported by Verian
    "E104": ("dfe_omnibus_genai_leaders_2024", "genai_use_share", "education", "23"),
    # Teacher Tapp, reported by Top Globe News
    "E105": ("teacher_tapp_ai_school_work", "ai_use_school_work_share", "education", "34"),
    # Teacher Tapp, reported by Chartered College of Teaching, Impact journal
    "E106": ("teacher_tapp_ai_use_2024", "ai_use_school_work_share", "education", "57"),
    # National Education Union
    "E107": ("neu_state_of_education_ai_2026", "ai_use_day_to_day_share", "education", "76"),
    "E108": ("neu_state_of_education_ai_2026", "ai_use_admin_tasks_share", "education", "38"),
    "E109": ("neu_state_of_education_ai_2026", "no_ai_policy_share", "education", "49"),
    # BCS, The Chartered Institute for IT
    "E110": ("bcs_teachers_ai_2024", "not_using_chatgpt_share", "education", "64"),
    "E111": ("bcs_teachers_ai_2024", "no_agreed_ai_approach_share", "education", "41"),
    # Department for Education, reported by Headteacher Update
    "E112": ("dfe_working_lives_wave2_2023", "working_hours_per_week", "education", "52.4"),
    "E113": ("dfe_working_lives_wave2_2023", "working_hours_per_week", "education", "58.2"),
    "E114": ("dfe_working_lives_wave2_2023", "too_much_time_general_admin_share", "education", "75"),
    # Education Endowment Foundation, reported by The Hg Foundation
    "E115": ("eef_chatgpt_lesson_planning_trial", "genai_planning_time_reduction", "education", "31"),
    # Police Federation of England and Wales
    "E116": ("polfed_pay_morale_2023", "not_enough_officers_share", "police", "86"),
    "E117": ("polfed_pay_morale_2023", "workload_too_high_share", "police", "64"),
    # Police Federation of England and Wales, reported by Smart Thinking
    "E118": ("polfed_pay_morale_2023_smf", "pressured_long_hours_share", "police", "33"),
    # Police Federation of England and Wales, reported by HuffPost UK
    "E119": ("polfed_pay_morale_2017", "workload_too_high_share", "police", "62"),
    # Home Office, reported by The Daily Telegraph
    "E120": ("home_office_police_activity_2007", "paperwork_time_share", "police", "19.7"),
    # Home Office, reported by Evening Standard
    "E121": ("home_office_patrol_paperwork_2007", "paperwork_time_share", "police", "17.1"),
    # Content Guru, reported by Contact-Centres.com
    "E122": ("content_guru_police_ai_foi", "genai_trialling_or_implementing_share", "police", "59.5"),
    # The Alan Turing Institute
    "E123": ("turing_genai_public_sector_2024", "genai_active_use_share", "all_public_sector", "22"),
    "E124": ("turing_genai_public_sector_2024", "bureaucracy_time_share", "health", "50"),
    "E125": ("turing_genai_public_sector_2024", "clear_guidance_share", "all_public_sector", "32"),
    # Microsoft
    "E126": ("microsoft_public_sector_ai_2024", "drowning_in_admin_share", "all_public_sector", "45"),
    # Government Digital Service / DSIT
    "E127": ("gds_copilot_findings_2025", "genai_reduced_mundane_time_agree", "central_government", "70"),
    # Cabinet Office, reported by Civil Service World
    "E128": ("csw_people_survey_change", "change_managed_well_agree", "central_government", "33"),
    # Department of Health
    "E129": ("doh_written_answer_31774_2016", "admin_time_share", "health", "8.4"),
    # QJM, reported by booksci.cn
    "E130": ("tact_resident_doctors_study", "non_patient_facing_time_share", "health", "73.0"),
    # HMICFRS, reported by Daily Mail
    "E131": ("hmicfrs_state_of_fire_2019", "staff_bullied_or_harassed_share", "fire", "24"),
    # HMICFRS, reported by FIRE Magazine
    "E132": ("hmicfrs_fire_values_culture_2023", "values_culture_graded_ri_or_inadequate", "fire", "17"),
}
ALL_EXPECTED = EXPECTED | EXTERNAL_EXPECTED

#: topic, unit_of_count, kind of the ONS rows (by estimate_id range, as set when the columns were added).
ONS_TOPICS = {
    **dict.fromkeys([f"E{i:03d}" for i in (*range(1, 7), *range(9, 18), 19)], "management_practice"),
    **dict.fromkeys(["E007", "E008"], "barriers"),
    **dict.fromkeys([f"E{i:03d}" for i in (18, *range(20, 31), 44, 46)], "admin_burden"),
    **dict.fromkeys([f"E{i:03d}" for i in (31, *range(32, 44), 45, 47)], "ai_use"),
}
ONS_KINDS = {
    **dict.fromkeys([f"E{i:03d}" for i in (*range(1, 14), *range(17, 30))], "official_statistics"),
    **dict.fromkeys(["E014", "E015", "E016", "E030"], "sample_survey"),
    "E031": "qualitative_research",
    **dict.fromkeys([f"E{i:03d}" for i in range(32, 48)], "modelled_estimate"),
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
def ons_estimates(estimates) -> pd.DataFrame:
    """The ONS rows (and secondary analyses of ONS data): E001 to E047."""
    return estimates[estimates["estimate_id"].isin(EXPECTED)]


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
    assert list(estimates["estimate_id"]) == list(ALL_EXPECTED), "rows added, removed or reordered"
    assert len(EXPECTED) == 47 and len(EXTERNAL_EXPECTED) == 85


@pytest.mark.parametrize("estimate_id", list(ALL_EXPECTED))
def test_row_matches_pin(estimates, estimate_id):
    row = estimates.set_index("estimate_id").loc[estimate_id]
    assert (row["source_id"], row["measure"], row["sector"], row["value"]) == ALL_EXPECTED[estimate_id]


def test_ons_rows_topic_and_kind(ons_estimates):
    assert set(ONS_TOPICS) == set(ONS_KINDS) == set(EXPECTED)
    for _, row in ons_estimates.iterrows():
        assert row["topic"] == ONS_TOPICS[row["estimate_id"]], row["estimate_id"]
        assert row["kind"] == ONS_KINDS[row["estimate_id"]], row["estimate_id"]


def test_ons_rows_reporter_only_where_read_on_another_page(ons_estimates):
    reported = ons_estimates[ons_estimates["reporter"] != ""]
    assert set(reported["source_id"]) == {
        "ukds_psmps_2023_sn9492",
        "turing_mapping_potential_2025",
        "csw_turing_genai_2025",
        "babl_turing_genai_2025",
        "times_turing_genai_2025",
    }
    ons_own = ons_estimates[ons_estimates["source_id"].str.startswith("ons_")]
    assert (ons_own["reporter"] == "").all()
    assert (ons_own["kind"].isin({"official_statistics", "sample_survey"})).all()


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
        assert re.match(r"https?://", row["url"]), row["source_id"]
        if row["publisher"].startswith("Office for National Statistics"):
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
    assert set(estimates["topic"]) == TOPICS
    assert set(estimates["unit_of_count"]) == UNITS_OF_COUNT
    assert set(estimates["kind"]) <= KINDS
    for column in ("measure", "measure_label", "topic", "population", "base", "section", "kind", "evidence"):
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


@pytest.mark.parametrize("estimate_id", list(ALL_EXPECTED))
def test_value_appears_in_evidence(estimates, estimate_id):
    row = estimates.set_index("estimate_id").loc[estimate_id]
    if _number_in(row["value"], row["evidence"]):
        return
    word = NUMBER_WORDS.get(estimate_id)
    assert word is not None, f"{estimate_id}: value {row['value']} not found in evidence {row['evidence']!r}"
    assert re.search(rf"\b{word}\b", row["evidence"], flags=re.IGNORECASE), estimate_id


def test_evidence_is_short(ons_estimates):
    # The ONS snippets were cut short; the external ones are the verified snippets, character for
    # character, so their length is whatever was verified (test_external_figures.py).
    for _, row in ons_estimates.iterrows():
        assert len(row["evidence"].split()) < 30, row["estimate_id"]


def test_psmps_police_and_fire_never_split(estimates, ons_estimates):
    psmps = estimates[estimates["source_id"].isin(PSMPS_SOURCES)]
    assert not psmps["sector"].isin({"police", "fire"}).any()
    # ONS publishes police and fire as one group; only other publishers' figures are about one of them.
    assert not ons_estimates["sector"].isin({"police", "fire"}).any()
    police_fire = estimates[estimates["sector"] == "police_and_fire"]
    assert list(police_fire["value"]) == ["0.69"]
    assert police_fire["population"].iloc[0] == "Police and fire service organisations"


def test_superseded_21_interviews_absent(estimates, ons_estimates):
    interviews = estimates[estimates["measure"].str.contains("interview")]
    assert list(interviews["value"]) == ["20"]
    assert not (ons_estimates["value"] == "21").any()
    assert not estimates["evidence"].str.contains(r"\b21 interviews\b").any()


def test_non_sector_specific_is_not_called_admin(estimates):
    rows = estimates[estimates["measure"] == "pct_time_non_sector_specific"]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert "admin" not in row["measure_label"].lower()
    assert "NOT administrative time" in row["notes"]


def test_verbal_only_figures_absent(estimates, ons_estimates):
    assert not estimates["evidence"].str.contains("almost half").any()
    assert not ons_estimates["measure"].str.contains("90").any()
