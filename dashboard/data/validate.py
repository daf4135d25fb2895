"""Check an extract directory against the contract before anything uses it.

Every problem names the file, column and row, so whoever made a bad extract can
fix it without reading our code. Validation collects all problems rather than
stopping at the first, and the loader refuses the whole extract if there is any:
the app never runs on half a dataset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import contract
from dashboard.data.allocators import release_freed_memory
from dashboard.data.contract import Column, Table

#: Rows reported per column and problem; the rest are counted, not listed.
MAX_ROWS_REPORTED = 5


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    column: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        return f"{', '.join(where)}: {self.message}"


class ExtractError(Exception):
    """Raised when an extract fails validation; carries every problem found."""

    def __init__(self, directory: Path, problems: list[Problem]):
        self.directory = directory
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Extract {directory} was refused ({len(problems)} problem(s)):\n{lines}")


def _compatible(actual: pa.DataType, column: Column) -> bool:
    """Accept the type families other tools write (large strings, int32, float32)."""
    kind = column.type
    if kind == "string":
        return pa.types.is_string(actual) or pa.types.is_large_string(actual)
    if kind == "int":
        return pa.types.is_integer(actual)
    if kind == "float":
        return pa.types.is_floating(actual) or pa.types.is_integer(actual)
    if kind == "bool":
        return pa.types.is_boolean(actual)
    if kind == "date":
        return pa.types.is_date(actual)
    if kind == "list<string>":
        return (pa.types.is_list(actual) or pa.types.is_large_list(actual)) and (
            pa.types.is_string(actual.value_type) or pa.types.is_large_string(actual.value_type)
        )
    return False


def read_table(directory: Path, table: Table) -> tuple[pa.Table | None, list[Problem]]:
    """Read one file and check its shape; the table is None if it cannot be used at all."""
    path = directory / table.file_name
    name = table.file_name
    if not path.exists():
        return None, [Problem(name, "file is missing")]
    if path.stat().st_size == 0:
        return None, [Problem(name, "file is empty (0 bytes)")]
    try:
        arrow = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        return None, [Problem(name, f"file is not readable Parquet (corrupt?): {exc}")]

    problems: list[Problem] = []
    present = set(arrow.schema.names)
    expected = [c.name for c in table.columns]
    for col in expected:
        if col not in present:
            problems.append(Problem(name, "required column is missing", column=col))
    for col in arrow.schema.names:
        if col not in expected:
            problems.append(Problem(name, "unexpected extra column", column=col))
    for column in table.columns:
        if column.name in present:
            actual = arrow.schema.field(column.name).type
            if not _compatible(actual, column):
                problems.append(
                    Problem(name, f"wrong type: expected {column.type}, found {actual}", column=column.name)
                )
    if arrow.num_rows == 0:
        problems.append(Problem(name, "table has no rows"))
    if problems:
        return None, problems
    loose = pa.schema([pa.field(c.name, c.arrow_type) for c in table.columns])
    arrow = arrow.select(expected).cast(loose).replace_schema_metadata(arrow.schema.metadata)
    return arrow, problems


def to_frame(arrow: pa.Table) -> pd.DataFrame:
    """Convert, freeing Arrow's buffers column by column as pandas takes them over.

    Without this a million-row extract is held twice (Arrow and pandas) while it loads,
    which set a worker's peak memory. The Arrow table must not be used afterwards.
    """
    return arrow.to_pandas(self_destruct=True, split_blocks=True)


def _rows(mask: pd.Series) -> list[int]:
    """Row numbers as a person counts them: the first data row is row 1."""
    return [int(i) + 1 for i in mask.index[mask.to_numpy(dtype=bool)][:MAX_ROWS_REPORTED]]


def _report(name: str, column: str, mask: pd.Series, message: str) -> list[Problem]:
    """One problem per offending row (up to a limit) plus a count of the rest."""
    rows = _rows(mask)
    problems = [Problem(name, message, column=column, row=r) for r in rows]
    extra = int(mask.sum()) - len(rows)
    if extra > 0:
        problems.append(Problem(name, f"{message} (and {extra} more rows)", column=column))
    return problems


def check_values(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Per-column checks: emptiness, allowed values, ranges."""
    name = table.file_name
    problems: list[Problem] = []
    for column in table.columns:
        series = df[column.name]
        if column.type == "list<string>":
            empty = series.isna() | series.map(lambda v: v is None or len(v) == 0)
        elif column.type == "string":
            empty = series.isna() | (series.astype("string").str.strip() == "")
        else:
            empty = series.isna()
        if not column.nullable:
            problems += _report(name, column.name, empty, "value is empty")
        present = ~empty
        if column.allowed is not None:
            bad = present & ~series.isin(column.allowed)
            if bad.any():
                first = series[bad].iloc[0]
                problems += _report(
                    name, column.name, bad, f"unknown value '{first}' (allowed: {', '.join(column.allowed)})"
                )
        if column.minimum is not None:
            below = present & ((series <= column.minimum) if column.min_exclusive else (series < column.minimum))
            relation = "greater than" if column.min_exclusive else "at least"
            problems += _report(name, column.name, below, f"value must be {relation} {column.minimum:g}")
        if column.maximum is not None:
            problems += _report(
                name, column.name, present & (series > column.maximum), f"value must be at most {column.maximum:g}"
            )
    dupes = df.duplicated(list(table.key), keep="first")
    if dupes.any():
        first = df.loc[dupes, list(table.key)].iloc[0].tolist()
        problems += _report(name, ", ".join(table.key), dupes, f"duplicate key {first}")
    for rule in table.rules:
        problems += [Problem(name, msg, column=col, row=row + 1) for row, col, msg in rule(df)]
    return problems


def check_references(table: Table, df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Cross-table checks: every id that points elsewhere must land on a row."""
    problems: list[Problem] = []
    for column in table.columns:
        if column.references is None:
            continue
        target_table, target_col = column.references
        if target_table not in frames:
            continue  # the target file has its own problem reported already
        known = set(frames[target_table][target_col])
        series = df[column.name]
        if column.type == "list<string>":
            bad = series.map(lambda codes, known=known: any(c not in known for c in codes))
            what = next((c for codes in series[bad] for c in codes if c not in known), None)
        else:
            bad = series.notna() & ~series.isin(known)
            what = series[bad].iloc[0] if bad.any() else None
        problems += _report(
            table.file_name, column.name, bad, f"'{what}' matches no row of {target_table}.{target_col}"
        )
    return problems


def check_survey_metadata(table: Table, schema: pa.Schema, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A survey file names its source row, and is marked synthetic exactly when that row is."""
    name = table.file_name
    meta = schema.metadata or {}
    source_id = meta.get(contract.META_SOURCE, b"").decode()
    marked = meta.get(contract.META_SYNTHETIC, b"").decode()
    if not source_id:
        return [Problem(name, f"Parquet metadata key '{contract.META_SOURCE.decode()}' is missing")]
    if marked not in ("true", "false"):
        return [Problem(name, f"Parquet metadata key '{contract.META_SYNTHETIC.decode()}' must be 'true' or 'false'")]
    if "sources" not in frames:
        return []
    sources = frames["sources"].set_index("source_id")
    if source_id not in sources.index:
        return [Problem(name, f"metadata source_id '{source_id}' matches no row of sources.source_id")]
    status_synthetic = sources.loc[source_id, "status"] == "synthetic"
    if status_synthetic != (marked == "true"):
        return [
            Problem(
                name,
                f"metadata says synthetic={marked} but source '{source_id}' has status "
                f"'{sources.loc[source_id, 'status']}'; synthetic data must be marked in both",
            )
        ]
    return []


@dataclass(frozen=True)
class ValidatedExtract:
    frames: dict[str, pd.DataFrame]
    metadata: dict[str, dict[str, str]]


def validate_directory(directory: Path | str) -> tuple[ValidatedExtract | None, list[Problem]]:
    """Validate every table; return the frames only if there is no problem at all."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, [Problem(str(directory), "extract directory does not exist")]
    problems: list[Problem] = []
    schemas: dict[str, pa.Schema] = {}
    frames: dict[str, pd.DataFrame] = {}
    for table in contract.TABLES:
        arrow, found = read_table(directory, table)
        problems += found
        if arrow is not None:
            schemas[table.name] = arrow.schema
            frames[table.name] = to_frame(arrow)
            del arrow  # its buffers now belong to the frame
            problems += check_values(table, frames[table.name])
            release_freed_memory()
    for table in contract.TABLES:
        if table.name in frames:
            problems += check_references(table, frames[table.name], frames)
            if table.survey:
                problems += check_survey_metadata(table, schemas[table.name], frames)
    if problems:
        return None, problems
    metadata = {
        name: {k.decode(): v.decode() for k, v in (schema.metadata or {}).items() if k.startswith(b"dashboard.")}
        for name, schema in schemas.items()
    }
    return ValidatedExtract(frames, metadata), []


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(str(p) for p in problems)
