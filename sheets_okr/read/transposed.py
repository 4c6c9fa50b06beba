"""OKRs laid out sideways: one objective per column (its title in one row, perhaps a
description below it), and rows labelled ``KEY RESULT 1``, ``KEY RESULT 2``… in a label
column, each holding every objective's key result in that objective's column. The period
is a date range or a period in the rows above (``01/01/2026 - 31/03/2026``). Key results
are milestones (done / not done) until the sheet gives them a value; nothing is written
into the tab."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table, spans
from ..schema import KEY_RESULTS, OBJECTIVES
from . import lexicon
from .bands import band_period
from .build import make_table
from .detect import SCAN_ROWS, HeaderRow, header_rows, header_text, title_block
from .shape import Band, Layout

KIND = "okr_transposed"
ROLES = ("label", "objective")
_NUMBERED = re.compile(r"^\s*(?P<word>.*?)[\s#:.\-–]*(?P<n>\d{1,2})\s*[:.)]?\s*$")


def row_label(text: Any, role: str) -> int | None:
    """The number of a row label naming ``role`` (``KEY RESULT 2`` → 2 for key_result,
    ``KR1`` → 1); 0 for the label without a number; None for anything else.

    >>> row_label("KEY RESULT 2", "key_result"), row_label("KR1", "key_result")
    (2, 1)
    >>> row_label("Objective", "objective"), row_label("Revenue 2", "key_result")
    (0, None)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = _NUMBERED.match(text)
    word, number = (found["word"], int(found["n"])) if found and found["word"].strip() \
        else (text, 0)
    roles = lexicon.header_roles(word.strip(" :"))
    if roles and roles[0].role == role and roles[0].score >= 0.9:
        return number
    return None


def find(grid: Grid, as_of: date, header_candidates: list[HeaderRow] | None = None
         ) -> Layout | None:
    """Objectives across a row with their key results below, or None."""
    found = _label_column(grid)
    if found is None:
        return None
    label_col, kr_rows = found
    candidates = [c for c in range(label_col + 1, grid.width + 1)
                  if any(_text(grid.value(r, c)) for r in kr_rows)]
    if not candidates:
        return None
    top = _objective_row(grid, label_col, kr_rows[0], candidates)
    if top is None:
        return None
    objectives = [c for c in candidates if _text(grid.value(top, c))]
    labelled = row_label(grid.value(top, label_col), "objective") is not None
    headers = header_rows(grid) if header_candidates is None else header_candidates
    if len(objectives) < (1 if labelled else 2) or any(h.row == top for h in headers):
        return None
    cells = [grid.value(r, c) for r in kr_rows for c in objectives]
    filled = [v for v in cells if not V.is_blank(v)]
    if sum(1 for v in filled if _text(v)) < 0.6 * len(filled):
        return None
    layout = Layout(grid.title, KIND, [top], label_col, max(objectives), rows=kr_rows,
                    defaults=title_block(grid, top - 1))
    layout.headers = {label_col: header_text(grid.value(kr_rows[0], label_col)) or "",
                      **{c: " ".join(str(header_text(grid.value(top, c))).split())
                         for c in objectives}}
    layout.roles = {label_col: "label", **{c: "objective" for c in objectives}}
    _period(grid, layout, top)
    layout.score = 2.0 + 0.5 * len(objectives) + 0.1 * len(kr_rows)
    return layout


def _text(value: Any) -> bool:
    """A cell holding words (not a number, a date or a mark)."""
    return isinstance(value, str) and not V.is_blank(value) and any(
        ch.isalpha() for ch in value) and len(value.strip()) > 2


def _label_column(grid: Grid) -> tuple[int, list[int]] | None:
    """The column with the most key-result row labels (two at least), and their rows."""
    by_col: dict[int, list[int]] = {}
    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        for c, value in enumerate(grid.rows[r - 1], start=1):
            if row_label(value, "key_result") is not None:
                by_col.setdefault(c, []).append(r)
    best = max(by_col.items(), key=lambda kv: (len(kv[1]), -kv[0]), default=None)
    return best if best is not None and len(best[1]) >= 2 else None


def _objective_row(grid: Grid, label_col: int, first_kr: int,
                   columns: list[int]) -> int | None:
    """The row of the objectives' titles: a row labelled as such above the key results,
    else the top of the block of filled rows right above them (descriptions below it)."""
    block: list[int] = []
    for r in range(first_kr - 1, 0, -1):
        label = grid.value(r, label_col)
        if row_label(label, "objective") is not None:
            return r
        filled = sum(1 for c in columns if _text(grid.value(r, c)))
        if filled < max(1, len(columns) / 2) or not (V.is_blank(label) or _described(label)):
            break
        block.append(r)
    return min(block) if block else None


def _described(label: Any) -> bool:
    found = lexicon.header_roles(str(label))
    return bool(found) and found[0].role in ("text", "note") and found[0].score >= 0.9


def _period(grid: Grid, layout: Layout, top: int) -> None:
    """The period above the objectives: a labelled one, else the first cell that reads
    as a period or a date range; the tab's name last."""
    texts = [str(v) for r in range(1, top) for v in grid.rows[r - 1]
             if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    day_first = V.guess_day_first(t for t in texts if t[:1].isdigit())
    layout.day_first = day_first
    candidates = [layout.defaults.get("period"), *texts, grid.title]
    for text in candidates:
        period = read_period(text, day_first)
        if period is not None:
            layout.defaults["period"] = " ".join(str(text).split())
            layout.band = Band(layout.defaults["period"], period)
            return


def read_period(text: Any, day_first: bool | None) -> V.Period | None:
    """A period or date range typed in a cell (``01/01/2026 - 31/03/2026``, ``Q1 2026``);
    with ``day_first`` unknown, a range that reads only one way is read that way.

    >>> read_period("01/01/2026 - 31/03/2026", None).end
    datetime.date(2026, 3, 31)
    """
    if text is None or not any(ch.isdigit() for ch in str(text)):
        return None
    found = band_period(text)
    if found is not None:
        return found
    ways = [day_first] if day_first is not None else [False, True]
    read = []
    for first in ways:
        try:
            read.append(V.parse_period(str(text).strip(), day_first=first))
        except V.CellValueError:
            continue
    return read[0] if read else None


def refresh(grid: Grid, layout: Layout, as_of: date) -> None:
    """After a mapping: the key-result rows of the label column and the period."""
    label_col = next((c for c, r in layout.roles.items() if r == "label"), None)
    if label_col is not None and not layout.rows:
        layout.rows = [r for r in range(layout.header_row + 1, min(grid.height, SCAN_ROWS) + 1)
                       if row_label(grid.value(r, label_col), "key_result") is not None]
    period = read_period(layout.defaults.get("period"), layout.day_first)
    layout.band = Band(layout.defaults["period"], period) if period is not None else None


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    """The objectives and key results of the tab, both read-only."""
    top = layout.header_row
    label_col = next((c for c, r in layout.roles.items() if r == "label"), None)
    columns = sorted(c for c, r in layout.roles.items() if r == "objective")
    objectives: list[tuple[str, str, int]] = []
    for col in columns:
        title = V.parse_text(grid.value(top, col))
        if title:
            objectives.append((str(len(objectives) + 1), " ".join(title.split()), col))
    krs: list[tuple[str, str, str, int, int]] = []
    for ordinal, r in enumerate(layout.rows, start=1):
        number = row_label(grid.value(r, label_col), "key_result") if label_col else None
        for ident, _, col in objectives:
            text = V.parse_text(grid.value(r, col))
            if text:
                krs.append((f"{ident}.{number or ordinal}", ident, " ".join(text.split()), r,
                            col))
    period = layout.band.period if layout.band is not None else None
    owner, team = layout.defaults.get("owner"), layout.defaults.get("team")
    common: dict[str, Any] = {"settings": settings, "model": model,
                              "header_row": top, "columns": {}, "computed": {},
                              "last_col": layout.last_col}
    n = len(objectives)
    objective_table = make_table(grid, replace(OBJECTIVES, computed=()),
                                 rows=list(range(n)), given={
                                     "id": [o[0] for o in objectives],
                                     "objective": [o[1] for o in objectives],
                                     "owner": [owner] * n, "team": [team] * n,
                                     "start": [period.start if period else None] * n,
                                     "end": [period.end if period else None] * n},
                                 **common)
    kr_table = make_table(grid, replace(KEY_RESULTS, computed=()), rows=list(range(len(krs))),
                          given={"id": [k[0] for k in krs], "objective": [k[1] for k in krs],
                                 "key_result": [k[2] for k in krs],
                                 "kind": ["milestone"] * len(krs),
                                 "owner": [owner] * len(krs)}, **common)
    for i, (_, _, col) in enumerate(objectives):
        anchor(objective_table, i, (top, col))
    for i, (_, _, _, r, col) in enumerate(krs):
        anchor(kr_table, i, (r, col))
    for table in (objective_table, kr_table):
        table.read_only = True
    return [objective_table, kr_table]


def anchor(table: Table, index: int, cell: tuple[int, int]) -> None:
    """Every column of item ``index`` points at ``cell`` (the item's own cell), so that a
    flag about any of its values names it."""
    keys = ["", *(c.key for c in table.spec.columns), *(c.key for c in table.spec.computed)]
    for key in keys:
        table.cells[(index, key)] = cell


def describe(tables: list[Table], layout: Layout) -> list[str]:
    """What ``map`` says was read."""
    objectives = next((t for t in tables if t.key == "objectives"), None)
    krs = next((t for t in tables if t.key == "key_results"), None)
    if objectives is None or krs is None:
        return [f"  objectives in row {layout.header_row}; key results in rows "
                f"{spans(layout.rows)} (not read)"]
    lines = [f"  objectives: {len(objectives.frame)} across row {layout.header_row} "
             f"(one per column); key results: {len(krs.frame)} in rows {spans(layout.rows)}, "
             "done / not done, no value yet"]
    if layout.band is not None and layout.band.period is not None:
        p = layout.band.period
        lines.append(f"  period: {layout.band.label} ({p.start.isoformat()} to "
                     f"{p.end.isoformat()})")
    lines.append("  nothing is written into this tab: results go to the Flags and Dashboard "
                 "tabs and to JSON output")
    return lines
