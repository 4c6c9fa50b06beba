"""The History tab: one check-in per objective, key result and KPI per check-in period
(a week by default), written by the tool like the Flags tab.

A run records check-ins only when a value or score differs from the item's latest
check-in; within one period the item's row is updated in place, so re-runs and ``watch``
never add more than one row per item and period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from .calc import Results
from .changes import ChangeSet, SheetContent, comparable, to_cell_value
from .model import Grid, Model, RawBook
from .schema import DATE, PERCENT, normalize_name
from .sheet_diff import plan_owned

HISTORY_TAB = "History"
OTHER_TITLES = ("Check-ins", "OKR History")
HISTORY_HEADERS = ("Date", "Type", "Item", "Value", "Score", "Expected", "Status",
                   "Confidence")
KINDS = {"objectives": "objective", "key_results": "key result", "kpis": "KPI"}
PERIOD_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 31}
WIDTHS = {1: 12, 2: 11, 3: 10, 4: 12, 5: 9, 6: 9, 7: 10, 8: 12}
_FOLDED = tuple(normalize_name(h) for h in HISTORY_HEADERS)
_COMPARED = ("value", "score")


def is_history(grid: Grid) -> bool:
    """Whether ``grid`` is the tool's History tab (its first row is the History header)."""
    first = grid.rows[0] if grid.rows else []
    return tuple(normalize_name(v) for v in first[:len(_FOLDED)]) == _FOLDED


def history_grid(book: RawBook) -> Grid | None:
    return next((g for g in book.grids.values() if is_history(g)), None)


def history_title(book: RawBook) -> str:
    """The title for a new History tab: ``History`` unless a tab of the workbook already
    has that name."""
    taken = {normalize_name(t) for t in book.grids}
    for title in (HISTORY_TAB, *OTHER_TITLES):
        if normalize_name(title) not in taken:
            return title
    return f"{HISTORY_TAB} (sheets-okr)"


def period_start(day: date, period: str) -> date:
    """The first day of the check-in period holding ``day``.

    >>> period_start(date(2026, 11, 15), "week"), period_start(date(2026, 11, 15), "month")
    (datetime.date(2026, 11, 9), datetime.date(2026, 11, 1))
    >>> period_start(date(2026, 11, 15), "fortnight")
    datetime.date(2026, 11, 9)
    """
    if period == "day":
        return day
    if period == "month":
        return day.replace(day=1)
    monday = day - timedelta(days=day.weekday())
    if period == "fortnight" and monday.isocalendar()[1] % 2 == 1:
        monday -= timedelta(days=7)
    return monday


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
        from .changes import serial_to_date

        return serial_to_date(value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def read_history(grid: Grid | None) -> pd.DataFrame:
    """The check-ins of the History tab: ``row`` (sheet row), ``date``, ``type``,
    ``item``, ``value``, ``score``, ``expected``, ``status``, ``confidence``."""
    columns = ["row", "date", "type", "item", "value", "score", "expected", "status",
               "confidence"]
    records = []
    for r, line in enumerate(grid.rows[1:] if grid is not None else [], start=2):
        cells = [*line[:8], *([None] * 8)][:8]
        day = _day(cells[0])
        if day is None or cells[2] in (None, ""):
            continue
        records.append([r, day, str(cells[1] or ""), str(cells[2]), _number(cells[3]),
                        _number(cells[4]), _number(cells[5]), cells[6], cells[7]])
    return pd.DataFrame(records, columns=columns)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@dataclass(frozen=True)
class CheckIn:
    type: str
    item: str
    value: Any
    score: Any
    expected: Any
    status: Any
    confidence: Any

    def line(self, day: date) -> list[Any]:
        return [day, self.type, self.item, self.value, self.score, self.expected,
                self.status, self.confidence]


def check_ins(model: Model, results: Results) -> list[CheckIn]:
    """This run's check-in of every objective, key result and KPI with an ID."""
    out: list[CheckIn] = []
    for key, kind in KINDS.items():
        table = model.tables.get(key)
        res = results.get(key)
        if table is None or res is None or "id" not in table.frame:
            continue
        frame = table.frame
        for row in frame.index:
            ident = to_cell_value(frame.at[row, "id"])
            if ident is None or bool(frame.at[row, "_error"]):
                continue

            def get(col: str, source: pd.DataFrame = res, at: Any = row) -> Any:
                return to_cell_value(source.at[at, col]) if col in source else None

            if key == "objectives":
                out.append(CheckIn(kind, str(ident), None, get("score"), get("expected"),
                                   get("status"), None))
            elif key == "key_results":
                out.append(CheckIn(kind, str(ident), get("current_used"), get("score"),
                                   get("expected"), get("status"),
                                   get("confidence", frame)))
            else:
                out.append(CheckIn(kind, str(ident), get("latest"), None, None,
                                   get("health"), None))
    return out


def _changed(latest: dict[tuple[str, str], pd.Series], now: CheckIn) -> bool:
    last = latest.get((now.type, now.item))
    if last is None:
        return now.score is not None or now.value is not None
    return any(comparable(getattr(now, k)) != comparable(_none(last[k])) for k in _COMPARED)


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def plan_history(model: Model, results: Results, as_of: date, period: str,
                 changes: ChangeSet) -> pd.DataFrame:
    """Record this run's check-ins when a value or score moved since the latest ones;
    the History frame as it will be after the write."""
    grid = history_grid(model.book)
    past = read_history(grid)
    now = check_ins(model, results)
    done = past[past["date"] <= as_of].sort_values(["date", "row"], kind="stable")
    latest = {(t, i): rec for (t, i), rec in
              ((k, g.iloc[-1]) for k, g in done.groupby(["type", "item"], sort=False))}
    if not any(_changed(latest, c) for c in now):
        return past
    start = period_start(as_of, period)
    rows: list[list[Any]] = [list(HISTORY_HEADERS)]
    rows += [list(line) for line in (grid.rows[1:] if grid is not None else [])]
    place: dict[tuple[str, str], int] = {}
    for rec in past.itertuples():
        if period_start(rec.date, period) == start:
            place[(rec.type, rec.item)] = rec.row
    formats: dict[tuple[int, int], str] = {}
    for check in now:
        r = place.get((check.type, check.item))
        if r is None:
            rows.append([])
            r = len(rows)
        rows[r - 1] = check.line(as_of) + list(rows[r - 1][8:])
        formats.update({(r, 1): DATE, (r, 5): PERCENT, (r, 6): PERCENT})
    content = SheetContent(grid.title if grid else history_title(model.book), rows,
                           widths=WIDTHS, formats=formats)
    plan_owned(grid, content, grid is not None, changes)
    merged = Grid(content.title, rows)
    return read_history(merged)
