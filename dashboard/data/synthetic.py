"""Seeded generator for the synthetic survey extracts.

The real PSMPS and time-use microdata are secure-access only, so the app ships
invented respondent-level data in the same shape. A few sector-level headlines
are calibrated to published ONS figures (listed in CALIBRATION); every other
number here is made up, and the files say so in their Parquet metadata and in
their source rows. Everything is vectorised so a million rows take seconds.
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

#: Published figures the generator aims at, with the source estimate they come from.
CALIBRATION = MappingProxyType(
    {
        "median management score, police and fire = 0.69": "PSMPS pilot bulletin, Main points",
        "median management score, education = 0.57": "PSMPS pilot bulletin, Main points",
        "share of public sector organisations reporting no barriers ~ 19%": "PSMPS pilot bulletin, Main points",
        "sector-specific share of work time: frontline 66%, non-frontline 13%, all 40%": (
            "Time use further analysis, Main points"
        ),
    }
)

# --- organisation survey (PSMPS-shaped); all proportions below are invented ---
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
_SCORE_MEDIAN = {
    "central_government": 0.62,
    "local_government": 0.63,
    "health": 0.60,
    "education": 0.57,
    "police_and_fire": 0.69,
}
_SIZE_SCORE_STEP = 0.025  # larger organisations score higher (a published finding)
_AI_LOGIT = {
    "central_government": 0.4,
    "local_government": 0.2,
    "health": -0.8,
    "education": -0.6,
    "police_and_fire": -0.9,
}
_AUTOMATION_LOGIT = {
    "central_government": 0.9,
    "local_government": 0.8,
    "health": -0.1,
    "education": 0.0,
    "police_and_fire": -0.3,
}
_NO_BARRIER_P = {
    "central_government": 0.24,
    "local_government": 0.23,
    "health": 0.16,
    "education": 0.19,
    "police_and_fire": 0.17,
}
#: Per-sector propensity of each barrier, shaped to echo the qualitative findings
#: (e.g. resistance to change in health, slow decisions and cost in education).
_BARRIER_P = {
    "barrier_cost": (0.35, 0.40, 0.50, 0.60, 0.60),
    "barrier_data_security": (0.20, 0.20, 0.40, 0.35, 0.40),
    "barrier_trust_accuracy": (0.15, 0.15, 0.35, 0.25, 0.25),
    "barrier_legacy_systems": (0.35, 0.35, 0.40, 0.25, 0.50),
    "barrier_training_time": (0.20, 0.25, 0.45, 0.40, 0.40),
    "barrier_resistance_to_change": (0.15, 0.15, 0.40, 0.20, 0.20),
    "barrier_slow_decisions": (0.20, 0.20, 0.25, 0.40, 0.20),
    "barrier_remote_leaders": (0.10, 0.10, 0.35, 0.15, 0.35),
    "barrier_targets_pressure": (0.15, 0.15, 0.35, 0.35, 0.40),
    "barrier_delegation_permissions": (0.10, 0.10, 0.20, 0.15, 0.25),
    "barrier_vulnerable_groups": (0.05, 0.10, 0.30, 0.15, 0.30),
    "barrier_no_consultation": (0.10, 0.10, 0.25, 0.20, 0.25),
    "barrier_technical_expertise": (0.15, 0.20, 0.30, 0.25, 0.25),
}

# --- time-use survey (diary-shaped) ---
_WORKER_SECTOR_P = {
    "central_government": 0.15,
    "local_government": 0.12,
    "health": 0.30,
    "education": 0.30,
    "police": 0.09,
    "fire": 0.04,
}
_FRONTLINE_P = {
    "central_government": 0.20,
    "local_government": 0.35,
    "health": 0.70,
    "education": 0.75,
    "police": 0.65,
    "fire": 0.75,
}
_SECTOR_SPECIFIC_MEAN = {True: 0.66, False: 0.13}  # published frontline / non-frontline shares
_ALL_WORKERS_SECTOR_SPECIFIC = 0.40  # published all-worker share
#: Relative weight of each non-sector-specific group (invented), by frontline or not.
_NON_SECTOR_MIX = {True: (3.0, 2.0, 1.5, 0.5, 1.0), False: (2.0, 3.0, 2.5, 1.5, 1.0)}


def _pick(rng: np.random.Generator, options: tuple[str, ...] | list[str], p, n: int) -> np.ndarray:
    return rng.choice(np.asarray(options, dtype=object), size=n, p=np.asarray(p) / np.sum(p))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2.0)])


def record_keys(n: int, seed: int, *, stream: int) -> np.ndarray:
    """Cell key perturbation record keys, 0 to 255 (analysis/cellkey.py).

    Drawn from a stream of their own, so adding them changed no other column. A real
    extract must keep each respondent's key from one release to the next.
    """
    return np.random.default_rng([seed, stream]).integers(0, 256, size=n, dtype=np.int64)


def generate_org_survey(n: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 1])
    sectors = list(_ORG_SECTOR_P)
    sector = _pick(rng, sectors, list(_ORG_SECTOR_P.values()), n)
    sector_ix = np.array([sectors.index(s) for s in sector])
    size_ix = np.empty(n, dtype=int)
    for i, s in enumerate(sectors):
        mask = sector_ix == i
        size_ix[mask] = rng.choice(4, size=int(mask.sum()), p=_SIZE_P[s])
    region = _pick(rng, vocab.REGIONS, _REGION_P, n)
    weight = np.array([_ORG_BASE_WEIGHT[s] for s in sector]) * rng.lognormal(0.0, 0.25, n)
    weight = np.round(weight, 2)

    # Left-skewed scores (a long tail of weakly managed organisations), then each
    # sector shifted so its weighted median lands on the calibration target.
    raw = 0.12 - rng.gamma(3.0, 0.04, n) + _SIZE_SCORE_STEP * size_ix
    score: np.ndarray = np.empty(n)
    for i, s in enumerate(sectors):
        mask = sector_ix == i
        if mask.any():
            shift = _SCORE_MEDIAN[s] - _weighted_median(raw[mask], weight[mask])
            score[mask] = raw[mask] + shift
    score = np.round(np.clip(score, 0.0, 1.0), 3)

    def logistic(base: dict[str, float], slope: float) -> np.ndarray:
        logit = np.array([base[s] for s in sector]) + slope * (score - 0.6)
        return rng.random(n) < 1.0 / (1.0 + np.exp(-logit))

    ai_use = logistic(_AI_LOGIT, 5.0)
    automation_use = logistic(_AUTOMATION_LOGIT, 4.0)

    no_barriers = rng.random(n) < np.array([_NO_BARRIER_P[s] for s in sector])
    propensity = np.array([[_BARRIER_P[c][ix] for c in vocab.BARRIER_CODES] for ix in sector_ix])
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
    sectors = list(_WORKER_SECTOR_P)
    sector = _pick(rng, sectors, list(_WORKER_SECTOR_P.values()), n)
    frontline = rng.random(n) < np.array([_FRONTLINE_P[s] for s in sector])
    weight = rng.lognormal(0.0, 0.3, n)
    # Rescale weights so the weighted frontline share reproduces the published
    # all-worker figure: 0.66 f + 0.13 (1 - f) = 0.40.
    hi, lo = _SECTOR_SPECIFIC_MEAN[True], _SECTOR_SPECIFIC_MEAN[False]
    target_f = (_ALL_WORKERS_SECTOR_SPECIFIC - lo) / (hi - lo)
    w_front, w_other = weight[frontline].sum(), weight[~frontline].sum()
    if w_front > 0 and w_other > 0:
        weight[frontline] *= target_f / (w_front / (w_front + w_other))
        weight[~frontline] *= (1 - target_f) / (w_other / (w_front + w_other))
    weight = np.round(weight * 100.0, 3)

    concentration = 12.0
    mean = np.where(frontline, hi, lo)
    specific = rng.beta(mean * concentration, (1 - mean) * concentration)
    mix = np.where(frontline[:, None], np.array(_NON_SECTOR_MIX[True]), np.array(_NON_SECTOR_MIX[False]))
    parts = rng.gamma(mix * 2.0, 1.0)
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
