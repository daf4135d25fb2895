"""Everything derived from one extract, built when it is loaded and shared read-only by callbacks.

A reload (dashboard/reload.py) builds a whole new context and swaps it in; a context
itself never changes, and everything computed from it is kept in its own `memo`.
The disclosure and reliability rules come from the validated `Settings`, passed in: this
module reads no environment.

Callbacks are stateless: each request reads the view state from the URL and
this context, so any worker (or any instance behind a load balancer) can serve
any request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd

from dashboard.analysis import cellkey, cells, disclosure, qualitative, survey
from dashboard.data import vocab
from dashboard.data.load import Extract
from dashboard.settings import Settings
from dashboard.state import Choices

T = TypeVar("T")
#: Distinct (name, view state) results kept per context; many users open the same few prepared views.
#: build_context sizes each memo from the view-cache setting; this is its default.
DEFAULT_MEMO_SIZE = Settings().view_cache


class Memo:
    """A bounded, thread-safe LRU of values computed from one context.

    It belongs to the context it caches for, so a reload that swaps in a new context
    starts with an empty memo and nothing derived from old data is served again; no
    other code needs to know that reloads happen. Keys must be hashable and should be
    validated view states (never raw request data), so a crafted request cannot fill it
    with junk. A size of 0 turns caching off.
    """

    def __init__(self, size: int = DEFAULT_MEMO_SIZE):
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.size <= 0:
            return compute()
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # outside the lock: two requests may compute the same value once each
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def __reduce__(self) -> tuple:
        """A pickled memo is an empty one of the same size: its lock cannot be pickled, and what
        it kept (drawn pages, views) is recomputed by whoever loads the context."""
        return (Memo, (self.size,))


#: How callbacks get the live context: called once per request, its result used for the whole
#: request. The app factory decides where it comes from (a fixed context, or a reloading source).
ContextGetter = Callable[[], "AppContext"]

#: The organisation survey's filter dimensions, which a view may narrow one at a time.
ORG_DIMENSIONS = ("region", "size_band")


@dataclass(frozen=True)
class AppContext:
    #: The served context's extract holds no survey records (`keep_rows=False` in build_context):
    #: every survey number comes from the cell tables and protection blocks below.
    extract: Extract
    choices: Choices
    code_labels: Mapping[str, str]
    threshold: int
    min_participants: int
    low_neff: float
    #: Blocks of categories that a filter may not split, worked out once from the whole survey.
    org_protection: disclosure.Protection
    tus_protection: disclosure.Protection
    #: The surveys as sums per atomic cell (analysis/cells.py): what every survey card reads.
    org_cells: cells.CellTable
    tus_cells: cells.CellTable
    #: The cell key perturbation table for shown survey bases and estimates (analysis/cellkey.py).
    ptable: cellkey.PTable
    #: The quotes and findings any view may show under the quote rule (analysis/qualitative.py):
    #: filter counts and the valid quote ids come from these, never from the raw tables.
    quotes: pd.DataFrame
    findings: pd.DataFrame
    #: Views and the page layout computed from this context, by (name, view state).
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def codebook(self) -> pd.DataFrame:
        return self.extract.codebook

    @property
    def org(self) -> pd.DataFrame:
        """The organisation survey's records, for tests that check shown numbers against them.

        Only a context built with `keep_rows=True` has them; the server's does not (a
        LookupError says so), and no view reads them.
        """
        return self.extract.org_survey


def build_context(extract: Extract, settings: Settings, *, keep_rows: bool = True) -> AppContext:
    """Everything the views need from `extract`, under the disclosure rules in `settings`.

    The surveys are summed into cells and protection blocks here; with `keep_rows=False` the
    context then holds the extract without the survey records (`Extract.without_survey_rows`),
    so once the caller lets go of `extract` they are freed. The server does that
    (dashboard/reload.py); tests that compare shown numbers with the records keep them.
    """
    threshold = settings.suppression_threshold
    tus = survey.prepare_time_use(extract.time_use_survey)
    codebook = extract.codebook
    published_sources = extract.published_estimates["source_id"].unique().tolist()
    sources = extract.sources
    ordered_sources = [s for s in sources["source_id"] if s in set(published_sources)]
    quotes = qualitative.showable_quotes(extract.quotes, extract.participants, settings.min_participants)
    org = extract.org_survey
    org_cells, tus_cells = survey.org_cells(org), survey.time_use_cells(tus)
    return AppContext(
        extract=extract if keep_rows else extract.without_survey_rows(),
        choices=Choices(
            codes=tuple(codebook["code"]),
            themes=tuple(vocab.THEMES),
            sources=tuple(ordered_sources),
            quotes=tuple(quotes["quote_id"]),
        ),
        code_labels=MappingProxyType(dict(zip(codebook["code"], codebook["label"], strict=True))),
        threshold=threshold,
        min_participants=settings.min_participants,
        low_neff=settings.low_reliability_neff,
        org_protection=survey.protection(org, org_cells, ORG_DIMENSIONS, threshold),
        tus_protection=survey.protection(tus, tus_cells, ["frontline"], threshold),
        org_cells=org_cells,
        tus_cells=tus_cells,
        ptable=cellkey.PTable.generate(threshold),
        quotes=quotes,
        findings=qualitative.shown_findings(extract.findings, extract.participants, settings.min_participants),
        memo=Memo(settings.view_cache),
    )
