"""The Dashboard's native charts and the colour rules, on the example workbook."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill

from sheets_okr.changes import COLOURS, CellChange, ChangeSet
from sheets_okr.dashboard import build_dashboard
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx import backend as xlsx
from sheets_okr.io.xlsx.ooxml import PatchUnsupported
from sheets_okr.io.xlsx.parts import sheet_parts
from sheets_okr.run import RunResult, recompute
from sheets_okr.templates import example_tables

from .conftest import AS_OF

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
TITLES = [
    "Objective scores", "Key-result progress vs expected", "K2 Net promoter score",
    "K3 Customer churn rate", "K5 Landing page conversion rate", "K1 Average reply time",
    "K6 Monthly recurring revenue", "K4 Increase ad budget 30%", "ROI by period",
    "Conversion rate by period",
]
CHART_PART = re.compile(r"xl/charts/chart\d+\.xml")
COLOURED_HEADERS = {"Status", "Grade", "Health"}


WRITER = {"name": "patch"}


@pytest.fixture(params=["patch", "openpyxl"], autouse=True)
def writer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with the patching writer and with the openpyxl one (the fallback):
    both write the same charts and colour rules."""
    if request.param == "openpyxl":
        def refuse(*args: object) -> int:
            raise PatchUnsupported("the openpyxl writer, for this test")

        monkeypatch.setattr(xlsx, "patch_package", refuse)
    monkeypatch.setitem(WRITER, "name", request.param)
    return request.param


def fallback_expected(backend: XlsxBackend) -> bool:
    """Whether the last write went through the writer this test runs with."""
    return (backend.fallback is None) == (WRITER["name"] == "patch")


def do_recompute(path: Path, as_of: date = AS_OF) -> RunResult:
    backend = XlsxBackend(path)
    with backend.session():
        result = recompute(backend, as_of)
    assert fallback_expected(backend) or not result.changes
    return result


@dataclass
class Chart:
    title: str
    names: list[str]
    values: list[str]
    categories: list[str]


def relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part of ``part``."""
    folder, name = posixpath.split(part)
    rels = etree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    return {rel.get("Id"): rel.get("Target").lstrip("/") if rel.get("Target").startswith("/")
            else posixpath.normpath(posixpath.join(folder, rel.get("Target")))
            for rel in rels.iter(f"{{{PKG}}}Relationship")}


def dashboard_charts(path: Path) -> list[Chart]:
    """The Dashboard's charts in drawing order, read from the package."""
    with zipfile.ZipFile(path) as archive:
        sheet = sheet_parts(archive)["Dashboard"]
        drawing_ref = etree.fromstring(archive.read(sheet)).find(f"{{{MAIN}}}drawing")
        if drawing_ref is None:
            return []
        drawing = relations(archive, sheet)[drawing_ref.get(f"{{{R}}}id")]
        charts = relations(archive, drawing)
        out = []
        for ref in etree.fromstring(archive.read(drawing)).iter(f"{{{C}}}chart"):
            root = etree.fromstring(archive.read(charts[ref.get(f"{{{R}}}id")]))
            title = "".join(t.text for t in root.find(f".//{{{C}}}title").iter(f"{{{A}}}t"))

            def refs(path: str, root: etree._Element = root) -> list[str]:
                return [f.text for f in root.iterfind(f".//{{{C}}}ser/{path}")]

            out.append(Chart(title, refs(f"{{{C}}}tx/{{{C}}}strRef/{{{C}}}f"),
                             refs(f"{{{C}}}val/*/{{{C}}}f"), refs(f"{{{C}}}cat/*/{{{C}}}f")))
        return out


def chart_members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [n for n in archive.namelist() if CHART_PART.fullmatch(n)]


def assert_package_consistent(path: Path) -> None:
    """Every relationship points at a member, every override names one, and every member
    has a content type."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{{{TYPES}}}Override")}
        defaults = {d.get("Extension").lower() for d in types.iter(f"{{{TYPES}}}Default")}
        assert overrides <= names
        for name in names - {"[Content_Types].xml"}:
            assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
        for name in names:
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            for rel in etree.fromstring(archive.read(name)).iter(f"{{{PKG}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                assert target in names, (name, target)


def test_the_dashboard_has_a_chart_per_table(example_xlsx):
    do_recompute(example_xlsx)
    tables = example_tables(AS_OF)
    kpis = {line[0] for line in tables["KPIs"][1:]}
    with_history = {line[1] for line in tables["KPI History"][1:] if line[1] in kpis}
    charts = dashboard_charts(example_xlsx)
    assert len(charts) == 2 + len(with_history) + 1 + 1 == 10
    assert [c.title for c in charts] == TITLES
    ws = openpyxl.load_workbook(example_xlsx)["Dashboard"]
    for chart in charts:
        assert chart.values and len(chart.values) == len(chart.names) == len(chart.categories)
        for name, values, categories in zip(chart.names, chart.values, chart.categories,
                                            strict=True):
            match = re.fullmatch(r"'Dashboard'!\$([B-D])\$(\d+):\$\1\$(\d+)", values)
            assert match, values
            col, first, last = match.group(1), int(match.group(2)), int(match.group(3))
            assert name == f"'Dashboard'!${col}${first - 1}"
            assert categories == f"'Dashboard'!$A${first}:$A${last}"
            assert isinstance(ws[f"{col}{first - 1}"].value, str)
            cells = [ws[f"{col}{r}"].value for r in range(first, last + 1)]
            assert any(isinstance(v, (int, float)) for v in cells), (chart.title, cells)
    assert len(ws._charts) == 10
    assert len(chart_members(example_xlsx)) == 10
    assert_package_consistent(example_xlsx)


def test_rerunning_replaces_the_charts_and_never_adds_any(example_xlsx):
    do_recompute(example_xlsx)
    parts = chart_members(example_xlsx)
    for day in (1, 2, 3):
        result = do_recompute(example_xlsx, AS_OF + timedelta(days=day))
        assert "Dashboard" in [s.title for s in result.changes.sheets] + [
            c.tab for c in result.changes.cells]
        assert [c.title for c in dashboard_charts(example_xlsx)] == TITLES
        assert chart_members(example_xlsx) == parts
        with zipfile.ZipFile(example_xlsx) as archive:
            drawings = sorted(n for n in archive.namelist() if n.startswith("xl/drawings/"))
        assert drawings == ["xl/drawings/_rels/drawing1.xml.rels", "xl/drawings/drawing1.xml"]
    assert_package_consistent(example_xlsx)
    assert do_recompute(example_xlsx, AS_OF + timedelta(days=3)).cells_written == 0


def test_deleting_a_kpis_history_removes_its_chart(example_xlsx):
    do_recompute(example_xlsx)
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["KPI History"]
    for row in range(ws.max_row, 1, -1):
        if ws.cell(row, 2).value == "K3":
            ws.delete_rows(row)
    wb.save(example_xlsx)
    do_recompute(example_xlsx)
    assert [c.title for c in dashboard_charts(example_xlsx)] == [
        t for t in TITLES if t != "K3 Customer churn rate"]
    assert len(chart_members(example_xlsx)) == 9
    assert_package_consistent(example_xlsx)


def colour_rules(path: Path) -> dict[str, list[tuple[str, str, str, str, int]]]:
    """Per tab: (range, formula, fill, font colour, priority) of each cellIs-equal rule."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, list[tuple[str, str, str, str, int]]] = {}
    for ws in wb.worksheets:
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                if rule.type == "cellIs" and rule.operator == "equal":
                    font = rule.dxf.font.color.rgb if rule.dxf.font else None
                    out.setdefault(ws.title, []).append((
                        str(cf.sqref), rule.formula[0], rule.dxf.fill.bgColor.rgb, font,
                        rule.priority))
    return out


def test_colour_rules_are_added_once(example_xlsx):
    rules = do_recompute(example_xlsx).changes.conditional
    assert rules
    for day in (1, 2):
        do_recompute(example_xlsx, AS_OF + timedelta(days=day))
    backend = XlsxBackend(example_xlsx)
    for _ in range(2):
        backend.write(ChangeSet(conditional=list(rules)), backend.read())
        assert fallback_expected(backend)
    found = colour_rules(example_xlsx)
    wb = openpyxl.load_workbook(example_xlsx)
    assert set(found) == {r.tab for r in rules} == {"Objectives", "Key Results", "KPIs"}
    for tab, have in found.items():
        want = [(r.range, f'"{r.equals}"', "FF" + COLOURS[r.colour][0],
                 "FF" + COLOURS[r.colour][1]) for r in rules if r.tab == tab]
        assert sorted(h[:4] for h in have) == sorted(want)
        assert len({h[4] for h in have}) == len(have)
    headers = {wb[r.tab].cell(r.first_row - 1, r.col).value for r in rules}
    assert headers == COLOURED_HEADERS
    statuses = [r for r in rules if r.tab == "Key Results"
                and wb[r.tab].cell(r.first_row - 1, r.col).value == "Status"]
    assert sorted(r.equals for r in statuses) == sorted(
        ["achieved", "on track", "at risk", "off track", "missed", "no data"])


def conditional_elements(path: Path, tab: str) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(sheet_parts(archive)[tab]))
    return [etree.tostring(e, method="c14n")
            for e in root.iter(f"{{{MAIN}}}conditionalFormatting")]


def test_the_users_own_conditional_formats_survive(example_xlsx):
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["Key Results"]
    red = PatternFill("solid", start_color="FFFF0000", end_color="FFFF0000")
    ws.conditional_formatting.add("H2:H40", CellIsRule(operator="greaterThan",
                                                       formula=["100"], fill=red))
    ws.conditional_formatting.add("C2:C40", CellIsRule(operator="equal",
                                                       formula=['"on track"'], fill=red))
    wb.save(example_xlsx)
    mine = conditional_elements(example_xlsx, "Key Results")
    assert len(mine) == 2
    for day in (0, 1, 2):
        do_recompute(example_xlsx, AS_OF + timedelta(days=day))
    after = conditional_elements(example_xlsx, "Key Results")
    assert [e for e in after if e in mine] == mine
    found = colour_rules(example_xlsx)["Key Results"]
    assert [f for f in found if f[0] == "C2:C40"] == [
        ("C2:C40", '"on track"', "FFFF0000", None, 2)]
    assert len({f[4] for f in found}) == len(found)


def require(*tools: str) -> str:
    """The path of the first of ``tools`` installed; skips (fails on CI) without any."""
    for tool in tools:
        path = shutil.which(tool)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tools[0]} is required on CI to check the Dashboard's rendering")
    pytest.skip(f"{tools[0]} is not installed; cannot check how the Dashboard renders")


def dashboard_only(src: Path, dst: Path) -> Path:
    """A copy of the workbook showing only the Dashboard, landscape, one page wide."""
    with zipfile.ZipFile(src) as archive:
        part = sheet_parts(archive)["Dashboard"]
        content = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in content:
            if info.filename == "xl/workbook.xml":
                root = etree.fromstring(data)
                sheets = root.findall(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")
                index = [s.get("name") for s in sheets].index("Dashboard")
                for sheet in sheets:
                    if sheet.get("name") != "Dashboard" and sheet.get("state") != "veryHidden":
                        sheet.set("state", "hidden")
                for view in root.iter(f"{{{MAIN}}}workbookView"):
                    view.set("activeTab", str(index))
                    view.set("firstSheet", str(index))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            elif info.filename == part:
                data = data.replace(b"<dimension", b'<sheetPr><pageSetUpPr fitToPage="1"/>'
                                    b"</sheetPr><dimension", 1)
                data = re.sub(rb"(<pageMargins[^>]*/>)", rb'\1<pageSetup orientation="landscape"'
                              rb' fitToWidth="1" fitToHeight="0"/>', data)
            out.writestr(info, data)
    return dst


def test_libreoffice_renders_the_dashboard_charts(example_xlsx, tmp_path):
    soffice = require("soffice", "libreoffice")
    pdftotext, pdftoppm = require("pdftotext"), require("pdftoppm")
    do_recompute(example_xlsx)
    only = dashboard_only(example_xlsx, tmp_path / "dashboard.xlsx")
    out = tmp_path / "pdf"
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(example_xlsx), str(only)], check=True, capture_output=True, timeout=300)
    assert (out / "example.pdf").read_bytes().startswith(b"%PDF")
    text = subprocess.run([pdftotext, str(out / "dashboard.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    for title in ("Objective scores", "Key-result progress vs expected", "ROI by period",
                  "Conversion rate by period", "Sweet spot"):
        assert title in text
    assert "Delight" not in text and "KPI History" not in text
    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(out / "dashboard.pdf"), str(tmp_path / "dashboard")],
                   check=True, capture_output=True, timeout=60)
    png = tmp_path / "dashboard.png"
    from matplotlib.image import imread

    pixels = imread(png)[..., :3]
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    assert (spread > 0.25).sum() > 5_000, "no coloured chart marks on the Dashboard page"


def _sheet_values(path: Path, title: str) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)[title]
    return _normal([[c.value for c in row] for row in ws.iter_rows()])


def _normal(rows: list[list[object]]) -> list[tuple[object, ...]]:
    rows = [[round(v, 9) if isinstance(v, float) else v for v in row] for row in rows]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return [tuple(r) for r in rows]


def test_updated_dashboard_cells_equal_a_dashboard_written_whole(example_xlsx):
    do_recompute(example_xlsx)
    edits = [("Key Results", 6, 8, 60), ("Dashboard", 5, 2, "typed over"),
             ("Dashboard", 40, 6, "a note")]
    XlsxBackend(example_xlsx).write(ChangeSet(cells=[CellChange(*e) for e in edits]), None)

    updated = do_recompute(example_xlsx, AS_OF - timedelta(days=1))  # the same check-in week

    assert "Dashboard" not in [s.title for s in updated.changes.sheets]
    cells = {c.cell for c in updated.changes.cells if c.tab == "Dashboard"}
    assert {"B5", "F40"} <= cells
    a = updated.analysis
    whole = build_dashboard(a.model, a.results, a.settings).rows
    expected = [[datetime.combine(v, time()) if isinstance(v, date) else v for v in row]
                for row in whole]
    assert _sheet_values(example_xlsx, "Dashboard") == _normal(expected)
    assert [c.title for c in dashboard_charts(example_xlsx)] == TITLES
    ws = openpyxl.load_workbook(example_xlsx)["Dashboard"]
    assert ws["B5"].number_format == "0.0%"
    assert_package_consistent(example_xlsx)
