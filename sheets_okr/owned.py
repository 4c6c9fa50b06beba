"""The tabs sheets-okr owns — Flags and Dashboard — and their titles in one workbook: a tab
of that name the workbook already holds for its own purposes is never taken over; the
tool's tab then goes by another name."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from .model import Grid, RawBook
from .schema import DASHBOARD_TAB, FLAG_HEADERS, FLAGS_TAB, STATE_TAB, normalize_name
from .state import Marks

OTHER = {FLAGS_TAB: "Flags (sheets-okr)", DASHBOARD_TAB: "Dashboard (sheets-okr)"}
TITLE_MARK = ("_dashboard", "tab", "title")
CHARTS_MARK = ("_dashboard", "charts", "spec")
ALL = (FLAGS_TAB, DASHBOARD_TAB, *OTHER.values())
HISTORY_HEADERS = ("Date", "Type", "Item", "Value", "Score", "Expected", "Status",
                   "Confidence")
_HISTORY_FOLDED = tuple(normalize_name(h) for h in HISTORY_HEADERS)
_TOOL_TITLES = frozenset(normalize_name(t) for t in (*ALL, STATE_TAB))


def title_mark(title: str) -> str:
    """The state tab's fingerprint of the Dashboard's title."""
    return hashlib.blake2s(repr(title).encode(), digest_size=4).hexdigest()


def find(book: RawBook, title: str) -> Grid | None:
    folded = normalize_name(title)
    return next((g for t, g in book.grids.items() if normalize_name(t) == folded), None)


def _empty(grid: Grid) -> bool:
    return not any(v not in (None, "") for line in grid.rows for v in line)


def flags_title(book: RawBook) -> str:
    """``Flags``, unless the workbook's own tab of that name is something else."""
    grid = find(book, FLAGS_TAB)
    if grid is None or _empty(grid) or _is_flags(grid):
        return FLAGS_TAB
    return OTHER[FLAGS_TAB]


def _is_flags(grid: Grid) -> bool:
    first = grid.rows[0] if grid.rows else []
    return [normalize_name(v) for v in first[:len(FLAG_HEADERS)]] == [
        normalize_name(h) for h in FLAG_HEADERS]


def _is_dashboard(grid: Grid) -> bool:
    """Whether ``grid`` is a Dashboard sheets-okr wrote: its title line on top, or its first
    table (``Objective scores`` over ``Objective``) within the first rows."""
    from .dashboard import TITLE

    column = [grid.value(r, 1) for r in range(1, 6)]
    if column[0] == TITLE:
        return True
    return any(column[i:i + 2] == ["Objective scores", "Objective"] for i in range(4))


def dashboard_title(book: RawBook, state: Marks) -> str:
    """``Dashboard``, unless the workbook's own tab of that name is not the one sheets-okr
    wrote (the state tab remembers which title it used)."""
    grid = find(book, DASHBOARD_TAB)
    if grid is None or _empty(grid) or _is_dashboard(grid):
        return DASHBOARD_TAB
    mark = state.get(TITLE_MARK)
    if mark is not None:
        return DASHBOARD_TAB if mark == title_mark(DASHBOARD_TAB) else OTHER[DASHBOARD_TAB]
    return DASHBOARD_TAB if state.get(CHARTS_MARK) is not None else OTHER[DASHBOARD_TAB]


def owned_titles(book: RawBook) -> set[str]:
    """Folded titles of the tabs the reader leaves alone as the tool's (both names)."""
    return {normalize_name(t) for t in ALL}


def is_history_line(line: Sequence[Any]) -> bool:
    """Whether ``line`` is the History tab's header row."""
    return tuple(normalize_name(v) for v in line[:len(_HISTORY_FOLDED)]) == _HISTORY_FOLDED


def written_by_tool(title: str, first: Sequence[Any]) -> bool:
    """Whether a tab (its title and first row) is one the tool writes whole (Flags,
    Dashboard, History, the state tab): read a few times over, never cell by cell."""
    return normalize_name(title) in _TOOL_TITLES or is_history_line(first)
