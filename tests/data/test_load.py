"""The loader gives typed, read-only tables and knows which are synthetic."""

from __future__ import annotations

import pandas as pd

from dashboard.data.load import load_extract
from dashboard.settings import Settings


def test_tables_are_typed(built_dir):
    extract = load_extract(built_dir)
    org = extract.org_survey
    assert isinstance(org["sector"].dtype, pd.CategoricalDtype)
    assert list(org["sector"].cat.categories)[-1] == "police_and_fire"
    assert org["design_weight"].dtype == "float64"
    assert org["ai_use"].dtype == bool
    assert isinstance(extract.quotes["codes"].iloc[0], tuple)
    assert str(extract.sources["release_date"].dtype).startswith("object") or "date" in str(
        extract.sources["release_date"].dtype
    )


def test_tables_are_read_only_for_callers(built_dir):
    extract = load_extract(built_dir)
    quotes = extract.quotes
    original = quotes.loc[0, "text"]
    quotes.loc[0, "text"] = "changed by a caller"
    assert extract.quotes.loc[0, "text"] == original


def test_synthetic_marking_and_source(built_dir):
    extract = load_extract(built_dir)
    assert extract.is_synthetic("org_survey") and extract.is_synthetic("time_use_survey")
    source = extract.source_of("org_survey")
    assert source["source_id"] == "synthetic_org_survey"
    assert source["status"] == "synthetic"
    assert "SYNTHETIC" in source["caveat"]
    assert extract.summary()["synthetic"] == ["org_survey", "time_use_survey"]


def test_directory_from_environment(built_dir):
    settings = Settings.from_env({"DASHBOARD_DATA_DIR": str(built_dir)})
    assert load_extract(settings.data_dir).directory == built_dir.resolve()
