"""Check an extract directory against the contract before anything uses it.

Every problem names the file, column and row, so whoever made a bad extract can
fix it without reading our code. Validation collects all problems rather than
stopping at the first, and the loader refuses the whole extract if there is any:
the app never runs on half a dataset. The module runs past 250 lines because it is the
whole list of reasons an extract is refused, in the order they are checked, all reported
in the one `Problem` format; the app, the loader, the reloader and the CLI import it as one.

The column checks run in Arrow, before the table becomes a DataFrame: at 10,000,000 rows
the same checks in pandas took a minute of a start-up (key uniqueness alone 15 s). A check
that finds nothing costs one vectorised pass; only one that has failed goes on to find the
rows it names. Columns with a fixed vocabulary are read dictionary-encoded, so their values
are checked once per distinct value rather than once per row (and reading them is 3x faster).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.data import contract
from dashboard.data.allocators import release_freed_memory
from dashboard.data.contract import Column, Table
from dashboard.data.quote_groups import group_keys, group_sizes
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


def _dictionary_columns(table: Table) -> list[str]:
    """Columns read dictionary-encoded: text with a fixed vocabulary, so a few distinct values.

    Why: pyarrow builds a plain string column from Parquet's dictionary pages slowly (1.7 s a
    column at 10,000,000 rows); read as a dictionary it takes a tenth of that, and decoding it
    afterwards (`decode`) another 0.1 s. The allowed-values check then reads the dictionary.
    """
    return [c.name for c in table.columns if c.type == "string" and c.allowed is not None]


def read_table(directory: Path, table: Table) -> tuple[pa.Table | None, list[Problem]]:
    """Read one file's contract columns and check its shape; None if it cannot be used at all.

    The shape (columns, types, row count) is checked from the file's footer before any data is
    read, so a file with extra columns costs nothing to refuse and they are never read. Text
    columns with allowed values come back dictionary-encoded (`_dictionary_columns`); `decode`
    turns the table into the contract's plain types once it has been checked.
    """
    path = directory / table.file_name
    name = table.file_name
    if not path.exists():
        return None, [Problem(name, "file is missing")]
    if path.stat().st_size == 0:
        return None, [Problem(name, "file is empty (0 bytes)")]
    try:
        with pq.ParquetFile(path) as parquet:
            schema = parquet.schema_arrow
            num_rows = parquet.metadata.num_rows
    except Exception as exc:  # pyarrow raises several types for corrupt files
        return None, [Problem(name, f"file is not readable Parquet (corrupt?): {exc}")]

    problems: list[Problem] = []
    present = set(schema.names)
    expected = [c.name for c in table.columns]
    for col in expected:
        if col not in present:
            problems.append(Problem(name, "required column is missing", column=col))
    for col in schema.names:
        if col not in expected:
            problems.append(Problem(name, "unexpected extra column", column=col))
    for column in table.columns:
        if column.name in present:
            actual = schema.field(column.name).type
            if not _compatible(actual, column):
                problems.append(
                    Problem(name, f"wrong type: expected {column.type}, found {actual}", column=column.name)
                )
    if num_rows == 0:
        problems.append(Problem(name, "table has no rows"))
    if problems:
        return None, problems
    encoded = _dictionary_columns(table)
    try:
        arrow = pq.read_table(path, columns=expected, read_dictionary=encoded)
    except Exception as exc:  # a footer can be sound and a data page corrupt
        return None, [Problem(name, f"file is not readable Parquet (corrupt?): {exc}")]
    loose = pa.schema(
        [
            pa.field(c.name, pa.dictionary(pa.int32(), pa.string()) if c.name in encoded else c.arrow_type)
            for c in table.columns
        ]
    )
    arrow = arrow.select(expected).cast(loose).replace_schema_metadata(schema.metadata)
    return arrow, problems


def decode(arrow: pa.Table, keep_dictionaries: bool = False) -> pa.Table:
    """The checked table with its dictionary columns back to plain strings, so the frames are
    what they were before validation read dictionaries; or, with `keep_dictionaries`, left
    encoded, to become pandas categoricals.

    Survey tables keep them: the loader makes each of those columns an ordered categorical in
    the vocabulary's order (load._CATEGORIES) whatever it is given, and decoding 10,000,000 rows
    into strings only for that to code them again cost 3.5 s of a start-up and 0.6 GB of memory.
    """
    if keep_dictionaries:
        return arrow
    plain = pa.schema(
        [pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in arrow.schema],
        metadata=arrow.schema.metadata,
    )
    return arrow.cast(plain)


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


def _any(mask: pa.ChunkedArray) -> bool:
    return pc.any(mask).as_py() is True  # not `pc.index`: 30 times slower, it cost 1 s at 10,000,000 rows


def _first(mask: pa.ChunkedArray) -> int:
    """Position of the first offending row (the mask must have one)."""
    return int(pc.index(mask, True).as_py())


def _report_mask(name: str, column: str, mask: pa.ChunkedArray, message: str) -> list[Problem]:
    """`_report` for an Arrow mask over row positions; it finds the rows only when there is one."""
    if not _any(mask):
        return []
    positions = np.flatnonzero(mask.to_numpy())
    rows = [int(i) + 1 for i in positions[:MAX_ROWS_REPORTED]]
    problems = [Problem(name, message, column=column, row=r) for r in rows]
    extra = len(positions) - len(rows)
    if extra > 0:
        problems.append(Problem(name, f"{message} (and {extra} more rows)", column=column))
    return problems


def _per_value(values: pa.ChunkedArray, test: Callable[[pa.Array], pa.Array]) -> pa.ChunkedArray:
    """`test` (a boolean per value) for every row; on a dictionary-encoded chunk it runs once
    per distinct value and is spread to the rows by their indices. (A null row may come out
    null or false: every caller counts a null row as empty, and never as anything else.)"""
    chunks = []
    for chunk in values.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunks.append(test(chunk))
            continue
        flags = test(chunk.dictionary)
        if pc.any(flags).as_py() is True:
            chunks.append(pc.take(flags, chunk.indices))
        else:  # the usual case, with no row to find: no need to look at each one
            chunks.append(pa.repeat(pa.scalar(False), len(chunk)))
    return pa.chunked_array(chunks, type=pa.bool_())


def _blank_text(values: pa.Array) -> pa.Array:
    # pandas' `str.strip()` on Arrow strings is this same kernel, so "empty" has not changed.
    return pc.or_kleene(pc.is_null(values), pc.equal(pc.utf8_trim_whitespace(values), ""))


def _empty(column: Column, values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Rows pandas would call empty: null or NaN; for text also only whitespace; for a list no items."""
    if column.type == "list<string>":
        blank = pc.equal(pc.list_value_length(values), 0)
    elif column.type == "string":
        blank = _per_value(values, _blank_text)
    else:
        return pc.is_null(values, nan_is_null=True)
    return pc.or_kleene(pc.is_null(values), blank).fill_null(True)


def _unknown(values: pa.Array, allowed: pa.Array) -> pa.Array:
    return pc.invert(pc.is_in(values, value_set=allowed))


def _value_at(values: pa.ChunkedArray, position: int) -> object:
    return values[position].as_py()


def check_columns(table: Table, arrow: pa.Table) -> list[Problem]:
    """Per-column checks: emptiness, allowed values, ranges; then keys, weights, web addresses."""
    name = table.file_name
    problems: list[Problem] = []
    for column in table.columns:
        values = arrow[column.name]
        empty = _empty(column, values)
        if not column.nullable:
            problems += _report_mask(name, column.name, empty, "value is empty")
        present = pc.invert(empty)
        if column.allowed is not None:
            unknown = _per_value(values, functools.partial(_unknown, allowed=pa.array(column.allowed, pa.string())))
            bad = pc.and_kleene(present, unknown).fill_null(False)
            if _any(bad):
                first = _value_at(values, _first(bad))
                problems += _report_mask(
                    name, column.name, bad, f"unknown value '{first}' (allowed: {', '.join(column.allowed)})"
                )
        if column.minimum is not None:
            compare = pc.less_equal if column.min_exclusive else pc.less
            below = pc.and_kleene(present, compare(values, column.minimum)).fill_null(False)
            relation = "greater than" if column.min_exclusive else "at least"
            problems += _report_mask(name, column.name, below, f"value must be {relation} {column.minimum:g}")
        if column.maximum is not None:
            above = pc.and_kleene(present, pc.greater(values, column.maximum)).fill_null(False)
            problems += _report_mask(name, column.name, above, f"value must be at most {column.maximum:g}")
    problems += check_keys(table, arrow)
    problems += check_weights(table, arrow)
    problems += check_web_addresses(table, arrow)
    return problems


def _runs_are_distinct(values: pa.ChunkedArray) -> bool | None:
    """Whether a column with no nulls holds each value once, from its runs of increasing values.

    Extracts are written in key order, so a key column is one strictly increasing run, or a few
    (10,000,000 ids of seven digits end with one of eight). A strictly increasing run holds each
    value once; so the column does when the rows outside its longest run are distinct among
    themselves and none of them is in that run. That costs a comparison of each row with the
    next and one hash lookup a row (0.2 s at 10,000,000 rows), where counting distinct values
    builds a hash table of every key (5 s). None when the rows outside the longest run are too
    many for this to be the cheaper way.
    """
    n = len(values)
    if n < 2:
        return True
    increasing = pc.less(values.slice(0, n - 1), values.slice(1)).to_numpy()
    bounds = np.concatenate(([0], np.flatnonzero(~increasing) + 1, [n]))
    longest = int(np.argmax(np.diff(bounds)))
    begin, end = int(bounds[longest]), int(bounds[longest + 1])
    rest = pa.chunked_array([*values.slice(0, begin).chunks, *values.slice(end).chunks], type=values.type)
    if len(rest) == 0:
        return True
    if len(rest) > n // 4:
        return None
    if pc.count_distinct(rest, mode="all").as_py() < len(rest):
        return False
    return not pc.any(pc.is_in(values.slice(begin, end - begin), value_set=rest.combine_chunks())).as_py()


def _keys_are_distinct(arrow: pa.Table, keys: list[str]) -> bool:
    """True only if no two rows share a key, by pandas' `duplicated` rules; False may be unsure.

    A single text or integer key without nulls is settled by its runs (`_runs_are_distinct`);
    otherwise Arrow counts the distinct keys by hashing (nulls are one key, as pandas has them).
    Float keys are left to pandas, whose NaN and -0.0 rules hashing need not share.
    """
    columns = [arrow[k] for k in keys]
    if any(pa.types.is_floating(c.type) for c in columns):
        return False
    if len(columns) == 1 and columns[0].null_count == 0 and not pa.types.is_dictionary(columns[0].type):
        distinct = _runs_are_distinct(columns[0])
        if distinct is not None:
            return distinct
    return arrow.select(keys).group_by(keys).aggregate([]).num_rows == arrow.num_rows


def check_keys(table: Table, arrow: pa.Table) -> list[Problem]:
    """Rows whose key an earlier row has; pandas finds and names them once Arrow has seen one."""
    keys = list(table.key)
    if _keys_are_distinct(arrow, keys):
        return []
    frame = decode(arrow.select(keys)).to_pandas()
    dupes = frame.duplicated(keys, keep="first")
    if not dupes.any():
        return []
    first = frame.loc[dupes, keys].iloc[0].tolist()
    return _report(table.file_name, ", ".join(table.key), dupes, f"duplicate key {first}")


def check_rules(table: Table, df: pd.DataFrame) -> list[Problem]:
    """The table's own whole-table rules (contract.Table.rules), which read the DataFrame."""
    return [
        Problem(table.file_name, msg, column=col, row=row + 1) for rule in table.rules for row, col, msg in rule(df)
    ]


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


def _median(values: pa.ChunkedArray) -> float:
    """numpy's median, as pandas' is (exact, the mean of the middle two of an even count), found
    in place in a private copy: `np.median` copies 10,000,000 weights twice (0.5 s) to keep its input."""
    array = values.to_numpy()
    if not array.flags.writeable:  # a view of Arrow's buffer
        array = array.copy()
    return float(np.median(array, overwrite_input=True))


def check_weights(table: Table, arrow: pa.Table) -> list[Problem]:
    """Weights that are infinite or absurd (empty, zero and negative ones fail the column's
    `nullable` and `minimum` rules already). An infinite weight passed validation and then failed
    every estimate that contained it; an absurd one silently dominated them."""
    name = table.file_name
    problems: list[Problem] = []
    for column in table.columns:
        if not column.weight:
            continue
        values = arrow[column.name].cast(pa.float64())
        finite = pc.is_finite(values).fill_null(False)
        problems += _report_mask(
            name, column.name, pc.is_inf(values).fill_null(False), "weight must be a finite number"
        )
        problems += _report_mask(
            name,
            column.name,
            pc.and_(finite, pc.greater(values, MAX_WEIGHT)).fill_null(False),
            f"weight is absurd: above {MAX_WEIGHT:,.0f}",
        )
        usable = pc.filter(values, pc.and_(finite, pc.greater(values, 0.0)).fill_null(False))
        if len(usable) == 0:
            continue
        median = _median(usable)
        dominant = pc.and_(
            pc.and_(finite, pc.less_equal(values, MAX_WEIGHT)), pc.greater(values, median * MAX_WEIGHT_RATIO)
        ).fill_null(False)
        message = f"weight is absurd: more than {MAX_WEIGHT_RATIO:g} times the median weight ({median:g})"
        problems += _report_mask(name, column.name, dominant, message)
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


def check_web_addresses(table: Table, arrow: pa.Table) -> list[Problem]:
    """Web addresses that are not absolute http(s) URLs (empty ones fail `nullable` already).
    Each distinct address is checked once, in Python, then matched back to its rows."""
    problems: list[Problem] = []
    for column in table.columns:
        if not column.web_address:
            continue
        values = arrow[column.name].cast(pa.string())
        refused = [
            v for v in pc.unique(values).to_pylist() if isinstance(v, str) and v.strip() != "" and not is_web_address(v)
        ]
        if not refused:
            continue
        bad = pc.is_in(values, value_set=pa.array(refused, type=pa.string())).fill_null(False)
        first = str(_value_at(values, _first(bad)))
        shown = first if len(first) <= 60 else first[:57] + "..."
        problems += _report_mask(table.file_name, column.name, bad, f"not an absolute http(s) address: {shown!r}")
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


def check_quote_groups(
    participants: pd.DataFrame, quotes: pd.DataFrame, minimum: int = QUOTE_GROUP_MINIMUM
) -> list[Problem]:
    """Refuse quotes whose own group has fewer than `minimum` participants, or no sample row.

    A quote is published with its group ("Local government interview"), so a quote from a
    group of one or two people is attributable to them whatever the app withholds around it.
    The app never shows such a quote; refusing it here also keeps it out of every extract that
    is deployed. Groups are matched by the app's own definition (`quote_groups`): former civil
    servants have no sector in either table, and several sample rows of one group are added up.
    """
    sizes = group_sizes(participants)
    keys = group_keys(quotes)
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
            problems += check_columns(table, arrow)
            frames[table.name] = to_frame(decode(arrow, keep_dictionaries=table.survey))
            del arrow  # its buffers now belong to the frame
            problems += check_rules(table, frames[table.name])
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
