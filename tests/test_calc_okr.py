"""Key-result and objective scoring, expected progress, status and grade."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from sheets_okr.calc import compute
from sheets_okr.calc.okr import compute_key_results, compute_objectives
from sheets_okr.config import Settings
from tests import frames as f

Q2 = "2026-Q2"  # 2026-04-01 .. 2026-06-30, 90 days
MID_Q2 = pd.Timestamp("2026-05-16")  # 45 days in: expected 0.5
AS_OF = pd.Timestamp("2026-11-15")
KR_COLUMNS = ["progress", "score", "expected", "status", "grade", "gap", "current_used",
              "baseline_used",
              "kind_used", "pace_used"]


def krs(
    *rows: dict[str, Any],
    objectives: pd.DataFrame | None = None,
    kpi_results: pd.DataFrame | None = None,
    as_of: pd.Timestamp = AS_OF,
    settings: Settings | None = None,
) -> pd.DataFrame:
    if objectives is None:
        objectives = f.objectives({"id": "O1"})
    rows = tuple({"objective": "O1", **r} for r in rows)
    return compute_key_results(
        f.key_results(*rows), objectives, kpi_results, as_of, settings or Settings()
    )


def one(**row: Any) -> pd.Series:
    return krs({"id": "K1", **row}).iloc[0]


def statuses(*currents: float, as_of: pd.Timestamp = MID_Q2, **extra: Any) -> list[Any]:
    rows = [
        {"id": f"K{i}", "baseline": 0, "target": 100, "current": c, **extra}
        for i, c in enumerate(currents)
    ]
    out = krs(*rows, objectives=f.objectives({"id": "O1", "period": Q2}), as_of=as_of)
    return out["status"].tolist()


# --- kinds and scores -------------------------------------------------------------------


def test_decrease_reply_time_48_to_30_now_36() -> None:
    row = one(baseline=48, target=30, current=36)
    assert row["kind_used"] == "decrease"
    assert row["progress"] == pytest.approx(0.6667, abs=1e-4)
    assert row["score"] == pytest.approx(0.6667, abs=1e-4)


def test_increase_over_and_under_achievement() -> None:
    out = krs(
        {"id": "K1", "baseline": 0, "target": 100, "current": 120},
        {"id": "K2", "baseline": 10, "target": 20, "current": 5},
        {"id": "K3", "baseline": 10, "target": 20, "current": 17},
    )
    assert out["kind_used"].tolist() == ["increase"] * 3
    assert out["progress"].tolist() == pytest.approx([1.2, -0.5, 0.7])
    assert out["score"].tolist() == pytest.approx([1.0, 0.0, 0.7])


def test_blank_baseline_counts_as_zero() -> None:
    row = one(target=200, current=50)
    assert row["kind_used"] == "increase"
    assert row["score"] == pytest.approx(0.25)


def test_target_equal_to_baseline_has_no_score() -> None:
    row = one(baseline=5, target=5, current=7)
    assert np.isnan(row["progress"]) and np.isnan(row["score"])
    assert row["status"] == "no data"
    assert row["grade"] is pd.NA


def test_blank_target_has_no_score() -> None:
    row = one(baseline=5, current=7)
    assert np.isnan(row["score"])
    assert row["status"] == "no data"


def test_blank_current_is_no_data() -> None:
    row = one(baseline=0, target=10)
    assert np.isnan(row["score"]) and np.isnan(row["current_used"])
    assert row["status"] == "no data"
    assert row["grade"] is pd.NA


def test_milestone_done_not_done_and_partial() -> None:
    out = krs(
        {"id": "K1", "current": True},
        {"id": "K2", "current": False},
        {"id": "K3", "kind": "milestone", "current": 0.45},
        {"id": "K4", "kind": "Milestone", "current": 1.5},
        {"id": "K5", "target": True, "current": False},
    )
    assert out["kind_used"].tolist() == ["milestone"] * 5
    assert out["score"].tolist() == pytest.approx([1.0, 0.0, 0.45, 1.0, 0.0])
    assert out["progress"].tolist() == pytest.approx([1.0, 0.0, 0.45, 1.5, 0.0])


def test_boolean_current_with_numeric_target_is_not_a_milestone() -> None:
    row = one(baseline=0, target=4, current=True)
    assert row["kind_used"] == "increase"
    assert row["score"] == pytest.approx(0.25)


def test_keep_above_and_keep_below() -> None:
    out = krs(
        {"id": "K1", "kind": "keep above", "target": 75, "current": 80},
        {"id": "K2", "kind": "Keep_Above", "target": 75, "current": 75},
        {"id": "K3", "kind": "at least", "target": 75, "current": 70},
        {"id": "K4", "kind": "keep-below", "target": 30, "current": 25},
        {"id": "K5", "kind": "At Most", "target": 30, "current": 30},
        {"id": "K6", "kind": "KEEP BELOW", "target": 30, "current": 35},
    )
    assert out["kind_used"].tolist() == ["keep-above"] * 3 + ["keep-below"] * 3
    assert out["score"].tolist() == [1.0, 1.0, 0.0, 1.0, 1.0, 0.0]
    assert out["progress"].tolist() == out["score"].tolist()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Increase", "increase"),
        ("DECREASE", "decrease"),
        ("binary", "milestone"),
        ("Boolean", "milestone"),
        ("keepabove", "keep-above"),
        ("keep_below", "keep-below"),
    ],
)
def test_kind_spellings(text: str, kind: str) -> None:
    assert one(kind=text, baseline=0, target=10, current=5)["kind_used"] == kind


def test_unknown_kind_is_inferred() -> None:
    out = krs(
        {"id": "K1", "kind": "whatever", "baseline": 10, "target": 5, "current": 6},
        {"id": "K2", "kind": "   ", "baseline": 1, "target": 5, "current": 3},
    )
    assert out["kind_used"].tolist() == ["decrease", "increase"]
    assert out["score"].tolist() == pytest.approx([0.8, 0.5])


def test_explicit_kind_uses_the_same_attainment_formula() -> None:
    row = one(kind="increase", baseline=48, target=30, current=36)
    assert row["kind_used"] == "increase"
    assert row["score"] == pytest.approx(0.6667, abs=1e-4)


# --- linked KPI ---------------------------------------------------------------------------


def test_blank_current_taken_from_linked_kpi() -> None:
    kpi_results = pd.DataFrame({"id": ["P1", "P2"], "latest": [42.0, np.nan]})
    out = krs(
        {"id": "K1", "baseline": 0, "target": 84, "kpi": "P1"},
        {"id": "K2", "baseline": 0, "target": 84, "current": 21, "kpi": "P1"},
        {"id": "K3", "baseline": 0, "target": 84, "kpi": "P2"},
        {"id": "K4", "baseline": 0, "target": 84, "kpi": "P9"},
        kpi_results=kpi_results,
    )
    assert out["current_used"].tolist()[:2] == [42.0, 21.0]
    assert out["current_used"].isna().tolist()[2:] == [True, True]
    assert out["score"].tolist()[:2] == pytest.approx([0.5, 0.25])
    assert out["status"].tolist()[2:] == ["no data", "no data"]


def test_compute_links_kr_to_kpi_latest_reading() -> None:
    frames = {
        "objectives": f.objectives({"id": "O1", "period": "2026-Q4"}),
        "key_results": f.key_results(
            {"id": "K1", "objective": "O1", "kind": "keep below", "target": 30, "kpi": "P1"}
        ),
        "kpis": f.kpis({"id": "P1", "direction": "lower", "target": 30}),
        "kpi_history": f.history(
            {"date": "2026-11-01", "kpi": "P1", "value": 40},
            {"date": "2026-11-10", "kpi": "P1", "value": 28},
        ),
    }
    out = compute(frames, AS_OF.date()).get("key_results")
    assert out.loc[2, "current_used"] == 28.0
    assert out.loc[2, "score"] == 1.0
    assert out.loc[2, "status"] == "achieved"


# --- expected ---------------------------------------------------------------------------


def test_expected_halfway_through_a_quarter() -> None:
    out = krs({"id": "K1"}, objectives=f.objectives({"id": "O1", "period": Q2}), as_of=MID_Q2)
    assert out.loc[2, "expected"] == pytest.approx(0.5)


def test_expected_clamped_before_and_after_the_period() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2})
    before = krs({"id": "K1"}, objectives=objectives, as_of=pd.Timestamp("2026-03-01"))
    after = krs({"id": "K1"}, objectives=objectives, as_of=pd.Timestamp("2026-08-01"))
    assert before.loc[2, "expected"] == 0.0
    assert after.loc[2, "expected"] == 1.0


def test_expected_precedence_kr_dates_then_objective_dates_then_period() -> None:
    objectives = f.objectives(
        {"id": "O1", "period": Q2, "start": "2026-05-06", "end": "2026-05-26"},
        {"id": "O2", "period": Q2},
    )
    out = krs(
        {"id": "K1", "start": "2026-05-11", "due": "2026-05-21"},
        {"id": "K2", "due": "2026-05-21"},
        {"id": "K3"},
        {"id": "K4", "objective": "O2", "start": "2026-05-01"},
        objectives=objectives,
        as_of=MID_Q2,
    )
    assert out["expected"].tolist() == pytest.approx([0.5, 10 / 15, 0.5, 15 / 60])


def test_expected_blank_without_dates_or_with_reversed_dates() -> None:
    out = krs(
        {"id": "K1", "baseline": 0, "target": 10, "current": 5},
        {"id": "K2", "start": "2026-06-01", "due": "2026-05-01", "target": 10, "current": 5},
        {"id": "K3", "start": "2026-06-01", "due": "2026-06-01", "target": 10, "current": 5},
        {"id": "K4", "objective": "O9", "target": 10, "current": 5},
        as_of=MID_Q2,
    )
    assert out["expected"].isna().all()
    assert out["status"].isna().all()
    assert out["score"].tolist() == pytest.approx([0.5] * 4)


def test_duplicate_objective_ids_first_row_wins() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2}, {"id": "O1", "period": "2026-Q3"})
    out = krs({"id": "K1"}, objectives=objectives, as_of=MID_Q2)
    assert out.loc[2, "expected"] == pytest.approx(0.5)


# --- status -----------------------------------------------------------------------------


def test_status_boundaries_at_half_expected() -> None:
    assert statuses(100, 40, 39, 25, 24, None) == [
        "achieved",
        "on track",
        "at risk",
        "at risk",
        "off track",
        "no data",
    ]


def test_status_missed_after_the_period_ends() -> None:
    after = pd.Timestamp("2026-07-01")
    assert statuses(100, 90, 85, 10, as_of=after) == ["achieved", "on track", "missed", "missed"]


def test_status_on_the_last_day_is_not_missed_yet() -> None:
    last_day = pd.Timestamp("2026-06-30")
    assert statuses(85, 70, as_of=last_day) == ["at risk", "off track"]


def test_status_thresholds_from_settings() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2})
    settings = Settings(on_track_margin=0.2, at_risk_margin=0.3)
    out = krs(
        {"id": "K1", "target": 100, "current": 30},
        {"id": "K2", "target": 100, "current": 20},
        {"id": "K3", "target": 100, "current": 19},
        objectives=objectives,
        as_of=MID_Q2,
        settings=settings,
    )
    assert out["status"].tolist() == ["on track", "at risk", "off track"]


# --- grade ------------------------------------------------------------------------------


def grades(objective_type: str | None, *currents: float) -> list[Any]:
    objectives = f.objectives({"id": "O1", "type": objective_type})
    rows = [{"id": f"K{i}", "target": 100, "current": c} for i, c in enumerate(currents)]
    return krs(*rows, objectives=objectives)["grade"].tolist()


def test_grade_boundaries_aspirational() -> None:
    expected = ["red", "red", "yellow", "yellow", "green", "green", "green"]
    assert grades("aspirational", 0, 39, 40, 69, 70, 99, 100) == expected
    assert grades(None, 0, 39, 40, 69, 70, 99, 100) == expected


def test_grade_committed_needs_full_score_for_green() -> None:
    assert grades("Committed", 39, 40, 70, 99, 100, 120) == [
        "red",
        "yellow",
        "yellow",
        "yellow",
        "green",
        "green",
    ]


def test_grade_thresholds_from_settings() -> None:
    objectives = f.objectives({"id": "O1"})
    settings = Settings(grade_yellow=0.3, grade_green=0.6)
    out = krs(
        {"id": "K1", "target": 100, "current": 30},
        {"id": "K2", "target": 100, "current": 60},
        objectives=objectives,
        settings=settings,
    )
    assert out["grade"].tolist() == ["yellow", "green"]


# --- errors, shape ----------------------------------------------------------------------


def test_error_rows_are_blank_but_keep_current_and_kind() -> None:
    out = krs(
        {"id": "K1", "baseline": 0, "target": 10, "current": 5, "_error": True},
        objectives=f.objectives({"id": "O1", "period": Q2}),
        as_of=MID_Q2,
    )
    row = out.iloc[0]
    assert np.isnan(row["progress"]) and np.isnan(row["score"]) and np.isnan(row["expected"])
    assert row["status"] is pd.NA and row["grade"] is pd.NA
    assert row["current_used"] == 5.0
    assert row["kind_used"] == "increase"


def test_columns_and_index_are_kept() -> None:
    frame = f.frame("key_results", [{"id": "K1", "objective": "O1"}], index=[17])
    out = compute_key_results(frame, f.objectives({"id": "O1"}), None, AS_OF, Settings())
    assert list(out.columns) == KR_COLUMNS
    assert list(out.index) == [17]
    assert out["status"].dtype == object and out["grade"].dtype == object


def test_empty_and_missing_columns() -> None:
    out = compute_key_results(pd.DataFrame(), pd.DataFrame(), None, AS_OF, Settings())
    assert list(out.columns) == KR_COLUMNS and len(out) == 0
    bare = pd.DataFrame({"id": ["K1"], "current": [3.0]}, index=[5])
    row = compute_key_results(bare, None, None, AS_OF, Settings()).loc[5]
    assert row["kind_used"] == "increase" and row["status"] == "no data"


# --- objectives -------------------------------------------------------------------------


def objective_scores(
    objectives: pd.DataFrame, key_results: pd.DataFrame, as_of: pd.Timestamp = MID_Q2
) -> pd.DataFrame:
    kr_results = compute_key_results(key_results, objectives, None, as_of, Settings())
    return compute_objectives(objectives, key_results, kr_results, as_of, Settings())


def test_objective_weighted_mean_leaves_out_unscored_krs() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2})
    key_results = f.key_results(
        {"id": "K1", "objective": "O1", "target": 10, "current": 10, "weight": 2},
        {"id": "K2", "objective": "O1", "target": 10, "current": 5},
        {"id": "K3", "objective": "O1", "target": 10},
        {"id": "K4", "objective": "O1", "target": 10, "current": 0, "weight": 0},
        {"id": "K5", "objective": "O1", "target": 10, "current": 0, "weight": -1},
        {"id": "K6", "objective": "O1", "target": 10, "current": 0, "_error": True},
    )
    row = objective_scores(objectives, key_results).iloc[0]
    assert row["score"] == pytest.approx(2.5 / 3)
    assert row["kr_count"] == 6
    assert row["expected"] == pytest.approx(0.5)
    assert row["status"] == "on track"


def test_objective_without_scorable_kr() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2}, {"id": "O2", "period": Q2})
    key_results = f.key_results({"id": "K1", "objective": "O1", "target": 10})
    out = objective_scores(objectives, key_results)
    assert out["score"].isna().all()
    assert out["kr_count"].tolist() == [1, 0]
    assert out["kr_count"].dtype == np.int64
    assert out["status"].tolist() == ["no data", "no data"]


def test_objective_dates_and_missed_status() -> None:
    objectives = f.objectives(
        {"id": "O1", "period": Q2, "start": "2026-05-06", "end": "2026-05-26"},
        {"id": "O2", "period": Q2},
    )
    key_results = f.key_results(
        {"id": "K1", "objective": "O1", "target": 10, "current": 3},
        {"id": "K2", "objective": "O2", "target": 10, "current": 3},
    )
    mid = objective_scores(objectives, key_results)
    assert mid["expected"].tolist() == pytest.approx([0.5, 0.5])
    assert mid["status"].tolist() == ["at risk", "at risk"]
    late = objective_scores(objectives, key_results, as_of=pd.Timestamp("2026-06-01"))
    assert late["expected"].tolist() == pytest.approx([1.0, 61 / 90])
    assert late["status"].tolist() == ["missed", "off track"]


def test_objective_error_row_blank_but_counted() -> None:
    objectives = f.objectives({"id": "O1", "period": Q2, "_error": True})
    key_results = f.key_results({"id": "K1", "objective": "O1", "target": 10, "current": 3})
    row = objective_scores(objectives, key_results).iloc[0]
    assert np.isnan(row["score"]) and np.isnan(row["expected"])
    assert row["status"] is pd.NA
    assert row["kr_count"] == 1


def test_objective_columns_index_and_duplicates() -> None:
    objectives = f.frame("objectives", [{"id": "O1"}, {"id": "O1"}, {"id": None}], index=[7, 7, 9])
    key_results = f.key_results(
        {"id": "K1", "objective": "O1", "target": 10, "current": 4},
        {"id": "K2", "objective": None, "target": 10, "current": 4},
    )
    out = objective_scores(objectives, key_results)
    assert list(out.columns) == ["score", "expected", "status", "kr_count"]
    assert list(out.index) == [7, 7, 9]
    assert out["score"].tolist()[:2] == pytest.approx([0.4, 0.4])
    assert out["kr_count"].tolist() == [1, 1, 0]


def test_compute_returns_every_tab() -> None:
    frames = {
        "objectives": f.objectives({"id": "O1", "period": "2026-Q4"}),
        "key_results": f.key_results({"id": "K1", "objective": "O1", "target": 4, "current": 1}),
        "initiatives": f.initiatives({"id": "I1", "investment": 1000, "return": 1300}),
        "roi": f.roi({"period": "2026-Q1", "investment": 1000, "return": 1300}),
        "funnel": f.funnel({"period": "2026-11", "visits": 665, "conversions": 13}),
    }
    results = compute(frames, AS_OF.date())
    assert set(results.tables) == {"objectives", "key_results", "initiatives", "roi", "funnel"}
    assert results.get("objectives").loc[2, "score"] == pytest.approx(0.25)
    assert results.get("kpis") is None


def test_a_blank_baseline_takes_the_start_its_title_states() -> None:
    # 40 -> 10, now 25: half way down
    row = one(key_result="Cut calls from 40 to 10", target=10, current=25)
    assert row["kind_used"] == "decrease"
    assert row["baseline_used"] == 40
    assert row["progress"] == pytest.approx(0.5)


def test_a_stated_start_is_taken_only_for_the_target_it_goes_to() -> None:
    row = one(key_result="Raise NPS from 40 to 60", target=50, current=25)
    assert np.isnan(row["baseline_used"])
    assert row["progress"] == pytest.approx(0.5)  # 0 -> 50, now 25


def test_a_typed_baseline_wins_over_the_title() -> None:
    row = one(key_result="Cut calls from 40 to 10", baseline=30, target=10, current=20)
    assert row["baseline_used"] == 30 and row["progress"] == pytest.approx(0.5)


def test_a_decrease_with_no_start_written_anywhere_is_not_scored() -> None:
    row = one(key_result="Reduce churn to 2%", target=0.02, current=0.03)
    assert row["kind_used"] == "decrease"
    assert np.isnan(row["progress"]) and np.isnan(row["score"])


def test_a_kind_column_still_decides_over_the_title() -> None:
    row = one(key_result="Reduce churn to 2%", kind="increase", target=0.02, current=0.01)
    assert row["kind_used"] == "increase" and row["progress"] == pytest.approx(0.5)
