"""Give freed memory back to the operating system after loading an extract.

Reading a million-row Parquet file and validating it allocates several hundred MB of
temporaries. pyarrow's pool and glibc's malloc keep freed memory for reuse, so without
this a worker's resident memory stays at the loading peak (measured in
docs/performance.md), and the next table or the first callbacks grow it further.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
