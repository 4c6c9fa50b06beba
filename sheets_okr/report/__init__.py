"""A report for people who would rather look than open the workbook: one self-contained
HTML page (charts embedded) and the same charts as PNG files.

Works on an :class:`~sheets_okr.run.Analysis`; it never reads or writes the workbook.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..changes import to_cell_value
from ..errors import UsageError
from ..io.atomic import write_bytes_atomic
from ..lint import Flag
from . import select
from .rows import FunnelRow, KeyResultRow, KpiRow, ObjectiveRow, ReportData, RoiRow

if TYPE_CHECKING:
    from ..run import Analysis

__all__ = ["ReportData", "build_report", "collect", "write_report"]

HTML_NAME = "report.html"


def _value(value: Any) -> Any:
    value = to_cell_value(value)
    return value.strip() if isinstance(value, str) else value


def _number(value: Any) -> float | None:
    value = _value(value)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    value = _value(value)
    return None if value is None else str(value)


Record = dict[str, Any]
CONVERT = {"text": _text, "number": _number, "value": _value}


def _column(values: pd.Series, kind: str) -> list[Any]:
    """A column's values as plain Python values of ``kind`` (None for blank): numbers
    converted at once, other values once per distinct value."""
    if kind == "number" and values.dtype.kind in "fiu":
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        numbers = np.where(np.isfinite(numbers), numbers, np.nan)
        return [None if v != v else v for v in numbers.tolist()]
    convert = CONVERT[kind]
    seen: dict[Any, Any] = {}
    out = []
    for value in values.tolist():
        try:
            out.append(seen[value])
        except (KeyError, TypeError):
            result = convert(value)
            try:
                seen[value] = result
            except TypeError:
                pass
            out.append(result)
    return out


def _records(frame: pd.DataFrame, kinds: dict[str, str]) -> list[Record]:
    missing = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    columns = [_column(frame[name] if name in frame else missing, kind)
               for name, kind in kinds.items()]
    names = list(kinds)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _rows(analysis: Analysis, key: str, inputs: dict[str, str],
          computed: dict[str, str]) -> list[tuple[Record, Record]]:
    """(input row, computed row) pairs of one tab in sheet order, each holding the named
    columns as plain values of their kind (absent columns as None); [] when the tab is
    absent."""
    table = analysis.model.tables.get(key)
    if table is None:
        return []
    frame = table.frame
    res = analysis.results.get(key)
    res = pd.DataFrame(index=frame.index) if res is None else res.reindex(frame.index)
    return list(zip(_records(frame, inputs), _records(res, computed), strict=True))


KR_INPUTS = {"id": "text", "key_result": "text", "owner": "text", "baseline": "number",
             "target": "number", "unit": "text", "objective": "text"}
KR_COMPUTED = {"kind_used": "text", "current_used": "number", "progress": "number",
               "score": "number", "expected": "number", "status": "text", "grade": "text"}


def _key_result(inp: Record, res: Record) -> KeyResultRow:
    return KeyResultRow(
        id=inp["id"], title=inp["key_result"], owner=inp["owner"], kind=res["kind_used"],
        baseline=inp["baseline"], target=inp["target"], current=res["current_used"],
        unit=inp["unit"], progress=res["progress"], score=res["score"],
        expected=res["expected"], status=res["status"], grade=res["grade"],
    )


def _objectives(analysis: Analysis) -> list[ObjectiveRow]:
    objectives = [
        ObjectiveRow(
            id=inp["id"], title=inp["objective"], owner=inp["owner"], period=inp["period"],
            type=inp["type"], score=res["score"], expected=res["expected"],
            status=res["status"], team=inp["team"],
        )
        for inp, res in _rows(analysis, "objectives",
                              {"id": "text", "objective": "text", "owner": "text",
                               "period": "text", "type": "text", "team": "text"},
                              {"score": "number", "expected": "number", "status": "text"})
    ]
    by_id: dict[str, ObjectiveRow] = {}
    for obj in objectives:
        if obj.id is not None:
            by_id.setdefault(obj.id, obj)
    orphans = ObjectiveRow(None, "Key results with no known objective", None, None, None,
                           None, None, None, is_group=True)
    for inp, res in _rows(analysis, "key_results", KR_INPUTS, KR_COMPUTED):
        parent = by_id.get(inp["objective"] or "", orphans)
        parent.key_results.append(_key_result(inp, res))
    return objectives + ([orphans] if orphans.key_results else [])


Series = tuple[np.ndarray, np.ndarray]


def _history(analysis: Analysis) -> dict[str, Series]:
    """The valid readings of each KPI ID, oldest first, as the results carry them: days
    and values as arrays, turned into Python values only for the KPIs drawn."""
    return {kpi: (readings["date"].to_numpy(dtype="datetime64[D]"),
                  readings["value"].to_numpy(dtype=float))
            for kpi, readings in analysis.results.kpi_readings().items()}


def _kpis(analysis: Analysis) -> list[KpiRow]:
    history = _history(analysis)
    kpis = []
    for inp, res in _rows(analysis, "kpis",
                          {"id": "text", "kpi": "text", "owner": "text", "unit": "text",
                           "direction": "text", "target": "number", "warning": "number"},
                          {"latest": "number", "latest_date": "value", "health": "text",
                           "trend": "text", "forecast": "number"}):
        kpi_id = inp["id"]
        kpis.append(KpiRow(
            id=kpi_id, name=inp["kpi"], owner=inp["owner"], unit=inp["unit"],
            direction=inp["direction"], target=inp["target"], warning=inp["warning"],
            latest=res["latest"], latest_date=res["latest_date"],
            health=res["health"] or "no target", trend=res["trend"],
            forecast=res["forecast"], series=history.get(kpi_id or "") if kpi_id else None,
        ))
    return kpis


def kpi_file_name(kpi_id: str, taken: set[str]) -> str:
    """``kpi_<ID>.png`` with the ID reduced to safe characters, unique within ``taken``.

    >>> taken = set()
    >>> kpi_file_name("K1", taken), kpi_file_name("../x y", taken), kpi_file_name("K1", taken)
    ('kpi_K1.png', 'kpi_x_y.png', 'kpi_K1_2.png')
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", kpi_id).strip("_")[:60] or "kpi"
    name, n = f"kpi_{stem}.png", 1
    while name.lower() in taken:
        n += 1
        name = f"kpi_{stem}_{n}.png"
    taken.add(name.lower())
    return name


def _in_period_order(analysis: Analysis, key: str, inputs: dict[str, str],
                     computed: dict[str, str]) -> list[tuple[Record, Record]]:
    """(input row, computed row) pairs of one tab in the period order of the results."""
    table = analysis.model.tables.get(key)
    if table is None:
        return []
    pairs = dict(zip(table.frame.index, _rows(analysis, key, {"period": "text", **inputs},
                                              computed), strict=True))
    return [pairs[label] for label in analysis.results.in_order(key)]


def _roi(analysis: Analysis) -> list[RoiRow] | None:
    """ROI per period (rows of one period summed), in period order; None without an
    ROI tab."""
    if "roi" not in analysis.model.tables:
        return None
    out: list[RoiRow] = []
    pairs = _in_period_order(analysis, "roi", {"investment": "number", "return": "number"},
                             {"net": "number", "roi": "number", "cumulative_roi": "number"})
    for period, group in groupby(pairs, key=lambda pair: pair[0]["period"] or "?"):
        rows = [(inp["investment"], inp["return"], res["net"], res["roi"],
                 res["cumulative_roi"]) for inp, res in group]
        scored = [(inv, net) for inv, _, net, roi, _ in rows if roi is not None]
        invested = sum(inv or 0.0 for inv, _ in scored)
        cumulative = [cum for *_, cum in rows if cum is not None]
        out.append(RoiRow(
            period,
            _sum(inv for inv, *_ in rows),
            _sum(ret for _, ret, *_ in rows),
            _sum(net for _, _, net, *_ in rows),
            sum(net or 0.0 for _, net in scored) / invested if scored and invested else None,
            cumulative[-1] if cumulative else None,
        ))
    return out


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _funnel(analysis: Analysis) -> list[FunnelRow] | None:
    if "funnel" not in analysis.model.tables:
        return None
    return [
        FunnelRow(inp["period"] or "?", inp["channel"], inp["visits"], inp["conversions"],
                  res["conversion_rate"])
        for inp, res in _in_period_order(analysis, "funnel",
                                         {"channel": "text", "visits": "number",
                                          "conversions": "number"},
                                         {"conversion_rate": "number"})
    ]


def workbook_name(source: str) -> str:
    """A short name for the header: a file's name, or a Google Sheet's title."""
    if Path(source).suffix.lower() in (".xlsx", ".xlsm"):
        return Path(source).name
    return source


def collect(analysis: Analysis, flags: list[Flag], workbook: str | None = None) -> ReportData:
    """The report's content, read off an analysis."""
    return ReportData(
        workbook=workbook or workbook_name(analysis.model.book.source) or "workbook",
        as_of=analysis.as_of,
        objectives=_objectives(analysis),
        kpis=_kpis(analysis),
        roi=_roi(analysis),
        funnel=_funnel(analysis),
        flags=list(flags),
    )


Progress = Callable[[int, int], None]
"""Told (steps done, steps in all) as the report is drawn."""


def build_report(analysis: Analysis, flags: list[Flag], workbook: str | None = None,
                 progress: Progress | None = None) -> dict[str, bytes]:
    """Every file of the report, by file name: ``report.html`` (first), the pages of a
    large workbook and the PNG charts.

    Charts have at most :data:`select.MAX_BARS` bars; with more objectives or key results
    the lowest and highest are drawn, a distribution chart shows all, and each team's
    objectives get a page of their own."""
    from . import charts
    from .html import render
    from .pages import kpis_page, objectives_page
    from .spark import sparkline

    data = collect(analysis, flags, workbook)
    objectives = [o for o in data.objectives if not o.is_group]
    large = len(objectives) > select.MAX_CARDS
    if not large:
        from .trend import objective_trends, trend_chart

        trends = objective_trends(analysis.model.book, analysis.as_of)
        for obj in objectives:
            obj.trend = trends.get(obj.id or "", [])
            if len(obj.trend) > 1:
                obj.trend_png = trend_chart(obj.trend)
    shown = (data.kpis if len(data.kpis) <= select.MAX_KPI_ROWS
             else select.urgent_kpis(data.kpis, select.MAX_KPI_ROWS))
    drawn = {id(k) for k in select.urgent_kpis([k for k in data.kpis if k.has_history],
                                                select.MAX_KPI_CHARTS)}
    names: set[str] = set()
    for kpi in data.kpis:
        if id(kpi) in drawn:
            kpi.file_name = kpi_file_name(kpi.id or "", names)
    jobs: list[tuple[str, Callable[[], bytes]]] = [
        ("objectives.png", lambda: charts.objectives_chart(data.objectives)),
        ("key_results.png", lambda: charts.key_results_chart(data.key_results)),
    ]
    if len(objectives) > select.MAX_BARS or len(data.key_results) > select.MAX_BARS:
        jobs.append(("distribution.png",
                     lambda: charts.distribution_chart(data.objectives, data.key_results)))
    jobs += [(k.file_name, lambda k=k: charts.kpi_chart(k)) for k in data.kpis if k.file_name]
    if data.roi:
        jobs.append(("roi.png", lambda: charts.roi_chart(data.roi or [])))
    if data.funnel:
        jobs.append(("funnel.png", lambda: charts.funnel_chart(data.funnel or [])))
    total = len(jobs) + 1
    files: dict[str, bytes] = {}
    for done, (name, draw) in enumerate(jobs, start=1):
        files[name] = draw()
        if progress is not None:
            progress(done, total)
    sparklines = {n: sparkline(k) for n, k in enumerate(shown) if k.has_history}
    view = select.View(shown, sparklines, select.pages(objectives) if large else [],
                       "kpis.html" if len(shown) < len(data.kpis) else None)
    out = {HTML_NAME: render(data, files, view).encode("utf-8")}
    for page in view.pages:
        out[page.file_name] = objectives_page(data, page).encode("utf-8")
    if view.kpi_page:
        out[view.kpi_page] = kpis_page(data).encode("utf-8")
    if progress is not None:
        progress(total, total)
    return {**out, **files}


def write_report(analysis: Analysis, flags: list[Flag], out_dir: str | os.PathLike[str],
                 workbook: str | None = None, progress: Progress | None = None) -> list[Path]:
    """Build the report and write its files into ``out_dir`` (created if missing);
    the paths written, ``report.html`` first."""
    out = Path(out_dir)
    files = build_report(analysis, flags, workbook, progress)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise UsageError(f"{out}: not a folder")
    written = []
    for name, content in files.items():
        path = out / name
        try:
            write_bytes_atomic(path, content)
        except OSError as exc:
            raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
        written.append(path)
    return written
