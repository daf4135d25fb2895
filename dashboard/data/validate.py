"""Check an extract directory against the contract before anything uses it.

Every problem names the file, column and row, so whoever made a bad extract can
fix it without reading our code. Validation collects all problems rather than
stopping at the first, and the loader refuses the whole extract if there is any:
the app never runs on half a dataset.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import contract
from dashboard.data.allocators import release_freed_memory
from dashboard.data.contract import Column, Table
from dashboard.settings import Settings

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
    problems += check_weights(table, df)
    problems += check_web_addresses(table, df)
    for rule in table.rules:
        problems += [Problem(name, msg, column=col, row=row + 1) for row, col, msg in rule(df)]
    return problems


#: No respondent stands for more than this many organisations or workers. The UK public sector
#: has about six million workers and far fewer organisations, so a larger weight is an error; and
#: it keeps sums of squared weights (Kish's effective n) far from overflow: a weight of 1e300
#: squared is infinite, which left a share with no interval.
MAX_WEIGHT = 1e6
#: No respondent weighs more than this many times the median weight of its table. One that did
#: would outweigh a thousand typical respondents: every estimate containing it would be, in effect,
#: that one answer (useless, and disclosive although its base looks large). Survey practice trims
#: weights at 3.5 to 10 times the median, so a ratio of 1,000 is taken to be an error (units, a lost
#: decimal point) rather than a design.
MAX_WEIGHT_RATIO = 1000.0


def check_weights(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Weights that are infinite or absurd (empty, zero and negative ones fail the column's
    `nullable` and `minimum` rules already). An infinite weight passed validation and then failed
    every estimate that contained it; an absurd one silently dominated them."""
    name = table.file_name
    problems: list[Problem] = []
    for column in table.columns:
        if not column.weight:
            continue
        values = pd.to_numeric(df[column.name], errors="coerce").astype("float64")
        finite = pd.Series(np.isfinite(values.to_numpy()), index=values.index)
        problems += _report(name, column.name, values.notna() & ~finite, "weight must be a finite number")
        problems += _report(
            name, column.name, finite & (values > MAX_WEIGHT), f"weight is absurd: above {MAX_WEIGHT:,.0f}"
        )
        usable = values[finite & (values > 0)]
        if usable.empty:
            continue
        median = float(usable.median())
        dominant = finite & (values <= MAX_WEIGHT) & (values > median * MAX_WEIGHT_RATIO)
        message = f"weight is absurd: more than {MAX_WEIGHT_RATIO:g} times the median weight ({median:g})"
        problems += _report(name, column.name, dominant, message)
    return problems


#: Schemes a web address may use: anything else (javascript:, data:, file:, a relative path) is
#: not a page a reader can be sent to, and some of them run code when the link is followed.
WEB_SCHEMES = ("http", "https")


def is_web_address(value: str) -> bool:
    """An absolute http(s) URL with a host, and no whitespace or control characters anywhere
    (browsers drop some of them, so ' javascript:' or 'java\\tscript:' would otherwise slip past)."""
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in WEB_SCHEMES and bool(host)


def check_web_addresses(table: Table, df: pd.DataFrame) -> list[Problem]:
    """Web addresses that are not absolute http(s) URLs (empty ones fail `nullable` already)."""
    problems: list[Problem] = []
    for column in table.columns:
        if not column.web_address:
            continue
        series = df[column.name]
        bad = series.map(lambda v: isinstance(v, str) and v.strip() != "" and not is_web_address(v)).astype(bool)
        if bad.any():
            first = str(series[bad].iloc[0])
            shown = first if len(first) <= 60 else first[:57] + "..."
            problems += _report(table.file_name, column.name, bad, f"not an absolute http(s) address: {shown!r}")
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


#: The smallest group (sector, method, participant group) a quote may come from: the default of
#: DASHBOARD_MIN_PARTICIPANTS. Validation runs without settings (`python -m dashboard.data
#: validate`, the build, the reloader's check of a new extract), so the contract is fixed at the
#: default rather than following the environment. A deployment configured with a higher minimum
#: is still safe: the app's quote rule withholds, at run time, every quote whose group is below
#: the configured minimum, and says so. A lower configured minimum cannot let in a quote this refuses.
QUOTE_GROUP_MINIMUM = Settings().min_participants
#: What `check_quote_groups` reports against: the three quote columns that name its group.
QUOTE_GROUP_COLUMNS = ("sector", "method", "participant_group")


def _group_keys(df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(sector, method, participant group) per row; former civil servants' empty sector is ""."""
    sector = df["sector"].astype("string").str.strip().fillna("")
    return list(zip(sector, df["method"].astype(str), df["participant_group"].astype(str), strict=True))


def check_quote_groups(
    participants: pd.DataFrame, quotes: pd.DataFrame, minimum: int = QUOTE_GROUP_MINIMUM
) -> list[Problem]:
    """Refuse quotes whose own group has fewer than `minimum` participants, or no sample row.

    A quote is published with its group ("Local government interview"), so a quote from a
    group of one or two people is attributable to them whatever the app withholds around it.
    The app never shows such a quote; refusing it here also keeps it out of every extract that
    is deployed. Groups are matched as the app matches them: former civil servants have no
    sector in either table, and several sample rows of one group are added up.
    """
    people = pd.to_numeric(participants["participants"], errors="coerce").fillna(0)
    sizes: dict[tuple[str, str, str], int] = {}
    for key, n in zip(_group_keys(participants), people, strict=True):
        sizes[key] = sizes.get(key, 0) + int(n)
    keys = _group_keys(quotes)
    problems: list[Problem] = []
    for key in dict.fromkeys(keys):  # each group once, in the order its first quote appears
        size = sizes.get(key)
        sector, method, group = key
        where = f"sector '{sector or '(none)'}', method '{method}', participant group '{group}'"
        if size is None:
            message = f"quote from {where}, which matches no row of participants.parquet"
        elif size < minimum:
            message = (
                f"quote from {where}, a group of {size} participant{'s' if size != 1 else ''} in "
                f"participants.parquet; quotes must come from groups of at least {minimum} "
                "(DASHBOARD_MIN_PARTICIPANTS' default), or they single people out"
            )
        else:
            continue
        mask = pd.Series([k == key for k in keys], index=quotes.index)
        problems += _report("quotes.parquet", ", ".join(QUOTE_GROUP_COLUMNS), mask, message)
    return problems


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
    if "participants" in frames and "quotes" in frames:
        problems += check_quote_groups(frames["participants"], frames["quotes"])
    if problems:
        return None, problems
    metadata = {
        name: {k.decode(): v.decode() for k, v in (schema.metadata or {}).items() if k.startswith(b"dashboard.")}
        for name, schema in schemas.items()
    }
    return ValidatedExtract(frames, metadata), []


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(str(p) for p in problems)
