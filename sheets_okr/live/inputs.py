"""How a formula reads an input cell the way the tool reads it: a number, a number typed
as text (``$1,200``, ``45%``, ``1.5%``), a done word (``✓``, ``not done``).

Each reader is checked against the tool's own reading of the cell as it is now; where
the formula would read it otherwise (``1.234,5``, ``2.5k``, ``93 días``, ``—``) there is
no reader and the cell's results stay values.
"""

from __future__ import annotations

import math
import re
from typing import Any

CURRENCY = "$€£"
_TEXT_NUMBER = re.compile(r"([$€£]?)(-?)([$€£]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")
DONE_WORDS = ("done", "yes", "y", "true", "complete", "completed", "achieved", "✓", "✔",
              "✅", "☑", "x")
NOT_DONE_WORDS = ("not done", "no", "n", "false", "incomplete", "not complete",
                  "not completed", "not achieved", "✗", "✘", "❌", "☐")


def is_number(value: Any) -> bool:
    """A number cell (not a boolean, not NaN).

    >>> is_number(3), is_number(2.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    return isinstance(value, (int, float)) and not isinstance(value, bool) and \
        math.isfinite(value)


def same_number(a: float | None, b: float | None) -> bool:
    """Equal as a spreadsheet would show them (to twelve significant digits)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def text_number(text: str) -> float | None:
    """What the formula of :func:`number_reader` makes of ``text``: thousands commas
    and one currency sign dropped, a decimal point, a trailing ``%``; None where it
    would give an error or could be read otherwise in another locale.

    >>> text_number("$1,200"), text_number("45%"), text_number(" 1.95% "), text_number("-€30")
    (1200.0, 0.45, 0.0195, -30.0)
    >>> text_number("1.234,5"), text_number("2.5k"), text_number("12,00"), text_number("—")
    (None, None, None, None)
    """
    m = _TEXT_NUMBER.fullmatch(text.strip())
    if m is None or (m[1] and m[3]):
        return None
    digits = m[4].replace(",", "") + (m[5] or "")
    number = float(digits) / (100 if m[6] else 1)
    return -number if m[2] else number


def number_reader(cell: str, raw: Any, tool: float | None) -> str | None:
    """An expression for the number in ``cell`` (``raw`` its value now, ``tool`` the
    tool's reading of it), or None where no formula reads it as the tool does. A blank
    cell is for the caller to test (``cell=""``)."""
    if raw is None or is_number(raw):
        return cell
    value = text_number(raw) if isinstance(raw, str) else None
    if value is None or not same_number(value, tool):
        return None
    sign = next((c for c in raw if c in CURRENCY), "$")
    clean = f'SUBSTITUTE(SUBSTITUTE(TRIM({cell}),"{sign}",""),",","")'
    # MID(1/2,2,1) is the decimal mark of the spreadsheet's locale, as VALUE expects it
    return f'IF(ISNUMBER({cell}),{cell},VALUE(SUBSTITUTE({clean},".",MID(1/2,2,1))))'


def done_value(raw: Any) -> float | None:
    """What the formula of :func:`done_reader` makes of ``raw`` (None for an error).

    >>> done_value("✓"), done_value(" Not done "), done_value(0.5), done_value("maybe")
    (1.0, 0.0, 0.5, None)
    """
    if raw is True or raw is False:
        return float(raw)
    if is_number(raw):
        return float(raw)
    if isinstance(raw, str):
        word = " ".join(raw.split()).casefold()
        if word in DONE_WORDS:
            return 1.0
        if word in NOT_DONE_WORDS:
            return 0.0
    return None


def done_reader(cell: str, raw: Any, tool: float | None) -> str | None:
    """An expression for a milestone's Current: a number as it is, a done word 1, a
    not-done word 0, anything else an error (#N/A); None where the cell as it is now is
    read otherwise by the tool."""
    if raw is None or is_number(raw):
        return cell
    value = done_value(raw)
    if value is None or not same_number(value, tool):
        return None
    done = ",".join([f"{cell}=TRUE", *(f'TRIM({cell})="{w}"' for w in DONE_WORDS)])
    not_done = ",".join([f"{cell}=FALSE", *(f'TRIM({cell})="{w}"' for w in NOT_DONE_WORDS)])
    return f"IF(ISNUMBER({cell}),{cell},IF(OR({done}),1,IF(OR({not_done}),0,NA())))"
