"""A report for people who would rather look than open the workbook: one self-contained
HTML page (charts embedded) and the same charts as PNG files.

Works on an :class:`~sheets_okr.run.Analysis`; it never reads or writes the workbook.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..io.atomic import write_bytes_atomic
from ..lint import Flag
from ..plan import to_cell_value

if TYPE_CHECKING:
    from ..run import Analysis

__all__ = ["ReportData", "build_report", "collect", "write_report"]

HTML_NAME = "report.html"


@dataclass
class KeyResultRow:
    id: str | None
    title: str | None
    owner: str | None
    kind: str | None
    baseline: float | None
    target: float | None
    current: float | None
    unit: str | None
    progress: float | None
    score: float | None
    expected: float | None
    status: str | None
    grade: str | None


@dataclass
class ObjectiveRow:
    id: str | None
    title: str | None
    owner: str | None
    period: str | None
    type: str | None
    score: float | None
    expected: float | None
    status: str | None
    key_results: list[KeyResultRow] = field(default_factory=list)
    is_group: bool = False
    trend: list[tuple[date, float | None, float | None]] = field(default_factory=list)
    trend_png: bytes | None = None


@dataclass
class KpiRow:
    id: str | None
    name: str | None
    owner: str | None
    unit: str | None
    direction: str | None
    target: float | None
    warning: float | None
    latest: float | None
    latest_date: date | None
    health: str
    trend: str | None
    forecast: float | None
    history: list[tuple[date, float]] = field(default_factory=list)
    file_name: str = ""


@dataclass
class RoiRow:
    period: str
    investment: float | None
    returns: float | None
    net: float | None
    roi: float | None
    cumulative_roi: float | None


@dataclass
class FunnelRow:
    period: str
    channel: str | None
    visits: float | None
    conversions: float | None
    rate: float | None


@dataclass
class ReportData:
    """Everything the report shows, as plain Python values (None for blank)."""

    workbook: str
    as_of: date
    objectives: list[ObjectiveRow]
    kpis: list[KpiRow]
    roi: list[RoiRow] | None
    funnel: list[FunnelRow] | None
    flags: list[Flag]

    @property
    def key_results(self) -> list[KeyResultRow]:
        return [kr for obj in self.objectives for kr in obj.key_results]


def _value(value: Any) -> Any:
    value = to_cell_value(value)
    return value.strip() if isinstance(value, str) else value


def _number(value: Any) -> float | None:
    value = _value(value)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    value = _value(value)
    return None if value is None else str(value)


def _rows(analysis: Analysis, key: str) -> list[tuple[pd.Series, pd.Series]]:
    """(input row, computed row) pairs of one tab, in sheet order; [] when absent."""
    table = analysis.model.tables.get(key)
    if table is None:
        return []
    res = analysis.results.get(key)
    if res is None:
        res = pd.DataFrame(index=table.frame.index)
    res = res.reindex(table.frame.index)
    return [(table.frame.loc[row], res.loc[row]) for row in table.frame.index]


def _key_result(inp: pd.Series, res: pd.Series) -> KeyResultRow:
    return KeyResultRow(
        id=_text(inp.get("id")), title=_text(inp.get("key_result")),
        owner=_text(inp.get("owner")), kind=_text(res.get("kind_used")),
        baseline=_number(inp.get("baseline")), target=_number(inp.get("target")),
        current=_number(res.get("current_used")), unit=_text(inp.get("unit")),
        progress=_number(res.get("progress")), score=_number(res.get("score")),
        expected=_number(res.get("expected")), status=_text(res.get("status")),
        grade=_text(res.get("grade")),
    )


def _objectives(analysis: Analysis) -> list[ObjectiveRow]:
    objectives = [
        ObjectiveRow(
            id=_text(inp.get("id")), title=_text(inp.get("objective")),
            owner=_text(inp.get("owner")), period=_text(inp.get("period")),
            type=_text(inp.get("type")), score=_number(res.get("score")),
            expected=_number(res.get("expected")), status=_text(res.get("status")),
        )
        for inp, res in _rows(analysis, "objectives")
    ]
    by_id: dict[str, ObjectiveRow] = {}
    for obj in objectives:
        if obj.id is not None:
            by_id.setdefault(obj.id, obj)
    orphans = ObjectiveRow(None, "Key results with no known objective", None, None, None,
                           None, None, None, is_group=True)
    for inp, res in _rows(analysis, "key_results"):
        parent = by_id.get(_text(inp.get("objective")) or "", orphans)
        parent.key_results.append(_key_result(inp, res))
    return objectives + ([orphans] if orphans.key_results else [])


def _history(analysis: Analysis) -> dict[str, list[tuple[date, float]]]:
    """Valid readings up to ``as_of`` per KPI ID, oldest first (as the KPI health uses)."""
    table = analysis.model.tables.get("kpi_history")
    if table is None or table.frame.empty:
        return {}
    frame = table.frame
    kpi = frame["kpi"].astype("string").str.strip() if "kpi" in frame else None
    if kpi is None or "date" not in frame or "value" not in frame:
        return {}
    when = pd.to_datetime(frame["date"], errors="coerce")
    value = pd.to_numeric(frame["value"], errors="coerce")
    error = frame["_error"].fillna(False).astype(bool) if "_error" in frame else False
    valid = (kpi.notna() & when.notna() & np.isfinite(value) & ~error
             & (when <= pd.Timestamp(analysis.as_of)))
    readings = pd.DataFrame({"kpi": kpi[valid], "when": when[valid], "value": value[valid]})
    readings = readings.sort_values("when", kind="stable")
    out: dict[str, list[tuple[date, float]]] = {}
    for kpi_id, when_, val in readings.itertuples(index=False):
        out.setdefault(str(kpi_id), []).append((when_.date(), float(val)))
    return out


def _kpis(analysis: Analysis) -> list[KpiRow]:
    history = _history(analysis)
    kpis = []
    for inp, res in _rows(analysis, "kpis"):
        kpi_id = _text(inp.get("id"))
        kpis.append(KpiRow(
            id=kpi_id, name=_text(inp.get("kpi")), owner=_text(inp.get("owner")),
            unit=_text(inp.get("unit")), direction=_text(inp.get("direction")),
            target=_number(inp.get("target")), warning=_number(inp.get("warning")),
            latest=_number(res.get("latest")), latest_date=_value(res.get("latest_date")),
            health=_text(res.get("health")) or "no target", trend=_text(res.get("trend")),
            forecast=_number(res.get("forecast")),
            history=history.get(kpi_id or "", []) if kpi_id else [],
        ))
    names: set[str] = set()
    for kpi in kpis:
        if kpi.history:
            kpi.file_name = kpi_file_name(kpi.id or "", names)
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


def _in_period_order(analysis: Analysis, key: str) -> list[tuple[pd.Series, pd.Series]]:
    rows = _rows(analysis, key)
    far = pd.Timestamp.max
    return sorted(rows, key=lambda pair: pd.Timestamp(pair[0].get("period_start"))
                  if pd.notna(pair[0].get("period_start")) else far)


def _roi(analysis: Analysis) -> list[RoiRow] | None:
    """ROI per period (rows of one period summed), in period order; None without an
    ROI tab."""
    if "roi" not in analysis.model.tables:
        return None
    out: list[RoiRow] = []
    pairs = _in_period_order(analysis, "roi")
    for period, group in groupby(pairs, key=lambda pair: _text(pair[0].get("period")) or "?"):
        rows = [(_number(inp.get("investment")), _number(inp.get("return")),
                 _number(res.get("net")), _number(res.get("roi")),
                 _number(res.get("cumulative_roi"))) for inp, res in group]
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
        FunnelRow(_text(inp.get("period")) or "?", _text(inp.get("channel")),
                  _number(inp.get("visits")), _number(inp.get("conversions")),
                  _number(res.get("conversion_rate")))
        for inp, res in _in_period_order(analysis, "funnel")
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


def build_report(analysis: Analysis, flags: list[Flag],
                 workbook: str | None = None) -> dict[str, bytes]:
    """Every file of the report, by file name: ``report.html`` and the PNG charts."""
    from . import charts
    from .html import render

    data = collect(analysis, flags, workbook)
    from .trend import objective_trends, trend_chart

    trends = objective_trends(analysis.model.book, analysis.as_of)
    for obj in data.objectives:
        obj.trend = trends.get(obj.id or "", [])
        if len(obj.trend) > 1:
            obj.trend_png = trend_chart(obj.trend)
    files: dict[str, bytes] = {
        "objectives.png": charts.objectives_chart(data.objectives),
        "key_results.png": charts.key_results_chart(data.key_results),
    }
    sparklines: dict[int, bytes] = {}
    for n, kpi in enumerate(data.kpis):
        if kpi.history:
            files[kpi.file_name] = charts.kpi_chart(kpi)
            sparklines[n] = charts.sparkline(kpi)
    if data.roi:
        files["roi.png"] = charts.roi_chart(data.roi)
    if data.funnel:
        files["funnel.png"] = charts.funnel_chart(data.funnel)
    html = render(data, files, sparklines)
    return {HTML_NAME: html.encode("utf-8"), **files}


def write_report(analysis: Analysis, flags: list[Flag], out_dir: str | os.PathLike[str],
                 workbook: str | None = None) -> list[Path]:
    """Build the report and write its files into ``out_dir`` (created if missing);
    the paths written, ``report.html`` first."""
    out = Path(out_dir)
    files = build_report(analysis, flags, workbook)
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
