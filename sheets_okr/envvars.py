"""Numbers read from the environment (timeouts, limits), refused when they are not."""

from __future__ import annotations

import os

from .errors import UsageError


def env_number(name: str, seconds: bool = True, zero: bool = False) -> float | None:
    """The number in environment variable ``name`` (None when unset or blank); UsageError
    naming it when it is not a number above 0 (or at least 0, with ``zero``).

    >>> env_number("SHEETS_OKR_SURELY_UNSET") is None
    True
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value > 0 or (zero and value == 0):
        return value
    kind = "a number of seconds" if seconds else "a number"
    raise UsageError(f"{name}={text!r}: give {kind} {'of 0 or more' if zero else 'above 0'}")
