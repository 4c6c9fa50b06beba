"""Write a change set into an .xlsx package by patching only the parts it touches.

Every other zip member is copied byte for byte (compressed data included), so whatever
the package holds that this module does not understand (sparklines, data bars, shapes,
slicers, controls, cached formula results, a VBA project) survives.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..changes import CellChange, ChangeSet, SheetContent
from ..model import col_letter
from ..schema import DASHBOARD_TAB, FLAGS_TAB, STATE_TAB
from .xlsx_styles import (
    NS_MAIN,
    Encoded,
    Styles,
    Unwritable,
    encode_value,
    is_date_format,
    temporal_format,
)

OWNED = frozenset({FLAGS_TAB, DASHBOARD_TAB, STATE_TAB})
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
MAX_ROW, MAX_COL = 1_048_576, 16_384
DEFAULT_WIDTH = 13.0

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL = f"{{{NS_PKG_REL}}}Relationship"
ROW, CELL, VALUE, FORMULA, INLINE = (f"{{{NS_MAIN}}}{n}" for n in ("row", "c", "v", "f", "is"))
SHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData")
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
                  "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr")

_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>\s*")
_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?sheetData)\s*(/?>)")
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]|^'|'$")
_TEXT_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class PatchUnsupported(Exception):
    """The package holds something the patcher cannot edit safely; nothing was written."""


def w(name: str) -> str:
    return f"{{{NS_MAIN}}}{name}"


def patch_package(src: Path, dst: BinaryIO, changes: ChangeSet) -> int:
    """Write the package at ``src`` with ``changes`` applied to ``dst``.

    Returns the number of cells written. Raises PatchUnsupported before writing anything
    to ``dst`` when the package cannot be patched (the caller can then fall back).
    """
    try:
        archive = zipfile.ZipFile(src)
    except zipfile.BadZipFile:
        raise PatchUnsupported(f"{src}: not a zip package (encrypted workbooks are not)") from None
    with archive, open(src, "rb") as raw:
        package = _Package(archive)
        written = package.apply(changes)
        members = list(package.members())
        _write_zip(dst, raw, members, archive.comment)
    return written


class _Xml:
    """A parsed XML part that serialises back with its own declaration."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        match = _PROLOG.match(data)
        self.prolog = match.group(0) if match else b""
        try:
            parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
            self.root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise PatchUnsupported(f"{name}: not well-formed XML ({exc})") from None
        encoding = (self.root.getroottree().docinfo.encoding or "UTF-8").upper()
        if encoding.replace("-", "") not in ("UTF8", "ASCII", "USASCII"):
            raise PatchUnsupported(f"{name}: {encoding} encoded parts are not supported")
        self.dirty = False

    def bytes(self) -> bytes:
        return self.prolog + etree.tostring(self.root.getroottree(), encoding="UTF-8",
                                            xml_declaration=False)


class _Sheet:
    """One worksheet part; rows and cells are indexed as they are reached."""

    def __init__(self, xml: _Xml, styles: Styles, date1904: bool) -> None:
        self.xml, self.styles, self.date1904 = xml, styles, date1904
        self.root = xml.root
        if self.root.tag != w("worksheet"):
            raise PatchUnsupported(f"{xml.name}: not a transitional OOXML worksheet")
        data = self.root.find(w("sheetData"))
        if data is None:
            raise PatchUnsupported(f"{xml.name}: the worksheet has no sheetData")
        self.data = data
        self.prefix = f"{self.root.prefix}:" if self.root.prefix else ""
        self.formula_removed = False
        self.changed = False
        self.rows_xml: str | None = None
        self.bounds: list[int] | None = None
        self._rows: dict[int, etree._Element] | None = None
        self._row_numbers: list[int] = []
        self._cells: dict[int, tuple[list[int], dict[int, etree._Element]]] = {}

    def set_cell(self, change: CellChange) -> None:
        """Apply one cell change with the openpyxl writer's style rules."""
        row, col = change.row, change.col
        if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
            raise PatchUnsupported(f"cell ({row}, {col}) is outside the sheet")
        encoded = encode_value(change.value, self.date1904)
        cell = self._find(row, col)
        old_style = _style_of(cell)
        style = old_style
        if change.header and col > 1:
            left = _style_of(self._find(row, col - 1))
            if left:
                style = self.styles.derive(style, like=left)
            width = self._width(col - 1) or DEFAULT_WIDTH
            self._set_width(col, max(width, len(str(change.value)) + 4))
            self.changed = True
        code = self.styles.code(style)
        wanted = None
        temporal = temporal_format(change.value)
        if temporal and not is_date_format(code):
            wanted = temporal
        if change.number_format and code == "General":
            wanted = change.number_format
        if wanted is not None and wanted != code:
            style = self.styles.derive(style, number_format=wanted)
        if cell is None:
            if encoded is None and style == old_style:
                return
            cell = self._create(row, col)
        self.changed = True
        if style != old_style:
            cell.set("s", str(style))
        self._put(cell, encoded)

    def replace(self, content: SheetContent) -> int:
        """Replace the sheet's cells, column widths and pane with a tool-owned sheet."""
        xml, ref, written = render_rows(content, self.styles, self.date1904, self.prefix)
        fresh = self.data.makeelement(w("sheetData"), {})
        self.data.getparent().replace(self.data, fresh)
        self.data, self._rows, self._cells, self.bounds = fresh, None, {}, None
        self.rows_xml, self.changed = xml, True
        dimension = self.root.find(w("dimension"))
        if dimension is None:
            dimension = self.root.makeelement(w("dimension"), {})
            _insert_ordered(self.root, dimension, SHEET_ORDER)
        dimension.set("ref", ref)
        for old in self.root.findall(w("cols")):
            self.root.remove(old)
        for col, width in sorted(content.widths.items()):
            self._set_width(col, width)
        views = self.root.find(w("sheetViews"))
        view = views.find(w("sheetView")) if views is not None else None
        if content.freeze_header:
            if view is None:
                view = self._first_view()
            for old in [*view.findall(w("pane")), *view.findall(w("selection"))]:
                view.remove(old)
            view.insert(0, view.makeelement(w("pane"), {
                "ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"}))
            view.insert(1, view.makeelement(w("selection"), {
                "pane": "bottomLeft", "activeCell": "A2", "sqref": "A2"}))
        if content.hidden and view is not None:
            view.attrib.pop("tabSelected", None)
        return written

    def bytes(self) -> bytes:
        if self.bounds is not None:
            self._cover(self.bounds)
        data = self.xml.bytes()
        if self.rows_xml is None:
            return data
        tag = f"{self.prefix}sheetData"
        empty = f"<{tag}/>".encode()
        if data.count(empty) != 1:
            raise PatchUnsupported(f"{self.xml.name}: cannot place the new rows")
        rows = f"<{tag}>{self.rows_xml}</{tag}>".encode()
        return data.replace(empty, rows)

    def _first_view(self) -> etree._Element:
        views = self.root.find(w("sheetViews"))
        if views is None:
            views = self.root.makeelement(w("sheetViews"), {})
            _insert_ordered(self.root, views, SHEET_ORDER)
        return etree.SubElement(views, w("sheetView"), {"workbookViewId": "0"})

    def _index_rows(self) -> dict[int, etree._Element]:
        if self._rows is None:
            rows: dict[int, etree._Element] = {}
            for element in self.data.iterchildren(ROW):
                number = element.get("r")
                if number is None or not number.isdigit():
                    raise PatchUnsupported(f"{self.xml.name}: a row without a row number")
                rows[int(number)] = element
            self._rows = rows
            self._row_numbers = sorted(rows)
        return self._rows

    def _row_cells(self, row: int) -> tuple[list[int], dict[int, etree._Element]] | None:
        if row not in self._cells:
            element = self._index_rows().get(row)
            if element is None:
                return None
            index: dict[int, etree._Element] = {}
            for cell in element.iterchildren(CELL):
                col = _col_number(cell.get("r") or "")
                if not col:
                    raise PatchUnsupported(f"{self.xml.name}: a cell without a reference")
                index[col] = cell
            self._cells[row] = (sorted(index), index)
        return self._cells[row]

    def _find(self, row: int, col: int) -> etree._Element | None:
        cells = self._row_cells(row)
        return None if cells is None else cells[1].get(col)

    def _create(self, row: int, col: int) -> etree._Element:
        rows = self._index_rows()
        if row not in rows:
            element = self.data.makeelement(ROW, {"r": str(row)})
            at = bisect.bisect(self._row_numbers, row)
            if at < len(self._row_numbers):
                rows[self._row_numbers[at]].addprevious(element)
            else:
                self.data.append(element)
            self._row_numbers.insert(at, row)
            rows[row] = element
        element = rows[row]
        cells = self._row_cells(row)
        assert cells is not None
        cols, index = cells
        cell = element.makeelement(CELL, {"r": f"{col_letter(col)}{row}"})
        at = bisect.bisect(cols, col)
        if at < len(cols):
            index[cols[at]].addprevious(cell)
        elif cols:
            index[cols[-1]].addnext(cell)
        else:
            element.insert(0, cell)
        cols.insert(at, col)
        index[col] = cell
        spans = element.get("spans")
        if spans:
            ends = [int(n) for n in re.findall(r"\d+", spans)] or [col]
            element.set("spans", f"{min(*ends, col)}:{max(*ends, col)}")
        b = self.bounds
        self.bounds = [row, col, row, col] if b is None else [
            min(b[0], row), min(b[1], col), max(b[2], row), max(b[3], col)]
        return cell

    def _put(self, cell: etree._Element, encoded: Encoded) -> None:
        for child in list(cell):
            if child.tag == FORMULA:
                _refuse_shared(child, cell.get("r", ""))
                self.formula_removed = True
            if child.tag in (FORMULA, VALUE, INLINE):
                cell.remove(child)
        for attr in ("t", "cm", "vm"):
            cell.attrib.pop(attr, None)
        if encoded is None:
            return
        kind, text = encoded
        if kind == "inlineStr":
            holder = cell.makeelement(INLINE, {})
            cell.insert(0, holder)
            string = etree.SubElement(holder, w("t"), {XML_SPACE: "preserve"})
            string.text = text
        else:
            value = cell.makeelement(VALUE, {})
            cell.insert(0, value)
            value.text = text
        if kind:
            cell.set("t", kind)

    def _width(self, col: int) -> float | None:
        for element in self.root.iterfind(f"{w('cols')}/{w('col')}"):
            if int(element.get("min", "0")) <= col <= int(element.get("max", "0")):
                width = element.get("width")
                return float(width) if width else None
        return None

    def _set_width(self, col: int, width: float) -> None:
        cols = self.root.find(w("cols"))
        if cols is None:
            cols = self.root.makeelement(w("cols"), {})
            self.data.addprevious(cols)
        text = repr(float(width)).removesuffix(".0")
        for element in cols.findall(w("col")):
            low, high = int(element.get("min", "0")), int(element.get("max", "0"))
            if low > col:
                element.addprevious(_col_element(cols, col, text))
                return
            if low <= col <= high:
                for start, end in ((low, col - 1), (col + 1, high)):
                    if start <= end:
                        part = deepcopy(element)
                        part.tail = None
                        part.set("min", str(start))
                        part.set("max", str(end))
                        (element.addprevious if end < col else element.addnext)(part)
                element.set("min", str(col))
                element.set("max", str(col))
                element.set("width", text)
                element.set("customWidth", "1")
                return
        cols.append(_col_element(cols, col, text))

    def _cover(self, bounds: list[int]) -> None:
        dimension = self.root.find(w("dimension"))
        if dimension is None:
            dimension = self.root.makeelement(w("dimension"), {"ref": "A1"})
            _insert_ordered(self.root, dimension, SHEET_ORDER)
            top, left, bottom, right = bounds
        else:
            ends = [_parse_ref(p) for p in (dimension.get("ref") or "A1").split(":")]
            top, left = min(bounds[0], *(e[0] for e in ends)), min(bounds[1], *(e[1] for e in ends))
            bottom = max(bounds[2], *(e[0] for e in ends))
            right = max(bounds[3], *(e[1] for e in ends))
        first, last = f"{col_letter(left)}{top}", f"{col_letter(right)}{bottom}"
        dimension.set("ref", first if first == last else f"{first}:{last}")


def render_rows(content: SheetContent, styles: Styles, date1904: bool,
                prefix: str = "") -> tuple[str, str, int]:
    """The rows of a tool-owned sheet as sheetData children, the dimension ref and the
    number of cells written."""
    p = prefix
    out: list[str] = []
    styles_for: dict[tuple[str | None, bool], int] = {}
    bold_rows = set(content.bold_rows)
    last_row = last_col = written = 0
    for r, line in enumerate(content.rows, start=1):
        cells: list[str] = []
        for c, value in enumerate(line, start=1):
            if value is None:
                continue
            written += 1
            encoded = encode_value(value, date1904)
            key = (temporal_format(value), r in bold_rows)
            if key not in styles_for:
                styles_for[key] = 0 if key == (None, False) else styles.derive(
                    0, number_format=key[0], bold=key[1])
            style = f' s="{styles_for[key]}"' if styles_for[key] else ""
            if encoded is None and not style:
                continue
            ref = f"{col_letter(c)}{r}"
            last_col = max(last_col, c)
            if encoded is None:
                cells.append(f'<{p}c r="{ref}"{style}/>')
            elif encoded[0] == "inlineStr":
                text = encoded[1].translate(_TEXT_ENTITIES)
                cells.append(f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t xml:space='
                             f'"preserve">{text}</{p}t></{p}is></{p}c>')
            else:
                kind = f' t="{encoded[0]}"' if encoded[0] else ""
                cells.append(f'<{p}c r="{ref}"{style}{kind}><{p}v>{encoded[1]}</{p}v></{p}c>')
        if cells:
            out.append(f'<{p}row r="{r}">{"".join(cells)}</{p}row>')
            last_row = r
    ref = f"A1:{col_letter(last_col)}{last_row}" if last_row and (last_row, last_col) != (1, 1) \
        else "A1"
    return "".join(out), ref, written


def new_sheet_xml(content: SheetContent, styles: Styles, date1904: bool) -> tuple[bytes, int]:
    """A whole worksheet part for a new tool-owned sheet, and the cells it holds."""
    rows, ref, written = render_rows(content, styles, date1904)
    pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            if content.freeze_header else "")
    cols = "".join(f'<col min="{c}" max="{c}" width="{repr(float(v)).removesuffix(".0")}" '
                   f'customWidth="1"/>' for c, v in sorted(content.widths.items()))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><dimension ref="{ref}"/>'
           f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}'
           f'<sheetData>{rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" '
           'bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    return xml.encode("utf-8"), written


class _Package:
    """The parts of one package that a change set reads or edits."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.infos = archive.infolist()
        if any(info.flag_bits & 0x1 for info in self.infos):
            raise PatchUnsupported("the package has encrypted members")
        self.names = {info.filename for info in self.infos}
        self.docs: dict[str, _Xml] = {}
        self.sheets: dict[str, _Sheet] = {}
        self.added: list[tuple[str, bytes]] = []
        self.removed: set[str] = set()
        office = [rel for rel in self._doc("_rels/.rels").root.iter(REL)
                  if rel.get("Type", "").endswith("/officeDocument")]
        if not office or office[0].get("Type", "").startswith(STRICT_PREFIX):
            raise PatchUnsupported("not a transitional OOXML package (strict OOXML?)")
        self.book_path = _resolve("", office[0].get("Target", ""))
        self.book = self._doc(self.book_path)
        if self.book.root.tag != w("workbook"):
            raise PatchUnsupported(f"{self.book_path}: not a transitional OOXML workbook")
        self.rels = self._doc(_rels_path(self.book_path))
        props = self.book.root.find(w("workbookPr"))
        self.date1904 = props is not None and props.get("date1904", "").lower() in ("1", "true")
        styles = [path for kind, path in self._relations().values() if kind.endswith("/styles")]
        self.styles_doc = self._doc(styles[0]) if styles and styles[0] in self.names else None
        self.styles = Styles(self.styles_doc.root if self.styles_doc else None)

    def apply(self, changes: ChangeSet) -> int:
        written = 0
        by_tab: dict[str, list[CellChange]] = {}
        for change in changes.cells:
            by_tab.setdefault(change.tab, []).append(change)
        try:
            for tab, group in by_tab.items():
                sheet, part = self._worksheet(tab)
                blocked = self._blocked(part, sheet)
                for change in group:
                    for top, left, bottom, right, what in blocked:
                        if top <= change.row <= bottom and left <= change.col <= right:
                            raise PatchUnsupported(f"{change.cell} on '{tab}' is {what}")
                    sheet.set_cell(change)
                    written += 1
            for content in changes.sheets:
                written += self._put_sheet(content)
        except Unwritable as exc:
            raise PatchUnsupported(str(exc)) from None
        if any(tab not in OWNED for tab in by_tab):
            self._full_calc_on_load()
        if any(sheet.formula_removed for sheet in self.sheets.values()):
            self._drop_calc_chain()
        return written

    def members(self) -> Iterator[tuple[zipfile.ZipInfo, bytes | None]]:
        """Every member of the new package in order, with new content or None (copy)."""
        new = {name: doc.bytes() for name, doc in self.docs.items() if doc.dirty}
        new.update((name, sheet.bytes()) for name, sheet in self.sheets.items() if sheet.changed)
        if self.styles.changed and self.styles_doc is not None:
            new[self.styles_doc.name] = self.styles_doc.bytes()
        for info in self.infos:
            if info.filename not in self.removed:
                yield info, new.get(info.filename)
        like = next(i for i in self.infos if i.filename == self.book_path)
        for name, data in self.added:
            info = zipfile.ZipInfo(name, date_time=like.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system, info.external_attr = like.create_system, like.external_attr
            yield info, data

    def _doc(self, name: str, rows: bool = True) -> _Xml:
        if name not in self.docs:
            if name not in self.names:
                raise PatchUnsupported(f"the package has no {name}")
            data = self.archive.read(name)
            self.docs[name] = _Xml(name, data if rows else _without_rows(data))
        return self.docs[name]

    def _relations(self) -> dict[str, tuple[str, str]]:
        folder = posixpath.dirname(self.book_path)
        return {rel.get("Id", ""): (rel.get("Type", ""), _resolve(folder, rel.get("Target", "")))
                for rel in self.rels.root.iter(REL) if rel.get("TargetMode") != "External"}

    def _entries(self) -> dict[str, tuple[etree._Element, str, str]]:
        relations = self._relations()
        out = {}
        for sheet in self.book.root.iterfind(f"{w('sheets')}/{w('sheet')}"):
            kind, part = relations.get(sheet.get(f"{{{NS_REL}}}id", ""), ("", ""))
            out[sheet.get("name", "")] = (sheet, kind, part)
        return out

    def _worksheet(self, title: str, rows: bool = True) -> tuple[_Sheet, str]:
        entry = self._entries().get(title)
        if entry is None:
            raise PatchUnsupported(f"the workbook has no sheet named '{title}'")
        _, kind, part = entry
        if not kind.endswith("/worksheet"):
            raise PatchUnsupported(f"'{title}' is a {kind.rsplit('/', 1)[-1] or 'sheet'}, "
                                   "not a worksheet")
        if part not in self.sheets:
            self.sheets[part] = _Sheet(self._doc(part, rows), self.styles, self.date1904)
        return self.sheets[part], part

    def _blocked(self, part: str, sheet: _Sheet) -> list[tuple[int, int, int, int, str]]:
        """Ranges no cell change may write into: table headers (their text is the column
        name), pivot tables and array formulas (spills included)."""
        out = [(*_parse_range(f.get("ref", "")), "an array formula")
               for f in sheet.root.iter(FORMULA) if f.get("t") == "array"
               and ":" in f.get("ref", "")]
        rels_path = _rels_path(part)
        if rels_path not in self.names:
            return out
        folder = posixpath.dirname(part)
        for rel in self._doc(rels_path).root.iter(REL):
            target, kind = _resolve(folder, rel.get("Target", "")), rel.get("Type", "")
            if target not in self.names or not kind.endswith(("/table", "/pivotTable")):
                continue
            root = self._doc(target).root
            if kind.endswith("/table") and root.get("ref") and root.get("headerRowCount") != "0":
                top, left, _, right = _parse_range(root.get("ref", ""))
                out.append((top, left, top, right, "a table header"))
            location = root.find(w("location"))
            if location is not None and location.get("ref"):
                out.append((*_parse_range(location.get("ref", "")), "in a pivot table"))
        return out

    def _put_sheet(self, content: SheetContent) -> int:
        entries = self._entries()
        if content.title in entries:
            sheet, _ = self._worksheet(content.title, rows=False)
            written = sheet.replace(content)
            element = entries[content.title][0]
        else:
            if content.title.lower() in {name.lower() for name in entries}:
                raise PatchUnsupported(f"a sheet named like '{content.title}' exists")
            if not 0 < len(content.title) <= 31 or _BAD_TITLE.search(content.title):
                raise PatchUnsupported(f"'{content.title}' cannot name a sheet")
            data, written = new_sheet_xml(content, self.styles, self.date1904)
            element = self._add_sheet(content.title, data)
        if content.hidden:
            element.set("state", "veryHidden")
        else:
            element.attrib.pop("state", None)
        self._show_visible_tab()
        self.book.dirty = True
        return written

    def _add_sheet(self, title: str, data: bytes) -> etree._Element:
        lower = {name.lower() for name in self.names}
        folder = posixpath.join(posixpath.dirname(self.book_path), "worksheets")
        number = len(self._entries()) + 1
        while posixpath.join(folder, f"sheet{number}.xml").lower() in lower:
            number += 1
        part = posixpath.join(folder, f"sheet{number}.xml")
        ids = {rel.get("Id") for rel in self.rels.root.iter(REL)}
        rid = next(f"rId{n}" for n in itertools.count(len(ids) + 1) if f"rId{n}" not in ids)
        etree.SubElement(self.rels.root, REL, {
            "Id": rid, "Type": f"{NS_REL}/worksheet",
            "Target": posixpath.relpath(part, posixpath.dirname(self.book_path) or ".")})
        sheets = self.book.root.find(w("sheets"))
        if sheets is None:
            raise PatchUnsupported(f"{self.book_path}: the workbook lists no sheets")
        ids_in_use = [int(s.get("sheetId", "0")) for s in sheets.iterfind(w("sheet"))]
        element = etree.SubElement(sheets, w("sheet"), {
            "name": title, "sheetId": str(max(ids_in_use, default=0) + 1),
            f"{{{NS_REL}}}id": rid})
        types = self._doc("[Content_Types].xml")
        etree.SubElement(types.root, f"{{{NS_TYPES}}}Override",
                         {"PartName": "/" + part, "ContentType": WORKSHEET_TYPE})
        self.added.append((part, data))
        self.names.add(part)
        self.rels.dirty = types.dirty = True
        return element

    def _show_visible_tab(self) -> None:
        sheets = self.book.root.findall(f"{w('sheets')}/{w('sheet')}")
        visible = [i for i, s in enumerate(sheets) if s.get("state", "visible") == "visible"]
        for view in self.book.root.iterfind(f"{w('bookViews')}/{w('workbookView')}"):
            for attr in ("activeTab", "firstSheet"):
                index = int(view.get(attr, "0") or 0)
                if visible and index not in visible and index < len(sheets):
                    view.set(attr, str(visible[0]))

    def _full_calc_on_load(self) -> None:
        calc = self.book.root.find(w("calcPr"))
        if calc is None:
            calc = self.book.root.makeelement(w("calcPr"), {})
            _insert_ordered(self.book.root, calc, WORKBOOK_ORDER)
        calc.set("fullCalcOnLoad", "1")
        self.book.dirty = True

    def _drop_calc_chain(self) -> None:
        for rel in list(self.rels.root.iter(REL)):
            if rel.get("Type", "").endswith("/calcChain"):
                folder = posixpath.dirname(self.book_path)
                self.removed.add(_resolve(folder, rel.get("Target", "")))
                rel.getparent().remove(rel)
                self.rels.dirty = True
        if not self.removed:
            return
        types = self._doc("[Content_Types].xml")
        for override in list(types.root.iter(f"{{{NS_TYPES}}}Override")):
            if override.get("PartName", "").lstrip("/") in self.removed:
                types.root.remove(override)
                types.dirty = True


def _without_rows(data: bytes) -> bytes:
    """A worksheet part with its sheetData emptied, for a sheet about to be rewritten."""
    start = _SHEET_DATA.search(data)
    if start is None or start.group(2) == b"/>":
        return data
    closing = b"</" + start.group(1) + b">"
    end = data.find(closing, start.end())
    if end < 0:
        return data
    return data[:start.start()] + b"<" + start.group(1) + b"/>" + data[end + len(closing):]


def _style_of(cell: etree._Element | None) -> int:
    if cell is None:
        return 0
    style = cell.get("s", "0")
    return int(style) if style.isdigit() else 0


def _refuse_shared(formula: etree._Element, ref: str) -> None:
    kind = formula.get("t", "normal")
    span = formula.get("ref", "")
    if (kind == "shared" and span) or (kind in ("array", "dataTable") and ":" in span):
        raise PatchUnsupported(f"{ref} holds a {kind} formula that other cells depend on")


def _col_element(cols: etree._Element, col: int, width: str) -> etree._Element:
    return cols.makeelement(w("col"), {"min": str(col), "max": str(col), "width": width,
                                       "customWidth": "1"})


def _insert_ordered(parent: etree._Element, element: etree._Element,
                    order: tuple[str, ...]) -> None:
    """Insert ``element`` after the children that the schema puts before it."""
    name = etree.QName(element).localname
    before = {w(n) for n in order[:order.index(name)]}
    at = 0
    for index, child in enumerate(parent):
        if child.tag in before:
            at = index + 1
    parent.insert(at, element)


def _col_number(ref: str) -> int:
    """The column of an A1 reference (0 when it has none)."""
    return _letters_col(ref.rstrip("0123456789").replace("$", "").upper())


@functools.lru_cache(maxsize=4096)
def _letters_col(letters: str) -> int:
    number = 0
    for char in letters:
        if not "A" <= char <= "Z":
            return 0
        number = number * 26 + ord(char) - 64
    return number


def _parse_ref(ref: str) -> tuple[int, int]:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 1), (_col_number(ref) or 1)


def _parse_range(ref: str) -> tuple[int, int, int, int]:
    ends = [_parse_ref(p) for p in ref.split(":")]
    return ends[0][0], ends[0][1], ends[-1][0], ends[-1][1]


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def _write_zip(dst: BinaryIO, raw: BinaryIO,
               members: list[tuple[zipfile.ZipInfo, bytes | None]], comment: bytes) -> None:
    """Write the package: new content compressed, other members' compressed bytes copied."""
    size = raw.seek(0, 2)
    planned: list[tuple[zipfile.ZipInfo, int, int, int, int, bytes | int]] = []
    for info, data in members:
        if data is None:
            raw.seek(info.header_offset)
            head = raw.read(_LOCAL.size)
            if len(head) < _LOCAL.size or head[:4] != b"PK\x03\x04":
                raise PatchUnsupported(f"{info.filename}: damaged zip entry")
            start = info.header_offset + _LOCAL.size + sum(struct.unpack("<HH", head[26:30]))
            if start + info.compress_size > size:
                raise PatchUnsupported(f"{info.filename}: truncated zip entry")
            planned.append((info, info.compress_type, info.CRC, info.compress_size,
                            info.file_size, start))
        else:
            kind = info.compress_type
            if kind != zipfile.ZIP_STORED:
                kind = zipfile.ZIP_DEFLATED
                packer = zlib.compressobj(6, zlib.DEFLATED, -15)
                packed = packer.compress(data) + packer.flush()
            else:
                packed = data
            planned.append((info, kind, zlib.crc32(data), len(packed), len(data), packed))
    total = sum(p[3] + 200 for p in planned)
    if total >= 0xFFFFFFFF or len(planned) >= 0xFFFF or any(p[4] >= 0xFFFFFFFF for p in planned):
        raise PatchUnsupported("the package is too large for a plain zip (zip64)")
    offset = 0
    central: list[bytes] = []
    for info, kind, crc, packed_size, plain_size, payload in planned:
        name, flags = _zip_name(info)
        if isinstance(payload, bytes):
            flags &= 0x800
        extra = _strip_zip64(info.extra)
        year, month, day, hour, minute, second = info.date_time
        dos_time = hour << 11 | minute << 5 | second // 2
        dos_date = max(year - 1980, 0) << 9 | month << 5 | day
        version = max(info.extract_version, 20)
        fields = (flags, kind, dos_time, dos_date, crc, packed_size, plain_size, len(name),
                  len(extra))
        header = _LOCAL.pack(b"PK\x03\x04", version, 0, *fields)
        dst.write(header + name + extra)
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", info.create_version, info.create_system, version, 0, *fields,
            len(info.comment), 0, info.internal_attr, info.external_attr, offset)
            + name + extra + info.comment)
        if isinstance(payload, bytes):
            dst.write(payload)
        else:
            raw.seek(payload)
            left = packed_size
            while left:
                chunk = raw.read(min(left, 1 << 20))
                if not chunk:
                    raise OSError(f"{info.filename}: the source package shrank while copying")
                dst.write(chunk)
                left -= len(chunk)
        offset += len(header) + len(name) + len(extra) + packed_size
    directory = b"".join(central)
    dst.write(directory)
    dst.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                        offset, len(comment)) + comment)


def _zip_name(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    flags = info.flag_bits & ~0x08
    try:
        return info.filename.encode("ascii"), flags
    except UnicodeEncodeError:
        pass
    if not flags & 0x800:
        try:
            return info.filename.encode("cp437"), flags
        except UnicodeEncodeError:
            pass
    return info.filename.encode("utf-8"), flags | 0x800


def _strip_zip64(extra: bytes) -> bytes:
    out = bytearray()
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack("<HH", extra[at:at + 4])
        if kind != 0x0001:
            out += extra[at:at + 4 + length]
        at += 4 + length
    return bytes(out)
