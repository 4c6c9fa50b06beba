"""One worksheet part of an .xlsx package, edited cell by cell or rewritten whole."""

from __future__ import annotations

import bisect
import math
import re
from copy import deepcopy

from lxml import etree

from ..changes import CellChange, SheetContent
from ..model import col_letter
from .xlsx_styles import (
    MAX_TEXT,
    Encoded,
    Styles,
    encode_value,
    excel_text,
    is_date_format,
    temporal_format,
)
from .xlsx_xml import (
    NS_MAIN,
    NS_REL,
    REL_ID,
    WORKSHEET_ORDER,
    XML_DECLARATION,
    PatchUnsupported,
    XmlPart,
    col_number,
    insert_ordered,
    parse_range,
    parse_ref,
    w,
)

MAX_ROW, MAX_COL = 1_048_576, 16_384
DEFAULT_WIDTH = 13.0
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ROW, CELL, VALUE, FORMULA, INLINE = (w(n) for n in ("row", "c", "v", "f", "is"))
NEW_SHEET = (XML_DECLARATION + (
    f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetViews><sheetView '
    'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '</worksheet>').encode())

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?sheetData)\s*(/?>)")
_ROW_OPEN = re.compile(rb"<((?:[\w.-]+:)?row)\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*)>")
_ARRAY_REF = re.compile(rb"""(?=.*\bt\s*=\s*["']array["']).*\bref\s*=\s*["']([^"']+)["']""")
_ATTR_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;"})
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
_TEXT_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class Sheet:
    """One worksheet part. Its rows stay bytes: only the rows a change touches are parsed,
    edited and spliced back in place, and a tool-owned sheet's rows are written whole."""

    def __init__(self, name: str, data: bytes, styles: Styles, date1904: bool) -> None:
        self.styles, self.date1904 = styles, date1904
        start = _SHEET_DATA.search(data)
        if start is None:
            raise PatchUnsupported(f"{name}: the worksheet has no sheetData")
        self.inner = b""
        if start.group(2) != b"/>":
            closing = b"</" + start.group(1) + b">"
            end = data.find(closing, start.end())
            if end < 0:
                raise PatchUnsupported(f"{name}: the worksheet's sheetData is not closed")
            self.inner = data[start.end():end]
            data = data[:start.start()] + b"<" + start.group(1) + b"/>" + data[
                end + len(closing):]
        self.xml = XmlPart(name, data)
        self.root = self.xml.root
        data_element = self.root.find(w("sheetData"))
        if self.root.tag != w("worksheet") or data_element is None:
            raise PatchUnsupported(f"{name}: not a transitional OOXML worksheet")
        self.data = data_element
        self.prefix = f"{self.root.prefix}:" if self.root.prefix else ""
        declarations = "".join(
            f' xmlns{":" + key if key else ""}="{uri.translate(_ATTR_ENTITIES)}"'
            for key, uri in self.root.nsmap.items())
        self._open = f"<{self.prefix}sheetData{declarations}>".encode()
        self._close = f"</{self.prefix}sheetData>".encode()
        self.formula_removed = False
        self.changed = False
        self.rows_xml: str | None = None
        self.bounds: list[int] | None = None
        self._spans: dict[int, tuple[int, int]] | None = None
        self._numbers: list[int] = []
        self._rows: dict[int, etree._Element] = {}
        self._modified: set[int] = set()
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
        self._modified.add(row)
        if style != old_style:
            cell.set("s", str(style))
        self._put(cell, encoded)

    def replace(self, content: SheetContent) -> int:
        """Replace the sheet's cells, column widths and pane with a tool-owned sheet."""
        xml, ref, written = render_rows(content, self.styles, self.date1904, self.prefix)
        self.inner, self._spans, self._numbers, self.bounds = b"", {}, [], None
        self._rows, self._modified, self._cells = {}, set(), {}
        self.rows_xml, self.changed = xml, True
        dimension = self.root.find(w("dimension"))
        if dimension is None:
            dimension = self.root.makeelement(w("dimension"), {})
            insert_ordered(self.root, dimension, WORKSHEET_ORDER)
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

    def drawing_id(self) -> str | None:
        """The relationship id of the sheet's drawing, if it has one."""
        element = self.root.find(w("drawing"))
        return None if element is None else element.get(REL_ID)

    def set_drawing(self, rid: str | None) -> None:
        """Point the sheet at the drawing of relationship ``rid`` (None: no drawing)."""
        for old in self.root.findall(w("drawing")):
            self.root.remove(old)
        if rid is not None:
            insert_ordered(self.root, self.root.makeelement(w("drawing"), {REL_ID: rid}),
                           WORKSHEET_ORDER)
        self.changed = True

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """The ranges of the sheet's array formulas (spills included)."""
        out = []
        for match in _FORMULA_TAG.finditer(self.inner):
            ref = _ARRAY_REF.search(match.group(1))
            if ref and b":" in ref.group(1):
                out.append(parse_range(ref.group(1).decode()))
        return out

    def bytes(self) -> bytes:
        if self.bounds is not None:
            self._cover(self.bounds)
        data = self.xml.bytes()
        rows = self.rows_xml.encode() if self.rows_xml is not None else self._body()
        if not rows:
            return data
        tag = f"{self.prefix}sheetData"
        empty = f"<{tag}/>".encode()
        if data.count(empty) != 1:
            raise PatchUnsupported(f"{self.xml.name}: cannot place the rows")
        return data.replace(empty, b"<" + tag.encode() + b">" + rows + self._close)

    def _body(self) -> bytes:
        """The sheet's rows: the original bytes, with edited rows spliced in their place
        and new rows inserted in order."""
        if not self._modified:
            return self.inner
        spans = self._spans or {}
        events = []
        for row in self._modified:
            if row in spans:
                events.append((spans[row][0], row, spans[row][1]))
            else:
                at = bisect.bisect(self._numbers, row)
                before = self._numbers[at] if at < len(self._numbers) else None
                start = spans[before][0] if before is not None else (
                    spans[self._numbers[-1]][1] if self._numbers else len(self.inner))
                events.append((start, row, start))
        pieces, pos = [], 0
        for start, row, end in sorted(events):
            pieces.append(self.inner[pos:start])
            pieces.append(self._serialise(self._rows[row]))
            pos = end
        pieces.append(self.inner[pos:])
        return b"".join(pieces)

    def _serialise(self, row: etree._Element) -> bytes:
        data = etree.tostring(row.getparent(), encoding="UTF-8", xml_declaration=False)
        return data[data.index(b">") + 1:data.rindex(b"</")]

    def _first_view(self) -> etree._Element:
        views = self.root.find(w("sheetViews"))
        if views is None:
            views = self.root.makeelement(w("sheetViews"), {})
            insert_ordered(self.root, views, WORKSHEET_ORDER)
        return etree.SubElement(views, w("sheetView"), {"workbookViewId": "0"})

    def _index(self) -> dict[int, tuple[int, int]]:
        """Where each row of the original sheetData starts and ends, by row number."""
        if self._spans is None:
            inner = self.inner
            if b"<!" in inner or b"<?" in inner:
                raise PatchUnsupported(f"{self.xml.name}: comments or CDATA among the rows")
            spans: dict[int, tuple[int, int]] = {}
            pos = 0
            while (match := _ROW_OPEN.search(inner, pos)) is not None:
                number = _ROW_NUMBER.search(match.group(2))
                if number is None:
                    raise PatchUnsupported(f"{self.xml.name}: a row without a row number")
                end = match.end()
                if not match.group(3):
                    closing = b"</" + match.group(1) + b">"
                    end = inner.find(closing, end)
                    if end < 0:
                        raise PatchUnsupported(f"{self.xml.name}: a row is not closed")
                    end += len(closing)
                row = int(number.group(1))
                if row in spans:
                    raise PatchUnsupported(f"{self.xml.name}: row {row} appears twice")
                spans[row] = (match.start(), end)
                pos = end
            self._spans, self._numbers = spans, sorted(spans)
        return self._spans

    def _row(self, row: int, create: bool = False) -> etree._Element | None:
        """The parsed row ``row`` (created empty with ``create``), None if it has none."""
        element = self._rows.get(row)
        if element is None:
            span = self._index().get(row)
            if span is None and not create:
                return None
            fragment = b"" if span is None else self.inner[span[0]:span[1]]
            try:
                holder = etree.fromstring(self._open + fragment + self._close, _PARSER)
            except etree.XMLSyntaxError as exc:
                raise PatchUnsupported(f"{self.xml.name}: row {row} is not well-formed "
                                       f"({exc})") from None
            element = holder[0] if span is not None else etree.SubElement(
                holder, ROW, {"r": str(row)})
            if element.tag != ROW:
                raise PatchUnsupported(f"{self.xml.name}: row {row} is not a row")
            self._rows[row] = element
            if span is None:
                self._modified.add(row)
        return element

    def _row_cells(self, row: int) -> tuple[list[int], dict[int, etree._Element]] | None:
        if row not in self._cells:
            element = self._row(row)
            if element is None:
                return None
            index: dict[int, etree._Element] = {}
            for cell in element.iterchildren(CELL):
                col = col_number(cell.get("r") or "")
                if not col:
                    raise PatchUnsupported(f"{self.xml.name}: a cell without a reference")
                index[col] = cell
            self._cells[row] = (sorted(index), index)
        return self._cells[row]

    def _find(self, row: int, col: int) -> etree._Element | None:
        cells = self._row_cells(row)
        return None if cells is None else cells[1].get(col)

    def _create(self, row: int, col: int) -> etree._Element:
        element = self._row(row, create=True)
        assert element is not None
        self._modified.add(row)
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
            low, _, high = spans.partition(":")
            if not (low.isdigit() and high.isdigit()):
                del element.attrib["spans"]
            elif not int(low) <= col <= int(high):
                element.set("spans", f"{min(int(low), col)}:{max(int(high), col)}")
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
            insert_ordered(self.root, dimension, WORKSHEET_ORDER)
            top, left, bottom, right = bounds
        else:
            ends = [parse_ref(p) for p in (dimension.get("ref") or "A1").split(":")]
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
    styles_for: dict[tuple[str | None, bool], str] = {}
    bold_rows = set(content.bold_rows)
    width = max((len(line) for line in content.rows), default=0)
    letters = [""] + [col_letter(c) for c in range(1, width + 1)]
    last_row = last_col = written = 0
    for r, line in enumerate(content.rows, start=1):
        cells: list[str] = []
        bold = r in bold_rows
        for c, value in enumerate(line, start=1):
            if value is None:
                continue
            written += 1
            kind = type(value)
            temporal = None
            if kind is str and 0 < len(value) <= MAX_TEXT:
                encoded: Encoded = ("inlineStr", excel_text(value))
            elif kind is int:
                encoded = (None, str(value))
            elif kind is float and math.isfinite(value):
                encoded = (None, repr(value))
            else:
                encoded = encode_value(value, date1904)
                temporal = temporal_format(value)
            key = (temporal, bold)
            if key not in styles_for:
                style_id = 0 if key == (None, False) else styles.derive(
                    0, number_format=temporal, bold=bold)
                styles_for[key] = f' s="{style_id}"' if style_id else ""
            style = styles_for[key]
            if encoded is None and not style:
                continue
            ref = f"{letters[c]}{r}"
            last_col = max(last_col, c)
            if encoded is None:
                cells.append(f'<{p}c r="{ref}"{style}/>')
            elif encoded[0] == "inlineStr":
                text = encoded[1].translate(_TEXT_ENTITIES)
                cells.append(f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t xml:space='
                             f'"preserve">{text}</{p}t></{p}is></{p}c>')
            else:
                t = f' t="{encoded[0]}"' if encoded[0] else ""
                cells.append(f'<{p}c r="{ref}"{style}{t}><{p}v>{encoded[1]}</{p}v></{p}c>')
        if cells:
            out.append(f'<{p}row r="{r}">{"".join(cells)}</{p}row>')
            last_row = r
    ref = f"A1:{col_letter(last_col)}{last_row}" if last_row and (last_row, last_col) != (1, 1) \
        else "A1"
    return "".join(out), ref, written


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
