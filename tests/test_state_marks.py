"""The state tab's fingerprints: read where they are (a plain or a packed tab alike),
gathered per item while planning, and planned back in one pass over the tab."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_okr.changes import ChangeSet
from sheets_okr.model import Grid
from sheets_okr.packed import PackedRows
from sheets_okr.state import NewMarks, plan_state, read_marks

STATE = [
    ["Tab", "Item", "Written"],
    ["key_results", "KR1", "score=aa11aa11"],
    [None, None, None],
    ["key_results", "KR2", 5],
    ["key_results", "KR1", "status=bb22bb22;score=cc33cc33"],
    ["objectives", "O1", "score=dd44dd44;expected=ee55ee55"],
    ["", "", ""],
    ["objectives", "O9", "score=ff66ff66"],
    ["", "stray", "score=0"],
]


@pytest.mark.parametrize("packed", [False, True])
def test_marks_are_read_per_item_and_a_later_row_wins(packed: bool) -> None:
    rows: Any = PackedRows(STATE) if packed else [list(r) for r in STATE]
    marks = read_marks(Grid("_sheets_okr", rows))
    assert marks.get(("key_results", "KR1", "score")) == "cc33cc33"
    assert marks.get(("key_results", "KR1", "status")) == "bb22bb22"
    assert marks.get(("key_results", "KR2", "score")) is None
    assert marks.get(("objectives", "O1", "expected")) == "ee55ee55"
    assert marks.get(("objectives", "O2", "score")) is None
    assert marks.columns("key_results") == {"score", "status"}
    assert marks.columns("objectives") == {"score", "expected"}
    assert marks.columns("kpis") == set()
    assert read_marks(None).get(("objectives", "O1", "score")) is None


def test_new_marks_give_one_row_per_item_in_order_the_later_mark_winning() -> None:
    marks = NewMarks()
    marks[("objectives", "O2", "score")] = "11111111"
    marks[("key_results", "KR1", "status")] = "22222222"
    marks[("key_results", "KR1", "expected")] = ""
    marks[("key_results", "KR1", "status")] = "33333333"
    assert marks.rows() == {("key_results", "KR1"): "expected=;status=33333333",
                            ("objectives", "O2"): "score=11111111"}
    assert list(marks.rows()) == [("key_results", "KR1"), ("objectives", "O2")]


@pytest.mark.parametrize("packed", [False, True])
def test_the_state_tab_is_planned_in_one_pass(packed: bool) -> None:
    rows: Any = PackedRows(STATE) if packed else [list(r) for r in STATE]
    wanted = NewMarks()
    wanted[("key_results", "KR1", "score")] = "cc33cc33"
    wanted[("objectives", "O1", "score")] = "99999999"
    wanted[("kpis", "K1", "health")] = "77777777"
    wanted[("kpis", "K2", "health")] = "88888888"
    wanted[("kpis", "K3", "health")] = "66666666"
    changes = ChangeSet()
    plan_state(Grid("_sheets_okr", rows), wanted, changes)
    got = [(c.row, c.col, c.value) for c in changes.cells]
    assert got == [
        (2, 3, "score=cc33cc33"),  # KR1's first row; its second row is not looked at
        (4, 1, None), (4, 2, None), (4, 3, None),  # KR2 is gone
        (6, 3, "score=99999999"),
        (8, 1, None), (8, 2, None), (8, 3, None),  # O9 is gone
        (3, 1, "kpis"), (3, 2, "K1"), (3, 3, "health=77777777"),  # free rows, in order
        (4, 1, "kpis"), (4, 2, "K2"), (4, 3, "health=88888888"),
        (7, 1, "kpis"), (7, 2, "K3"), (7, 3, "health=66666666"),
    ]


def test_planning_lets_go_of_what_the_write_does_not_need(tmp_path: Any) -> None:
    import shutil
    from datetime import date

    from sheets_okr.history import history_grid, read_history
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.io.xlsx.create import create_workbook
    from sheets_okr.plan import make_plan
    from sheets_okr.run import analyse_book, recompute
    from sheets_okr.state import fingerprint
    from sheets_okr.templates import example_tables

    as_of = date(2026, 11, 15)
    path = tmp_path / "book.xlsx"
    create_workbook(path, example_tables(as_of))
    backend = XlsxBackend(path)
    with backend.session():
        recompute(backend, as_of)
    plans = []
    for copy in ("a.xlsx", "b.xlsx"):
        shutil.copy(path, tmp_path / copy)
        book = XlsxBackend(tmp_path / copy).read()
        analysis = analyse_book(book, as_of)
        grid = history_grid(book)
        assert grid is not None and not read_history(grid).empty and "history" in grid.memo
        plans.append(make_plan(analysis.model, analysis.results, analysis.flags,
                               analysis.settings, as_of, None, analysis.ownership))
        assert "history" not in grid.memo
        assert fingerprint.cache_info().currsize == 0
    assert plans[0].changes.cells == plans[1].changes.cells
    assert [s.rows for s in plans[0].changes.sheets] == [s.rows for s in plans[1].changes.sheets]


def test_marks_are_read_once_per_grid_and_again_when_its_rows_change() -> None:
    grid = Grid("_sheets_okr", [list(r) for r in STATE])
    marks = read_marks(grid)
    assert read_marks(grid) is marks
    grid.rows = [*grid.rows, ["objectives", "O7", "score=12121212"]]
    again = read_marks(grid)
    assert again is not marks and again.get(("objectives", "O7", "score")) == "12121212"
    assert marks.get(("objectives", "O7", "score")) is None


def _joined_rows(given: list[tuple[tuple[str, str, str], str]]) -> dict[Any, str]:
    """The state rows as the pairs joined into one text per item, split again at the end,
    give them (the reading :class:`NewMarks` keeps to)."""
    joined: dict[tuple[str, str], str] = {}
    for (tab, item, column), mark in given:
        pair = f"{column}={mark}"
        joined[(tab, item)] = pair if (tab, item) not in joined else \
            f"{joined[(tab, item)]};{pair}"
    out = {}
    for key, text in sorted(joined.items()):
        pairs = dict(p.partition("=")[::2] for p in text.split(";"))
        out[key] = ";".join(f"{c}={m}" for c, m in sorted(pairs.items()))
    return out


_PART = st.text(alphabet="ab=;1", max_size=4)


@given(st.lists(st.tuples(st.tuples(st.sampled_from(["kpis", "objectives"]),
                                    st.sampled_from(["O1", "K2"]), _PART), _PART),
                max_size=12))
def test_new_marks_read_as_their_joined_text(given_marks: list[Any]) -> None:
    marks = NewMarks()
    for key, mark in given_marks:
        marks[key] = mark
    assert marks.rows() == _joined_rows(given_marks)
    assert list(marks.rows()) == list(_joined_rows(given_marks))


@given(st.lists(st.tuples(st.sampled_from(["kpis", "objectives"]), _PART,
                          st.lists(st.tuples(st.sampled_from(["O1", "K2"]), _PART),
                                   max_size=4)), max_size=6))
def test_new_marks_given_a_column_at_a_time_are_the_marks_given_one_by_one(
        columns: list[Any]) -> None:
    one_by_one, by_column = NewMarks(), NewMarks()
    for tab, column, marks in columns:
        for item, mark in marks:
            one_by_one[(tab, item, column)] = mark
        by_column.column(tab, column, marks)
    assert by_column.rows() == one_by_one.rows()


@given(st.lists(st.tuples(st.sampled_from(["kpis", "_texts"]), st.sampled_from(["O1", "K2"]),
                          st.dictionaries(_PART, _PART, max_size=4)), max_size=6))
def test_new_marks_given_a_row_at_a_time_are_the_marks_given_one_by_one(
        rows: list[Any]) -> None:
    one_by_one, by_row = NewMarks(), NewMarks()
    for tab, item, marks in rows:
        for column, mark in marks.items():
            one_by_one[(tab, item, column)] = mark
        by_row.row(tab, item, marks)
    assert by_row.rows() == one_by_one.rows()


@pytest.mark.parametrize("packed", [False, True])
def test_a_column_written_anywhere_in_a_table_is_found(packed: bool) -> None:
    rows: Any = PackedRows(STATE) if packed else [list(r) for r in STATE]
    marks = read_marks(Grid("_sheets_okr", rows))
    for tab in ("key_results", "objectives", "kpis"):
        for column in ("score", "status", "expected", "health", "scor", "core", ""):
            assert marks.wrote(tab, column) == (column in marks.columns(tab))
