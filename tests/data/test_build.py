"""The build is deterministic and refuses malformed source CSVs by file, column and row."""

from __future__ import annotations

import hashlib
import shutil

import pyarrow.parquet as pq
import pytest

from dashboard.data import contract
from dashboard.data.__main__ import main
from dashboard.data.build import BuildError, build, generate_extract
from tests.conftest import SOURCE_DIR


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_building_twice_gives_identical_files(built_dir, tmp_path):
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    build(tmp_path, orgs=600, workers=600, seed=7)
    for table in contract.TABLES:
        assert digest(tmp_path / table.file_name) == digest(built_dir / table.file_name), table.name


def test_metadata_marks_tables(built_dir):
    meta = pq.read_schema(built_dir / "org_survey.parquet").metadata
    assert meta[contract.META_SYNTHETIC] == b"true"
    assert meta[contract.META_SOURCE] == b"synthetic_org_survey"
    assert b"seed=7" in meta[contract.META_GENERATOR]
    assert pq.read_schema(built_dir / "quotes.parquet").metadata[contract.META_SYNTHETIC] == b"false"


def test_bad_csv_cell_names_file_column_row(tmp_path):
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    path = tmp_path / "source" / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("participants")] = "six"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"participants.csv, column 'participants', row 1: cannot read 'six' as int"):
        build(tmp_path, orgs=50, workers=50)


def test_csv_with_wrong_columns_is_refused(tmp_path):
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    path = tmp_path / "source" / "codebook.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("definition", "meaning", 1), encoding="utf-8")
    with pytest.raises(
        BuildError, match=r"codebook.csv: columns differ .*missing: \['definition'\].*extra: \['meaning'\]"
    ):
        build(tmp_path, orgs=50, workers=50)


def test_generate_any_size(built_dir, tmp_path):
    generate_extract(tmp_path / "big", built_dir, orgs=5000, workers=3000, seed=1)
    assert pq.read_metadata(tmp_path / "big" / "org_survey.parquet").num_rows == 5000
    assert pq.read_metadata(tmp_path / "big" / "time_use_survey.parquet").num_rows == 3000
    assert (tmp_path / "big" / "quotes.parquet").exists()


def test_shipped_extract_matches_a_fresh_build(tmp_path):
    """Whoever edits data/source/ must rebuild: the shipped Parquet equals a fresh build."""
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    build(tmp_path)
    shipped = SOURCE_DIR.parent
    for table in contract.TABLES:
        fresh = pq.read_table(tmp_path / table.file_name)
        committed = pq.read_table(shipped / table.file_name)
        assert fresh.equals(committed), f"{table.file_name} is stale: run `python -m dashboard.data build`"
        assert fresh.schema.metadata == committed.schema.metadata


def test_reference_only_build_leaves_the_surveys_alone(built_dir, tmp_path):
    """`build(..., surveys=False)` (`build --reference-only`) compiles the CSV tables and never
    writes a survey file, so a change to a reference CSV needs no survey regeneration."""
    out = tmp_path / "extract"
    shutil.copytree(built_dir, out)
    surveys = [t for t in contract.TABLES if t.survey]
    before = {t.name: (digest(out / t.file_name), (out / t.file_name).stat().st_mtime_ns) for t in surveys}
    written = build(out, surveys=False)
    assert sorted(p.name for p in written) == sorted(t.file_name for t in contract.TABLES if not t.survey)
    for table in contract.TABLES:
        assert digest(out / table.file_name) == digest(built_dir / table.file_name), table.name
    assert {t.name: (digest(out / t.file_name), (out / t.file_name).stat().st_mtime_ns) for t in surveys} == before


def test_reference_only_build_on_the_command_line(built_dir, tmp_path, capsys):
    out = tmp_path / "extract"
    shutil.copytree(built_dir, out)
    (out / "published_estimates.parquet").unlink()
    assert main(["build", "--reference-only", "--data-dir", str(out)]) == 0
    assert "built 6 files" in capsys.readouterr().out
    assert digest(out / "published_estimates.parquet") == digest(built_dir / "published_estimates.parquet")
    assert digest(out / "org_survey.parquet") == digest(built_dir / "org_survey.parquet")
    # Without the flag the surveys are generated as before (default size, so they differ from built_dir's).
    assert main(["build", "--data-dir", str(out)]) == 0
    assert digest(out / "org_survey.parquet") != digest(built_dir / "org_survey.parquet")
