"""The shared in-memory model: raw sheet grids, typed tables and where values came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .schema import TabSpec


def col_letter(col: int) -> str:
    """Column number to letters.

    >>> col_letter(1), col_letter(26), col_letter(27), col_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 address.

    >>> a1(2, 6)
    'F2'
    """
    return f"{col_letter(col)}{row}"


def parse_a1(ref: str) -> tuple[int, int]:
    """A1 address to 1-based (row, col).

    >>> parse_a1("F2"), parse_a1("aa10")
    ((2, 6), (10, 27))
    """
    ref = ref.strip().upper().replace("$", "")
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = ref[len(letters):]
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


def spans(rows: list[int]) -> str:
    """Row numbers as ranges.

    >>> spans([5, 6, 7, 9, 12, 13])
    '5-7, 9, 12-13'
    """
    out: list[str] = []
    for r in sorted(rows):
        if out and out[-1].split("-")[-1] == str(r - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{r}"
        else:
            out.append(str(r))
    return ", ".join(out) or "none"


@dataclass
class Grid:
    """The cell values of one sheet as a backend read them.

    Values are plain Python: None, str, int, float, bool, date/datetime. ``formulas``
    holds the 1-based (row, col) of cells that hold a formula (their value is the cached
    result, or None when the file has none); ``formula_text`` their text where the
    backend gives it.
    """

    title: str
    rows: list[list[Any]] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    sheet_id: int | None = None
    formatted: set[tuple[int, int]] = field(default_factory=set)
    formula_text: dict[tuple[int, int], str] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Any:
        """The value at 1-based (row, col); None outside the grid or when empty."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        line = self.rows[row - 1]
        if col > len(line):
            return None
        val = line[col - 1]
        return None if val == "" else val


@dataclass
class RawBook:
    """Every sheet of a workbook, in tab order."""

    grids: dict[str, Grid]
    source: str = ""

    def find(self, title: str) -> Grid | None:
        return self.grids.get(title)


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value could not be read as its column's type."""

    tab_key: str
    tab: str
    row: int
    col: int
    column: str
    header: str
    value: Any
    expected: str
    item: str

    @property
    def cell(self) -> str:
        return a1(self.row, self.col)


ROW_SPAN = 1 << 24
"""Rows of one part of a table made of several tabs are numbered part × ROW_SPAN + row."""


@dataclass
class Table:
    """One recognised table: its place in the sheet and its typed rows.

    ``frame`` is indexed by sheet row number and holds the canonical input columns;
    ``columns`` and ``computed`` map column keys to 1-based sheet columns.

    A table read from several tabs (one per team, person or store) keeps each tab's table
    in ``parts``; its frame holds them all, the rows of part ``i`` numbered
    ``i * ROW_SPAN + row``.

    ``author`` holds the computed columns the sheet's author fills themselves (never
    written); ``template`` marks a table read by the template's own tab and headers, whose
    computed columns are always the tool's.
    """

    spec: TabSpec
    title: str
    header_row: int
    columns: dict[str, int]
    computed: dict[str, int]
    frame: pd.DataFrame
    last_col: int
    extra_headers: dict[int, str] = field(default_factory=dict)
    cells: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    parts: list[Table] = field(default_factory=list)
    read_only: bool = False
    author: dict[str, int] = field(default_factory=dict)
    template: bool = False

    @property
    def key(self) -> str:
        return self.spec.key

    def pieces(self) -> list[tuple[Table, int]]:
        """Each tab's table with the number its rows are offset by (this one alone, at 0,
        unless the table is made of several tabs)."""
        if not self.parts:
            return [(self, 0)]
        return [(part, i * ROW_SPAN) for i, part in enumerate(self.parts)]

    def part_of(self, row: Any) -> Table:
        """The tab's table that holds ``row``."""
        if not self.parts or not isinstance(row, (int, np.integer)):
            return self
        return self.parts[min(int(row) // ROW_SPAN, len(self.parts) - 1)]

    def tab_of(self, row: Any) -> str:
        return self.part_of(row).title

    def sheet_row(self, row: Any) -> Any:
        """The row's number in its own tab."""
        return int(row) % ROW_SPAN if self.parts and isinstance(row, (int, np.integer)) \
            else row

    def cell(self, row: int, column: str | None) -> str:
        """A1 address of ``column`` in ``row`` (the row's first column when None)."""
        if self.parts:
            return self.part_of(row).cell(self.sheet_row(row), column)
        if (row, column or "") in self.cells:
            return a1(*self.cells[(row, column or "")])
        if (row, "") in self.cells:
            return a1(*self.cells[(row, "")])
        col = (self.columns.get(column or "") or self.computed.get(column or "")
               or self.author.get(column or ""))
        if col is None:
            col = min(self.columns.values()) if self.columns else 1
        return a1(row, col)

    @cached_property
    def labels(self) -> pd.Series:
        """A label per row for messages: the row's ID (or period), else its row number."""
        id_key = self.spec.id_column
        if id_key and id_key in self.frame:
            labels = self.frame[id_key].astype("object")
            if "channel" in self.frame:
                chan = self.frame["channel"].astype("object")
                labels = labels.where(chan.isna(), labels.astype(str) + " " + chan.astype(str))
            missing = labels.isna()
            return labels.where(~missing, [f"row {r}" for r in self.frame.index])
        return pd.Series([f"row {r}" for r in self.frame.index], index=self.frame.index)

    def items(self) -> pd.Series:
        return self.labels

    @cached_property
    def ignored(self) -> dict[int, str]:
        """The rule codes each row's Ignore column lists, for the rows that list any."""
        if "ignore" not in self.frame:
            return {}
        codes = self.frame["ignore"].dropna()
        return {int(r): str(c) for r, c in codes.items() if str(c).strip()}

    @cached_property
    def item_keys(self) -> pd.Series:
        """A stable key per row: its item label, with ``#n`` for repeated labels."""
        items = self.labels.astype(str)
        counts = items.groupby(items).cumcount()
        return items.where(counts == 0, items + "#" + (counts + 1).astype(str))


@dataclass
class Model:
    """Everything read from one workbook."""

    book: RawBook
    tables: dict[str, Table]
    problems: list[CellProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doubts: list[Any] = field(default_factory=list)
    typos: list[Any] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {key: table.frame for key, table in self.tables.items()}

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables.values())


def history_frame(dates: list[Any], kpis: list[str | None], values: list[float | None],
                  errors: list[bool]) -> pd.DataFrame:
    """KPI History readings as the typed long frame the calculation core reads."""
    return pd.DataFrame({
        "date": pd.to_datetime(pd.Series(dates, dtype="object")).to_numpy(),
        "kpi": pd.array(kpis, dtype="str"),
        "value": pd.Series(values, dtype="float64").to_numpy(),
        "note": pd.array([None] * len(values), dtype="str"),
        "_error": pd.Series(errors, dtype=bool).to_numpy(),
    })
