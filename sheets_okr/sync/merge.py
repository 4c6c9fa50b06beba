"""Merge KPI readings into a workbook's KPI History as cell changes.

Readings are keyed by (date, KPI ID). A reading already in the history with the same
value changes nothing; one whose value differs updates that row's Value cell in place
(checked against the row's KPI before writing); new ones are appended below the tab's
last used row, placed when written. Only the long format (Date, KPI, Value, Note) is
written to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..changes import AppendedRows, CellChange, SheetContent, last_used_row, same_value
from ..errors import UsageError
from ..model import Grid, Model, RawBook
from ..schema import KPI_HISTORY, tab_index
from .readings import Reading, Readings

HISTORY_HEADERS = [c.header for c in KPI_HISTORY.columns]
DATE_FORMAT = "yyyy-mm-dd"
Anchors = dict[str, dict[tuple[int, int], Any]]


@dataclass
class MergePlan:
    """What merging readings into KPI History changes."""

    title: str
    changes: list[CellChange] = field(default_factory=list)
    appended: AppendedRows | None = None
    added: Sequence[Reading] = field(default_factory=list)
    updated: list[tuple[Reading, Any]] = field(default_factory=list)
    unchanged: int = 0
    unknown: dict[str, int] = field(default_factory=dict)
    missing_tab: bool = False
    pending: int = 0
    anchors: Anchors = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes or self.appended)


def history_tab_content(title: str = KPI_HISTORY.title) -> SheetContent:
    """A new, empty KPI History tab: the long-format headers only."""
    return SheetContent(title, [list(HISTORY_HEADERS)],
                        widths={1: 12, 2: 10, 3: 12, 4: 30})


def with_history_tab(book: RawBook, title: str = KPI_HISTORY.title) -> RawBook:
    """``book`` with an empty KPI History tab added (or filled in) in memory."""
    grids = dict(book.grids)
    grids[title] = Grid(title, [list(HISTORY_HEADERS)])
    return RawBook(grids, source=book.source)


def known_kpis(model: Model) -> set[str]:
    """The KPI IDs listed on the KPIs tab."""
    table = model.tables.get("kpis")
    if table is None or "id" not in table.frame:
        return set()
    return {str(v) for v in table.frame["id"].dropna()}


def plan_merge(model: Model, readings: Sequence[Reading], unknown_kpis: str = "skip"
               ) -> MergePlan:
    """The cell changes that bring ``readings`` into the KPI History of ``model``: the
    readings are joined to the history on (date, KPI) at once.

    Readings of KPIs missing from the KPIs tab are left out (counted in ``unknown``)
    unless ``unknown_kpis`` is ``"add"``. Of several readings of one (date, KPI) the last
    counts. Without a KPI History tab nothing is planned: ``missing_tab`` is set and
    ``pending`` counts the readings that would be added.
    """
    readings = Readings.of(readings)
    incoming = _incoming(readings)
    unknown: dict[str, int] = {}
    if unknown_kpis == "skip":
        known = incoming["kpi"].isin(known_kpis(model))
        unknown = dict(Counter(incoming.loc[~known, "kpi"]))
        incoming = incoming[known]
    incoming = incoming.drop_duplicates(["day", "kpi"], keep="last")
    table = model.tables.get("kpi_history")
    if incoming.empty:
        return MergePlan(table.title if table else KPI_HISTORY.title, unknown=unknown,
                         missing_tab=table is None)
    if table is None:
        return MergePlan(_empty_history_title(model), unknown=unknown, missing_tab=True,
                         pending=len(incoming))
    cols = table.columns
    if "date" not in cols or "value" not in cols:
        raise UsageError(f"Tab '{table.title}' holds KPI History in the wide format (one "
                         "column per date); sync appends readings to the long format only: "
                         "Date, KPI, Value, Note columns")
    grid = model.book.grids[table.title]
    plan = MergePlan(table.title, unknown=unknown)
    joined = incoming.merge(_existing(table.frame), on=["day", "kpi"], how="left",
                            sort=False).sort_values(["day", "kpi"], kind="stable")
    known_row = joined["row"].notna().to_numpy()
    appended = readings.take(joined.loc[~known_row, "at"].tolist())
    found = joined.loc[known_row]
    olds, ats = found["old"].to_numpy(dtype="float64"), found["at"].to_numpy()
    apart = _apart(olds, np.asarray(readings.values, dtype="float64")[ats])
    title, value_col, kpi_col = table.title, cols["value"], cols["kpi"]
    changes, updated, value = plan.changes, plan.updated, grid.value
    anchors: dict[tuple[int, int], Any] = {}
    for at, row, old, far in zip(ats.tolist(), found["row"].astype(int).tolist(),
                                 olds.tolist(), apart.tolist(), strict=True):
        if not far and same_value(old, readings.values[at]):
            plan.unchanged += 1
            continue
        reading = readings[at]
        raw = value(row, value_col)
        changes.append(CellChange(title, row, value_col, cell_number(reading.value), old=raw))
        updated.append((reading, raw))
        anchors[(row, kpi_col)] = value(row, kpi_col)
    if anchors:
        plan.anchors[title] = anchors
    if appended:
        plan.appended = _appended_rows(table.title, cols, appended)
        plan.added = appended
    return plan


def _apart(olds: np.ndarray, news: np.ndarray) -> np.ndarray:
    """Where two numbers differ for certain, as :func:`~sheets_okr.changes.same_value`
    sees them (it rounds to nine significant digits: the rounding moves a number by less
    than 1e-8 of itself)."""
    with np.errstate(invalid="ignore"):
        return np.abs(olds - news) > 1e-7 * np.maximum(np.abs(olds), np.abs(news))


def _incoming(readings: Readings) -> pd.DataFrame:
    """The readings as a frame: day, KPI, and each one's place in ``readings`` (each
    distinct day converted once)."""
    codes, days = pd.factorize(np.asarray(readings.days, dtype=object))
    return pd.DataFrame({
        "day": pd.array(list(days), dtype="datetime64[s]").take(codes),
        "kpi": pd.array(readings.kpis, dtype=object),
        "at": range(len(readings)),
    })


def _appended_rows(title: str, cols: dict[str, int], readings: Readings) -> AppendedRows:
    """New readings as rows of the history table (Date, KPI, Value and Note in their
    columns), built a column at a time."""
    first, last = min(cols.values()), max(cols.values())
    columns: dict[int, Any] = {cols["date"]: readings.days, cols["kpi"]: readings.kpis,
                               cols["value"]: cell_numbers(readings.values)}
    if "note" in cols and any(readings.notes):
        columns[cols["note"]] = [note or None for note in readings.notes]
    empty = [None] * len(readings)
    lines = tuple(columns.get(col, empty) for col in range(first, last + 1))
    rows = tuple(zip(*lines, strict=True))
    return AppendedRows(title, first, rows, ((cols["date"], DATE_FORMAT),), lines)


def cell_numbers(values: Sequence[float]) -> list[int | float]:
    """:func:`cell_number` of each value (whole numbers as int), at once.

    >>> cell_numbers([52.0, 0.25, float("inf")])
    [52, 0.25, inf]
    """
    array = np.asarray(values, dtype="float64")
    out: list[int | float] = array.tolist()
    with np.errstate(invalid="ignore"):
        whole = np.flatnonzero((array == np.trunc(array)) & (np.abs(array) < 1e15))
    for n in whole.tolist():
        out[n] = int(out[n])
    return out


def apply_merge(book: RawBook, plan: MergePlan) -> RawBook:
    """A copy of ``book`` with the planned cells in place, appended rows below the last
    used row (the original is left as read: only the rows that change are copied)."""
    if not plan:
        return book
    grids = dict(book.grids)
    grid = grids[plan.title]
    rows = list(grid.rows)

    def put(row: int, first_col: int, values: Sequence[Any], blanks: bool) -> None:
        """Put ``values`` into ``row`` from ``first_col`` on (blanks too, if asked)."""
        if len(rows) < row:
            rows.extend([] for _ in range(row - len(rows)))
        line = list(rows[row - 1])
        line.extend([None] * (first_col - 1 + len(values) - len(line)))
        for col, value in enumerate(values, start=first_col):
            if blanks or value is not None:
                line[col - 1] = value
        rows[row - 1] = line

    for change in plan.changes:
        put(change.row, change.col, [change.value], blanks=True)
    if plan.appended is not None:
        block = plan.appended
        after, lead = last_used_row(grid), [None] * (block.first_col - 1)
        inside = max(0, min(len(rows) - after, len(block.rows)))
        for n, values in enumerate(block.rows[:inside], start=after + 1):
            put(n, block.first_col, values, blanks=False)
        rows.extend([] for _ in range(after - len(rows)))
        rest = block.rows[inside:]
        rows.extend(map(list, rest) if not lead else ([*lead, *values] for values in rest))
    grids[plan.title] = replace(grid, rows=rows)
    return RawBook(grids, source=book.source)


def cell_number(value: float) -> int | float:
    """A reading as a cell value: whole numbers as int.

    >>> cell_number(52.0), cell_number(0.25)
    (52, 0.25)
    """
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _existing(frame: pd.DataFrame) -> pd.DataFrame:
    """The history's rows by (day, KPI): sheet row and value; of a repeated key the last
    row, which the KPI's latest reading comes from, so it is the one updated."""
    day = pd.to_datetime(frame["date"], errors="coerce")
    keep = day.notna() & frame["kpi"].notna()
    return pd.DataFrame({
        "day": day[keep].dt.floor("D").astype("datetime64[s]"),
        "kpi": frame.loc[keep, "kpi"].map(str).astype(object),
        "row": frame.index[keep].astype(int),
        "old": pd.to_numeric(frame.loc[keep, "value"], errors="coerce").astype(float),
    }).drop_duplicates(["day", "kpi"], keep="last")


def _empty_history_title(model: Model) -> str:
    """The title for a KPI History tab to create: an empty tab of that name is reused; one
    with content but no readable headers must not get a twin."""
    index = tab_index()
    for title, grid in model.book.grids.items():
        if index.get(title) != "kpi_history":
            continue
        if last_used_row(grid) == 0:
            return title
        raise UsageError(f"Tab '{title}' looks like KPI History but has no Date, KPI and "
                         "Value headers in its first rows; fix its header row so that sync "
                         "can append readings to it")
    return KPI_HISTORY.title
