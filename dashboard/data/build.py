"""Compile the human-edited CSVs in `data/source/` into typed Parquet extracts.

People edit CSV (diffable, reviewable); the app reads Parquet (typed, fast).
The build is deterministic: the same CSVs and seed give the same tables, so a
rebuild that changes nothing shows no diff.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import contract, synthetic
from dashboard.data.contract import Column, Table

SOURCE_DIR_NAME = "source"
LIST_SEPARATOR = "|"
ORG_SURVEY_SOURCE = "synthetic_org_survey"
TIME_USE_SOURCE = "synthetic_time_use_survey"


class BuildError(Exception):
    """A source CSV cannot be compiled; the message names file, column and row."""


def _convert(value: str, column: Column, where: str):
    if value.strip() == "":
        if column.type == "list<string>":
            return []
        return None
    try:
        if column.type == "string":
            return value
        if column.type == "int":
            return int(value)
        if column.type == "float":
            return float(value)
        if column.type == "bool":
            return {"true": True, "false": False}[value.strip().lower()]
        if column.type == "date":
            return date.fromisoformat(value.strip())
        if column.type == "list<string>":
            return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    except (ValueError, KeyError) as exc:
        raise BuildError(f"{where}: cannot read '{value}' as {column.type} ({exc})") from exc
    raise BuildError(f"{where}: unsupported type {column.type}")


def read_source_csv(path: Path, table: Table) -> pa.Table:
    """Read one CSV strictly: exact columns, every cell converted to its contract type."""
    if not path.exists():
        raise BuildError(f"{path.name}: source file is missing")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    expected = [c.name for c in table.columns]
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected]
    if missing or extra:
        raise BuildError(f"{path.name}: columns differ from the contract (missing: {missing}, extra: {extra})")
    arrays = []
    for column in table.columns:
        values = [
            _convert(v, column, f"{path.name}, column '{column.name}', row {i + 1}")
            for i, v in enumerate(frame[column.name].tolist())
        ]
        arrays.append(pa.array(values, type=column.arrow_type))
    loose = pa.schema([pa.field(c.name, c.arrow_type) for c in table.columns])
    return pa.Table.from_arrays(arrays, schema=loose)


def _metadata(
    table: Table, *, synthetic_flag: bool, source_id: str | None = None, generator: str | None = None
) -> dict[bytes, bytes]:
    meta = {
        contract.META_TABLE: table.name.encode(),
        contract.META_CONTRACT: contract.CONTRACT_VERSION.encode(),
        contract.META_SYNTHETIC: b"true" if synthetic_flag else b"false",
    }
    if source_id:
        meta[contract.META_SOURCE] = source_id.encode()
    if generator:
        meta[contract.META_GENERATOR] = generator.encode()
    return meta


def write_table(arrow: pa.Table, directory: Path, table: Table, metadata: dict[bytes, bytes]) -> Path:
    path = directory / table.file_name
    arrow = arrow.replace_schema_metadata(metadata)
    # Write to a temporary name and rename, so a reader never sees half a file.
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(arrow, tmp, compression="zstd")
    tmp.replace(path)
    return path


def write_survey(frame: pd.DataFrame, directory: Path, table: Table, source_id: str, generator: str) -> Path:
    arrow = pa.Table.from_pandas(frame[[c.name for c in table.columns]], schema=table.schema, preserve_index=False)
    return write_table(
        arrow, directory, table, _metadata(table, synthetic_flag=True, source_id=source_id, generator=generator)
    )


def generate_surveys(out_dir: Path, *, orgs: int, workers: int, seed: int) -> list[Path]:
    generator = f"dashboard.data.synthetic seed={seed}"
    org = synthetic.generate_org_survey(orgs, seed)
    tus = synthetic.generate_time_use_survey(workers, seed)
    return [
        write_survey(org, out_dir, contract.ORG_SURVEY, ORG_SURVEY_SOURCE, f"{generator} rows={orgs}"),
        write_survey(tus, out_dir, contract.TIME_USE_SURVEY, TIME_USE_SOURCE, f"{generator} rows={workers}"),
    ]


def build_reference(data_dir: Path) -> list[Path]:
    """Compile every non-survey table from `data_dir/source/*.csv` into `data_dir/*.parquet`.

    The survey files are left exactly as they are, so a change to a reference CSV can be
    rebuilt without regenerating (or even reading) the surveys.
    """
    source_dir = data_dir / SOURCE_DIR_NAME
    written = []
    for table in contract.TABLES:
        if table.survey:
            continue
        arrow = read_source_csv(source_dir / f"{table.name}.csv", table)
        written.append(write_table(arrow, data_dir, table, _metadata(table, synthetic_flag=False)))
    return written


def build(
    data_dir: Path,
    *,
    orgs: int = synthetic.DEFAULT_ORGS,
    workers: int = synthetic.DEFAULT_WORKERS,
    seed: int = synthetic.DEFAULT_SEED,
    surveys: bool = True,
) -> list[Path]:
    """Compile every reference table from CSV and, unless `surveys` is False, generate the synthetic surveys."""
    written = build_reference(data_dir)
    if surveys:
        written += generate_surveys(data_dir, orgs=orgs, workers=workers, seed=seed)
    return written


def generate_extract(out_dir: Path, reference_dir: Path, *, orgs: int, workers: int, seed: int) -> list[Path]:
    """A complete extract of any survey size: reference tables copied, surveys generated."""
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for table in contract.TABLES:
        if not table.survey and reference_dir.resolve() != out_dir.resolve():
            copied.append(Path(shutil.copy2(reference_dir / table.file_name, out_dir / table.file_name)))
    return copied + generate_surveys(out_dir, orgs=orgs, workers=workers, seed=seed)
