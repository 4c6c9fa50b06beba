"""Readings too doubtful to score: a value and its target two orders of magnitude apart, a
column of percentages read as the target of a count, two readings about as likely that
would score different columns. Such a table is read but not scored; ``check`` and
``recompute`` say which tab and why (OKR131), ``map`` shows the best two readings."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .. import values as V
from ..model import Grid, a1
from .shape import Layout

APART = 100.0
"""A value and its target this many times apart (either way) do not belong together."""
THIN = 0.3
"""Readings whose claims differ by less than this are about as likely."""
MEASURES = ("baseline", "target", "current")


@dataclass(frozen=True)
class Doubt:
    tab: str
    cell: str
    why: str
    columns: tuple[int, ...] = ()
    """The columns whose role is in doubt: saved as ``ignore`` (marked) by map --write."""


def doubt(grid: Grid, layout: Layout) -> Doubt | None:
    """Why ``layout`` should not be scored, or None."""
    for value_col, target_col in _pairs(layout):
        values = _numbers(grid, layout, value_col)
        targets = _numbers(grid, layout, target_col)
        found = _apart(layout, value_col, target_col, values, targets) or _percent_target(
            layout, value_col, target_col, values, targets)
        if found:
            return found
    return _thin(layout)


def _pairs(layout: Layout) -> list[tuple[int, int]]:
    if layout.kind == "kpi_tracker":
        return list(layout.pairs.items())
    cols = layout.columns()
    if "current" in cols and "target" in cols:
        return [(cols["current"], cols["target"])]
    return []


def _numbers(grid: Grid, layout: Layout, col: int) -> dict[int, float]:
    out = {}
    for r in layout.rows:
        try:
            number = V.parse_number(grid.value(r, col), decimal_comma=layout.decimal_comma)
        except V.CellValueError:
            continue
        if number is not None:
            out[r] = number
    return out


def _header(layout: Layout, col: int) -> str:
    return " ".join((layout.headers.get(col) or "").split()) or a1(layout.header_row, col)


def _apart(layout: Layout, value_col: int, target_col: int, values: dict[int, float],
           targets: dict[int, float]) -> Doubt | None:
    ratios = [(abs(values[r]) / abs(targets[r]), r) for r in values
              if r in targets and values[r] and targets[r]]
    if len(ratios) < 2:
        return None
    middle = statistics.median(x for x, _ in ratios)
    if 1 / APART <= middle <= APART:
        return None
    _, row = min(ratios, key=lambda x: abs(x[0] - middle))
    times = middle if middle > 1 else 1 / middle
    which = "larger" if middle > 1 else "smaller"
    why = (f"'{_header(layout, value_col)}' is about {times:,.0f} times {which} than "
           f"'{_header(layout, target_col)}' (row {row}: {_show(values[row])} against "
           f"{_show(targets[row])}); they do not read as a value and its target")
    return Doubt(layout.title, a1(row, value_col), why, (value_col,))


def _percent_target(layout: Layout, value_col: int, target_col: int,
                    by_row: dict[int, float], targets_by_row: dict[int, float]
                    ) -> Doubt | None:
    values = list(by_row.values())
    targets = list(targets_by_row.values())
    if len(values) < 2 or len(targets) < 2:
        return None
    shares = all(0 <= t <= 1.5 for t in targets) and any(not float(t).is_integer()
                                                         for t in targets)
    counts = sum(1 for v in values if float(v).is_integer() and v > 1.5) >= 0.8 * len(values)
    if not (shares and counts):
        return None
    why = (f"'{_header(layout, target_col)}' holds shares (0 to 1) while "
           f"'{_header(layout, value_col)}' holds counts; a percentage is not the target of "
           "a count")
    return Doubt(layout.title, a1(layout.header_row, target_col), why, (target_col,))


def _thin(layout: Layout) -> Doubt | None:
    """The next reading is about as likely and would score other columns."""
    for other in layout.alternatives:
        if layout.score - other.score >= THIN:
            return None
        mine = {k: c for k, c in layout.columns().items() if k in MEASURES}
        theirs = {k: c for k, c in other.columns().items() if k in MEASURES}
        if mine and theirs and mine != theirs:
            return Doubt(layout.title, a1(layout.header_row, layout.first_col),
                         f"two readings are about as likely: {_measures(mine, layout)} or "
                         f"{_measures(theirs, other)}")
    return None


def _measures(cols: dict[str, int], layout: Layout) -> str:
    return ", ".join(f"{key} = '{_header(layout, col)}'" for key, col in sorted(cols.items()))


def _show(number: float) -> str:
    return f"{number:,.2f}".rstrip("0").rstrip(".")


_SHEET_REF = re.compile(r"(?:'[^']+'|[A-Za-z_][\w.]*)!\$?[A-Z]{1,3}\$?[0-9]")


def derived(grid: Grid, layout: Layout) -> str | None:
    """The tabs a table is computed from, when most of its cells are formulas over other
    tabs (an author's summary of the tabs that hold the data): it is not read again."""
    if not grid.formula_text:
        return None
    cells = [(r, c) for r in layout.rows for c in layout.roles]
    values = [(r, c) for r, c in cells if not V.is_blank(grid.value(r, c))
              and not isinstance(grid.value(r, c), str)]
    sources: set[str] = set()
    over = typed = 0
    for where in values:
        text = grid.formula_text.get(where)
        found = _SHEET_REF.findall(text or "")
        if found:
            over += 1
            sources.update(ref.split("!")[0].strip("'") for ref in found)
        elif text is None:
            typed += 1
        # a formula over this tab's own cells (a variance beside the figures) follows them
    if over < 4 or over < 0.8 * (over + typed):
        return None
    return ", ".join(sorted(sources - {grid.title}))
