"""The parts of the Dashboard's native charts: a drawing with one anchor per chart, and
each chart's DrawingML over the Dashboard's data tables (with cached values, so viewers
that do not recalculate show them too). Built here once, for whichever Excel writer runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from lxml import etree

from ...changes import ChartSeries, ChartSpec
from ...model import col_letter
from .ooxml import NS_PKG_REL, NS_REL, REL, XML_DECLARATION, escape
from .styles import excel_serial, excel_text

NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_REL = f"{NS_REL}/drawing"
CHART_REL = f"{NS_REL}/chart"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
MARKER = "sheets-okr"
CHART_WIDTH_CM = 18.0
CHART_HEIGHT_CM = 9.5
EMU_PER_CM = 360_000
LINE_WIDTH = "28575"
PALETTE = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")
# Reference lines (a target, a threshold) are dashed so they read apart from measurements.
DASHED = frozenset({"Target", "Warning", "Sweet spot"})
CAT_AX, VAL_AX = "10", "100"

Rows = Sequence[Sequence[Any]]


def chart_part(spec: ChartSpec, title: str, rows: Rows, date1904: bool = False) -> bytes:
    """One chart's part; its ranges point at the sheet named ``title`` holding ``rows``."""
    sheet = "'" + title.replace("'", "''") + "'"
    cats = _Range(sheet, rows, spec.category_col, spec.first_row, spec.last_row, date1904)
    points: dict[str, str] = {}
    bars = [s for s in spec.series if s.kind == "column"]
    lines = [s for s in spec.series if s.kind != "column"]
    space = etree.Element(_c("chartSpace"), nsmap={"c": NS_C, "a": NS_A, "r": NS_REL})
    _val(space, "roundedCorners", "0")
    chart = _sub(space, "chart")
    _title(chart, spec.title)
    _val(chart, "autoTitleDeleted", "0")
    plot = _sub(chart, "plotArea")
    _sub(plot, "layout")
    if bars:
        group = _sub(plot, "barChart")
        _val(group, "barDir", "bar" if spec.horizontal else "col")
        _val(group, "grouping", "clustered")
        _val(group, "varyColors", "0")
        for i, s in enumerate(bars):
            _series(group, s, i, spec, sheet, rows, cats, date1904, points, line=False)
        _val(group, "gapWidth", "80")
        _axis_ids(group)
    if lines:
        group = _sub(plot, "lineChart")
        _val(group, "grouping", "standard")
        _val(group, "varyColors", "0")
        for i, s in enumerate(lines, start=len(bars)):
            _series(group, s, i, spec, sheet, rows, cats, date1904, points, line=True)
        _val(group, "marker", "1")
        _axis_ids(group)
    _axes(plot, spec, cats)
    legend = _sub(chart, "legend")
    _val(legend, "legendPos", "b")
    _val(legend, "overlay", "0")
    _val(chart, "plotVisOnly", "1")
    _val(chart, "dispBlanksAs", "gap")
    xml = etree.tostring(space, encoding="UTF-8")
    for key, text in points.items():
        xml = xml.replace(b"<!--" + key.encode() + b"-->", text.encode("utf-8"))
    return XML_DECLARATION + xml


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
        self.key: str | None = None
        self.values = [_cell(rows, row, col) for row in range(first, last + 1)]
        present = [v for v in self.values if v is not None]
        self.dates = bool(present) and all(isinstance(v, (date, datetime)) for v in present)
        self.text = bool(present) and not self.dates and not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
        if self.dates:
            self.values = [None if v is None else excel_serial(v, date1904) for v in self.values]

    def put(self, parent: etree._Element, tag: str, points: dict[str, str]) -> None:
        """The range as ``tag`` (cat or val) under ``parent``, with its cached values.

        The cached points go into ``points`` as text, under the key of a placeholder
        comment, rather than as elements: a chart over hundreds of rows would otherwise
        hold thousands of them at once."""
        kind = "str" if self.text else "num"
        ref = _sub(_sub(parent, tag), f"{kind}Ref")
        _sub(ref, "f").text = self.ref
        cache = _sub(ref, f"{kind}Cache")
        if not self.text:
            _sub(cache, "formatCode").text = "yyyy-mm-dd" if self.dates else "General"
        _val(cache, "ptCount", str(len(self.values)))
        key = self.key
        if key is None:
            key = self.key = f"sheets-okr-points-{len(points)}"
            points[key] = "".join(
                f'<c:pt idx="{i}"><c:v>{escape(text)}</c:v></c:pt>'
                for i, value in enumerate(self.values)
                if (text := _cached(value, self.text)) is not None)
        cache.append(etree.Comment(key))


def _title(chart: etree._Element, text: str) -> None:
    rich = _sub(_sub(_sub(chart, "title"), "tx"), "rich")
    etree.SubElement(rich, _a("bodyPr"))
    para = etree.SubElement(rich, _a("p"))
    etree.SubElement(etree.SubElement(para, _a("pPr")), _a("defRPr"), sz="1300", b="1")
    run = etree.SubElement(para, _a("r"))
    etree.SubElement(run, _a("rPr"), lang="en-US", sz="1300", b="1")
    etree.SubElement(run, _a("t")).text = excel_text(text)
    _val(chart.find(_c("title")), "overlay", "0")


def _series(group: etree._Element, series: ChartSeries, index: int, spec: ChartSpec,
            sheet: str, rows: Rows, cats: _Range, date1904: bool, points: dict[str, str],
            line: bool) -> None:
    letter = col_letter(series.col)
    header = _cell(rows, spec.header_row, series.col)
    ser = _sub(group, "ser")
    _val(ser, "idx", str(index))
    _val(ser, "order", str(index))
    name = _sub(_sub(ser, "tx"), "strRef")
    _sub(name, "f").text = f"{sheet}!${letter}${spec.header_row}"
    cache = _sub(name, "strCache")
    _val(cache, "ptCount", "1")
    _sub(_sub(cache, "pt", idx="0"), "v").text = excel_text(
        str(header if header is not None else series.title))
    colour = PALETTE[index % len(PALETTE)]
    shape = _sub(ser, "spPr")
    if not line:
        _fill(shape, colour)
    outline = etree.SubElement(shape, _a("ln"), w=LINE_WIDTH, cap="rnd")
    _fill(outline, colour)
    if line and series.title in DASHED:
        etree.SubElement(outline, _a("prstDash"), val="dash")
    if line:
        _val(_sub(ser, "marker"), "symbol", "none")
    else:
        _val(ser, "invertIfNegative", "0")
    cats.put(ser, "cat", points)
    _Range(sheet, rows, series.col, spec.first_row, spec.last_row, date1904).put(
        ser, "val", points)
    if line:
        _val(ser, "smooth", "0")


def _fill(parent: etree._Element, colour: str) -> None:
    etree.SubElement(etree.SubElement(parent, _a("solidFill")), _a("srgbClr"), val=colour)


def _axis_ids(group: etree._Element) -> None:
    _val(group, "axId", CAT_AX)
    _val(group, "axId", VAL_AX)


def _axes(plot: etree._Element, spec: ChartSpec, cats: _Range) -> None:
    cat_pos, val_pos = ("l", "b") if spec.horizontal else ("b", "l")
    cat = _sub(plot, "catAx")
    _axis_start(cat, CAT_AX, cat_pos)
    if cats.dates:
        _sub(cat, "numFmt", formatCode="yyyy-mm-dd", sourceLinked="0")
    _ticks(cat, "low", VAL_AX)
    _val(cat, "auto", "1")
    _val(cat, "lblAlgn", "ctr")
    _val(cat, "lblOffset", "100")
    _val(cat, "noMultiLvlLbl", "0")
    val = _sub(plot, "valAx")
    _axis_start(val, VAL_AX, val_pos)
    grid = _sub(_sub(val, "majorGridlines"), "spPr")
    _fill(etree.SubElement(grid, _a("ln"), w="9525"), "D9D9D9")
    if spec.percent:
        _sub(val, "numFmt", formatCode="0%", sourceLinked="0")
    else:
        _sub(val, "numFmt", formatCode="General", sourceLinked="1")
    _ticks(val, "nextTo", CAT_AX)
    _val(val, "crossBetween", "between")


def _axis_start(axis: etree._Element, ident: str, position: str) -> None:
    _val(axis, "axId", ident)
    _val(_sub(axis, "scaling"), "orientation", "minMax")
    _val(axis, "delete", "0")
    _val(axis, "axPos", position)


def _ticks(axis: etree._Element, labels: str, crosses: str) -> None:
    _val(axis, "majorTickMark", "none")
    _val(axis, "minorTickMark", "none")
    _val(axis, "tickLblPos", labels)
    _val(axis, "crossAx", crosses)
    _val(axis, "crosses", "autoZero")


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
    return repr(float(value)) if isinstance(value, float) else str(int(value))


def _sub(parent: etree._Element, name: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _c(name), attrs)


def _val(parent: etree._Element, name: str, value: str) -> etree._Element:
    return etree.SubElement(parent, _c(name), val=value)


def _c(name: str) -> str:
    return f"{{{NS_C}}}{name}"


def _xdr(name: str) -> str:
    return f"{{{NS_XDR}}}{name}"


def _a(name: str) -> str:
    return f"{{{NS_A}}}{name}"
