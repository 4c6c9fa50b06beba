"""The parts of the Dashboard's native charts: a drawing with one anchor per chart, and
each chart's DrawingML over the Dashboard's data tables (with cached values, so viewers
that do not recalculate show them too)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from lxml import etree

from ..changes import ChartSeries, ChartSpec
from ..model import col_letter
from .xlsx_charts import CHART_HEIGHT_CM, CHART_WIDTH_CM
from .xlsx_styles import excel_serial, excel_text
from .xlsx_xml import NS_PKG_REL, NS_REL, REL, XML_DECLARATION

NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_REL = f"{NS_REL}/drawing"
CHART_REL = f"{NS_REL}/chart"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
MARKER = "sheets-okr"
EMU_PER_CM = 360_000
LINE_WIDTH = "28575"
PALETTE = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")
# Reference lines (a target, a threshold) are dashed so they read apart from measurements.
DASHED = frozenset({"Target", "Warning", "Sweet spot"})
CAT_AX, VAL_AX = "10", "100"

Rows = Sequence[Sequence[Any]]


def chart_part(spec: ChartSpec, title: str, rows: Rows, date1904: bool = False) -> bytes:
    """One chart's part; its ranges point at the sheet named ``title`` holding ``rows``."""
    space = etree.Element(_c("chartSpace"), nsmap={"c": NS_C, "a": NS_A, "r": NS_REL})
    _sub(space, "roundedCorners", val="0")
    chart = _sub(space, "chart")
    _title(chart, spec.title)
    _sub(chart, "autoTitleDeleted", val="0")
    plot = _sub(chart, "plotArea")
    _sub(plot, "layout")
    sheet = "'" + title.replace("'", "''") + "'"
    cats = _Range(sheet, rows, spec.category_col, spec.first_row, spec.last_row, date1904)
    bars = [s for s in spec.series if s.kind == "column"]
    lines = [s for s in spec.series if s.kind != "column"]
    index = 0
    if bars:
        group = _sub(plot, "barChart")
        _sub(group, "barDir", val="bar" if spec.horizontal else "col")
        _sub(group, "grouping", val="clustered")
        _sub(group, "varyColors", val="0")
        for series in bars:
            _series(group, series, index, spec, sheet, rows, cats, date1904, line=False)
            index += 1
        _sub(group, "gapWidth", val="80")
        _sub(group, "axId", val=CAT_AX)
        _sub(group, "axId", val=VAL_AX)
    if lines:
        group = _sub(plot, "lineChart")
        _sub(group, "grouping", val="standard")
        _sub(group, "varyColors", val="0")
        for series in lines:
            _series(group, series, index, spec, sheet, rows, cats, date1904, line=True)
            index += 1
        _sub(group, "marker", val="1")
        _sub(group, "axId", val=CAT_AX)
        _sub(group, "axId", val=VAL_AX)
    _axes(plot, spec, cats)
    legend = _sub(chart, "legend")
    _sub(legend, "legendPos", val="b")
    _sub(legend, "overlay", val="0")
    _sub(chart, "plotVisOnly", val="1")
    _sub(chart, "dispBlanksAs", val="gap")
    return XML_DECLARATION + etree.tostring(space, encoding="UTF-8")


def drawing_part(specs: list[ChartSpec], rids: list[str]) -> bytes:
    """A drawing anchoring chart ``rids[i]`` at ``specs[i]``'s cell, at the chart size."""
    root = etree.Element(_xdr("wsDr"), nsmap={"xdr": NS_XDR, "a": NS_A})
    width, height = (str(round(cm * EMU_PER_CM)) for cm in (CHART_WIDTH_CM, CHART_HEIGHT_CM))
    for number, (spec, rid) in enumerate(zip(specs, rids, strict=True), start=1):
        anchor = etree.SubElement(root, _xdr("oneCellAnchor"))
        start = etree.SubElement(anchor, _xdr("from"))
        for tag, value in (("col", spec.anchor_col - 1), ("colOff", 0),
                           ("row", spec.anchor_row - 1), ("rowOff", 0)):
            etree.SubElement(start, _xdr(tag)).text = str(value)
        etree.SubElement(anchor, _xdr("ext"), {"cx": width, "cy": height})
        frame = etree.SubElement(anchor, _xdr("graphicFrame"), {"macro": ""})
        names = etree.SubElement(frame, _xdr("nvGraphicFramePr"))
        etree.SubElement(names, _xdr("cNvPr"), {"id": str(number + 1),
                                                "name": excel_text(f"{MARKER} {spec.key}"),
                                                "descr": excel_text(spec.title)})
        etree.SubElement(names, _xdr("cNvGraphicFramePr"))
        transform = etree.SubElement(frame, _xdr("xfrm"))
        etree.SubElement(transform, _a("off"), {"x": "0", "y": "0"})
        etree.SubElement(transform, _a("ext"), {"cx": "0", "cy": "0"})
        data = etree.SubElement(etree.SubElement(frame, _a("graphic")), _a("graphicData"),
                                {"uri": NS_C})
        etree.SubElement(data, _c("chart"), {f"{{{NS_REL}}}id": rid},
                         nsmap={"c": NS_C, "r": NS_REL})
        etree.SubElement(anchor, _xdr("clientData"))
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def rels_part(relations: list[tuple[str, str, str]]) -> bytes:
    """A relationships part of (id, type, target) entries."""
    root = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
    for rid, kind, target in relations:
        etree.SubElement(root, REL, {"Id": rid, "Type": kind, "Target": target})
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


class _Range:
    """One column of a data table: its absolute reference and its values."""

    def __init__(self, sheet: str, rows: Rows, col: int, first: int, last: int,
                 date1904: bool) -> None:
        letter = col_letter(col)
        self.ref = f"{sheet}!${letter}${first}:${letter}${last}"
        self.values = [_cell(rows, row, col) for row in range(first, last + 1)]
        present = [v for v in self.values if v is not None]
        self.dates = bool(present) and all(isinstance(v, (date, datetime)) for v in present)
        self.text = bool(present) and not self.dates and not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
        if self.dates:
            self.values = [None if v is None else excel_serial(v, date1904) for v in self.values]

    def put(self, parent: etree._Element, tag: str) -> None:
        """Write the range as ``tag`` (cat or val) with its cached values."""
        holder = _sub(parent, tag)
        ref = _sub(holder, "strRef" if self.text else "numRef")
        _sub(ref, "f").text = self.ref
        cache = _sub(ref, "strCache" if self.text else "numCache")
        if not self.text:
            _sub(cache, "formatCode").text = "yyyy-mm-dd" if self.dates else "General"
        _sub(cache, "ptCount", val=str(len(self.values)))
        for index, value in enumerate(self.values):
            text = _cached(value, self.text)
            if text is not None:
                _sub(_sub(cache, "pt", idx=str(index)), "v").text = text


def _series(group: etree._Element, series: ChartSeries, index: int, spec: ChartSpec,
            sheet: str, rows: Rows, cats: _Range, date1904: bool, line: bool) -> None:
    ser = _sub(group, "ser")
    _sub(ser, "idx", val=str(index))
    _sub(ser, "order", val=str(index))
    letter = col_letter(series.col)
    name = _sub(_sub(ser, "tx"), "strRef")
    _sub(name, "f").text = f"{sheet}!${letter}${spec.header_row}"
    cache = _sub(name, "strCache")
    _sub(cache, "ptCount", val="1")
    header = _cell(rows, spec.header_row, series.col)
    label = header if header is not None else series.title
    _sub(_sub(cache, "pt", idx="0"), "v").text = excel_text(str(label))
    colour = PALETTE[index % len(PALETTE)]
    shape = _sub(ser, "spPr")
    if not line:
        _sub(_sub(shape, "a:solidFill"), "a:srgbClr", val=colour)
    outline = _sub(shape, "a:ln", w=LINE_WIDTH, cap="rnd")
    _sub(_sub(outline, "a:solidFill"), "a:srgbClr", val=colour)
    if line and series.title in DASHED:
        _sub(outline, "a:prstDash", val="dash")
    if line:
        _sub(_sub(ser, "marker"), "symbol", val="none")
    else:
        _sub(ser, "invertIfNegative", val="0")
    cats.put(ser, "cat")
    _Range(sheet, rows, series.col, spec.first_row, spec.last_row, date1904).put(ser, "val")
    if line:
        _sub(ser, "smooth", val="0")


def _axes(plot: etree._Element, spec: ChartSpec, cats: _Range) -> None:
    cat = _sub(plot, "catAx")
    _sub(cat, "axId", val=CAT_AX)
    _sub(_sub(cat, "scaling"), "orientation", val="minMax")
    _sub(cat, "delete", val="0")
    _sub(cat, "axPos", val="l" if spec.horizontal else "b")
    if cats.dates:
        _sub(cat, "numFmt", formatCode="yyyy-mm-dd", sourceLinked="0")
    _sub(cat, "majorTickMark", val="none")
    _sub(cat, "minorTickMark", val="none")
    _sub(cat, "tickLblPos", val="low")
    _sub(cat, "crossAx", val=VAL_AX)
    _sub(cat, "crosses", val="autoZero")
    _sub(cat, "auto", val="1")
    _sub(cat, "lblAlgn", val="ctr")
    _sub(cat, "lblOffset", val="100")
    _sub(cat, "noMultiLvlLbl", val="0")
    val = _sub(plot, "valAx")
    _sub(val, "axId", val=VAL_AX)
    _sub(_sub(val, "scaling"), "orientation", val="minMax")
    _sub(val, "delete", val="0")
    _sub(val, "axPos", val="b" if spec.horizontal else "l")
    gridlines = _sub(_sub(_sub(val, "majorGridlines"), "spPr"), "a:ln", w="9525")
    _sub(_sub(gridlines, "a:solidFill"), "a:srgbClr", val="D9D9D9")
    if spec.percent:
        _sub(val, "numFmt", formatCode="0%", sourceLinked="0")
    else:
        _sub(val, "numFmt", formatCode="General", sourceLinked="1")
    _sub(val, "majorTickMark", val="none")
    _sub(val, "minorTickMark", val="none")
    _sub(val, "tickLblPos", val="nextTo")
    _sub(val, "crossAx", val=CAT_AX)
    _sub(val, "crosses", val="autoZero")
    _sub(val, "crossBetween", val="between")


def _title(chart: etree._Element, text: str) -> None:
    rich = _sub(_sub(_sub(chart, "title"), "tx"), "rich")
    _sub(rich, "a:bodyPr")
    paragraph = _sub(rich, "a:p")
    _sub(_sub(paragraph, "a:pPr"), "a:defRPr", sz="1300", b="1")
    run = _sub(paragraph, "a:r")
    _sub(run, "a:rPr", lang="en-US", sz="1300", b="1")
    _sub(run, "a:t").text = excel_text(text)
    _sub(chart.find(_c("title")), "overlay", val="0")


def _cell(rows: Rows, row: int, col: int) -> Any:
    if 1 <= row <= len(rows) and 1 <= col <= len(rows[row - 1]):
        value = rows[row - 1][col - 1]
        return None if value == "" else value
    return None


def _cached(value: Any, text: bool) -> str | None:
    """A value as the text of a chart cache point (None: no point)."""
    if value is None:
        return None
    if text:
        return excel_text(str(value))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return repr(value) if isinstance(value, float) else str(value)


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """A child element: ``tag`` in the chart namespace, or ``a:tag`` in DrawingML's."""
    name = _a(tag[2:]) if tag.startswith("a:") else _c(tag)
    return etree.SubElement(parent, name, attrs)


def _c(name: str) -> str:
    return f"{{{NS_C}}}{name}"


def _xdr(name: str) -> str:
    return f"{{{NS_XDR}}}{name}"


def _a(name: str) -> str:
    return f"{{{NS_A}}}{name}"
