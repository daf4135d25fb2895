"""Everything derived from one extract, built when it is loaded and shared read-only by callbacks.

A reload (dashboard/reload.py) builds a whole new context and swaps it in; a context
itself never changes.

Callbacks are stateless: each request reads the view state from the URL and
this context, so any worker (or any instance behind a load balancer) can serve
any request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from dashboard.analysis import disclosure, estimates, qualitative, survey
from dashboard.data import vocab
from dashboard.data.load import Extract
from dashboard.state import Choices

THRESHOLD_ENV = "DASHBOARD_SUPPRESSION_THRESHOLD"
MIN_PARTICIPANTS_ENV = "DASHBOARD_MIN_PARTICIPANTS"
LOW_RELIABILITY_ENV = "DASHBOARD_LOW_RELIABILITY_NEFF"
#: The organisation survey's filter dimensions, which a view may narrow one at a time.
ORG_DIMENSIONS = ("region", "size_band")


@dataclass(frozen=True)
class AppContext:
    extract: Extract
    org: pd.DataFrame
    tus: pd.DataFrame
    choices: Choices
    code_labels: Mapping[str, str]
    threshold: int
    min_participants: int
    low_neff: float
    #: Blocks of categories that a filter may not split, worked out once from the whole survey.
    org_protection: disclosure.Protection
    tus_protection: disclosure.Protection

    @property
    def codebook(self) -> pd.DataFrame:
        return self.extract.codebook


def _int_env(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value >= 1 else default


def build_context(extract: Extract, *, threshold: int | None = None, min_participants: int | None = None) -> AppContext:
    threshold = threshold or _int_env(THRESHOLD_ENV, estimates.DEFAULT_SUPPRESSION_THRESHOLD)
    tus = survey.prepare_time_use(extract.time_use_survey)
    codebook = extract.codebook
    published_sources = extract.published_estimates["source_id"].unique().tolist()
    sources = extract.sources
    ordered_sources = [s for s in sources["source_id"] if s in set(published_sources)]
    return AppContext(
        extract=extract,
        org=extract.org_survey,
        tus=tus,
        choices=Choices(
            codes=tuple(codebook["code"]),
            themes=tuple(vocab.THEMES),
            sources=tuple(ordered_sources),
            quotes=tuple(extract.quotes["quote_id"]),
        ),
        code_labels=MappingProxyType(dict(zip(codebook["code"], codebook["label"], strict=True))),
        threshold=threshold,
        min_participants=min_participants or _int_env(MIN_PARTICIPANTS_ENV, qualitative.DEFAULT_MIN_PARTICIPANTS),
        low_neff=_int_env(LOW_RELIABILITY_ENV, int(estimates.DEFAULT_LOW_RELIABILITY_NEFF)),
        org_protection=disclosure.plan(extract.org_survey, "sector", ORG_DIMENSIONS, threshold),
        tus_protection=disclosure.plan(tus, "sector", ["frontline"], threshold),
    )
