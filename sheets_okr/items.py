"""Every item a workbook holds (objective, key result, KPI, initiative, ROI row, funnel
step) with where it is and every value computed for it: the machine-readable results of
``recompute --format json`` and ``check --format json --items`` (schema: docs/json.md)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from .model import Table
from .run import Analysis

KINDS = {"objectives": "objective", "key_results": "key_result", "kpis": "kpi",
         "initiatives": "initiative", "roi": "roi", "funnel": "funnel_step",
         "funnel_stages": "funnel_step"}
TITLES = {"objectives": "objective", "key_results": "key_result", "kpis": "kpi",
          "initiatives": "initiative", "roi": "period", "funnel": "period",
          "funnel_stages": "stage"}
INPUTS = {"key_results": ("baseline", "target", "current"),
          "kpis": ("baseline", "target", "warning", "current", "direction", "unit"),
          "initiatives": ("investment", "return"),
          "roi": ("investment", "return"),
          "funnel": ("visits", "conversions", "channel"),
          "funnel_stages": ("count", "stage_order")}
HIDDEN = {"current_used", "baseline_used", "kind_used", "window_used", "history"}


def plain(value: Any) -> Any:
    """A value as JSON has it: None for blanks and non-finite numbers, ISO dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else round(number, 6)
    return str(value)


def items(analysis: Analysis) -> list[dict[str, Any]]:
    """One entry per item, in tab order, then row order."""
    out: list[dict[str, Any]] = []
    for key, kind in KINDS.items():
        table = analysis.model.tables.get(key)
        results = analysis.results.get(key)
        if table is None:
            continue
        out.extend(_items(table, results, kind))
    return out


def _items(table: Table, results: pd.DataFrame | None, kind: str) -> list[dict[str, Any]]:
    frame = table.frame
    res = results.reindex(frame.index) if results is not None else pd.DataFrame(
        index=frame.index)
    columns = [c for c in res.columns if c not in HIDDEN]
    inputs = [c for c in INPUTS.get(table.key, ()) if c in frame.columns]
    authors = [c for c in frame.columns if c.startswith("author_")]
    id_key = table.spec.id_column
    title_key = TITLES[table.key]
    scoped = bool(table.parts)
    out = []
    for row in frame.index:
        part = table.part_of(row)
        entry: dict[str, Any] = {
            "kind": kind,
            "tab": part.title,
            "row": _sheet_row(table, row),
            "id": plain(frame.at[row, id_key]) if id_key in frame else None,
            "title": plain(frame.at[row, title_key]) if title_key in frame else None,
            "scope": part.title if scoped else None,
        }
        entry["segment"] = plain(frame.at[row, "segment"]) if "segment" in frame else None
        entry["inputs"] = {c: plain(frame.at[row, c]) for c in inputs}
        entry["values"] = {c: plain(res.at[row, c]) for c in columns}
        entry["author"] = {c.removeprefix("author_"): plain(frame.at[row, c])
                           for c in authors if plain(frame.at[row, c]) is not None}
        out.append(entry)
    return out


def _sheet_row(table: Table, row: Any) -> int | None:
    part = table.part_of(row)
    local = table.sheet_row(row)
    if (local, "") in part.cells:
        return part.cells[(local, "")][0]
    return int(local) if isinstance(local, (int, np.integer)) else None
