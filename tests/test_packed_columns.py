"""Packed tabs unpacked a column at a time give what unpacking them row by row gives:
every value with its type, and the same History frame."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_okr.history import COLUMNS, _day, _history_frame, _number
from sheets_okr.packed import BLOCK, PackedRows

values = st.one_of(
    st.none(), st.just(""), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=False), st.text(max_size=6), st.sampled_from(["KPI", "key result"]),
    st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)), st.just(time(9, 30)),
)
tables = st.lists(st.lists(values, max_size=10), max_size=40)


def _typed(rows: Any) -> list[list[tuple[type, Any]]]:
    return [[(type(v), v) for v in row] for row in rows]


@settings(max_examples=80, deadline=None)
@given(rows=tables, first=st.integers(0, 5), width=st.integers(0, 12))
def test_columns_unpacked_whole_are_the_rows_read_one_by_one(
        rows: list[list[Any]], first: int, width: int) -> None:
    packed = PackedRows(rows)
    assert _typed(packed) == _typed(rows)
    assert _typed(packed[n] for n in range(len(rows))) == _typed(rows)
    wanted = [[row[c] if c < len(row) else None for row in rows[first:]] for c in range(width)]
    assert [[(type(v), v) for v in col] for col in packed.columns(width, first)] == [
        [(type(v), v) for v in col] for col in wanted]


def test_rows_across_blocks_and_views_come_back_in_order() -> None:
    rows = [[n, f"item {n % 7}", date(2026, 1, 1 + n % 28)] for n in range(3 * BLOCK + 5)]
    packed = PackedRows(rows)
    assert list(packed) == rows
    view = packed[BLOCK - 3:2 * BLOCK + 4]
    assert list(view) == rows[BLOCK - 3:2 * BLOCK + 4]
    assert view.columns(1, first=2)[0] == [r[0] for r in rows[BLOCK - 1:2 * BLOCK + 4]]
    assert [packed[n] for n in (3 * BLOCK + 4, 0, BLOCK, BLOCK - 1)] == [
        rows[3 * BLOCK + 4], rows[0], rows[BLOCK], rows[BLOCK - 1]]
    dates = {id(r[2]) for r in packed}
    assert len(dates) == 28


history_values = st.one_of(values, st.floats(0, 2), st.integers(40000, 50000))


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.lists(history_values, max_size=9), max_size=30))
def test_the_history_frame_of_a_packed_tab_is_the_one_read_row_by_row(
        rows: list[list[Any]]) -> None:
    lines = [["Date", "Type", "Item"], *rows]
    expected = _read_line_by_line(lines)
    for given_rows in (PackedRows(lines), lines):
        got = _history_frame(given_rows)
        pd.testing.assert_frame_equal(got, expected)
        assert [[type(v) for v in got[c]] for c in got] == [
            [type(v) for v in expected[c]] for c in expected]


def _read_line_by_line(lines: list[list[Any]]) -> pd.DataFrame:
    """The History frame as a reader taking one line at a time makes it."""
    records = []
    for r, line in enumerate(lines[1:], start=2):
        line = [*line, *[None] * 8][:8]
        day = _day(line[0])
        if day is None or line[2] is None or line[2] == "":
            continue
        records.append([r, day, str(line[1] or ""), str(line[2]), _number(line[3]),
                        _number(line[4]), _number(line[5]), line[6], line[7]])
    if not records:
        return pd.DataFrame([], columns=COLUMNS)
    return pd.DataFrame(dict(zip(COLUMNS, map(list, zip(*records, strict=True)), strict=True)),
                        columns=COLUMNS)


kept_rows = st.lists(st.tuples(st.dates(date(2020, 1, 1), date(2030, 12, 31)),
                               st.sampled_from(["objective", "KPI", None]),
                               st.text(min_size=1, max_size=5),
                               st.lists(history_values, max_size=5)),
                     min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(rows=kept_rows)
def test_a_history_whose_every_row_is_kept_reads_as_row_by_row(rows: list[Any]) -> None:
    lines = [["Date", "Type", "Item"], *([d, t, i, *rest] for d, t, i, rest in rows)]
    expected = _read_line_by_line(lines)
    assert len(expected) == len(rows)
    for given_rows in (PackedRows(lines), lines):
        pd.testing.assert_frame_equal(_history_frame(given_rows), expected)
