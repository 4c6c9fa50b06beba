"""The History tab: one check-in per objective, key result and KPI per check-in period
(a week by default), written by the tool like the Flags tab.

A run records check-ins only when a value or score differs from the item's latest
check-in; within one period the item's row is updated in place, so re-runs and ``watch``
never add more than one row per item and period.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import chain, compress, pairwise, zip_longest
from typing import Any, NamedTuple

import pandas as pd

from .calc import Results
from .changes import (
    CellChange,
    ChangeSet,
    ColumnFormats,
    SheetContent,
    cell_values,
    comparable,
)
from .model import Grid, Model, RawBook
from .owned import HISTORY_HEADERS, is_history_line
from .packed import PackedRows
from .schema import DATE, PERCENT, normalize_name
from .sheet_diff import same_cell

HISTORY_TAB = "History"
OTHER_TITLES = ("Check-ins", "OKR History")
OBJECTIVE = "objective"
KINDS = {"objectives": OBJECTIVE, "key_results": "key result", "kpis": "KPI"}
PERIOD_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 31}
WIDTHS = {1: 12, 2: 11, 3: 10, 4: 12, 5: 9, 6: 9, 7: 10, 8: 12}
_COMPARED = ("value", "score")


def is_history(grid: Grid) -> bool:
    """Whether ``grid`` is the tool's History tab (its first row is the History header)."""
    return bool(grid.rows) and is_history_line(grid.rows[0])


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


COLUMNS = ["row", "date", "type", "item", "value", "score", "expected", "status",
           "confidence"]


def read_history(grid: Grid | None) -> pd.DataFrame:
    """The check-ins of the History tab: ``row`` (sheet row), ``date``, ``type``,
    ``item``, ``value``, ``score``, ``expected``, ``status``, ``confidence``.

    Read once per grid (the run's lint and plan both ask); a copy each time."""
    return _read(grid).copy()


def _read(grid: Grid | None) -> pd.DataFrame:
    """The History frame of ``grid``, read once and kept with it: never to be changed."""
    if grid is None:
        return pd.DataFrame([], columns=COLUMNS)
    memo = grid.memo.get("history")
    if memo is None or memo[0] is not grid.rows or memo[1] != len(grid.rows):
        memo = (grid.rows, len(grid.rows), _history_frame(grid.rows))
        grid.memo["history"] = memo
    return memo[2]


def _history_frame(rows: Sequence[list[Any]]) -> pd.DataFrame:
    """The History frame of a tab's ``rows`` (the header first), built a column at a
    time: a packed tab's columns are unpacked whole."""
    if isinstance(rows, PackedRows):
        cells = rows.columns(8, first=1)
    else:
        cells = [list(c) for c in zip_longest(*(line[:8] for line in rows[1:]))]
        cells += [[None] * (len(rows) - 1) for _ in range(8 - len(cells))]
    days = _each(_day, cells[0])
    keep = [d is not None and i is not None and i != "" for d, i in zip(days, cells[2],
                                                                      strict=True)]
    if not any(keep):
        return pd.DataFrame([], columns=COLUMNS)
    # each raw column let go once read: a long tab's columns are not held twice over
    cells[0], cells[1] = [], _texts(cells[1], blank="")
    cells[2] = _texts(cells[2])
    for c in (3, 4, 5):
        cells[c] = _each(_number, cells[c])
    columns = [list(range(2, len(keep) + 2)), days, *cells[1:8]]
    del cells, days
    if not all(keep):
        columns = [list(compress(column, keep)) for column in columns]
    return pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)), columns=COLUMNS)


def _each(convert: Any, values: list[Any]) -> list[Any]:
    """``convert`` of each value, worked out once per distinct value and type (a column
    of a History tab repeats its dates, and its numbers are mostly floats already)."""
    kinds = set(map(type, values))
    if convert is _number and kinds == {float}:
        return values
    if kinds <= _HASHABLE and not (kinds & _NUMERIC and len(kinds & _NUMERIC) > 1):
        memo = {v: convert(v) for v in set(values)}
        return list(map(memo.__getitem__, values))
    return [convert(v) for v in values]


_NUMERIC = frozenset({bool, int, float})
_HASHABLE = frozenset({type(None), str, bool, int, float, date, datetime})


def _texts(values: list[Any], blank: str | None = None) -> list[Any]:
    """``str`` of each value (``blank`` for an empty one when given)."""
    if set(map(type, values)) == {str}:
        return values
    if blank is None:
        return [str(v) for v in values]
    return [str(v or blank) for v in values]


def _frame(records: Iterable[list[Any] | None]) -> pd.DataFrame:
    """The History frame of ``records`` (None skipped), gathered a column at a time
    rather than as a list per row."""
    columns: list[list[Any]] = [[] for _ in COLUMNS]
    for rec in records:
        if rec is not None:
            for column, value in zip(columns, rec, strict=True):
                column.append(value)
    if not columns[0]:
        return pd.DataFrame([], columns=COLUMNS)
    return pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)), columns=COLUMNS)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class CheckIn(NamedTuple):
    """One item's check-in of this run (a tuple: tens of thousands are made a run)."""

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
        blank = [None] * len(frame)

        def get(col: str, source: pd.DataFrame = res, frame: pd.DataFrame = frame,
                blank: list[None] = blank) -> list[Any]:
            if col not in source:
                return blank
            return cell_values(source[col] if source is frame
                               else source[col].reindex(frame.index))

        ids = cell_values(frame["id"])
        errors = frame["_error"].tolist()
        if key == "objectives":
            columns = zip(blank, get("score"), get("expected"), get("status"), blank,
                          strict=True)
        elif key == "key_results":
            columns = zip(get("current_used"), get("score"), get("expected"),
                          get("status"), get("confidence", frame), strict=True)
        else:
            columns = zip(get("latest"), blank, blank, get("health"), blank, strict=True)
        for ident, error, cells in zip(ids, errors, columns, strict=True):
            if ident is not None and not error:
                out.append(CheckIn(kind, str(ident), *cells))
    return out


class _Latest:
    """The compared fields of each item's latest check-in up to ``as_of``, as read (put
    in comparable form only when compared): their places by type and item, the fields
    a column each."""

    def __init__(self, past: pd.DataFrame, as_of: date) -> None:
        done = past.loc[past["date"] <= as_of, ["date", "row", "type", "item", *_COMPARED]]
        done = done.sort_values(["date", "row"], kind="stable").drop_duplicates(
            ["type", "item"], keep="last")
        self.at: dict[str, dict[str, int]] = {}
        for n, (kind, item) in enumerate(zip(done["type"].tolist(), done["item"].tolist(),
                                             strict=True)):
            self.at.setdefault(kind, {})[item] = n
        self.fields = [done[k].tolist() for k in _COMPARED]

    def changed(self, now: CheckIn) -> bool:
        """Whether ``now`` moved since the item's latest check-in (or it has none yet and
        now has a value or a score)."""
        n = self.at.get(now.type, {}).get(now.item)
        if n is None:
            return now.score is not None or now.value is not None
        return any(comparable(getattr(now, k)) != comparable(_none(field[n])) for k, field in
                   zip(_COMPARED, self.fields, strict=True))


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def plan_history(model: Model, results: Results, as_of: date, period: str,
                 changes: ChangeSet) -> pd.DataFrame:
    """Record this run's check-ins when a value or score moved since the latest ones;
    the objectives' rows of the History frame as it will be after the write (what the
    Dashboard's burn-up draws)."""
    grid = history_grid(model.book)
    past = _read(grid)
    if grid is not None:
        grid.memo.pop("history", None)  # this run reads the History no more
    now = check_ins(model, results)
    latest = _Latest(past, as_of)
    if not any(latest.changed(c) for c in now):
        return _objectives(past)
    del latest
    start = period_start(as_of, period)
    dates = past["date"].tolist()
    current = {d for d in set(dates) if period_start(d, period) == start}
    place: dict[str, dict[str, int]] = {}
    for t, i, r, d in zip(past["type"].tolist(), past["item"].tolist(), past["row"].tolist(),
                          dates, strict=True):
        if d in current:
            place.setdefault(t, {})[i] = r
    del dates
    if grid is None:  # a new tab: its rows held packed, as a History tab read is
        rows = PackedRows(chain([list(HISTORY_HEADERS)], (check.line(as_of) for check in now)))
        formats = ColumnFormats(FORMATS, 2, len(rows))
        changes.sheets.append(SheetContent(history_title(model.book), rows, widths=WIDTHS,
                                           formats=formats))
        return _objectives(_read(Grid("", rows)))
    checked: dict[int, CheckIn] = {}
    end = len(grid.rows)
    for check in now:
        r = place.get(check.type, {}).get(check.item)
        if r is None:
            end += 1
            r = end
        checked[r] = check
    del place, now
    changes.cells.extend(_line_changes(grid.title, 1, grid.rows[0], HISTORY_HEADERS, {}))
    lines = _lines(grid.rows, list(checked))
    height = len(grid.rows)
    for r, check in checked.items():
        have = next(lines)[:8] if r <= height else []
        want = check.line(as_of)
        if not _equal(have, want):
            changes.cells.extend(_line_changes(grid.title, r, have, want, _formats(r)))
    kept = past[(past["type"] == OBJECTIVE) & ~past["row"].isin(list(checked))]
    added = _checked_frame({r: c for r, c in checked.items() if c.type == OBJECTIVE}, as_of)
    merged = pd.concat([kept, added], ignore_index=True) if len(kept) else added
    return merged.sort_values("row", kind="stable", ignore_index=True)


def _lines(rows: Sequence[list[Any]], wanted: list[int]) -> Iterator[list[Any]]:
    """The lines of the sheet rows ``wanted`` that ``rows`` holds, in that order: read in
    one pass over their span when they come in sheet order and fill most of it (as a
    period's check-ins do), else one by one."""
    size = len(rows)
    there = [r for r in wanted if r <= size]
    if there and all(a < b for a, b in pairwise(there)) and \
            there[-1] - there[0] < 2 * len(there):
        ahead = iter(there)
        want = next(ahead)
        for r, line in enumerate(rows[there[0] - 1:there[-1]], start=there[0]):
            if r == want:
                yield line
                want = next(ahead, 0)
        return
    for r in there:
        yield rows[r - 1]


def _objectives(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["type"] == OBJECTIVE].reset_index(drop=True)


def _checked_frame(checked: dict[int, CheckIn], as_of: date) -> pd.DataFrame:
    """The History frame of this run's check-ins by row (as :func:`_history_frame` reads
    their lines), built a column at a time."""
    day = _day(as_of)
    rows = [r for r in sorted(checked) if checked[r].item != ""]
    if day is None or not rows:
        return _frame(())
    ins = [checked[r] for r in rows]
    number = _number
    return pd.DataFrame({
        "row": rows, "date": [day] * len(rows), "type": [c.type or "" for c in ins],
        "item": [c.item for c in ins], "value": [number(c.value) for c in ins],
        "score": [number(c.score) for c in ins], "expected": [number(c.expected) for c in ins],
        "status": [c.status for c in ins], "confidence": [c.confidence for c in ins],
    }, columns=COLUMNS)


def _equal(have: list[Any], want: list[Any]) -> bool:
    """Whether two lines are equal cell by cell, an empty text in ``have`` (a blank cell
    as read) standing for None (then no cell of them changes)."""
    try:
        if have == want:
            return True
        blanked = [None if type(v) is str and v == "" else v for v in have]
        return blanked + [None] * (len(want) - len(blanked)) == want
    except TypeError:  # a value with no truth (pandas' NA)
        return False


def _line_changes(title: str, r: int, have: Sequence[Any], want: Sequence[Any],
                  formats: dict[tuple[int, int], str]) -> list[CellChange]:
    """The cell changes that turn row ``r``'s ``have`` into ``want`` (as the changes of a
    tool-owned tab are planned)."""
    out = []
    for c, (old, value) in enumerate(zip_longest(have, want), start=1):
        if old == value or (old == "" and value is None) or same_cell(old, value):
            continue
        fmt = formats.get((r, c)) or (DATE if isinstance(value, date) else None)
        blank = comparable(value) is None
        out.append(CellChange(title, r, c, None if blank else value, fmt, old=old))
    return out


FORMATS = {1: DATE, 5: PERCENT, 6: PERCENT}


def _formats(r: int) -> dict[tuple[int, int], str]:
    return {(r, c): fmt for c, fmt in FORMATS.items()}
