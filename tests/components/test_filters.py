"""The filter panel, built from the shipped extract (no browser)."""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from dashboard.components.filters import SHORTCUTS, filter_panel
from dashboard.context import build_context
from dashboard.data import vocab
from dashboard.settings import Settings
from dashboard.state import CONTROL_FIELDS
from dashboard.transitions import SHORTCUT_SECTORS
from tests.components.tree import walk


@pytest.fixture(scope="module")
def context(shipped_extract):
    return build_context(shipped_extract, Settings())


@pytest.fixture(scope="module")
def panel(context):
    return filter_panel(context)


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


def test_each_code_category_has_one_pattern_matching_checklist_and_its_label(panel, context):
    """One callback input, ids.codes_checklist(ALL), covers every category: no ids built and parsed back."""
    checklists = [c for c in walk(panel) if isinstance(getattr(c, "id", None), dict)]
    categories = [c for c in vocab.CODE_CATEGORIES if c in set(context.codebook["category"])]
    assert [c.id for c in checklists] == [ids.codes_checklist(category) for category in categories]
    labels = {c.id for c in walk(panel) if isinstance(getattr(c, "id", None), str)}
    assert {ids.codes_label(category) for category in categories} <= labels
    for checklist, category in zip(checklists, categories, strict=True):
        codes = set(context.codebook.loc[context.codebook["category"] == category, "code"])
        assert {o["value"] for o in checklist.options} == codes


def test_every_state_control_and_shortcut_is_in_the_panel(panel):
    found = {c.id for c in walk(panel) if isinstance(getattr(c, "id", None), str)}
    assert {f.control for f in CONTROL_FIELDS if f.control != ids.QUOTE_SEARCH} <= found
    assert [bid for bid, _ in SHORTCUTS] == list(SHORTCUT_SECTORS)
    assert set(SHORTCUT_SECTORS) <= found


def test_code_options_count_distinct_findings_and_quotes(panel, context):
    """A finding has one row per sector it names but is one finding: "Data security (4)" was one finding
    split over four sectors. Labels say what they count."""
    labels = {
        o["value"]: o["label"]
        for category in vocab.CODE_CATEGORIES
        for o in (_options(panel, ids.codes_checklist(category)) or [])
    }
    assert len(labels) == len(context.codebook)
    # F39 (four sectors) and F78 (no sector named); no quote.
    assert labels["barrier_data_security"] == "Data security and GDPR risk (2 findings, 0 quotes)"
    # F12, F34, F35, F41, F54, F74; quotes Q09, Q10, Q18, Q21.
    assert labels["barrier_cost"] == "Cost and finite budgets (6 findings, 4 quotes)"
    assert labels["barrier_slow_decisions"] == "Slow decision making (1 finding, 1 quote)"
    for code, label in labels.items():
        found = re.search(r"\((\d+) findings?, (\d+) quotes?\)$", label)
        assert found, label
        findings = context.findings.loc[context.findings["code"] == code, "finding_id"].nunique()
        quotes = sum(code in codes for codes in context.quotes["codes"])
        assert (int(found.group(1)), int(found.group(2))) == (findings, quotes), code
