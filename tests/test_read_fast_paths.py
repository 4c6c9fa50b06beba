"""Columns read without parsing each cell give what parsing each cell gives."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sheets_okr import values as V
from sheets_okr.read.build import _parse_column, _plain_measures

_NUMBERS = st.one_of(st.none(), st.integers(-10**400, 10**400), st.integers(-3, 3),
                     st.floats(), st.sampled_from([0.0, -0.0, 1.0, 1, 0]))


@given(st.lists(st.one_of(_NUMBERS, st.booleans(), st.sampled_from(["5", "done", ""])),
                max_size=12))
def test_plain_measures_read_as_each_cell_parsed(raw: list[Any]) -> None:
    plain = _plain_measures(raw)
    parsed = _parse_column(lambda v: V.parse_measure(v), None, raw)
    if plain is None:
        assert not set(map(type, raw)) <= {int, float, type(None)} or any(
            expected is not None for _, _, expected in parsed)
        return
    assert all(expected is None for _, _, expected in parsed)
    assert plain == [result for result, _, _ in parsed]
    assert [type(x) for pair in plain for x in pair] == [
        type(x) for result, _, _ in parsed for x in result]


def test_plain_measures_give_way_to_parsing_for_texts_and_infinities() -> None:
    assert _plain_measures([1, "2", None]) is None
    assert _plain_measures([1, float("inf")]) is None
    assert _plain_measures([True, 2.5]) is None
    assert _plain_measures([1, 0, 2.5, None, float("nan"), 7]) == [
        (1.0, True), (0.0, False), (2.5, None), (None, None), (None, None), (7.0, None)]


@given(st.lists(st.lists(st.one_of(st.none(), st.just(""), st.just("Title"), st.integers(0, 9)),
                         max_size=4), max_size=25), st.integers(0, 6))
def test_data_rows_up_to_a_limit_are_the_first_of_all_of_them(lines: list[list[Any]],
                                                              limit: int) -> None:
    from sheets_okr.model import Grid
    from sheets_okr.read.detect import _data_rows, _find_data_rows

    grid = Grid("T", [["ID", "Name", "Value", "Note"], *lines])
    every = _find_data_rows(grid, 1, 1, 4, set())
    assert _data_rows(grid, 1, 1, 4, set(), limit=limit) == every[:limit + 1]
    assert _data_rows(grid, 1, 1, 4, set()) == every
    assert _data_rows(grid, 1, 1, 4, set(), limit=limit) == every  # the whole list, once known


_CELLS = st.one_of(st.none(), st.sampled_from(["", "  ", "N/A", "tbd", "—", "x", "0"]),
                   st.floats(allow_nan=True), st.integers(-2, 2), st.booleans())


@given(st.lists(_CELLS, max_size=8))
def test_a_row_is_filled_when_a_cell_of_it_is_not_blank(line: list[Any]) -> None:
    assert V.any_filled(line) == bool(V.not_blank(line))


@given(st.lists(st.lists(st.one_of(_CELLS, st.just("Title")), max_size=4), max_size=25))
def test_data_rows_end_where_each_row_read_whole_ends_them(lines: list[list[Any]]) -> None:
    from sheets_okr.model import Grid
    from sheets_okr.read.detect import GAP_ROWS, _find_data_rows

    rows: list[int] = []
    blank = 0
    for r, line in enumerate(lines, start=2):
        filled = V.not_blank(line)
        if filled:
            if rows and blank and len(filled) == 1 and isinstance(filled[0], str) and \
                    not V.is_blank(line[0] if line else None):
                break
            rows.append(r)
            blank = 0
        else:
            blank += 1
            if rows and blank >= GAP_ROWS:
                break
    grid = Grid("T", [["ID", "Name", "Value", "Note"], *lines])
    assert _find_data_rows(grid, 1, 1, 4, set()) == rows


@given(st.lists(st.one_of(_CELLS, st.sampled_from(
    ["On track", "🙂", "O1", "1.1", "Owner 3", "12%", "2026-01-05", "yes", "Grow revenue by 5",
     "a long text that runs on and on past forty letters"])), min_size=1, max_size=30))
def test_a_profile_counts_each_text_met_again_as_it_did_the_first_time(
        cells: list[Any]) -> None:
    import statistics
    from dataclasses import asdict

    from sheets_okr.model import Grid
    from sheets_okr.read.profile import Profile, _count, _profile

    grid = Grid("T", [["Header"], *[[v] for v in cells]])
    rows = list(range(2, len(cells) + 2))
    expected, magnitudes = Profile(), []
    for value in cells:
        if not V.is_blank(value):
            _count(expected, value, magnitudes)
    found = asdict(_profile(grid, 1, rows))
    for name in ("numbers", "integers", "ratios", "dates", "texts", "long_texts", "ids",
                 "dotted", "booleans", "confidence"):
        assert found[name] == getattr(expected, name), name
    assert found["median"] == (statistics.median(magnitudes) if magnitudes else None)
