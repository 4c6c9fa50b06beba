"""The backend-neutral change set every writer applies."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import Any

import numpy as np
import pandas as pd

from .cell_changes import CellChange, CellChanges
from .model import Grid, RawBook, a1
from .schema import DASHBOARD_TAB

EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    """A formula to put in a cell (``text`` without the leading ``=``) and the result
    the tool computed for it, stored as the cell's cached value where the format keeps
    one."""

    text: str
    value: Any = None

    def __str__(self) -> str:
        return f"={self.text}"


class ColumnFormats(Mapping[tuple[int, int], str]):
    """The number format of each cell of some columns from row ``first`` to ``last``:
    what a dict with a key per cell says, without a key per cell.

    >>> formats = ColumnFormats({1: "yyyy-mm-dd", 5: "0%"}, 2, 3)
    >>> formats.get((3, 5)), formats.get((1, 5)), (2, 2) in formats, len(formats)
    ('0%', None, False, 4)
    >>> formats == {(2, 1): "yyyy-mm-dd", (2, 5): "0%", (3, 1): "yyyy-mm-dd", (3, 5): "0%"}
    True
    """

    def __init__(self, columns: Mapping[int, str], first: int, last: int) -> None:
        self.columns, self.first, self.last = dict(columns), first, last

    def __getitem__(self, key: tuple[int, int]) -> str:
        try:
            row, col = key
            if self.first <= row <= self.last:
                return self.columns[col]
        except (TypeError, ValueError):
            pass
        raise KeyError(key)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((r, c) for r in range(self.first, self.last + 1) for c in sorted(self.columns))

    def __len__(self) -> int:
        return max(self.last - self.first + 1, 0) * len(self.columns)

    def __repr__(self) -> str:
        return f"ColumnFormats({self.columns}, {self.first}, {self.last})"


class RangeFormats(Mapping[tuple[int, int], str]):
    """Number formats given to runs of rows of one column at a time (a later run wins
    where runs overlap): what a dict with a key per cell says, without a key per cell.

    >>> formats = RangeFormats()
    >>> formats.add(2, 4, 3, "0%")
    >>> formats.add(4, 5, 3, "0.0%")
    >>> formats.get((3, 3)), formats.get((4, 3)), formats.get((4, 2)), len(formats)
    ('0%', '0.0%', None, 4)
    >>> formats == {(2, 3): "0%", (3, 3): "0%", (4, 3): "0.0%", (5, 3): "0.0%"}
    True
    """

    def __init__(self) -> None:
        self.runs: dict[int, list[tuple[int, int, str]]] = {}

    def add(self, first: int, last: int, col: int, fmt: str) -> None:
        """Give rows ``first`` to ``last`` of column ``col`` the format ``fmt``."""
        if first <= last:
            self.runs.setdefault(col, []).append((first, last, fmt))

    def columns(self) -> set[int]:
        """The columns some run gives a format in."""
        return {col for col, runs in self.runs.items() if runs}

    def __getitem__(self, key: tuple[int, int]) -> str:
        fmt = self.get(key)
        if fmt is None:
            raise KeyError(key)
        return fmt

    def get(self, key: tuple[int, int], default: Any = None) -> Any:
        try:
            row, col = key
            runs = self.runs.get(col)
        except (TypeError, ValueError):
            return default
        for first, last, fmt in reversed(runs or ()):
            if first <= row <= last:
                return fmt
        return default

    def __iter__(self) -> Iterator[tuple[int, int]]:
        seen: set[tuple[int, int]] = set()
        for col, runs in self.runs.items():
            for first, last, _ in runs:
                for row in range(first, last + 1):
                    if (row, col) not in seen:
                        seen.add((row, col))
                        yield row, col

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"RangeFormats({self.runs})"


@dataclass
class SheetContent:
    """A sheet the tool owns, written whole: Flags, the state tab, the Dashboard."""

    title: str
    rows: list[list[Any]]
    hidden: bool = False
    widths: dict[int, float] = field(default_factory=dict)
    bold_rows: tuple[int, ...] = (1,)
    freeze_header: bool = True
    formats: Mapping[tuple[int, int], str] = field(default_factory=dict)


COLOURS = {
    "green": ("C6EFCE", "006100"),
    "amber": ("FFEB9C", "9C5700"),
    "red": ("FFC7CE", "9C0006"),
    "grey": ("EDEDED", "595959"),
}


@dataclass(frozen=True)
class ConditionalRule:
    """Colour the cells of one column whose text equals ``equals`` (fill, font colour)."""

    tab: str
    first_row: int
    last_row: int
    col: int
    equals: str
    colour: str

    @property
    def range(self) -> str:
        return f"{a1(self.first_row, self.col)}:{a1(self.last_row, self.col)}"


@dataclass(frozen=True)
class ChartSeries:
    title: str
    col: int
    kind: str = "column"


@dataclass(frozen=True)
class ChartSpec:
    """A native chart on the Dashboard tab over one of its data tables.

    ``key`` is a stable marker: a re-run updates the chart with the same key in place.
    """

    key: str
    title: str
    header_row: int
    first_row: int
    last_row: int
    category_col: int
    series: tuple[ChartSeries, ...]
    anchor_row: int
    anchor_col: int
    percent: bool = False
    y_title: str = ""
    horizontal: bool = False


@dataclass(frozen=True)
class AppendedRows:
    """Rows added below the last used row of a tab (readings a sync brings). Where they
    land is decided when they are written, never from an earlier read, so that a row a
    person added meanwhile is not written over. ``rows`` hold the values from column
    ``first_col`` on; ``formats`` give a number format per column. ``columns``, when
    given, holds the same values column by column (for writers that go a column at a
    time)."""

    tab: str
    first_col: int
    rows: tuple[tuple[Any, ...], ...]
    formats: tuple[tuple[int, str], ...] = ()
    columns: tuple[Sequence[Any], ...] | None = field(default=None, compare=False,
                                                      repr=False)

    def by_column(self) -> tuple[Sequence[Any], ...]:
        """The values column by column, from ``first_col`` on (None where a row is
        shorter than others)."""
        if self.columns is not None:
            return self.columns
        return tuple(zip_longest(*self.rows))

    def cells(self, after_row: int) -> list[CellChange]:
        """The rows as cell changes placed below ``after_row``."""
        formats = dict(self.formats)
        return [CellChange(self.tab, after_row + i, self.first_col + j, value,
                           formats.get(self.first_col + j))
                for i, line in enumerate(self.rows, start=1)
                for j, value in enumerate(line) if value is not None]


@dataclass
class ChangeSet:
    """What one run changes: cells, rows appended, tool-owned sheets, conditional formats
    and charts."""

    cells: CellChanges = field(default_factory=CellChanges)
    sheets: list[SheetContent] = field(default_factory=list)
    conditional: list[ConditionalRule] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    appended: list[AppendedRows] = field(default_factory=list)
    dashboard: str = DASHBOARD_TAB
    """The title of the tab that holds the charts."""

    def __post_init__(self) -> None:
        if not isinstance(self.cells, CellChanges):
            self.cells = CellChanges(self.cells)

    def __bool__(self) -> bool:
        return bool(self.cells or self.sheets or self.conditional or self.charts
                    or self.appended)

    def placed(self, last_rows: dict[str, int]) -> ChangeSet:
        """The change set with its appended rows as cells below ``last_rows[tab]`` (the
        last used row of each tab, for a writer that places cells itself)."""
        if not self.appended:
            return self
        cells = CellChanges(self.cells)
        for block in self.appended:
            cells.extend(block.cells(last_rows.get(block.tab, 0)))
        return ChangeSet(cells, self.sheets, self.conditional, self.charts,
                         dashboard=self.dashboard)


def last_used_row(grid: Grid) -> int:
    """The last row of ``grid`` holding a value or a formula (0 when none)."""
    formulas = max((r for r, _ in grid.formulas), default=0)
    for r in range(grid.height, formulas, -1):
        if any(v not in (None, "") for v in grid.rows[r - 1]):
            return r
    return formulas


def placed(changes: ChangeSet, book: RawBook) -> ChangeSet:
    """``changes`` with its appended rows placed below each tab's last used row in
    ``book`` (for writers that hold the file, so that ``book`` is what they write over)."""
    return changes.placed({b.tab: last_used_row(book.grids[b.tab]) if b.tab in book.grids
                           else 0 for b in changes.appended})


def same_value(a: Any, b: Any) -> bool:
    """Whether two cell values are equal as a person would read them."""
    return comparable(a) == comparable(b)


def comparable(value: Any) -> Any:
    """A normal form for comparing cell values across backends.

    >>> comparable(0.30000000000000004) == comparable(0.3)
    True
    >>> comparable("") is None and comparable(float("nan")) is None
    True
    """
    if value is None:
        return None
    if type(value) is float:  # the most common value, taken first
        if value != value:
            return None
        if value in _INFINITE:
            return ("inf", value > 0)
        return float(f"{value:.9g}")
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            return ("inf", number > 0)
        return float(f"{number:.9g}")
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return value if value.strip() else None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_cell_value(value: Any) -> Any:
    """A computed value as a plain Python cell value (None for blank).

    >>> to_cell_value(np.float64(2.0)), to_cell_value(float("nan")), to_cell_value("  ")
    (2, None, None)
    """
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, date):
        return value
    text = str(value)
    return text if text.strip() else None


def cell_values(series: pd.Series) -> list[Any]:
    """``to_cell_value`` of every value of ``series`` (floats converted in one pass).

    >>> cell_values(pd.Series([2.0, float("nan"), 0.5]))
    [2, None, 0.5]
    """
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        return [None if x != x or x in (_INF, -_INF) else
                int(x) if x.is_integer() and abs(x) < 1e15 else x for x in series.tolist()]
    return [(v if v.strip() else None) if type(v) is str else None if v is None
            else to_cell_value(v) for v in series.tolist()]


_INF = float("inf")
_INFINITE = (_INF, -_INF)


def read_as(value: Any, desired: Any) -> Any:
    """Read a cell's value in the type of the value about to be written."""
    if isinstance(desired, date) and isinstance(value, (int, float)) and not isinstance(
            value, bool):
        try:
            return serial_to_date(value)
        except (OverflowError, ValueError):
            return value
    return value


def serial_to_date(serial: float) -> date:
    """A spreadsheet serial number to a date (1900 date system)."""
    return EXCEL_EPOCH + timedelta(days=int(serial))


def date_to_serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days
