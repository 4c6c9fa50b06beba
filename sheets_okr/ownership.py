"""Which computed cells the tool may write.

A computed cell is the tool's when it is empty, already holds the computed value, or
holds the value (or the live formula) this tool wrote there last time, as remembered in
the hidden state tab. Anything else was put there by a person: a value typed over a
result, a formula of their own, a merged cell. Those cells are left alone and flagged
(OKR119). Reading this needs no plan: ``check`` and ``report`` flag what ``recompute``
would leave alone without planning a write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .calc import Results
from .changes import ChangeSet, cell_values, comparable, read_as
from .live.marks import FormulaTexts
from .live.marks import ours as ours_live
from .model import Grid, Model, Table
from .schema import STATE_TAB, normalize_name
from .state import Marks, fingerprint, read_marks


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
        mark = fingerprint(existing)
        return any(m.get(key) == mark for m in self.marks)


@dataclass(frozen=True)
class Typed:
    """A computed cell a person filled: ``row`` of table ``table`` (the whole table's row
    label), computed column ``column``; ``value`` says what it holds."""

    table: str
    row: Any
    column: str
    header: str
    value: str


@dataclass
class Column:
    """One computed column of one tab: the cell values the tool computed for its rows
    and the rows a person filled (``theirs``). ``col`` is None when the tab has no such
    column yet (the plan appends one)."""

    key: str
    col: int | None
    values: list[Any]
    theirs: set[int] = field(default_factory=set)


@dataclass
class Piece:
    """The computed columns of one tab's table (``table``, a part of ``whole`` whose rows
    are offset by ``offset``): its rows, their item keys and the columns."""

    whole: Table
    table: Table
    offset: int
    rows: list[int]
    items: list[str]
    columns: list[Column] = field(default_factory=list)


@dataclass
class Ownership:
    """The computed columns the tool would write, tab by tab, who owns each of their
    cells, and the state tab's fingerprints this was judged by."""

    marks: Marks
    pieces: list[Piece] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)


def find_grid(model: Model, title: str) -> Grid | None:
    """The workbook's tab called ``title`` (ignoring case, spaces, ``_`` and ``-``)."""
    folded = normalize_name(title)
    for name, grid in model.book.grids.items():
        if normalize_name(name) == folded:
            return grid
    return None


def claim(model: Model, results: Results, written: Written | None = None) -> Ownership:
    """Who owns each computed cell of every table the tool writes into (``written``:
    what this run wrote before, when judging again after rows moved)."""
    owned = Ownership(read_marks(find_grid(model, STATE_TAB)))
    texts = FormulaTexts(model)
    for whole in model:
        computed = results.get(whole.key)
        if computed is None or not whole.spec.computed or whole.read_only:
            continue
        for table, offset in whole.pieces():
            if table.read_only:
                continue
            part = computed if not offset and not whole.parts else shifted(
                computed, table, offset)
            _claim_table(model, owned, texts, whole, table, offset, part, written)
    return owned


def shifted(computed: pd.DataFrame, table: Table, offset: int) -> pd.DataFrame:
    """The results of one tab's rows, indexed by that tab's row numbers."""
    rows = [int(r) + offset for r in table.frame.index]
    part = computed.reindex(rows)
    part.index = table.frame.index
    return part


def merged_cells(grid: Grid) -> dict[tuple[int, int], bool]:
    """Every cell of a merged range; True for those that cannot hold a value (all but
    the top-left one)."""
    cells: dict[tuple[int, int], bool] = {}
    for r1, c1, r2, c2 in grid.merged:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cells[(r, c)] = (r, c) != (r1, c1)
    return cells


def _claim_table(model: Model, owned: Ownership, texts: FormulaTexts, whole: Table,
                 table: Table, offset: int, computed: pd.DataFrame,
                 written: Written | None) -> None:
    grid = model.book.grids[table.title]
    rows = [int(r) for r in table.frame.index]
    items = [str(k) for k in whole.item_keys.reindex([r + offset for r in rows]).tolist()]
    piece = Piece(whole, table, offset, rows, items)
    owned.pieces.append(piece)
    merged = merged_cells(grid) if grid.merged else {}
    marks = owned.marks
    lines, height, formulas = grid.rows, grid.height, grid.formulas
    for spec in table.spec.computed:
        if spec.key not in computed or spec.key in table.author:
            continue
        values = cell_values(computed[spec.key].reindex(table.frame.index))
        col = table.computed.get(spec.key)
        column = Column(spec.key, col, values)
        piece.columns.append(column)
        if col is None:
            continue
        for row, item, desired in zip(rows, items, values, strict=True):
            what = None
            if formulas and (row, col) in formulas:
                key = (table.key, item, spec.key)
                if not ours_live(texts, (table.title, row, col), marks.get(key)):
                    what = "a formula"
            elif merged and merged.get((row, col), False):
                what = "a merged cell"
            else:
                line = lines[row - 1] if 0 < row <= height else ()
                raw = line[col - 1] if 0 < col <= len(line) else None
                if raw == "":
                    raw = None
                if raw is None or (raw == desired and type(raw) is type(desired)):
                    continue
                existing = comparable(read_as(raw, desired))
                key = (table.key, item, spec.key)
                if not (existing is None or existing == comparable(desired)
                        or marks.get(key) == fingerprint(existing)
                        or (written is not None
                            and written.holds(key, (table.title, row, col), existing))):
                    what = f"\"{str(raw)[:40]}\""
            if what is not None:
                column.theirs.add(row)
                owned.typed.append(Typed(whole.key, row + offset, spec.key, spec.header,
                                         what))
