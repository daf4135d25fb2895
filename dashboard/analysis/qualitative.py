"""Who stands behind each coded finding and quote: the matrix columns and the quote rule.

The source warns its findings cannot be quantified, so nothing in the qualitative modules
is a percentage of people, and nothing says how widely a code was raised. Each finding and
quote belongs to one matrix column (`column_of`): a sector's current managers, findings the
article attributes to no sector, or the former civil servants. A finding the article
attributes to no sector ("some managers felt ...", "managers from across the sectors ...")
stays in its own column and is never copied into, or counted as raised in, any sector.

The quote rule protects the people behind each quote, not just the selection: a quote whose
own group (sector, method, participant group, as in the participants table;
`data.quote_groups`) has fewer than the minimum participants is never shown, and neither is
a matrix column with fewer. A rule on the selection alone can be differenced away ("all
sectors" minus "all but one" isolates a one-person group); a rule on each quote cannot,
because every quote that any view shows already stands for a group of at least the minimum
(`showable_quotes`). See docs/methods.md.

The rest of the qualitative analysis reads this module: `qualitative_matrix` (the sector x
code matrix), `qualitative_filters` (the findings and quotes a view lists),
`qualitative_search` (whole-word search and highlighting) and `qualitative_links` (links to
the article's sections).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data import vocab
from dashboard.data.quote_groups import group_keys, group_sizes

#: Matrix columns: the six sectors, findings attributed to no sector, former civil servants.
ALL_SECTORS = vocab.ALL_SECTORS
FORMER = "former_civil_servant"
MATRIX_COLUMNS = (*vocab.SECTORS, ALL_SECTORS, FORMER)
COLUMN_LABELS = {
    **{s: vocab.SECTOR_LABELS[s] for s in vocab.SECTORS},
    ALL_SECTORS: "Not sector-specific",
    FORMER: "Former civil servants",
}
#: What the column of findings attributed to no sector holds, for subtitles and descriptions.
ALL_SECTORS_MEANING = (
    "findings the article states about managers in general, or about every sector at once, without naming a "
    "sector; they are never counted as raised in any sector"
)
#: Default: a quote from a group of fewer participants than this is never shown, nor is a
#: matrix column of fewer, nor the quotes of a selection narrowing the sample to fewer.
DEFAULT_MIN_PARTICIPANTS = 3


def column_of(sector: object, participant_group: str) -> str:
    """Which matrix column a finding or quote belongs to."""
    if participant_group == FORMER:
        return FORMER
    return str(sector)


def columns_of(frame: pd.DataFrame) -> list[str]:
    """`column_of` for every row of a findings or quotes table, in order."""
    return [column_of(s, g) for s, g in zip(frame["sector"], frame["participant_group"], strict=True)]


def participant_groups(participants: pd.DataFrame) -> list[str]:
    """Groups in the sample, in matrix order: each sector's managers and former civil servants."""
    present = set(columns_of(participants))
    return [c for c in MATRIX_COLUMNS if c in present]


def quote_group_sizes(quotes: pd.DataFrame, participants: pd.DataFrame) -> list[int]:
    """For each quote, in order, the people in its own group; 0 if it matches no sample row."""
    sizes = group_sizes(participants)
    return [sizes.get(key, 0) for key in group_keys(quotes)]


def showable_quotes(quotes: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The quotes any view may ever show: those whose own group has at least `min_participants`.

    This is the rule that survives differencing. A quote from a smaller group (or from a
    group the sample does not have) is dropped before any filter runs, so no pair of
    selections, however chosen, can tell it apart from the rest. Every count of quotes the
    product shows ("Showing X of Y", matrix cells, filter options) starts from this pool.
    """
    keep = np.array([n >= min_participants for n in quote_group_sizes(quotes, participants)], dtype=bool)
    return quotes[keep]


def column_sizes(participants: pd.DataFrame) -> dict[str, int]:
    """People behind each matrix column: a sector's current managers (every method), or the
    former civil servants. The all-sector column is statements, not people, so is not here."""
    sizes: Counter[str] = Counter()
    for column, n in zip(columns_of(participants), participants["participants"], strict=True):
        sizes[column] += int(n)
    return dict(sizes)


def withheld_columns(participants: pd.DataFrame, min_participants: int) -> list[str]:
    """Matrix columns, in matrix order, with fewer than `min_participants` people behind them.

    Such a column would attribute its findings and quotes to a person or two, so it is
    never shown as its own column, and its findings are shown nowhere else. Withholding
    rather than merging it into a neighbour keeps every column a fixed set of people: a
    merged column that split again when a filter dropped one of its members could be
    differenced. The decision depends on the sample only, never on the filters.
    """
    sizes = column_sizes(participants)
    return [c for c in MATRIX_COLUMNS if c != ALL_SECTORS and sizes.get(c, 0) < min_participants]


def shown_findings(findings: pd.DataFrame, participants: pd.DataFrame, min_participants: int) -> pd.DataFrame:
    """The findings any view may show: those not attributed to a withheld matrix column."""
    withheld = set(withheld_columns(participants, min_participants))
    return findings[[c not in withheld for c in columns_of(findings)]]


def include_former(sectors: Iterable[str], groups: Iterable[str]) -> bool:
    """Former civil servants have no sector, so a sector filter cannot select them.

    They are shown when their group is selected and no sector filter is active;
    narrowing to some sectors means "show me these sectors", which they are not.
    """
    return FORMER in set(groups) and set(sectors) >= set(vocab.SECTORS)


def shown_columns(sectors: Iterable[str], groups: Iterable[str]) -> list[str]:
    """Matrix columns for the current filters: selected sectors, always the all-sector column,
    and former civil servants when `include_former` says so."""
    sectors, groups = set(sectors), set(groups)
    columns = [s for s in vocab.SECTORS if s in sectors and "current_manager" in groups]
    if "current_manager" in groups:
        columns.append(ALL_SECTORS)
    if include_former(sectors, groups):
        columns.append(FORMER)
    return columns


@dataclass(frozen=True)
class Selection:
    """The sector, method and group filters, as sets: `selection(sector, method, group)` says whether
    they select a quotes or participants row (former civil servants only as `include_former` says).
    A row at a time, in plain Python: on these few rows a pandas mask costs far more."""

    sectors: frozenset[str]
    methods: frozenset[str]
    groups: frozenset[str]
    former: bool

    @classmethod
    def of(cls, *, sectors: Iterable[str], methods: Iterable[str], groups: Iterable[str]) -> Selection:
        sectors, groups = frozenset(sectors), frozenset(groups)
        return cls(sectors, frozenset(methods), groups, include_former(sectors, groups))

    def __call__(self, sector: object, method: object, group: object) -> bool:
        if group not in self.groups or method not in self.methods:
            return False
        return self.former if group == FORMER else sector in self.sectors


def sample_groups(participants: pd.DataFrame) -> tuple[tuple[tuple[object, object, object], int], ...]:
    """Each participants row's (sector, method, participant group), with its people, as a `Selection`
    reads them."""
    groups = zip(participants["sector"], participants["method"], participants["participant_group"], strict=True)
    return tuple((group, int(n)) for group, n in zip(groups, participants["participants"], strict=True))


def participants_behind(
    participants: pd.DataFrame, *, sectors: Iterable[str], methods: Iterable[str], groups: Iterable[str]
) -> int:
    """How many people the qualitative filters narrow the sample to.

    The selection-level rule: a selection of 1 to min-1 people shows no quotes. With
    `showable_quotes` it cannot be differenced: a quote a selection S shows and a
    selection T (same codes and search) does not is from a group in S's sample and not
    T's (had T's sample held it, T would hold at least the minimum and show it), so the
    people S has and T lacks number at least the minimum. What withholding does reveal,
    that a selection holds fewer than the minimum, is the sample table (article section 8).
    """
    selection = Selection.of(sectors=sectors, methods=methods, groups=groups)
    return sum(n for group, n in sample_groups(participants) if selection(*group))
