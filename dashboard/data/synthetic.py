"""Seeded generator for the synthetic survey extracts.

The real PSMPS and time-use microdata are secure-access only, so the app ships
invented respondent-level data in the same shape, to demonstrate the method
(weighted estimates, intervals, disclosure control). The numbers mean nothing.

**Sector differences are random.** Every difference between sectors in a measure
comes from a per-sector offset drawn from the seed (`org_sector_effects`,
`time_use_sector_effects`): a normal draw with standard deviation
`SECTOR_EFFECT_SD` on the logit scale (on the log scale for the mix of
non-sector-specific activities), drawn independently for each measure and each
sector. Nothing here reads, or was tuned to, the qualitative findings, the
codebook or the quotes: a different seed gives a different ordering of sectors.

**Levels.** Each measure's level, listed with its origin. For every organisation
measure the intercept is solved so that the weighted all-sector level equals its
base rate in expectation, whatever the random sector offsets.

- From published ONS figures (CALIBRATION):
  - median management score 0.69 for police and fire (the highest sector) and
    0.57 for education (the lowest): PSMPS pilot 2023 bulletin, Main points
    (published estimates E005, E006). The three sectors ONS gives no median for
    get a median drawn from the seed, uniformly between those two.
  - 19% of organisations report no barriers: PSMPS pilot 2023 bulletin, Main
    points (E007).
  - share of work time on sector-specific activities: frontline 66%,
    non-frontline 13%, all workers 40%: Time use in the public sector, further
    analysis, February 2024, Main points (E021 to E023). The frontline base rate,
    (40 - 13) / (66 - 13) = 51%, follows from these three; the frontline and
    non-frontline intercepts are solved so that each keeps its published share.
- Arbitrary round base rates, from no source (ARBITRARY): uses AI 30%, uses
  automation 50%, each barrier 25% (its propensity among organisations that
  report any barrier), an equal mix of the five non-sector-specific activity
  groups, and the slopes tying AI and automation use to an organisation's score
  relative to its own sector's mean (so they add no sector difference).

The sample composition (sector, size and region mix, design weights) is invented
too; it shapes the bases, not the sector differences. Everything is vectorised so
a million rows take seconds. The module runs past 250 lines because every level and its
origin (published or arbitrary) sits beside the code that uses it, so an audit of what
the invented data assume reads one file.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from dashboard.data import vocab

DEFAULT_SEED = 20241021
#: Near the real surveys: PSMPS had 1,943 responding organisations; the time-use
#: pilot planned up to 7,000 workers (achieved sample not published).
DEFAULT_ORGS = 2000
DEFAULT_WORKERS = 4000

#: Standard deviation of every random sector effect: logit scale for rates and
#: shares, log scale for the non-sector-specific mix. Modest, and arbitrary.
SECTOR_EFFECT_SD = 0.3

#: Published figures the generator aims at, with the source estimate they come from.
CALIBRATION = MappingProxyType(
    {
        "median management score, police and fire = 0.69": "PSMPS pilot bulletin, Main points (E005)",
        "median management score, education = 0.57": "PSMPS pilot bulletin, Main points (E006)",
        "share of public sector organisations reporting no barriers = 19%": (
            "PSMPS pilot bulletin, Main points (E007)"
        ),
        "sector-specific share of work time: frontline 66%, non-frontline 13%, all 40%": (
            "Time use further analysis, Main points (E021 to E023)"
        ),
    }
)

_AI_BASE = 0.30  # arbitrary
_AUTOMATION_BASE = 0.50  # arbitrary
_BARRIER_BASE = 0.25  # arbitrary
_NO_BARRIERS = 0.19  # published, E007
_AI_SLOPE = 5.0  # arbitrary
_AUTOMATION_SLOPE = 4.0  # arbitrary
_PUBLISHED_SCORE_MEDIAN = MappingProxyType({"police_and_fire": 0.69, "education": 0.57})  # E005, E006
_SIZE_SCORE_STEP = 0.025  # arbitrary; within a sector only (each sector is re-centred on its median)
_NON_SECTOR_BASE_MIX = 1.0  # arbitrary: every non-sector-specific group weighs the same

#: Levels from no source: plain round numbers, chosen arbitrarily.
ARBITRARY = MappingProxyType(
    {
        "uses AI, all sectors": _AI_BASE,
        "uses automation, all sectors": _AUTOMATION_BASE,
        "each barrier, among organisations reporting any barrier": _BARRIER_BASE,
        "each non-sector-specific activity group's relative weight": _NON_SECTOR_BASE_MIX,
        "AI use slope per unit of management score, within a sector (logit)": _AI_SLOPE,
        "automation use slope per unit of management score, within a sector (logit)": _AUTOMATION_SLOPE,
        "management score step per size band": _SIZE_SCORE_STEP,
        "standard deviation of every random sector effect": SECTOR_EFFECT_SD,
    }
)

#: The organisation survey's yes/no measures, in the order their effects are drawn.
ORG_MEASURES: tuple[str, ...] = ("ai_use", "automation_use", "no_barriers", *vocab.BARRIER_CODES)
_ORG_BASE_RATE = MappingProxyType(
    {
        "ai_use": _AI_BASE,
        "automation_use": _AUTOMATION_BASE,
        "no_barriers": _NO_BARRIERS,
        **{code: _BARRIER_BASE for code in vocab.BARRIER_CODES},
    }
)

# --- sample composition (invented; shapes bases and weights, not sector differences) ---
_ORG_SECTOR_P = {
    "central_government": 0.12,
    "local_government": 0.16,
    "health": 0.10,
    "education": 0.54,
    "police_and_fire": 0.08,
}
_ORG_BASE_WEIGHT = {
    "central_government": 3.0,
    "local_government": 4.0,
    "health": 5.0,
    "education": 12.0,
    "police_and_fire": 3.5,
}
_SIZE_P = {
    "central_government": (0.15, 0.25, 0.30, 0.30),
    "local_government": (0.20, 0.25, 0.25, 0.30),
    "health": (0.10, 0.20, 0.30, 0.40),
    "education": (0.45, 0.40, 0.12, 0.03),
    "police_and_fire": (0.05, 0.20, 0.35, 0.40),
}
_REGION_P = (0.04, 0.11, 0.08, 0.07, 0.09, 0.09, 0.13, 0.14, 0.09, 0.05, 0.08, 0.03)

# --- time-use survey (diary-shaped) ---
_WORKER_SECTOR_P = {
    "central_government": 0.15,
    "local_government": 0.12,
    "health": 0.30,
    "education": 0.30,
    "police": 0.09,
    "fire": 0.04,
}
_SECTOR_SPECIFIC_MEAN = {True: 0.66, False: 0.13}  # published frontline / non-frontline shares (E022, E023)
_ALL_WORKERS_SECTOR_SPECIFIC = 0.40  # published all-worker share (E021)
#: Frontline share implied by the three published shares: 0.66 f + 0.13 (1 - f) = 0.40.
_FRONTLINE_BASE = (_ALL_WORKERS_SECTOR_SPECIFIC - _SECTOR_SPECIFIC_MEAN[False]) / (
    _SECTOR_SPECIFIC_MEAN[True] - _SECTOR_SPECIFIC_MEAN[False]
)
_NON_SECTOR_GROUPS: tuple[str, ...] = tuple(vocab.ACTIVITY_GROUPS)[1:]
#: The measures of the time-use survey whose sector effects are drawn, in draw order.
TIME_USE_MEASURES: tuple[str, ...] = ("frontline", "share_sector_specific", *_NON_SECTOR_GROUPS)

# Random streams: 1 and 2 draw respondents, 3 and 4 record keys, 5 and 6 sector effects.
_ORG_EFFECT_STREAM = 5
_TIME_USE_EFFECT_STREAM = 6


def _pick(rng: np.random.Generator, options: tuple[str, ...] | list[str], p, n: int) -> np.ndarray:
    return rng.choice(np.asarray(options, dtype=object), size=n, p=np.asarray(p) / np.sum(p))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2.0)])


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def _intercept(target: float, offsets: np.ndarray, weights: np.ndarray) -> float:
    """The logit c at which the weighted mean of expit(c + offset) is `target`."""
    if weights.sum() <= 0:
        return _logit(target)
    lo, hi = -30.0, 30.0
    for _ in range(80):
        mid = (lo + hi) / 2.0
        if float(np.average(_expit(mid + offsets), weights=weights)) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def record_keys(n: int, seed: int, *, stream: int) -> np.ndarray:
    """Cell key perturbation record keys, 0 to 255 (analysis/cellkey.py).

    Drawn from a stream of their own, so adding them changed no other column. A real
    extract must keep each respondent's key from one release to the next.
    """
    return np.random.default_rng([seed, stream]).integers(0, 256, size=n, dtype=np.int64)


def _org_draws(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The organisation survey's random sector effects and score medians, one stream."""
    rng = np.random.default_rng([seed, _ORG_EFFECT_STREAM])
    shape = (len(ORG_MEASURES), len(vocab.ORG_SURVEY_SECTORS))
    draws = rng.normal(0.0, SECTOR_EFFECT_SD, size=shape)
    low, high = _PUBLISHED_SCORE_MEDIAN["education"], _PUBLISHED_SCORE_MEDIAN["police_and_fire"]
    return draws, rng.uniform(low, high, size=shape[1])


def org_sector_effects(seed: int = DEFAULT_SEED) -> dict[str, dict[str, float]]:
    """Each organisation-survey measure's random per-sector logit offset, from the seed alone.

    Independent normal draws, mean 0 and sd `SECTOR_EFFECT_SD`, one per measure and
    sector (ORG_MEASURES by vocab.ORG_SURVEY_SECTORS).
    """
    draws, _ = _org_draws(seed)
    sectors = vocab.ORG_SURVEY_SECTORS
    return {m: {s: float(draws[i, j]) for j, s in enumerate(sectors)} for i, m in enumerate(ORG_MEASURES)}


def score_medians(seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Each sector's median management score: published where ONS gives one, else random.

    ONS publishes police and fire (0.69, highest) and education (0.57, lowest); the
    other sectors' medians are drawn from the seed, uniformly between the two.
    """
    _, drawn = _org_draws(seed)
    sectors = vocab.ORG_SURVEY_SECTORS
    return {s: _PUBLISHED_SCORE_MEDIAN.get(s, round(float(drawn[j]), 3)) for j, s in enumerate(sectors)}


def time_use_sector_effects(seed: int = DEFAULT_SEED) -> dict[str, dict[str, float]]:
    """Each time-use measure's random per-sector offset, from the seed alone.

    `frontline` and `share_sector_specific` are logit offsets; each non-sector-specific
    group's is a log offset on its weight in the mix. All are independent normal draws,
    mean 0 and sd `SECTOR_EFFECT_SD` (TIME_USE_MEASURES by vocab.SECTORS).
    """
    rng = np.random.default_rng([seed, _TIME_USE_EFFECT_STREAM])
    sectors = vocab.SECTORS
    draws = rng.normal(0.0, SECTOR_EFFECT_SD, size=(len(TIME_USE_MEASURES), len(sectors)))
    return {m: {s: float(draws[i, j]) for j, s in enumerate(sectors)} for i, m in enumerate(TIME_USE_MEASURES)}


def generate_org_survey(n: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 1])
    effects = org_sector_effects(seed)
    medians = score_medians(seed)
    sectors = list(_ORG_SECTOR_P)
    sector = _pick(rng, sectors, list(_ORG_SECTOR_P.values()), n)
    sector_ix = np.array([sectors.index(s) for s in sector], dtype=int)
    size_ix = np.empty(n, dtype=int)
    for i, s in enumerate(sectors):
        mask = sector_ix == i
        size_ix[mask] = rng.choice(4, size=int(mask.sum()), p=_SIZE_P[s])
    region = _pick(rng, vocab.REGIONS, _REGION_P, n)
    weight = np.array([_ORG_BASE_WEIGHT[s] for s in sector]) * rng.lognormal(0.0, 0.25, n)
    weight = np.round(weight, 2)
    sector_weight = np.bincount(sector_ix, weights=weight, minlength=len(sectors))

    # Left-skewed scores (a long tail of weakly managed organisations), then each
    # sector shifted so its weighted median lands on its median (score_medians).
    raw = 0.12 - rng.gamma(3.0, 0.04, n) + _SIZE_SCORE_STEP * size_ix
    score: np.ndarray = np.empty(n)
    centred: np.ndarray = np.zeros(n)  # score minus its sector's weighted mean
    for i, s in enumerate(sectors):
        mask = sector_ix == i
        if mask.any():
            shift = medians[s] - _weighted_median(raw[mask], weight[mask])
            score[mask] = raw[mask] + shift
    score = np.round(np.clip(score, 0.0, 1.0), 3)
    for i in range(len(sectors)):
        mask = sector_ix == i
        if mask.any():
            centred[mask] = score[mask] - np.average(score[mask], weights=weight[mask])

    def logit(measure: str) -> np.ndarray:
        """Each organisation's logit: intercept plus its sector's random offset."""
        offsets = np.array([effects[measure][s] for s in sectors])
        return _intercept(_ORG_BASE_RATE[measure], offsets, sector_weight) + offsets[sector_ix]

    # The score slope acts within a sector only (centred on the sector's mean), so it
    # adds no difference between sectors.
    ai_use = rng.random(n) < _expit(logit("ai_use") + _AI_SLOPE * centred)
    automation_use = rng.random(n) < _expit(logit("automation_use") + _AUTOMATION_SLOPE * centred)

    no_barriers = rng.random(n) < _expit(logit("no_barriers"))
    propensity = np.column_stack([_expit(logit(code)) for code in vocab.BARRIER_CODES])
    flags = rng.random(propensity.shape) < propensity
    # An organisation that reports barriers reports at least one: draw it by propensity.
    empty = ~no_barriers & ~flags.any(axis=1)
    if empty.any():
        cum = np.cumsum(propensity[empty], axis=1)
        draw = rng.random(int(empty.sum()))[:, None] * cum[:, -1:]
        flags[np.flatnonzero(empty), (draw > cum).sum(axis=1)] = True
    flags[no_barriers] = False

    frame = pd.DataFrame(
        {
            "org_id": [f"ORG{i:07d}" for i in range(1, n + 1)],
            "record_key": record_keys(n, seed, stream=3),
            "sector": sector.astype(str),
            "size_band": np.asarray(vocab.SIZE_BANDS, dtype=object)[size_ix].astype(str),
            "region": region.astype(str),
            "design_weight": weight,
            "management_score": score,
            "ai_use": ai_use,
            "automation_use": automation_use,
            "no_barriers": no_barriers,
        }
    )
    for j, code in enumerate(vocab.BARRIER_CODES):
        frame[code] = flags[:, j]
    return frame


def generate_time_use_survey(n: int = DEFAULT_WORKERS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 2])
    effects = time_use_sector_effects(seed)
    sectors = list(_WORKER_SECTOR_P)
    sector = _pick(rng, sectors, list(_WORKER_SECTOR_P.values()), n)
    sector_ix = np.array([sectors.index(s) for s in sector], dtype=int)

    def offsets(measure: str) -> np.ndarray:
        return np.array([effects[measure][s] for s in sectors])

    frontline_p = _expit(_logit(_FRONTLINE_BASE) + offsets("frontline"))
    frontline = rng.random(n) < frontline_p[sector_ix]
    weight = rng.lognormal(0.0, 0.3, n)
    # Rescale weights so the weighted frontline share reproduces the published
    # all-worker figure: 0.66 f + 0.13 (1 - f) = 0.40.
    target_f = _FRONTLINE_BASE
    w_front, w_other = weight[frontline].sum(), weight[~frontline].sum()
    if w_front > 0 and w_other > 0:
        weight[frontline] *= target_f / (w_front / (w_front + w_other))
        weight[~frontline] *= (1 - target_f) / (w_other / (w_front + w_other))
    weight = np.round(weight * 100.0, 3)

    # Sector-specific share: published frontline and non-frontline levels, each sector
    # moved by its random offset, the intercepts solved so each group keeps its level.
    specific_offsets = offsets("share_sector_specific")
    mean: np.ndarray = np.empty(n)
    for is_front in (True, False):
        mask = frontline == is_front
        group_weight = np.bincount(sector_ix[mask], weights=weight[mask], minlength=len(sectors))
        c = _intercept(_SECTOR_SPECIFIC_MEAN[is_front], specific_offsets, group_weight)
        mean[mask] = _expit(c + specific_offsets[sector_ix[mask]])
    concentration = 12.0
    specific = rng.beta(mean * concentration, (1 - mean) * concentration)
    mix = _NON_SECTOR_BASE_MIX * np.exp(np.column_stack([offsets(g) for g in _NON_SECTOR_GROUPS]))
    parts = rng.gamma(mix[sector_ix] * 2.0, 1.0)
    parts = parts / parts.sum(axis=1, keepdims=True) * (1.0 - specific)[:, None]
    shares = np.column_stack([specific, parts])
    shares = np.round(shares, 4)
    # Absorb the rounding in each row's largest share so every row sums to one.
    largest = shares.argmax(axis=1)
    shares[np.arange(n), largest] += 1.0 - shares.sum(axis=1)

    frame = pd.DataFrame(
        {
            "worker_id": [f"W{i:08d}" for i in range(1, n + 1)],
            "record_key": record_keys(n, seed, stream=4),
            "sector": sector.astype(str),
            "frontline": frontline,
            "weight": weight,
        }
    )
    for j, name in enumerate(vocab.ACTIVITY_GROUPS):
        frame[name] = shares[:, j]
    return frame
