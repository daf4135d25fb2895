"""Editing a copied extract in tests, the way a broken or updated deployment would."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def rewrite(directory: Path, table: str, change) -> None:
    """Apply `change` to one table's DataFrame and write it back with its Parquet metadata."""
    path = directory / f"{table}.parquet"
    original = pq.read_table(path)
    frame = change(original.to_pandas())
    arrow = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(original.schema.metadata)
    pq.write_table(arrow, path)
