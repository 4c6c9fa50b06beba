"""KPI latest reading, health, trend, forecast and linked key results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from sheets_okr.calc.kpi import compute_kpis
from sheets_okr.config import Settings
from tests import frames as f

AS_OF = pd.Timestamp("2026-11-15")
KPI_COLUMNS = ["latest", "latest_date", "health", "trend", "forecast", "linked_krs",
               "direction_used", "progress", "gap", "long_progress", "outlook_progress",
               "ytd_actual", "ytd_target", "ytd_variance", "window_used", "history"]


def run(
    kpi_rows: list[dict[str, Any]],
    readings: list[dict[str, Any]] | None = None,
    kr_rows: list[dict[str, Any]] | None = None,
    as_of: pd.Timestamp = AS_OF,
    settings: Settings | None = None,
) -> pd.DataFrame:
    history = f.frame("kpi_history", readings) if readings is not None else None
    key_results = f.frame("key_results", kr_rows) if kr_rows is not None else None
    return compute_kpis(
        f.frame("kpis", kpi_rows), history, key_results, as_of, settings or Settings()
    )


def line(kpi: str, start: str, values: list[float]) -> list[dict[str, Any]]:
    days = pd.date_range(start, periods=len(values))
    return [{"date": d, "kpi": kpi, "value": v} for d, v in zip(days, values, strict=True)]


def health_of(
    direction: str | None, target: float | None, warning: float | None, *values: float
) -> list[Any]:
    rows = [
        {"id": f"P{i}", "direction": direction, "target": target, "warning": warning, "current": v}
        for i, v in enumerate(values)
    ]
    return run(rows)["health"].tolist()


# --- latest -----------------------------------------------------------------------------


def test_latest_is_the_reading_at_the_latest_date() -> None:
    readings = [
        {"date": "2026-11-10", "kpi": "P1", "value": 3},
        {"date": "2026-11-12", "kpi": "P1", "value": 5},
        {"date": "2026-11-01", "kpi": "P1", "value": 9},
        {"date": "2026-11-12", "kpi": "P1", "value": 6},
        {"date": "2026-11-20", "kpi": "P1", "value": 99},
        {"date": "2026-11-14", "kpi": "P1", "value": 98, "_error": True},
        {"date": None, "kpi": "P1", "value": 97},
        {"date": "2026-11-14", "kpi": "P1", "value": None},
        {"date": "2026-11-14", "kpi": None, "value": 96},
    ]
    row = run([{"id": "P1", "current": 1}], readings).iloc[0]
    assert row["latest"] == 6.0
    assert row["latest_date"] == pd.Timestamp("2026-11-12")
    assert row["history"] == 4


def test_no_readings_falls_back_on_current() -> None:
    out = run([{"id": "P1", "current": 7, "target": 5}, {"id": "P2"}], [])
    assert out.loc[2, "latest"] == 7.0
    assert out["latest_date"].isna().all()
    assert out["history"].tolist() == [0, 0]
    assert out["health"].tolist() == ["healthy", "no data"]


def test_output_shape() -> None:
    frame = f.frame("kpis", [{"id": "P1"}], index=[40])
    out = compute_kpis(frame, None, None, AS_OF, Settings())
    assert list(out.columns) == KPI_COLUMNS
    assert list(out.index) == [40]
    assert out["history"].dtype == np.int64
    assert pd.api.types.is_datetime64_any_dtype(out["latest_date"])
    empty = compute_kpis(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), AS_OF, Settings())
    assert list(empty.columns) == KPI_COLUMNS and len(empty) == 0


# --- health -----------------------------------------------------------------------------


def test_health_higher_is_better_with_warning() -> None:
    assert health_of("higher is better", 75, 70, 80, 75, 72, 70, 65) == [
        "healthy",
        "healthy",
        "warning",
        "warning",
        "breach",
    ]


def test_health_higher_is_better_without_warning() -> None:
    assert health_of("Higher", 75, None, 75, 74.9) == ["healthy", "breach"]


def test_health_lower_is_better_with_warning() -> None:
    assert health_of("Lower is better", 30, 40, 25, 30, 35, 40, 45) == [
        "healthy",
        "healthy",
        "warning",
        "warning",
        "breach",
    ]


def test_health_lower_is_better_without_warning() -> None:
    assert health_of("lower", 30, None, 30, 35) == ["healthy", "breach"]


@pytest.mark.parametrize(
    ("direction", "health"),
    [
        (None, "healthy"),
        ("up", "healthy"),
        ("↑", "healthy"),
        ("MAX", "healthy"),
        ("down", "breach"),
        ("↓", "breach"),
        ("min", "breach"),
        ("decrease", "breach"),
        ("Lower Is Better", "breach"),
    ],
)
def test_direction_spellings(direction: str | None, health: str) -> None:
    assert health_of(direction, 10, None, 12) == [health]


def test_health_without_target_is_blank_and_no_data_without_value() -> None:
    assert health_of("higher", None, 5, 12) == [pd.NA]
    assert health_of("higher", 10, 5, None) == ["no data"]


def test_stale_when_no_reading_within_the_frequency_window() -> None:
    kpi_rows = [
        {"id": "W8", "frequency": "Weekly", "target": 1},
        {"id": "W7", "frequency": "weekly", "target": 1},
        {"id": "M32", "frequency": "monthly", "target": 1},
        {"id": "B32", "target": 1},
        {"id": "B31", "frequency": "every now and then", "target": 1},
    ]
    readings = [
        {"date": "2026-11-07", "kpi": "W8", "value": 5},
        {"date": "2026-11-08", "kpi": "W7", "value": 5},
        {"date": "2026-10-14", "kpi": "M32", "value": 5},
        {"date": "2026-10-14", "kpi": "B32", "value": 5},
        {"date": "2026-10-15", "kpi": "B31", "value": 5},
    ]
    out = run(kpi_rows, readings)
    assert out["health"].tolist() == ["stale", "healthy", "stale", "stale", "healthy"]


def test_stale_grace_and_default_window_from_settings() -> None:
    kpi_rows = [{"id": "W8", "frequency": "weekly", "target": 1}, {"id": "B", "target": 1}]
    readings = [
        {"date": "2026-11-07", "kpi": "W8", "value": 5},
        {"date": "2026-11-01", "kpi": "B", "value": 5},
    ]
    settings = Settings(stale_grace=2.0, default_frequency_days=5)
    assert run(kpi_rows, readings, settings=settings)["health"].tolist() == ["healthy", "stale"]


def test_a_kpi_read_each_quarter_keeps_a_quarterly_window_when_no_frequency_says() -> None:
    kpi_rows = [{"id": "Q", "target": 1}, {"id": "M", "target": 1},
                {"id": "F", "frequency": "monthly", "target": 1}]
    readings = [{"date": d, "kpi": k, "value": 5}
                for k in ("Q", "F") for d in ("2026-03-31", "2026-06-30", "2026-09-30")]
    readings += [{"date": d, "kpi": "M", "value": 5} for d in ("2026-08-31", "2026-09-30")]
    out = run(kpi_rows, readings)  # 46 days after the last reading of each
    assert out["health"].tolist() == ["healthy", "stale", "stale"]
    assert out["window_used"].tolist()[0] == 92
    assert np.isnan(out["window_used"].tolist()[2])  # the Frequency column said it


def test_a_kpi_read_once_keeps_the_window_every_other_kpi_keeps() -> None:
    kpi_rows = [{"id": "A", "target": 1}, {"id": "B", "target": 1}, {"id": "C", "target": 1}]
    quarters = ("2026-03-31", "2026-06-30", "2026-09-30")
    readings = [{"date": d, "kpi": k, "value": 5} for k in ("A", "B") for d in quarters]
    readings += [{"date": "2026-09-30", "kpi": "C", "value": 5}]
    out = run(kpi_rows, readings)  # 46 days after the last reading of each
    assert out["health"].tolist() == ["healthy"] * 3
    assert out["window_used"].tolist() == [92, 92, 92]


def test_a_kpi_read_once_keeps_the_default_when_the_others_disagree() -> None:
    kpi_rows = [{"id": "Q", "target": 1}, {"id": "M", "target": 1}, {"id": "C", "target": 1}]
    readings = [{"date": d, "kpi": "Q", "value": 5} for d in ("2026-06-30", "2026-09-30")]
    readings += [{"date": d, "kpi": "M", "value": 5} for d in ("2026-10-15", "2026-11-14")]
    readings += [{"date": "2026-09-30", "kpi": "C", "value": 5}]
    out = run(kpi_rows, readings)
    assert out["health"].tolist() == ["healthy", "healthy", "stale"]


# --- trend and forecast -----------------------------------------------------------------


def test_trend_up_and_down_by_direction() -> None:
    kpi_rows = [
        {"id": "UP_H", "direction": "higher"},
        {"id": "UP_L", "direction": "lower"},
        {"id": "DN_H", "direction": "higher"},
        {"id": "DN_L", "direction": "lower"},
    ]
    readings = (
        line("UP_H", "2026-11-01", [10, 12, 14, 16, 18])
        + line("UP_L", "2026-11-01", [10, 12, 14, 16, 18])
        + line("DN_H", "2026-11-01", [18, 16, 14, 12, 10])
        + line("DN_L", "2026-11-01", [18, 16, 14, 12, 10])
    )
    out = run(kpi_rows, readings)
    assert out["trend"].tolist() == [
        "up (improving)",
        "up (worsening)",
        "down (worsening)",
        "down (improving)",
    ]


def test_trend_flat_within_tolerance() -> None:
    readings = (
        line("P1", "2026-11-01", [100, 100, 100])
        + line("P2", "2026-11-01", [100, 100.1, 100.2, 100.3, 100.4])
        + line("P3", "2026-11-01", [100, 101, 102])
    )
    out = run([{"id": "P1"}, {"id": "P2"}, {"id": "P3"}], readings)
    assert out["trend"].tolist() == ["flat", "flat", "up (improving)"]


def test_forecast_on_an_exact_line_to_quarter_end() -> None:
    readings = line("P1", "2026-11-01", [10, 12, 14, 16, 18])
    row = run([{"id": "P1"}], readings).iloc[0]
    # 2026-11-01 .. 2026-12-31 is 60 days at +2 a day.
    assert row["forecast"] == pytest.approx(130.0)


def test_trend_and_forecast_use_only_the_last_readings() -> None:
    readings = line("P1", "2026-10-20", [500, -300, 800]) + line(
        "P1", "2026-11-01", [50, 45, 40, 35, 30]
    )
    row = run([{"id": "P1", "direction": "lower"}], readings).iloc[0]
    assert row["trend"] == "down (improving)"
    assert row["forecast"] == pytest.approx(30 - 5 * 56)
    assert row["history"] == 8


def test_trend_points_setting() -> None:
    readings = line("P1", "2026-11-01", [0, 0, 0, 10, 20])
    out = run([{"id": "P1"}], readings, settings=Settings(trend_points=2))
    assert out.loc[2, "forecast"] == pytest.approx(20 + 10 * 56)


def test_too_few_readings_for_a_trend() -> None:
    readings = line("P1", "2026-11-01", [5]) + [
        {"date": "2026-11-03", "kpi": "P2", "value": 1},
        {"date": "2026-11-03", "kpi": "P2", "value": 2},
    ]
    out = run([{"id": "P1"}, {"id": "P2"}, {"id": "P3", "current": 4}], readings)
    assert out["trend"].isna().all()
    assert out["forecast"].isna().all()


# --- links and errors -------------------------------------------------------------------


def test_linked_krs_in_row_order() -> None:
    kr_rows = [
        {"id": "K3", "kpi": "P1"},
        {"id": "K1", "kpi": "P2"},
        {"id": "K2", "kpi": "P1"},
        {"id": None, "kpi": "P1"},
        {"id": "K4"},
    ]
    out = run([{"id": "P1"}, {"id": "P2"}, {"id": "P3"}], [], kr_rows)
    assert out["linked_krs"].tolist() == ["K3, K2", "K1", pd.NA]


def test_error_row_blank_but_history_counted() -> None:
    readings = line("P1", "2026-11-01", [10, 12])
    kpi_rows = [{"id": "P1", "target": 5, "_error": True}]
    row = run(kpi_rows, readings, [{"id": "K1", "kpi": "P1"}]).iloc[0]
    assert np.isnan(row["latest"]) and np.isnan(row["forecast"])
    assert pd.isna(row["latest_date"])
    assert row["health"] is pd.NA and row["trend"] is pd.NA and row["linked_krs"] is pd.NA
    assert row["history"] == 2


def test_duplicate_kpi_ids_share_readings() -> None:
    readings = line("P1", "2026-11-01", [1, 2])
    out = run([{"id": "P1"}, {"id": "P1"}], readings)
    assert out["latest"].tolist() == [2.0, 2.0]


def test_kpi_positions_point_at_each_kpis_readings_oldest_first() -> None:
    import pandas as pd

    from sheets_okr.calc import Results

    readings = pd.DataFrame({"kpi": ["K2", "K1", "K2", 7, "K1"],
                             "date": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03",
                                                     "2026-01-04", "2026-01-05"]),
                             "value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    results = Results(readings=readings)
    positions = results.kpi_positions()
    assert {k: list(v) for k, v in positions.items()} == {"K2": [0, 2], "K1": [1, 4],
                                                          "7": [3]}
    frames = results.kpi_readings()
    assert list(frames) == list(positions)
    for kpi, frame in frames.items():
        assert frame["value"].tolist() == readings["value"].iloc[positions[kpi]].tolist()
