"""Shared fixtures: the shipped extract, and a freshly built one in a temporary directory.

Tests that check the shipped data read `data/` once per session through `shipped_extract`
(the loaded tables are read-only). Tests that need an extract of their own build a copy from
`data/source/` so they never depend on, or change, the Parquet files the app ships.

Everything under tests/browser/ is marked `browser` here, so `pytest -m "not browser"`
(`make test-fast`) runs every other test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.data.build import build
from dashboard.data.load import DEFAULT_DATA_DIR, Extract, load_extract

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "data" / "source"
BROWSER_DIR = Path(__file__).resolve().parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def shipped_extract() -> Extract:
    """The extract the app ships in data/, loaded once (read-only: tables come back as copies)."""
    return load_extract(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    """A complete, valid extract with small synthetic surveys (read-only by convention)."""
    out = tmp_path_factory.mktemp("extract")
    shutil.copytree(SOURCE_DIR, out / "source")
    build(out, orgs=600, workers=600, seed=7)
    return out


@pytest.fixture
def extract_copy(built_dir, tmp_path) -> Path:
    """A private copy of the built extract that a test may corrupt."""
    out = tmp_path / "extract"
    shutil.copytree(built_dir, out, ignore=shutil.ignore_patterns("source"))
    return out
