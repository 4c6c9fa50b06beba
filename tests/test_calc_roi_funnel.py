"""ROI of initiatives and of the ROI tab, and funnel conversion rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sheets_okr.calc.funnel import compute_funnel
from sheets_okr.calc.roi import compute_initiatives, compute_roi
from tests import frames as f

ROI_COLUMNS = ["net", "roi", "cumulative_investment", "cumulative_return", "cumulative_roi"]


def test_initiative_roi() -> None:
    out = compute_initiatives(
        f.initiatives(
            {"id": "I1", "investment": 1000, "return": 1300},
            {"id": "I2", "investment": 10, "return": 30},
            {"id": "I3", "investment": 0, "return": 30},
            {"id": "I4", "return": 30},
            {"id": "I5", "investment": 10},
            {"id": "I6", "investment": 1000, "return": 1300, "_error": True},
        )
    )
    assert list(out.columns) == ["roi"]
    assert out["roi"].tolist()[:2] == pytest.approx([0.30, 2.0])
    assert out["roi"].isna().tolist() == [False, False, True, True, True, True]


def test_roi_1000_to_1300_is_30_percent_with_net_300() -> None:
    row = compute_roi(f.roi({"period": "2026-Q1", "investment": 1000, "return": 1300})).iloc[0]
    assert row["net"] == pytest.approx(300.0)
    assert row["roi"] == pytest.approx(0.30)
    assert row["cumulative_roi"] == pytest.approx(0.30)


def test_roi_cumulative_in_period_order_aligned_to_rows() -> None:
    frame = f.frame(
        "roi",
        [
            {"period": "2026-Q2", "investment": 200, "return": 100},
            {"period": "2026-Q1", "investment": 1000, "return": 1300},
            {"period": "someday", "investment": 100},
            {"period": "2026-Q3", "return": 50},
        ],
        index=[10, 11, 12, 13],
    )
    out = compute_roi(frame)
    assert list(out.columns) == ROI_COLUMNS
    assert list(out.index) == [10, 11, 12, 13]
    assert out["net"].tolist()[:2] == pytest.approx([-100.0, 300.0])
    assert out["net"].isna().tolist()[2:] == [True, True]
    assert out["roi"].tolist()[:2] == pytest.approx([-0.5, 0.3])
    assert out["cumulative_investment"].tolist() == pytest.approx([1200, 1000, 1300, 1200])
    assert out["cumulative_return"].tolist() == pytest.approx([1400, 1300, 1450, 1450])
    assert out["cumulative_roi"].tolist() == pytest.approx(
        [0.1666667, 0.3, 0.1153846, 0.2083333], abs=1e-7
    )


def test_roi_rows_without_start_keep_their_order_at_the_end() -> None:
    out = compute_roi(
        f.roi(
            {"investment": 1, "return": 1},
            {"period": "2026-Q1", "investment": 10, "return": 10},
            {"investment": 100, "return": 100},
        )
    )
    assert out["cumulative_investment"].tolist() == pytest.approx([11, 10, 111])


def test_roi_zero_investment_is_blank_and_error_rows_not_counted() -> None:
    out = compute_roi(
        f.roi(
            {"period": "2026-01", "investment": 0, "return": 50},
            {"period": "2026-02", "investment": 500, "return": 400, "_error": True},
            {"period": "2026-03", "investment": 100, "return": 150},
        )
    )
    assert np.isnan(out.iloc[0]["roi"]) and np.isnan(out.iloc[0]["cumulative_roi"])
    assert out.iloc[0]["net"] == 50.0
    assert out.iloc[1].isna().all()
    assert out.iloc[2]["cumulative_investment"] == 100.0
    assert out.iloc[2]["cumulative_return"] == 200.0
    assert out.iloc[2]["cumulative_roi"] == pytest.approx(1.0)


def test_conversion_rate() -> None:
    frame = f.frame(
        "funnel",
        [
            {"period": "2026-11", "visits": 665, "conversions": 13},
            {"period": "2026-12", "visits": 0, "conversions": 3},
            {"period": "2027-01", "conversions": 3},
            {"period": "2027-02", "visits": 10, "conversions": 12},
            {"period": "2027-03", "visits": 10},
            {"period": "2027-04", "visits": 10, "conversions": 1, "_error": True},
        ],
        index=[3, 4, 5, 6, 7, 8],
    )
    out = compute_funnel(frame)
    assert list(out.columns) == ["conversion_rate"]
    assert list(out.index) == [3, 4, 5, 6, 7, 8]
    rate = out["conversion_rate"]
    assert rate.iloc[0] == pytest.approx(0.0195488, abs=1e-7)
    assert round(rate.iloc[0] * 100, 2) == 1.95
    assert rate.iloc[3] == pytest.approx(1.2)
    assert rate.isna().tolist() == [False, True, True, False, True, True]


def test_empty_and_bare_frames() -> None:
    assert list(compute_roi(pd.DataFrame()).columns) == ROI_COLUMNS
    assert len(compute_funnel(pd.DataFrame())) == 0
    bare = pd.DataFrame({"investment": [100.0]})
    assert compute_initiatives(bare)["roi"].isna().all()
    row = compute_roi(bare).iloc[0]
    assert row["cumulative_investment"] == 100.0 and row["cumulative_roi"] == -1.0
