"""Every figure kept in docs/research/external_figures_verified.csv is in the extract, exactly as verified.

The verified file holds figures from UK publishers other than ONS (NAO, LGA, NHS Providers, royal
colleges, unions, DfE, Hansard ...), each checked against a stored copy of its page. These tests trace
each loaded figure back to its verified row (value, snippet, publisher, reporter, title, date, URL,
section), check that the few kept rows that are not loaded are the ones a float cannot hold (ranges and
figures given only in words), and pin the counts by sector, topic and kind.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import vocab
from dashboard.data.validate import is_web_address

ROOT = Path(__file__).resolve().parents[2]
VERIFIED_CSV = ROOT / "docs" / "research" / "external_figures_verified.csv"
ESTIMATES_CSV = ROOT / "data" / "source" / "published_estimates.csv"
SOURCES_CSV = ROOT / "data" / "source" / "sources.csv"

#: The ONS rows (and secondary analyses of ONS data) come first; everything after is external.
N_ONS_ROWS = 47

#: Kept rows not loaded, by (measure, sector, verified value), with the reason. `value` is a float:
#: a range is not one value, and a figure given only in words ("three in five") would have to be
#: turned into a number the publisher did not print.
SKIPPED = {
    ("legacy_it_share_of_systems_range", "health", "10-50"): "range, not one value",
    ("legacy_it_share_of_systems_range", "police", "10-70"): "range, not one value",
    ("services_without_digital_pathway", "all_public_sector", "approximately half"): "words only, no number",
    ("barrier_funding_share", "local_government", "three in five"): "words only, no number",
    ("genai_use_share", "local_government", "more than four in five"): "words only, no number",
    ("admin_time_share_distribution", "local_government", "three-quarters"): "words only, no number",
    ("ai_use_last_year_share", "health", "more than a quarter"): "words only, no number",
}

#: Verified qualifier wording (its first word) -> the contract's qualifier. "estimated" is the RCN's
#: "an estimated 2.5 million hours ... equates to an average of 17.3 per cent"; "respondents'" is the
#: Turing row's "respondents' estimate" (their own figure, stated without a hedge).
QUALIFIER_MAP = {
    "exact": "exact",
    "approximate": "approximate",
    "more_than": "more_than",
    "at_most": "up_to",
    "estimated": "exact",
    "respondents'": "exact",
}

#: Publishers (the part of `publisher` before any parenthesis) that must each have a figure.
NAMED_PUBLISHERS = {
    "National Audit Office",
    "Local Government Association",
    "County Councils Network",
    "NHS Providers",
    "The Health Foundation",
    "Royal College of Physicians",
    "Department for Education",
    "National Education Union",
    "Police Federation of England and Wales",
    "HMICFRS",
    "Home Office",
    "Cabinet Office",
}

EXPECTED_BY_SECTOR = {
    "health": 30,
    "central_government": 19,
    "education": 15,
    "local_government": 9,
    "police": 7,
    "all_public_sector": 3,
    "fire": 2,
}
EXPECTED_BY_TOPIC = {"ai_use": 38, "barriers": 18, "admin_burden": 17, "management_practice": 12}
EXPECTED_BY_KIND = {
    "sample_survey": 45,
    "member_survey": 16,
    "census_of_bodies": 10,
    "trial": 6,
    "parliamentary_answer": 3,
    "administrative_data": 2,
    "vendor_research": 2,
    "observational_study": 1,
}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _key(row) -> tuple[str, str, str]:
    return (row["measure"], row["sector"], row["value"])


def _publisher_name(publisher: str) -> str:
    return publisher.split(" (")[0]


def _number_in(value: str, text: str) -> bool:
    plain = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)", plain) is not None


@pytest.fixture(scope="module")
def kept() -> pd.DataFrame:
    verified = _read(VERIFIED_CSV)
    return verified[verified["decision"] == "kept"].reset_index(drop=True)


@pytest.fixture(scope="module")
def loaded_verified(kept) -> pd.DataFrame:
    return kept[~kept.apply(lambda r: _key(r) in SKIPPED, axis=1)].reset_index(drop=True)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return _read(SOURCES_CSV)


@pytest.fixture(scope="module")
def external(sources) -> pd.DataFrame:
    """External estimate rows joined to their source rows."""
    estimates = _read(ESTIMATES_CSV).iloc[N_ONS_ROWS:]
    joined = estimates.merge(sources, on="source_id", how="left", validate="many_to_one")
    assert len(joined) == len(estimates)
    return joined.reset_index(drop=True)


def _match(external: pd.DataFrame, verified_row) -> pd.DataFrame:
    return external[
        (external["measure"] == verified_row["measure"])
        & (external["sector"] == verified_row["sector"])
        & (external["value"] == verified_row["value"])
        & (external["url"] == verified_row["url"])
    ]


def test_the_verified_file_is_the_one_loaded(kept):
    assert len(kept) == 92
    assert not kept.duplicated(["measure", "sector", "value"]).any()


def test_the_skipped_rows_are_kept_rows_that_a_float_cannot_hold(kept):
    keys = {_key(r): r for _, r in kept.iterrows()}
    for key in SKIPPED:
        assert key in keys, f"{key} is not a kept row"
        value, snippet = key[2], keys[key]["snippet"]
        assert not re.fullmatch(r"\d+(\.\d+)?", value), key
        assert value in snippet, key  # skipped for its form, not because the page disagrees
    assert len(SKIPPED) == 7


def test_every_other_kept_row_is_loaded_exactly_once(loaded_verified, external):
    assert len(loaded_verified) == len(external) == 85
    for _, v in loaded_verified.iterrows():
        assert len(_match(external, v)) == 1, _key(v)


def test_no_skipped_row_is_loaded(kept, external):
    for key in SKIPPED:
        measure, sector, value = key
        rows = external[(external["measure"] == measure) & (external["sector"] == sector)]
        assert value not in set(rows["value"]), key
    # The legacy-IT ranges and the verbal-only rows have no estimate row at all.
    assert (
        not external["measure"]
        .isin({"legacy_it_share_of_systems_range", "services_without_digital_pathway", "admin_time_share_distribution"})
        .any()
    )
    assert not external["evidence"].str.contains("three in five councils").any()


def test_each_loaded_row_is_exactly_as_verified(loaded_verified, external):
    for _, v in loaded_verified.iterrows():
        row = _match(external, v).iloc[0]
        where = (row["estimate_id"], _key(v))
        assert row["evidence"] == v["snippet"], where  # character for character
        assert row["publisher"] == v["publisher"], where
        assert row["reporter"] == v["reporter"], where
        assert row["title"] == v["title"] or v["title"].startswith(row["title"].split(" (")[0]), where
        assert row["url"] == v["url"], where
        assert row["section"] == v["section"], where
        assert row["population"] == v["population"], where
        assert row["base"] == (v["base"] or "Base not stated in the stored text"), where
        assert row["unit_of_count"] == v["unit_of_count"], where
        assert row["kind"] == v["kind"], where
        expected_date = v["date"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v["date"]) else ""
        assert row["release_date"] == expected_date, where
        # The free text the contract's vocabularies cannot hold is kept in the notes.
        assert v["notes"].strip() in row["notes"], where
        assert f"Unit as verified: {v['unit']}." in row["notes"], where
        if v["qualifier"] != row["qualifier"]:
            assert f"Qualifier as verified: {v['qualifier']}." in row["notes"], where


def test_value_appears_in_its_own_evidence(external):
    for _, row in external.iterrows():
        assert re.fullmatch(r"\d+(\.\d+)?", row["value"]), row["estimate_id"]
        assert _number_in(row["value"], row["evidence"]), (row["estimate_id"], row["value"], row["evidence"])


def test_units_follow_the_verified_unit(loaded_verified, external):
    for _, v in loaded_verified.iterrows():
        row = _match(external, v).iloc[0]
        text = v["unit"]
        if text.startswith("%"):
            expected = "percent"
        elif text.startswith("minutes"):
            expected = "minutes"
        elif text.startswith("hours"):
            expected = "hours"
        else:
            expected = "count"
        assert row["unit"] == expected, (row["estimate_id"], text)
        if expected == "percent":
            assert 0 <= float(row["value"]) <= 100, row["estimate_id"]
    counts = external[external["unit"] == "count"].set_index("measure")["value"].to_dict()
    assert counts == {"survey_base": "89", "values_culture_graded_ri_or_inadequate": "17"}


def test_qualifiers_follow_the_verified_wording(loaded_verified, external):
    for _, v in loaded_verified.iterrows():
        row = _match(external, v).iloc[0]
        head = v["qualifier"].split(" ", 1)[0].split("(", 1)[0].rstrip(";")
        assert row["qualifier"] == QUALIFIER_MAP[head], (row["estimate_id"], v["qualifier"])
    by_id = external.set_index("measure")
    assert by_id.loc["genai_reduced_mundane_time_agree", "qualifier"] == "more_than"  # "Over 70%"
    assert by_id.loc["bureaucracy_hours_per_week", "qualifier"] == "up_to"  # "up to 10 hours"


def test_topics_follow_what_each_figure_measures(external):
    for _, row in external.iterrows():
        measure, topic = row["measure"], row["topic"]
        if measure.startswith("barrier_") or measure.endswith("_training_share"):
            assert topic == "barriers", row["estimate_id"]
        elif re.search(r"paperwork|bureaucracy|admin_time|working_hours|workload|long_hours", measure):
            assert topic == "admin_burden", row["estimate_id"]
        elif re.search(r"(^|_)(ai|genai|chatgpt|automation)(_|$)", measure) and not re.search(
            r"policy|approach", measure
        ):
            assert topic == "ai_use", row["estimate_id"]
    assert set(external.loc[external["sector"] == "fire", "topic"]) == {"management_practice"}


def test_counts_of_external_figures(external):
    assert len(external) >= 40
    publishers = {_publisher_name(p) for p in external["publisher"]}
    assert len(publishers) >= 8
    assert publishers >= NAMED_PUBLISHERS, NAMED_PUBLISHERS - publishers
    for sector in vocab.SECTORS:
        assert (external["sector"] == sector).sum() >= 1, sector
    assert dict(Counter(external["sector"])) == EXPECTED_BY_SECTOR
    assert dict(Counter(external["topic"])) == EXPECTED_BY_TOPIC
    assert dict(Counter(external["kind"])) == EXPECTED_BY_KIND


def test_one_source_row_per_publication(external, sources):
    ids = external.drop_duplicates("source_id")
    assert len(ids) == external["url"].nunique() == 52
    assert ids["url"].is_unique
    new_sources = sources[sources["source_id"].isin(set(external["source_id"]))]
    assert len(new_sources) == 52
    assert not new_sources["source_id"].isin({"ons_managers_views_2024", "ons_psmps_pilot_2023"}).any()


def test_external_source_rows(external, sources):
    rows = sources[sources["source_id"].isin(set(external["source_id"]))]
    for _, s in rows.iterrows():
        sid = s["source_id"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", sid), sid
        assert s["status"] == "published_research", sid
        assert s["title"].strip() and s["publisher"].strip(), sid
        assert is_web_address(s["url"]), sid
        assert s["licence"] == "Quoted for research reference; see the publisher's terms", sid
        assert s["caveat"].strip().endswith("."), sid
        assert not s["publisher"].startswith("Office for National Statistics"), sid
    reported = external.drop_duplicates("source_id")
    for _, row in reported.iterrows():
        said = f"Figures as reported by {row['reporter']}; the publisher's own page was not seen."
        assert (said in row["caveat"]) == bool(row["reporter"]), row["source_id"]
    vendors = reported[reported["kind"] == "vendor_research"]
    assert len(vendors) == 2
    assert vendors["caveat"].str.startswith("VENDOR RESEARCH").all()
    assert vocab.SOURCE_STATUSES["published_research"] == "Published research (not ONS statistics)"


def test_external_figures_in_the_shipped_extract(shipped_extract, external):
    """The shipped Parquet holds the same figures, as floats equal to the verified text."""
    table = shipped_extract.published_estimates.set_index("estimate_id")
    for _, row in external.iterrows():
        shipped = table.loc[row["estimate_id"]]
        assert shipped["value"] == float(row["value"]), row["estimate_id"]
        assert shipped["evidence"] == row["evidence"], row["estimate_id"]
        assert shipped["kind"] == row["kind"] and shipped["topic"] == row["topic"], row["estimate_id"]
        reporter = "" if pd.isna(shipped["reporter"]) else shipped["reporter"]
        assert reporter == row["reporter"], row["estimate_id"]
    statuses = shipped_extract.sources.set_index("source_id")["status"]
    assert set(statuses[external["source_id"].unique()]) == {"published_research"}
