"""Confidence people state on a key result, as a level and on a 0-10 scale.

Words and emoji are read by :func:`sheets_okr.values.parse_confidence` (``on track``,
``at risk``, ``off track``); numbers are read on a 1-10 scale (7 and up: on track, 4 to
6: at risk, 3 and below: off track), a share below 1 as tenths (0.8 is 8).
"""

from __future__ import annotations

import math
import re

from . import values as V

LEVEL_SCORES = {"on track": 8.0, "at risk": 5.0, "off track": 2.0}
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/\s*10|of\s*10|%)?\s*$")


def confidence_score(value: object) -> float | None:
    """A stated confidence on a 0-10 scale; None when blank or not a confidence.

    >>> confidence_score("7"), confidence_score("0.8"), confidence_score("6/10")
    (7.0, 8.0, 6.0)
    >>> confidence_score("🙂"), confidence_score("Baja"), confidence_score("maybe")
    (8.0, 2.0, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return None
        text = None
    else:
        word = V.parse_confidence(value)
        if word is not None:
            return LEVEL_SCORES[word]
        match = _NUMBER.match(str(value))
        if match is None:
            return None
        text = str(value)
        number = float(match.group(1).replace(",", "."))
        if text.strip().endswith("%"):
            number /= 10
    if 0 < number < 1:
        number *= 10
    return number if 0 <= number <= 10 else None


def confidence_level(value: object) -> str | None:
    """``on track``, ``at risk`` or ``off track`` for a stated confidence.

    >>> confidence_level("8"), confidence_level(5), confidence_level("low")
    ('on track', 'at risk', 'off track')
    """
    score = confidence_score(value)
    if score is None:
        return None
    if score >= 7:
        return "on track"
    return "at risk" if score >= 4 else "off track"
