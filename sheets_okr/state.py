"""The hidden state tab: fingerprints of the values this tool wrote last time, one row
per item (``column=fingerprint`` pairs joined by ``;``), so that a value a person typed
over a computed cell can be told from the tool's own."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, count
from typing import Any

from .changes import CellChange, ChangeSet, SheetContent, comparable
from .model import Grid, RawBook
from .packed import PackedRows, Texts
from .schema import STATE_TAB, normalize_name

STATE_HEADERS = ["Tab", "Item", "Written"]
StateKey = tuple[str, str, str]
RowKey = tuple[str, str]


class Marks:
    """The fingerprints read from the state tab: each item's pairs as written there (held
    packed as one buffer of text), parsed when first asked for."""

    def __init__(self, written: Sequence[str] = (),
                 at: dict[str, dict[str, int | tuple[int, ...]]] | None = None) -> None:
        """``at``: by table and item, the index in ``written`` of the item's pairs, or of
        its rows' pairs in order when it has several."""
        self._lines, self._at = written, at or {}
        self._parsed: dict[RowKey, dict[str, str]] = {}
        self._columns: dict[str, set[str]] = {}

    def _written(self, tab: str, item: str) -> str:
        at = self._at.get(tab, {}).get(item, ())
        if isinstance(at, int):
            return self._lines[at]
        return ";".join(self._lines[i] for i in at)

    def wrote(self, tab: str, column: str) -> bool:
        """Whether this tool has written ``column`` in any row of table ``tab``: the
        rows are read up to the first that holds it."""
        columns = self._columns.get(tab)
        if columns is not None:
            return column in columns
        needle = f"{column}="
        for item in self._at.get(tab, ()):
            written = self._written(tab, item)
            if needle in written and column in _parse(written):
                return True
        return False

    def columns(self, tab: str) -> set[str]:
        """The computed columns this tool has written in any row of table ``tab``."""
        columns = self._columns.get(tab)
        if columns is None:
            columns = self._columns[tab] = set()
            for item in self._at.get(tab, ()):
                columns.update(_parse(self._written(tab, item)))
        return set(columns)

    def items(self, tab: str) -> Iterator[tuple[str, str]]:
        """The (item, written) rows of table ``tab``; an item's rows joined in order."""
        for item in self._at.get(tab, ()):
            yield item, self._written(tab, item)

    def get(self, key: StateKey) -> str | None:
        tab, item, column = key
        marks = self._parsed.get((tab, item))
        if marks is None:
            marks = self._parsed[(tab, item)] = _parse(self._written(tab, item))
        return marks.get(column)


class NewMarks:
    """The fingerprints of what this run leaves in computed cells, gathered per item as
    the text of its state row: ``column=fingerprint`` pairs joined by ``;`` in the order
    they were given (a column given again: the later one counts), put in column order
    when the rows are asked for."""

    def __init__(self) -> None:
        self._rows: dict[RowKey, str] = {}

    def __setitem__(self, key: StateKey, mark: str) -> None:
        tab, item, column = key
        row = (tab, item)
        had = self._rows.get(row)
        pair = f"{column}={mark}"
        self._rows[row] = pair if had is None else f"{had};{pair}"

    def column(self, tab: str, column: str, marks: Iterable[tuple[str, str]]) -> None:
        """``self[(tab, item, column)] = mark`` for each (item, mark) of ``marks``, in
        order."""
        rows = self._rows
        had_row = rows.get
        for item, mark in marks:
            row = (tab, item)
            had = had_row(row)
            rows[row] = f"{column}={mark}" if had is None else f"{had};{column}={mark}"

    def row(self, tab: str, item: str, marks: dict[str, str]) -> None:
        """``self[(tab, item, column)] = mark`` for each column and mark of ``marks``, in
        order."""
        if not marks:
            return
        row = (tab, item)
        had = self._rows.get(row)
        pairs = ";".join([f"{column}={mark}" for column, mark in marks.items()])
        self._rows[row] = pairs if had is None else f"{had};{pairs}"

    def rows(self) -> dict[RowKey, str]:
        """One state row per item, in order, its pairs in column order."""
        held = self._rows
        orders: dict[tuple[str, ...], list[int] | None] = {}
        for key, written in held.items():
            if ";" in written:
                pairs = written.split(";")
                columns = tuple(_COLUMNS.findall(written))
                order = orders.get(columns, ())
                if order == ():
                    order = orders[columns] = _column_order(columns, len(pairs))
                if order is None:
                    pairs = [f"{c}={m}" for c, m in sorted(_pairs(written).items())]
                    held[key] = ";".join(pairs)
                else:
                    held[key] = ";".join([pairs[i] for i in order])
        return {key: held[key] for key in sorted(held)}


_COLUMNS = re.compile(r"(?:^|;)([^;=]*)=")
"""The column of each pair of a state row that has one (the text before its first ``=``)."""


def _column_order(columns: tuple[str, ...], pairs: int) -> list[int] | None:
    """The places of a state row's pairs in column order, when each of its ``pairs`` has
    a column and no two the same (then putting them in that order is what reading them
    as :func:`_pairs` does and writing them sorted gives); else None."""
    if len(columns) != pairs or len(set(columns)) != pairs:
        return None
    return sorted(range(pairs), key=columns.__getitem__)


def _pairs(written: str) -> dict[str, str]:
    """The ``column=fingerprint`` pairs of a state row as given (an empty fingerprint
    too), the later of a column's pairs winning."""
    return dict(pair.partition("=")[::2] for pair in written.split(";"))


def digest(value: Any) -> str:
    """A short fingerprint of a cell value as this tool wrote it."""
    return fingerprint(comparable(value))


@lru_cache(maxsize=4096, typed=True)
def fingerprint(normal: Any) -> str:
    """``digest`` of a value already in ``comparable`` form."""
    return fresh_fingerprint(normal)


def fresh_fingerprint(normal: Any) -> str:
    """:func:`fingerprint` worked out again, not kept (for values that seldom repeat: a
    full cache would only let another value go for it)."""
    return hashlib.blake2s(repr(normal).encode(), digest_size=4).hexdigest()


def _parse(written: str) -> dict[str, str]:
    marks: dict[str, str] = {}
    for pair in written.split(";"):
        column, _, mark = pair.partition("=")
        if column and mark:
            marks[column] = mark
    return marks


def _lines(grid: Grid) -> tuple[list[Any], list[Any], list[Any]]:
    """The state tab's Tab, Item and Written columns below its header (None where a row
    is shorter), a column at a time."""
    rows = grid.rows
    if isinstance(rows, PackedRows):
        tabs, items, written = rows.columns(3, first=1)
        return tabs, items, written
    lines = [[*line[:3], None, None, None] for line in rows[1:]]
    return ([line[0] for line in lines], [line[1] for line in lines],
            [line[2] for line in lines])


def _items(grid: Grid) -> Iterator[tuple[int, RowKey, Any]]:
    """The state tab's rows that name an item: (row number, (tab key, item), written)."""
    for r, tab, item, written in zip(count(2), *_lines(grid)):
        if tab and item is not None and item != "":
            yield r, (str(tab), str(item)), written


def state_grid(book: RawBook) -> Grid | None:
    """The workbook's state tab, if it has one."""
    folded = normalize_name(STATE_TAB)
    return next((g for t, g in book.grids.items() if normalize_name(t) == folded), None)


def state_rows(grid: Grid | None) -> Iterator[tuple[str, str, Any]]:
    """The state tab's (Tab, Item, Written) rows."""
    for _, (tab, item), written in _items(grid) if grid is not None else ():
        yield tab, item, written


def read_marks(grid: Grid | None) -> Marks:
    """The state tab's rows by (tab key, item); a repeated item's later pairs win.

    Read once per grid (judging ownership and authorship both ask)."""
    if grid is None:
        return Marks()
    memo = grid.memo.get("marks")
    if memo is not None and memo[0] is grid.rows and memo[1] == len(grid.rows):
        return memo[2]
    at: dict[str, dict[str, int | tuple[int, ...]]] = {}

    def texts() -> Iterator[str]:
        n = 0
        for _, (tab, item), written in _items(grid):
            if isinstance(written, str):
                items = at.get(tab)
                if items is None:
                    items = at[tab] = {}
                had = items.get(item)
                items[item] = n if had is None else (
                    (had, n) if isinstance(had, int) else (*had, n))
                n += 1
                yield written

    marks = Marks(Texts(texts()), at)
    grid.memo["marks"] = (grid.rows, len(grid.rows), marks)
    return marks


def plan_state(grid: Grid | None, marks: NewMarks, changes: ChangeSet) -> None:
    """Create the state tab, or rewrite only its rows whose fingerprints changed."""
    wanted = marks.rows()
    if grid is None:
        if wanted:  # a new tab: its rows held packed, as the state tab read is
            rows = PackedRows(chain([list(STATE_HEADERS)],
                                    ([t, i, w] for (t, i), w in wanted.items())))
            changes.sheets.append(SheetContent(STATE_TAB, rows, hidden=True))
        return
    unmet = set(wanted)  # the wanted rows not met yet in the tab (their keys not copied)
    gone: set[RowKey] = set()
    free: list[int] = []
    for r, tab, item, written in zip(count(2), *_lines(grid)):
        if not tab or item is None or item == "":
            if all(v is None or v == "" for v in (tab, item, written)):
                free.append(r)
            continue
        key = (str(tab), str(item))
        if key in wanted:
            if key not in unmet:
                continue
            unmet.discard(key)
            if written != wanted[key]:
                changes.cells.append(CellChange(grid.title, r, 3, wanted[key], old=written))
        elif key not in gone:
            gone.add(key)
            changes.cells.extend(CellChange(grid.title, r, c, None) for c in (1, 2, 3))
            free.append(r)
    next_row = grid.height + 1
    spare = iter(sorted(free))
    for key, written in wanted.items():
        if key not in unmet:
            continue
        r = next(spare, 0)
        if not r:
            r, next_row = next_row, next_row + 1
        changes.cells.extend([CellChange(grid.title, r, 1, key[0]),
                              CellChange(grid.title, r, 2, key[1]),
                              CellChange(grid.title, r, 3, written)])
