"""How often a KPI is read, from its readings, when no Frequency says it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import FREQUENCY_DAYS
from .frames import dates, day64, errors, numbers, texts

WINDOWS = sorted(set(FREQUENCY_DAYS.values()))
"""The reporting windows a cadence snaps to, in days."""
NAMES = {days: next(k for k, v in FREQUENCY_DAYS.items() if v == days) for days in WINDOWS}
SLACK = 0.9
"""A cadence a little shorter than a window still takes it (quarters of 90 days)."""


def snap(days: float) -> float:
    """The shortest reporting window that a reading every ``days`` days fits.

    >>> snap(91.5), snap(30), snap(7), snap(400)
    (92.0, 31.0, 7.0, 400.0)
    """
    for window in WINDOWS:
        if days <= window / SLACK:
            return float(max(window, days))
    return float(days)


def cadence_days(history: pd.DataFrame, ids: pd.Series, as_of: pd.Timestamp) -> np.ndarray:
    """Per KPI of ``ids``, the window its readings keep (the median days between its
    reading dates up to ``as_of``, snapped to a known frequency); NaN with fewer than
    two reading dates."""
    out = np.full(len(ids), np.nan)
    if history.empty or not len(ids):
        return out
    when = dates(history, "date")
    kpi = texts(history, "kpi")
    with np.errstate(invalid="ignore"):
        valid = (~errors(history) & ~np.isnat(when) & ~np.isnan(numbers(history, "value"))
                 & kpi.notna().to_numpy() & (when <= day64(as_of)))
    if not valid.any():
        return out
    seen = pd.DataFrame({"kpi": kpi.to_numpy(object)[valid], "date": when[valid]})
    seen = seen.drop_duplicates().sort_values(["kpi", "date"])
    gaps = seen.groupby("kpi")["date"].diff().dt.days
    median = gaps.groupby(seen["kpi"]).median().dropna()
    if median.empty:
        return out
    windows = median.map(snap)
    found = pd.Series(ids.to_numpy(object)).map(windows)
    return found.to_numpy(dtype="float64", na_value=np.nan)


def window_name(days: float) -> str:
    """A reporting window in words.

    >>> window_name(92.0), window_name(45.0)
    ('quarterly', 'every 45 days')
    """
    name = NAMES.get(int(days)) if float(days).is_integer() else None
    return name if name else f"every {days:g} days"
