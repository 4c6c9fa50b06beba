"""The parts of the Dashboard's native charts: a drawing with one anchor per chart, and
each chart's DrawingML, built with openpyxl's chart classes."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..changes import ChartSpec
from .xlsx_charts import CHART_HEIGHT_CM, CHART_WIDTH_CM, make_chart
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


def chart_parts(specs: list[ChartSpec], title: str) -> list[bytes]:
    """Each chart's part, its ranges pointing at the sheet named ``title``."""
    from openpyxl import Workbook
    from openpyxl.xml.functions import tostring

    scratch: Any = Workbook().active
    scratch.title = title
    return [XML_DECLARATION + tostring(make_chart(scratch, spec)._write()) for spec in specs]


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
                                             "name": f"{MARKER} {spec.key}",
                                             "descr": spec.title})
        etree.SubElement(names, _xdr("cNvGraphicFramePr"))
        transform = etree.SubElement(frame, _xdr("xfrm"))
        etree.SubElement(transform, _a("off"), {"x": "0", "y": "0"})
        etree.SubElement(transform, _a("ext"), {"cx": "0", "cy": "0"})
        data = etree.SubElement(etree.SubElement(frame, _a("graphic")), _a("graphicData"),
                                {"uri": NS_C})
        etree.SubElement(data, f"{{{NS_C}}}chart", {f"{{{NS_REL}}}id": rid},
                         nsmap={"c": NS_C, "r": NS_REL})
        etree.SubElement(anchor, _xdr("clientData"))
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def _xdr(name: str) -> str:
    return f"{{{NS_XDR}}}{name}"


def _a(name: str) -> str:
    return f"{{{NS_A}}}{name}"


def rels_part(relations: list[tuple[str, str, str]]) -> bytes:
    """A relationships part of (id, type, target) entries."""
    root = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
    for rid, kind, target in relations:
        etree.SubElement(root, REL, {"Id": rid, "Type": kind, "Target": target})
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")
