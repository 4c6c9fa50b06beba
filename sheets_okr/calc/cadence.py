"""The reporting window a KPI's readings keep, when no Frequency says it: the median days
between its reading days, snapped to a known frequency."""

from __future__ import annotations

import numpy as np

from ..config import FREQUENCY_DAYS

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


def snap_all(days: np.ndarray) -> np.ndarray:
    """:func:`snap` of each cadence; NaN stays NaN."""
    return np.array([d if np.isnan(d) else snap(float(d)) for d in days], dtype="float64")


def window_name(days: float) -> str:
    """A reporting window in words.

    >>> window_name(92.0), window_name(45.0)
    ('quarterly', 'every 45 days')
    """
    name = NAMES.get(int(days)) if float(days).is_integer() else None
    return name if name else f"every {days:g} days"
