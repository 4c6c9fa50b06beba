"""The model after a merge, made from the model read before it, is the model that reading
the merged workbook again gives; where it could differ, the workbook is read anew."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_okr.model import Grid, Model, RawBook
from sheets_okr.read.pipeline import build_model
from sheets_okr.sync.merge import apply_merge, plan_merge
from sheets_okr.sync.remodel import merged_model
from sheets_okr.sync.sources import Reading
from tests.sync_helpers import AS_OF, Rows, tabs

D = date
HISTORY: Rows = [["Date", "KPI", "Value", "Note"]] + [
    [D(2026, 10, day), kpi, 40 + day, None] for day in range(1, 11) for kpi in ("K1", "K2")
] + [[D(2026, 10, 11), "K1", None, "to come"], [D(2026, 10, 12), "K2", "n/a", None],
     ["2026-10-13", "K1", 48.5, "typed as text"], [None, None, None, "a remark below"]]


def book(history: Rows = HISTORY) -> RawBook:
    return RawBook({t: Grid(t, [list(r) for r in rows]) for t, rows in tabs(history).items()},
                   source="test")


def both(raw: RawBook, readings: list[Reading]) -> tuple[Model | None, Model]:
    """The model made from the one read before the merge, and the merged book read anew."""
    model = build_model(raw, as_of=AS_OF)
    plan = plan_merge(model, readings)
    merged = apply_merge(raw, plan)
    return merged_model(model, plan, merged), build_model(merged, as_of=AS_OF)


def same(fast: Model | None, slow: Model) -> None:
    assert fast is not None
    assert list(fast.tables) == list(slow.tables)
    for key, table in slow.tables.items():
        pd.testing.assert_frame_equal(fast.tables[key].frame, table.frame, check_exact=True)
        assert fast.tables[key].columns == table.columns
    assert fast.problems == slow.problems
    assert fast.book.grids["KPI History"].rows == slow.book.grids["KPI History"].rows


def test_appended_and_updated_readings_read_as_the_merged_workbook() -> None:
    fast, slow = both(book(), [
        Reading(D(2026, 10, 2), "K1", 42.0), Reading(D(2026, 10, 3), "K2", 50.25, "fixed"),
        Reading(D(2026, 10, 11), "K1", 47.0), Reading(D(2026, 11, 1), "K2", 39.5, "CRM"),
        Reading(D(2026, 11, 1), "K1", 61.0), Reading(D(2026, 11, 2), "K1", 1e16)])
    same(fast, slow)
    frame = slow.tables["kpi_history"].frame
    assert frame.loc[26:28, "value"].tolist() == [61.0, 39.5, 1e16]
    assert frame.loc[7, "value"] == 50.25 and frame.loc[22, "value"] == 47.0


def test_nothing_to_merge_keeps_the_model() -> None:
    raw = book()
    model = build_model(raw, as_of=AS_OF)
    plan = plan_merge(model, [Reading(D(2026, 10, 1), "K1", 41.0)])
    assert not plan and merged_model(model, plan, apply_merge(raw, plan)) is model


@pytest.mark.parametrize("readings", [
    [Reading(D(2026, 10, 12), "K2", 3.0)],
    [Reading(D(2026, 11, 1), "K1", 5.0, "from 1/12/2026")],
    [Reading(D(2026, 11, 1), "K1", 5.0, "about 1,5 points")],
], ids=["a text value replaced", "a note like a date", "a note like a number"])
def test_a_merge_that_could_change_how_text_reads_reads_the_workbook_again(
        readings: list[Reading]) -> None:
    fast, slow = both(book(), readings)
    assert fast is None
    assert len(slow.tables["kpi_history"].frame) > 0


READING = st.builds(
    Reading, st.dates(D(2026, 9, 28), D(2026, 11, 20)), st.sampled_from(["K1", "K2", "K9"]),
    st.one_of(st.integers(-1000, 1000).map(float),
              st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)),
    st.one_of(st.none(), st.sampled_from(["", "survey", " wave two "])))


@settings(max_examples=60, deadline=None)
@given(st.lists(READING, max_size=30))
def test_any_merge_reads_as_the_merged_workbook(readings: list[Reading]) -> None:
    raw = book()
    plan = plan_merge(build_model(raw, as_of=AS_OF), readings)
    fast, slow = both(raw, readings)
    if any(isinstance(change.old, str) for change in plan.changes):
        assert fast is None
    else:
        same(fast, slow)

