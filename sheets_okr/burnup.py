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
    objs = history[(history["type"] == "objective") & history["item"].isin(ids)]
    rows = []
    for day, group in objs.sort_values(["date", "row"]).groupby("date", sort=True):
        last = group.drop_duplicates("item", keep="last").set_index("item")
        line: list[Any] = [day]
        for ident in ids:
            if ident in last.index:
                line += [_plain(last.at[ident, "score"]), _plain(last.at[ident, "expected"])]
            else:
                line += [None, None]
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
    for first in range(0, len(ids), PER_CHART):
        chunk = ids[first:first + PER_CHART]
        data = burnup_rows(model, history, chunk)
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
