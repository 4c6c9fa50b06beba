"""A range of cells a source names (``'KPI data'!A2:C``), read as (tab, first row, first
column, last row, last column); open-ended columns or rows run to the end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import parse_a1

RANGE = re.compile(
    r"^(?:(?P<tab>'(?:[^']|'')+'|[^!']+)!)?"
    r"(?P<c1>[A-Za-z]{1,3})(?P<r1>\d+)?(?::(?P<c2>[A-Za-z]{1,3})(?P<r2>\d+)?)?$")


@dataclass(frozen=True)
class CellRange:
    tab: str | None
    first_row: int
    first_col: int
    last_row: int | None
    last_col: int | None


def parse_range(text: str) -> CellRange:
    """An A1 range, optionally on a named tab; open-ended columns or rows run to the end.

    >>> parse_range("'KPI data'!A2:C")
    CellRange(tab='KPI data', first_row=2, first_col=1, last_row=None, last_col=3)
    >>> parse_range("B:D").first_row, parse_range("A1:D100").last_row
    (1, 100)
    """
    match = RANGE.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a range like A1:D100, A:D or 'Tab'!A2:C")
    tab = match.group("tab")
    if tab and tab.startswith("'"):
        tab = tab[1:-1].replace("''", "'")
    first_row, first_col = parse_a1(match.group("c1") + (match.group("r1") or "1"))
    last_row = last_col = None
    if match.group("c2"):
        last_row, last_col = parse_a1(match.group("c2") + (match.group("r2") or "1"))
        last_row = last_row if match.group("r2") else None
    return CellRange(tab, first_row, first_col, last_row, last_col)
