"""The loader gives typed, read-only tables and knows which are synthetic."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from dashboard.data import vocab
from dashboard.data.load import _categorical, content_release, load_extract
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


def test_an_extract_without_survey_rows_answers_everything_but_the_records(built_dir):
    extract = load_extract(built_dir)
    slim = extract.without_survey_rows()
    assert slim.summary() == extract.summary()
    assert slim.release == extract.release and slim.is_synthetic("org_survey")
    assert slim.source_of("time_use_survey") == extract.source_of("time_use_survey")
    assert slim.quotes.equals(extract.quotes)
    with pytest.raises(LookupError, match="the records of org_survey are not held"):
        _ = slim.org_survey
    assert len(extract.org_survey) == 600, "the extract it came from still has them"


def test_categories_coded_in_arrow_are_the_ones_pandas_gives():
    values = pd.Series(["London", "Wales", None, "London"], dtype="str")
    assert isinstance(values.array, pd.arrays.ArrowStringArray)
    got = _categorical(values, vocab.REGIONS)
    expected = pd.Categorical(values, categories=list(vocab.REGIONS), ordered=True)
    assert got.dtype == expected.dtype
    assert list(got.codes) == list(expected.codes) == [6, 9, -1, 6]


def test_the_release_hash_reads_files_in_chunks_and_changes_with_any_byte(built_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built_dir, copy, ignore=shutil.ignore_patterns("source"))
    before = content_release(copy)
    assert before == load_extract(built_dir).release
    path = copy / "time_use_survey.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    assert content_release(copy) != before
