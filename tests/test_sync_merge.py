"""Merging readings into KPI History: dedup on (date, KPI), updates in place, appends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sheets_okr.changes import ChangeSet, placed
from sheets_okr.errors import UsageError
from sheets_okr.model import Grid, RawBook
from sheets_okr.read.pipeline import build_model
from sheets_okr.sync.merge import apply_merge, plan_merge, with_history_tab
from sheets_okr.sync.sources import Reading
from tests.sync_helpers import HISTORY, Rows, tabs

D = date


def book(history: Rows | None = HISTORY, extra: dict[str, Rows] | None = None) -> RawBook:
    grids = {t: Grid(t, [list(r) for r in rows]) for t, rows in tabs(history).items()}
    for title, rows in (extra or {}).items():
        grids[title] = Grid(title, rows)
    return RawBook(grids, source="test")


def merge(raw: RawBook, *readings: Reading, unknown: str = "skip") -> Any:
    return plan_merge(build_model(raw), list(readings), unknown)


def cells(plan: Any, raw: RawBook | None = None) -> list[tuple[int, int, Any]]:
    """The cells a plan writes, its appended rows placed below the last used row of
    ``raw`` (as a writer places them)."""
    changes = ChangeSet(cells=list(plan.changes),
                        appended=[plan.appended] if plan.appended else [])
    return [(c.row, c.col, c.value) for c in placed(changes, raw or book()).cells]


def test_same_reading_is_not_appended_and_new_ones_go_below_the_table() -> None:
    plan = merge(book(), Reading(D(2026, 10, 1), "K1", 45.0),
                 Reading(D(2026, 11, 2), "K2", 39.5, "from CRM"),
                 Reading(D(2026, 11, 1), "K1", 52.0))
    assert plan.unchanged == 1
    assert [(r.day, r.kpi) for r in plan.added] == [(D(2026, 11, 1), "K1"),
                                                    (D(2026, 11, 2), "K2")]
    assert cells(plan) == [
        (4, 1, D(2026, 11, 1)), (4, 2, "K1"), (4, 3, 52),
        (5, 1, D(2026, 11, 2)), (5, 2, "K2"), (5, 3, 39.5), (5, 4, "from CRM"),
    ]
    assert dict(plan.appended.formats) == {1: "yyyy-mm-dd"}


def test_a_changed_value_updates_its_row_only() -> None:
    plan = merge(book(), Reading(D(2026, 10, 1), "K2", 41.0))
    assert cells(plan) == [(3, 3, 41)]
    assert plan.changes[0].old == 44
    assert [(r.kpi, old) for r, old in plan.updated] == [("K2", 44)]
    assert plan.added == []


def test_nothing_is_appended_twice() -> None:
    new = Reading(D(2026, 11, 1), "K1", 52.0)
    first = merge(book(), new, new)
    merged = apply_merge(book(), first)
    assert len(first.added) == 1
    again = merge(merged, new)
    assert not again and again.unchanged == 1


def test_the_last_reading_of_a_key_wins() -> None:
    plan = merge(book(), Reading(D(2026, 11, 1), "K1", 50.0, source="a"),
                 Reading(D(2026, 11, 1), "K1", 51.0, source="b"))
    assert [(r.value, r.source) for r in plan.added] == [(51.0, "b")]


def test_values_compare_as_numbers_whatever_was_typed() -> None:
    history = HISTORY + [["2026-11-01", "K1", "1,234.5", ""]]
    plan = merge(book(history), Reading(D(2026, 11, 1), "K1", 1234.5))
    assert not plan and plan.unchanged == 1


def test_an_unreadable_value_is_replaced() -> None:
    history = HISTORY + [[D(2026, 11, 1), "K1", "n/a?", None]]
    plan = merge(book(history), Reading(D(2026, 11, 1), "K1", 52.0))
    assert cells(plan) == [(4, 3, 52)]


def test_appends_go_below_anything_typed_under_the_table() -> None:
    history = HISTORY + [[], [None, None, None, None, "checked by Ana"]]
    raw = book(history)
    plan = merge(raw, Reading(D(2026, 11, 1), "K1", 52.0))
    assert {row for row, _, _ in cells(plan, raw)} == {6}


def test_kpis_missing_from_the_kpis_tab_are_left_out_unless_asked() -> None:
    reading = Reading(D(2026, 11, 1), "K9", 1.0)
    skipped = merge(book(), reading)
    assert not skipped and skipped.unknown == {"K9": 1}
    added = merge(book(), reading, unknown="add")
    assert [r.kpi for r in added.added] == ["K9"]


def test_a_workbook_without_history_asks_for_the_tab() -> None:
    plan = merge(book(None), Reading(D(2026, 11, 1), "K1", 52.0))
    assert plan.missing_tab and plan.pending == 1 and not plan.changes
    assert plan.title == "KPI History"
    raw = with_history_tab(book(None))
    filled = merge(raw, Reading(D(2026, 11, 1), "K1", 52.0))
    assert cells(filled, raw) == [(2, 1, D(2026, 11, 1)), (2, 2, "K1"), (2, 3, 52)]


def test_an_empty_history_tab_is_reused() -> None:
    raw = book(None, {"Readings": []})
    plan = merge(raw, Reading(D(2026, 11, 1), "K1", 52.0))
    assert plan.missing_tab and plan.title == "Readings"


def test_a_history_tab_without_headers_is_refused() -> None:
    raw = book(None, {"KPI History": [["when", "what"], ["x", "y"]]})
    with pytest.raises(UsageError, match="looks like KPI History"):
        merge(raw, Reading(D(2026, 11, 1), "K1", 52.0))
    assert not merge(raw, Reading(D(2026, 11, 1), "K9", 1.0))


def test_wide_history_is_refused_with_a_clear_message() -> None:
    wide = [["KPI", D(2026, 10, 1), D(2026, 11, 1)], ["K1", 45, 50]]
    with pytest.raises(UsageError, match="wide format"):
        merge(book(wide), Reading(D(2026, 11, 1), "K1", 52.0))
    assert not merge(book(wide))


def test_apply_merge_leaves_the_book_as_read() -> None:
    raw = book()
    plan = merge(raw, Reading(D(2026, 11, 1), "K1", 52.0), Reading(D(2026, 10, 1), "K2", 40.0))
    merged = apply_merge(raw, plan)
    assert raw.grids["KPI History"].height == 3
    assert raw.grids["KPI History"].value(3, 3) == 44
    assert merged.grids["KPI History"].value(3, 3) == 40
    assert merged.grids["KPI History"].rows[3][:3] == [D(2026, 11, 1), "K1", 52]
    assert merged.grids["KPIs"] is raw.grids["KPIs"]


def test_anchors_guard_updated_rows_and_appended_rows_need_none() -> None:
    plan = merge(book(), Reading(D(2026, 10, 1), "K2", 41.0), Reading(D(2026, 11, 1), "K1", 5.0))
    assert plan.anchors == {"KPI History": {(3, 2): "K2"}}
    assert plan.appended.rows == ((D(2026, 11, 1), "K1", 5, None),)


def test_a_key_repeated_in_the_history_updates_its_last_row() -> None:
    history = HISTORY + [[D(2026, 10, 1), "K1", 46, None]]
    plan = merge(book(history), Reading(D(2026, 10, 1), "K1", 47.0))
    assert cells(plan, book(history)) == [(4, 3, 47)]
    assert plan.changes[0].old == 46


def test_many_readings_join_the_history_in_date_then_kpi_order() -> None:
    days = [D(2026, 9, d) for d in range(1, 31)]
    history = [list(HISTORY[0])] + [[day, kpi, 10 + n, None] for n, day in enumerate(days)
                                    for kpi in ("K1", "K2")]
    readings = [Reading(day, kpi, 10 + n + (0.5 if n % 3 == 0 else 0))
                for n, day in enumerate(days) for kpi in ("K2", "K1")]
    readings += [Reading(D(2026, 10, d), kpi, 1.0) for d in (2, 1) for kpi in ("K2", "K1")]
    readings += [Reading(D(2026, 10, 1), "K9", 1.0)] * 3
    plan = merge(book(history), *readings)
    assert plan.unchanged == 40
    assert sorted((c.row, c.value) for c in plan.changes) == sorted(
        (2 + 2 * n + k, 10 + n + 0.5) for n in range(0, 30, 3) for k in (0, 1))
    assert [(r.day.day, r.kpi) for r in plan.added] == [(1, "K1"), (1, "K2"), (2, "K1"),
                                                        (2, "K2")]
    assert plan.unknown == {"K9": 3}
