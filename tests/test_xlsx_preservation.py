"""Everything of the user's survives a recompute; the save is atomic and serialised."""

from __future__ import annotations

import re
import shutil
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from sheets_okr.cli import cli
from sheets_okr.errors import WorkbookLocked
from sheets_okr.io.filelock import hold_lock
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx import backend as xlsx
from sheets_okr.io.xlsx import patch as xlsx_patch
from sheets_okr.io.xlsx.parts import sheet_parts
from sheets_okr.io.xlsx.patch import PatchUnsupported
from sheets_okr.run import recompute

from .conftest import KEY_RESULTS, OBJECTIVES, write_rows, xlsxwriter_book

FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def do_recompute(path: Path, as_of, **options: Any):
    backend = XlsxBackend(path, **options)
    with backend.session():
        return recompute(backend, as_of)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def sheet_xml(path: Path, title: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(sheet_parts(archive)[title])


def rich_workbook(path: Path) -> Path:
    """A workbook with most of what people put in one."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Planning notes"
    notes.merge_cells("A1:C2")
    notes["A4"] = "keep me"
    write_rows(wb.create_sheet("Objectives"), OBJECTIVES)
    krs = wb.create_sheet("Key Results")
    write_rows(krs, [line + ["Gap"] for line in KEY_RESULTS])
    for r in range(2, 6):
        krs.cell(row=r, column=8, value=f"=F{r}-G{r}")
    budget = wb.create_sheet("Budget")
    budget.append(["Item", "Cost", "Qty", "Total"])
    budget.append(["Ads", 100, 3, "=B2*C2"])
    budget.append(["Total", None, None, "=SUM(D2:D2)"])
    budget.column_dimensions["A"].width = 31
    secret = wb.create_sheet("Secret")
    secret["A1"] = "hidden data"
    secret.sheet_state = "hidden"

    krs["A1"].font = Font(bold=True, italic=True, color="FF0000FF", size=13)
    krs["A1"].fill = PatternFill("solid", fgColor="FFFFFF00")
    krs["C2"].border = Border(bottom=Side(style="thick", color="FF00FF00"))
    krs["F2"].number_format = "0.000"
    krs.column_dimensions["C"].width = 44
    krs.row_dimensions[3].height = 33
    krs.freeze_panes = "B2"
    dv = DataValidation(type="list", formula1='"Ana,Ben,Cleo"', allow_blank=True)
    dv.add("D2:D50")
    krs.add_data_validation(dv)
    krs["C3"].comment = Comment("Ask Ana about this one", "Ben")
    krs.conditional_formatting.add(
        "G2:G50", CellIsRule(operator="greaterThan", formula=["100"],
                             fill=PatternFill("solid", fgColor="FFFFC7CE")))
    wb.defined_names["TargetOfKR1"] = DefinedName("TargetOfKR1", attr_text="'Key Results'!$F$2")
    krs.defined_names["LocalName"] = DefinedName("LocalName", attr_text="'Key Results'!$A$1")
    wb.save(path)
    return path


def test_everything_of_the_users_survives(tmp_path, as_of):
    path = rich_workbook(tmp_path / "rich.xlsx")
    result = do_recompute(path, as_of)
    assert result.cells_written > 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Notes", "Objectives", "Key Results", "Budget", "Secret",
                             "Flags", "History", "Dashboard", "_sheets_okr"]
    notes, krs, budget, secret = wb["Notes"], wb["Key Results"], wb["Budget"], wb["Secret"]
    assert notes["A1"].value == "Planning notes" and notes["A4"].value == "keep me"
    assert [str(r) for r in notes.merged_cells.ranges] == ["A1:C2"]
    assert [krs.cell(row=r, column=8).value for r in range(2, 6)] == [
        "=F2-G2", "=F3-G3", "=F4-G4", "=F5-G5"]
    assert [c.value for c in krs[1]][7:] == ["Gap", "Progress", "Score", "Expected", "Status",
                                             "Grade"]
    assert [budget["D2"].value, budget["D3"].value] == ["=B2*C2", "=SUM(D2:D2)"]
    assert budget.column_dimensions["A"].width == 31
    assert secret.sheet_state == "hidden" and secret["A1"].value == "hidden data"
    assert wb["_sheets_okr"].sheet_state == "veryHidden"

    font = krs["A1"].font
    assert (font.b, font.i, font.color.rgb, font.sz) == (True, True, "FF0000FF", 13)
    assert krs["A1"].fill.fgColor.rgb == "FFFFFF00"
    assert krs["C2"].border.bottom.style == "thick"
    assert krs["C2"].border.bottom.color.rgb == "FF00FF00"
    assert krs["F2"].number_format == "0.000"
    assert krs.column_dimensions["C"].width == 44
    assert krs.row_dimensions[3].height == 33
    assert krs.freeze_panes == "B2"
    [dv] = krs.data_validations.dataValidation
    assert (dv.type, dv.formula1, str(dv.sqref)) == ("list", '"Ana,Ben,Cleo"', "D2:D50")
    assert krs["C3"].comment.text == "Ask Ana about this one"
    assert krs["C3"].comment.author == "Ben"
    [cf] = [c for c in krs.conditional_formatting if str(c.sqref) == "G2:G50"]
    assert [(r.type, r.operator, r.formula) for r in cf.rules] == [
        ("cellIs", "greaterThan", ["100"])]
    assert wb.defined_names["TargetOfKR1"].attr_text == "'Key Results'!$F$2"
    assert krs.defined_names["LocalName"].attr_text == "'Key Results'!$A$1"
    assert do_recompute(path, as_of).cells_written == 0


def test_cached_values_of_user_formulas_survive(tmp_path, as_of):
    def formulas(wb: xlsxwriter.Workbook) -> None:
        krs = wb.get_worksheet_by_name("Key Results")
        krs.write_formula("G2", "=40+10", None, 50)
        krs.write_formula("H1", '="Gap"', None, "Gap")
        krs.write_formula("H2", "=F2-G2", None, 10)

    path = xlsxwriter_book(tmp_path / "formulas.xlsx", formulas)

    first = do_recompute(path, as_of)
    assert [(o["id"], o["score"]) for o in first.analysis.objectives()] == [
        ("O1", 0.5), ("O2", 0.475)]
    second = do_recompute(path, as_of)
    assert second.cells_written == 0
    assert [(o["id"], o["score"]) for o in second.analysis.objectives()] == [
        ("O1", 0.5), ("O2", 0.475)]
    values = openpyxl.load_workbook(path, data_only=True)["Key Results"]
    assert [values["G2"].value, values["H1"].value, values["H2"].value] == [50, "Gap", 10]
    assert openpyxl.load_workbook(path)["Key Results"]["G2"].value == "=40+10"


def make_xlsm(path: Path) -> Path:
    """An .xlsm: a workbook whose package holds xl/vbaProject.bin with its content type."""
    plain = path.with_suffix(".tmp.xlsx")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_rows(wb.create_sheet("Objectives"), OBJECTIVES)
    write_rows(wb.create_sheet("Key Results"), KEY_RESULTS)
    wb.save(plain)
    vba = b"\xcc\x61" + bytes(range(256)) * 4
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"<Default ", b'<Default Extension="bin" ContentType='
                                    b'"application/vnd.ms-office.vbaProject"/><Default ', 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'))
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", vba)
    plain.unlink()
    return path


def test_xlsm_keeps_its_vba_project(tmp_path, as_of):
    path = make_xlsm(tmp_path / "macros.xlsm")
    with zipfile.ZipFile(path) as archive:
        vba = archive.read("xl/vbaProject.bin")
    assert do_recompute(path, as_of).cells_written > 0
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == vba
        types = archive.read("[Content_Types].xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert b"vbaProject.bin" in rels
    assert openpyxl.load_workbook(path, keep_vba=True)["Key Results"]["I2"].value == 0.5


def test_user_text_is_never_a_formula(make_workbook, as_of):
    hostile = ['=IMPORTXML("http://x","//a")', "+1-2", "-5", "@SUM(A1)"]
    objectives = [["ID", "Objective", "Owner", "Period"],
                  ["+1-2", "Be safe", None, "2026-Q4"],
                  ["O2", "=HYPERLINK(\"http://evil\")", "Ben", "2026-Q4"]]
    krs = [["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "KPI"],
           [hostile[0], "+1-2", hostile[0], None, 0, 10, 5, "K1"],
           ["-5", "+1-2", "Lift it", None, 0, 10, 5, "K1"],
           ["@SUM(A1)", "O2", "Lift more", None, 0, 10, 5, None]]
    kpis = [["ID", "KPI", "Owner", "Target"], ["K1", "Reply time", "Ana", 30]]
    path = make_workbook({"Objectives": objectives, "Key Results": krs, "KPIs": kpis})
    result = do_recompute(path, as_of)
    wb = openpyxl.load_workbook(path)
    flags = wb["Flags"]
    items = {}
    for row in flags.iter_rows(min_row=2):
        if row[0].value == "OKR107":
            items[row[4].value] = row[4].data_type
            assert all(c.data_type == "s" for c in row)
    assert items == {h: "s" for h in hostile}
    assert not FORMULA_TAG.search(sheet_xml(path, "Flags"))
    assert not FORMULA_TAG.search(sheet_xml(path, "_sheets_okr"))
    linked = wb["KPIs"]["J2"]
    assert (linked.value, linked.data_type) == (f"{hostile[0]}, -5", "s")
    assert not FORMULA_TAG.search(sheet_xml(path, "KPIs"))
    assert wb["Key Results"]["C2"].value == hostile[0]
    assert wb["Key Results"]["C2"].data_type == "s"
    assert result.flags and do_recompute(path, as_of).cells_written == 0


def break_the_writer(monkeypatch: pytest.MonkeyPatch, writer: str, error: BaseException) -> None:
    """Make the ``writer`` ("patch" or "openpyxl", the fallback) write half a package into
    the file it is given, then fail with ``error``."""
    def half_a_workbook(target: Any, *args: Any) -> None:
        target.write(b"PK\x03\x04 half a workbook")
        raise error

    if writer == "patch":
        monkeypatch.setattr(xlsx_patch, "write_zip", half_a_workbook)
    else:
        monkeypatch.setattr(xlsx, "patch_package", refuse_to_patch)
        monkeypatch.setattr(openpyxl.Workbook, "save", lambda self, target: half_a_workbook(
            target))


def refuse_to_patch(*args: Any) -> int:
    raise PatchUnsupported("forced")


@pytest.mark.parametrize("writer", ["patch", "openpyxl"])
def test_save_is_atomic(example_xlsx, as_of, monkeypatch, writer):
    before = example_xlsx.read_bytes()
    break_the_writer(monkeypatch, writer, RuntimeError("disk on fire"))
    with pytest.raises(RuntimeError, match="disk on fire"):
        do_recompute(example_xlsx, as_of)
    assert example_xlsx.read_bytes() == before
    assert [p.name for p in example_xlsx.parent.iterdir()] == ["example.xlsx"]


@pytest.mark.parametrize("writer", ["patch", "openpyxl"])
def test_failed_save_with_os_error_exits_2(example_xlsx, monkeypatch, writer):
    before = example_xlsx.read_bytes()
    break_the_writer(monkeypatch, writer, OSError(28, "No space left on device"))
    result = run("recompute", example_xlsx)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {example_xlsx}: could not save (No space left on device); "
                             "the original file is unchanged\n")
    assert example_xlsx.read_bytes() == before
    assert [p.name for p in example_xlsx.parent.iterdir()] == ["example.xlsx"]


def test_backup_keeps_the_previous_version(example_xlsx):
    before = example_xlsx.read_bytes()
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15", "--backup")
    assert result.exit_code == 0
    backup = example_xlsx.with_name("example.bak.xlsx")
    assert backup.read_bytes() == before
    assert example_xlsx.read_bytes() != before
    assert sorted(p.name for p in example_xlsx.parent.iterdir()) == [
        "example.bak.xlsx", "example.xlsx"]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def add_text_box(wb: xlsxwriter.Workbook) -> None:
    wb.add_worksheet("Board").insert_textbox("B2", "Remember the demo")


def add_data_bars(wb: xlsxwriter.Workbook) -> None:
    wb.get_worksheet_by_name("Key Results").conditional_format(
        "G2:G5", {"type": "data_bar", "data_bar_2010": True})


X14_RULES = re.compile(rb"<x14:conditionalFormattings>.*</x14:conditionalFormattings>", re.S)


@pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
@pytest.mark.parametrize("decorate", [add_text_box, add_data_bars])
def test_parts_openpyxl_would_drop_are_written_and_kept(tmp_path, decorate):
    path = xlsxwriter_book(tmp_path / "fancy.xlsx", decorate)
    before = members(path)
    result = run("recompute", path, "--as-of", "2026-11-15")
    assert result.exit_code == 0, result.stderr
    after = members(path)
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
    touched = {parts["Objectives"], parts["Key Results"], "xl/workbook.xml", "xl/styles.xml",
               "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert {name for name in before if before[name] != after[name]} <= touched
    if "Board" in parts:
        assert b"Remember the demo" in after["xl/drawings/drawing1.xml"]
    else:
        old, new = (X14_RULES.search(sheet[parts["Key Results"]])
                    for sheet in (before, after))
        assert old is not None and new is not None and old.group() == new.group()
    assert [p.name for p in tmp_path.iterdir()] == ["fancy.xlsx"]
    ws = openpyxl.load_workbook(path)["Key Results"]
    assert ws["I2"].value == 0.5


def blank_header_cell(path: Path, tab: str, cell: str) -> None:
    """Empty a header cell of a table, so that the tool's next column lands in the table's
    header row, which the patcher does not write (the fallback writer does)."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_parts(archive)[tab]
        content = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in content.items():
            if info.filename == part:
                data = re.sub(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode(), b"", data)
            archive.writestr(info, data)


@pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
@pytest.mark.parametrize(("decorate", "lost"), [
    (add_text_box, "shapes or text boxes on 'Board'"),
    (add_data_bars,
     "data bars, icon sets or other Excel 2010 conditional formats on 'Key Results'"),
])
def test_parts_openpyxl_would_drop_are_refused_when_patching_cannot(tmp_path, decorate, lost):
    def decorate_with_table(wb: xlsxwriter.Workbook) -> None:
        decorate(wb)
        headers = [{"header": h} for h in [*KEY_RESULTS[0], "Spare"]]
        wb.get_worksheet_by_name("Key Results").add_table("A1:H5", {"columns": headers})

    path = xlsxwriter_book(tmp_path / "fancy.xlsx", decorate_with_table)
    blank_header_cell(path, "Key Results", "H1")
    before = path.read_bytes()
    result = run("recompute", path, "--as-of", "2026-11-15")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: saving would lose {lost}; nothing was written. Write the results to "
        "a copy with --output NEW.xlsx, or remove those parts\n")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["fancy.xlsx"]

    other = tmp_path / "other.xlsx"
    result = run("recompute", path, "--as-of", "2026-11-15", "--output", other)
    assert result.exit_code == 0
    assert path.read_bytes() == before
    assert openpyxl.load_workbook(other)["Key Results"]["I2"].value == 0.5


def test_concurrent_recomputes_time_out(example_xlsx, as_of):
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with hold_lock(example_xlsx):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(5)
        before = example_xlsx.read_bytes()
        with pytest.raises(WorkbookLocked, match="another sheets-okr run has held this"):
            do_recompute(example_xlsx, as_of, lock_timeout=0.3)
        assert example_xlsx.read_bytes() == before
    finally:
        release.set()
        thread.join()
    assert do_recompute(example_xlsx, as_of, lock_timeout=0.3).cells_written > 0


def test_concurrent_recomputes_are_serialised(example_xlsx, as_of):
    copy = example_xlsx.with_name("copy.xlsx")
    shutil.copy(example_xlsx, copy)
    events: list[str] = []
    held = threading.Event()

    def holder() -> None:
        with hold_lock(example_xlsx):
            held.set()
            time.sleep(0.4)
            events.append("first done")

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(5)
    result = do_recompute(example_xlsx, as_of, lock_timeout=10)
    events.append("second done")
    thread.join()
    assert events == ["first done", "second done"]
    assert result.cells_written > 0


def test_symlinked_workbook_stays_a_link(example_xlsx, as_of, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(example_xlsx)
    assert do_recompute(link, as_of).cells_written > 0
    assert link.is_symlink()
    assert openpyxl.load_workbook(example_xlsx)["ROI"]["F2"].value == 0.3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example.xlsx", "link.xlsx"]


def test_merged_cells_near_the_table_are_respected(make_workbook, small_tabs, as_of):
    small_tabs["Key Results"][0].append("Status")
    path = make_workbook(small_tabs)
    wb = openpyxl.load_workbook(path)
    ws = wb["Key Results"]
    ws.merge_cells("H2:H3")
    ws["J4"] = "side note"
    ws.merge_cells("J4:L4")
    wb.save(path)
    result = do_recompute(path, as_of)
    ws = openpyxl.load_workbook(path)["Key Results"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["H2:H3", "J4:L4"]
    assert [c.value for c in ws[1]] == [
        "ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Status",
        "Progress", None, None, None, "Score", "Expected", "Grade"]
    assert ws["J4"].value == "side note"
    assert [ws.cell(row=r, column=8).value for r in range(2, 6)] == [
        "on track", None, "on track", "off track"]
    assert [ws.cell(row=r, column=13).value for r in range(2, 6)] == [
        0.5, pytest.approx(0.5), 0.75, pytest.approx(0.2)]
    assert [(f.code, f.cell) for f in result.flags if f.code == "OKR119"] == [
        ("OKR119", "H3")]


def test_error_results_of_user_formulas_survive(tmp_path, as_of):
    def decorate(wb):
        wb.get_worksheet_by_name("Key Results").write_formula("G3", "=1/0", None, "#DIV/0!")

    path = xlsxwriter_book(tmp_path / "errors.xlsx", decorate)
    first = do_recompute(path, as_of)
    assert [f.cell for f in first.flags if f.code == "OKR116"] == ["G3"]
    assert do_recompute(path, as_of).cells_written == 0
    ws = openpyxl.load_workbook(path, data_only=True)["Key Results"]
    assert (ws["G3"].value, ws["G3"].data_type) == ("#DIV/0!", "e")
    assert [c.value for c in ws[3]][7:] == [None] * 5


@pytest.mark.filterwarnings("ignore:File contains an invalid specification:UserWarning")
def test_strict_open_xml_is_refused_with_the_reason(example_xlsx):
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(example_xlsx) as archive:
        content = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(example_xlsx, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in content:
            archive.writestr(info, data.replace(main, b"http://purl.oclc.org/ooxml/spreadsheetml/"
                                                b"main").replace(
                rels, b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    before = example_xlsx.read_bytes()
    result = run("recompute", example_xlsx, "--as-of", "2026-11-15")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {example_xlsx}: cannot write this workbook (not a "
                             "transitional OOXML package (strict OOXML?)); nothing was written\n")
    assert example_xlsx.read_bytes() == before
    assert [p.name for p in example_xlsx.parent.iterdir()] == ["example.xlsx"]


def test_a_workbooks_own_dashboard_and_flags_tabs_are_never_taken_over(tmp_path) -> None:
    """A workbook that keeps its own "Dashboard" (formulas over its data) and "Flags" tabs
    keeps them cell for cell; the tool's tabs go by other names, found again next run."""
    import openpyxl
    from click.testing import CliRunner

    from sheets_okr.cli import cli

    path = tmp_path / "goals.xlsx"
    CliRunner().invoke(cli, ["init", str(path), "--example"], catch_exceptions=False)
    wb = openpyxl.load_workbook(path)
    mine = wb.create_sheet("Dashboard")
    mine["A1"], mine["B1"] = "Revenue this year", "=SUM(1,2)"
    flags = wb.create_sheet("Flags")
    flags["A1"], flags["B1"] = "Country", "Flag colour"
    wb.save(path)
    for _ in range(2):
        done = CliRunner().invoke(cli, ["recompute", str(path), "--as-of", "2026-11-15"],
                                  catch_exceptions=False)
        assert done.exit_code == 0, done.output
    wb = openpyxl.load_workbook(path)
    assert (wb["Dashboard"]["A1"].value, wb["Dashboard"]["B1"].value) == (
        "Revenue this year", "=SUM(1,2)")
    assert wb["Dashboard"].max_row == 1 and wb["Dashboard"]._charts == []
    assert [c.value for c in wb["Flags"][1]] == ["Country", "Flag colour"]
    assert wb["Dashboard (sheets-okr)"]._charts
    assert wb["Flags (sheets-okr)"]["A1"].value == "Code"
    again = CliRunner().invoke(cli, ["recompute", str(path), "--as-of", "2026-11-15",
                                     "--format", "json"], catch_exceptions=False)
    assert '"cells_written": 0' in again.output
