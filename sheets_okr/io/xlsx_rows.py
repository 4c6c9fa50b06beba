"""The rows of a worksheet part kept as bytes: a row is parsed only when a change
touches it, and spliced back in place; and the rows of a tool-owned sheet, written whole."""

from __future__ import annotations

import bisect
import functools
import math
import re

from lxml import etree

from ..changes import SheetContent
from ..model import col_letter
from .xlsx_styles import MAX_TEXT, Encoded, Styles, encode_value, excel_text, temporal_format
from .xlsx_xml import PatchUnsupported, col_number, parse_range, w

ROW, CELL = w("row"), w("c")

_ROW_OPEN = re.compile(rb"<((?:[\w.-]+:)?row)\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*)>")
_ARRAY_REF = re.compile(rb"""(?=.*\bt\s*=\s*["']array["']).*\bref\s*=\s*["']([^"']+)["']""")
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
_TEXT_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
Cells = tuple[list[int], dict[int, etree._Element]]


class SheetRows:
    """The content of a sheetData element. ``holder`` is the sheetData start and end tags
    (with the worksheet's namespace declarations) that a row is parsed and written in."""

    def __init__(self, name: str, inner: bytes, holder: tuple[bytes, bytes]) -> None:
        self.name, self.inner = name, inner
        self._open, self._close = holder
        self.bounds: list[int] | None = None
        self._spans: dict[int, tuple[int, int]] | None = None
        self._numbers: list[int] = []
        self._rows: dict[int, etree._Element] = {}
        self.modified: set[int] = set()
        self._cells: dict[int, Cells] = {}

    def clear(self) -> None:
        """Drop every row."""
        self.inner, self._spans, self._numbers, self.bounds = b"", {}, [], None
        self._rows, self.modified, self._cells = {}, set(), {}

    def find(self, row: int, col: int) -> etree._Element | None:
        cells = self._row_cells(row)
        return None if cells is None else cells[1].get(col)

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """The ranges of the sheet's array formulas (spills included)."""
        out: list[tuple[int, int, int, int]] = []
        if b"array" not in self.inner:
            return out
        for match in _FORMULA_TAG.finditer(self.inner):
            ref = _ARRAY_REF.search(match.group(1))
            if ref and b":" in ref.group(1):
                out.append(parse_range(ref.group(1).decode()))
        return out

    def body(self) -> list[bytes | memoryview]:
        """The sheet's rows, in pieces to be joined: the original bytes, with edited rows
        spliced in their place and new rows inserted in order."""
        if not self.modified:
            return [self.inner] if self.inner else []
        inner = memoryview(self.inner)
        spans = self._spans or {}
        events = []
        for row in self.modified:
            if row in spans:
                events.append((spans[row][0], row, spans[row][1]))
            else:
                at = bisect.bisect(self._numbers, row)
                before = self._numbers[at] if at < len(self._numbers) else None
                start = spans[before][0] if before is not None else (
                    spans[self._numbers[-1]][1] if self._numbers else len(self.inner))
                events.append((start, row, start))
        pieces: list[bytes | memoryview] = []
        pos = 0
        for start, row, end in sorted(events):
            pieces.append(inner[pos:start])
            pieces.append(self._serialise(self._rows[row]))
            pos = end
        pieces.append(inner[pos:])
        return pieces

    def _serialise(self, row: etree._Element) -> bytes:
        data = etree.tostring(row.getparent(), encoding="UTF-8", xml_declaration=False)
        return data[data.index(b">") + 1:data.rindex(b"</")]

    def _index(self) -> dict[int, tuple[int, int]]:
        """Where each row of the original sheetData starts and ends, by row number: a row
        runs to the start of the next one (sheetData holds nothing but rows)."""
        if self._spans is None:
            inner = self.inner
            if b"<!" in inner or b"<?" in inner:
                raise PatchUnsupported(f"{self.name}: comments or CDATA among the rows")
            starts: list[int] = []
            numbers: list[int] = []
            for match in self._row_tags():
                number = _ROW_NUMBER.search(match.group(2))
                if number is None:
                    raise PatchUnsupported(f"{self.name}: a row without a row number")
                starts.append(match.start())
                numbers.append(int(number.group(1)))
            if starts and not inner.rstrip().endswith((b"/>", b"row>")):
                raise PatchUnsupported(f"{self.name}: the last row is not closed")
            ends = [*starts[1:], len(inner)] if starts else []
            spans = dict(zip(numbers, zip(starts, ends, strict=True), strict=True))
            if len(spans) < len(numbers):
                raise PatchUnsupported(f"{self.name}: a row appears twice")
            self._spans, self._numbers = spans, sorted(spans)
        return self._spans

    def _row_tags(self) -> list[re.Match[bytes]]:
        """The start tags of the rows: found fast by their literal name when every row
        closes with it, else by the slower pattern that allows any prefix."""
        prefix = self._close[2:-len(b"sheetData>")]
        fast = re.compile(rb"<(" + re.escape(prefix) + rb"row)\b([^>]*?)(/?)>")
        tags = list(fast.finditer(self.inner))
        closed = sum(1 for tag in tags if not tag.group(3))
        if self.inner.count(b"row>") == self.inner.count(b"</" + prefix + b"row>") == closed:
            return tags
        return list(_ROW_OPEN.finditer(self.inner))

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
                raise PatchUnsupported(f"{self.name}: row {row} is not well-formed "
                                       f"({exc})") from None
            element = holder[0] if span is not None else etree.SubElement(
                holder, ROW, {"r": str(row)})
            if element.tag != ROW:
                raise PatchUnsupported(f"{self.name}: row {row} is not a row")
            self._rows[row] = element
            if span is None:
                self.modified.add(row)
        return element

    def _row_cells(self, row: int) -> Cells | None:
        if row not in self._cells:
            element = self._row(row)
            if element is None:
                return None
            index: dict[int, etree._Element] = {}
            for cell in element.iterchildren(CELL):
                col = col_number(cell.get("r") or "")
                if not col:
                    raise PatchUnsupported(f"{self.name}: a cell without a reference")
                index[col] = cell
            self._cells[row] = (sorted(index), index)
        return self._cells[row]

    def create(self, row: int, col: int) -> etree._Element:
        element = self._row(row, create=True)
        assert element is not None
        self.modified.add(row)
        cells = self._row_cells(row)
        assert cells is not None
        cols, index = cells
        cell = element.makeelement(CELL, {"r": f"{_letters(col)}{row}"})
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


@functools.lru_cache(maxsize=1024)
def _letters(col: int) -> str:
    return col_letter(col)


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
            if value is None or value == "":
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
            if temporal is None:
                temporal = content.formats.get((r, c))
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
