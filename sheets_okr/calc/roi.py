"""ROI of initiatives and of the ROI tab, with cumulative sums in period order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .frames import dates, errors, finite, frame_or_empty, numbers, output_frame


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
    present = present_value(frame, gain, counted_investment, counted_return, order)

    for arr in (net, single, cumulative_investment, cumulative_return, cumulative_roi,
                *present.values()):
        arr[bad] = np.nan
    return output_frame(
        {
            "net": net,
            "roi": single,
            "cumulative_investment": cumulative_investment,
            "cumulative_return": cumulative_return,
            "cumulative_roi": cumulative_roi,
            **present,
        },
        index=frame.index,
    )


def present_value(frame: pd.DataFrame, gain: np.ndarray, investment: np.ndarray,
                  counted_return: np.ndarray, order: np.ndarray) -> dict[str, np.ndarray]:
    """With a discount rate, each return discounted to the start of the first period
    (``return / (1 + rate) ** years``, years from the first period's start to the row's
    period end; a row with no period is discounted over one year), the ROI on it and
    the cumulative ROI on the discounted returns."""
    n = len(frame)
    rate = numbers(frame, "discount_rate")
    if n == 0 or np.isnan(rate).all():
        return {}
    start = dates(frame, "period_start")
    end = dates(frame, "period_end")
    first = start[~np.isnat(start)].min() if (~np.isnat(start)).any() else None
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        if first is None:
            years = np.ones(n)
        else:
            years = (end - first) / np.timedelta64(1, "D") / 365.25
            years = np.where(np.isnat(end), 1.0, years)
        factor = (1.0 + rate) ** years
        pv_return = finite(gain / factor)
        pv_roi = ratio(pv_return - investment, investment)
        counted = np.where(np.isnan(pv_return), 0.0, counted_return / factor)
        cumulative = np.empty(n)
        cumulative[order] = np.cumsum(counted[order])
        spent = np.empty(n)
        spent[order] = np.cumsum(investment[order])
        pv_cumulative_roi = ratio(cumulative - spent, spent)
    return {"pv_return": pv_return, "pv_roi": pv_roi, "pv_cumulative_roi": pv_cumulative_roi}
