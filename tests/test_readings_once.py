"""The readings a KPI is judged on are found once, by the calculation, and the Dashboard,
the report and the ROI and funnel tables show them as the results carry them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from sheets_okr.calc import compute
from sheets_okr.config import Settings
from sheets_okr.dashboard import build_dashboard
from sheets_okr.io import open_backend
from sheets_okr.report import collect
from sheets_okr.run import analyse_book

from . import lookalikes_logs as logs
from .layouts import AS_OF, write_xlsx

TOTAL = "Stores!BIKES [total]"


def dashboard_table(rows: list[list[object]], heading: str) -> list[list[object]]:
    """The data rows under ``heading`` on the Dashboard, down to the blank row."""
    start = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith(heading))
    end = next(i for i in range(start + 2, len(rows)) if not rows[i])
    return rows[start + 2:end]


def test_summed_readings_are_what_the_health_dashboard_and_report_show(
        tmp_path: Path) -> None:
    # The chain's bikes in total: September 36 + 20 + 15 = 71, October 34 + 25 + 18 = 77
    # (one reading per store and month, added up because the KPI is a sum of stores).
    path = write_xlsx(logs.store_months().case, tmp_path / "stores.xlsx")
    analysis = analyse_book(open_backend(str(path)).read(), AS_OF, Settings())
    readings = analysis.results.kpi_readings()[TOTAL]
    assert readings["value"].tolist() == [71.0, 77.0]
    assert [d.month for d in readings["date"]] == [9, 10]

    kpis = analysis.model.tables["kpis"].frame
    row = kpis.index[kpis["id"] == TOTAL][0]
    assert analysis.results.tables["kpis"].at[row, "latest"] == 77.0

    shown = build_dashboard(analysis.model, analysis.results, analysis.settings).rows
    assert [r[1] for r in dashboard_table(shown, f"KPI {TOTAL}")] == [71, 77]
    report = {k.id: k for k in collect(analysis, analysis.flags).kpis}
    assert [v for _, v in report[TOTAL].history] == [71.0, 77.0]


def test_one_rule_for_a_valid_reading() -> None:
    history = pd.DataFrame({
        "date": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
                                "2026-10-05", None, "2026-12-01"]),
        "kpi": [" K1 ", "K1", "K1", "K1", None, "K1", "K1"],
        "value": [1.0, float("inf"), float("nan"), 4.0, 5.0, 6.0, 7.0],
        "_error": [False, False, False, True, False, False, False]})
    kpis = pd.DataFrame({"id": ["K1"], "kpi": ["Reply time"], "target": [1.0],
                         "_error": [False]})
    results = compute({"objectives": pd.DataFrame(), "key_results": pd.DataFrame(),
                       "kpis": kpis, "kpi_history": history}, date(2026, 11, 15))
    # Kept: the first row only (stripped ID); left out: a non-finite value, a blank value,
    # an unreadable row, no KPI, no date, a date after the as-of date.
    assert results.readings.values.tolist() == [["K1", pd.Timestamp("2026-10-01"), 1.0]]
    assert results.tables["kpis"]["history"].tolist() == [1]


def test_roi_and_funnel_rows_are_shown_in_the_period_order_of_the_results() -> None:
    roi = pd.DataFrame({"period": ["2026-Q3", "later", "2026-Q1"],
                        "period_start": pd.to_datetime(["2026-07-01", None, "2026-01-01"]),
                        "investment": [100.0, 50.0, 100.0], "return": [150.0, 50.0, 90.0],
                        "_error": [False] * 3}, index=[2, 3, 4])
    results = compute({"objectives": pd.DataFrame(), "key_results": pd.DataFrame(),
                       "roi": roi, "funnel": roi.rename(columns={"investment": "visits",
                                                                 "return": "conversions"})},
                      date(2026, 11, 15))
    assert results.in_order("roi").tolist() == [4, 2, 3]
    assert results.in_order("funnel").tolist() == [4, 2, 3]
    # Cumulative ROI follows the same order: Q1 -10 / 100, then Q1 + Q3 40 / 200.
    cumulative = results.tables["roi"]["cumulative_roi"]
    assert [round(cumulative[r], 4) for r in (4, 2)] == [-0.1, 0.2]
