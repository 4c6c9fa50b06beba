"""Done / not-done values (yes/no, ✓/✗, 1/0 ...) and a key result's measure, which is
a number or a done/not-done value."""

from __future__ import annotations

import re

from .cells import BLANK_TEXT, CellValueError, is_sheet_error, sheet_error
from .numbers import parse_number

_BOOL = "a done/not-done value"
_MEASURE = "a number or a done/not-done value"


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
        if value.strip().casefold() in BLANK_TEXT:
            return None
        found = _bool_from_text(value)
        if found is None:
            if is_sheet_error(value.strip()):
                raise sheet_error(value, _BOOL)
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
        if text.casefold() in BLANK_TEXT:
            return None, None
        found = _bool_from_text(text, decimal_comma)
        if found is not None:
            return (1.0, True) if found else (0.0, False)
        if is_sheet_error(text):
            raise sheet_error(value, _MEASURE)
        try:
            return parse_number(text, decimal_comma=decimal_comma), None
        except CellValueError:
            raise CellValueError(value, _MEASURE) from None
    raise CellValueError(value, _MEASURE)
