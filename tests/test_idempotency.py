"""Re-runs write only what changed, and never a cell a person typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.run import RunResult, recompute

from .conftest import xlsxwriter_book

USER_TABS = ("Objectives", "Key Results", "Initiatives", "KPIs", "KPI History", "ROI", "Funnel")


def do_recompute(path: Path, as_of) -> RunResult:
    backend = XlsxBackend(path)
    with backend.session():
        return recompute(backend, as_of)


def edit(path: Path, tab: str, cell: str, value: Any) -> None:
    wb = openpyxl.load_workbook(path)
    wb[tab][cell] = value
    wb.save(path)


def snapshot(path: Path) -> dict[tuple[str, str], Any]:
    wb = openpyxl.load_workbook(path)
    return {(tab, c.coordinate): c.value for tab in USER_TABS
            for row in wb[tab].iter_rows() for c in row if c.value is not None}


def diff(before: dict, after: dict) -> dict[tuple[str, str], tuple[Any, Any]]:
    return {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys()
            if before.get(k) != after.get(k)}


def user_changes(result: RunResult) -> list[tuple[str, str, Any]]:
    return [(c.tab, c.cell, c.value) for c in result.changes.cells if c.tab in USER_TABS]


def typed_flags(path: Path) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)["Flags"]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value == "OKR119"]


def test_second_run_writes_nothing(example_xlsx, as_of):
    first = do_recompute(example_xlsx, as_of)
    assert first.cells_written > 0
    data = example_xlsx.read_bytes()
    mtime = example_xlsx.stat().st_mtime_ns
    second = do_recompute(example_xlsx, as_of)
    assert second.cells_written == 0
    assert not second.changes
    assert second.summary()["sheets_written"] == []
    assert example_xlsx.read_bytes() == data
    assert example_xlsx.stat().st_mtime_ns == mtime
    assert [p.name for p in example_xlsx.parent.iterdir()] == ["example.xlsx"]


def test_changing_one_current_changes_exactly_the_affected_cells(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "H6", 60)
    before = snapshot(example_xlsx)
    result = do_recompute(example_xlsx, as_of)
    assert sorted((c.tab, c.cell) for c in result.changes.cells if c.tab in USER_TABS) == [
        ("Key Results", "L6"), ("Key Results", "M6"), ("Objectives", "G5")]
    assert {c.tab for c in result.changes.cells} - set(USER_TABS) <= {"_sheets_okr", "Dashboard",
                                                                       "History"}
    assert [s.title for s in result.changes.sheets] == []
    dashboard = sorted((c.col, c.value) for c in result.changes.cells if c.tab == "Dashboard")
    assert dashboard == [(2, pytest.approx(0.6)), (2, pytest.approx(2.45 / 4))]
    assert diff(before, snapshot(example_xlsx)) == {
        ("Key Results", "L6"): (0.45, 0.6),
        ("Key Results", "M6"): (0.45, 0.6),
        ("Objectives", "G5"): (pytest.approx(2.3 / 4), pytest.approx(2.45 / 4)),
    }
    assert do_recompute(example_xlsx, as_of).cells_written == 0


def test_typed_value_in_computed_cell_is_kept_and_flagged(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "M5", 0.99)
    second = do_recompute(example_xlsx, as_of)
    assert user_changes(second) == []
    expected_flag = [
        "OKR119", "warning", "Key Results", "M5", "KR4",
        'Key Results!M5: Score of KR4 holds "0.99" typed by a person; it is left as is',
        "Clear M5 to let sheets-okr fill it in, or rename the column if it is yours."]
    assert typed_flags(example_xlsx) == [expected_flag]
    assert [f.code for f in second.flags].count("OKR119") == 1
    ws = openpyxl.load_workbook(example_xlsx)["Key Results"]
    assert ws["M5"].value == 0.99
    assert ws["L5"].value == 0.45

    third = do_recompute(example_xlsx, as_of)
    assert third.cells_written == 0
    assert [f.code for f in third.flags].count("OKR119") == 1

    edit(example_xlsx, "Key Results", "H5", 1_600_000)
    fourth = do_recompute(example_xlsx, as_of)
    assert sorted(cell for _, cell, _ in user_changes(fourth)) == ["G5", "L5"]
    ws = openpyxl.load_workbook(example_xlsx)["Key Results"]
    assert ws["M5"].value == 0.99
    assert ws["L5"].value == pytest.approx(0.5)
    assert typed_flags(example_xlsx) == [expected_flag]


def test_typed_text_in_status_is_kept(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "O3", "blocked by legal")
    result = do_recompute(example_xlsx, as_of)
    assert result.cells_written > 0
    assert openpyxl.load_workbook(example_xlsx)["Key Results"]["O3"].value == "blocked by legal"
    assert [f.message for f in result.flags if f.code == "OKR119"] == [
        'Key Results!O3: Status of KR2 holds "blocked by legal" typed by a person; '
        "it is left as is"]


def test_formula_typed_in_computed_cell_is_kept(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "M5", "=L5*2")
    result = do_recompute(example_xlsx, as_of)
    assert [(f.cell, f.message) for f in result.flags if f.code == "OKR119"] == [
        ("M5", 'Key Results!M5: Score of KR4 holds a formula typed by a person; '
               "it is left as is")]
    assert openpyxl.load_workbook(example_xlsx)["Key Results"]["M5"].value == "=L5*2"
    do_recompute(example_xlsx, as_of)
    assert openpyxl.load_workbook(example_xlsx)["Key Results"]["M5"].value == "=L5*2"


def test_formula_in_computed_cell_before_first_run(make_workbook, small_tabs, as_of):
    small_tabs["Key Results"][0].append("Score")
    small_tabs["Key Results"][1].append(None)
    path = make_workbook(small_tabs)
    wb = openpyxl.load_workbook(path)
    wb["Key Results"]["H3"] = "=G3/F3"
    wb.save(path)
    result = do_recompute(path, as_of)
    ws = openpyxl.load_workbook(path)["Key Results"]
    assert ws["H3"].value == "=G3/F3"
    assert [ws.cell(row=r, column=8).value for r in (2, 4, 5)] == [0.5, 0.75, 0.2]
    assert [f.cell for f in result.flags if f.code == "OKR119"] == ["H3"]


def test_clearing_a_typed_cell_lets_the_tool_fill_it_again(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "M5", 0.99)
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "M5", None)
    result = do_recompute(example_xlsx, as_of)
    assert user_changes(result) == [("Key Results", "M5", 0.45)]
    assert openpyxl.load_workbook(example_xlsx)["Key Results"]["M5"].value == 0.45
    assert typed_flags(example_xlsx) == []
    assert do_recompute(example_xlsx, as_of).cells_written == 0


def test_value_becoming_unreadable_clears_the_rows_computed_cells(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    edit(example_xlsx, "Key Results", "G6", "lots")
    result = do_recompute(example_xlsx, as_of)
    ws = openpyxl.load_workbook(example_xlsx)["Key Results"]
    assert [c.value for c in ws[6]][11:] == [None] * 5
    assert "OKR116" in {f.code for f in result.flags}
    assert "OKR119" not in {f.code for f in result.flags}
    obj = openpyxl.load_workbook(example_xlsx)["Objectives"]
    assert obj["G5"].value == pytest.approx(1.85 / 3)


def test_new_as_of_updates_only_time_dependent_cells(example_xlsx, as_of):
    from datetime import timedelta

    do_recompute(example_xlsx, as_of)
    result = do_recompute(example_xlsx, as_of + timedelta(days=1))
    columns = {(c.tab, "".join(ch for ch in c.cell if ch.isalpha())) for c in result.changes.cells}
    assert ("Key Results", "N") in columns and ("Objectives", "H") in columns
    assert ("Key Results", "M") not in columns and ("ROI", "F") not in columns
    assert all(c.value == pytest.approx(46 / 91) for c in result.changes.cells
               if c.cell[0] in "NH" and c.tab in ("Key Results", "Objectives"))


def test_control_characters_in_user_text_round_trip(tmp_path, small_tabs, as_of):
    small_tabs["Key Results"][1][0] = "KR\x071"
    small_tabs["Key Results"][1][3] = None
    small_tabs["Key Results"][2][2] = "Cut churn\x0b from 5% to 3%"
    path = xlsxwriter_book(tmp_path / "control.xlsx", tabs=small_tabs)
    first = do_recompute(path, as_of)
    assert [(f.code, f.item) for f in first.flags if f.code == "OKR107"] == [
        ("OKR107", "KR\x071")]
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        flags = book.get_sheet_by_name("Flags").to_python()
        krs = book.get_sheet_by_name("Key Results").to_python()
    assert ["OKR107", "KR\x071", "Key result KR\x071 has no owner"] in [
        [r[0], r[4], r[5]] for r in flags]
    assert [krs[1][0], krs[2][2]] == ["KR\x071", "Cut churn\x0b from 5% to 3%"]
    assert do_recompute(path, as_of).cells_written == 0


