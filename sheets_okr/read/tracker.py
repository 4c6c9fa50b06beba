"""Trackers of entities over periods: one row per store (pair of sellers, region...) and
month (week...), metric columns each paired with its goal (``BOXES`` with ``BOXES GOALS``,
``RECEBIMENTO SEMANAL`` with ``META SEMANA``), the author's attainment beside them
(``BOXES % TARGET``). Subtotal rows are skipped; each metric becomes a KPI per entity
(its readings per period, each against its own goal) and one in total."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from .. import values as V
from ..config import Settings
from ..model import CellProblem, Grid, Model, Table
from ..schema import KPIS
from . import lexicon
from .build import make_table
from .detect import HeaderRow, _data_rows, header_text, title_block
from .kpi_sheets import reading_day
from .profile import profile
from .shape import Layout

TOTAL = "total"
ALL = "all rows"
DERIVED_IGNORES = "OKR107,OKR109,OKR110,OKR113"
TOTAL_IGNORES = "OKR107,OKR110,OKR113"
SEP = " · "
ROLE_SCORE = {"metric": 0.7, "metric_target": 0.9, "metric_progress": 0.6, "segment": 0.5,
              "date": 0.8}


def find(grid: Grid, header: HeaderRow, as_of: date,
         others: set[int] | None = None) -> Layout | None:
    """A tracker with its header at ``header.row``: entities, perhaps a period column,
    and at least one metric paired with its goal."""
    stop = {r for r in others or set() if r > header.row}
    rows = _data_rows(grid, header.row, min(header.texts), max(header.texts), stop)
    if len(rows) < 2:
        return None
    layout = Layout(grid.title, "kpi_tracker", [header.row], min(header.texts),
                    max(header.texts), rows=rows, headers=dict(header.texts),
                    defaults=title_block(grid, header.row - 1))
    numeric: list[int] = []
    for col, text in sorted(header.texts.items()):
        prof = profile(grid, col, rows)
        named = {m.role: m.score for m in lexicon.header_roles(text) if m.score >= 0.55}
        if lexicon.in_list(text, "helpers") or prof.constant and prof.numeric > 0.9:
            layout.ignored[col] = "a helper column"
        elif named.keys() & {"date", "period"} and prof.share(prof.dates) >= 0.6:
            layout.roles[col] = "date"
        elif named.keys() & {"segment", "name"} and prof.textual >= 0.6:
            layout.roles[col] = "segment"
        elif prof.numeric >= 0.6 and "progress" in named:
            layout.roles[col] = "metric_progress"
        elif prof.numeric >= 0.6 and "target" in named:
            layout.roles[col] = "metric_target"
        elif prof.numeric >= 0.6 and "id" in named and prof.unique >= 0.9:
            layout.ignored[col] = "an ID"
        elif prof.numeric >= 0.6:
            numeric.append(col)
        else:
            layout.ignored[col] = "not a number column"
    targets = [c for c, r in layout.roles.items() if r == "metric_target"]
    if not targets or not {"segment", "date"} & set(layout.roles.values()):
        return None
    if "segment" not in layout.roles.values() and not _repeated_dates(grid, layout):
        return None
    pairs = _pairs(layout, targets, numeric)
    if not pairs:
        return None
    layout.pairs = pairs
    for metric in pairs:
        layout.roles[metric] = "metric"
    for col in numeric:
        if col not in layout.roles:
            layout.ignored[col] = "a number with no goal beside it"
    for col in [c for c, r in layout.roles.items() if r == "metric_target"]:
        if col not in pairs.values():
            layout.roles.pop(col)
            layout.ignored[col] = "a goal with no metric beside it"
    layout.progress_of = _progress_columns(layout, pairs)
    for col, role in list(layout.roles.items()):
        if role == "metric_progress" and col not in layout.progress_of.values():
            layout.roles.pop(col)
            layout.ignored[col] = "a percentage of no metric here"
    layout.score = sum(ROLE_SCORE.get(r, 0.0) for r in layout.roles.values()) + 1.0
    return layout


def _repeated_dates(grid: Grid, layout: Layout) -> bool:
    """Whether several rows share a period (rows of unnamed entities, such as stores)."""
    col = next(c for c, r in layout.roles.items() if r == "date")
    days = [grid.value(r, col) for r in layout.rows if not V.is_blank(grid.value(r, col))]
    return len(set(days)) < len(days)


def refresh(layout: Layout) -> None:
    """Pair the metrics and goals of a layout whose roles were set by hand."""
    targets = [c for c, r in sorted(layout.roles.items()) if r == "metric_target"]
    metrics = [c for c, r in sorted(layout.roles.items()) if r == "metric"]
    layout.pairs = _pairs(layout, targets, metrics)
    layout.progress_of = _progress_columns(layout, layout.pairs)


def _stem(text: str) -> str:
    """A header's words without goal, target and percent words, each word singular."""
    drop = {"%", "goal", "goals", "target", "targets", "meta", "metas", "plan", "objetivo",
            "ziel", "cible", "hedef", "of", "de", "da", "do", "atingida", "achieved", "to"}
    words = [w for w in lexicon.tokens(text) if w not in drop]
    return " ".join(re.sub(r"(ies|s)$", lambda m: "y" if m[1] == "ies" else "", w)
                    for w in words)


def _pairs(layout: Layout, targets: list[int], numeric: list[int]) -> dict[int, int]:
    """Metric column -> its goal column: by name (``BOXES`` / ``BOXES GOALS``), else the one
    number column named as an actual, else the next number column."""
    out: dict[int, int] = {}
    free = list(numeric)
    for goal in targets:
        stem = _stem(layout.headers[goal])
        named = [c for c in free if stem and _stem(layout.headers[c]) == stem]
        actual = [c for c in free if "current" in {
            m.role for m in lexicon.header_roles(layout.headers[c]) if m.score >= 0.55}]
        after = [c for c in free if c > goal][:1]
        found = (named or (actual if len(actual) == 1 else []) or after)
        if found:
            out[found[0]] = goal
            free.remove(found[0])
    return out


def _progress_columns(layout: Layout, pairs: dict[int, int]) -> dict[int, int]:
    """Metric column -> the author's attainment column for it."""
    out: dict[int, int] = {}
    columns = [c for c, r in layout.roles.items() if r == "metric_progress"]
    for col in columns:
        stem = _stem(layout.headers[col])
        named = [m for m in pairs if stem and _stem(layout.headers[m]) == stem]
        if named:
            out[named[0]] = col
        elif len(pairs) == 1 and len(columns) == 1:
            out[next(iter(pairs))] = col
    return out


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    """A KPI per metric and entity (and one per metric in total), with a reading per row
    and period, each against its goal."""
    segments = [c for c, r in sorted(layout.roles.items()) if r == "segment"]
    date_col = next((c for c, r in layout.roles.items() if r == "date"), None)
    rows = [r for r in layout.rows if not subtotal(grid, r, segments, list(layout.pairs))]
    keys = _entity_columns(grid, rows, segments, date_col)
    months = date_col is not None and month_starts([grid.value(r, date_col) for r in rows])
    readings: list[tuple[Any, str, float | None, float | None, int, int, Any, bool]] = []
    totals: dict[tuple[str, Any], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        entity = SEP.join(str(V.parse_text(grid.value(r, c)) or "—") for c in keys) or ALL
        when = grid.value(r, date_col) if date_col else None
        if months and isinstance(when, date):
            when = f"{when.year}-{when.month:02d}"
        day = reading_day(when, as_of) if date_col else as_of
        if day is None:
            continue
        for metric, goal in layout.pairs.items():
            name = _metric_name(layout, metric)
            value, bad = _number(grid, r, metric, model, layout, name)
            target, _ = _number(grid, r, goal, model, layout, name)
            author = layout.progress_of.get(metric)
            readings.append((day, f"{name} [{entity}]", value, target, r, metric, author, bad))
            if value is not None and not bad:
                sums = totals[(name, day)]
                sums[0] += value
                sums[1] += target or 0.0
    return _tables(grid, layout, readings, totals, settings, model)


def month_starts(values: list[Any]) -> bool:
    """Whether a period column's dates all fall on the first of a month (a month each, as
    trackers keep them): its figures are the month's, read at the month's end.

    >>> month_starts([date(2026, 9, 1), date(2026, 10, 1)]), month_starts([date(2026, 9, 7)])
    (True, False)
    """
    days = {v for v in values if isinstance(v, date)}
    return bool(days) and all(d.day == 1 for d in days) and len(days) == len(
        {v for v in values if not V.is_blank(v)})


def subtotal(grid: Grid, row: int, segments: list[int], metrics: list[int]) -> bool:
    """A row of sums (SUM formulas) or one whose entity is a total or an average."""
    for col in metrics:
        text = grid.formula_text.get((row, col)) if grid.formula_text else None
        if text and re.match(r"^\+?\s*(SUM|SUBTOTAL|AVERAGE)\(", text.lstrip("="), re.I):
            return True
    for col in segments:
        words = set(lexicon.tokens(grid.value(row, col)))
        if words & {"total", "subtotal", "average", "sum", "totals", "avg"}:
            return True
    return False


def _entity_columns(grid: Grid, rows: list[int], segments: list[int],
                    date_col: int | None) -> list[int]:
    """The fewest segment columns (left first) that tell the rows of one period apart;
    all of them when none does."""
    for n in range(1, len(segments) + 1):
        keys = segments[:n]
        seen: set[tuple[Any, ...]] = set()
        unique = True
        for r in rows:
            key = (grid.value(r, date_col) if date_col else None,
                   *(grid.value(r, c) for c in keys))
            if key in seen:
                unique = False
                break
            seen.add(key)
        if unique:
            return keys
    return segments


def _metric_name(layout: Layout, metric: int) -> str:
    return " ".join(layout.headers[metric].split())


def _number(grid: Grid, row: int, col: int, model: Model, layout: Layout,
            name: str) -> tuple[float | None, bool]:
    raw = grid.value(row, col)
    try:
        return V.parse_number(raw, decimal_comma=layout.decimal_comma), False
    except V.CellValueError as exc:
        model.problems.append(CellProblem("kpi_history", grid.title, row, col, "value",
                                          header_text(layout.headers.get(col)) or "Value",
                                          raw, exc.expected, name))
        return None, True


def _tables(grid: Grid, layout: Layout, readings: list[Any],
            totals: dict[tuple[str, Any], list[float]], settings: Settings,
            model: Model) -> list[Table]:
    from .kpi_sheets import history_frame_with

    latest: dict[str, tuple[Any, float | None, int]] = {}
    goals: dict[tuple[str, Any], float] = defaultdict(float)
    for day, kpi, _, target, row, _, _, _ in readings:
        goals[(kpi, day)] += target or 0.0
        if kpi not in latest or day > latest[kpi][0]:
            latest[kpi] = (day, None, row)
    latest = {k: (d, goals[(k, d)], r) for k, (d, _, r) in latest.items()}
    metrics = sorted({_metric_name(layout, m) for m in layout.pairs})
    for name in metrics:
        days = [d for (n, d) in totals if n == name]
        if days:
            last = max(days)
            latest[f"{name} [{TOTAL}]"] = (last, totals[(name, last)][1], layout.header_row)
    ids = list(latest)
    names = [kpi.rsplit(" [", 1)[0] for kpi in ids]
    given = {"id": ids, "kpi": names, "target": [latest[k][1] for k in ids]}
    kpis = make_table(grid, replace(KPIS, computed=()), header_row=layout.header_row,
                      rows=list(range(len(ids))), columns={}, computed={},
                      last_col=layout.last_col, settings=settings, model=model, given=given)
    kpis.frame["segment"] = [kpi.rsplit(" [", 1)[1].rstrip("]") for kpi in ids]
    # KPIs derived from a tracker have no owner or frequency of their own to check.
    kpis.frame["ignore"] = pd.array(
        [DERIVED_IGNORES if not kpi.endswith(f"[{TOTAL}]") else TOTAL_IGNORES for kpi in ids],
        dtype="str")
    kpis.frame["aggregate"] = "sum"
    kpis.read_only = True
    for i, kpi in enumerate(ids):
        kpis.cells[(i, "")] = (latest[kpi][2], min(layout.pairs))
    for (name, day), (value, target) in sorted(totals.items()):
        readings.append((day, f"{name} [{TOTAL}]", value, target, layout.header_row,
                         min(layout.pairs), None, False))
    history = history_frame_with(grid, layout, readings)
    return [kpis, history]
