"""The rows of a sheet held packed: a block of rows at a time, each column of the block
marshalled into one buffer, turned back into Python values a whole column at a time.
For the tabs the tool writes itself (Flags, Dashboard, History, its state tab), which can
be as long as the tables they describe and are read a few times over, never cell by cell.
"""

from __future__ import annotations

import marshal
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice, zip_longest
from typing import Any, overload

_PLAIN = frozenset({type(None), str, int, float, bool})
_DATES = frozenset({date, datetime})
_TEXT = frozenset({str})
BLOCK = 256
"""Rows packed together: a column of a block is one buffer."""
SHORT = 40
"""Texts up to this length that recur in a tab (a type, a status, a tab's name) are held
once for every row that is read, as dates are."""


class _Odd(Exception):
    """A value marshal cannot hold and this module does not know how to pack."""


def _pack(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is date:
        return (value.toordinal(),)
    if kind is datetime and value.tzinfo is None and not value.fold:
        return (value.toordinal(), value.hour, value.minute, value.second, value.microsecond)
    raise _Odd


def _unpack(value: tuple[int, ...]) -> date | datetime:
    if len(value) == 1:
        return date.fromordinal(value[0])
    day = date.fromordinal(value[0])
    return datetime(day.year, day.month, day.day, *value[1:])


def _held(value: Any, dates: dict[tuple[int, ...], Any]) -> Any:
    """``value``, or the equal date already held."""
    kind = type(value)
    if kind is date or kind is datetime:
        try:
            return dates.setdefault(_pack(value), value)
        except _Odd:
            return value
    return value


class _Column:
    """One column of a block: marshalled (``data``), or kept as the values themselves
    when one of them cannot be marshalled (a time of day, a duration); ``dated`` when
    dates were packed as tuples, ``texts`` when it holds texts. Equal texts of a column
    are marshalled once."""

    __slots__ = ("data", "dated", "texts")

    def __init__(self, values: tuple[Any, ...], dates: dict[tuple[int, ...], Any],
                 counts: Counter[str]) -> None:
        kinds = set(map(type, values))
        self.dated, self.texts = False, str in kinds
        if self.texts:
            keep: dict[str, str] = {}
            if kinds == _TEXT:
                values = tuple(map(keep.setdefault, values, values))
            else:
                put = keep.setdefault
                values = tuple([put(v, v) if type(v) is str else v for v in values])
            counts.update([v for v in keep if len(v) <= SHORT])
        if kinds <= _PLAIN:
            self.data: bytes | tuple[Any, ...] = marshal.dumps(values)
            return
        try:
            packed = tuple([_pack(v) for v in values])
        except _Odd:
            self.data = tuple([_held(v, dates) for v in values])
            return
        self.data, self.dated = marshal.dumps(packed), bool(kinds & _DATES)

    def values(self, dates: dict[tuple[int, ...], Any], common: dict[str, str]
               ) -> tuple[Any, ...] | list[Any]:
        """The column's values; equal dates are one object (held in ``dates``), and so
        are texts that recur in the tab (``common``)."""
        values = self.data if type(self.data) is tuple else marshal.loads(self.data)
        if self.texts and common:
            get = common.get
            values = [get(v, v) if type(v) is str else v for v in values]
        if not self.dated:
            return values
        got = dates.get
        out = []
        for v in values:
            if type(v) is tuple:
                held = got(v)
                if held is None:
                    held = dates[v] = _unpack(v)
                v = held
            out.append(v)
        return out


class _Block:
    """Up to :data:`BLOCK` rows: each row's length and the block's columns."""

    __slots__ = ("lengths", "columns")

    def __init__(self, rows: list[Sequence[Any]], dates: dict[tuple[int, ...], Any],
                 counts: Counter[str]) -> None:
        self.lengths = array("l", map(len, rows))
        width = max(self.lengths, default=0)
        self.columns = [_Column(values, dates, counts) for values in zip_longest(*rows)
                        ] if width else []

    def rows(self, dates: dict[tuple[int, ...], Any], common: dict[str, str],
             begin: int = 0, end: int | None = None) -> list[list[Any]]:
        """Rows ``begin`` to ``end`` of the block, as new lists."""
        stop = len(self.lengths) if end is None else end
        if not self.columns:
            return [[] for _ in range(begin, stop)]
        columns = [c.values(dates, common)[begin:stop] for c in self.columns]
        out = list(map(list, zip(*columns, strict=True)))
        width = len(columns)
        for n, length in enumerate(self.lengths[begin:stop]):
            if length < width:
                del out[n][length:]
        return out

    def column(self, col: int, dates: dict[tuple[int, ...], Any], common: dict[str, str]
               ) -> list[Any]:
        """Column ``col`` (from 0) of every row of the block, None where a row is
        shorter."""
        if col >= len(self.columns):
            return [None] * len(self.lengths)
        values = list(self.columns[col].values(dates, common))
        for n, length in enumerate(self.lengths):
            if length <= col:
                values[n] = None
        return values


class PackedRows(Sequence[list[Any]]):
    """Rows packed a block at a time; indexing gives a new list each time (changing it
    changes nothing here), a slice gives a view. The last block read is kept unpacked, so
    that rows asked for in order are unpacked once per block.

    >>> rows = PackedRows([["Date", "Item"], [date(2026, 11, 9), "O1", 0.5], []])
    >>> len(rows), rows[1], rows[-1], list(rows[1:])
    (3, [datetime.date(2026, 11, 9), 'O1', 0.5], [], [[datetime.date(2026, 11, 9), 'O1', 0.5], []])
    >>> rows == [["Date", "Item"], [date(2026, 11, 9), "O1", 0.5], []]
    True
    >>> rows.columns(2, first=1)
    [[datetime.date(2026, 11, 9), None], ['O1', None]]
    """

    __slots__ = ("_blocks", "_common", "_dates", "_last", "_size", "_start", "_stop")

    def __init__(self, rows: Iterable[Sequence[Any]] = ()) -> None:
        lines = iter(rows)
        self._blocks: list[_Block] = []
        self._dates: dict[tuple[int, ...], Any] = {}
        counts: Counter[str] = Counter()
        while block := list(islice(lines, BLOCK)):
            self._blocks.append(_Block(block, self._dates, counts))
        self._common = {v: v for v, n in counts.items() if n > 1 and len(v) <= SHORT}
        self._size = sum(len(b.lengths) for b in self._blocks)
        self._last: list[Any] = [-1, None]
        self._start, self._stop = 0, self._size

    def _view(self, start: int, stop: int) -> PackedRows:
        view = PackedRows.__new__(PackedRows)
        view._blocks, view._dates, view._size = self._blocks, self._dates, self._size
        view._common = self._common
        view._last = [-1, None]
        view._start, view._stop = start, stop
        return view

    def _block_rows(self, index: int) -> list[list[Any]]:
        if self._last[0] != index:
            self._last[:] = [index, self._blocks[index].rows(self._dates, self._common)]
        return self._last[1]

    def _row(self, n: int) -> list[Any]:
        """Row ``n`` of the whole buffer (not of a view)."""
        return list(self._block_rows(n // BLOCK)[n % BLOCK])

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[list[Any]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        size = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._view(self._start + start, self._start + max(start, stop))
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("row index out of range")
        return self._row(self._start + index)

    def __iter__(self) -> Iterator[list[Any]]:
        start, stop = self._start, self._stop
        for index in range(start // BLOCK, (stop + BLOCK - 1) // BLOCK):
            base = index * BLOCK
            yield from self._blocks[index].rows(self._dates, self._common,
                                                max(start - base, 0), min(stop - base, BLOCK))

    def columns(self, width: int, first: int = 0) -> list[list[Any]]:
        """The first ``width`` columns of the rows from ``first`` on, each as one list
        (None where a row is shorter), unpacked a column of a block at a time."""
        start, stop = self._start + first, self._stop
        out: list[list[Any]] = [[] for _ in range(width)]
        for index in range(start // BLOCK, (stop + BLOCK - 1) // BLOCK):
            block, base = self._blocks[index], index * BLOCK
            begin, end = max(start - base, 0), min(stop - base, BLOCK)
            for col in range(width):
                out[col].extend(block.column(col, self._dates, self._common)[begin:end])
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(
            a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        size = sum(len(c.data) if type(c.data) is bytes else 0 for b in self._blocks
                   for c in b.columns)
        return f"PackedRows({len(self)} rows, {size:,} bytes)"


class Texts(Sequence[str]):
    """Texts held as one buffer of UTF-8 and where each ends: a text is decoded when
    asked for, in any order, at the cost of that text alone.

    >>> texts = Texts(["score=1a2b", "", "état=ok"])
    >>> len(texts), texts[2], texts[1], list(texts)
    (3, 'état=ok', '', ['score=1a2b', '', 'état=ok'])
    """

    __slots__ = ("_data", "_ends")

    def __init__(self, texts: Iterable[str] = ()) -> None:
        data = bytearray()
        ends = array("q")
        for text in texts:
            data += text.encode("utf-8", "surrogatepass")
            ends.append(len(data))
        self._data, self._ends = bytes(data), ends

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        begin = self._ends[index - 1] if index else 0
        return self._data[begin:self._ends[index]].decode("utf-8", "surrogatepass")
