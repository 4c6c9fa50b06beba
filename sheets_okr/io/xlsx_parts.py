"""Facts read straight from an .xlsx package's XML parts."""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

from ..model import parse_a1

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>\s*<(?:\w+:)?f\b")
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the path of its part inside the package."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        r.get("Id"): r.get("Target", "")
        for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS_REL}}}id"), "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = path
    return parts


def formula_cells(xml: bytes) -> set[tuple[int, int]]:
    """1-based (row, col) of every cell holding a formula in a sheet part."""
    found: set[tuple[int, int]] = set()
    for match in _FORMULA_CELL.finditer(xml):
        ref = _REF.search(match.group(1))
        if ref:
            found.add(parse_a1(ref.group(1).decode()))
    return found


def workbook_formulas(archive: zipfile.ZipFile) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    names = set(archive.namelist())
    for title, part in sheet_parts(archive).items():
        if part in names:
            out[title] = formula_cells(archive.read(part))
    return out


_SHEET_LOSSES = (
    (b"x14:conditionalFormatting", "data bars, icon sets or other Excel 2010 conditional formats"),
    (b"sparklineGroup", "sparklines"),
    (b"x14:dataValidation", "data validation lists that point at other sheets"),
    (b"slicerList", "slicers"),
    (b"timelineRef", "timelines"),
    (b"<controls", "form controls"),
    (b"x14:ignoredError", "ignored-error markers"),
)
_DRAWING_LOSSES = (
    (re.compile(rb"<(?:\w+:)?sp\b"), "shapes or text boxes"),
    (re.compile(rb"<(?:\w+:)?grpSp\b"), "grouped shapes"),
    (re.compile(rb"<(?:\w+:)?cxnSp\b"), "connector lines"),
)
_PART_LOSSES = (
    ("xl/ctrlProps/", "form controls"),
    ("xl/activeX/", "ActiveX controls"),
    ("xl/slicers/", "slicers"),
    ("xl/timelines/", "timelines"),
    ("xl/threadedComments/", "threaded comments (they would become plain notes)"),
    ("xl/richData/", "pictures placed in cells"),
    ("xl/model/", "a data model (Power Pivot)"),
    ("customXml/", "custom XML parts"),
    ("xl/webextensions/", "add-in data"),
)


def openpyxl_losses(archive: zipfile.ZipFile, skip_sheets: set[str] = frozenset()) -> list[str]:
    """What saving this package through openpyxl would drop, as readable phrases."""
    lost: list[str] = []
    names = archive.namelist()
    parts = sheet_parts(archive)
    for title, part in parts.items():
        if title in skip_sheets or part not in names:
            continue
        xml = archive.read(part)
        for marker, what in _SHEET_LOSSES:
            if marker in xml:
                lost.append(f"{what} on '{title}'")
        for drawing in _drawings_of(archive, part):
            data = archive.read(drawing)
            for pattern, what in _DRAWING_LOSSES:
                if pattern.search(data):
                    lost.append(f"{what} on '{title}'")
    for prefix, what in _PART_LOSSES:
        if any(n.startswith(prefix) for n in names):
            lost.append(what)
    return list(dict.fromkeys(lost))


def _drawings_of(archive: zipfile.ZipFile, part: str) -> list[str]:
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.namelist():
        return []
    rels = ET.fromstring(archive.read(rels_path))
    out = []
    for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Type", "").endswith("/drawing") and rel.get("TargetMode") != "External":
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            if target in archive.namelist():
                out.append(target)
    return out
