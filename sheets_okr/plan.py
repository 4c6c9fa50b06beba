"""Decide what to write: computed cells that changed, the Flags tab and the state tab.

A computed cell is ours when it is empty, already holds the computed value, or holds
the value this tool wrote last time (remembered in the hidden state tab). Anything else
was typed by a person: it is left alone and flagged (OKR119).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import zip_longest
from typing import Any

import numpy as np
import pandas as pd

from .calc import Results
from .changes import CellChange, ChangeSet, Formula, SheetContent, comparable, serial_to_date
from .lint import Flag, selected, suppressed
from .lint.registry import Hit, make_flag
from .live.marks import FormulaTexts
from .live.marks import ours as ours_live
from .live.marks import put as put_live
from .model import Grid, Model, Table
from .owned import TITLE_MARK, dashboard_title, flags_title, title_mark
from .schema import (
    DATE,
    FLAG_HEADERS,
    PERCENT,
    STATE_TAB,
    normalize_name,
)
from .state import Marks, NewMarks, plan_state, read_marks

NO_FLAGS_ROW = [None, None, None, None, None, "No flags: nothing to fix.", None]
FLAG_WIDTHS = {1: 9, 2: 9, 3: 14, 4: 7, 5: 12, 6: 70, 7: 60}


@dataclass
class Plan:
    changes: ChangeSet
    typed_flags: list[Flag] = field(default_factory=list)


@dataclass
class Written:
    """What this run already wrote, for planning again after rows moved under it: each
    cell's value by position, and the state tab's fingerprints from before that write.
    A computed cell holding either is the tool's own and is put right, not flagged."""

    cells: dict[tuple[str, int, int], Any] = field(default_factory=dict)
    marks: list[Marks] = field(default_factory=list)

    def add(self, changes: ChangeSet, state: Grid | None) -> None:
        for change in changes.cells:
            self.cells[(change.tab, change.row, change.col)] = comparable(change.value)
        self.marks.append(read_marks(state))

    def holds(self, key: tuple[str, str, str], at: tuple[str, int, int], existing: Any
              ) -> bool:
        if at in self.cells and self.cells[at] == existing:
            return True
        mark = _fingerprint(existing)
        return any(m.get(key) == mark for m in self.marks)


def to_cell_value(value: Any) -> Any:
    """A computed value as a plain Python cell value (None for blank)."""
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
    """``to_cell_value`` of every value of ``series`` (floats converted in one pass)."""
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
        return [None if x != x or x in (_INF, -_INF) else
                int(x) if x.is_integer() and abs(x) < 1e15 else x for x in series.tolist()]
    return [(v if v.strip() else None) if type(v) is str else None if v is None
            else to_cell_value(v) for v in series.tolist()]


_INF = float("inf")


def read_as(value: Any, desired: Any) -> Any:
    """Read a cell's value in the type of the value about to be written."""
    if isinstance(desired, date) and isinstance(value, (int, float)) and not isinstance(
            value, bool):
        try:
            return serial_to_date(value)
        except (OverflowError, ValueError):
            return value
    return value


def digest(value: Any) -> str:
    """A short fingerprint of a cell value as this tool wrote it."""
    return _fingerprint(comparable(value))


@lru_cache(maxsize=65536, typed=True)
def _fingerprint(normal: Any) -> str:
    """``digest`` of a value already in ``comparable`` form."""
    return hashlib.blake2s(repr(normal).encode(), digest_size=4).hexdigest()


def _grid(model: Model, title: str) -> Grid | None:
    folded = normalize_name(title)
    for name, grid in model.book.grids.items():
        if normalize_name(name) == folded:
            return grid
    return None


def make_plan(model: Model, results: Results, flags: list[Flag], settings: Any,
              as_of: date | None = None, written: Written | None = None) -> Plan:
    """The change set for computed cells, the Flags tab, colours, the Dashboard and the
    state tab; ``written`` is what this run wrote before, when planning again."""
    state_grid = _grid(model, STATE_TAB)
    state = read_marks(state_grid)
    new_state = NewMarks()
    changes = ChangeSet()
    typed: list[Flag | None] = []
    live = None
    if getattr(settings, "formulas", False) and as_of is not None:
        from .live import LiveFormulas

        live = LiveFormulas(model, results, settings, as_of)
        for whole in model:  # every column placed first: formulas refer to each other
            computed = results.get(whole.key)
            if computed is not None and whole.spec.computed and not whole.read_only \
                    and not whole.parts:
                _place_columns(model.book.grids[whole.title], whole, computed, changes)
    for whole in model:
        computed = results.get(whole.key)
        if computed is None or not whole.spec.computed or whole.read_only:
            continue
        for table, offset in whole.pieces():
            if table.read_only:
                continue
            part = computed if not offset and not whole.parts else _shifted(
                computed, table, offset)
            _plan_table(model, table, part, state, new_state, changes, typed, whole, offset,
                        written, None if whole.parts else live)
            if written is not None:
                changes.cells.extend(_strays(model, table, written))
    typed = selected([f for f in typed if f is not None], settings)
    all_flags = sorted({*flags, *typed}, key=Flag.sort_key)
    rows = flags_rows(all_flags)
    flags_tab = flags_title(model.book)
    grid = _grid(model, flags_tab)
    _plan_owned(grid, SheetContent(flags_tab, rows, widths=FLAG_WIDTHS),
                grid is not None and bool(grid.rows) and _same_line(grid.rows[0], rows[0]),
                changes)
    history = None
    if getattr(settings, "history", True) and as_of is not None:
        from .history import plan_history

        history = plan_history(model, results, as_of,
                               getattr(settings, "checkin_period", "week"), changes)
    _plan_visuals(model, results, settings, as_of, state, new_state, changes, history)
    _remember_texts(model, new_state)
    plan_state(state_grid, new_state, changes)
    return Plan(changes, typed)


def _remember_texts(model: Model, new_state: NewMarks) -> None:
    """The class of every text the linter read, for the next run (see
    :mod:`.lint.text.memory`)."""
    from .lint.text.memory import TAB

    memory = model.memo.get("texts")
    if memory is None:
        return
    for item, pairs in memory.rows().items():
        for mark, index in pairs.items():
            new_state[(TAB, item, mark)] = index


def _shifted(computed: pd.DataFrame, table: Table, offset: int) -> pd.DataFrame:
    """The results of one tab's rows, indexed by that tab's row numbers."""
    rows = [int(r) + offset for r in table.frame.index]
    part = computed.reindex(rows)
    part.index = table.frame.index
    return part


def _plan_table(model: Model, table: Table, computed: pd.DataFrame,
                state: Marks, new_state: NewMarks,
                changes: ChangeSet, typed: list[Flag | None],
                whole: Table | None = None, offset: int = 0,
                written: Written | None = None, live: Any = None) -> None:
    grid = model.book.grids[table.title]
    whole = whole or table
    keys = [str(k) for k in whole.item_keys.reindex(
        [int(r) + offset for r in table.frame.index]).tolist()]
    merged = _place_columns(grid, table, computed, changes)
    texts = FormulaTexts(model)
    lines, height = grid.rows, grid.height
    for spec in table.spec.computed:
        if spec.key not in computed or spec.key in table.author:
            continue
        col = table.computed[spec.key]
        values = cell_values(computed[spec.key].reindex(table.frame.index))
        formats = _number_formats(table, spec.key, spec.number_format)
        for row, item, desired, fmt in zip(table.frame.index.tolist(), keys, values, formats,
                                           strict=True):
            line = lines[row - 1] if 0 < row <= height else ()
            raw = line[col - 1] if col <= len(line) else None
            if raw == "":
                raw = None
            key = (table.key, item, spec.key)
            cell = desired if live is None else live.cell(table, spec.key, row, desired)
            if grid.formulas and (row, col) in grid.formulas:
                if not ours_live(texts, (table.title, row, col), state.get(key)):
                    typed.append(_typed_flag(model, whole, row + offset, spec, raw,
                                             "a formula"))
                    continue
                mark = put_live(changes, (table.title, row, col), cell, fmt, raw, True,
                                state.get(key), _mark(cell))
                if mark:
                    new_state[key] = mark
                continue
            if merged and merged.get((row, col), False):
                typed.append(_typed_flag(model, whole, row + offset, spec, raw,
                                         "a merged cell"))
                continue
            wanted = comparable(desired)
            if raw == desired and type(raw) is type(desired):
                existing = wanted
            else:
                existing = comparable(read_as(raw, desired))
            ours = existing is None or existing == wanted or state.get(key) == _fingerprint(
                existing) or (written is not None
                              and written.holds(key, (table.title, row, col), existing))
            if not ours:
                typed.append(_typed_flag(model, whole, row + offset, spec, raw))
                continue
            if isinstance(cell, Formula):
                new_state[key] = put_live(changes, (table.title, row, col), cell, fmt, raw,
                                          False, None, None) or ""
                continue
            if wanted is not None:
                new_state[key] = _fingerprint(wanted)
            if existing != wanted:
                changes.cells.append(CellChange(table.title, row, col, desired, fmt, old=raw))


def _place_columns(grid: Grid, table: Table, computed: pd.DataFrame,
                   changes: ChangeSet) -> dict[tuple[int, int], bool]:
    """Give each computed column the table lacks a free column to its right, with its
    header; the merged cells of the sheet."""
    next_col = max([table.last_col, *table.computed.values()])
    merged = _merged_cells(grid)
    for spec in table.spec.computed:
        if spec.key in computed and spec.key not in table.computed and \
                spec.key not in table.author:
            next_col = _free_column(grid, table, next_col + 1, merged)
            table.computed[spec.key] = next_col
            changes.cells.append(CellChange(table.title, table.header_row, next_col,
                                            spec.header, header=True))
    return merged


def _mark(value: Any) -> str | None:
    wanted = comparable(value)
    return None if wanted is None else _fingerprint(wanted)


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


def _plan_visuals(model: Model, results: Results, settings: Any, as_of: date | None,
                  state: Marks, new_state: NewMarks,
                  changes: ChangeSet, history: pd.DataFrame | None = None) -> None:
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
    dash = build_dashboard(model, results, settings, as_of, history)
    title = dashboard_title(model.book, state)
    changes.dashboard = title
    new_state[TITLE_MARK] = title_mark(title)
    mark = digest(repr((dash.charts, dash.bold_rows)))
    key = ("_dashboard", "charts", "spec")
    new_state[key] = mark
    content = SheetContent(title, dash.rows, widths={1: 34, 2: 14, 3: 14, 4: 12},
                           bold_rows=dash.bold_rows, freeze_header=False, formats=dash.formats)
    if _plan_owned(_grid(model, title), content, state.get(key) == mark, changes):
        changes.charts.extend(dash.charts)


def _free_column(grid: Grid, table: Table, col: int, merged: dict[tuple[int, int], bool]) -> int:
    rows = [table.header_row, *table.frame.index]
    while any(grid.value(r, col) not in (None, "") or (r, col) in grid.formulas
              or (r, col) in merged for r in rows):
        col += 1
    return col


def _merged_cells(grid: Grid) -> dict[tuple[int, int], bool]:
    """Every cell of a merged range; True for those that cannot hold a value (all but
    the top-left one)."""
    cells: dict[tuple[int, int], bool] = {}
    for r1, c1, r2, c2 in grid.merged:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cells[(r, c)] = (r, c) != (r1, c1)
    return cells


def _typed_flag(model: Model, table: Table, row: int, spec: Any, value: Any,
                what: str | None = None) -> Flag | None:
    hit = Hit(table.key, row, spec.key, {
        "header": spec.header, "value": what or f"\"{str(value)[:40]}\""})
    if suppressed(model, "OKR119", hit):
        return None
    return make_flag(model, "OKR119", hit)


def flags_rows(flags: list[Flag]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(FLAG_HEADERS)]
    for f in flags:
        rows.append([f.code, str(f.severity), f.tab, f.cell, f.item, f.message, f.hint])
    if not flags:
        rows.append(list(NO_FLAGS_ROW))
    return rows


def _plan_owned(grid: Grid | None, content: SheetContent, same_layout: bool,
                changes: ChangeSet) -> bool:
    """A tool-owned tab: only its changed cells while it keeps its layout, else written
    whole (True)."""
    if grid is not None and same_layout:
        changes.cells.extend(_changed_cells(grid, content.rows, content.formats))
        return False
    changes.sheets.append(replace(content, title=grid.title if grid else content.title))
    return True


def _changed_cells(grid: Grid, rows: list[list[Any]],
                   formats: dict[tuple[int, int], str]) -> list[CellChange]:
    """Cell changes that turn ``grid`` into ``rows`` (cells beyond ``rows`` are cleared)."""
    changes = []
    for r, (have, want) in enumerate(zip_longest(grid.rows, rows, fillvalue=()), start=1):
        for c, (old, value) in enumerate(zip_longest(have, want), start=1):
            if old == value or (old == "" and value is None) or _same_cell(old, value):
                continue
            fmt = formats.get((r, c)) or (DATE if isinstance(value, date) else None)
            blank = comparable(value) is None
            changes.append(CellChange(grid.title, r, c, None if blank else value, fmt, old=old))
    return changes


def _same_cell(have: Any, want: Any) -> bool:
    wanted = comparable(want)
    return comparable(have) == wanted or comparable(read_as(have, want)) == wanted


def _same_line(have: Sequence[Any], want: Sequence[Any]) -> bool:
    return all(_same_cell(a, b) for a, b in zip_longest(have, want))
