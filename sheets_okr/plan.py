"""Decide what to write: the computed cells the tool owns (see :mod:`.ownership`) whose
value changed, the Flags tab, the History tab, colours, the Dashboard and the state tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .calc import Results
from .changes import CellChange, ChangeSet, Formula, SheetContent, comparable, read_as
from .lint import Flag
from .live.marks import put as put_live
from .model import Grid, Model, Table
from .owned import TITLE_MARK, dashboard_title, flags_title, title_mark
from .ownership import Column, Ownership, Piece, Written, claim, find_grid, merged_cells
from .schema import FLAG_HEADERS, PERCENT, STATE_TAB
from .sheet_diff import plan_owned, same_line
from .state import Marks, NewMarks, digest, fingerprint, fresh_fingerprint, plan_state

__all__ = ["Plan", "Written", "flags_rows", "make_plan"]

NO_FLAGS_ROW = [None, None, None, None, None, "No flags: nothing to fix.", None]
NORMAL_KEPT = 512
"""Distinct values of a computed column whose normal form is kept while planning it (the
statuses and expected scores that repeat down a column, not every score)."""
FLAG_WIDTHS = {1: 9, 2: 9, 3: 14, 4: 7, 5: 12, 6: 70, 7: 60}


@dataclass
class Plan:
    changes: ChangeSet


def make_plan(model: Model, results: Results, flags: list[Flag], settings: Any,
              as_of: date | None = None, written: Written | None = None,
              ownership: Ownership | None = None) -> Plan:
    """The change set for computed cells, the Flags tab (``flags``), colours, the
    Dashboard and the state tab; ``written`` is what this run wrote before, when planning
    again; ``ownership`` who owns each computed cell (judged now when not given)."""
    owned = ownership or claim(model, results, written)
    history, checked = None, ChangeSet()
    if getattr(settings, "history", True) and as_of is not None:
        from .history import plan_history

        # planned first, while the computed cells' changes and marks are not yet held
        history = plan_history(model, results, as_of,
                               getattr(settings, "checkin_period", "week"), checked)
    new_state = NewMarks()
    changes = ChangeSet()
    live = None
    if getattr(settings, "formulas", False) and as_of is not None:
        from .live import LiveFormulas

        live = LiveFormulas(model, results, settings, as_of)
        for piece in owned.pieces:  # every column placed first: formulas refer to each other
            if not piece.whole.parts:
                _place_columns(model.book.grids[piece.table.title], piece, changes)
    for piece in owned.pieces:
        grid = model.book.grids[piece.table.title]
        _place_columns(grid, piece, changes)
        for column in piece.columns:
            _plan_column(grid, piece, column, owned.marks, new_state, changes,
                         None if piece.whole.parts else live)
        if written is not None:
            changes.cells.extend(_strays(model, piece.table, written))
    rows = flags_rows(sorted(set(flags), key=Flag.sort_key))
    flags_tab = flags_title(model.book)
    grid = find_grid(model, flags_tab)
    plan_owned(grid, SheetContent(flags_tab, rows, widths=FLAG_WIDTHS),
               grid is not None and bool(grid.rows) and same_line(grid.rows[0], rows[0]),
               changes)
    changes.cells.extend(checked.cells)
    changes.sheets.extend(checked.sheets)
    del checked
    _plan_visuals(model, results, settings, owned.marks, new_state, changes, history)
    _remember_texts(model, new_state)
    plan_state(find_grid(model, STATE_TAB), new_state, changes)
    fingerprint.cache_clear()  # values repeat within a plan, seldom from one run to the next
    return Plan(changes)


def _remember_texts(model: Model, new_state: NewMarks) -> None:
    """The class of every text the linter read, for the next run (see
    :mod:`.lint.text.memory`)."""
    from .lint.text.memory import TAB

    memory = model.memo.get("texts")
    if memory is None:
        return
    for item, pairs in memory.rows().items():
        new_state.row(TAB, item, pairs)


def _plan_column(grid: Grid, piece: Piece, column: Column, marks: Marks,
                 new_state: NewMarks, changes: ChangeSet, live: Any) -> None:
    """The changed cells of one computed column the tool owns, and their fingerprints
    (given to ``new_state`` in row order once the column is planned)."""
    table = piece.table
    col = table.computed[column.key]
    spec = next(s for s in table.spec.computed if s.key == column.key)
    formats = _number_formats(table, column.key, spec.number_format)
    lines, height, theirs, formulas = grid.rows, grid.height, column.theirs, grid.formulas
    tab, key, title = table.key, column.key, table.title
    remembered: list[tuple[str, str]] = []
    remember = remembered.append
    normal: dict[tuple[type, Any], tuple[Any, str | None]] = {}
    for row, item, desired, fmt in zip(piece.rows, piece.items, column.values, formats,
                                       strict=True):
        if theirs and row in theirs:
            continue
        line = lines[row - 1] if 0 < row <= height else ()
        raw = line[col - 1] if col <= len(line) else None
        if raw == "":
            raw = None
        cell = desired if live is None else live.cell(table, key, row, desired)
        if formulas and (row, col) in formulas:
            mark = put_live(changes, (title, row, col), cell, fmt, raw, True,
                            marks.get((tab, item, key)), _mark(cell))
            if mark:
                remember((item, mark))
            continue
        seen = normal.get((type(desired), desired))
        if seen is None:
            wanted = comparable(desired)
            if len(normal) < NORMAL_KEPT:
                seen = (wanted, None if wanted is None else fingerprint(wanted))
                if desired == desired and not (
                        type(desired) is float and desired == 0):  # not NaN, nor 0.0 (== -0.0)
                    normal[(type(desired), desired)] = seen
            else:  # past the values that repeat down the column: each seldom seen again
                seen = (wanted, None if wanted is None else fresh_fingerprint(wanted))
        wanted, mark = seen
        if raw == desired and type(raw) is type(desired):
            existing = wanted
        else:
            existing = comparable(read_as(raw, desired))
        if isinstance(cell, Formula):
            remember((item, put_live(changes, (title, row, col), cell, fmt, raw, False, None,
                                     None) or ""))
            continue
        if mark is not None:
            remember((item, mark))
        if existing != wanted:
            changes.cells.put(title, row, col, desired, fmt, raw)
    new_state.column(tab, key, remembered)


def _place_columns(grid: Grid, piece: Piece, changes: ChangeSet) -> None:
    """Give each computed column the table lacks a free column to its right, with its
    header."""
    table = piece.table
    missing = [c.key for c in piece.columns if c.key not in table.computed]
    if not missing:
        return
    merged = merged_cells(grid)
    next_col = max([table.last_col, *table.computed.values()])
    for spec in table.spec.computed:
        if spec.key in missing:
            next_col = _free_column(grid, table, next_col + 1, merged)
            table.computed[spec.key] = next_col
            changes.cells.append(CellChange(table.title, table.header_row, next_col,
                                            spec.header, header=True))


def _mark(value: Any) -> str | None:
    wanted = comparable(value)
    return None if wanted is None else fingerprint(wanted)


def _strays(model: Model, table: Table, written: Written) -> list[CellChange]:
    """Computed cells this run wrote that now sit on no item's row (rows deleted or moved
    under the write): cleared, when they still hold what was written."""
    grid = model.book.grids[table.title]
    columns = set(table.computed.values())
    rows = set(table.frame.index)
    out = []
    for (tab, row, col), value in written.cells.items():
        if tab != table.title or col not in columns or row <= table.header_row or row in rows:
            continue
        have = grid.value(row, col)
        if have is not None and comparable(read_as(have, value)) == value:
            out.append(CellChange(tab, row, col, None, old=have))
    return out


PERCENT_UNITS = {"%", "percent", "pct", "percentage"}
MEASURED = {"latest", "forecast"}


def _number_formats(table: Table, key: str, default: str | None) -> list[str | None]:
    """The number format per row: a KPI measured in % shows its Latest and Forecast as %."""
    if table.key != "kpis" or key not in MEASURED or "unit" not in table.frame:
        return [default] * len(table.frame)
    units = table.frame["unit"].astype("object").tolist()
    return [PERCENT if isinstance(u, str) and u.strip().lower() in PERCENT_UNITS else default
            for u in units]


def _plan_visuals(model: Model, results: Results, settings: Any, state: Marks,
                  new_state: NewMarks, changes: ChangeSet, history: Any = None) -> None:
    """Colour rules and the Dashboard, written only when they differ from last time."""
    from .dashboard import build_dashboard, colour_rules

    rules = colour_rules(model)
    mark = digest(repr(rules))
    key = ("_colours", "rules", "spec")
    new_state[key] = mark
    if state.get(key) != mark:
        changes.conditional.extend(rules)
    if not getattr(settings, "charts", True):
        return
    dash = build_dashboard(model, results, settings, history)
    title = dashboard_title(model.book, state)
    changes.dashboard = title
    new_state[TITLE_MARK] = title_mark(title)
    mark = digest(repr((dash.charts, dash.bold_rows)))
    key = ("_dashboard", "charts", "spec")
    new_state[key] = mark
    content = SheetContent(title, dash.rows, widths={1: 34, 2: 14, 3: 14, 4: 12},
                           bold_rows=dash.bold_rows, freeze_header=False, formats=dash.formats)
    if plan_owned(find_grid(model, title), content, state.get(key) == mark, changes):
        changes.charts.extend(dash.charts)


def _free_column(grid: Grid, table: Table, col: int, merged: dict[tuple[int, int], bool]) -> int:
    rows = [table.header_row, *table.frame.index]
    while any(grid.value(r, col) not in (None, "") or (r, col) in grid.formulas
              or (r, col) in merged for r in rows):
        col += 1
    return col


def flags_rows(flags: list[Flag]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(FLAG_HEADERS)]
    for f in flags:
        rows.append([f.code, str(f.severity), f.tab, f.cell, f.item, f.message, f.hint])
    if not flags:
        rows.append(list(NO_FLAGS_ROW))
    return rows
