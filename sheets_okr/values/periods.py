"""Reporting periods: quarters, halves, years, months, ISO weeks and date ranges."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from .cells import BLANK_TEXT, CellValueError
from .dates import full_year, month_number, parse_date

EXPECTED_PERIOD = "a period such as 2026-Q4"
_PERIOD = EXPECTED_PERIOD


@dataclass(frozen=True)
class Period:
    """A reporting period; ``start`` and ``end`` are its first and last day (inclusive).

    >>> p = parse_period("Q4 2026")
    >>> p.label, p.start, p.end
    ('2026-Q4', datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """

    label: str
    start: date
    end: date

    def __str__(self) -> str:
        return self.label


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_period(year: int) -> Period:
    return Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))


def _quarter_period(year: int, quarter: int) -> Period:
    month = 3 * quarter - 2
    return Period(f"{year:04d}-Q{quarter}", date(year, month, 1), _month_end(year, month + 2))


def _half_period(year: int, half: int) -> Period:
    month = 6 * half - 5
    return Period(f"{year:04d}-H{half}", date(year, month, 1), _month_end(year, month + 5))


def _month_period(year: int, month: int) -> Period:
    return Period(f"{year:04d}-{month:02d}", date(year, month, 1), _month_end(year, month))


def _week_period(year: int, week: int) -> Period:
    start = date.fromisocalendar(year, week, 1)
    return Period(f"{year:04d}-W{week:02d}", start, start + timedelta(days=6))


def _named_month_period(year: int, word: str) -> Period | None:
    month = month_number(word)
    return _month_period(year, month) if month else None


_FY = r"(?:(?:FY|CY) ?[-']? ?)?"
YEARS = (1900, 2199)
"""The years a period written with a dot (2026.2) may fall in: 1001.2 is an ID."""
_PERIOD_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Period | None]], ...] = (
    (re.compile(rf"{_FY}([0-9]{{4}}) ?[-/.]? ?Q([1-4])"),
     lambda m: _quarter_period(int(m[1]), int(m[2]))),
    (re.compile(rf"Q([1-4]) ?[-/']? ?{_FY}'?([0-9]{{4}}|[0-9]{{2}})"),
     lambda m: _quarter_period(full_year(m[2]), int(m[1]))),
    (re.compile(r"([1-4])Q ?[-/']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _quarter_period(full_year(m[2]), int(m[1]))),
    (re.compile(rf"{_FY}([0-9]{{4}}) ?[-/.]? ?H([12])"),
     lambda m: _half_period(int(m[1]), int(m[2]))),
    (re.compile(rf"H([12]) ?[-/']? ?{_FY}'?([0-9]{{4}}|[0-9]{{2}})"),
     lambda m: _half_period(full_year(m[2]), int(m[1]))),
    (re.compile(r"([12])H ?[-/']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _half_period(full_year(m[2]), int(m[1]))),
    (re.compile(r"([0-9]{4}) ?-? ?W ?([0-9]{1,2})"),
     lambda m: _week_period(int(m[1]), int(m[2]))),
    (re.compile(r"W ?([0-9]{1,2}) ?[-/]? ?([0-9]{4})"),
     lambda m: _week_period(int(m[2]), int(m[1]))),
    (re.compile(rf"{_FY}([0-9]{{4}})(?:\.0+)?"),
     lambda m: _year_period(int(m[1]))),
    (re.compile(r"(?:FY|CY) ?[-']? ?([0-9]{2})"),
     lambda m: _year_period(full_year(m[1]))),
    (re.compile(r"([0-9]{4}) ?\. ?([0-9]{1,2})"),
     lambda m: _month_period(int(m[1]), int(m[2]))
     if YEARS[0] <= int(m[1]) <= YEARS[1] else None),
    (re.compile(r"([0-9]{4}) ?[-/] ?([0-9]{1,2})"),
     lambda m: _month_period(int(m[1]), int(m[2]))),
    (re.compile(r"([0-9]{1,2}) ?[-/.] ?([0-9]{4})"),
     lambda m: _month_period(int(m[2]), int(m[1]))),
    (re.compile(r"([^\W\d_]+)\.? ?[-/,']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _named_month_period(full_year(m[2]), m[1])),
    (re.compile(r"([0-9]{4}) ?[-/,]? ?([^\W\d_]+)\.?"),
     lambda m: _named_month_period(int(m[1]), m[2])),
)
_DASHES = str.maketrans({"–": "-", "—": "-", "\u2212": "-"})
_RANGE_SEP = re.compile(
    r"\s*(?:\.{2,3}|…|[–—]|\s-\s|\s(?:to|thru|through|until)\s)\s*", re.IGNORECASE
)


@functools.lru_cache(maxsize=4096)
def _single_period(text: str) -> Period | None:
    """``text`` as one named period (quarter, half, year, month, week), else None."""
    key = " ".join(text.translate(_DASHES).split()).upper()
    for pattern, build in _PERIOD_FORMS:
        m = pattern.fullmatch(key)
        if m:
            try:
                period = build(m)
            except (ValueError, OverflowError):
                return None
            if period is not None:
                return period
    return None


def _range_bound(text: str, day_first: bool, first: bool) -> date | None:
    try:
        return parse_date(text, day_first=day_first)
    except CellValueError:
        period = _single_period(text)
        if period is None:
            return None
        return period.start if first else period.end


def _period_from_text(value: object, text: str, day_first: bool) -> Period | None:
    if text.casefold() in BLANK_TEXT:
        return None
    period = _single_period(text)
    if period is not None:
        return period
    parts = _RANGE_SEP.split(text)
    if len(parts) == 2 and all(parts):
        start = _range_bound(parts[0], day_first, first=True)
        end = _range_bound(parts[1], day_first, first=False)
        if start and end and start <= end:
            return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)
        raise CellValueError(value, _PERIOD)
    try:
        day = parse_date(text, day_first=day_first)
    except CellValueError:
        raise CellValueError(value, _PERIOD) from None
    return _month_period(day.year, day.month) if day else None


def parse_period(value: object, *, day_first: bool = False) -> Period | None:
    """A reporting period: quarter, half, year, month, ISO week or a date range.

    A date cell means its month. ``day_first`` only matters for numeric dates in a
    range such as ``1/10/2026 - 31/12/2026``.

    >>> parse_period("Q4 2026").label, parse_period("H1 2026").label
    ('2026-Q4', '2026-H1')
    >>> parse_period("FY2026").label, parse_period("Nov 2026").label
    ('2026', '2026-11')
    >>> parse_period("2026-W05")
    Period(label='2026-W05', start=datetime.date(2026, 1, 26), end=datetime.date(2026, 2, 1))
    >>> parse_period("2026-10-01 – 2026-12-31").label
    '2026-10-01..2026-12-31'
    """
    if value is None:
        return None
    if isinstance(value, str):
        return _period_from_text(value, value.strip(), day_first)
    if isinstance(value, bool) or isinstance(value, time):
        raise CellValueError(value, _PERIOD)
    if isinstance(value, date):
        return _month_period(value.year, value.month)
    if isinstance(value, (int, float)):
        if value != value:
            return None
        if 1000 <= value <= 9999 and value == int(value):
            return _year_period(int(value))
    raise CellValueError(value, _PERIOD)
