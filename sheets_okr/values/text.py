"""Identifiers, free text and lists of rule codes."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from .cells import BLANK_TEXT


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
        return None if text.casefold() in BLANK_TEXT else text
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
    if text is None or text.casefold() in BLANK_TEXT:
        return ()
    return tuple(dict.fromkeys(code.upper() for code in _CODE_SEP.split(text) if code))
