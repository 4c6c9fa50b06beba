"""Facts read straight from an .xlsx package's XML parts."""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from ...model import RawBook, parse_a1
from .ooxml import escape

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c\s[^>]*\br=\"([A-Z]+[0-9]+)\"[^>]*>\s*$")


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


def formula_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """1-based (row, col) of every cell holding a formula in a sheet part, with the
    formula's text (a shared formula's copies get the text of the cell that holds it)."""
    found: dict[tuple[int, int], str] = {}
    shared: dict[bytes, str] = {}
    pending: list[tuple[tuple[int, int], bytes]] = []
    for match in FORMULA_TAG.finditer(xml):
        start = xml.rfind(b"<", 0, match.start())
        start = xml.rfind(b"<", 0, start) if xml[start:start + 2] != b"<c" else start
        opening = xml[max(start, 0):match.start()]
        cell = _CELL_OPEN.search(opening)
        if cell is None:
            begin = xml.rfind(b"<c ", 0, match.start())
            cell = _CELL_OPEN.search(xml[begin:match.start()]) if begin >= 0 else None
        if not cell:
            continue
        where = parse_a1(cell.group(1).decode())
        element = _FORMULA_ELEMENT.match(xml, match.start())
        text = ""
        if element is not None:
            text = _unescape(element.group(2) or b"")
            index = _SHARED_INDEX.search(element.group(1))
            if index is not None:
                if text:
                    shared[index.group(1)] = text
                else:
                    pending.append((where, index.group(1)))
        found[where] = text
    for where, index in pending:
        found[where] = shared.get(index, "")
    return found


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_SHARED_INDEX = re.compile(rb'\bsi="([0-9]+)"')


_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")


def _char(ref: re.Match[str]) -> str:
    code = int(ref[1][1:], 16) if ref[1][0] == "x" else int(ref[1])
    return chr(code) if code <= 0x10FFFF else ref[0]


def _unescape(raw: bytes) -> str:
    """A formula's text from its XML (character references too, as openpyxl writes
    characters outside ASCII).

    >>> _unescape(b'A1="&#10003;"&amp;"&amp;#1;"')
    'A1="\u2713"&"&#1;"'
    """
    text = _CHAR_REF.sub(_char, raw.decode("utf-8", "replace"))
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                         ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?\bt="e"[^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """1-based (row, col) and text of every cell holding an error value (#DIV/0!...),
    which calamine reads as empty."""
    found: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(xml):
        ref = _CELL_REF.search(match.group(1))
        value = _VALUE.search(match.group(2))
        if ref and value:
            found[parse_a1(ref.group(1).decode())] = value.group(1).decode()
    return found


def workbook_errors(archive: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], str]]:
    out: dict[str, dict[tuple[int, int], str]] = {}
    names = set(archive.namelist())
    for title, part in sheet_parts(archive).items():
        if part in names:
            xml = archive.read(part)
            if b't="e"' in xml:
                out[title] = error_cells(xml)
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


_UNCACHED_FORMULA = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"([^>]*)>(<f\b[^>]*?(?:/>|>[^<]*</f>))<v\s*(?:/>|></v>)</c>')
_CELL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA"})


def with_cached_values(package: bytes, book: RawBook, epoch: datetime,
                       skip_sheets: set[str] = frozenset()) -> bytes:
    """Put back the results of the user's formulas as read from the file, which openpyxl
    drops on save, so that the next read (by this tool or any reader that does not
    recalculate) sees the same values."""
    src = zipfile.ZipFile(io.BytesIO(package))
    parts = sheet_parts(src)
    patched: dict[str, bytes] = {}
    for title, grid in book.grids.items():
        if title in skip_sheets or not grid.formulas or title not in parts:
            continue

        def cached(match: re.Match[bytes], grid: Any = grid) -> bytes:
            row, col = parse_a1(match.group(1).decode())
            if (row, col) not in grid.formulas or b' t="' in match.group(2):
                return match.group(0)
            value = _cached_xml(grid.value(row, col), epoch)
            if value is None:
                return match.group(0)
            kind, text = value
            attrs = match.group(2) + (b' t="' + kind + b'"' if kind else b"")
            return (b'<c r="' + match.group(1) + b'"' + attrs + b">" + match.group(3)
                    + b"<v>" + text + b"</v></c>")

        xml = src.read(parts[title])
        new = _UNCACHED_FORMULA.sub(cached, xml)
        if new != xml:
            patched[parts[title]] = new
    if not patched:
        return package
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, patched.get(item.filename) or src.read(item.filename))
    return out.getvalue()


def _cached_xml(value: Any, epoch: datetime) -> tuple[bytes, bytes] | None:
    """A cell value as the ``t`` attribute and ``<v>`` text of a formula's cached result."""
    from openpyxl.utils.datetime import to_excel

    if value is None:
        return None
    if isinstance(value, bool):
        return b"b", b"1" if value else b"0"
    if isinstance(value, (int, float)):
        number = float(value) if isinstance(value, float) else int(value)
        return (b"", repr(number).encode()) if math.isfinite(number) else None
    if isinstance(value, (datetime, date, time, timedelta)):
        return b"", repr(to_excel(value, epoch)).encode()
    text = str(value)
    kind = b"e" if text in _CELL_ERRORS else b"str"
    return kind, escape(text).encode()
