"""Reading and patching an .xlsx package without holding a sheet more than once: rows
turned into Python one at a time, row positions held as arrays."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheets_okr.changes import CellChange, ChangeSet
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.patch import PatchUnsupported, patch_package
from sheets_okr.io.xlsx.rows import RowSpans

from .conftest import build_workbook


def test_a_sheet_starting_below_and_right_of_a1_reads_from_a1(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Offset"
    ws["C3"], ws["E5"], ws["D4"] = "ID", 3, date(2026, 1, 2)
    wb.create_sheet("Empty")
    wb.save(path)
    book = XlsxBackend(path).read()
    grid = book.grids["Offset"]
    expected = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Offset").to_python(
        skip_empty_area=False)
    assert grid.rows == expected
    assert grid.value(3, 3) == "ID" and grid.value(5, 5) == 3
    assert grid.value(4, 4) == date(2026, 1, 2)
    assert book.grids["Empty"].rows == []


def test_equal_texts_of_a_sheet_are_held_once(tmp_path: Path) -> None:
    rows = [["KPI", "Date"], *[["Active users", date(2026, 1, 1 + n % 3)] for n in range(40)]]
    path = build_workbook(tmp_path / "log.xlsx", {"Log": rows})
    grid = XlsxBackend(path).read().grids["Log"]
    assert [line[:2] for line in grid.rows] == rows
    assert len({id(line[0]) for line in grid.rows[1:]}) == 1
    assert len({id(line[1]) for line in grid.rows[1:]}) == 3


def _reorder_rows(path: Path, order: list[int]) -> None:
    """Rewrite the first sheet's part with its rows in ``order`` (row numbers)."""
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = members[name].decode()
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)".*?</row>', xml)}
    body = "".join(rows[n] for n in order)
    members[name] = re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{body}</sheetData>",
                           xml).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def _patched(path: Path, changes: list[CellChange]) -> list[list[object]]:
    out = path.with_name("out.xlsx")
    with open(out, "wb") as handle:
        patch_package(path, handle, ChangeSet(cells=changes))
    return CalamineWorkbook.from_path(str(out)).get_sheet_by_name("T").to_python()


def test_rows_stored_out_of_order_are_patched_in_place(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "t.xlsx", {"T": [["a", 1], ["b", 2], ["c", 3], ["d", 4]]})
    _reorder_rows(path, [3, 1, 4, 2])
    got = _patched(path, [CellChange("T", 1, 2, 10), CellChange("T", 4, 1, "z"),
                          CellChange("T", 6, 1, "new")])
    assert got == [["a", 10.0], ["b", 2.0], ["c", 3.0], ["z", 4.0], ["", ""], ["new", ""]]


def test_a_row_stored_twice_is_refused(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "t.xlsx", {"T": [["a", 1], ["b", 2]]})
    _reorder_rows(path, [1, 2, 1])
    with pytest.raises(PatchUnsupported, match="appears twice"):
        _patched(path, [CellChange("T", 2, 2, 5)])


def test_row_spans_find_each_row_and_its_end() -> None:
    from array import array

    spans = RowSpans(array("q", [4, 2, 9]), array("q", [10, 30, 50]), 80)
    assert list(spans) == [2, 4, 9] and len(spans) == 3
    assert spans.get(2) == (30, 50) and spans[4] == (10, 30) and spans[9] == (50, 80)
    assert spans.get(3) is None and 5 not in spans and 9 in spans
    assert not spans.repeated and RowSpans(array("q", [1, 1]), array("q", [0, 5]), 9).repeated
    assert list(RowSpans()) == [] and RowSpans().get(1) is None


def test_a_large_part_is_deflated_in_steps_to_the_bytes_of_one_step() -> None:
    import zlib

    from sheets_okr.io.xlsx.zipcopy import LEVEL, STEP, Packed

    plain = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919 % 1000)
                     for n in range(1, 120_000))
    assert len(plain) > 3 * STEP
    packed = Packed([plain[:1000], memoryview(plain)[1000:], "</sheetData>"])
    whole = plain + b"</sheetData>"
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    assert packed.data == packer.compress(whole) + packer.flush()
    assert (packed.crc, packed.size) == (zlib.crc32(whole), len(whole))
    assert zlib.decompress(packed.data, -15) == whole
