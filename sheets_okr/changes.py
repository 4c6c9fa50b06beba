"""The backend-neutral change set every writer applies."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .model import a1

EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class CellChange:
    """Put ``value`` into one cell.

    ``value`` is None (clear), a number, a date or a str; a str is always literal text,
    never a formula. ``number_format`` is applied only where the cell has no format of
    its own yet. ``header`` marks the header cell of an appended column.
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


@dataclass
class SheetContent:
    """A sheet the tool owns, written whole: Flags, the state tab, the Dashboard."""

    title: str
    rows: list[list[Any]]
    hidden: bool = False
    widths: dict[int, float] = field(default_factory=dict)
    bold_rows: tuple[int, ...] = (1,)
    freeze_header: bool = True
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


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


@dataclass
class ChangeSet:
    """What one run changes: cells, tool-owned sheets, conditional formats and charts."""

    cells: list[CellChange] = field(default_factory=list)
    sheets: list[SheetContent] = field(default_factory=list)
    conditional: list[ConditionalRule] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cells or self.sheets or self.conditional or self.charts)


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


def serial_to_date(serial: float) -> date:
    """A spreadsheet serial number to a date (1900 date system)."""
    return EXCEL_EPOCH + timedelta(days=int(serial))


def date_to_serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days
