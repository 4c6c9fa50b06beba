"""One worksheet part of an .xlsx package, edited row by row or rewritten whole."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from copy import deepcopy
from itertools import chain
from typing import Any

import numpy as np
from lxml import etree

from ...cell_changes import ColumnRun, by_row
from ...changes import AppendedRows, CellChange, SheetContent
from ...model import col_letter
from .cells import RowXml, cell_text
from .ooxml import (
    NS_MAIN,
    NS_REL,
    REL_ID,
    WORKSHEET_ORDER,
    XML_DECLARATION,
    PatchUnsupported,
    XmlPart,
    insert_ordered,
    parse_ref,
    w,
)
from .rows import CHUNK, RenderedRows, SheetRows
from .scan import outline
from .styles import (
    MAX_TEXT,
    TEMPORAL_FORMATS,
    Encoded,
    Styles,
    encode_value,
    excel_text,
    is_date_format,
    temporal_format,
)

MAX_ROW, MAX_COL = 1_048_576, 16_384
DEFAULT_WIDTH = 13.0
NEW_SHEET = (XML_DECLARATION + (
    f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetViews><sheetView '
    'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '</worksheet>').encode())

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?sheetData)\s*(/?>)")
_ATTR_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;"})


class Sheet:
    """One worksheet part. Its rows stay bytes: only the rows a change touches are scanned,
    rewritten and spliced back in place, and a tool-owned sheet's rows are written whole."""

    def __init__(self, name: str, data: bytes | None, styles: Styles, date1904: bool,
                 reload: Callable[[], bytes] | None = None,
                 stream: Callable[[], Iterator[bytes]] | None = None) -> None:
        """``reload`` reads ``data`` again: the rows' bytes are then let go between edits
        (:meth:`release`); ``stream`` reads it again a piece at a time (for writing the
        rows let go)."""
        self.styles, self.date1904 = styles, date1904
        held: bytes | None = data
        if data is None:
            if stream is None:
                raise ValueError("a sheet needs its part's bytes or a stream of them")
            shape = outline(name, stream())
            lo, hi = shape.lo, shape.hi
            self.xml = XmlPart(name, shape.head + b"<" + shape.tag + b"/>" + shape.tail)
        else:
            start = _SHEET_DATA.search(data)
            if start is None:
                raise PatchUnsupported(f"{name}: the worksheet has no sheetData")
            lo = hi = start.end()
            rest = start.end()
            if start.group(2) != b"/>":
                closing = b"</" + start.group(1) + b">"
                hi = data.find(closing, start.end())
                if hi < 0:
                    raise PatchUnsupported(f"{name}: the worksheet's sheetData is not closed")
                rest = hi + len(closing)
            self.xml = XmlPart(name, data[:start.start()] + b"<" + start.group(1) + b"/>"
                               + data[rest:])
        self.root = self.xml.root
        data_element = self.root.find(w("sheetData"))
        if self.root.tag != w("worksheet") or data_element is None:
            raise PatchUnsupported(f"{name}: not a transitional OOXML worksheet")
        self.data = data_element
        self.prefix = f"{self.root.prefix}:" if self.root.prefix else ""
        declarations = "".join(
            f' xmlns{":" + key if key else ""}="{uri.translate(_ATTR_ENTITIES)}"'
            for key, uri in self.root.nsmap.items())
        self._close = f"</{self.prefix}sheetData>".encode()
        self.rows = SheetRows(name, held, lo, hi, (
            f"<{self.prefix}sheetData{declarations}>".encode(), self._close), reload, stream)
        self.formula_removed = False
        self.changed = False
        self.rendered: RenderedRows | None = None

    def set_cells(self, changes: Sequence[CellChange | ColumnRun]) -> None:
        """Apply cell changes with the openpyxl writer's style rules; each row a change
        touches is read and rewritten once, its changes applied in order."""
        for change in changes:
            rows = change.rows if type(change) is ColumnRun else (change.row,)
            if not (1 <= rows[0] and rows[-1] <= MAX_ROW and 1 <= change.col <= MAX_COL):
                row = next((r for r in rows if not 1 <= r <= MAX_ROW), rows[0])
                raise PatchUnsupported(f"cell ({row}, {change.col}) is outside the sheet")
        numbers, groups = by_row(changes)
        styles: dict[tuple[int, str | None, str | None], int] = {}
        for group, row in zip(groups, self.rows.edits(numbers), strict=True):
            if any([self._set(row, *cell, styles) for cell in group]):
                self.rows.store(row)
                self.changed = True

    def append_rows(self, block: AppendedRows, after: int) -> int:
        """Write ``block``'s rows below row ``after``, each as new sheet rows are written
        (a row already in the sheet, empty or formatted, takes the cells as changes);
        the number of cells written. The rows below every row the sheet has are written
        a column at a time, as one block of text."""
        if after + len(block.rows) > MAX_ROW:
            raise PatchUnsupported(f"row {max(after + 1, MAX_ROW + 1)} is outside the sheet")
        existing = self.rows.numbers()
        split = min(max(max(existing, default=0) - after, 0), len(block.rows))
        if split:
            self.rows.hold()  # rows already there are edited one by one
        written = self._append_one_by_one(block, after, block.rows[:split], existing)
        rest = block.rows[split:]
        if rest:
            columns = _BlockColumns(self, block, [values[split:] for values in
                                                  block.by_column()])
            if columns.writable():
                written += columns.write(after + split + 1)
            else:
                written += self._append_one_by_one(block, after + split, rest, existing)
        self.changed = self.changed or written > 0
        return written

    def _append_one_by_one(self, block: AppendedRows, after: int,
                           rows: tuple[tuple[Any, ...], ...], existing: set[int]) -> int:
        """Write ``rows`` below row ``after`` one row at a time."""
        written = 0
        cells = _CellWriter(self, dict(block.formats))
        for number, values in enumerate(rows, start=after + 1):
            if number in existing:
                written += self._put_row_cells(block, number, values)
                continue
            row = str(number)
            xml = [cells(col, row, value)
                   for col, value in enumerate(values, start=block.first_col)
                   if value is not None]
            if xml:
                used = [c for c, v in enumerate(values, start=block.first_col) if v is not None]
                p = self.prefix
                self.rows.add(number, f'<{p}row r="{row}">{"".join(xml)}</{p}row>'.encode(),
                              used[0], used[-1])
                written += len(xml)
        return written

    def _put_row_cells(self, block: AppendedRows, number: int, values: tuple[Any, ...]) -> int:
        formats = dict(block.formats)
        changes = [CellChange(block.tab, number, col, value, formats.get(col))
                   for col, value in enumerate(values, start=block.first_col)
                   if value is not None]
        self.set_cells(changes)
        return len(changes)

    def _set(self, row: RowXml, col: int, value: Any, number_format: str | None,
             header: bool, styles: dict[tuple[int, str | None, str | None], int]) -> bool:
        """Put ``value`` into column ``col`` of its row (``header``: the header cell of
        an appended column); whether the row changed. ``styles`` remembers the style
        each (style, number format, value's own format) comes to."""
        kind = type(value)
        temporal: str | None = None
        encoded: Encoded
        if kind is float and math.isfinite(value):  # the common values, without the
            encoded = None, repr(value)             # general rules' tests
        elif kind is int:
            encoded = None, str(value)
        elif kind is str and 0 < len(value) <= MAX_TEXT:
            encoded = "inlineStr", excel_text(value)
        else:
            encoded = encode_value(value, self.date1904)
            temporal = temporal_format(value)
        cell = row.cell(col)
        old_style = style = 0 if cell is None else cell.style
        if header and col > 1:
            left = row.cell(col - 1)
            if left is not None and left.style:
                style = self.styles.derive(style, like=left.style)
            width = self._width(col - 1) or DEFAULT_WIDTH
            self._set_width(col, max(width, len(str(value)) + 4))
            self.changed = True
        key = (style, number_format, temporal)
        if key not in styles:
            styles[key] = self._styled(*key)
        style = styles[key]
        if cell is None:
            if encoded is None and style == old_style:
                return False
            ref = f"{_letters(col)}{row.number}"
            text = cell_text(row.prefix.decode(), ref, f' s="{style}"' if style else "",
                             encoded)
            row.create(col, text.encode())
            return True
        if style != old_style:
            cell.set(b"s", str(style).encode())
        formula = cell.formula()
        if formula is not None:
            _refuse_shared(formula, f"{col_letter(col)}{row.number}")
            self.formula_removed = True
        cell.put(encoded)
        return True

    def _styled(self, style: int, number_format: str | None, temporal: str | None) -> int:
        """``style``, or one derived from it with the number format a value needs: a
        date format for a date where the cell has none, ``number_format`` where the cell
        shows General."""
        code = self.styles.code(style)
        wanted = None
        if temporal and not is_date_format(code):
            wanted = temporal
        if number_format and code == "General":
            wanted = number_format
        if wanted is not None and wanted != code:
            return self.styles.derive(style, number_format=wanted)
        return style

    def replace(self, content: SheetContent) -> int:
        """Replace the sheet's cells, column widths and pane with a tool-owned sheet."""
        rendered = RenderedRows(content, self.styles, self.date1904, self.prefix)
        ref, written = rendered.ref, rendered.written
        self.rows.clear()
        self.rendered, self.changed = rendered, True
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

    def release(self) -> None:
        """Let the rows' bytes go until the part is packed (or edited again)."""
        self.rows.release()

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
        return self.rows.array_ranges()

    def bytes(self) -> bytes:
        return b"".join(piece.encode() if isinstance(piece, str) else piece
                        for piece in self.pieces())

    def pieces(self) -> Iterator[bytes | memoryview | str]:
        """The part's XML in pieces, in order; the XML around the rows is worked out now
        (PatchUnsupported when the rows cannot be placed), the rows when they are asked
        for: a tool-owned sheet's rows are written then, as text."""
        if self.rows.bounds is not None:
            self._cover(self.rows.bounds)
        data = self.xml.bytes()
        if self.rendered.empty if self.rendered is not None else self.rows.empty():
            return iter([data])
        tag = f"{self.prefix}sheetData"
        empty = f"<{tag}/>".encode()
        at = data.find(empty)
        if at < 0 or data.find(empty, at + 1) >= 0:
            raise PatchUnsupported(f"{self.xml.name}: cannot place the rows")
        rows = self.rendered.pieces() if self.rendered is not None else self._body()
        return chain([data[:at], f"<{tag}>".encode()], rows,
                     [self._close, data[at + len(empty):]])

    def _body(self) -> Iterator[bytes | memoryview | str]:
        yield from self.rows.stream_body()

    def _first_view(self) -> etree._Element:
        views = self.root.find(w("sheetViews"))
        if views is None:
            views = self.root.makeelement(w("sheetViews"), {})
            insert_ordered(self.root, views, WORKSHEET_ORDER)
        return etree.SubElement(views, w("sheetView"), {"workbookViewId": "0"})

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
        """Widen the sheet's dimension to ``bounds`` (top, left, bottom, right). A sheet
        without one that held rows is left without (the element is optional, and one
        spanning only the rows written would hide the others from readers that trust
        it)."""
        dimension = self.root.find(w("dimension"))
        if dimension is None and self.rows.hi > self.rows.lo:
            return
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


class _CellWriter:
    """New cells' XML for appended rows: what follows a cell's reference is worked out
    once per column and value for repeated values (IDs, dates), once per column and type
    for numbers."""

    def __init__(self, sheet: Sheet, formats: dict[int, str]) -> None:
        self.sheet, self.formats = sheet, formats
        self.tails: dict[tuple[int, type, Any], str] = {}
        self.styles: dict[tuple[int, type], str] = {}

    def __call__(self, col: int, row: str, value: Any) -> str:
        start = f'<{self.sheet.prefix}c r="{_letters(col)}{row}"'
        kind = type(value)
        if kind is float or kind is int:
            style = self.styles.get((col, kind))
            if style is None:
                style = self.styles[(col, kind)] = self._tail(col, value)[0]
            encoded = encode_value(value) if kind is float else (None, str(value))
            if encoded is not None and encoded[0] is None:
                p = self.sheet.prefix
                return f"{start}{style}><{p}v>{encoded[1]}</{p}v></{p}c>"
        key = (col, kind, value)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = self._tail(col, value)[1]
        return start + tail

    def _tail(self, col: int, value: Any) -> tuple[str, str]:
        """The style attribute and the whole rest of a new cell holding ``value``."""
        sheet = self.sheet
        style = sheet._styled(0, self.formats.get(col), temporal_format(value))
        attr = f' s="{style}"' if style else ""
        text = cell_text(sheet.prefix, "", attr, encode_value(value, sheet.date1904))
        return attr, text[len(f'<{sheet.prefix}c r=""'):]


@functools.lru_cache(maxsize=4096)
def _letters(col: int) -> str:
    return col_letter(col)


def _refuse_shared(formula: dict[bytes, bytes], ref: str) -> None:
    kind = formula.get(b"t", b"normal").decode()
    span = formula.get(b"ref", b"").decode()
    if (kind == "shared" and span) or (kind in ("array", "dataTable") and ":" in span):
        raise PatchUnsupported(f"{ref} holds a {kind} formula that other cells depend on")


def _col_element(cols: etree._Element, col: int, width: str) -> etree._Element:
    return cols.makeelement(w("col"), {"min": str(col), "max": str(col), "width": width,
                                       "customWidth": "1"})


class _BlockColumns:
    """Appended rows below every row of the sheet, written a column at a time: a column
    of plain numbers with one style; any other column with the rest of each cell worked
    out once per distinct value. Each row's cells are then joined, and the rows handed
    to the sheet as one block, in pieces of :data:`~.rows.CHUNK` rows."""

    def __init__(self, sheet: Sheet, block: AppendedRows, columns: list[Sequence[Any]]
                 ) -> None:
        self.sheet, self.formats = sheet, dict(block.formats)
        self.first_col = block.first_col
        self.columns = [list(values) for values in columns]
        self.count = len(self.columns[0]) if self.columns else 0
        self.plain: dict[int, bool] = {}
        self.distinct: dict[int, dict[tuple[type, Any], None]] = {}

    def writable(self) -> bool:
        """Whether the columns can be written in any order: at most one number format is
        asked for (new cell formats are numbered in the order they are first needed),
        and the values of a column that is not plain numbers can be told apart."""
        wanted: set[str] = set()
        for col, values in enumerate(self.columns, start=self.first_col):
            types = set(map(type, values))
            kinds = types - {type(None)}
            given = self.formats.get(col)
            if given is not None and kinds:
                wanted.add(given)
            wanted.update(code for kind in kinds for base, code in TEMPORAL_FORMATS
                          if issubclass(kind, base))
            self.plain[col] = _plain_numbers(values, types)
            if not self.plain[col]:
                try:
                    self.distinct[col] = dict.fromkeys(zip(map(type, values), values, strict=True))
                except TypeError:
                    return False
        return len(wanted) <= 1

    def write(self, first: int) -> int:
        """Add the rows to the sheet, the first as row ``first``; the cells written
        (:meth:`writable` first)."""
        p = self.sheet.prefix
        cells = _CellWriter(self.sheet, self.formats)
        writers: list[Callable[[list[str], list[Any]], list[str]]] = []
        used = [col for col, values in enumerate(self.columns, start=self.first_col)
                if len(values) > values.count(None)]
        for col in used:
            start = f'<{p}c r="{_letters(col)}'
            if self.plain[col]:
                writers.append(_numbers(start, f'"{cells._tail(col, 0)[0]}><{p}v>',
                                        f"</{p}v></{p}c>"))
            else:
                writers.append(_values(start, {key: cells._tail(col, key[1])[1]
                                               for key in self.distinct[col]
                                               if key[1] is not None}))
        if not used:
            return 0
        columns = [self.columns[col - self.first_col] for col in used]
        top, bottom = (next(n for n in rows if any(c[n] is not None for c in columns))
                       for rows in (range(self.count), range(self.count - 1, -1, -1)))
        self.sheet.rows.add_block(first + top, first + bottom,
                                  _Later(lambda: self._text(first, columns, writers)),
                                  used[0], used[-1])
        return sum(len(values) - values.count(None) for values in self.columns)

    def _text(self, first: int, columns: list[list[Any]],
              writers: list[Callable[[list[str], list[Any]], list[str]]]) -> Iterator[str]:
        """The rows' XML, the first as row ``first``, in pieces of :data:`~.rows.CHUNK`
        rows; rows without a value are left out."""
        p = self.sheet.prefix
        for n in range(0, self.count, CHUNK):
            numbers = list(map(str, range(first + n, first + min(n + CHUNK, self.count))))
            texts = [write(numbers, values[n:n + CHUNK])
                     for values, write in zip(columns, writers, strict=True)]
            lines = list(map("".join, zip(*texts, strict=True)))
            marks = [k for k, line in enumerate(lines) if line]
            if marks:
                yield "".join(f'<{p}row r="{numbers[k]}">{lines[k]}</{p}row>' for k in marks)


class _Later:
    """Text made anew each time it is gone through (when the package is written)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Iterator[str]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[str]:
        return self.make()


def _numbers(start: str, middle: str, end: str) -> Callable[[list[str], list[Any]], list[str]]:
    """The text of a column of plain numbers (or empty cells) in ``rows``."""
    def write(rows: list[str], values: list[Any]) -> list[str]:
        return ["" if v is None else f"{start}{r}{middle}{v!r}{end}"
                for r, v in zip(rows, values, strict=True)]
    return write


def _values(start: str, tails: dict[tuple[type, Any], str]
            ) -> Callable[[list[str], list[Any]], list[str]]:
    """The text of a column of other values, the rest of each cell given by ``tails``."""
    def write(rows: list[str], values: list[Any]) -> list[str]:
        return ["" if v is None else f'{start}{r}"{tails[(type(v), v)]}'
                for r, v in zip(rows, values, strict=True)]
    return write


def _plain_numbers(values: list[Any], types: set[type]) -> bool:
    """Whether every value is an int or a finite float (or empty); ``types`` the values'
    types."""
    if not types <= {int, float, type(None)}:
        return False
    floats = [v for v in values if type(v) is float]
    return not floats or bool(np.isfinite(np.array(floats, dtype="float64")).all())
