"""Numbers as people type them: separators, percents, currencies, k/M/bn, units,
``(300)``; and the locale's decimal mark, given or guessed from the values."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .cells import BLANK_TEXT, NORMALIZE, VOTES, CellValueError, is_sheet_error, sheet_error

EXPECTED_NUMBER = "a number"
_NUMBER = EXPECTED_NUMBER


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
    if text.casefold() in BLANK_TEXT:
        return None
    if is_sheet_error(text):
        raise sheet_error(value, _NUMBER)
    m = _NUMBER_TEXT.fullmatch(text.translate(NORMALIZE))
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


COMMA_DECIMAL = re.compile(
    r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|0,[0-9]+|[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")
DOT_DECIMAL = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|0\.[0-9]+|[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})")
NUMBER_TOKEN = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]")


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
        token = NUMBER_TOKEN.search(value)
        if token is None:
            continue
        text = token.group()
        if COMMA_DECIMAL.fullmatch(text):
            comma += 1
        elif DOT_DECIMAL.fullmatch(text):
            dot += 1
    if comma == dot:
        return None
    return comma > dot
