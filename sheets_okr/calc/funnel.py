"""Conversion rate of each funnel row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import errors, frame_or_empty, numbers, output_frame
from .roi import ratio


def compute_funnel(funnel: pd.DataFrame) -> pd.DataFrame:
    """Conversion rate = conversions / visits; blank when visits are 0 or blank."""
    frame = frame_or_empty(funnel)
    rate = ratio(numbers(frame, "conversions"), numbers(frame, "visits"))
    rate[errors(frame)] = np.nan
    return output_frame({"conversion_rate": rate}, frame.index)
