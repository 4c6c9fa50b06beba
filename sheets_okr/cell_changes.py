"""The cells a change set writes, in order: single cell changes, and runs of changed cells
down one column held as columns of values rather than an object a cell (a computed
column can change in every row of a long table)."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, overload

from .model import a1


@dataclass(frozen=True, slots=True)
class CellChange:
    """Put ``value`` into one cell.

    ``value`` is None (clear), a number, a date, a str or a :class:`~.changes.Formula`; a
    str is always literal text, never a formula. ``number_format`` is applied only where
    the cell has no format of its own yet. ``header`` marks the header cell of an appended
    column.
    """

    tab: str
    row: int
    col: int
    value: Any
    number_format: str | None = None
    old: Any = None
    header: bool = False

    @property
    def cell(self) -> str:
        return a1(self.row, self.col)


class ColumnRun:
    """Changed cells of column ``col`` of tab ``tab`` in rows that go down the sheet: the
    rows, the values, the values they replace and the number formats, a column each (one
    format for all until two differ, no values replaced until one is not empty).

    >>> run = ColumnRun("KRs", 3)
    >>> run.add(5, 0.5, "0%", None); run.add(9, 0.75, "0%", 0.7)
    >>> [(c.cell, c.value, c.old) for c in run], run.find(9), run.find(6)
    ([('C5', 0.5, None), ('C9', 0.75, 0.7)], 1, -1)
    """

    __slots__ = ("tab", "col", "rows", "values", "_olds", "_format", "_formats")

    def __init__(self, tab: str, col: int) -> None:
        self.tab, self.col = tab, col
        self.rows = array("l")
        self.values: list[Any] = []
        self._olds: list[Any] | None = None
        self._format: str | None = None
        self._formats: list[str | None] | None = None

    def add(self, row: int, value: Any, number_format: str | None, old: Any) -> None:
        """Add the cell of row ``row``, below every row the run holds."""
        if self.rows and row <= self.rows[-1]:
            raise ValueError(f"row {row} is not below row {self.rows[-1]}")
        if self._formats is not None:
            self._formats.append(number_format)
        elif not self.rows:
            self._format = number_format
        elif number_format != self._format:
            self._formats = [self._format] * len(self.rows) + [number_format]
        if self._olds is not None:
            self._olds.append(old)
        elif old is not None:
            self._olds = [None] * len(self.rows) + [old]
        self.rows.append(row)
        self.values.append(value)

    def copy(self) -> ColumnRun:
        """A run of the same cells that goes on apart from this one."""
        run = ColumnRun(self.tab, self.col)
        run.rows, run.values = array("l", self.rows), list(self.values)
        run._olds = None if self._olds is None else list(self._olds)
        run._format = self._format
        run._formats = None if self._formats is None else list(self._formats)
        return run

    def follows(self, tab: str, row: int, col: int) -> bool:
        """Whether the cell (``tab``, ``row``, ``col``) can be added to the run."""
        return col == self.col and tab == self.tab and row > self.rows[-1]

    def number_format(self, n: int) -> str | None:
        """The number format of the run's ``n``-th cell."""
        return self._format if self._formats is None else self._formats[n]

    def change(self, n: int) -> CellChange:
        """The run's ``n``-th cell as a cell change."""
        return CellChange(self.tab, self.rows[n], self.col, self.values[n],
                          self.number_format(n), None if self._olds is None else self._olds[n])

    def find(self, row: int) -> int:
        """The place in the run of the cell of row ``row`` (-1 when the run has none)."""
        n = bisect_left(self.rows, row)
        return n if n < len(self.rows) and self.rows[n] == row else -1

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[CellChange]:
        return map(self.change, range(len(self.rows)))

    def __repr__(self) -> str:
        return f"ColumnRun({self.tab!r}, {self.col}, {len(self)} cells)"


Entry = CellChange | ColumnRun


class CellChanges:
    """The cell changes of a change set in the order they were given, iterated as
    :class:`CellChange` objects (made as they are asked for); cells given with
    :meth:`put` down one column are held as a :class:`ColumnRun`.

    >>> cells = CellChanges([CellChange("T", 1, 1, "ID")])
    >>> for row in (2, 3, 4):
    ...     cells.put("T", row, 2, row * 10)
    >>> cells.append(CellChange("T", 2, 5, "x"))
    >>> len(cells), [c.cell for c in cells], [type(e).__name__ for e in cells.entries]
    (5, ['A1', 'B2', 'B3', 'B4', 'E2'], ['CellChange', 'ColumnRun', 'CellChange'])
    >>> cells == [*cells], cells[1].value, cells[-1].cell
    (True, 20, 'E2')
    """

    __slots__ = ("entries", "_count")

    def __init__(self, changes: Iterable[CellChange] = ()) -> None:
        self.entries: list[Entry] = []
        self._count = 0
        self.extend(changes)

    def append(self, change: CellChange) -> None:
        self._settle()
        self.entries.append(change)
        self._count += 1

    def extend(self, changes: Iterable[CellChange]) -> None:
        """Add ``changes`` in order; the column runs of another :class:`CellChanges`
        are taken over as runs (its last one copied: either side may go on with it)."""
        if isinstance(changes, CellChanges):
            if changes is self:
                changes = list(changes)
            else:
                self._settle()
                entries = changes.entries
                if entries and type(entries[-1]) is ColumnRun:
                    entries = [*entries[:-1], entries[-1].copy()]
                self.entries.extend(entries)
                self._count += changes._count
                return
        for change in changes:
            self.append(change)

    def put(self, tab: str, row: int, col: int, value: Any,
            number_format: str | None = None, old: Any = None) -> None:
        """Add a change of cell (``tab``, ``row``, ``col``): to the column run it
        continues, else as the start of a new one."""
        entries = self.entries
        last = entries[-1] if entries else None
        if type(last) is not ColumnRun or not last.follows(tab, row, col):
            self._settle()
            last = ColumnRun(tab, col)
            entries.append(last)
        last.add(row, value, number_format, old)
        self._count += 1

    def _settle(self) -> None:
        """Hold a run of one cell, which nothing can continue now, as a cell change."""
        entries = self.entries
        if entries and type(entries[-1]) is ColumnRun and len(entries[-1]) == 1:
            entries[-1] = entries[-1].change(0)

    def __iter__(self) -> Iterator[CellChange]:
        for entry in self.entries:
            if type(entry) is ColumnRun:
                yield from entry
            else:
                yield entry

    def __len__(self) -> int:
        return self._count

    def count_outside(self, tab: str) -> int:
        """How many of the changes are on tabs other than ``tab`` (counted a run at a
        time).

        >>> cells = CellChanges([CellChange("T", 1, 1, "ID"), CellChange("S", 1, 1, 0)])
        >>> for row in (2, 3, 4):
        ...     cells.put("T", row, 2, row)
        >>> cells.count_outside("S"), cells.count_outside("T")
        (4, 1)
        """
        return sum(len(entry) if type(entry) is ColumnRun else 1
                   for entry in self.entries if entry.tab != tab)

    def __bool__(self) -> bool:
        return self._count > 0

    @overload
    def __getitem__(self, index: int) -> CellChange: ...

    @overload
    def __getitem__(self, index: slice) -> list[CellChange]: ...

    def __getitem__(self, index: int | slice) -> CellChange | list[CellChange]:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (CellChanges, list, tuple)):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CellChanges({list(self)!r})"


Cell = tuple[int, Any, str | None, bool]
"""One cell of a row's changes: column, value, number format, whether a header."""


def by_row(entries: Sequence[Entry]) -> tuple[list[int], Iterator[list[Cell]]]:
    """The rows ``entries`` change, in the order each is first changed, and each row's
    changed cells in the order given (made a row at a time, as they are asked for).

    >>> run = ColumnRun("T", 2)
    >>> run.add(3, "x", None, None); run.add(4, "y", None, None)
    >>> rows, cells = by_row([CellChange("T", 4, 1, 1), run, CellChange("T", 4, 5, 2)])
    >>> rows, [[c[:2] for c in group] for group in cells]
    ([4, 3], [[(1, 1), (2, 'y'), (5, 2)], [(2, 'x')]])
    """
    rows = list(dict.fromkeys(chain.from_iterable(
        entry.rows if type(entry) is ColumnRun else (entry.row,) for entry in entries)))
    return rows, _groups(entries, rows)


def _groups(entries: Sequence[Entry], rows: list[int]) -> Iterator[list[Cell]]:
    runs = [(n, e) for n, e in enumerate(entries) if type(e) is ColumnRun]
    single: dict[int, list[tuple[int, Cell]]] = {}
    for n, e in enumerate(entries):
        if type(e) is not ColumnRun:
            single.setdefault(e.row, []).append((n, (e.col, e.value, e.number_format,
                                                     e.header)))
    cursors = [0] * len(runs)
    for row in rows:
        placed: list[tuple[int, Cell]] = []
        for k, (n, run) in enumerate(runs):
            at, held = cursors[k], run.rows
            if at < len(held) and held[at] == row:  # runs go down as rows mostly do
                cursors[k] = at + 1
            else:
                at = run.find(row)
                if at < 0:
                    continue
            placed.append((n, (run.col, run.values[at], run.number_format(at), False)))
        others = single.get(row)
        if others:
            placed.extend(others)
            placed.sort(key=_first)
        yield [cell for _, cell in placed]


def _first(pair: tuple[int, Cell]) -> int:
    return pair[0]
