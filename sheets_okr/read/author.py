"""The author's own results: a computed column (``Progress %``, ``% Avance``,
``Achievement %``, ``GAP``, ``ROI``, ``Status``...) that the author fills, by hand or with
a formula, is theirs. It is never written to; its values are read beside ours so that a
difference can be flagged."""

from __future__ import annotations

import pandas as pd

from .. import values as V
from ..model import Grid, Model, Table
from ..schema import STATE_TAB, normalize_name, result_keys
from ..state import read_marks

FILLED = 0.5
"""A computed column is the author's when at least this share of its rows hold a value
or a formula that sheets-okr did not write."""


def claim(model: Model) -> None:
    """Move every computed column the author fills from ``computed`` to ``author`` and read
    its values into ``author_<key>`` of the table's frame."""
    state = next((g for t, g in model.book.grids.items()
                  if normalize_name(t) == normalize_name(STATE_TAB)), None)
    marks = read_marks(state)
    users: dict[tuple[str, int], list[tuple[Table, Table, int, str]]] = {}
    for whole in model:
        for part, offset in whole.pieces():
            if part.template:
                continue
            for key, col in part.computed.items():
                if key in result_keys(part.spec):
                    users.setdefault((part.title, col), []).append((whole, part, offset, key))
    for (title, col), found in users.items():
        if any(marks.wrote(whole.key, key) for whole, _, _, key in found):
            continue
        rows = sorted({int(r) for _, part, _, _ in found for r in part.frame.index})
        if not _filled(model.book.grids[title], rows, col):
            continue
        for whole, part, offset, key in found:
            part.author[key] = col
            part.computed.pop(key, None)
            _read(model, whole, part, offset, key, col)


def _filled(grid: Grid, rows: list[int], col: int) -> bool:
    if not rows:
        return False
    filled = sum(1 for r in rows if (r, col) in grid.formulas or not V.is_blank(grid.value(r, col)))
    return filled >= FILLED * len(rows)


def _read(model: Model, whole: Table, part: Table, offset: int, key: str, col: int) -> None:
    grid = model.book.grids[part.title]
    name = f"author_{key}"
    if name not in whole.frame:
        whole.frame[name] = pd.Series(pd.NA, index=whole.frame.index, dtype="object")
    for r in part.frame.index:
        raw = grid.value(int(r), col)
        try:
            value = V.parse_number(raw) if not isinstance(raw, str) or key not in (
                "status", "grade", "health") else V.parse_text(raw)
        except V.CellValueError:
            value = V.parse_text(raw)
        whole.frame.at[int(r) + offset, name] = value
    if whole is not part:
        part.frame[name] = whole.frame.loc[[int(r) + offset for r in part.frame.index],
                                           name].to_numpy()


AGREE = 0.8
"""A filled column whose values equal ours in at least this share of its rows is ours
(the state tab that remembers what was written can be lost)."""


def settle(model: Model, results: dict[str, pd.DataFrame]) -> None:
    """Give back to sheets-okr the claimed columns whose values are the ones it computes
    (a column shared by objective and key-result rows is judged over all of them)."""
    users: dict[tuple[str, int], list[tuple[Table, Table, int, str]]] = {}
    for whole in model:
        for part, offset in whole.pieces():
            if part.read_only:
                continue
            for key, col in part.author.items():
                users.setdefault((part.title, col), []).append((whole, part, offset, key))
    for (title, col), found in users.items():
        if _formulas(model.book.grids[title], found, col):
            continue  # sheets-okr writes values: a column of formulas is the author's
        pairs = [pair for whole, part, offset, key in found
                 for pair in _pairs(whole, part, offset, key, results.get(whole.key))]
        same = sum(1 for a, b in pairs if agree(a, b))
        if not pairs or same < AGREE * len(pairs):
            continue
        for whole, part, _, key in found:
            part.computed[key] = part.author.pop(key)
            if not any(key in p.author for p, _ in whole.pieces()):
                del whole.frame[f"author_{key}"]


def _formulas(grid: Grid, found: list[tuple[Table, Table, int, str]], col: int) -> bool:
    return any((int(r), col) in grid.formulas for _, part, _, _ in found
               for r in part.frame.index)


def _pairs(whole: Table, part: Table, offset: int, key: str,
           computed: pd.DataFrame | None) -> list[tuple[object, object]]:
    if computed is None or key not in computed:
        return []
    rows = [int(r) + offset for r in part.frame.index]
    theirs = whole.frame.loc[rows, f"author_{key}"].tolist()
    mine = computed.reindex(rows)[key].tolist()
    return [(a, b) for a, b in zip(theirs, mine, strict=True) if not _blank(a)]


def agree(theirs: object, ours: object) -> bool:
    """Whether the author's value and ours are the same up to rounding (0.5 % or half a
    thousandth, whichever is larger), or the same text.

    >>> agree(0.1397, 1420.89 / 10173.91), agree(0.74, 0.7412), agree(0.8, 0.74)
    (True, True, False)
    """
    if _blank(ours):
        return _blank(theirs)
    if isinstance(theirs, (int, float)) and isinstance(ours, (int, float)):
        return abs(theirs - ours) <= max(0.005 * max(abs(theirs), abs(ours)), 0.0005) or (
            abs(theirs - ours) <= 0.005 and max(abs(theirs), abs(ours)) <= 1.5)
    return normalize_name(theirs) == normalize_name(ours)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
