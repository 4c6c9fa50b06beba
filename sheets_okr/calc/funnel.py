"""Conversion rate of each funnel row, and the step and overall conversion of each stage
of a funnel of any number of stages."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .frames import errors, frame_or_empty, numbers, output_frame, texts
from .roi import ratio


def compute_funnel(funnel: pd.DataFrame) -> pd.DataFrame:
    """Conversion rate = conversions / visits; blank when visits are 0 or blank."""
    frame = frame_or_empty(funnel)
    rate = ratio(numbers(frame, "conversions"), numbers(frame, "visits"))
    rate[errors(frame)] = np.nan
    return output_frame({"conversion_rate": rate}, frame.index)


def compute_stages(stages: pd.DataFrame) -> pd.DataFrame:
    """Per segment, stages in ``stage_order`` (rows in order where it is blank): step
    conversion = count / the previous stage's count (blank for the first stage) and
    overall conversion = count / the first stage's count; blank where that count is 0
    or blank.

    >>> frame = pd.DataFrame({"stage": ["visit", "cart", "buy"], "count": [200.0, 50, 10]})
    >>> compute_stages(frame).round(3).to_dict("list")
    {'step_conversion': [nan, 0.25, 0.2], 'overall_conversion': [1.0, 0.25, 0.05]}
    """
    frame = frame_or_empty(stages)
    n = len(frame)
    count = numbers(frame, "count")
    count[errors(frame)] = np.nan
    order = numbers(frame, "stage_order")
    position = np.arange(n, dtype="float64")
    keys = pd.DataFrame({
        "segment": texts(frame, "segment").fillna("").to_numpy(object),
        "order": np.where(np.isnan(order), position, order),
        "position": position,
        "count": count,
    })
    ranked = keys.sort_values(["segment", "order", "position"], kind="stable")
    groups = ranked.groupby("segment", sort=False)["count"]
    previous = groups.shift(1).to_numpy("float64")
    first_row = ~ranked.duplicated("segment").to_numpy()
    heads = ranked["count"].where(first_row)
    first = heads.groupby(ranked["segment"], sort=False).transform("max").to_numpy("float64")
    current = ranked["count"].to_numpy("float64")
    step = ratio(current, previous)
    step[first_row] = np.nan
    overall = ratio(current, first)
    out_step = np.full(n, np.nan)
    out_overall = np.full(n, np.nan)
    at = ranked.index.to_numpy()
    out_step[at] = step
    out_overall[at] = overall
    return output_frame({"step_conversion": out_step, "overall_conversion": out_overall},
                        frame.index)
