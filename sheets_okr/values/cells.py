"""What every cell parser shares: blank cells, spreadsheet errors such as ``#N/A``, the
words of ``data/aliases.toml`` and the error raised for a value that cannot be read."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from datetime import date, time
from importlib import resources
from typing import Any


def show(value: object) -> str:
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
        return self._message or f"{show(self.value)} is not {self.expected}"

    def __reduce__(self) -> tuple[type[CellValueError], tuple[object, str, str]]:
        return type(self), (self.value, self.expected, str(self))


@functools.cache
def aliases() -> dict[str, Any]:
    """The alias data file ``data/aliases.toml``, read once for all who ask."""
    text = resources.files("sheets_okr").joinpath("data/aliases.toml").read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def alias_words() -> dict[str, Any]:
    """Value words of ``data/aliases.toml``: missing markers, confidence, direction."""
    data = aliases()
    return {key: data.get(key, {}) for key in ("missing", "confidence", "direction")}


BLANK_TEXT = frozenset(
    {"", "—", "–", "-", "n/a", "na", "n/d", "none", "null", "tbd"}
    | {str(m).casefold() for m in alias_words()["missing"].get("markers", [])}
)

_SHEET_ERRORS = frozenset({
    "#N/A", "#N/A!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#GETTING_DATA",
})

NORMALIZE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2019": "'", "\u02bc": "'",
})


def is_sheet_error(text: str) -> bool:
    return text[:1] == "#" and text.upper() in _SHEET_ERRORS


def sheet_error(value: object, expected: str) -> CellValueError:
    return CellValueError(value, expected, f"{show(value)} is a spreadsheet error, not {expected}")


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
        return value.strip().casefold() in BLANK_TEXT
    if isinstance(value, float):
        return value != value
    return False


def not_blank(values: Iterable[object]) -> list[object]:
    """The values :func:`is_blank` does not count as empty, in order (one pass, no call
    per value).

    >>> not_blank([None, "", " ", "x", 0, float("nan"), "N/A", 2.5, False])
    ['x', 0, 2.5, False]
    """
    blank = BLANK_TEXT
    return [v for v in values if v is not None and (
        v.strip().casefold() not in blank if isinstance(v, str)
        else v == v if isinstance(v, float) else True)]


def any_filled(values: Iterable[object]) -> bool:
    """Whether :func:`not_blank` keeps any of ``values`` (stops at the first it keeps).

    >>> any_filled([None, " ", float("nan")]), any_filled(["N/A", 0])
    (False, True)
    """
    blank = BLANK_TEXT
    for v in values:
        if v is None:
            continue
        if isinstance(v, str):
            if v.strip().casefold() not in blank:
                return True
        elif not isinstance(v, float) or v == v:
            return True
    return False


VOTES = 200
"""At most this many unambiguous values decide a guess of the decimal mark or date order."""
