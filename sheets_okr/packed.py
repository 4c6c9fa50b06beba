"""The rows of a sheet held packed: the whole sheet in one buffer, each row a marshalled
tuple, turned back into a list of Python values when asked for. For the tabs the tool
writes itself (Flags, Dashboard, History, its state tab), which can be as long as the
tables they describe and are read a few times over, never cell by cell."""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, overload

_PLAIN = frozenset({type(None), str, int, float, bool})
_COMMON = frozenset({str, date, datetime})


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


def _decode(data: bytes | memoryview, common: dict[Any, Any]) -> list[Any]:
    get = common.get
    return [get(v, v) if type(v) is str else _held(_unpack(v), get) if type(v) is tuple
            else v for v in marshal.loads(data)]


def _held(value: Any, get: Any) -> Any:
    return get(value, value)


SHORT = 40
"""Texts up to this length that recur in a tab (a type, a status, a tab's name) are held
once for every row that is read, as dates are."""


class PackedRows(Sequence[list[Any]]):
    """Rows packed into one buffer; indexing gives a new list each time (changing it
    changes nothing here), a slice gives a view. Rows holding a value marshal cannot
    (a time of day, a duration) are kept as they are.

    >>> rows = PackedRows([["Date", "Item"], [date(2026, 11, 9), "O1", 0.5], []])
    >>> len(rows), rows[1], rows[-1], list(rows[1:])
    (3, [datetime.date(2026, 11, 9), 'O1', 0.5], [], [[datetime.date(2026, 11, 9), 'O1', 0.5], []])
    >>> rows == [["Date", "Item"], [date(2026, 11, 9), "O1", 0.5], []]
    True
    """

    __slots__ = ("_common", "_data", "_ends", "_odd", "_start", "_stop")

    def __init__(self, rows: Iterable[Sequence[Any]] = ()) -> None:
        data = bytearray()
        ends = array("q")
        odd: dict[int, list[Any]] = {}
        seen: dict[Any, int] = {}
        dumps = marshal.dumps
        for n, row in enumerate(rows):
            for v in row:
                if type(v) in _COMMON and (type(v) is not str or len(v) <= SHORT):
                    seen[v] = seen.get(v, 0) + 1
            try:
                data += dumps(tuple([_pack(v) for v in row]))
            except _Odd:
                odd[n] = list(row)
            ends.append(len(data))
        self._common = {v: v for v, count in seen.items() if count > 1}
        self._data, self._ends, self._odd = bytes(data), ends, odd
        self._start, self._stop = 0, len(ends)

    def _view(self, start: int, stop: int) -> PackedRows:
        view = PackedRows.__new__(PackedRows)
        view._data, view._ends, view._odd = self._data, self._ends, self._odd
        view._common = self._common
        view._start, view._stop = start, stop
        return view

    def _row(self, n: int) -> list[Any]:
        """Row ``n`` of the whole buffer (not of a view)."""
        if n in self._odd:
            return list(self._odd[n])
        begin = self._ends[n - 1] if n else 0
        end = self._ends[n]
        return _decode(memoryview(self._data)[begin:end], self._common) if end > begin else []

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
        ends, odd, data, common = self._ends, self._odd, memoryview(self._data), self._common
        begin = ends[self._start - 1] if self._start else 0
        for n in range(self._start, self._stop):
            end = ends[n]
            if n in odd:
                yield list(odd[n])
            else:
                yield _decode(data[begin:end], common) if end > begin else []
            begin = end

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(
            a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedRows({len(self)} rows, {len(self._data):,} bytes)"
