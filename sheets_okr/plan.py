"""Decide what to write: computed cells that changed, the Flags tab and the state tab.

A computed cell is ours when it is empty, already holds the computed value, or holds
the value this tool wrote last time (remembered in the hidden state tab). Anything else
was typed by a person: it is left alone and flagged (OKR119).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from .calc import Results
from .changes import CellChange, ChangeSet, SheetContent, comparable, serial_to_date
from .lint import Flag, selected
from .lint.registry import Hit, make_flag
from .model import Grid, Model, Table
from .schema import FLAG_HEADERS, FLAGS_TAB, STATE_TAB, normalize_name

STATE_HEADERS = ["Tab", "Item", "Column", "Value"]
StateKey = tuple[str, str, str]
NO_FLAGS_ROW = ["", "", "", "", "", "No flags: nothing to fix.", ""]


@dataclass
class Plan:
    changes: ChangeSet
    typed_flags: list[Flag] = field(default_factory=list)


def to_cell_value(value: Any) -> Any:
    """A computed value as a plain Python cell value (None for blank)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if isinstance(value, date):
        return value
    text = str(value)
    return text if text.strip() else None


def _existing(value: Any, desired: Any) -> Any:
    """Read a cell's value in the type of the value about to be written."""
    if isinstance(desired, date) and isinstance(value, (int, float)) and not isinstance(
            value, bool):
        try:
            return serial_to_date(value)
        except (OverflowError, ValueError):
            return value
    return value


def read_state(model: Model) -> dict[StateKey, Any]:
    """What this tool wrote last time, by (tab key, item, column key)."""
    grid = _grid(model, STATE_TAB)
    state: dict[StateKey, Any] = {}
    if grid is None:
        return state
    for line in grid.rows[1:]:
        cells = [*line, None, None, None, None][:4]
        tab, item, column, value = cells
        if tab and item is not None and column:
            state[(str(tab), str(item), str(column))] = None if value == "" else value
    return state


def _grid(model: Model, title: str) -> Grid | None:
    folded = normalize_name(title)
    for name, grid in model.book.grids.items():
        if normalize_name(name) == folded:
            return grid
    return None


def make_plan(model: Model, results: Results, flags: list[Flag], settings: Any) -> Plan:
    """The change set for computed cells, the Flags tab and the state tab."""
    state = read_state(model)
    new_state: dict[StateKey, Any] = {}
    changes = ChangeSet()
    typed: list[Flag] = []
    for table in model:
        computed = results.get(table.key)
        if computed is None or not table.spec.computed:
            continue
        _plan_table(model, table, computed, state, new_state, changes, typed)
    typed = selected(typed, settings)
    all_flags = sorted({*flags, *typed}, key=Flag.sort_key)
    _plan_owned(model, FLAGS_TAB, flags_rows(all_flags), changes, hidden=False,
                widths={1: 9, 2: 9, 3: 14, 4: 7, 5: 12, 6: 70, 7: 60})
    _plan_owned(model, STATE_TAB, state_rows(new_state), changes, hidden=True)
    return Plan(changes, typed)


def _plan_table(model: Model, table: Table, computed: pd.DataFrame,
                state: dict[StateKey, Any], new_state: dict[StateKey, Any],
                changes: ChangeSet, typed: list[Flag]) -> None:
    grid = model.book.grids[table.title]
    keys = table.item_keys()
    next_col = table.last_col
    for spec in table.spec.computed:
        if spec.key not in computed:
            continue
        col = table.computed.get(spec.key)
        if col is None:
            next_col = _free_column(grid, table, next_col + 1)
            col = next_col
            table.computed[spec.key] = col
            changes.cells.append(CellChange(table.title, table.header_row, col, spec.header,
                                            header=True))
        values = computed[spec.key]
        for row in table.frame.index:
            desired = to_cell_value(values.get(row))
            raw = grid.value(row, col)
            key = (table.key, str(keys[row]), spec.key)
            if (row, col) in grid.formulas:
                typed.append(_typed_flag(model, table, row, spec, "a formula"))
                continue
            existing = comparable(_existing(raw, desired))
            wanted = comparable(desired)
            ours = existing is None or existing == wanted or (
                key in state and comparable(_existing(state[key], desired)) == existing)
            if not ours:
                typed.append(_typed_flag(model, table, row, spec, raw))
                continue
            if wanted is not None:
                new_state[key] = desired
            if existing != wanted:
                changes.cells.append(CellChange(table.title, row, col, desired,
                                                spec.number_format, old=raw))


def _free_column(grid: Grid, table: Table, col: int) -> int:
    rows = [table.header_row, *table.frame.index]
    while any(grid.value(r, col) not in (None, "") for r in rows):
        col += 1
    return col


def _typed_flag(model: Model, table: Table, row: int, spec: Any, value: Any) -> Flag:
    return make_flag(model, "OKR119", Hit(table.key, row, spec.key, {
        "header": spec.header, "value": str(value)[:40]}))


def flags_rows(flags: list[Flag]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(FLAG_HEADERS)]
    for f in flags:
        rows.append([f.code, str(f.severity), f.tab, f.cell, f.item, f.message, f.hint])
    if not flags:
        rows.append(list(NO_FLAGS_ROW))
    return rows


def state_rows(state: dict[StateKey, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(STATE_HEADERS)]
    rows.extend([tab, item, column, value] for (tab, item, column), value in sorted(
        state.items(), key=lambda kv: kv[0]))
    return rows


def _plan_owned(model: Model, title: str, rows: list[list[Any]], changes: ChangeSet,
                hidden: bool, widths: dict[int, float] | None = None) -> None:
    grid = _grid(model, title)
    if grid is not None and _same_rows(grid.rows, rows):
        return
    changes.sheets.append(SheetContent(grid.title if grid else title, rows, hidden=hidden,
                                       widths=widths or {}))


def _same_rows(have: list[list[Any]], want: list[list[Any]]) -> bool:
    def norm(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
        out = []
        for line in rows:
            cells = [comparable(v) for v in line]
            while cells and cells[-1] is None:
                cells.pop()
            out.append(tuple(cells))
        while out and not out[-1]:
            out.pop()
        return out

    want_norm = norm(want)
    have_norm = norm(have)
    if len(want_norm) != len(have_norm):
        return False
    for a, b in zip(have_norm, want_norm, strict=True):
        if len(a) != len(b):
            return False
        for x, y in zip(a, b, strict=True):
            if x != y and comparable(_existing(x, y)) != y:
                return False
    return True
