"""Fixtures for the attack suite: the apps under attack, and the worker processes that share the load.

Each `Target` is a real app from `create_app` on an extract directory; requests go through its
Flask test client. Every extract attacked is a private copy (data/ could be rebuilt by someone
else while the suite runs): the shipped extract, the session's freshly built one (tests/conftest.py
`built_dir`), and a crafted one in which one sector has only 40 organisations.

`ATTACKS_WORKERS` (default 2, this machine's cores) sets how many processes serve batches of
downloads; 1 runs everything in the test process. The integer-program and two-release tests
are marked `slow` (about 20-35 s each with two workers); `-m "not slow"` leaves them out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pytest

from dashboard.data.load import DEFAULT_DATA_DIR
from tests.attacks.harness import Target, copy_extract, start_pool, with_small_sector

#: The sector cut down in the crafted extract, and to how many organisations.
SMALL_SECTOR = "health"
SMALL_SECTOR_ORGS = 40
WORKERS = int(os.environ.get("ATTACKS_WORKERS", "2"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: an attack through hundreds of requests (tests/attacks: integer program, two releases)"
    )


@pytest.fixture(scope="session")
def pool() -> Iterator[Executor | None]:
    executor = start_pool(WORKERS)
    yield executor
    if executor is not None:
        executor.shutdown(cancel_futures=True)


@pytest.fixture(scope="session")
def shipped_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the shipped extract (2,000 synthetic organisations)."""
    return copy_extract(DEFAULT_DATA_DIR, tmp_path_factory.mktemp("shipped") / "extract")


@pytest.fixture(scope="session")
def shipped_target(shipped_dir: Path, pool: Executor | None) -> Target:
    return Target(shipped_dir, pool, WORKERS)


@pytest.fixture(scope="session")
def small_sector_dir(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built extract with one sector of about 40 organisations."""
    out = tmp_path_factory.mktemp("small_sector") / "extract"
    return with_small_sector(built_dir, out, SMALL_SECTOR, SMALL_SECTOR_ORGS)


@pytest.fixture(scope="session")
def small_sector_target(small_sector_dir: Path, pool: Executor | None) -> Target:
    return Target(small_sector_dir, pool, WORKERS)
