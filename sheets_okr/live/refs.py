"""Small pieces of formula text: cell and range references, date literals."""

from __future__ import annotations

import re
from datetime import date

from ..model import Table, col_letter

_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sheet(title: str) -> str:
    """A sheet name as a formula writes it.

    >>> sheet("KPIs"), sheet("Key Results"), sheet("O'Neil")
    ('KPIs', "'Key Results'", "'O''Neil'")
    """
    return title if _PLAIN_TITLE.match(title) else "'" + title.replace("'", "''") + "'"


def day(value: date) -> str:
    """A date as a formula's DATE().

    >>> day(date(2026, 10, 1))
    'DATE(2026,10,1)'
    """
    return f"DATE({value.year},{value.month},{value.day})"


def today(as_of: date) -> str:
    """The day formulas compute as of: ``TODAY()`` for a run as of today, so that they
    stay live; the day itself for a run ``--as-of`` another day.

    >>> today(date.today()), today(date(2026, 11, 15))
    ('TODAY()', 'DATE(2026,11,15)')
    """
    return "TODAY()" if as_of == date.today() else day(as_of)


def number(value: float) -> str:
    """A number as a formula writes it.

    >>> number(0.1), number(1.0), number(0.7)
    ('0.1', '1', '0.7')
    """
    return f"{value:.12g}"


def last_row(table: Table) -> int:
    """The last row of the ranges a formula sums over: past the table's last row by at
    least 500, in steps of 1000, so that it changes only when the table grows a lot.

    >>> class T: header_row = 1; frame = __import__("pandas").DataFrame(index=[2, 3])
    >>> last_row(T())
    1000
    """
    last = max([table.header_row, *table.frame.index])
    return ((last + 500) // 1000 + 1) * 1000


class Cells:
    """References into one table: ``at(key, row)`` (relative) and ``span(key)`` (the
    column's absolute range, from another sheet)."""

    def __init__(self, table: Table, other_sheet: bool = False) -> None:
        self.table = table
        self.prefix = f"{sheet(table.title)}!" if other_sheet else ""
        self.end = last_row(table)

    def col(self, key: str) -> int | None:
        return self.table.columns.get(key) or self.table.computed.get(key)

    def at(self, key: str, row: int) -> str | None:
        col = self.col(key)
        return None if col is None else f"{self.prefix}{col_letter(col)}{row}"

    def span(self, key: str) -> str | None:
        col = self.col(key)
        if col is None:
            return None
        letter = col_letter(col)
        return f"{self.prefix}${letter}${self.table.header_row + 1}:${letter}${self.end}"
