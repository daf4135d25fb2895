"""Load an extract directory once, validated, as read-only tables.

The app calls `load_extract` at start-up on the directory its settings name
(`dashboard.settings`; this module reads no environment); if the extract is bad it
raises `ExtractError` naming every problem and nothing is served. Tables come back as
shallow copies: under pandas copy-on-write a caller that writes to one gets its
own copy, so no callback can change what another user sees.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.data import contract, vocab
from dashboard.data.allocators import release_freed_memory
from dashboard.data.validate import ExtractError, validate_directory
from dashboard.settings import DEFAULT_DATA_DIR

__all__ = ["DEFAULT_DATA_DIR", "Extract", "load_extract"]

#: Survey columns held as ordered categoricals: smaller, faster to group, and
#: sorted in the vocabulary's order rather than alphabetically.
_CATEGORIES = {
    ("org_survey", "sector"): vocab.ORG_SURVEY_SECTORS,
    ("org_survey", "size_band"): vocab.SIZE_BANDS,
    ("org_survey", "region"): vocab.REGIONS,
    ("time_use_survey", "sector"): vocab.SECTORS,
}


@dataclass(frozen=True)
class Extract:
    directory: Path
    _tables: Mapping[str, pd.DataFrame] = field(repr=False)
    metadata: Mapping[str, Mapping[str, str]] = field(repr=False)
    loaded_at: datetime
    #: A short hash of the files' contents: the same files give the same release on every worker,
    #: so a page can tell when a panel would come from other data than the rest of it.
    release: str = ""

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables and name in self.metadata:
            raise LookupError(
                f"the records of {name} are not held: they were summed into cells and dropped "
                "(Extract.without_survey_rows); load the extract again to read them"
            )
        return self._tables[name].copy(deep=False)

    def without_survey_rows(self) -> Extract:
        """This extract without the survey tables' records, once the app has summed them into cells.

        Why: every survey card reads the cell sums (analysis/cells.py) and the protection blocks
        worked out from the records at load (analysis/disclosure.py); nothing a request does reads
        a survey record, and the survey CSVs hold estimates, not records. Holding the records
        anyway cost a worker 2 GB at 10,000,000 rows. The small tables, the metadata and the
        release are kept, so `summary`, `source_of` and `is_synthetic` answer as before.
        """
        kept = {name: df for name, df in self._tables.items() if not contract.TABLES_BY_NAME[name].survey}
        return dataclasses.replace(self, _tables=MappingProxyType(kept))

    @property
    def sources(self) -> pd.DataFrame:
        return self.table("sources")

    @property
    def participants(self) -> pd.DataFrame:
        return self.table("participants")

    @property
    def codebook(self) -> pd.DataFrame:
        return self.table("codebook")

    @property
    def findings(self) -> pd.DataFrame:
        return self.table("findings")

    @property
    def quotes(self) -> pd.DataFrame:
        return self.table("quotes")

    @property
    def published_estimates(self) -> pd.DataFrame:
        return self.table("published_estimates")

    @property
    def org_survey(self) -> pd.DataFrame:
        return self.table("org_survey")

    @property
    def time_use_survey(self) -> pd.DataFrame:
        return self.table("time_use_survey")

    def source_of(self, table_name: str) -> dict[str, Any]:
        """The source row behind a survey table, read from its Parquet metadata."""
        source_id = self.metadata[table_name][contract.META_SOURCE.decode()]
        row = self._tables["sources"].set_index("source_id").loc[source_id]
        return {"source_id": source_id, **row.to_dict()}

    def is_synthetic(self, table_name: str) -> bool:
        return self.metadata[table_name].get(contract.META_SYNTHETIC.decode()) == "true"

    def summary(self) -> dict[str, object]:
        """What is loaded, for the health endpoint and logs. No filesystem path: /healthz is
        public, and the path says how the server is laid out; logs name the directory apart."""
        return {
            "loaded_at": self.loaded_at.isoformat(timespec="seconds"),
            # Survey row counts are left out: with a shown base they could reveal a suppressed one.
            "tables": {
                name: ("loaded" if contract.TABLES_BY_NAME[name].survey else len(self._tables[name]))
                for name in dict.fromkeys([*self._tables, *self.metadata])  # dropped survey records too
            },
            "synthetic": sorted(t.name for t in contract.TABLES if t.survey and self.is_synthetic(t.name)),
        }


def _categorical(series: pd.Series, categories: tuple[str, ...]) -> pd.Categorical:
    """`series` as an ordered categorical of `categories`, coded in Arrow where it can be.

    pandas matched each of a million Arrow strings against the categories in Python-level
    index code (0.27 s a column at 1,000,000 rows); Arrow's `index_in` gives the same codes in
    0.02 s, without a full-length object intermediate. A value not in `categories` gets code
    -1 (missing), as `pd.Categorical` gives it; validation has refused any such value already.
    """
    array = series.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        codes = pc.index_in(pa.array(array), value_set=pa.array(list(categories))).fill_null(-1)
        return pd.Categorical.from_codes(
            codes.to_numpy().astype(np.int8 if len(categories) < 127 else np.int32),
            categories=list(categories),
            ordered=True,
        )
    return pd.Categorical(series, categories=list(categories), ordered=True)


def _prepare(name: str, df: pd.DataFrame) -> pd.DataFrame:
    for (table, column), categories in _CATEGORIES.items():
        if table == name:
            df[column] = _categorical(df[column], categories)
    if name == "quotes":
        df["codes"] = df["codes"].map(tuple)
    return df


#: Bytes read at a time when hashing an extract: a 10,000,000-row file is never held whole for it.
_HASH_CHUNK = 1 << 20


def content_release(directory: Path) -> str:
    """The first 16 hex digits of a SHA-256 over every table file's name and bytes."""
    digest = hashlib.sha256()
    for table in contract.TABLES:
        path = directory / table.file_name
        digest.update(table.file_name.encode() + b"\0")
        if path.is_file():
            with path.open("rb") as f:
                while chunk := f.read(_HASH_CHUNK):
                    digest.update(chunk)
    return digest.hexdigest()[:16]


def load_extract(directory: Path | str) -> Extract:
    """Validate and load every table, or raise ExtractError and load nothing."""
    directory = Path(directory)
    release = content_release(directory) if directory.is_dir() else ""
    validated, problems = validate_directory(directory)
    if validated is None:
        raise ExtractError(directory, problems)
    tables = {name: _prepare(name, df) for name, df in validated.frames.items()}
    metadata = MappingProxyType({k: MappingProxyType(v) for k, v in validated.metadata.items()})
    del validated  # the unprepared frames, so their memory can be given back now
    release_freed_memory()
    return Extract(
        directory=directory.resolve(),
        _tables=MappingProxyType(tables),
        metadata=metadata,
        loaded_at=datetime.now(UTC),
        release=release,
    )
