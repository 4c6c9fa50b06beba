"""The tabs the tool writes itself (Flags, Dashboard, History, the state tab) are held
packed after reading an .xlsx: every value and its type come back as read, what a person
added to those tabs survives a re-run, and a long History gives the same check-ins and
burn-up."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sheets_okr.burnup import burnup_rows
from sheets_okr.history import history_grid, read_history
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.model import Grid
from sheets_okr.packed import PackedRows
from sheets_okr.run import recompute
from tests.conftest import AS_OF

TOOL_TABS = ("Flags", "Dashboard", "History", "_sheets_okr")


def test_packed_rows_give_back_every_value_with_its_type() -> None:
    rows: list[list[Any]] = [
        ["Date", "Type", "", None, True, 1, 2.5, -0.0, 10**30],
        [date(2026, 11, 9), datetime(2026, 11, 9, 13, 5, 7, 120), "on track", False],
        [],
        [time(9, 30), timedelta(days=2), "a time and a duration are kept as they are"],
        ["on track", date(2026, 11, 9), "x" * 5000],
    ]
    packed = PackedRows(rows)
    assert packed == rows and len(packed) == 5
    assert [[type(v) for v in r] for r in packed] == [[type(v) for v in r] for r in rows]
    assert packed[-1] == rows[-1] and packed[3] == rows[3]
    assert list(packed[1:4]) == rows[1:4] and list(packed[1:][1:]) == rows[2:]
    assert packed[1:][-1] == rows[-1] and len(packed[4:2]) == 0
    assert packed[::2] == rows[::2]
    line = packed[0]
    line[0] = "changed"
    assert packed[0][0] == "Date"
    assert packed[4][0] is packed[1][2] and packed[4][1] is packed[1][0]
    assert packed != rows[:-1] and packed != [*rows[:-1], ["other"]]


def _recomputed(example_xlsx: Path) -> Path:
    backend = XlsxBackend(example_xlsx)
    with backend.session():
        recompute(backend, AS_OF)
    return example_xlsx


def test_tool_tabs_are_read_packed_and_as_calamine_reads_them(example_xlsx: Path) -> None:
    path = _recomputed(example_xlsx)
    book = XlsxBackend(path).read()
    source = CalamineWorkbook.from_path(str(path))
    for title, grid in book.grids.items():
        expected = source.get_sheet_by_name(title).to_python(skip_empty_area=False)
        assert grid.rows == expected, title
        assert isinstance(grid.rows, PackedRows) == (title in TOOL_TABS), title
    assert set(TOOL_TABS) <= set(book.grids)


def _cells(path: Path, title: str) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    cells = {c.coordinate: c.value for row in wb[title].iter_rows() for c in row
             if c.value is not None}
    wb.close()
    return cells


def _book_cells(path: Path) -> dict[str, dict[str, Any]]:
    wb = openpyxl.load_workbook(path)
    cells = {ws.title: {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows()
                        for c in row if c.value is not None} for ws in wb.worksheets}
    wb.close()
    return cells


def test_a_rerun_over_packed_tabs_writes_what_reading_them_whole_writes(
        example_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _recomputed(example_xlsx)
    wb = openpyxl.load_workbook(path)
    added = {"History": {"K2": "checked by Ana", "L2": time(9, 30), "K3": 42},
             "Flags": {"J1": "our note", "J2": datetime(2026, 11, 2, 8, 0)},
             "Dashboard": {"H3": "looked at on Monday"},
             "_sheets_okr": {"E2": "kept"}}
    for title, cells in added.items():
        for ref, value in cells.items():
            wb[title][ref] = value
    first = wb["Key Results"]
    first["G2"] = (first["G2"].value or 0) + 1
    wb.save(path)
    plain = tmp_path / "plain.xlsx"
    shutil.copy(path, plain)
    runs = []
    for target in (path, plain):
        if target == plain:
            monkeypatch.setattr("sheets_okr.io.xlsx.backend.written_by_tool",
                                lambda title, first: False)
        backend = XlsxBackend(target)
        with backend.session():
            runs.append(recompute(backend, AS_OF))
    packed_run, plain_run = runs
    assert packed_run.changes.cells == plain_run.changes.cells
    assert packed_run.cells_written == plain_run.cells_written > 0
    after = _book_cells(path)
    assert after == _book_cells(plain)
    assert after["History"]["K2"][0] == "checked by Ana" and after["History"]["K3"][0] == 42
    assert after["_sheets_okr"]["E2"][0] == "kept"


def test_a_history_of_50000_rows_gives_the_same_check_ins_and_burnup(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("History")
    ws.append(["Date", "Type", "Item", "Value", "Score", "Expected", "Status", "Confidence"])
    start = date(2025, 1, 6)
    expected_scores: dict[tuple[date, str], float] = {}
    for n in range(50_000):
        day = start + timedelta(days=7 * (n // 500))
        kind, item = (("objective", f"O{n % 5 + 1}") if n % 100 < 5
                      else ("key result", f"KR{n % 500}"))
        score = round((n % 97) / 97, 4)
        ws.append([day, kind, item, n % 13 or None, score, 0.5, "on track", "high"])
        if kind == "objective":
            expected_scores[(day, item)] = score
    wb.save(path)
    book = XlsxBackend(path).read()
    grid = history_grid(book)
    assert grid is not None and isinstance(grid.rows, PackedRows) and len(grid.rows) == 50_001
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("History").to_python()
    packed, plain = read_history(grid), read_history(Grid("History", rows))
    pd.testing.assert_frame_equal(packed, plain)
    assert len(packed) == 50_000
    ids = [f"O{i}" for i in range(1, 6)]
    burnup = burnup_rows(None, packed, ids)  # type: ignore[arg-type]
    assert burnup == burnup_rows(None, plain, ids)  # type: ignore[arg-type]
    assert len(burnup) == 100
    for line in burnup:
        for i, ident in enumerate(ids):
            assert line[1 + 2 * i] == expected_scores[(line[0], ident)]
            assert line[2 + 2 * i] == 0.5


def test_an_error_in_a_tool_tab_is_shown_as_read(example_xlsx: Path, tmp_path: Path) -> None:
    path = _recomputed(example_xlsx)
    copy = tmp_path / "errors.xlsx"
    shutil.copy(path, copy)
    wb = openpyxl.load_workbook(copy)
    cell = wb["Flags"]["J2"]
    cell.value, cell.data_type = "#DIV/0!", "e"
    wb.save(copy)
    grid = XlsxBackend(copy).read().grids["Flags"]
    assert grid.value(2, 10) == "#DIV/0!"
    rows = CalamineWorkbook.from_path(str(copy)).get_sheet_by_name("Flags").to_python(
        skip_empty_area=False)
    assert [line[:9] for line in grid.rows] == [line[:9] for line in rows]
    assert grid.rows[0][:7] == ["Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint"]
