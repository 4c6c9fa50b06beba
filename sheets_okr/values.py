"""Cell values as people type them (SPEC §3, "Cell values people really type").

Every parser takes what a spreadsheet reader hands over -- ``None``, ``str``, ``int``,
``float``, ``bool``, :class:`~datetime.datetime`, :class:`~datetime.date` or
:class:`~datetime.time` -- returns ``None`` for a blank cell and raises
:class:`CellValueError` for a value it cannot read. Nothing here knows about
spreadsheets or pandas.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

__all__ = [
    "CellValueError",
    "Period",
    "decimal_comma_locale",
    "guess_decimal_comma",
    "guess_day_first",
    "is_blank",
    "parse_bool",
    "parse_codes",
    "parse_confidence",
    "parse_date",
    "parse_direction",
    "parse_id",
    "parse_measure",
    "parse_number",
    "parse_period",
    "parse_text",
]

_NUMBER = "a number"
_BOOL = "a done/not-done value"
_MEASURE = "a number or a done/not-done value"
_DATE = EXPECTED_DATE = "a date"
_PERIOD = EXPECTED_PERIOD = "a period such as 2026-Q4"


def _show(value: object) -> str:
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (date, time)):
        text = value.isoformat()
    elif isinstance(value, float):
        text = repr(value)
    else:
        try:
            text = str(value)
        except ValueError:
            text = type(value).__name__
    if len(text) > 40:
        text = text[:39] + "…"
    return f'"{text}"' if isinstance(value, str) else text


class CellValueError(ValueError):
    """A cell value that cannot be read as what its column expects.

    >>> err = CellValueError("abc", "a number")
    >>> str(err)
    '"abc" is not a number'
    >>> err.expected, err.value
    ('a number', 'abc')
    """

    expected: str
    value: object

    def __init__(self, value: object, expected: str, message: str | None = None) -> None:
        # The message is put together only when shown: most of these errors are caught
        # while guessing what a cell holds, and never shown.
        self.value = value
        self.expected = expected
        self._message = message

    def __str__(self) -> str:
        return self._message or f"{_show(self.value)} is not {self.expected}"

    def __reduce__(self) -> tuple[type[CellValueError], tuple[object, str, str]]:
        return type(self), (self.value, self.expected, str(self))


@functools.cache
def _words() -> dict[str, Any]:
    """Value words of ``data/aliases.toml``: missing markers, confidence, direction."""
    text = resources.files("sheets_okr").joinpath("data/aliases.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {key: data.get(key, {}) for key in ("missing", "confidence", "direction")}


_BLANK_TEXT = frozenset(
    {"", "—", "–", "-", "n/a", "na", "n/d", "none", "null", "tbd"}
    | {str(m).casefold() for m in _words()["missing"].get("markers", [])}
)

_SHEET_ERRORS = frozenset({
    "#N/A", "#N/A!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#GETTING_DATA",
})

_NORMALIZE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2019": "'", "\u02bc": "'",
})


def _is_sheet_error(text: str) -> bool:
    return text[:1] == "#" and text.upper() in _SHEET_ERRORS


def _sheet_error(value: object, expected: str) -> CellValueError:
    return CellValueError(value, expected, f"{_show(value)} is a spreadsheet error, not {expected}")


def is_blank(value: object) -> bool:
    """Whether a cell counts as empty: nothing, spaces, NaN or a "missing" marker.

    >>> [is_blank(v) for v in (None, "", "  ", "—", "N/A", "tbd", float("nan"))]
    [True, True, True, True, True, True, True]
    >>> [is_blank(v) for v in (0, "0", "#N/A", False)]
    [False, False, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().casefold() in _BLANK_TEXT
    if isinstance(value, float):
        return value != value
    return False


# Numbers ------------------------------------------------------------------------------

_CURRENCY = (
    r"(?:[A-Z]{0,2}[$€£¥₹₩₽₺₪₫₱₦₴฿¢]|Rs\.?"
    r"|(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN"
    r"|ARS|CLP|COP|ZAR|SGD|HKD|KRW|ILS|AED|SAR)(?![^\W\d_]))"
)
_SCALES = (
    r"(?i:thousand|million|billion|trillion)"
    r"|MM|mn|Mn|MN|bn|Bn|BN|tn|Tn|TN|[kKMBmbtT]"
)
_SCALE_EXPONENT = {
    "k": 3, "K": 3, "thousand": 3,
    "M": 6, "MM": 6, "m": 6, "mn": 6, "Mn": 6, "MN": 6, "million": 6,
    "B": 9, "b": 9, "bn": 9, "Bn": 9, "BN": 9, "billion": 9,
    "T": 12, "t": 12, "tn": 12, "Tn": 12, "TN": 12, "trillion": 12,
}
# Ambiguous with units (metres, minutes, tonnes...) unless next to a currency.
_MONEY_ONLY_SCALES = frozenset({"m", "mn", "Mn", "MN", "b", "t", "T", "tn", "Tn", "TN"})

_NUMBER_TEXT = re.compile(
    rf"""
    (?P<open>\()?\s*
    (?P<sign>[-+])?\s*
    (?P<cur>{_CURRENCY})?\s*
    (?P<sign2>[-+])?\s*
    (?P<num>[0-9](?:[0-9.,' ]*[0-9])?[.,]?|[.,][0-9]+)
    (?P<exp>[eE][-+]?[0-9]+)?
    (?:\s*(?P<scale>{_SCALES})(?![^\W\d_]))?
    \s*(?P<pct>%|‰|(?i:pct|percent)(?![^\W\d_]))?
    \s*(?P<cur2>{_CURRENCY})?
    \s*(?P<unit>(?:[^\W\d_]|[°/µ"'])[^\d()]*?)?
    \s*(?P<close>\))?
    """,
    re.VERBOSE,
)
_GROUP_SPLIT = re.compile(r"[ .,]")


def _canonical_digits(num: str, decimal_comma: bool) -> str | None:
    """``num`` with grouping removed and a ``.`` decimal point, or None when malformed."""
    body = num.replace("'", " ")
    dots, commas = body.count("."), body.count(",")
    decimal: str | None = None
    if dots and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        if body.count(decimal) > 1:
            return None
    elif dots + commas == 1:
        sep = "." if dots else ","
        if (sep == ",") == decimal_comma:
            decimal = sep
        else:
            head, tail = body.split(sep)
            head = head.replace(" ", "")
            looks_grouped = len(tail) == 3 and " " not in tail and head[:1] not in ("", "0")
            decimal = None if looks_grouped else sep
    if decimal:
        whole, frac = body.split(decimal)
        if not frac.isdigit() and frac:
            return None
    else:
        whole, frac = body, ""
    groups = _GROUP_SPLIT.split(whole)
    if len(groups) > 1:
        if len({c for c in whole if c in " .,"}) > 1:
            return None
        first, middle, last = groups[0], groups[1:-1], groups[-1]
        if not 1 <= len(first) <= 3 or len(last) != 3:
            return None
        western = all(len(g) == 3 for g in middle)
        indian = len(first) <= 2 and all(len(g) == 2 for g in middle)
        if not (western or indian):
            return None
    digits = "".join(groups) or "0"
    return f"{digits}.{frac}" if frac else digits


def _number_from_text(value: object, text: str, decimal_comma: bool) -> float | None:
    if text.casefold() in _BLANK_TEXT:
        return None
    if _is_sheet_error(text):
        raise _sheet_error(value, _NUMBER)
    m = _NUMBER_TEXT.fullmatch(text.translate(_NORMALIZE))
    if m is None or (m["open"] is None) != (m["close"] is None) or (m["sign"] and m["sign2"]):
        raise CellValueError(value, _NUMBER)
    digits = _canonical_digits(m["num"], decimal_comma)
    if digits is None:
        raise CellValueError(value, _NUMBER)
    shift = 0
    scale = m["scale"]
    if scale and (scale not in _MONEY_ONLY_SCALES or m["cur"] or m["cur2"]):
        shift += _SCALE_EXPONENT[scale if len(scale) <= 2 else scale.lower()]
    if m["pct"]:
        shift -= 3 if m["pct"] == "‰" else 2
    exponent = m["exp"] or ""
    try:
        if shift:
            exponent = f"e{int(exponent[1:] or 0) + shift}"
        number = float(digits + exponent)
    except (ValueError, OverflowError):
        raise CellValueError(value, _NUMBER) from None
    if not math.isfinite(number):
        raise CellValueError(value, _NUMBER)
    return -number if m["open"] or (m["sign"] or m["sign2"]) == "-" else number


def parse_number(value: object, *, decimal_comma: bool = False) -> float | None:
    """A number as typed: separators, percents, currencies, k/M/bn, units, ``(300)``.

    ``decimal_comma`` reads ``1.234,5`` as 1234.5; a lone separator that cannot be a
    thousands separator (``2,5``) is read as the decimal mark either way.

    >>> parse_number("1,234.5"), parse_number("45%"), parse_number("(300)")
    (1234.5, 0.45, -300.0)
    >>> parse_number("$1,000"), parse_number("2.5k"), parse_number("48 days")
    (1000.0, 2500.0, 48.0)
    >>> parse_number("1.234,5", decimal_comma=True), parse_number("—")
    (1234.5, None)
    >>> try:
    ...     parse_number("#DIV/0!")
    ... except CellValueError as err:
    ...     print(err)
    "#DIV/0!" is a spreadsheet error, not a number
    """
    if isinstance(value, float):
        if value - value == 0:
            return float(value)
        if value != value:
            return None
        raise CellValueError(value, _NUMBER)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not (decimal_comma and "." in text) and "_" not in text:
            try:
                number = float(text)
            except ValueError:
                pass
            else:
                if number - number == 0:
                    return number
                raise CellValueError(value, _NUMBER)
        return _number_from_text(value, text, decimal_comma)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise CellValueError(value, _NUMBER) from None
    raise CellValueError(value, _NUMBER)


# Booleans -----------------------------------------------------------------------------

_BOOL_WORDS: dict[str, bool] = {
    **dict.fromkeys(
        ("yes", "y", "true", "done", "complete", "completed", "achieved", "1",
         "✓", "✔", "✅", "☑", "x"),
        True,
    ),
    **dict.fromkeys(
        ("no", "n", "false", "not done", "incomplete", "not complete", "not completed",
         "not achieved", "0", "✗", "✘", "❌", "☐"),
        False,
    ),
}
_ONE_OR_ZERO = re.compile(r"\+?([01])(?:\.0*)?")
_ONE_OR_ZERO_COMMA = re.compile(r"\+?([01])(?:,0*)?")


def _bool_from_text(text: str, decimal_comma: bool = False) -> bool | None:
    """The boolean ``text`` spells, or None when it is not boolean-like."""
    key = text.replace("\ufe0f", "").strip().rstrip(".!").casefold()
    key = " ".join(key.replace("-", " ").replace("_", " ").split())
    found = _BOOL_WORDS.get(key)
    if found is None:
        m = (_ONE_OR_ZERO_COMMA if decimal_comma else _ONE_OR_ZERO).fullmatch(key)
        if m:
            found = m[1] == "1"
    return found


def bool_word(text: str) -> bool:
    """Whether ``text`` spells a done/not-done value (``yes``, ``✓``, ``not done``)."""
    return _bool_from_text(text) is not None


def parse_bool(value: object) -> bool | None:
    """A done/not-done value: yes/no, true/false, done/not done, 1/0, ✓/✗, x ...

    >>> parse_bool("Done"), parse_bool("not done"), parse_bool("✓"), parse_bool(0)
    (True, False, True, False)
    >>> parse_bool(""), parse_bool(True)
    (None, True)
    >>> try:
    ...     parse_bool("maybe")
    ... except CellValueError as err:
    ...     print(err.expected)
    a done/not-done value
    """
    if value is None:
        return None
    if value is True or value is False:
        return value
    if isinstance(value, str):
        if value.strip().casefold() in _BLANK_TEXT:
            return None
        found = _bool_from_text(value)
        if found is None:
            if _is_sheet_error(value.strip()):
                raise _sheet_error(value, _BOOL)
            raise CellValueError(value, _BOOL)
        return found
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)):
        if value != value:
            return None
        if value == 1:
            return True
        if value == 0:
            return False
    raise CellValueError(value, _BOOL)


def parse_measure(
    value: object, *, decimal_comma: bool = False
) -> tuple[float | None, bool | None]:
    """A key result's baseline, target or current: ``(number, done)``.

    ``done`` is set only when the cell is boolean-like; 1 and 0 are both.

    >>> parse_measure("done"), parse_measure(0), parse_measure("45%")
    ((1.0, True), (0.0, False), (0.45, None))
    >>> parse_measure(None), parse_measure("1,200")
    ((None, None), (1200.0, None))
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == 1:
            return 1.0, True
        if value == 0:
            return 0.0, False
        try:
            return parse_number(value), None
        except CellValueError:
            raise CellValueError(value, _MEASURE) from None
    if value is None:
        return None, None
    if isinstance(value, bool):
        return (1.0, True) if value else (0.0, False)
    if isinstance(value, str):
        text = value.strip()
        if text.casefold() in _BLANK_TEXT:
            return None, None
        found = _bool_from_text(text, decimal_comma)
        if found is not None:
            return (1.0, True) if found else (0.0, False)
        if _is_sheet_error(text):
            raise _sheet_error(value, _MEASURE)
        try:
            return parse_number(text, decimal_comma=decimal_comma), None
        except CellValueError:
            raise CellValueError(value, _MEASURE) from None
    raise CellValueError(value, _MEASURE)


# Dates --------------------------------------------------------------------------------

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
    return _month_number(word)


def _month_number(word: str) -> int | None:
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).rstrip(".")
    return _MONTHS.get(folded)


def _full_year(digits: str) -> int:
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
    if text.casefold() in _BLANK_TEXT:
        return None
    text = _TIME_TAIL.sub("", text.translate(_NORMALIZE), count=1)
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
            return date(_full_year(m[4]), month, day)
        m = _DAY_MONTH_DATE.fullmatch(text)
        if m:
            month = _month_number(m[2])
            if month:
                return date(_full_year(m[3]), month, int(m[1]))
        m = _MONTH_DAY_DATE.fullmatch(text)
        if m:
            month = _month_number(m[1])
            if month:
                return date(_full_year(m[3]), month, int(m[2]))
    except ValueError:
        pass
    if _is_sheet_error(text):
        raise _sheet_error(value, _DATE)
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


# Periods ------------------------------------------------------------------------------


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
    month = _month_number(word)
    return _month_period(year, month) if month else None


_FY = r"(?:(?:FY|CY) ?[-']? ?)?"
_PERIOD_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Period | None]], ...] = (
    (re.compile(rf"{_FY}([0-9]{{4}}) ?[-/.]? ?Q([1-4])"),
     lambda m: _quarter_period(int(m[1]), int(m[2]))),
    (re.compile(rf"Q([1-4]) ?[-/']? ?{_FY}'?([0-9]{{4}}|[0-9]{{2}})"),
     lambda m: _quarter_period(_full_year(m[2]), int(m[1]))),
    (re.compile(r"([1-4])Q ?[-/']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _quarter_period(_full_year(m[2]), int(m[1]))),
    (re.compile(rf"{_FY}([0-9]{{4}}) ?[-/.]? ?H([12])"),
     lambda m: _half_period(int(m[1]), int(m[2]))),
    (re.compile(rf"H([12]) ?[-/']? ?{_FY}'?([0-9]{{4}}|[0-9]{{2}})"),
     lambda m: _half_period(_full_year(m[2]), int(m[1]))),
    (re.compile(r"([12])H ?[-/']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _half_period(_full_year(m[2]), int(m[1]))),
    (re.compile(r"([0-9]{4}) ?-? ?W ?([0-9]{1,2})"),
     lambda m: _week_period(int(m[1]), int(m[2]))),
    (re.compile(r"W ?([0-9]{1,2}) ?[-/]? ?([0-9]{4})"),
     lambda m: _week_period(int(m[2]), int(m[1]))),
    (re.compile(rf"{_FY}([0-9]{{4}})(?:\.0+)?"),
     lambda m: _year_period(int(m[1]))),
    (re.compile(r"(?:FY|CY) ?[-']? ?([0-9]{2})"),
     lambda m: _year_period(_full_year(m[1]))),
    (re.compile(r"([0-9]{4}) ?[-/.] ?([0-9]{1,2})"),
     lambda m: _month_period(int(m[1]), int(m[2]))),
    (re.compile(r"([0-9]{1,2}) ?[-/.] ?([0-9]{4})"),
     lambda m: _month_period(int(m[2]), int(m[1]))),
    (re.compile(r"([^\W\d_]+)\.? ?[-/,']? ?'?([0-9]{4}|[0-9]{2})"),
     lambda m: _named_month_period(_full_year(m[2]), m[1])),
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
    if text.casefold() in _BLANK_TEXT:
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


# Identifiers and text -----------------------------------------------------------------


def _plain_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip() or None


def parse_id(value: object) -> str | None:
    """An identifier: stripped text; whole numbers lose their ``.0``; blank is None.

    >>> parse_id(" OKR1 "), parse_id(12.0), parse_id(1.1), parse_id("—")
    ('OKR1', '12', '1.1', None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return None if text.casefold() in _BLANK_TEXT else text
    return _plain_text(value)


def parse_text(value: object) -> str | None:
    """Free text: stripped, None when empty; numbers and dates as they read.

    >>> parse_text("  Grow revenue "), parse_text(""), parse_text(3.0)
    ('Grow revenue', None, '3')
    >>> parse_text(date(2026, 10, 1))
    '2026-10-01'
    """
    if value is None:
        return None
    return _plain_text(value)


_CODE_SEP = re.compile(r"[\s,;]+")


def parse_codes(value: object) -> tuple[str, ...]:
    """Rule codes listed in a cell, a setting or a command-line option (separated by
    commas, semicolons or spaces; a list of such texts), upper-cased, in order, without
    repeats. The one reading of rule codes everywhere.

    >>> parse_codes("OKR101, okr107 OKR1")
    ('OKR101', 'OKR107', 'OKR1')
    >>> parse_codes(["OKR101;OKR102", "okr1"]), parse_codes(None)
    (('OKR101', 'OKR102', 'OKR1'), ())
    """
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value if v is not None)
    text = parse_text(value)
    if text is None or text.casefold() in _BLANK_TEXT:
        return ()
    return tuple(dict.fromkeys(code.upper() for code in _CODE_SEP.split(text) if code))


# Words: confidence, direction ---------------------------------------------------------


def _fold_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\ufe0f", "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("_", " ").split()).strip(" .!:;,")


@functools.cache
def _word_table(section: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, words in _words()[section].items():
        for word in words:
            table.setdefault(_fold_word(str(word)), canonical)
    return table


def parse_confidence(value: object) -> str | None:
    """Confidence typed as a word or an emoji: ``on track``, ``at risk`` or ``off track``;
    None when blank or not one of the known words.

    >>> parse_confidence("🙂"), parse_confidence("⚠️"), parse_confidence("Baja")
    ('on track', 'at risk', 'off track')
    >>> parse_confidence("0.7") is None
    True
    """
    if not isinstance(value, str) or is_blank(value):
        return None
    return _word_table("confidence").get(_fold_word(value))


_DIRECTION_WORDS = {"lower": "lower is better", "higher": "higher is better"}


def parse_direction(value: object) -> str | None:
    """A KPI direction written as words or an arrow, in any of the five languages:
    ``lower is better`` or ``higher is better``; None when unclear.

    >>> parse_direction("menor es mejor"), parse_direction("↓"), parse_direction("Höher")
    ('lower is better', 'lower is better', 'higher is better')
    >>> parse_direction("Lower is better (days)"), parse_direction("sideways")
    ('lower is better', None)
    """
    if not isinstance(value, str) or is_blank(value):
        return None
    table = _word_table("direction")
    key = _fold_word(value)
    found = table.get(key)
    if found is None:
        phrases = sorted((w for w in table if len(w) > 3 or not w.isascii()),
                         key=len, reverse=True)
        found = next((table[w] for w in phrases
                      if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", key)), None)
    return _DIRECTION_WORDS.get(found or "")


# Locales: decimal comma, day-first dates ------------------------------------------------

_DOT_DECIMAL_LOCALES = frozenset({
    "en", "ja", "zh", "ko", "he", "th", "hi", "ms", "tl", "ga", "cy",
    "es_mx", "es_us", "es_pr", "es_gt", "es_hn", "es_ni", "es_pa", "es_sv", "es_do",
    "de_ch", "fr_ch", "it_ch", "pt_mo",
})


def decimal_comma_locale(locale: str) -> bool:
    """Whether numbers in ``locale`` (``de``, ``pt-BR``, ``es_MX``...) use a decimal comma.

    >>> decimal_comma_locale("de-DE"), decimal_comma_locale("en_GB"), decimal_comma_locale("es_MX")
    (True, False, False)
    """
    key = locale.strip().replace("-", "_").casefold()
    return key not in _DOT_DECIMAL_LOCALES and key.split("_")[0] not in _DOT_DECIMAL_LOCALES


_COMMA_DECIMAL = re.compile(
    r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|0,[0-9]+|[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")
_DOT_DECIMAL = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|0\.[0-9]+|[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})")
_NUMBER_TOKEN = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]")


VOTES = 200


def guess_decimal_comma(values: Iterable[object]) -> bool | None:
    """Whether numbers typed as text use a decimal comma (``1.234,5``, ``12,5 %``), by a
    vote of the unambiguous ones; None when nothing tells.

    >>> guess_decimal_comma(["1.234,5", "12,5 %", 3.0]), guess_decimal_comma(["0.468"])
    (True, False)
    >>> guess_decimal_comma(["1,234", "abc"]) is None
    True
    """
    comma = dot = 0
    for value in values:
        if not isinstance(value, str):
            continue
        if comma + dot >= VOTES:
            break
        token = _NUMBER_TOKEN.search(value)
        if token is None:
            continue
        text = token.group()
        if _COMMA_DECIMAL.fullmatch(text):
            comma += 1
        elif _DOT_DECIMAL.fullmatch(text):
            dot += 1
    if comma == dot:
        return None
    return comma > dot


_SLASHED_DATE = re.compile(r"\s*([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-][0-9]{2,4}\b")


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
        m = _SLASHED_DATE.match(value) if isinstance(value, str) else None
        if m:
            first += int(m[1]) > 12
            second += int(m[2]) > 12
    if first == second:
        return None
    return first > second
