"""KPIs laid out as groups of rows: ``<KPI> PY`` / ``<KPI> Act`` / ``<KPI> Plan`` rows (per
state, store or region) with one column per month, as balanced scorecards keep them.
Each KPI and segment gets its actuals as readings, each against the plan of its month,
the prior year as its baseline; total rows are skipped, and the author's own ``Total``
column (a SUM or an AVERAGE) says how a year adds up."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table
from ..schema import KPIS
from . import lexicon
from .bands import column_period
from .build import make_table
from .detect import HeaderRow, _data_rows, default_year, header_text, title_block
from .kpi_sheets import history_frame_with, reading_day
from .shape import Layout
from .tracker import DERIVED_IGNORES, SEP, TOTAL_IGNORES, subtotal

PLAIN = "current"
"""A label with no suffix (``No of sales``) is the actual."""


def find(grid: Grid, header: HeaderRow, as_of: date) -> Layout | None:
    """Row groups under ``header``: a label column whose labels end in Plan / Act / PY, one
    column per period, perhaps a segment column and a total column."""
    year = default_year(title_block(grid, header.row - 1), as_of)
    periods = {c: p for c, v in enumerate(grid.rows[header.row - 1], start=1)
               if (p := column_period(v, year)) is not None}
    if len(periods) < 3:
        return None
    first = min(periods)
    last = max([*periods, *header.texts])
    rows = _data_rows(grid, header.row, 1, last, set())
    label = _label_column(grid, rows, first)
    if label is None:
        return None
    layout = Layout(grid.title, "kpi_rows", [header.row], 1, last, rows=rows,
                    headers={c: header_text(v) or "" for c, v in enumerate(
                        grid.rows[header.row - 1], start=1) if not V.is_blank(v)},
                    defaults=title_block(grid, header.row - 1))
    layout.roles[label] = "label"
    for col, text in layout.headers.items():
        if col in periods:
            layout.roles[col] = "period"
        elif col != label and col < first and _is_segment(grid, rows, col):
            layout.roles[col] = "segment"
        elif col > max(periods) and lexicon.in_list(text, "subtotals"):
            layout.roles[col] = "total"
        elif col != label:
            layout.ignored[col] = "not a reading"
    layout.periods = {c: p.label for c, p in periods.items()}
    layout.score = 2.0 + 0.3 * len(periods)
    return layout


def _label_column(grid: Grid, rows: list[int], before: int) -> int | None:
    """The column left of the periods whose labels mostly end in Plan / Act / PY."""
    for col in range(1, before):
        labels = [grid.value(r, col) for r in rows if isinstance(grid.value(r, col), str)]
        kinds = [lexicon.split_suffix(t) for t in labels]
        found = {k[1] for k in kinds if k is not None}
        if len(labels) >= 3 and sum(k is not None for k in kinds) * 2 >= len(labels) and \
                {"current", "target"} <= found | {PLAIN}:
            return col
    return None


def _is_segment(grid: Grid, rows: list[int], col: int) -> bool:
    values = [grid.value(r, col) for r in rows if not V.is_blank(grid.value(r, col))]
    return bool(values) and all(isinstance(v, str) and len(v) <= 40 for v in values)


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    """A KPI per name and segment with its monthly actuals against plan."""
    label = next(c for c, r in layout.roles.items() if r == "label")
    segments = [c for c, r in sorted(layout.roles.items()) if r == "segment"]
    total = next((c for c, r in layout.roles.items() if r == "total"), None)
    rows = [r for r in layout.rows if not subtotal(grid, r, segments, [])]
    series: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    aggregate: dict[str, str] = {}
    for r in rows:
        text = grid.value(r, label)
        if not isinstance(text, str) or not text.strip():
            continue
        name, role = lexicon.split_suffix(text) or (" ".join(text.split()), PLAIN)
        entity = SEP.join(str(V.parse_text(grid.value(r, c)) or "—") for c in segments)
        series[(name, entity)].setdefault(role, r)
        if total is not None and role in (PLAIN, "current"):
            aggregate.setdefault(name, _rule(grid.formula_text.get((r, total), "")))
    readings: list[Any] = []
    latest: dict[str, tuple[Any, float | None, float | None, int]] = {}
    for (name, entity), found in series.items():
        actual = found.get("current") or found.get(PLAIN)
        if actual is None:
            continue
        kpi = f"{name} [{entity}]" if entity else name
        plan, prior = found.get("target"), found.get("baseline")
        for col, period in sorted(layout.periods.items()):
            value = _number(grid, actual, col)
            day = reading_day(period, as_of)
            if value is None or day is None or day > as_of:
                continue
            target = _number(grid, plan, col) if plan else None
            readings.append((day, kpi, value, target, actual, col, None, False))
            base = _number(grid, prior, col) if prior else None
            if kpi not in latest or day >= latest[kpi][0]:
                latest[kpi] = (day, target, base, actual)
    return _tables(grid, layout, readings, latest, aggregate, settings, model)


def _rule(formula: str) -> str:
    text = formula.lstrip("=+ ").upper()
    if re.match(r"(AVERAGE|AVG|MEAN)\(", text):
        return "mean"
    return "sum" if re.match(r"SUM\(", text) else ""


def _number(grid: Grid, row: int | None, col: int) -> float | None:
    if row is None:
        return None
    try:
        return V.parse_number(grid.value(row, col))
    except V.CellValueError:
        return None


def _tables(grid: Grid, layout: Layout, readings: list[Any],
            latest: dict[str, tuple[Any, float | None, float | None, int]],
            aggregate: dict[str, str], settings: Settings, model: Model) -> list[Table]:
    ids = list(latest)
    names = [k.rsplit(" [", 1)[0] for k in ids]
    given = {"id": ids, "kpi": names, "target": [latest[k][1] for k in ids],
             "baseline": [latest[k][2] for k in ids]}
    kpis = make_table(grid, replace(KPIS, computed=()), header_row=layout.header_row,
                      rows=list(range(len(ids))), columns={}, computed={},
                      last_col=layout.last_col, settings=settings, model=model, given=given)
    kpis.frame["segment"] = [k.rsplit(" [", 1)[1].rstrip("]") if " [" in k else None
                             for k in ids]
    kpis.frame["aggregate"] = pd.array([aggregate.get(n) or None for n in names], dtype="str")
    kpis.frame["ignore"] = pd.array([DERIVED_IGNORES if " [" in k else TOTAL_IGNORES
                                     for k in ids], dtype="str")
    label = next(c for c, r in layout.roles.items() if r == "label")
    for i, kpi in enumerate(ids):
        kpis.cells[(i, "")] = (latest[kpi][3], label)
    kpis.read_only = True
    return [kpis, history_frame_with(grid, layout, readings)]
