"""Formulas of the KPIs table: Latest and Latest Date by lookup into the KPI History tab,
Health from Latest, Latest Date, Target and Warning.

Latest Date is the date of the KPI's last reading up to the day the formulas compute as
of; Latest is that reading (the one lowest in the tab when a day has several), or the
KPI's Current when it has none. Only functions Excel, LibreOffice and Google Sheets
evaluate alike are used: SUMPRODUCT (which evaluates its arguments as arrays in all
three), MAX, ROW, INDEX, ISNUMBER. The direction and the reporting window (for
``stale``) are the tool's reading of Direction and Frequency, written into the formula
and refreshed on every run, as a key result's kind is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..calc import Results
from ..calc.frames import folded
from ..calc.kpi import frequency_days
from ..config import Settings
from ..model import Model, Table
from .inputs import number_reader, same_number
from .refs import Cells, number, today

Formulas = dict[tuple[int, str], str]
Reading = tuple[date, float]
SHEET_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                "#ERROR!"}


def _day(value: Any) -> date | None:
    """A date cell's day; None for a blank or a moment within a day."""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else None
    return value if isinstance(value, date) else None


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        number_ = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number_) else number_


class HistoryLookup:
    """The KPI History tab as the Latest formulas see it, and which KPIs they see as the
    tool does: the same rows, days and values for each."""

    def __init__(self, table: Table, grid: Any) -> None:
        self.table = table
        cells = Cells(table, other_sheet=True)
        self.kpi, self.date, self.value = (cells.span(k) for k in ("kpi", "date", "value"))
        self.header = table.header_row
        self.seen: dict[str, dict[int, Reading]] = {}
        self.usable = True
        cols = [table.columns[k] for k in ("kpi", "date", "value")]
        for row in range(table.header_row + 1, cells.end + 1):
            kpi, when, value = (grid.value(row, c) for c in cols)
            if isinstance(kpi, str) and kpi.strip().upper() in SHEET_ERRORS or \
                    isinstance(value, bool) or (when is not None and _day(when) is None):
                self.usable = False  # a formula would err or read it otherwise
                return
            if isinstance(kpi, str) and isinstance(value, (int, float)) and when is not None:
                self.seen.setdefault(kpi.casefold(), {})[row] = (_day(when), float(value))
        self.tool: dict[str, dict[int, Reading]] = {}
        frame = table.frame
        kpis = frame["kpi"].astype(object).tolist()
        days = pd.to_datetime(frame["date"], errors="coerce").tolist()
        values = pd.to_numeric(frame["value"], errors="coerce").tolist()
        for row, kpi, when, value, error in zip(frame.index, kpis, days, values,
                                                frame["_error"].tolist(), strict=True):
            if error or not isinstance(kpi, str) or pd.isna(value) or pd.isna(when):
                continue
            self.tool.setdefault(kpi.strip(), {})[int(row)] = (when.date(), float(value))

    @classmethod
    def of(cls, model: Model) -> HistoryLookup | None:
        table = model.tables.get("kpi_history")
        if table is None or table.parts or table.cells or not all(
                k in table.columns for k in ("kpi", "date", "value")) or not all(
                isinstance(r, (int, np.integer)) for r in table.frame.index):
            return None
        lookup = cls(table, model.book.grids[table.title])
        return lookup if lookup.usable else None

    def readings(self, kpi: str) -> dict[int, Reading] | None:
        """The readings of ``kpi`` the formulas see, or None where the tool sees others."""
        mine = self.seen.get(kpi.casefold(), {})
        theirs = self.tool.get(kpi, {})
        if mine.keys() != theirs.keys() or any(
                mine[r][0] != theirs[r][0] or not same_number(mine[r][1], theirs[r][1])
                for r in mine):
            return None
        return mine

    def latest_date(self, kpi_cell: str, now: str) -> str:
        found = (f"SUMPRODUCT(MAX(({self.kpi}={kpi_cell})*ISNUMBER({self.value})"
                 f"*({self.date}<={now})*{self.date}))")
        return f'IF({found}=0,"",{found})'

    def latest(self, kpi_cell: str, date_cell: str, otherwise: str) -> str:
        row = (f"SUMPRODUCT(MAX(({self.kpi}={kpi_cell})*ISNUMBER({self.value})"
               f"*({self.date}={date_cell})*ROW({self.value})))")
        return f'IF({date_cell}="",{otherwise},INDEX({self.value},{row}-{self.header}))'


def _last(readings: dict[int, Reading], as_of: date) -> tuple[float | None, date | None]:
    """The latest reading up to ``as_of`` as the formulas find it."""
    upto = [(day, row) for row, (day, _) in readings.items() if day <= as_of]
    if not upto:
        return None, None
    day, row = max(upto)
    return readings[row][1], day


def health(latest: float | None, latest_date: date | None, as_of: date,
           target: float | None, warning: float | None, lower: bool, limit: float
           ) -> str | None:
    """What the Health formula gives (the calculation core's rule)."""
    if latest is None:
        return "no data"
    if latest_date is not None and (as_of - latest_date).days > limit:
        return "stale"
    if target is None:
        return None
    if (latest <= target) if lower else (latest >= target):
        return "healthy"
    if warning is not None and ((latest <= warning) if lower else (latest >= warning)):
        return "warning"
    return "breach"


def health_formula(latest: str, latest_date: str | None, target: tuple[str, str] | None,
                   warning: tuple[str, str] | None, lower: bool, limit: float,
                   now: str) -> str:
    """Health over the cells of Latest and Latest Date and the (cell, reader) of Target
    and Warning."""
    op = "<=" if lower else ">="
    rated = '""'
    if target is not None:
        graded = '"breach"'
        if warning is not None:
            graded = (f'IF({warning[0]}="","breach",IF({latest}{op}{warning[1]},'
                      f'"warning","breach"))')
        rated = (f'IF({target[0]}="","",IF({latest}{op}{target[1]},"healthy",'
                 f"{graded}))")
    if latest_date is not None:
        rated = (f'IF(IF({latest_date}="",0,{now}-{latest_date})>{number(limit)},"stale",'
                 f"{rated})")
    return f'IF({latest}="","no data",{rated})'


def kpi_formulas(model: Model, table: Table, results: Results, settings: Settings,
                 as_of: date) -> Formulas:
    """Latest, Latest Date and Health of each KPI a formula computes as the tool does."""
    out: Formulas = {}
    res = results.get("kpis")
    if res is None or table.parts or table.cells or table.read_only:
        return out
    frame = table.frame
    grid = model.book.grids[table.title]
    cells = Cells(table)
    now = today(as_of)
    history = HistoryLookup.of(model)
    has_history = "kpi_history" in model.tables
    limits = frequency_days(folded(frame, "frequency"), settings.default_frequency_days) \
        * settings.stale_grace
    lower = (res["direction_used"].reindex(frame.index) == "lower is better").to_numpy(bool)
    summed = folded(frame, "aggregate").eq("sum").fillna(False).to_numpy(bool)
    ids = _ids(table, grid)
    for i, row in enumerate(frame.index):
        if bool(frame.at[row, "_error"]):
            continue
        l_cell, d_cell = cells.at("latest", row), cells.at("latest_date", row)
        if l_cell is None:
            continue
        latest = _number(res.at[row, "latest"])
        latest_day = _day(res.at[row, "latest_date"].to_pydatetime()) \
            if not pd.isna(res.at[row, "latest_date"]) else None
        fallback = _current(table, grid, row)
        if fallback is not None and not (summed[i] or (has_history and history is None)):
            formulas = _latest(history, ids.get(row), cells, row, fallback, now, as_of,
                               latest, latest_day, frame)
            if formulas is not None:
                out.update(formulas)
        if d_cell is None and has_history:
            continue  # staleness needs the Latest Date
        target = _input(table, grid, row, "target")
        warning = _input(table, grid, row, "warning")
        if target is False or warning is False:
            continue
        want = res.at[row, "health"]
        got = health(latest, latest_day, as_of, _number(frame.at[row, "target"]) if target
                     else None, _number(frame.at[row, "warning"]) if warning else None,
                     bool(lower[i]), float(limits[i]))
        if got != (None if pd.isna(want) else want) or cells.at("health", row) is None:
            continue
        out[(row, "health")] = health_formula(l_cell, d_cell, target or None, warning or None,
                                              bool(lower[i]), float(limits[i]), now)
    return out


def _ids(table: Table, grid: Any) -> dict[int, str]:
    """The ID cell's text of each row whose ID a formula matches as the tool does: as
    read, and no other ID that differs from it only in case."""
    key = "id" if "id" in table.columns else "kpi"
    if key not in table.columns or "id" not in table.frame:
        return {}
    out: dict[int, str] = {}
    spellings: dict[str, set[str]] = {}
    for row in table.frame.index:
        text = grid.value(row, table.columns[key])
        if isinstance(text, str) and text == text.strip() == table.frame.at[row, "id"]:
            out[row] = text
            spellings.setdefault(text.casefold(), set()).add(text)
    return {r: t for r, t in out.items() if len(spellings[t.casefold()]) == 1}


def _current(table: Table, grid: Any, row: int) -> str | None:
    """Latest of a KPI with no reading: its Current (blank where it has none)."""
    col = table.columns.get("current")
    if col is None:
        return '""'
    cell = Cells(table).at("current", row)
    assert cell is not None
    reader = number_reader(cell, grid.value(row, col), _number(table.frame.at[row, "current"]))
    return None if reader is None else f'IF({cell}="","",{reader})'


def _input(table: Table, grid: Any, row: int, key: str) -> tuple[str, str] | None | bool:
    """Target or Warning as (cell, reader); None where the table has no such column,
    False where no formula reads it as the tool does."""
    col = table.columns.get(key)
    if col is None:
        return None
    cell = Cells(table).at(key, row)
    assert cell is not None
    reader = number_reader(cell, grid.value(row, col), _number(table.frame.at[row, key]))
    return False if reader is None else (cell, reader)


def _latest(history: HistoryLookup | None, kpi: str | None, cells: Cells, row: int,
            fallback: str, now: str, as_of: date, latest: float | None,
            latest_day: date | None, frame: pd.DataFrame) -> Formulas | None:
    """Latest (and Latest Date) of one KPI, when the formulas find what the tool found."""
    if history is None:  # no KPI History tab: Latest is Current
        current = _number(frame.at[row, "current"]) if "current" in frame else None
        return {(row, "latest"): fallback} if same_number(current, latest) and \
            latest_day is None else None
    d_cell = cells.at("latest_date", row)
    id_cell = cells.at("id" if "id" in cells.table.columns else "kpi", row)
    if kpi is None or d_cell is None or id_cell is None:
        return None
    readings = history.readings(kpi)
    if readings is None:
        return None
    value, day = _last(readings, as_of)
    if day is None:
        value = _number(frame.at[row, "current"]) if "current" in frame else None
    if day != latest_day or not same_number(value, latest):
        return None
    return {(row, "latest_date"): history.latest_date(id_cell, now),
            (row, "latest"): history.latest(id_cell, d_cell, fallback)}
