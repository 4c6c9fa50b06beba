"""The hidden state tab: fingerprints of the values this tool wrote last time, one row
per item (``column=fingerprint`` pairs joined by ``;``), so that a value a person typed
over a computed cell can be told from the tool's own."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .changes import CellChange, ChangeSet, SheetContent, comparable
from .model import Grid, RawBook
from .schema import STATE_TAB, normalize_name

STATE_HEADERS = ["Tab", "Item", "Written"]
StateKey = tuple[str, str, str]
RowKey = tuple[str, str]


class Marks:
    """The fingerprints read from the state tab; a row is parsed when first asked for."""

    def __init__(self, rows: dict[RowKey, str]) -> None:
        self._rows = rows
        self._parsed: dict[RowKey, dict[str, str]] = {}
        self._columns: dict[str, set[str]] | None = None

    def columns(self, tab: str) -> set[str]:
        """The computed columns this tool has written in any row of table ``tab``."""
        if self._columns is None:
            self._columns = {}
            for (key, _), written in self._rows.items():
                self._columns.setdefault(key, set()).update(_parse(written))
        return set(self._columns.get(tab, ()))

    def get(self, key: StateKey) -> str | None:
        tab, item, column = key
        marks = self._parsed.get((tab, item))
        if marks is None:
            marks = self._parsed[(tab, item)] = _parse(self._rows.get((tab, item), ""))
        return marks.get(column)


class NewMarks:
    """The fingerprints of what this run leaves in computed cells, gathered per item."""

    def __init__(self) -> None:
        self._rows: dict[RowKey, dict[str, str]] = {}

    def __setitem__(self, key: StateKey, mark: str) -> None:
        tab, item, column = key
        self._rows.setdefault((tab, item), {})[column] = mark

    def rows(self) -> dict[RowKey, str]:
        """One state row per item, in order."""
        return {key: ";".join(f"{c}={m}" for c, m in sorted(marks.items()))
                for key, marks in sorted(self._rows.items())}


def digest(value: Any) -> str:
    """A short fingerprint of a cell value as this tool wrote it."""
    return fingerprint(comparable(value))


@lru_cache(maxsize=65536, typed=True)
def fingerprint(normal: Any) -> str:
    """``digest`` of a value already in ``comparable`` form."""
    return hashlib.blake2s(repr(normal).encode(), digest_size=4).hexdigest()


def _parse(written: str) -> dict[str, str]:
    marks: dict[str, str] = {}
    for pair in written.split(";"):
        column, _, mark = pair.partition("=")
        if column and mark:
            marks[column] = mark
    return marks


def _items(grid: Grid) -> Iterator[tuple[int, RowKey, Any]]:
    """The state tab's rows that name an item: (row number, (tab key, item), written)."""
    for r, line in enumerate(grid.rows[1:], start=2):
        tab, item, written = [*line[:3], None, None, None][:3]
        if tab and item not in (None, ""):
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
    """The state tab's rows by (tab key, item); a repeated item's later pairs win."""
    rows: dict[RowKey, str] = {}
    for _, key, written in _items(grid) if grid is not None else ():
        if isinstance(written, str):
            rows[key] = f"{rows[key]};{written}" if key in rows else written
    return Marks(rows)


def plan_state(grid: Grid | None, marks: NewMarks, changes: ChangeSet) -> None:
    """Create the state tab, or rewrite only its rows whose fingerprints changed."""
    wanted = marks.rows()
    if grid is None:
        if wanted:
            rows = [list(STATE_HEADERS)] + [[t, i, w] for (t, i), w in wanted.items()]
            changes.sheets.append(SheetContent(STATE_TAB, rows, hidden=True))
        return
    have: dict[RowKey, tuple[int, Any]] = {}
    for r, key, written in _items(grid):
        have.setdefault(key, (r, written))
    free = [r for r in range(2, grid.height + 1)
            if all(v in (None, "") for v in grid.rows[r - 1][:3])]
    next_row = grid.height + 1
    for key, (r, written) in have.items():
        if key not in wanted:
            changes.cells.extend(CellChange(grid.title, r, c, None) for c in (1, 2, 3))
            free.append(r)
        elif written != wanted[key]:
            changes.cells.append(CellChange(grid.title, r, 3, wanted[key], old=written))
    free.sort()
    for key, written in wanted.items():
        if key in have:
            continue
        if free:
            r = free.pop(0)
        else:
            r, next_row = next_row, next_row + 1
        changes.cells.extend([CellChange(grid.title, r, 1, key[0]),
                              CellChange(grid.title, r, 2, key[1]),
                              CellChange(grid.title, r, 3, written)])
