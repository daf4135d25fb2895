"""Each kind of bad extract is refused, naming file, column, row and problem."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.data import __main__ as data_cli
from dashboard.data import contract
from dashboard.data.load import load_extract
from dashboard.data.validate import QUOTE_GROUP_MINIMUM, ExtractError, check_quote_groups, validate_directory
from dashboard.settings import Settings
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


# --------------------------------------------------------------------------- weights and web addresses


def _set(row: int, column: str, value):
    def change(df):
        df[column] = df[column].astype(object) if isinstance(value, str) else df[column]
        df.loc[row, column] = value
        return df

    return change


@pytest.mark.parametrize(("table", "column"), [("org_survey", "design_weight"), ("time_use_survey", "weight")])
@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_an_infinite_weight_is_refused(extract_copy, table, column, bad):
    rewrite(extract_copy, table, _set(4, column, bad))
    assert f"{table}.parquet, column '{column}', row 5: weight must be a finite number" in problems_of(extract_copy)


def test_a_missing_weight_is_refused(extract_copy):
    rewrite(extract_copy, "time_use_survey", _set(2, "weight", float("nan")))
    assert "time_use_survey.parquet, column 'weight', row 3: value is empty" in problems_of(extract_copy)


@pytest.mark.parametrize("bad", [1e300, 2e6])
def test_a_weight_above_a_million_is_refused(extract_copy, bad):
    rewrite(extract_copy, "org_survey", _set(7, "design_weight", bad))
    found = problems_of(extract_copy)
    assert "org_survey.parquet, column 'design_weight', row 8: weight is absurd: above 1,000,000" in found
    assert not any("times the median" in p for p in found), "one reason per weight"


def test_a_weight_a_thousand_times_the_median_is_refused(extract_copy):
    frame = pq.read_table(extract_copy / "time_use_survey.parquet").to_pandas()
    median = frame["weight"].median()
    rewrite(extract_copy, "time_use_survey", _set(11, "weight", median * 1500))
    found = problems_of(extract_copy)
    assert any(
        p.startswith(
            "time_use_survey.parquet, column 'weight', row 12: weight is absurd: more than 1000 times the median"
        )
        for p in found
    ), found


def test_unequal_but_plausible_weights_are_accepted(extract_copy):
    def change(df):
        df.loc[:20, "design_weight"] = df["design_weight"].median() * 50  # untrimmed, but not absurd
        return df

    rewrite(extract_copy, "org_survey", change)
    assert validate_directory(extract_copy)[1] == []


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://ftp.example.org/file",
        "/economy/bulletins/release",
        "www.ons.gov.uk/economy",
        "//evil.example/page",
        "https://",
        "https:///path-without-host",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "https://www.ons.gov.uk/a page",
        "https://www.ons.gov.uk/\u200bpage",
        "http://[::1",
    ],
)
def test_a_source_url_that_is_not_an_absolute_http_address_is_refused(extract_copy, bad):
    rewrite(extract_copy, "sources", _set(2, "url", bad))
    found = problems_of(extract_copy)
    assert any(p.startswith("sources.parquet, column 'url', row 3: not an absolute http(s) address") for p in found), (
        found
    )


@pytest.mark.parametrize(
    "good", ["https://www.ons.gov.uk/economy", "HTTP://EXAMPLE.ORG/Path?q=1#frag", "https://[2001:db8::1]:8443/x"]
)
def test_absolute_http_addresses_are_accepted(extract_copy, good):
    rewrite(extract_copy, "sources", _set(2, "url", good))
    assert validate_directory(extract_copy)[1] == []


def test_the_command_line_reports_weight_and_address_problems(extract_copy, capsys):
    rewrite(extract_copy, "org_survey", _set(0, "design_weight", float("inf")))
    rewrite(extract_copy, "sources", _set(1, "url", "javascript:alert(1)"))
    assert data_cli.main(["validate", str(extract_copy)]) == 1
    err = capsys.readouterr().err
    assert f"REFUSED {extract_copy}" in err
    assert "org_survey.parquet, column 'design_weight', row 1: weight must be a finite number" in err
    assert "sources.parquet, column 'url', row 2: not an absolute http(s) address: 'javascript:alert(1)'" in err


# -- quotes from groups smaller than the minimum ---------------------------------------------------------

QUOTE_GROUP = "quotes.parquet, column 'sector, method, participant_group'"


def _one_row(row: int, **values):
    """A change for `rewrite` that sets some columns of one 0-based row (of quotes or participants)."""

    def change(df):
        for column, value in values.items():
            df.loc[row, column] = value
        return df

    return change


def test_the_quote_group_minimum_is_the_settings_default():
    assert QUOTE_GROUP_MINIMUM == Settings().min_participants == 3


def test_quote_from_a_group_below_the_minimum_is_refused(extract_copy):
    # Q02 is a central government interview; local government interviews are one person.
    rewrite(extract_copy, "quotes", _one_row(1, sector="local_government"))
    assert problems_of(extract_copy) == [
        f"{QUOTE_GROUP}, row 2: quote from sector 'local_government', method 'interview', participant group "
        "'current_manager', a group of 1 participant in participants.parquet; quotes must come from groups of "
        "at least 3 (DASHBOARD_MIN_PARTICIPANTS' default), or they single people out"
    ]


def test_quote_from_a_group_the_sample_does_not_have_is_refused(extract_copy):
    # Q10 is a fire focus group quote; the sample has no fire interviews.
    rewrite(extract_copy, "quotes", _one_row(9, method="interview"))
    assert problems_of(extract_copy) == [
        f"{QUOTE_GROUP}, row 10: quote from sector 'fire', method 'interview', participant group "
        "'current_manager', which matches no row of participants.parquet"
    ]


def test_shrinking_a_group_refuses_each_of_its_quotes(extract_copy):
    # Health interviews (5 people) become 2: quotes Q04 and Q15 come from them.
    rewrite(extract_copy, "participants", _one_row(2, participants=2))
    found = problems_of(extract_copy)
    assert [p.split(":")[0] for p in found] == [f"{QUOTE_GROUP}, row 4", f"{QUOTE_GROUP}, row 15"]
    assert "a group of 2 participants" in found[0]


def test_many_quotes_from_one_small_group_are_all_counted(extract_copy):
    current = pd.read_parquet(extract_copy / "quotes.parquet")["participant_group"] == "current_manager"
    rewrite(extract_copy, "quotes", lambda df: df.assign(sector=df["sector"].where(~current, "local_government")))
    rewrite(extract_copy, "quotes", lambda df: df.assign(method=df["method"].where(~current, "interview")))
    found = problems_of(extract_copy)
    assert len(found) == 6 and all(p.startswith(QUOTE_GROUP) for p in found)
    assert found[-1].endswith(f"(and {int(current.sum()) - 5} more rows)")


def test_a_group_split_over_sample_rows_is_added_up(extract_copy):
    # A second local government interview row of 2 people makes that group 3: its quote is accepted.
    def second_row(df):
        extra = df[df["sample_id"] == "lg_interview"].assign(sample_id="lg_interview_2", participants=2)
        return pd.concat([df, extra], ignore_index=True)

    rewrite(extract_copy, "participants", second_row)
    rewrite(extract_copy, "quotes", _one_row(1, sector="local_government"))
    validated, problems = validate_directory(extract_copy)
    assert problems == [] and validated is not None


def test_former_civil_servants_match_with_no_sector_however_it_is_spelt():
    participants = pd.DataFrame(
        {"sector": [None], "method": ["interview"], "participant_group": ["former_civil_servant"], "participants": [5]}
    )
    quotes = pd.DataFrame(
        {"sector": [None, "", " "], "method": ["interview"] * 3, "participant_group": ["former_civil_servant"] * 3}
    )
    assert check_quote_groups(participants, quotes) == []
    assert [str(p) for p in check_quote_groups(participants, quotes, minimum=6)] == [
        f"{QUOTE_GROUP}, row {r}: quote from sector '(none)', method 'interview', participant group "
        "'former_civil_servant', a group of 5 participants in participants.parquet; quotes must come from groups "
        "of at least 6 (DASHBOARD_MIN_PARTICIPANTS' default), or they single people out"
        for r in (1, 2, 3)
    ]


# -- findings: one statement per finding; a finding naming no sector is never copied into sectors ---------


def test_a_finding_about_no_sector_copied_into_a_sector_is_refused(extract_copy):
    def copy_into_health(df):
        general = df.index[df["sector"] == "all_sectors"][0]
        return pd.concat([df, df.loc[[general]].assign(sector="health")], ignore_index=True)

    rewrite(extract_copy, "findings", copy_into_health)
    found = problems_of(extract_copy)
    assert any(
        p.startswith("findings.parquet, column 'sector', row")
        and p.endswith("a finding with an all_sectors row may have no other row")
        for p in found
    ), found


def test_rows_of_one_finding_must_share_one_statement(extract_copy):
    def change_one_row(df):
        several = df["finding_id"].duplicated(keep=False)
        df.loc[df.index[several][0], "code"] = "barrier_cost"
        return df

    rewrite(extract_copy, "findings", change_one_row)
    found = problems_of(extract_copy)
    assert any(
        p.startswith("findings.parquet, column 'code', row") and p.endswith("rows of one finding must share its code")
        for p in found
    ), found


# -- checks made in Arrow at scale: dictionary-encoded columns, keys proved distinct by their runs --------


def _write_in_row_groups(directory: Path, table: str, change, rows_per_group: int = 100) -> None:
    """`rewrite`, but in several row groups, so each is read with a dictionary of its own."""
    path = directory / f"{table}.parquet"
    original = pq.read_table(path)
    arrow = pa.Table.from_pandas(change(original.to_pandas()), preserve_index=False)
    pq.write_table(arrow.replace_schema_metadata(original.schema.metadata), path, row_group_size=rows_per_group)


def test_an_unknown_value_in_a_later_row_group_is_reported_with_its_rows(extract_copy):
    def change(df):
        df.loc[[5, 455, 456], "region"] = "Atlantis"
        return df

    _write_in_row_groups(extract_copy, "org_survey", change)
    found = problems_of(extract_copy)
    allowed = ", ".join(contract.ORG_SURVEY.column("region").allowed)
    assert [p for p in found if "column 'region'" in p] == [
        f"org_survey.parquet, column 'region', row {r}: unknown value 'Atlantis' (allowed: {allowed})"
        for r in (6, 456, 457)
    ]


def test_an_unknown_value_found_only_in_one_row_group_names_that_value(extract_copy):
    def change(df):
        df.loc[350, "sector"] = "defence"
        df.loc[520, "sector"] = "navy"
        return df

    _write_in_row_groups(extract_copy, "time_use_survey", change)
    found = [p for p in problems_of(extract_copy) if "column 'sector'" in p]
    assert [p.split(": unknown value ")[0] for p in found] == [
        "time_use_survey.parquet, column 'sector', row 351",
        "time_use_survey.parquet, column 'sector', row 521",
    ]
    assert all(p.split(": unknown value ")[1].startswith("'defence'") for p in found), found


def test_a_blank_value_in_a_dictionary_encoded_column_is_empty_not_unknown(extract_copy):
    def change(df):
        df.loc[7, "size_band"] = "   "
        df.loc[420, "size_band"] = None
        return df

    _write_in_row_groups(extract_copy, "org_survey", change)
    found = [p for p in problems_of(extract_copy) if "column 'size_band'" in p]
    assert found == [
        "org_survey.parquet, column 'size_band', row 8: value is empty",
        "org_survey.parquet, column 'size_band', row 421: value is empty",
    ]


def test_many_bad_rows_are_counted_beyond_those_named(extract_copy):
    rewrite(extract_copy, "time_use_survey", lambda df: df.assign(sector=df["sector"].where(df.index % 50 != 3, "x")))
    found = [p for p in problems_of(extract_copy) if "column 'sector'" in p]
    assert [p.split(":")[0] for p in found[:5]] == [
        f"time_use_survey.parquet, column 'sector', row {r}" for r in (4, 54, 104, 154, 204)
    ]
    assert found[5].startswith("time_use_survey.parquet, column 'sector': unknown value 'x'")
    assert found[5].endswith("(and 7 more rows)")


def test_a_repeated_id_after_the_sorted_ones_is_a_duplicate(extract_copy):
    # The ids are in increasing order; a copy of one from the middle, put at the end, breaks the run.
    rewrite(extract_copy, "org_survey", lambda df: pd.concat([df, df.iloc[[300]]], ignore_index=True))
    found = problems_of(extract_copy)
    assert "org_survey.parquet, column 'org_id', row 601: duplicate key ['ORG0000301']" in found


def test_a_repeated_id_among_shuffled_ones_is_a_duplicate(extract_copy):
    def shuffle_with_copy(df):
        df = pd.concat([df, df.iloc[[10]]], ignore_index=True)
        return df.sample(frac=1.0, random_state=3).reset_index(drop=True)

    rewrite(extract_copy, "time_use_survey", shuffle_with_copy)
    found = [p for p in problems_of(extract_copy) if "duplicate key" in p]
    frame = pd.read_parquet(extract_copy / "time_use_survey.parquet")
    second = int(frame.index[frame["worker_id"].duplicated()][0]) + 1
    assert found == [f"time_use_survey.parquet, column 'worker_id', row {second}: duplicate key ['W00000011']"]


@pytest.mark.parametrize("order", ["shuffled", "one_out_of_place"])
def test_distinct_ids_in_any_order_are_accepted(extract_copy, order):
    def reorder(df):
        if order == "shuffled":
            return df.sample(frac=1.0, random_state=5).reset_index(drop=True)
        return pd.concat([df.iloc[1:], df.iloc[[0]]], ignore_index=True)  # like ORG10000000 after ORG9999999

    rewrite(extract_copy, "org_survey", reorder)
    assert validate_directory(extract_copy)[1] == []


def test_validated_frames_hold_the_files_values(built_dir):
    validated, _ = validate_directory(built_dir)
    for table in contract.TABLES:
        expected = pq.read_table(built_dir / table.file_name).to_pandas()
        frame = validated.frames[table.name]
        assert list(frame.columns) == [c.name for c in table.columns]
        for column in table.columns:
            if table.survey and column.allowed is not None:  # categoricals for the loader (load._CATEGORIES)
                assert frame[column.name].astype(str).tolist() == expected[column.name].tolist()
            else:
                pd.testing.assert_series_equal(frame[column.name], expected[column.name], check_exact=True)
