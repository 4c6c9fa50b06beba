"""The best guess for a tab nothing could be read from: its most table-like row as the
header, the kind whose columns claim their roles most strongly, a text column holding
names as the items' text, and every header that names a measure (Goal, Target, Actual...)
given that role. ``map`` shows it and ``map --write`` saves it for a person to correct."""

from __future__ import annotations

from datetime import date

from .. import values as V
from ..model import Grid
from . import lexicon
from .detect import HeaderRow, header_text, layout_at
from .plausible import doubt
from .profile import profile
from .shape import Layout

GUESS_KINDS = ("key_results", "kpis", "okr_single_table", "initiatives", "roi", "funnel",
               "objectives")
TEXT_KEY = {"key_results": "key_result", "kpis": "kpi", "okr_single_table": "text",
            "initiatives": "initiative", "objectives": "objective"}
MEASURE_KEYS = {"key_results": ("baseline", "target", "current", "progress"),
                "kpis": ("baseline", "target", "current", "warning"),
                "okr_single_table": ("baseline", "target", "current", "progress")}
MEASURE_ROLES = {"baseline", "target", "current", "progress", "warning"}
SCAN_ROWS = 30


def table_rows(grid: Grid) -> list[HeaderRow]:
    """Rows of two or more short labels, the most labels first."""
    found = []
    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        texts = {c: t for c, v in enumerate(grid.rows[r - 1], start=1)
                 if isinstance(v, str) and (t := header_text(v)) and len(t) <= 60}
        if len(texts) >= 2:
            found.append(HeaderRow(r, texts, len(texts)))
    return sorted(found, key=lambda h: (-h.known, h.row))


def guess_tab(grid: Grid, as_of: date) -> Layout | None:
    """The most likely reading of a tab detection could not read, marked as a guess."""
    best: Layout | None = None
    for header in table_rows(grid)[:3]:
        for kind in GUESS_KINDS:
            layout = layout_at(grid, header, kind, as_of, set())
            if not layout.rows:
                continue
            _name_column(grid, layout)
            _measures(layout)
            if best is None or layout.score > best.score:
                best = layout
    if best is not None:
        best.source = "guess"
        found = doubt(grid, best)
        if found is not None:
            best.doubt, best.doubt_cell = found.why, found.cell
            best.doubtful.update(found.columns)
            best.doubt_columns.update(found.columns)
    return best


def _name_column(grid: Grid, layout: Layout) -> None:
    """The first column of distinct short texts names the items when no header did."""
    key = TEXT_KEY.get(layout.kind)
    if key is None or key in layout.roles.values():
        return
    for col in sorted(layout.headers):
        if col in layout.roles:
            continue
        prof = profile(grid, col, layout.rows)
        if prof.cells >= 2 and prof.textual >= 0.8 and prof.unique >= 0.8:
            layout.roles[col] = key
            layout.doubtful.add(col)
            layout.ignored.pop(col, None)
            layout.score += 0.5
            return


def _measures(layout: Layout) -> None:
    """A header naming a measure is never left out: it gets that role, marked doubtful."""
    keys = MEASURE_KEYS.get(layout.kind, ())
    taken = set(layout.roles.values())
    for col, text in sorted(layout.headers.items()):
        if col in layout.roles or V.is_blank(text):
            continue
        for match in lexicon.header_roles(text):
            if match.role in MEASURE_ROLES and match.role in keys and match.role not in taken:
                layout.roles[col] = match.role
                layout.doubtful.add(col)
                layout.ignored.pop(col, None)
                taken.add(match.role)
                break
