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
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def chart_part(spec: ChartSpec, title: str, rows: Rows, date1904: bool = False) -> bytes:
    """One chart's part; its ranges point at the sheet named ``title`` holding ``rows``."""
    sheet = "'" + title.replace("'", "''") + "'"
    cats = _Range(sheet, rows, spec.category_col, spec.first_row, spec.last_row, date1904)
    bars = [s for s in spec.series if s.kind == "column"]
    lines = [s for s in spec.series if s.kind != "column"]
    out = [f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_REL}">'
           '<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr>'
           '<a:defRPr sz="1300" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="1300" b="1"/>'
           f'<a:t>{_text(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/>'
           '</c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>']
    axes = f'<c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/>'
    if bars:
        out.append(f'<c:barChart><c:barDir val="{"bar" if spec.horizontal else "col"}"/>'
                   '<c:grouping val="clustered"/><c:varyColors val="0"/>')
        out.extend(_series(s, i, spec, sheet, rows, cats, date1904, line=False)
                   for i, s in enumerate(bars))
        out.append(f'<c:gapWidth val="80"/>{axes}</c:barChart>')
    if lines:
        out.append('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>')
        out.extend(_series(s, i, spec, sheet, rows, cats, date1904, line=True)
                   for i, s in enumerate(lines, start=len(bars)))
        out.append(f'<c:marker val="1"/>{axes}</c:lineChart>')
    out.append(_axes(spec, cats))
    out.append('</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
               '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
    return XML_DECLARATION + "".join(out).encode("utf-8")


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
        self._points: str | None = None

    def xml(self, tag: str) -> str:
        """The range as ``tag`` (cat or val), with its cached values."""
        if self._points is None:
            self._points = "".join(f'<c:pt idx="{i}"><c:v>{text}</c:v></c:pt>'
                                   for i, value in enumerate(self.values)
                                   if (text := _cached(value, self.text)) is not None)
        points = self._points
        kind = "str" if self.text else "num"
        code = "" if self.text else (
            f"<c:formatCode>{'yyyy-mm-dd' if self.dates else 'General'}</c:formatCode>")
        ref = self.ref.translate(_ENTITIES)
        return (f"<c:{tag}><c:{kind}Ref><c:f>{ref}</c:f><c:{kind}Cache>{code}"
                f'<c:ptCount val="{len(self.values)}"/>{points}</c:{kind}Cache></c:{kind}Ref>'
                f"</c:{tag}>")


def _series(series: ChartSeries, index: int, spec: ChartSpec, sheet: str, rows: Rows,
            cats: _Range, date1904: bool, line: bool) -> str:
    letter = col_letter(series.col)
    header = _cell(rows, spec.header_row, series.col)
    label = _text(str(header if header is not None else series.title))
    colour = f'<a:solidFill><a:srgbClr val="{PALETTE[index % len(PALETTE)]}"/></a:solidFill>'
    dash = '<a:prstDash val="dash"/>' if line and series.title in DASHED else ""
    fill = "" if line else colour
    values = _Range(sheet, rows, series.col, spec.first_row, spec.last_row, date1904)
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:strRef>'
            f"<c:f>{sheet.translate(_ENTITIES)}!${letter}${spec.header_row}</c:f><c:strCache>"
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{label}</c:v></c:pt></c:strCache>'
            f'</c:strRef></c:tx><c:spPr>{fill}<a:ln w="{LINE_WIDTH}" cap="rnd">{colour}{dash}'
            "</a:ln></c:spPr>"
            + ('<c:marker><c:symbol val="none"/></c:marker>' if line
               else '<c:invertIfNegative val="0"/>')
            + cats.xml("cat") + values.xml("val")
            + ('<c:smooth val="0"/>' if line else "") + "</c:ser>")


def _axes(spec: ChartSpec, cats: _Range) -> str:
    cat_pos, val_pos = ("l", "b") if spec.horizontal else ("b", "l")
    cat_format = '<c:numFmt formatCode="yyyy-mm-dd" sourceLinked="0"/>' if cats.dates else ""
    val_format = ('<c:numFmt formatCode="0%" sourceLinked="0"/>' if spec.percent
                  else '<c:numFmt formatCode="General" sourceLinked="1"/>')
    return (f'<c:catAx><c:axId val="{CAT_AX}"/><c:scaling><c:orientation val="minMax"/>'
            f'</c:scaling><c:delete val="0"/><c:axPos val="{cat_pos}"/>{cat_format}'
            '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="low"/><c:crossAx val="{VAL_AX}"/><c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
            '<c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="{VAL_AX}"/><c:scaling><c:orientation val="minMax"/>'
            f'</c:scaling><c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines>'
            '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill>'
            f'</a:ln></c:spPr></c:majorGridlines>{val_format}<c:majorTickMark val="none"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'<c:crossAx val="{CAT_AX}"/><c:crosses val="autoZero"/>'
            '<c:crossBetween val="between"/></c:valAx>')


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
        return _text(str(value))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return repr(float(value)) if isinstance(value, float) else str(int(value))


def _text(text: str) -> str:
    """Text as XML character data, with characters XML cannot hold escaped like Excel."""
    return excel_text(text).translate(_ENTITIES)


def _c(name: str) -> str:
    return f"{{{NS_C}}}{name}"


def _xdr(name: str) -> str:
    return f"{{{NS_XDR}}}{name}"


def _a(name: str) -> str:
    return f"{{{NS_A}}}{name}"
