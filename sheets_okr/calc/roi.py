"""ROI of initiatives and of the ROI tab, with cumulative sums in period order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import dates, errors, finite, frame_or_empty, numbers, output_frame


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator``; NaN where the denominator is 0 or blank."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return finite(np.where(denominator != 0, numerator / denominator, np.nan))


def compute_initiatives(initiatives: pd.DataFrame) -> pd.DataFrame:
    """ROI = (return − investment) / investment of each initiative."""
    frame = frame_or_empty(initiatives)
    investment = numbers(frame, "investment")
    with np.errstate(invalid="ignore", over="ignore"):
        roi = ratio(numbers(frame, "return") - investment, investment)
    roi[errors(frame)] = np.nan
    return output_frame({"roi": roi}, frame.index)


def period_order(start: np.ndarray) -> np.ndarray:
    """Row positions sorted by period start (stable), blank starts last."""
    key = start.astype("int64").astype("float64")
    key[np.isnat(start)] = np.inf
    return np.argsort(key, kind="stable")


def compute_roi(roi: pd.DataFrame) -> pd.DataFrame:
    """Net, ROI and the cumulative investment, return and ROI of each ROI row."""
    frame = frame_or_empty(roi)
    bad = errors(frame)
    investment = numbers(frame, "investment")
    gain = numbers(frame, "return")
    with np.errstate(invalid="ignore", over="ignore"):
        net = finite(gain - investment)
        single = ratio(net, investment)

        order = period_order(dates(frame, "period_start"))
        cumulative_investment = np.empty(len(frame))
        cumulative_return = np.empty(len(frame))
        counted_investment = np.where(bad | np.isnan(investment), 0.0, investment)
        counted_return = np.where(bad | np.isnan(gain), 0.0, gain)
        cumulative_investment[order] = np.cumsum(counted_investment[order])
        cumulative_return[order] = np.cumsum(counted_return[order])
        cumulative_roi = ratio(cumulative_return - cumulative_investment, cumulative_investment)
    cumulative_investment = finite(cumulative_investment)
    cumulative_return = finite(cumulative_return)

    for arr in (net, single, cumulative_investment, cumulative_return, cumulative_roi):
        arr[bad] = np.nan
    return output_frame(
        {
            "net": net,
            "roi": single,
            "cumulative_investment": cumulative_investment,
            "cumulative_return": cumulative_return,
            "cumulative_roi": cumulative_roi,
        },
        index=frame.index,
    )
