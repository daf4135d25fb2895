"""Shared fixtures: a freshly built extract in a temporary directory.

Tests build their own copy from `data/source/` so they never depend on, or
change, the Parquet files the app ships.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.data.build import build

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "data" / "source"


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
