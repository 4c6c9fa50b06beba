"""Patching an .xlsx package in place: only the changed cells and parts differ."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from python_calamine import CalamineWorkbook

from sheets_okr.changes import AppendedRows, CellChange, ChangeSet, SheetContent, comparable
from sheets_okr.io.xlsx.parts import sheet_parts
from sheets_okr.io.xlsx.patch import PatchUnsupported, patch_package
from sheets_okr.io.xlsx.styles import (
    Unwritable,
    encode_value,
    excel_serial,
    excel_text,
    is_date_format,
)
from sheets_okr.io.xlsx.zipcopy import read_member
from sheets_okr.schema import FLAGS_TAB, STATE_TAB

from .conftest import write_rows

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
KR = "Key Results"


def w(name: str) -> str:
    return f"{{{MAIN}}}{name}"


def patched(src: Path, changes: ChangeSet, name: str = "out.xlsx") -> tuple[Path, int]:
    dst = src.with_name(name)
    with open(dst, "wb") as handle:
        written = patch_package(src, handle, changes)
    return dst, written


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def member_order(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def part(path: Path, title: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(sheet_parts(archive)[title])


def assert_untouched(src: Path, dst: Path, touched: set[str], added: int = 0) -> None:
    """Every member but ``touched`` is byte-identical, with the same compression, in order."""
    before, after = members(src), members(dst)
    order = member_order(dst)
    assert order[:len(order) - added] == member_order(src)
    for name, data in before.items():
        if name not in touched:
            assert after[name] == data, name
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
        for info in a.infolist():
            assert b.getinfo(info.filename).compress_type == info.compress_type
        assert b.testzip() is None


def without_cells(xml: bytes, cells: set[str]) -> bytes:
    """A sheet part minus the given cells and the bookkeeping a patch may update."""
    root = etree.fromstring(xml)
    for cell in list(root.iter(w("c"))):
        if cell.get("r") in cells:
            cell.getparent().remove(cell)
    for row in list(root.iter(w("row"))):
        row.attrib.pop("spans", None)
        if len(row) == 0 and set(row.attrib) == {"r"}:
            row.getparent().remove(row)
    for tag in ("dimension", "cols"):
        for element in root.findall(w(tag)):
            root.remove(element)
    return etree.tostring(root, method="c14n")


def assert_only_cells_differ(src: Path, dst: Path, title: str, changes: ChangeSet) -> None:
    cells = {c.cell for c in changes.cells if c.tab == title}
    assert without_cells(part(src, title), cells) == without_cells(part(dst, title), cells)


def openpyxl_value(path: Path, title: str, row: int, col: int) -> Any:
    return openpyxl.load_workbook(path)[title].cell(row, col).value


def calamine_grid(path: Path, title: str) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(title).to_python(skip_empty_area=False)
    finally:
        book.close()


def grid_value(grid: list[list[Any]], row: int, col: int) -> Any:
    if row > len(grid) or col > len(grid[row - 1]):
        return None
    return grid[row - 1][col - 1]


def assert_reads_back(path: Path, changes: ChangeSet) -> None:
    """The last change to each cell is what openpyxl and calamine read."""
    final = {(c.tab, c.row, c.col): c.value for c in changes.cells}
    book = openpyxl.load_workbook(path)
    grids: dict[str, list[list[Any]]] = {}
    for (tab, row, col), value in final.items():
        grid = grids.setdefault(tab, calamine_grid(path, tab))
        assert comparable(book[tab].cell(row, col).value) == comparable(value), (tab, row, col)
        assert comparable(grid_value(grid, row, col)) == comparable(value), (tab, row, col)


def rich_workbook(path: Path, vba: Path | None = None) -> Path:
    """An xlsxwriter workbook with most things openpyxl would drop or mangle."""
    wb = xlsxwriter.Workbook(str(path))
    if vba is not None:
        wb.add_vba_project(str(vba))
    ws = wb.add_worksheet(KR)
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write_row(0, 0, ["ID", "Baseline", "Target", "Current", "Gap", "Trend"], header)
    for r in range(1, 6):
        ws.write_row(r, 0, [f"KR{r}", r * 10, r * 20])
        ws.write_number(r, 3, r / 10, pct)
        ws.write_formula(r, 4, f"=C{r + 1}-B{r + 1}", None, r * 10)
        ws.add_sparkline(r, 5, {"range": f"'{KR}'!B{r + 1}:D{r + 1}"})
    ws.set_column("F:F", 18)
    ws.conditional_format("B2:B6", {"type": "data_bar", "bar_color": "#63BE7B",
                                         "data_bar_2010": True})
    ws.write_comment("A2", "Owner asked to review")
    ws.insert_textbox("J2", "Notes for the team")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": f"='{KR}'!$C$2:$C$6"})
    ws.insert_chart("J8", chart)
    wb.define_name("Targets", f"='{KR}'!$C$2:$C$6")
    ws.freeze_panes(1, 0)
    ws.merge_range("A9:C9", "Merged note", header)
    ws.data_validation("B2:B6", {"validate": "integer", "criteria": "between",
                                 "minimum": 0, "maximum": 1000})
    budget = wb.add_worksheet("Budget")
    budget.add_table("A1:C3", {"data": [["Ads", 100, 3], ["Events", 250, 1]],
                               "columns": [{"header": "Item"}, {"header": "Cost"},
                                           {"header": "Qty"}]})
    sheet = wb.add_chartsheet("Chart")
    pie = wb.add_chart({"type": "pie"})
    pie.add_series({"values": "=Budget!$B$2:$B$3"})
    sheet.set_chart(pie)
    wb.close()
    return path


def cell_changes() -> list[CellChange]:
    return [
        CellChange(KR, 1, 7, "Progress", header=True),
        CellChange(KR, 2, 7, 0.5, "0%"),
        CellChange(KR, 3, 7, 0.25, "0%"),
        CellChange(KR, 4, 7, date(2026, 11, 15)),
        CellChange(KR, 5, 7, datetime(2026, 11, 15, 13, 30)),
        CellChange(KR, 6, 7, 42),
        CellChange(KR, 7, 7, True),
        CellChange(KR, 2, 4, 0.55, "0%"),
        CellChange(KR, 3, 4, None),
        CellChange(KR, 2, 8, "=SUM(A1:A3)"),
        CellChange(KR, 3, 8, "+1-2"),
        CellChange(KR, 4, 8, "-minus"),
        CellChange(KR, 5, 8, "@mention"),
        CellChange(KR, 6, 8, "  spaced  \n second line ünïcødé ✓"),
        CellChange(KR, 30, 2, 1e-7),
        CellChange(KR, 30, 1, "row far below"),
    ]


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return rich_workbook(tmp_path / "rich.xlsx")


def test_only_the_changed_cells_and_parts_differ(rich: Path) -> None:
    flags = SheetContent(FLAGS_TAB, [["Code", "Message"], ["OKR101", "=IMPORTXML(x)"]],
                         widths={1: 9, 2: 70})
    state = SheetContent(STATE_TAB, [["tab", "item", "marks"], ["kr", "KR1", "p=1"]],
                         hidden=True)
    changes = ChangeSet(cells=cell_changes(), sheets=[flags, state])
    out, written = patched(rich, changes)
    assert written == len(changes.cells) + 4 + 6
    touched = {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
               "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert_untouched(rich, out, touched, added=2)
    assert_only_cells_differ(rich, out, KR, changes)
    assert_reads_back(out, changes)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [KR, "Budget", "Chart", FLAGS_TAB, STATE_TAB]
    assert book[STATE_TAB].sheet_state == "veryHidden"
    assert book[FLAGS_TAB].sheet_state == "visible"
    assert [[c.value for c in r] for r in book[FLAGS_TAB].iter_rows()] == flags.rows
    assert book[FLAGS_TAB]["A1"].font.bold and not book[FLAGS_TAB]["A2"].font.bold
    assert book[FLAGS_TAB].freeze_panes == "A2"
    assert book[FLAGS_TAB].column_dimensions["B"].width == 70


def test_text_is_never_a_formula_and_untouched_formulas_keep_results(rich: Path) -> None:
    out, _ = patched(rich, ChangeSet(cells=cell_changes()))
    xml = part(out, KR)
    for ref in ("H2", "H3", "H4", "H5"):
        cell = etree.fromstring(xml).find(f".//{w('c')}[@r='{ref}']")
        assert cell.get("t") == "inlineStr" and cell.find(w("f")) is None
    grid = calamine_grid(out, KR)
    assert [grid_value(grid, r, 5) for r in range(2, 7)] == [10, 20, 30, 40, 50]
    assert openpyxl.load_workbook(out)[KR]["E2"].value == "=C2-B2"
    assert b"fullCalcOnLoad=\"1\"" in members(out)["xl/workbook.xml"]


def test_number_format_only_on_general_cells_and_dates_get_a_date_format(rich: Path) -> None:
    out, _ = patched(rich, ChangeSet(cells=cell_changes()))
    ws = openpyxl.load_workbook(out)[KR]
    assert ws["G2"].number_format == "0%"
    assert ws["D2"].number_format == "0.0%"
    assert is_date_format(ws["G4"].number_format) and is_date_format(ws["G5"].number_format)
    assert ws["G6"].number_format == "General"
    assert ws["D3"].value is None and ws["D3"].number_format == "0.0%"


def test_appended_header_copies_the_left_cell_style_and_width(rich: Path) -> None:
    out, _ = patched(rich, ChangeSet(cells=cell_changes()))
    ws = openpyxl.load_workbook(out)[KR]
    left, header = ws["F1"], ws["G1"]
    assert header.font.bold and header.fill.fgColor.rgb == left.fill.fgColor.rgb
    assert header.border.left.style == left.border.left.style
    assert ws.column_dimensions["G"].width == ws.column_dimensions["F"].width


def test_rows_cells_dimension_and_spans_stay_consistent(rich: Path) -> None:
    out, _ = patched(rich, ChangeSet(cells=cell_changes()))
    root = etree.fromstring(part(out, KR))
    rows = [int(r.get("r")) for r in root.iter(w("row"))]
    assert rows == sorted(rows) and 30 in rows
    for row in root.iter(w("row")):
        cols = [openpyxl.utils.cell.column_index_from_string(re.sub(r"\d", "", c.get("r")))
                for c in row.iter(w("c"))]
        assert cols == sorted(cols)
        if row.get("spans"):
            low, high = map(int, row.get("spans").split(":"))
            assert low <= min(cols) and max(cols) <= high
    assert root.find(w("dimension")).get("ref") == "A1:H30"


def test_replacing_existing_tool_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Objectives"
    write_rows(wb.active, [["ID", "Objective"], ["O1", "Grow"]])
    old_flags = wb.create_sheet(FLAGS_TAB)
    write_rows(old_flags, [["old"] * 9 for _ in range(40)])
    old_flags.column_dimensions["C"].width = 50
    state = wb.create_sheet(STATE_TAB)
    write_rows(state, [["tab", "item", "marks"], ["a", "b", "c"]])
    wb.active = 2
    src = tmp_path / "owned.xlsx"
    wb.save(src)
    new_flags = SheetContent(FLAGS_TAB, [["Code", "Message"], ["OKR1", "+1-2"]], widths={2: 60})
    new_state = SheetContent(STATE_TAB, [["tab", "item", "marks"], ["x", "y", "z"]], hidden=True)
    out, written = patched(src, ChangeSet(sheets=[new_flags, new_state]))
    assert written == 10
    book = openpyxl.load_workbook(out)
    assert [[c.value for c in r] for r in book[FLAGS_TAB].iter_rows()] == new_flags.rows
    assert book[FLAGS_TAB].column_dimensions["C"].width != 50
    assert book[STATE_TAB].sheet_state == "veryHidden"
    assert book.active.title != STATE_TAB
    assert calamine_grid(out, FLAGS_TAB) == new_flags.rows
    assert calc_settings(out) == calc_settings(src)
    assert_untouched(src, out, {"xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet2.xml",
                                "xl/worksheets/sheet3.xml"})


def test_cell_changes_on_tool_sheets_do_not_force_recalculation(tmp_path: Path) -> None:
    src = build(tmp_path, {"Objectives": [["ID"]], STATE_TAB: [["tab", "item", "marks"]]})
    out, _ = patched(src, ChangeSet(cells=[CellChange(STATE_TAB, 2, 1, "kr")]))
    assert calc_settings(out) == calc_settings(src)
    assert calamine_grid(out, STATE_TAB)[1][0] == "kr"
    fresh = rewrite(rich_workbook(tmp_path / "rich.xlsx"),
                    lambda name, data: data.replace(b' fullCalcOnLoad="1"', b""), "fresh.xlsx")
    assert b"fullCalcOnLoad" not in members(fresh)["xl/workbook.xml"]
    out, _ = patched(fresh, ChangeSet(sheets=[SheetContent(FLAGS_TAB, [["Code"]])]))
    assert b"fullCalcOnLoad" not in members(out)["xl/workbook.xml"]


def test_user_cell_changes_force_recalculation_on_open(rich: Path) -> None:
    no_calc = rewrite(rich, lambda name, data: re.sub(rb"<calcPr[^>]*/>", b"", data), "nc.xlsx")
    assert calc_settings(no_calc) == {}
    out, _ = patched(no_calc, ChangeSet(cells=[CellChange(KR, 2, 2, 11)]))
    root = etree.fromstring(members(out)["xl/workbook.xml"])
    assert [etree.QName(e).localname for e in root][-2:] == ["definedNames", "calcPr"]
    assert calc_settings(out) == {"fullCalcOnLoad": "1"}
    xml = part(out, KR)
    for marker in (b"x14:sparklineGroup", b"x14:dataBar", b"<drawing ", b"<legacyDrawing ",
                   b"<dataValidation ", b"<mergeCell ", b'state="frozen"'):
        assert marker in xml, marker


def calc_settings(path: Path) -> dict[str, str]:
    calc = etree.fromstring(members(path)["xl/workbook.xml"]).find(w("calcPr"))
    return {} if calc is None else dict(calc.attrib)


def test_xlsm_keeps_its_vba_project(tmp_path: Path) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0not really a macro project" * 50)
    src = rich_workbook(tmp_path / "macro.xlsm", vba)
    out, _ = patched(src, ChangeSet(cells=cell_changes()), "out.xlsm")
    assert members(out)["xl/vbaProject.bin"] == vba.read_bytes()
    before = members(src)["[Content_Types].xml"]
    assert b"macroEnabled" in before and before == members(out)["[Content_Types].xml"]
    assert_reads_back(out, ChangeSet(cells=cell_changes()))


def test_styles_are_reused_on_a_second_run(rich: Path) -> None:
    changes = ChangeSet(cells=cell_changes(),
                        sheets=[SheetContent(FLAGS_TAB, [["Code"], ["OKR1"]])])
    once, _ = patched(rich, changes)
    twice, _ = patched(once, changes, "twice.xlsx")
    assert members(once)["xl/styles.xml"] == members(twice)["xl/styles.xml"]


def test_characters_xml_cannot_hold_are_escaped_like_excel(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [["x"]]})
    text = "bell\x07 tab\t cr\r _x0041_ end"
    out, _ = patched(src, ChangeSet(cells=[CellChange("S", 1, 1, text)]))
    assert calamine_grid(out, "S")[0][0] == text
    assert excel_text("\x00_x1234_") == "_x0000__x005F_x1234_"


def test_values_are_encoded_without_locale_or_loss() -> None:
    assert encode_value(0.1) == (None, "0.1")
    assert encode_value(1e20) == (None, "1e+20")
    assert encode_value(False) == ("b", "0")
    assert encode_value("") is None and encode_value(None) is None
    assert excel_serial(date(2026, 11, 15)) == 46341
    assert excel_serial(date(2026, 11, 15), date1904=True) == 46341 - 1462
    with pytest.raises(Unwritable):
        encode_value(float("nan"))
    with pytest.raises(Unwritable):
        encode_value(datetime(2026, 1, 1, tzinfo=UTC))


def test_date1904_workbooks_get_1904_serials(tmp_path: Path) -> None:
    path = tmp_path / "mac.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"date_1904": True})
    wb.add_worksheet("S").write("A1", "when")
    wb.close()
    out, _ = patched(path, ChangeSet(cells=[CellChange("S", 2, 1, date(2026, 3, 4))]))
    assert openpyxl_value(out, "S", 2, 1) == datetime(2026, 3, 4)
    assert calamine_grid(out, "S")[1][0] == date(2026, 3, 4)


def rewrite(path: Path, edit: Callable[[str, bytes], bytes | None], name: str) -> Path:
    """A copy of the package with each member passed through ``edit`` (None drops it)."""
    out = path.with_name(name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = edit(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info, data)
    return out


def refused(src: Path, changes: ChangeSet) -> str:
    sink = io.BytesIO()
    with pytest.raises(PatchUnsupported) as caught:
        patch_package(src, sink, changes)
    assert sink.getvalue() == b""
    return str(caught.value)


def test_strict_ooxml_is_refused(rich: Path) -> None:
    def strict(name: str, data: bytes) -> bytes:
        return (data.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
                .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                         b"http://purl.oclc.org/ooxml/officeDocument/relationships"))

    src = rewrite(rich, strict, "strict.xlsx")
    assert "strict" in refused(src, ChangeSet(cells=[CellChange(KR, 1, 1, "x")]))


def test_encrypted_or_non_zip_files_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "encrypted.xlsx"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "zip" in refused(src, ChangeSet(cells=[CellChange("S", 1, 1, "x")]))


def test_values_a_cell_cannot_hold_are_refused(rich: Path) -> None:
    assert "nan" in refused(rich, ChangeSet(cells=[CellChange(KR, 2, 2, float("nan"))]))
    assert "object" in refused(rich, ChangeSet(cells=[CellChange(KR, 2, 2, object())]))


@pytest.mark.parametrize(("tab", "cell", "reason"), [
    ("Chart", (1, 1), "not a worksheet"),
    ("Budget", (1, 2), "table header"),
    ("Nowhere", (1, 1), "no sheet"),
])
def test_cells_that_cannot_be_patched_are_refused(rich: Path, tab: str, cell: tuple[int, int],
                                                  reason: str) -> None:
    assert reason in refused(rich, ChangeSet(cells=[CellChange(tab, *cell, "x")]))


def test_cells_in_array_formulas_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "arrays.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_column("A1", [1, 2, 3])
    ws.write_array_formula("B1:B3", "{=A1:A3*2}", None, 2)
    ws.write_dynamic_array_formula("C1:C3", "=A1:A3*3", None, 3)
    wb.close()
    for col in (2, 3):
        assert "array formula" in refused(path, ChangeSet(cells=[CellChange("S", 2, col, 0)]))
    out, _ = patched(path, ChangeSet(cells=[CellChange("S", 4, 2, 9)]))
    assert calamine_grid(out, "S")[0][1:] == [2, 3]


@pytest.mark.parametrize(("title", "reason"), [
    ("flags", "named like"), ("a/b", "cannot name"), ("x" * 32, "cannot name")])
def test_new_sheets_excel_would_reject_are_refused(tmp_path: Path, title: str,
                                                   reason: str) -> None:
    src = build(tmp_path, {FLAGS_TAB: [["x"]]})
    assert reason in refused(src, ChangeSet(sheets=[SheetContent(title, [["y"]])]))


def test_shared_formula_master_is_refused_but_a_plain_formula_is_replaced(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [[1, 2], [3, 4]]})
    with_formulas = rewrite(src, lambda name, data: data.replace(
        b'<c r="B1" t="n"><v>2</v></c>',
        b'<c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>2</v></c>').replace(
        b'<c r="B2" t="n"><v>4</v></c>', b'<c r="B2"><f t="shared" si="0"/><v>6</v></c>'),
        "shared.xlsx")
    assert b"shared" in part(with_formulas, "S")
    assert "shared" in refused(with_formulas, ChangeSet(cells=[CellChange("S", 1, 2, 5)]))
    out, _ = patched(with_formulas, ChangeSet(cells=[CellChange("S", 2, 2, 5)]))
    assert openpyxl_value(out, "S", 2, 2) == 5 and calamine_grid(out, "S")[1][1] == 5


def test_calc_chain_goes_when_a_formula_is_overwritten(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [[1, 2]]})
    book = openpyxl.load_workbook(src)
    book["S"]["B1"] = "=A1*2"
    book.save(src)
    chain = b'<calcChain xmlns="%s"><c r="B1" i="1"/></calcChain>' % MAIN.encode()

    def add_chain(name: str, data: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://sc'
                                b'hemas.openxmlformats.org/officeDocument/2006/relationships/calc'
                                b'Chain" Target="calcChain.xml"/></Relationships>')
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" Content'
                                b'Type="application/vnd.openxmlformats-officedocument.spreadsheet'
                                b'ml.calcChain+xml"/></Types>')
        return data

    chained = rewrite(src, add_chain, "chained.xlsx")
    with zipfile.ZipFile(chained, "a") as archive:
        archive.writestr("xl/calcChain.xml", chain)
    out, _ = patched(chained, ChangeSet(cells=[CellChange("S", 1, 2, 7)]))
    after = members(out)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert openpyxl_value(out, "S", 1, 2) == 7


def build(tmp_path: Path, tabs: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        write_rows(wb.create_sheet(title), rows)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_prefixed_namespaces_and_declarations_are_kept(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [["a", 1], ["b", 2]], FLAGS_TAB: [["old"], ["old"]]})

    def prefixed(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/"):
            return data
        data = re.sub(rb"<(/?)([A-Za-z]+)([ />])", rb"<\1x:\2\3", data)
        return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + data.replace(
            b'xmlns="%s"' % MAIN.encode(), b'xmlns:x="%s"' % MAIN.encode())

    src = rewrite(src, prefixed, "prefixed.xlsx")
    changes = ChangeSet(cells=[CellChange("S", 3, 3, "new"), CellChange("S", 1, 2, None)],
                        sheets=[SheetContent(FLAGS_TAB, [["Code"], ["OKR1"]])])
    out, _ = patched(src, changes)
    for title in ("S", FLAGS_TAB):
        xml = part(out, title)
        assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<x:')
        assert b"<c " not in xml and b"<row " not in xml and b"xmlns=" not in xml
    assert_only_cells_differ(src, out, "S", changes)
    assert_reads_back(out, changes)
    assert calamine_grid(out, FLAGS_TAB) == [["Code"], ["OKR1"]]


def test_zip_entries_with_data_descriptors_and_stored_members(tmp_path: Path) -> None:
    plain = build(tmp_path, {"S": [["a", 1]], "T": [["b", 2]]})

    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            self.buffer += data
            return len(data)

    sink = Unseekable()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(sink, "w") as dst:
        for index, info in enumerate(src.infolist()):
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_STORED if index % 2 else zipfile.ZIP_DEFLATED
            with dst.open(entry, "w") as member:
                member.write(src.read(info))
    streamed = tmp_path / "streamed.xlsx"
    streamed.write_bytes(bytes(sink.buffer))
    with zipfile.ZipFile(streamed) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED,
                                                                 zipfile.ZIP_DEFLATED}
    changes = ChangeSet(cells=[CellChange("S", 2, 2, 3.5)])
    out, _ = patched(streamed, changes)
    assert_untouched(streamed, out, {"xl/worksheets/sheet1.xml", "xl/workbook.xml"})
    assert_reads_back(out, changes)


def test_parts_are_inflated_whole_and_a_damaged_one_is_refused(tmp_path: Path) -> None:
    rows = [[f"row {n}", n, n / 7] for n in range(1, 3001)]
    src = build(tmp_path, {"S": rows, "T": [["b", 2]]})
    with zipfile.ZipFile(src) as archive, open(src, "rb") as raw:
        for info in archive.infolist():
            assert read_member(raw, info) == archive.read(info)
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(src.read_bytes())
    middle = sheet.header_offset + 30 + len(sheet.filename) + sheet.compress_size // 2
    data[middle] ^= 0xFF
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(PatchUnsupported, match="sheet1.xml: damaged zip entry"):
        patched(damaged, ChangeSet(cells=[CellChange("S", 2, 2, 3.5)]))


def test_libreoffice_opens_the_patched_workbook(rich: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required on CI to check patched workbooks")
        pytest.skip("LibreOffice (soffice) is not installed; cannot check that it opens "
                    "patched workbooks")
    out, _ = patched(rich, ChangeSet(cells=cell_changes()))
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    for target, folder in (("csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"), ("pdf", "pdf")):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir",
                        str(tmp_path / folder), str(out)],
                       check=True, capture_output=True, timeout=180)
    with open(tmp_path / "csv" / "out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:7] == ["ID", "Baseline", "Target", "Current", "Gap", "Trend", "Progress"]
    assert [r[6] for r in rows[1:7]] == ["50%", "25%", "2026-11-15", "2026-11-15 13:30:00",
                                         "42", "TRUE"]
    assert [r[7] for r in rows[1:6]] == ["=SUM(A1:A3)", "+1-2", "-minus", "@mention",
                                         "  spaced  \n second line ünïcødé ✓"]
    assert [r[4] for r in rows[1:6]] == ["10", "20", "30", "40", "50"]
    assert rows[29][:2] == ["row far below", "0.0000001"]
    assert (tmp_path / "pdf" / "out.pdf").read_bytes().startswith(b"%PDF")


ROW_XML = re.compile(rb"<row [^>]*?(?:/>|>.*?</row>)", re.S)


def test_rows_without_changes_keep_their_bytes(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [[f"r{r}c{c}" for c in range(1, 5)] for r in range(1, 9)]})
    pretty = rewrite(src, lambda name, data: data.replace(b"<row ", b"\n  <row ")
                     if name == "xl/worksheets/sheet1.xml" else data, "pretty.xlsx")
    changes = ChangeSet(cells=[CellChange("S", 3, 2, 7), CellChange("S", 5, 6, "new"),
                               CellChange("S", 12, 1, "below"), CellChange("S", 10, 1, "gap")])
    out, _ = patched(pretty, changes)
    before, after = ROW_XML.findall(part(pretty, "S")), ROW_XML.findall(part(out, "S"))
    assert [r for r in before if r in after] == [r for i, r in enumerate(before, 1)
                                                 if i not in (3, 5)]
    assert [re.search(rb'r="(\d+)"', r).group(1) for r in after] == [
        b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"10", b"12"]
    assert b"\n  <row " in part(out, "S")
    assert_reads_back(out, changes)


def test_comments_among_the_rows_are_refused(tmp_path: Path) -> None:
    src = build(tmp_path, {"S": [["a"], ["b"]]})
    commented = rewrite(src, lambda name, data: data.replace(b"</row>", b"</row><!-- x -->", 1)
                        if name == "xl/worksheets/sheet1.xml" else data, "commented.xlsx")
    assert "comments" in refused(commented, ChangeSet(cells=[CellChange("S", 1, 1, "x")]))


def test_appended_rows_go_below_the_last_used_row_in_one_pass(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "History"
    write_rows(ws, [["Date", "KPI", "Value"], [date(2026, 10, 1), "K1", 5]])
    ws.cell(4, 2).fill = PatternFill("solid", fgColor="FFFF00")  # an empty, formatted row
    src = tmp_path / "history.xlsx"
    wb.save(src)
    block = AppendedRows("History", 1, ((date(2026, 11, 1), "K1", 6),
                                       (date(2026, 11, 2), "K2", None),
                                       (date(2026, 11, 3), "K1", 7.5)),
                         ((1, "yyyy-mm-dd"),))
    with pytest.raises(ValueError, match="last used row"):
        patch_package(src, io.BytesIO(), ChangeSet(appended=[block]))
    out = tmp_path / "out.xlsx"
    with open(out, "wb") as handle:
        assert patch_package(src, handle, ChangeSet(appended=[block]), {"History": 2}) == 8
    sheet = openpyxl.load_workbook(out)["History"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5)] == [
        [datetime(2026, 11, 1), "K1", 6], [datetime(2026, 11, 2), "K2", None],
        [datetime(2026, 11, 3), "K1", 7.5]]
    assert [sheet.cell(r, 1).number_format for r in (3, 4, 5)] == ["yyyy-mm-dd"] * 3
    assert sheet.cell(4, 2).fill.fgColor.rgb == "00FFFF00"
    assert sheet.dimensions == "A1:C5"
    assert calamine_grid(out, "History")[4][2] == 7.5
