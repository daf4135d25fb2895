"""Two releases: what does a reload that drops one organisation give away about it?

The attacker downloads every compared card CSV before and after an extract in which one
organisation has gone (as a hot reload or a new release would serve), and from the
differences alone guesses

- its answers (15 flags: AI use, automation use and 13 barriers), two ways. Removing an
  organisation that has a flag lowers that flag's share wherever it was counted, so each view
  in which the sector's numbers changed votes by the direction of the change; and, stronger,
  the answers are fitted to the sizes of all the changes at once, each weighted by how much
  the published estimate shift (half a standard error at most) could have moved it
  (`harness.model_guess`); and, knowing the noise is shared per atomic cell, by fitting one
  offset per answer across all the views (`harness.offset_guess`). The best of the three is scored;
- where it was: the views whose numbers changed hold it, the views whose numbers did not
  change (all shown) do not.

The releases are a copy of the shipped extract (2,000 organisations) and the crafted one with
a 40-organisation sector, each less one organisation at a time. (In the 600-organisation
built extract most regions of four sectors sit in blocks, so the attack has little to vote
with; the larger extract is the harder test.) The removals are staged where the attack is
strongest: five organisations in the region with the most organisations, one per sector, each
the one in the smallest region-by-size cell of its sector there (for the small sector, five of
its own), so that many selections hold them. Passes if the answers are guessed right no more
than 0.7 of the time over the five (chance is 0.5), no shown base difference is certain to be
exactly 1, and no removed organisation is placed in a group of fewer than `threshold`
organisations.

Views, per release: the unfiltered view, each region, each size subset, and random region
selections (fixed seed), 48 holding the staged region and 8 not (16 and 4 for the small
sector): 84 (48) views x 2 cards, about 30 s (18 s) with two workers. More selections make the
attack stronger: 2,048 hold a given region (with 400, the sign vote alone rose from 63% to 85%
on the shipped extract under the cell key rule).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.load import load_extract
from tests.attacks.conftest import SMALL_SECTOR, WORKERS
from tests.attacks.harness import (
    ReleaseAttack,
    busiest_region,
    organisations_to_remove,
    release_attack,
    release_views,
)

pytestmark = pytest.mark.slow
REMOVED = 5
#: Region selections holding the removed organisations' region, and others, compared per release.
WITH_FOCUS, WITHOUT_FOCUS = 48, 8
#: Fewer for the small sector: its regions sit in blocks, so most selections show it as [c] anyway.
SMALL_WITH_FOCUS, SMALL_WITHOUT_FOCUS = 16, 4
#: Above this share of answers guessed right, differencing releases tells the attacker something.
MAX_FLAG_ACCURACY = 0.7


def _org(directory: Path) -> pd.DataFrame:
    return load_extract(directory).org_survey


@pytest.fixture(scope="module")
def shipped_release(shipped_dir: Path, tmp_path_factory: pytest.TempPathFactory, pool) -> ReleaseAttack:
    org = _org(shipped_dir)
    region = busiest_region(org)
    removed = organisations_to_remove(org, REMOVED, region)
    views = release_views(region, with_focus=WITH_FOCUS, without_focus=WITHOUT_FOCUS, seed=5)
    work = tmp_path_factory.mktemp("releases")
    attack = release_attack(shipped_dir, work, removed, views, "shipped extract (2,000 organisations)", pool, WORKERS)
    print(attack.summary())
    return attack


@pytest.fixture(scope="module")
def small_sector_release(small_sector_dir: Path, tmp_path_factory: pytest.TempPathFactory, pool) -> ReleaseAttack:
    org = _org(small_sector_dir)
    region = busiest_region(org, [SMALL_SECTOR])
    removed = organisations_to_remove(org, REMOVED, region, [SMALL_SECTOR])
    views = release_views(region, with_focus=SMALL_WITH_FOCUS, without_focus=SMALL_WITHOUT_FOCUS, seed=5)
    work = tmp_path_factory.mktemp("small_sector_releases")
    label = f"extract with a 40-organisation {SMALL_SECTOR} sector"
    attack = release_attack(small_sector_dir, work, removed, views, label, pool, WORKERS)
    print(attack.summary())
    return attack


ATTACKS = ["shipped_release", "small_sector_release"]
#: Known, accepted limit (docs/methods.md): the same records give the same numbers in every
#: release (the ONS cell key design, so that many releases cannot be averaged), so the views
#: that changed are exactly the views that hold a changed record, and intersecting them places
#: it in its region-by-size cell. Its answers stay hidden (the test above), but where it sat
#: does not. Strict: an XPASS means the rule changed and this note must too.
KNOWN_LOCATION_LEAK = pytest.mark.xfail(
    strict=True, reason="consistent perturbation: the views that change are the views holding the change"
)
LOCATED = [pytest.param("shipped_release", marks=KNOWN_LOCATION_LEAK), "small_sector_release"]


@pytest.mark.parametrize("which", ATTACKS)
def test_differencing_two_releases_does_not_give_away_the_removed_organisations_answers(which, request) -> None:
    attack: ReleaseAttack = request.getfixturevalue(which)
    assert len(attack.guesses) >= REMOVED
    assert attack.flag_accuracy() <= MAX_FLAG_ACCURACY, attack.summary()


@pytest.mark.parametrize("which", ATTACKS)
def test_no_base_difference_between_releases_is_certainly_one(which, request) -> None:
    attack: ReleaseAttack = request.getfixturevalue(which)
    assert sum(g.certain_ones for g in attack.guesses) == 0, attack.summary()


@pytest.mark.parametrize("which", LOCATED)
def test_the_changed_views_do_not_place_the_removed_organisation_in_a_small_group(which, request) -> None:
    attack: ReleaseAttack = request.getfixturevalue(which)
    located = [g for g in attack.guesses if g.group_size < attack.threshold]
    assert not located, f"{len(located)} of {len(attack.guesses)} placed in a group under the threshold\n" + (
        attack.summary()
    )
