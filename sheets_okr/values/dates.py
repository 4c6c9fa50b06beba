"""Dates: date cells, serial numbers of the 1900 date system and date text in several
languages; and whether slashed dates are day-first, guessed from the values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from .cells import BLANK_TEXT, NORMALIZE, VOTES, CellValueError, is_sheet_error, sheet_error

EXPECTED_DATE = "a date"
_DATE = EXPECTED_DATE


_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_MAX_SERIAL = 2958465  # 9999-12-31

_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "januar februar marz april mai juni juli august september oktober november dezember",
    "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
)


def _month_prefixes() -> dict[str, int]:
    found: dict[str, set[int]] = {}
    for names in _MONTH_NAMES:
        for number, name in enumerate(names.split(), start=1):
            for end in range(3, len(name) + 1):
                found.setdefault(name[:end], set()).add(number)
    return {prefix: months.pop() for prefix, months in found.items() if len(months) == 1}


_MONTHS = _month_prefixes()


def month_number(word: str) -> int | None:
    """The month a name or abbreviation spells (``Jan``, ``März``, ``DEC``), else None."""
    folded = word.casefold()
    if not folded.isascii():  # ASCII has no accents to take off
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _MONTHS.get(folded.rstrip("."))


def full_year(digits: str) -> int:
    """A year from 4 or 2 digits; two-digit years pivot like Excel (00-29 -> 20xx)."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 30 else 1900
    return year


_TIME_TAIL = re.compile(
    r"(?:,?\s+|(?<=[0-9])T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|UTC|GMT))?(?:\s*[-+][0-9]{2}(?::?[0-9]{2})?)?$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH_DATE = re.compile(
    rf"{_WEEKDAY}([0-9]{{1,2}}){_ORDINAL}[\s\-/.]*(?:of\s+)?([^\W\d_]+)\.?,?[\s\-/.]*"
    r"([0-9]{4}|[0-9]{2})",
    re.IGNORECASE,
)
_MONTH_DAY_DATE = re.compile(
    rf"{_WEEKDAY}([^\W\d_]+)\.?[\s\-/.]*([0-9]{{1,2}}){_ORDINAL}(?:\s*,\s*|[\s\-/.]+)"
    r"([0-9]{4}|[0-9]{2})",
    re.IGNORECASE,
)


def _date_from_serial(value: float) -> date | None:
    if value != value:
        return None
    if not 1 <= value < _MAX_SERIAL + 1:
        raise CellValueError(value, _DATE)
    return date.fromordinal(_EPOCH_ORDINAL + int(value))


def _date_from_text(value: object, text: str, day_first: bool) -> date | None:
    if text.casefold() in BLANK_TEXT:
        return None
    text = _TIME_TAIL.sub("", text.translate(NORMALIZE), count=1)
    try:
        m = _ISO_DATE.fullmatch(text)
        if m:
            return date(int(m[1]), int(m[3]), int(m[4]))
        m = _COMPACT_DATE.fullmatch(text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _NUMERIC_DATE.fullmatch(text)
        if m:
            month, day = int(m[1]), int(m[3])
            if day_first or m[2] == ".":
                month, day = day, month
            return date(full_year(m[4]), month, day)
        m = _DAY_MONTH_DATE.fullmatch(text)
        if m:
            month = month_number(m[2])
            if month:
                return date(full_year(m[3]), month, int(m[1]))
        m = _MONTH_DAY_DATE.fullmatch(text)
        if m:
            month = month_number(m[1])
            if month:
                return date(full_year(m[3]), month, int(m[2]))
    except ValueError:
        pass
    if is_sheet_error(text):
        raise sheet_error(value, _DATE)
    raise CellValueError(value, _DATE)


def parse_date(value: object, *, day_first: bool = False) -> date | None:
    """A date: a date cell, a serial number (1900 date system) or date text.

    Slashed and dashed numeric dates are month-first unless ``day_first``; dotted ones
    (``01.10.2026``) are always day-first. Two-digit years 00-29 are 20xx, 30-99 19xx.

    >>> parse_date(45931), parse_date("2026-10-01T10:00:00")
    (datetime.date(2025, 10, 1), datetime.date(2026, 10, 1))
    >>> parse_date("1/10/2026"), parse_date("1/10/2026", day_first=True)
    (datetime.date(2026, 1, 10), datetime.date(2026, 10, 1))
    >>> parse_date("Oct 1, 2026"), parse_date("01.10.26")
    (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    if isinstance(value, str):
        return _date_from_text(value, value.strip(), day_first)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_serial(value)
    raise CellValueError(value, _DATE)


SLASHED_DATE = re.compile(r"\s*([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-][0-9]{2,4}\b")


def guess_day_first(values: Iterable[object]) -> bool | None:
    """Whether dates typed as text are day-first (``15/11/2026``); None when nothing tells.

    >>> guess_day_first(["15/11/2026"]), guess_day_first(["11/15/2026"])
    (True, False)
    >>> guess_day_first(["1/2/26"]) is None
    True
    """
    first = second = 0
    for value in values:
        if first + second >= VOTES:
            break
        m = SLASHED_DATE.match(value) if isinstance(value, str) else None
        if m:
            first += int(m[1]) > 12
            second += int(m[2]) > 12
    if first == second:
        return None
    return first > second
