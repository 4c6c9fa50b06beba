"""The Dashboard tab: small data tables and the native charts that point at them,
and the colours of the Status, Grade and Health columns. Backend-neutral."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .calc import Results
from .changes import (
    ChartSeries,
    ChartSpec,
    ConditionalRule,
    RangeFormats,
    cell_values,
    to_cell_value,
)
from .config import Settings
from .model import Model
from .schema import PERCENT

SWEET_SPOT = 0.7
KPI_READINGS = 60
CHART_COL = 8
CHART_ROWS = 20
TITLE = "Dashboard: written by sheets-okr on every recompute; edits here are replaced."

STATUS_COLOURS = {
    "achieved": "green", "on track": "green", "at risk": "amber", "off track": "red",
    "missed": "red", "no data": "grey",
}
GRADE_COLOURS = {"green": "green", "yellow": "amber", "red": "red"}
HEALTH_COLOURS = {"healthy": "green", "warning": "amber", "breach": "red", "stale": "grey",
                  "no data": "grey"}
COLOURED = {
    "objectives": {"status": STATUS_COLOURS},
    "key_results": {"status": STATUS_COLOURS, "grade": GRADE_COLOURS},
    "kpis": {"health": HEALTH_COLOURS},
}
COLOUR_ROWS = 1000


@dataclass
class Dashboard:
    rows: list[list[Any]]
    charts: list[ChartSpec]
    bold_rows: tuple[int, ...] = ()
    formats: Mapping[tuple[int, int], str] = field(default_factory=dict)


class _Layout:
    """Stacks data tables down columns A-E and charts down column H."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = [[TITLE], []]
        self.charts: list[ChartSpec] = []
        self.bold: list[int] = [1]
        self.formats = RangeFormats()

    def table(self, heading: str, header: list[str], data: list[list[Any]]) -> tuple[int, int, int]:
        self.rows.append([heading])
        header_row = len(self.rows) + 1
        self.bold.extend([header_row - 1, header_row])
        self.rows.append(list(header))
        self.rows.extend(data)
        last = len(self.rows)
        self.rows.append([])
        return header_row, header_row + 1, last

    def chart(self, key: str, title: str, where: tuple[int, int, int],
              series: list[ChartSeries], percent: bool = False, horizontal: bool = False) -> None:
        header_row, first, last = where
        if last < first:
            return
        if percent:
            for s in series:
                self.formats.add(first, last, s.col, PERCENT)
        anchor = 3 + CHART_ROWS * len(self.charts)
        self.charts.append(ChartSpec(key, title, header_row, first, last, 1, tuple(series),
                                     anchor, CHART_COL, percent, horizontal=horizontal))


def build_dashboard(model: Model, results: Results, settings: Settings,
                    history: pd.DataFrame | None = None) -> Dashboard:
    """The Dashboard's rows and charts for one analysis (``history``: the check-ins of
    the History tab, for the burn-up charts)."""
    from .burnup import add_burnups

    layout = _Layout()
    _objectives(layout, model, results)
    add_burnups(layout, model, history)
    _key_results(layout, model, results)
    _kpis(layout, model, results, settings)
    _roi(layout, model, results)
    _funnel(layout, model, results)
    return Dashboard(layout.rows, layout.charts, tuple(layout.bold), layout.formats)


def _label(ident: Any, text: Any, width: int = 32) -> str:
    ident = to_cell_value(ident) or "?"
    text = to_cell_value(text) or ""
    label = f"{ident} {text}".strip()
    return label if len(label) <= width else label[: width - 1] + "…"


def _column(frame: pd.DataFrame, key: str, index: pd.Index) -> list[Any]:
    """A column's values as a list in ``index`` order (None where it is missing)."""
    if key not in frame:
        return [None] * len(index)
    return frame[key].reindex(index).astype("object").tolist()


def _cells(frame: pd.DataFrame, key: str, index: pd.Index) -> list[Any]:
    """:func:`to_cell_value` of each of a column's values in ``index`` order (None where
    it is missing)."""
    if key not in frame:
        return [None] * len(index)
    return cell_values(frame[key].reindex(index))


def _objectives(layout: _Layout, model: Model, results: Results) -> None:
    frame = model.tables["objectives"].frame
    res = results.tables["objectives"]
    idx = frame.index
    data = [[_label(i, t), s, SWEET_SPOT] for i, t, s in zip(
        _column(frame, "id", idx), _column(frame, "objective", idx), _cells(res, "score", idx),
        strict=True)]
    where = layout.table("Objective scores", ["Objective", "Score", "Sweet spot"], data)
    layout.chart("objective-scores", "Objective scores", where,
                 [ChartSeries("Score", 2, "column"), ChartSeries("Sweet spot", 3, "line")],
                 percent=True)


def _key_results(layout: _Layout, model: Model, results: Results) -> None:
    frame = model.tables["key_results"].frame
    res = results.tables["key_results"]
    idx = frame.index
    data = [[i or f"row {r}", s, e]
            for r, i, s, e in zip(idx, _cells(frame, "id", idx), _cells(res, "score", idx),
                                  _cells(res, "expected", idx), strict=True)]
    where = layout.table("Key-result progress", ["Key result", "Progress", "Expected"], data)
    layout.chart("kr-progress", "Key-result progress vs expected", where,
                 [ChartSeries("Progress", 2, "column"), ChartSeries("Expected", 3, "column")],
                 percent=True)


def _kpis(layout: _Layout, model: Model, results: Results, settings: Settings) -> None:
    kpis = model.tables.get("kpis")
    res = results.get("kpis")
    groups = results.kpi_positions()
    if kpis is None or res is None or not groups:
        return
    rank = {"breach": 0, "warning": 1, "stale": 2}
    chosen = []
    idx = kpis.frame.index
    for row, ident, error, health in zip(idx, _column(kpis.frame, "id", idx),
                                         _column(kpis.frame, "_error", idx),
                                         _column(res, "health", idx), strict=True):
        ident = to_cell_value(ident)
        mine = groups.get(str(ident).strip()) if ident is not None and not error else None
        if mine is None or not len(mine):
            continue
        chosen.append((rank.get(str(to_cell_value(health)), 3), row, ident, mine))
    chosen.sort(key=lambda t: (t[0], t[1]))
    for _, row, ident, mine in chosen[: settings.max_kpi_charts]:
        mine = results.readings.iloc[mine].tail(KPI_READINGS)
        target = to_cell_value(kpis.frame.at[row, "target"])
        warning = to_cell_value(kpis.frame.at[row, "warning"])
        data = [[to_cell_value(d), to_cell_value(v), target, warning]
                for d, v in zip(mine["date"], mine["value"], strict=True)]
        name = _label(ident, kpis.frame.at[row, "kpi"], 48)
        where = layout.table(f"KPI {name}", ["Date", "Value", "Target", "Warning"], data)
        unit = to_cell_value(kpis.frame.at[row, "unit"])
        series = [ChartSeries(f"{ident}", 2, "line")]
        if target is not None:
            series.append(ChartSeries("Target", 3, "line"))
        if warning is not None:
            series.append(ChartSeries("Warning", 4, "line"))
        layout.chart(f"kpi:{ident}", name, where, series,
                     percent=str(unit).strip() == "%")


def _roi(layout: _Layout, model: Model, results: Results) -> None:
    table = model.tables.get("roi")
    res = results.get("roi")
    if table is None or res is None or table.frame.empty:
        return
    frame = table.frame
    data = [[to_cell_value(frame.at[r, "period"]), to_cell_value(res.at[r, "roi"]),
             to_cell_value(res.at[r, "cumulative_roi"])] for r in results.in_order("roi")]
    where = layout.table("ROI by period", ["Period", "ROI", "Cumulative ROI"], data)
    layout.chart("roi", "ROI by period", where,
                 [ChartSeries("ROI", 2, "column"), ChartSeries("Cumulative ROI", 3, "line")],
                 percent=True)


def _funnel(layout: _Layout, model: Model, results: Results) -> None:
    table = model.tables.get("funnel")
    res = results.get("funnel")
    if table is None or res is None or table.frame.empty:
        return
    frame = table.frame
    data = [[_label(frame.at[r, "period"], frame.at[r, "channel"], 24),
             to_cell_value(res.at[r, "conversion_rate"])] for r in results.in_order("funnel")]
    where = layout.table("Conversion rate by period", ["Period", "Conversion Rate"], data)
    layout.chart("funnel", "Conversion rate by period", where,
                 [ChartSeries("Conversion Rate", 2, "line")], percent=True)


def colour_rules(model: Model) -> list[ConditionalRule]:
    """Fill colours for Status, Grade and Health that follow the cell's value."""
    rules: list[ConditionalRule] = []
    for key, columns in COLOURED.items():
        whole = model.tables.get(key)
        if whole is None:
            continue
        for table, _ in whole.pieces():
            if table.read_only:
                continue
            last = max(table.header_row + COLOUR_ROWS, max(table.frame.index, default=0) + 100)
            for column, colours in columns.items():
                col = table.computed.get(column)
                if col is None:
                    continue
                for text, colour in colours.items():
                    rules.append(ConditionalRule(table.title, table.header_row + 1, last, col,
                                                 text, colour))
    return rules
