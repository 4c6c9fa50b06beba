"""The cell changes that bring a tab the tool owns (Flags, History, Dashboard) to its new
content: only the cells that differ while the tab keeps its layout, else the tab whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import zip_longest
from typing import Any

from .changes import CellChange, ChangeSet, SheetContent, comparable, read_as
from .model import Grid
from .schema import DATE


def plan_owned(grid: Grid | None, content: SheetContent, same_layout: bool,
               changes: ChangeSet) -> bool:
    """A tool-owned tab: only its changed cells while it keeps its layout, else written
    whole (True)."""
    if grid is not None and same_layout:
        changes.cells.extend(changed_cells(grid, content.rows, content.formats))
        return False
    changes.sheets.append(replace(content, title=grid.title if grid else content.title))
    return True


def changed_cells(grid: Grid, rows: list[list[Any]],
                  formats: Mapping[tuple[int, int], str]) -> list[CellChange]:
    """Cell changes that turn ``grid`` into ``rows`` (cells beyond ``rows`` are cleared)."""
    changes = []
    for r, (have, want) in enumerate(zip_longest(grid.rows, rows, fillvalue=()), start=1):
        if _equal(have, want):
            continue
        for c, (old, value) in enumerate(zip_longest(have, want), start=1):
            if old == value or (old == "" and value is None) or same_cell(old, value):
                continue
            fmt = formats.get((r, c)) or (DATE if isinstance(value, date) else None)
            blank = comparable(value) is None
            changes.append(CellChange(grid.title, r, c, None if blank else value, fmt, old=old))
    return changes


def _equal(have: Sequence[Any], want: Sequence[Any]) -> bool:
    """Whether two rows are equal as they are (then none of their cells changes)."""
    try:
        return have == want
    except TypeError:  # a value with no truth (pandas' NA): compared cell by cell
        return False


def same_cell(have: Any, want: Any) -> bool:
    wanted = comparable(want)
    return comparable(have) == wanted or comparable(read_as(have, want)) == wanted


def same_line(have: Sequence[Any], want: Sequence[Any]) -> bool:
    return all(same_cell(a, b) for a, b in zip_longest(have, want))
