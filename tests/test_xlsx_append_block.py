"""Rows appended below every row of a sheet are written a column at a time, as one block:
the package is the one that writing them row by row gives, byte for byte."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import PatternFill

from sheets_okr.changes import AppendedRows, CellChange, ChangeSet
from sheets_okr.io.xlsx import sheet as sheet_module
from sheets_okr.io.xlsx.patch import PatchUnsupported, patch_package

from .conftest import write_rows


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "History"
    write_rows(ws, [["Date", "KPI", "Value", "Note"], [date(2026, 10, 1), "K1", 5, None],
                    [date(2026, 10, 2), "K2", 6.5, "typed"]])
    ws.cell(5, 3).fill = PatternFill("solid", fgColor="FFFF00")
    path = tmp_path_factory.mktemp("append") / "history.xlsx"
    wb.save(path)
    return path


def packed(src: Path, changes: ChangeSet, after: int, one_by_one: bool
           ) -> tuple[dict[str, bytes], int]:
    """The package's members after the change, rows appended as blocks or one by one."""
    with pytest.MonkeyPatch.context() as patch:
        if one_by_one:
            patch.setattr(sheet_module._BlockColumns, "writable", lambda self: False)
        out = io.BytesIO()
        written = patch_package(src, out, changes, {"History": after})
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}, written


def same_package(src: Path, changes: ChangeSet, after: int) -> dict[str, bytes]:
    block, written = packed(src, changes, after, False)
    rows, by_row = packed(src, changes, after, True)
    assert block == rows
    assert written == by_row
    return block


def test_a_block_of_readings_is_the_package_rows_written_one_by_one_give(
        history: Path) -> None:
    rows = tuple((date(2026, 11, 1 + n % 28), f"K{n % 7}", n * 1.25 if n % 3 else n,
                  "late" if n % 5 == 0 else None) for n in range(2000))
    changes = ChangeSet(cells=[CellChange("History", 2, 3, 9)],
                        appended=[AppendedRows("History", 1, rows, ((1, "yyyy-mm-dd"),))])
    members = same_package(history, changes, 3)
    xml = members["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:D2003"/>' in xml
    assert xml.count(b"<row ") == 2003
    ws = openpyxl.load_workbook(io.BytesIO(_zip(members)))["History"]
    assert [c.value for c in ws[2003]] == [datetime(2026, 11, 1 + 1999 % 28), "K4",
                                           1999 * 1.25, None]
    assert ws.cell(1003, 1).number_format == "yyyy-mm-dd" and ws.cell(5, 3).fill.fgColor.rgb \
        == "00FFFF00" and ws.cell(5, 1).value is not None


VALUE = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=False,
                  allow_infinity=False), st.sampled_from(["K1", "K2", "a & b", "x<y"]),
                  st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.booleans())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(VALUE, VALUE, VALUE), min_size=1, max_size=20),
       st.integers(1, 3), st.sampled_from([(), ((1, "yyyy-mm-dd"),), ((2, "0.00"),),
                                           ((1, "yyyy-mm-dd"), (3, "0.0%"))]))
def test_any_block_is_the_package_rows_written_one_by_one_give(
        history: Path, rows: list[tuple[Any, ...]],
        first_col: int, formats: tuple[tuple[int, str], ...]) -> None:
    block = AppendedRows("History", first_col, tuple(rows), formats)
    same_package(history, ChangeSet(appended=[block]), 3)


def test_a_row_edited_below_a_block_is_refused(history: Path) -> None:
    from sheets_okr.io.xlsx.rows import SheetRows

    rows = SheetRows("sheet", b"<sheetData><row r=\"1\"/></sheetData>", 11, 23,
                     (b"<sheetData>", b"</sheetData>"))
    rows.add_block(3, 4, ['<row r="3"/>', '<row r="4"/>'], 1, 2)
    assert rows.numbers() == {1, 3, 4}
    for edit in (lambda: rows.edit(5), lambda: rows.add(6, b"", 1, 1),
                 lambda: rows.add_block(7, 7, [], 1, 1)):
        with pytest.raises(PatchUnsupported, match="block"):
            edit()
    assert rows.body()[-2:] == ['<row r="3"/>', '<row r="4"/>']


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_rows_added_to_a_sheet_without_a_dimension_leave_it_without(tmp_path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("History")
    ws.append(["Date", "KPI", "Value", "Note"])
    for n in range(1, 6):
        ws.append([date(2026, 10, n), f"K{n}", n * 1.5, "typed" if n == 2 else None])
    src = tmp_path / "history.xlsx"
    wb.save(src)
    with zipfile.ZipFile(src) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")
    rows = tuple((date(2026, 11, n), "K9", n) for n in range(1, 4))
    out = tmp_path / "out.xlsx"
    with open(out, "wb") as handle:
        patch_package(src, handle, ChangeSet(cells=[CellChange("History", 3, 3, 7)],
                                             appended=[AppendedRows("History", 1, rows)]),
                      {"History": 6})
    with zipfile.ZipFile(out) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")
    read = openpyxl.load_workbook(out, read_only=True)["History"]
    values = [list(row) for row in read.iter_rows(values_only=True)]
    assert values[0] == ["Date", "KPI", "Value", "Note"]
    assert values[2][2:] == [7, "typed"] and len(values) == 9
    assert values[8][:3] == [datetime(2026, 11, 3), "K9", 3]
