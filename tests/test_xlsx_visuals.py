"""The patching writer's charts (Dashboard) and colour rules (conditional formats)."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from sheets_okr.changes import (
    COLOURS,
    ChangeSet,
    ChartSeries,
    ChartSpec,
    ConditionalRule,
    SheetContent,
)
from sheets_okr.io.xlsx.drawing import chart_part
from sheets_okr.io.xlsx.ooxml import WORKSHEET_ORDER
from sheets_okr.model import col_letter
from sheets_okr.schema import DASHBOARD_TAB

from .test_dashboard_xlsx import assert_package_consistent, chart_members
from .test_xlsx_patch import KR, assert_untouched, members, part, patched, rich_workbook, w

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
ROWS = [["Dashboard"], [], ["Objective scores"], ["Objective", "Score", "Sweet spot"],
        ["O1 Grow", 0.5, 0.7], ["O2 Keep", 0.8, 0.7], [], ["KPI K1"],
        ["Date", "Value", "Target"], [date(2026, 10, 1), 12, 15], [date(2026, 11, 1), 14, 15]]
SCORES = ChartSpec("objective-scores", "Objective scores", 4, 5, 6, 1,
                   (ChartSeries("Score", 2), ChartSeries("Sweet spot", 3, "line")), 3, 8,
                   percent=True)
K1 = ChartSpec("kpi:K1", "K1 & friends", 9, 10, 11, 1,
               (ChartSeries("K1", 2, "line"), ChartSeries("Target", 3, "line")), 23, 8)
USER_PARTS = ("xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml",
              "xl/drawings/drawing2.xml", "xl/drawings/_rels/drawing1.xml.rels",
              "xl/drawings/_rels/drawing2.xml.rels", "xl/worksheets/sheet1.xml",
              "xl/chartsheets/sheet1.xml")


def dashboard(*charts: ChartSpec) -> ChangeSet:
    return ChangeSet(sheets=[SheetContent(DASHBOARD_TAB, ROWS, freeze_header=False)],
                     charts=list(charts))


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return rich_workbook(tmp_path / "rich.xlsx")


def test_dashboard_charts_replace_only_their_own_parts(rich: Path) -> None:
    first, _ = patched(rich, dashboard(SCORES, K1), "first.xlsx")
    assert_untouched(rich, first, {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                   "[Content_Types].xml", "xl/styles.xml"}, added=6)
    assert chart_members(first) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml",
                                    "xl/charts/chart3.xml", "xl/charts/chart4.xml"]
    assert_package_consistent(first)
    book = openpyxl.load_workbook(first)
    assert len(book[DASHBOARD_TAB]._charts) == 2 and len(book[KR]._charts) == 1

    second, _ = patched(first, dashboard(K1), "second.xlsx")
    before, after = members(first), members(second)
    for name in USER_PARTS:
        assert after[name] == before[name], name
    assert chart_members(second) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml",
                                     "xl/charts/chart3.xml"]
    assert b"K1 &amp; friends" in after["xl/charts/chart3.xml"]
    assert_package_consistent(second)

    third, _ = patched(second, dashboard(), "third.xlsx")
    after = members(third)
    assert chart_members(third) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    assert not any(n.startswith("xl/drawings/drawing3") for n in after)
    assert b"<drawing" not in part(third, DASHBOARD_TAB)
    for name in USER_PARTS:
        assert after[name] == before[name], name
    assert_package_consistent(third)


def add_charts(ws: Any, specs: list[ChartSpec]) -> None:
    """Charts as openpyxl's own objects write them (earlier versions' fallback writer, and
    other tools, saved the Dashboard's charts this way)."""
    from openpyxl.chart import LineChart, Reference

    for spec in specs:
        chart = LineChart()
        for s in spec.series:
            chart.add_data(Reference(ws, min_col=s.col, min_row=spec.header_row,
                                     max_row=spec.last_row), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=spec.category_col, min_row=spec.first_row,
                                       max_row=spec.last_row))
        chart.title = spec.title
        ws.add_chart(chart, f"{col_letter(spec.anchor_col)}{spec.anchor_row}")


def test_charts_written_by_the_openpyxl_writer_are_replaced(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Objectives"
    ws = wb.create_sheet(DASHBOARD_TAB)
    for line in ROWS:
        ws.append(line)
    add_charts(ws, [SCORES, K1, SCORES])
    src = tmp_path / "openpyxl.xlsx"
    wb.save(src)
    assert len(chart_members(src)) == 3
    out, _ = patched(src, dashboard(K1))
    assert chart_members(out) == ["xl/charts/chart1.xml"]
    assert_package_consistent(out)
    [chart] = openpyxl.load_workbook(out)[DASHBOARD_TAB]._charts
    assert not any(n.startswith("xl/drawings/drawing2") for n in members(out))
    assert chart.anchor._from.row == K1.anchor_row - 1


def test_chart_ranges_and_caches_point_at_the_dashboard() -> None:
    root = etree.fromstring(chart_part(K1, "It's mine", ROWS))
    refs = [f.text for f in root.iter(f"{{{C}}}f")]
    assert refs == ["'It''s mine'!$B$9", "'It''s mine'!$A$10:$A$11", "'It''s mine'!$B$10:$B$11",
                    "'It''s mine'!$C$9", "'It''s mine'!$A$10:$A$11", "'It''s mine'!$C$10:$C$11"]
    cat = root.find(f".//{{{C}}}cat/{{{C}}}numRef/{{{C}}}numCache")
    assert cat.findtext(f"{{{C}}}formatCode") == "yyyy-mm-dd"
    assert [v.text for v in cat.iter(f"{{{C}}}v")] == ["46296", "46327"]
    assert [s.get("val") for s in root.iter(f"{{{C}}}smooth")] == ["0", "0"]
    scores = etree.fromstring(chart_part(SCORES, DASHBOARD_TAB, ROWS))
    labels = scores.find(f".//{{{C}}}cat/{{{C}}}strRef/{{{C}}}strCache")
    assert [v.text for v in labels.iter(f"{{{C}}}v")] == ["O1 Grow", "O2 Keep"]
    assert scores.find(f".//{{{C}}}valAx/{{{C}}}numFmt").get("formatCode") == "0%"
    control = ChartSpec("k", "bell\x07", 9, 10, 11, 1, (ChartSeries("v", 2, "line"),), 1, 8)
    assert b"bell_x0007_" in chart_part(control, DASHBOARD_TAB, ROWS)


def rules(col: int, *texts: str) -> list[ConditionalRule]:
    colours = ["green", "amber", "red", "grey"]
    return [ConditionalRule(KR, 2, 40, col, text, colours[i % 4])
            for i, text in enumerate(texts)]


DATA_BAR = re.compile(rb'<conditionalFormatting sqref="B2:B6">.*?</conditionalFormatting>', re.S)


def cf_rules(xml: bytes) -> list[tuple[str, str, str, str]]:
    root = etree.fromstring(xml)
    return [(cf.get("sqref"), rule.get("type"), rule.findtext(w("formula")) or "",
             rule.get("priority"))
            for cf in root.iter(w("conditionalFormatting")) for rule in cf.iter(w("cfRule"))]


def test_colour_rules_never_stack_and_keep_the_users_rules(rich: Path) -> None:
    src_xml = part(rich, KR)
    ours = rules(4, "on track", "at risk", 'say "hi"')
    elsewhere = rules(5, "on track")
    out, _ = patched(rich, ChangeSet(conditional=ours + elsewhere), "once.xlsx")
    assert_untouched(rich, out, {"xl/worksheets/sheet1.xml", "xl/styles.xml"})
    styles_once = members(out)["xl/styles.xml"]
    for n in range(3):
        out, _ = patched(out, ChangeSet(conditional=ours), f"again{n}.xlsx")
    xml = part(out, KR)
    assert xml[xml.rindex(b"<extLst>"):] == src_xml[src_xml.rindex(b"<extLst>"):]
    assert DATA_BAR.search(xml).group() == DATA_BAR.search(src_xml).group()
    found = cf_rules(xml)
    assert [f[:3] for f in found] == [
        ("B2:B6", "dataBar", ""), ("E2:E40", "cellIs", '"on track"'),
        ("D2:D40", "cellIs", '"on track"'), ("D2:D40", "cellIs", '"at risk"'),
        ("D2:D40", "cellIs", '"say ""hi"""')]
    priorities = [int(f[3]) for f in found] + [
        int(p) for p in re.findall(rb'<x14:cfRule[^>]*priority="(\d+)"', xml)]
    assert len(set(priorities)) == len(priorities)
    assert members(out)["xl/styles.xml"] == styles_once
    ws = openpyxl.load_workbook(out)[KR]
    [cf] = [c for c in ws.conditional_formatting if str(c.sqref) == "D2:D40"]
    assert [(r.formula[0], r.dxf.fill.bgColor.rgb, r.dxf.font.color.rgb) for r in cf.rules] == [
        (f'"{t}"'.replace('"hi"', '""hi""'), "FF" + COLOURS[c][0], "FF" + COLOURS[c][1])
        for t, c in (("on track", "green"), ("at risk", "amber"), ('say "hi"', "red"))]


def test_worksheet_children_stay_in_schema_order(rich: Path) -> None:
    changes = ChangeSet(conditional=rules(4, "on track"))
    out, _ = patched(rich, changes)
    out, _ = patched(out, dashboard(SCORES), "dash.xlsx")
    for title in (KR, DASHBOARD_TAB):
        names = [etree.QName(e).localname for e in etree.fromstring(part(out, title))]
        positions = [WORKSHEET_ORDER.index(n) for n in names]
        assert positions == sorted(positions), names
    names = [etree.QName(e).localname for e in etree.fromstring(part(out, KR))]
    assert names.index("conditionalFormatting") < names.index("dataValidations")
    with zipfile.ZipFile(out) as archive:
        styles = etree.fromstring(archive.read("xl/styles.xml"))
    order = [etree.QName(e).localname for e in styles]
    assert order.index("cellStyles") < order.index("dxfs")
