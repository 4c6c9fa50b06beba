"""The rows of a worksheet part kept as bytes: a row is scanned only when a change
touches it, rewritten and spliced back in place; and the rows of a tool-owned sheet,
written whole."""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from ...changes import RangeFormats, SheetContent
from ...model import col_letter
from .cells import RowXml, cell_text
from .edited import EditedRows
from .ooxml import TEXT_ENTITIES, PatchUnsupported, parse_range
from .scan import RowScan, pick, scan_rows
from .styles import MAX_TEXT, Encoded, Styles, encode_value, excel_text, temporal_format

_ROW_OPEN = re.compile(rb"<((?:[\w.-]+:)?row)\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*)>")
_SPACE = frozenset(b" \t\r\n\x0b\x0c")
_ARRAY_REF = re.compile(rb"""(?=.*\bt\s*=\s*["']array["']).*\bref\s*=\s*["']([^"']+)["']""")


class SheetRows:
    """The content of a sheetData element: ``data[lo:hi]`` of the worksheet part ``data``
    (never copied out). ``holder`` is the sheetData start and end tags (with the
    worksheet's namespace declarations) of the sheet. Rows stay bytes: an edited row is
    rewritten as bytes and spliced back in its place. :meth:`release` lets the part's bytes
    go between edits; ``reload`` gives the same bytes back when they are needed again."""

    def __init__(self, name: str, data: bytes, lo: int, hi: int,
                 holder: tuple[bytes, bytes], reload: Callable[[], bytes] | None = None,
                 stream: Callable[[], Iterator[bytes]] | None = None) -> None:
        self.name = name
        self._data: bytes | None = data
        self.lo, self.hi = lo, hi
        self._reload, self._stream = reload, stream
        self._open, self._close = holder
        self.bounds: list[int] | None = None
        self._spans: RowSpans | None = None
        self._edited = EditedRows()
        self._block: tuple[int, int, Iterable[str]] | None = None
        self._scanned: tuple[bytes, RowScan] | None = None

    @property
    def data(self) -> bytes:
        """The worksheet part's bytes (read again when released)."""
        if self._data is None:
            if self._reload is None:
                raise PatchUnsupported(f"{self.name}: the sheet's rows were let go")
            self._data = self._reload()
        return self._data

    def hold(self) -> None:
        """Hold the part's bytes (read again if they were let go) until :meth:`release`."""
        self._data = self.data

    def release(self) -> None:
        """Let the part's bytes go until they are needed again (only when they can be read
        again)."""
        if self._reload is not None:
            self._data = None

    def empty(self) -> bool:
        """Whether the sheet holds no rows (as read, added or edited)."""
        return not self._edited and self._block is None and self.hi <= self.lo

    @property
    def modified(self) -> set[int]:
        return set(self._edited)

    def clear(self) -> None:
        """Drop every row."""
        self._data, self.lo, self.hi, self._reload, self._stream = b"", 0, 0, None, None
        self._spans, self.bounds = RowSpans(), None
        self._edited, self._block = EditedRows(), None

    def edit(self, row: int) -> RowXml:
        """Row ``row`` ready for editing (a new, empty row when the sheet has none);
        :meth:`store` puts it back."""
        return next(self.edits([row]))

    def edits(self, rows: list[int]) -> Iterator[RowXml]:
        """:meth:`edit` of each of ``rows`` in turn. The rows' bytes are read as they are
        asked for when the part was let go: in a pass over it for each run of rows that
        come in the part's order (up to :data:`PASSES` of them), else all before the
        first is given. Where each row lies is held as machine integers, not a tuple a
        row."""
        spans = self._index()
        found = array("q", map(spans.position, rows))
        there = array("q", (n for n in found if n >= 0))
        starts, ends = spans.starts, spans.ends
        fragments: Iterator[bytes]
        if self._data is not None or self._stream is None:
            data = self.data
            fragments = (data[starts[n]:ends[n]] for n in there)
        elif (runs := _ascending(starts, there)) and len(runs) <= PASSES:
            fragments = chain.from_iterable(
                pick(self._stream(), ((starts[n], ends[n]) for n in there[lo:hi]))
                for lo, hi in runs)
        else:
            order = sorted(set(there))
            held = dict(zip(order, pick(self._stream(), ((starts[n], ends[n]) for n in order)),
                            strict=True))
            fragments = (held[n] for n in there)
        for row, n in zip(rows, found, strict=True):
            self._outside_block(row)
            if n < 0:
                yield RowXml(row, None, self._close[2:-len(b"sheetData>")], self.name)
                continue
            fragment = next(fragments)
            tag = _ROW_OPEN.match(fragment)
            prefix = tag.group(1)[:-3] if tag else b""
            yield RowXml(row, fragment, prefix, self.name)

    def numbers(self) -> set[int]:
        """The numbers of the rows the sheet holds (as read, and as added)."""
        out = set(self._index()) | set(self._edited)
        if self._block is not None:
            out.update(range(self._block[0], self._block[1] + 1))
        return out

    def add(self, row: int, data: bytes, first_col: int, last_col: int) -> None:
        """Add a new row, ``data`` its whole XML, with cells from ``first_col`` to
        ``last_col``."""
        self._outside_block(row)
        self._edited[row] = data
        self._cover(row, first_col, row, last_col)

    def add_block(self, first: int, last: int, pieces: Iterable[str], first_col: int,
                  last_col: int) -> None:
        """Add rows ``first`` to ``last``, below every row the sheet holds, as their XML
        text in ``pieces``, with cells from ``first_col`` to ``last_col``."""
        held = self.numbers()
        if self._block is not None or (held and max(held) >= first):
            raise PatchUnsupported(f"{self.name}: rows added as a block must come last")
        self._block = (first, last, pieces)
        self._cover(first, first_col, last, last_col)

    def _cover(self, top: int, left: int, bottom: int, right: int) -> None:
        b = self.bounds
        self.bounds = [top, left, bottom, right] if b is None else [
            min(b[0], top), min(b[1], left), max(b[2], bottom), max(b[3], right)]

    def _outside_block(self, row: int) -> None:
        if self._block is not None and row >= self._block[0]:
            raise PatchUnsupported(f"{self.name}: row {row} is edited after rows were "
                                   "added below it as a block")

    def store(self, row: RowXml) -> None:
        """Put an edited row in place of the one it was read from."""
        self._edited[row.number] = row.bytes()
        if row.extent is not None:
            low, high = row.extent
            b, n = self.bounds, row.number
            self.bounds = [n, low, n, high] if b is None else [
                min(b[0], n), min(b[1], low), max(b[2], n), max(b[3], high)]

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """The ranges of the sheet's array formulas (spills included)."""
        out: list[tuple[int, int, int, int]] = []
        if self._data is None and self._stream is not None:
            return [parse_range(ref.decode()) for ref in self._scan(self._fast()).arrays]
        data = self.data
        if data.find(b"array", self.lo, self.hi) < 0:
            return out
        for match in _FORMULA_TAG.finditer(data, self.lo, self.hi):
            ref = _ARRAY_REF.search(match.group(1))
            if ref and b":" in ref.group(1):
                out.append(parse_range(ref.group(1).decode()))
        return out

    def body(self) -> list[bytes | memoryview | str]:
        """The sheet's rows, in pieces to be joined: the original bytes, with edited rows
        spliced in their place and new rows inserted in order."""
        return [*self._spliced(), *self._block_text()]

    def _spliced(self) -> list[bytes | memoryview]:
        data = memoryview(self.data)
        edited = self._edited
        return [data[piece[0]:piece[1]] if isinstance(piece, tuple) else edited[piece]
                for piece in self._layout()]

    def stream_body(self) -> Iterator[bytes | memoryview | str]:
        """:meth:`body`, the original bytes read a piece at a time when they were let go
        (never held whole)."""
        if self._data is not None or self._stream is None:
            yield from self._spliced()
            yield from self._block_text()
            return
        layout = self._layout()
        chunks = self._stream()
        chunk, begin, end = b"", 0, 0
        edited = self._edited
        for piece in layout:
            if not isinstance(piece, tuple):
                yield edited[piece]
                continue
            start, stop = piece
            while start < stop:
                while end <= start:
                    chunk = next(chunks, None)
                    if chunk is None:
                        raise PatchUnsupported(f"{self.name}: the sheet's part shrank")
                    begin, end = end, end + len(chunk)
                upto = min(stop, end)
                yield memoryview(chunk)[start - begin:upto - begin]
                start = upto
        for _ in chunks:  # read to the end: the part's CRC is checked there
            pass
        yield from self._block_text()

    def _block_text(self) -> Iterable[str]:
        """The text of the rows added as a block (made as it is asked for)."""
        return () if self._block is None else self._block[2]

    def _layout(self) -> Iterator[tuple[int, int] | int]:
        """:meth:`body` before the rows added as a block: ranges of the part's bytes
        (start, end) between the numbers of the edited rows, in order."""
        lo, hi = self.lo, self.hi
        if not self._edited:
            if hi > lo:
                yield (lo, hi)
            return
        spans = self._index()
        numbers = spans.numbers

        def place(row: int) -> tuple[int, int]:
            span = spans.get(row)
            if span is not None:
                return span
            at = bisect.bisect(numbers, row)
            start = spans[numbers[at]][0] if at < len(numbers) else (
                spans[numbers[-1]][1] if numbers else hi)
            return start, start

        pos = lo
        for row in sorted(self._edited, key=lambda r: (place(r)[0] << 21) | r):
            start, end = place(row)
            yield (pos, start)
            yield row
            pos = end
        yield (pos, hi)

    def _index(self) -> RowSpans:
        """Where each row of the original sheetData starts and ends in the part, by row
        number: a row runs to the start of the next one (sheetData holds nothing but
        rows)."""
        if self._spans is None and self._data is None and self._stream is not None:
            self._spans = self._streamed_index()
        if self._spans is None:
            data, lo, hi = self.data, self.lo, self.hi
            if data.find(b"<!", lo, hi) >= 0 or data.find(b"<?", lo, hi) >= 0:
                raise PatchUnsupported(f"{self.name}: comments or CDATA among the rows")
            prefix = self._close[2:-len(b"sheetData>")]
            fast = self._fast()
            starts, numbers, closed = self._row_starts(fast)
            if not data.count(b"row>", lo, hi) == data.count(b"</" + prefix + b"row>", lo,
                                                            hi) == closed:
                starts, numbers, _ = self._row_starts(_ROW_OPEN)
            last = hi
            while last > lo and data[last - 1] in _SPACE:
                last -= 1
            if starts and not data.endswith((b"/>", b"row>"), lo, last):
                raise PatchUnsupported(f"{self.name}: the last row is not closed")
            spans = RowSpans(numbers, starts, hi)
            if spans.repeated:
                raise PatchUnsupported(f"{self.name}: a row appears twice")
            self._spans = spans
        return self._spans

    def _fast(self) -> re.Pattern[bytes]:
        """The row start tag by the name the sheetData's end tag gives it."""
        prefix = self._close[2:-len(b"sheetData>")]
        return re.compile(rb"<(" + re.escape(prefix) + rb"row)\b([^>]*?)(/?)>")

    def _scan(self, pattern: re.Pattern[bytes]) -> RowScan:
        """One pass over the rows of the part let go (see :func:`.scan.scan_rows`)."""
        assert self._stream is not None
        if self._scanned is not None and self._scanned[0] == pattern.pattern:
            return self._scanned[1]
        prefix = self._close[2:-len(b"sheetData>")]
        scan = scan_rows(self._stream(), self.lo, self.hi, pattern, b"</" + prefix + b"row>",
                         _FORMULA_TAG, _ARRAY_REF,
                         None if pattern.pattern == _ROW_OPEN.pattern else prefix + b"row")
        self._scanned = (pattern.pattern, scan)
        return scan

    def _streamed_index(self) -> RowSpans:
        """:meth:`_index` of a part let go, read a piece at a time (as the part's bytes
        would be searched)."""
        scan = self._scan(self._fast())
        if scan.odd:
            raise PatchUnsupported(f"{self.name}: comments or CDATA among the rows")
        if not scan.unnumbered and not scan.row_ends == scan.end_tags == scan.closed:
            scan = self._scan(_ROW_OPEN)
        self._scanned = None
        if scan.unnumbered:
            raise PatchUnsupported(f"{self.name}: a row without a row number")
        if scan.starts and not scan.last.endswith((b"/>", b"row>")):
            raise PatchUnsupported(f"{self.name}: the last row is not closed")
        spans = RowSpans(scan.numbers, scan.starts, self.hi)
        if spans.repeated:
            raise PatchUnsupported(f"{self.name}: a row appears twice")
        return spans

    def _row_starts(self, pattern: re.Pattern[bytes]) -> tuple[array, array, int]:
        """Where the start tags of the rows (found by ``pattern``: fast by their literal
        name when every row closes with it, else by the slower pattern that allows any
        prefix) start, their row numbers, and how many rows are closed by an end tag."""
        starts = array("q")
        numbers = array("q")
        closed = 0
        for match in pattern.finditer(self.data, self.lo, self.hi):
            number = _ROW_NUMBER.search(match.group(2))
            if number is None:
                raise PatchUnsupported(f"{self.name}: a row without a row number")
            starts.append(match.start())
            numbers.append(int(number.group(1)))
            closed += not match.group(3)
        return starts, numbers, closed


PASSES = 8
"""Passes over a part let go to read the rows an edit touches, before they are read all
at once."""


def _ascending(starts: array, there: array) -> list[tuple[int, int]]:
    """``there`` (places in ``starts``) cut into runs that each go forward through the
    part: each run as the slice of ``there`` it takes."""
    runs: list[tuple[int, int]] = []
    lo = 0
    for k in range(1, len(there)):
        if starts[there[k]] <= starts[there[k - 1]]:
            runs.append((lo, k))
            lo = k
    if there:
        runs.append((lo, len(there)))
    return runs


class RowSpans:
    """Where each row of a sheetData starts and ends (a row runs to the start of the row
    after it in the part), by row number: arrays of machine integers, sorted by row
    number, rather than a tuple per row."""

    __slots__ = ("numbers", "starts", "ends", "repeated")

    def __init__(self, numbers: array | None = None, starts: array | None = None,
                 hi: int = 0) -> None:
        numbers = numbers if numbers is not None else array("q")
        starts = starts if starts is not None else array("q")
        ends = starts[1:]
        if starts:
            ends.append(hi)
        if numbers.tolist() != sorted(numbers):  # (rows in order are kept as they are)
            order = sorted(range(len(numbers)), key=numbers.__getitem__)
            numbers = array("q", (numbers[i] for i in order))
            starts = array("q", (starts[i] for i in order))
            ends = array("q", (ends[i] for i in order))
        self.numbers, self.starts, self.ends = numbers, starts, ends
        self.repeated = len(set(numbers)) < len(numbers)

    def get(self, row: int) -> tuple[int, int] | None:
        at = self.position(row)
        return None if at < 0 else (self.starts[at], self.ends[at])

    def position(self, row: int) -> int:
        """Where row ``row`` is in :attr:`starts` and :attr:`ends`; -1 when it is not."""
        at = bisect.bisect_left(self.numbers, row)
        if at == len(self.numbers) or self.numbers[at] != row:
            return -1
        return at

    def __getitem__(self, row: int) -> tuple[int, int]:
        span = self.get(row)
        if span is None:
            raise KeyError(row)
        return span

    def __contains__(self, row: object) -> bool:
        return isinstance(row, int) and self.get(row) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)


CHUNK = 512
"""Rows of a tool-owned sheet joined into one piece of text."""


class RenderedRows:
    """The rows of a tool-owned sheet, measured now and turned into sheetData children
    only when the sheet is written (:meth:`pieces`), so that a run holds the text of one
    sheet at a time. Measuring works out what the sheet's XML needs before its rows: the
    dimension ref and the cells written; and it gives every cell format the rows ask for
    its number in the order the cells come, as writing them did."""

    def __init__(self, content: SheetContent, styles: Styles, date1904: bool,
                 prefix: str = "") -> None:
        self.content, self.date1904, self.prefix = content, date1904, prefix
        self.styles_for: dict[tuple[str | None, bool], str] = {}
        self._odd: dict[tuple[type, Any], tuple[Encoded, str | None]] = {}
        bold_rows = set(content.bold_rows)
        formats = content.formats
        formatted = _formatted_columns(formats)
        styles_for = self.styles_for
        last_row = last_col = written = width = 0
        for r, line in enumerate(content.rows, start=1):
            bold = r in bold_rows
            if len(line) > width:
                width = len(line)
            for c, value in enumerate(line, start=1):
                if value is None or value == "":
                    continue
                written += 1
                kind = type(value)
                temporal = None
                plain = True
                if kind is str and 0 < len(value) <= MAX_TEXT or kind is int:
                    pass
                elif kind is float and math.isfinite(value):
                    pass
                else:
                    encoded, temporal = self._encode(value)
                    plain = encoded is not None
                if temporal is None and c in formatted:
                    temporal = formats.get((r, c))
                key = (temporal, bold)
                if key not in styles_for:
                    style_id = 0 if key == (None, False) else styles.derive(
                        0, number_format=temporal, bold=bold)
                    styles_for[key] = f' s="{style_id}"' if style_id else ""
                if not plain and not styles_for[key]:
                    continue
                if c > last_col:
                    last_col = c
                last_row = r
        self.width = width
        self.written = written
        self.empty = last_row == 0
        self.ref = f"A1:{col_letter(last_col)}{last_row}" if last_row and (
            last_row, last_col) != (1, 1) else "A1"

    def _encode(self, value: Any) -> tuple[Encoded, str | None]:
        """A value other than plain text or a number, encoded, and its own format (once
        per distinct value: a column of dates repeats a few)."""
        try:
            key = (type(value), value)
            hit = self._odd.get(key)
        except TypeError:
            return encode_value(value, self.date1904), temporal_format(value)
        if hit is None:
            hit = self._odd[key] = (encode_value(value, self.date1904),
                                    temporal_format(value))
        return hit

    def pieces(self) -> Iterator[str]:
        """The rows as sheetData children, in pieces of up to :data:`CHUNK` rows. Text,
        whole numbers and finite floats (most cells) are written here, each distinct
        text escaped once; other values as :func:`~.cells.cell_text` writes them."""
        content, p = self.content, self.prefix
        rows: list[str] = []
        styles_for = self.styles_for
        formats = content.formats
        bold_rows = set(content.bold_rows)
        letters = [""] + [col_letter(c) for c in range(1, self.width + 1)]
        formatted = _formatted_columns(formats)
        escaped: dict[str, str] = {}
        start, is_text = f'<{p}c r="', f' t="inlineStr"><{p}is><{p}t xml:space="preserve">'
        text_end, number, number_end = f"</{p}t></{p}is></{p}c>", f"><{p}v>", f"</{p}v></{p}c>"
        for r, line in enumerate(content.rows, start=1):
            cells: list[str] = []
            bold = r in bold_rows
            plain = styles_for.get((None, bold))
            for c, value in enumerate(line, start=1):
                if value is None or value == "":
                    continue
                kind = type(value)
                temporal = None
                if kind is str and 0 < len(value) <= MAX_TEXT:
                    encoded: Encoded = ("inlineStr", value)
                elif kind is int:
                    encoded = (None, str(value))
                elif kind is float and math.isfinite(value):
                    encoded = (None, repr(value))
                else:
                    encoded, temporal = self._encode(value)
                if temporal is None and c in formatted:
                    temporal = formats.get((r, c))
                style = plain if temporal is None and plain is not None else styles_for[
                    (temporal, bold)]
                if encoded is None:
                    if style:
                        cells.append(cell_text(p, f"{letters[c]}{r}", style, encoded))
                    continue
                kind_name, text = encoded
                if kind_name == "inlineStr" and kind is str:
                    body = escaped.get(text)
                    if body is None:
                        body = escaped[text] = excel_text(text).translate(TEXT_ENTITIES)
                    cells.append(f"{start}{letters[c]}{r}\"{style}{is_text}{body}{text_end}")
                elif kind_name is None and (kind is int or kind is float):
                    cells.append(f"{start}{letters[c]}{r}\"{style}{number}{text}{number_end}")
                else:
                    cells.append(cell_text(p, f"{letters[c]}{r}", style, encoded))
            if cells:
                rows.append(f'<{p}row r="{r}">{"".join(cells)}</{p}row>')
                if len(rows) == CHUNK:
                    yield "".join(rows)
                    rows.clear()
        if rows:
            yield "".join(rows)


def _formatted_columns(formats: Mapping[tuple[int, int], str]) -> set[int]:
    """The columns ``formats`` gives some cell a format in (no other cell need be
    looked up)."""
    if isinstance(formats, RangeFormats):
        return formats.columns()
    return {col for _, col in formats}


def render_rows(content: SheetContent, styles: Styles, date1904: bool,
                prefix: str = "") -> tuple[list[str], str, int]:
    """The rows of a tool-owned sheet as sheetData children, in pieces of up to
    :data:`CHUNK` rows, the dimension ref and the number of cells written."""
    rendered = RenderedRows(content, styles, date1904, prefix)
    return list(rendered.pieces()), rendered.ref, rendered.written
