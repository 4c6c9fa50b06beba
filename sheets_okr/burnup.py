"""The Dashboard's burn-up: each objective's score over the period against its expected
progress, from the History tab, a few objectives per chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .changes import ChartSeries
from .model import Model

PER_CHART = 3


def burnup_rows(model: Model, history: pd.DataFrame, ids: list[str]) -> list[list[Any]]:
    """One row per check-in date: the date, then each objective's score and expected."""
    return _rows(_by_date(history, ids), ids)


def _by_date(history: pd.DataFrame, ids: list[str]) -> dict[Any, dict[str, tuple[Any, Any]]]:
    """Each check-in date's latest score and expected per objective of ``ids``."""
    objs = history[(history["type"] == "objective") & history["item"].isin(ids)]
    objs = objs.sort_values(["date", "row"])
    days: dict[Any, dict[str, tuple[Any, Any]]] = {}
    for day, item, score, expected in zip(objs["date"].tolist(), objs["item"].tolist(),
                                          objs["score"].tolist(), objs["expected"].tolist(),
                                          strict=True):
        days.setdefault(day, {})[item] = (_plain(score), _plain(expected))
    return dict(sorted(days.items()))


def _rows(days: dict[Any, dict[str, tuple[Any, Any]]], ids: list[str]) -> list[list[Any]]:
    rows = []
    for day, last in days.items():
        if not any(ident in last for ident in ids):
            continue
        line: list[Any] = [day]
        for ident in ids:
            line += list(last.get(ident, (None, None)))
        rows.append(line)
    return rows


def _plain(value: Any) -> float | None:
    """A score as a plain float (None when missing)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def add_burnups(layout: Any, model: Model, history: pd.DataFrame | None) -> None:
    """A table and a line chart per group of objectives, once there are two check-ins."""
    if history is None or history.empty:
        return
    table = model.tables.get("objectives")
    if table is None or "id" not in table.frame:
        return
    recorded = set(history.loc[history["type"] == "objective", "item"])
    ids = [str(i) for i in table.frame["id"].dropna().astype(str) if str(i) in recorded]
    ids = list(dict.fromkeys(ids))
    days = _by_date(history, ids)
    for first in range(0, len(ids), PER_CHART):
        chunk = ids[first:first + PER_CHART]
        data = _rows(days, chunk)
        if len(data) < 2:
            return
        header = ["Date"]
        series = []
        for n, ident in enumerate(chunk):
            header += [f"{ident} score", f"{ident} expected"]
            series += [ChartSeries(f"{ident} score", 2 + 2 * n, "line"),
                       ChartSeries(f"{ident} expected", 3 + 2 * n, "line")]
        names = ", ".join(chunk)
        where = layout.table(f"Objective score over the period vs expected: {names}",
                             header, data)
        layout.chart(f"burnup:{chunk[0]}", f"Score vs expected over the period: {names}",
                     where, series, percent=True)
