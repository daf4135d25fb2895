"""The filter panel, built from the shipped extract (no browser)."""

from __future__ import annotations

import re

import pytest

from dashboard.components.filters import filter_panel
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.data.load import DEFAULT_DATA_DIR, load_extract


@pytest.fixture(scope="module")
def panel():
    return filter_panel(build_context(load_extract(DEFAULT_DATA_DIR)))


def _options(component, cid: str) -> list[dict]:
    if getattr(component, "id", None) == cid:
        return component.options
    for child in getattr(component, "children", None) or []:
        if hasattr(child, "children") or hasattr(child, "options"):
            found = _options(child, cid)
            if found is not None:
                return found
    return None


def test_region_and_size_options_carry_no_counts(panel):
    """A region's total across sectors, minus the sectors a view shows, would give back a suppressed count."""
    assert [o["label"] for o in _options(panel, "regions")] == list(vocab.REGIONS)
    assert [o["label"] for o in _options(panel, "size-bands")] == [f"{b} employees" for b in vocab.SIZE_BANDS]


def test_sector_options_count_quotes(panel):
    labels = [o["label"] for o in _options(panel, "sectors")]
    assert all(re.search(r"\(\d+ quotes?\)$", label) for label in labels), labels
