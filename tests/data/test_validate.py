"""Each kind of bad extract is refused, naming file, column, row and problem."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.data import contract
from dashboard.data.load import load_extract
from dashboard.data.validate import ExtractError, validate_directory
from tests.extract_edits import rewrite


def problems_of(directory: Path) -> list[str]:
    validated, problems = validate_directory(directory)
    assert validated is None, "a bad extract must not validate"
    with pytest.raises(ExtractError):
        load_extract(directory)
    return [str(p) for p in problems]


def test_built_extract_is_valid(built_dir):
    validated, problems = validate_directory(built_dir)
    assert problems == []
    assert set(validated.frames) == {t.name for t in contract.TABLES}


def test_missing_column(extract_copy):
    rewrite(extract_copy, "quotes", lambda df: df.drop(columns=["attribution"]))
    assert "quotes.parquet, column 'attribution': required column is missing" in problems_of(extract_copy)


def test_extra_column(extract_copy):
    rewrite(extract_copy, "sources", lambda df: df.assign(secret="x"))
    assert "sources.parquet, column 'secret': unexpected extra column" in problems_of(extract_copy)


def test_wrong_type(extract_copy):
    rewrite(extract_copy, "org_survey", lambda df: df.assign(ai_use=df["ai_use"].map({True: "yes", False: "no"})))
    found = problems_of(extract_copy)
    assert any(p.startswith("org_survey.parquet, column 'ai_use': wrong type: expected bool") for p in found), found


def test_unknown_sector(extract_copy):
    def change(df):
        df.loc[3, "sector"] = "defence"
        return df

    rewrite(extract_copy, "time_use_survey", change)
    found = problems_of(extract_copy)
    assert any(
        p.startswith("time_use_survey.parquet, column 'sector', row 4: unknown value 'defence'") for p in found
    ), found


def test_unknown_code_in_findings_and_quotes(extract_copy):
    def finding(df):
        df.loc[0, "code"] = "barrier_made_up"
        return df

    def quote(df):
        df.at[1, "codes"] = ["barrier_cost", "not_a_code"]
        return df

    rewrite(extract_copy, "findings", finding)
    rewrite(extract_copy, "quotes", quote)
    found = problems_of(extract_copy)
    assert "findings.parquet, column 'code', row 1: 'barrier_made_up' matches no row of codebook.code" in found
    assert "quotes.parquet, column 'codes', row 2: 'not_a_code' matches no row of codebook.code" in found


def test_duplicate_id(extract_copy):
    rewrite(extract_copy, "quotes", lambda df: pd.concat([df, df.iloc[[0]]], ignore_index=True))
    found = problems_of(extract_copy)
    assert any("quotes.parquet, column 'quote_id', row" in p and "duplicate key ['Q01']" in p for p in found), found


def test_quote_pointing_at_no_source(extract_copy):
    def change(df):
        df.loc[5, "source_id"] = "nowhere"
        return df

    rewrite(extract_copy, "quotes", change)
    assert "quotes.parquet, column 'source_id', row 6: 'nowhere' matches no row of sources.source_id" in problems_of(
        extract_copy
    )


@pytest.mark.parametrize("bad", [0.0, -2.5])
def test_weight_not_positive(extract_copy, bad):
    def change(df):
        df.loc[9, "design_weight"] = bad
        return df

    rewrite(extract_copy, "org_survey", change)
    assert "org_survey.parquet, column 'design_weight', row 10: value must be greater than 0" in problems_of(
        extract_copy
    )


def test_share_outside_unit_interval(extract_copy):
    def change(df):
        df.loc[0, "share_admin_records"] = 1.4
        return df

    rewrite(extract_copy, "time_use_survey", change)
    found = problems_of(extract_copy)
    assert "time_use_survey.parquet, column 'share_admin_records', row 1: value must be at most 1" in found
    assert any(p.startswith("time_use_survey.parquet, column 'share_*', row 1: activity shares sum to") for p in found)


def test_empty_file(extract_copy):
    (extract_copy / "codebook.parquet").write_bytes(b"")
    assert "codebook.parquet: file is empty (0 bytes)" in problems_of(extract_copy)


def test_corrupt_file(extract_copy):
    path = extract_copy / "findings.parquet"
    path.write_bytes(path.read_bytes()[:200])
    found = problems_of(extract_copy)
    assert any(p.startswith("findings.parquet: file is not readable Parquet") for p in found), found


def test_missing_file(extract_copy):
    (extract_copy / "participants.parquet").unlink()
    assert "participants.parquet: file is missing" in problems_of(extract_copy)


def test_empty_required_text(extract_copy):
    def change(df):
        df.loc[2, "text"] = "   "
        return df

    rewrite(extract_copy, "quotes", change)
    assert "quotes.parquet, column 'text', row 3: value is empty" in problems_of(extract_copy)


def test_survey_must_be_marked_synthetic_in_both_places(extract_copy):
    path = extract_copy / "org_survey.parquet"
    arrow = pq.read_table(path)
    meta = dict(arrow.schema.metadata)
    meta[contract.META_SYNTHETIC] = b"false"
    pq.write_table(arrow.replace_schema_metadata(meta), path)
    found = problems_of(extract_copy)
    assert any(
        "org_survey.parquet: metadata says synthetic=false but source 'synthetic_org_survey'" in p for p in found
    )


def test_missing_directory(tmp_path):
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: extract directory does not exist"]


def test_error_lists_every_problem_and_loads_nothing(extract_copy):
    (extract_copy / "codebook.parquet").write_bytes(b"")
    (extract_copy / "participants.parquet").unlink()
    with pytest.raises(ExtractError) as err:
        load_extract(extract_copy)
    message = str(err.value)
    assert "codebook.parquet: file is empty" in message and "participants.parquet: file is missing" in message
    assert len(err.value.problems) >= 2
