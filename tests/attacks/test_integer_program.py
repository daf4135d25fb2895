"""Differencing plus an integer program: can any small group's count be pinned from the views?

For each sector of the organisation survey the unknowns are its 48 region-by-size counts
(whole numbers, at least 0). Every view a user can reach adds up some of them: the
unfiltered view all 48, a region selection the 4 sizes of each chosen region, a size
selection the 12 regions of each chosen size. Each view's CSV gives what the attacker may
conclude about that sum (`harness.knowledge`: a shown base within the published noise bound
and never under the threshold; [x] zero; [c] at least one, plus whatever a reason says).
HiGHS then finds, for every region margin, size margin and region-by-size cell with 1 to
threshold - 1 organisations, the smallest and largest value any table consistent with all
of that can give it.

Passes only if no such cell is pinned exactly and every one stays uncertain over at least
`threshold` values. This is stronger than the linear-algebra audit in
tests/analysis/test_disclosure.py: it uses the bounds that counts cannot be negative, that
[c] is not [x], and whatever a withheld cell's reason says.

Views: all 4,095 region subsets would take about three minutes per extract through the
request path, so by default the audit uses the unfiltered view, every single region and
pair of regions and their complements, 150 more random region subsets (fixed seed) and all
15 size subsets: 323 views. `ATTACKS_EXHAUSTIVE=1` uses every subset (4,111 views, about ten
minutes); on the shipped and the crafted extract under the cell key rule it gave exactly the
same range widths as the 323, so the sample loses nothing there.
"""

from __future__ import annotations

import os

import pytest

from tests.attacks.harness import Target, attack_views, integer_program_audit

pytestmark = pytest.mark.slow
EXHAUSTIVE = os.environ.get("ATTACKS_EXHAUSTIVE") == "1"
VIEWS = attack_views(sample=150, seed=11, exhaustive=EXHAUSTIVE)


def test_no_small_group_of_the_shipped_survey_can_be_pinned(shipped_target: Target) -> None:
    audit = integer_program_audit(shipped_target, VIEWS, "shipped extract")
    print(audit.summary())
    assert not audit.exact() and not audit.narrow(), audit.summary()


def test_no_small_group_of_a_40_organisation_sector_can_be_pinned(small_sector_target: Target) -> None:
    audit = integer_program_audit(small_sector_target, VIEWS, "extract with a 40-organisation sector")
    print(audit.summary())
    assert not audit.exact() and not audit.narrow(), audit.summary()
