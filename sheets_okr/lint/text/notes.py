"""Closing notes in brackets: a share a task is to reach, or the effort it is estimated at."""

from __future__ import annotations

import re

from .tokens import tokens
from .words import words

CLOSING_NOTE = re.compile(r"\s*\([^()]*\)[\s.]*$")
_DIGITS = re.compile(r"\d+")
_NUMBER_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_][\w-]*)?")


# A closing note of progress from nothing: "(0→50)", "(0 -> 3 scenarios)", "(from 0 to 1)".
_FROM_NOTHING = re.compile(
    r"\s*\(\s*(?:from\s+|de\s+|desde\s+|von\s+|da\s+)?0\s*(?:→|->|=>|to\b|à\b|a\b|bis\b)"
    r"[^()]*\)[\s.]*$", re.IGNORECASE)


def without_progress_note(text: str) -> str:
    """``text`` without a closing note counting progress from nothing ("Complete 50
    exercises (0→50)"): a tally of the work done, not a measure moved from a baseline.

    >>> without_progress_note("Complete 50 exercises (0→50)")
    'Complete 50 exercises'
    >>> without_progress_note("Raise NPS (31→40)")
    'Raise NPS (31→40)'
    """
    found = _FROM_NOTHING.search(text)
    return text[:found.start()] if found and found.start() > 0 else text


def effort_estimate(text: str) -> str:
    """The unit of the effort a task is estimated at, given in a closing note with no other
    number in the text: "Wire the event bus (30 hours)" → "hours"; "" if none."""
    found = CLOSING_NOTE.search(text)
    if found is None or _DIGITS.search(text[:found.start()]):
        return ""
    note = found.group(0).strip().rstrip(".").strip().strip("()").strip()
    parts = note.split()
    if len(parts) == 1:
        match = _NUMBER_UNIT.fullmatch(parts[0])
        number, unit = (match.group(1), match.group(2) or "") if match else ("", "")
    elif len(parts) == 2 and _DIGITS.fullmatch(parts[0].replace(",", "").replace(".", "")):
        number, unit = parts
    else:
        return ""
    if not number or unit.lower() not in words().effort_units:
        return ""
    return unit.lower()


def noted_target(text: str) -> bool:
    """A share a task is to reach, given in a closing note: "Validate the prototype with
    15 families (>80% understand it)", "Optimise the funnel (conversion +20%)" — not a
    budget or a cost ("(budget 20% of Q3)")."""
    found = CLOSING_NOTE.search(text)
    if found is None:
        return False
    w = words()
    note = tokens(found.group(0))
    return any(t.measure and t.text.endswith("%") for t in note) and not any(
        t.text in w.effort_nouns or t.text in w.currencies for t in note)
