"""Period bands: column groups repeated per quarter, month or year, and the one to score."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import values as V
from ..model import Grid
from .shape import Band

_TRIMESTER = re.compile(r"\b(?:T|Tri|Trim)\.?\s*([1-4])\b|\b([1-4])\s*(?:T|Tri|Trim)\b",
                        re.IGNORECASE)
_TOKEN = re.compile(r"[^\s\-/|(),:;]+")
_BARE = re.compile(r"(?:Q[1-4]|H[12])", re.IGNORECASE)


def band_period(value: Any, year: int | None = None) -> V.Period | None:
    """The period a band label names: ``Q1-2026``, ``2026 Q1``, ``T1 2026``, ``Jan 2026``,
    ``2024``, or ``Q1`` when the title block gives the year.

    >>> [band_period(t).label for t in ("Q1-2026", "2026 Q1", "T1 2026", "Jan 2026", "2024")]
    ['2026-Q1', '2026-Q1', '2026-Q1', '2026-01', '2024']
    >>> band_period("Q3", year=2026).label, band_period("Target")
    ('2026-Q3', None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if not (1900 <= value <= 2100 and value == int(value)):
            return None
        value = str(int(value))
    if isinstance(value, date):
        return V.parse_period(value)
    text = _TRIMESTER.sub(lambda m: f"Q{m[1] or m[2]}", str(value).strip())
    if not any(ch.isdigit() for ch in text):
        return None
    if year is not None and _BARE.fullmatch(text):
        text = f"{text} {year}"
    try:
        period = V.parse_period(text)
    except V.CellValueError:
        period = _within(text)
    if period is None or ".." in period.label:
        return None
    return period if 1900 <= period.start.year <= 2100 else None


_YEAR_WORDS = {"full", "year", "fy", "total", "ytd", "annual", "whole", "año", "ano", "jahr",
               "année", "anno", "jaar", "yıl", "rok", "год", "năm", "tahun", "år", "completo",
               "gesamt", "complet", "intero"}


def _within(text: str) -> V.Period | None:
    """A year inside a label whose other words say "the whole year" (``Full Year 2015``,
    ``FY 2026``, ``Año completo 2025``)."""
    words = text.replace("'", " ").split()
    years = [w for w in words if w.isdigit() and len(w) == 4]
    rest = {w.casefold().strip(".:") for w in words if w not in years}
    if len(years) != 1 or not rest or not rest <= _YEAR_WORDS:
        return None
    try:
        return V.parse_period(years[0])
    except V.CellValueError:
        return None


def column_period(value: Any, year: int) -> V.Period | None:
    """The period a column header names, a bare month name (``Jan``, ``DEC``, ``März``)
    taking ``year``.

    >>> column_period("Jan", 2026).label, column_period("2025-12", 2026).label
    ('2026-01', '2025-12')
    """
    found = band_period(value, year)
    if found is not None or not isinstance(value, str) or len(value.split()) != 1:
        return found
    if V.month_number(value.strip()) is None:
        return None
    return band_period(f"{value.strip()} {year}")


def split_header(text: str, year: int | None = None) -> tuple[V.Period | None, str, str]:
    """A header with a period inside (``2025 Actual``, ``Meta 2026``, ``Q1 2026 % Progress``):
    the period, its text as typed, and the rest.

    >>> p, label, rest = split_header("2025 Actual")
    >>> p.label, label, rest
    ('2025', '2025', 'Actual')
    >>> split_header("% Progress")
    (None, '', '% Progress')
    """
    tokens = list(_TOKEN.finditer(text))
    best: tuple[int, int, V.Period] | None = None
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + 3), i, -1):
            start, end = tokens[i].start(), tokens[j - 1].end()
            if best is not None and end - start <= best[1] - best[0]:
                continue
            period = band_period(text[start:end], year)
            if period is not None:
                best = (start, end, period)
    if best is None:
        return None, "", text.strip()
    start, end, period = best
    rest = (text[:start] + " " + text[end:]).strip(" -/|(),:;\n\t")
    return period, text[start:end], " ".join(rest.split())


def band_labels(grid: Grid, row: int, first: int, last: int,
                year: int | None = None) -> list[Band]:
    """Bands named in ``row`` over columns ``first``..``last``: a merged label spans its
    merge; an unmerged one runs to the next label (the last as wide as the one before)."""
    labels: list[tuple[int, str, V.Period]] = []
    for col in range(first, last + 1):
        value = grid.value(row, col)
        period = band_period(value, year)
        if period is not None:
            labels.append((col, V.parse_text(value) or "", period))
    if not labels:
        return []
    merges = {c1: c2 for r1, c1, r2, c2 in grid.merged if r1 <= row <= r2 and c2 > c1}
    bands: list[Band] = []
    for i, (col, label, period) in enumerate(labels):
        if col in merges:
            end = merges[col]
        elif i + 1 < len(labels):
            end = labels[i + 1][0] - 1
        elif bands:
            end = col + len(bands[-1].columns) - 1
        else:
            end = last
        bands.append(Band(label, period, list(range(col, min(end, last) + 1))))
    return bands


def marked_band(grid: Grid, bands: list[Band], row: int) -> Band | None:
    """The band the sheet marks as the current one: a word such as ``Calculate``,
    ``current`` or an arrow in the row above its label."""
    if row < 1:
        return None
    from . import lexicon

    marked = [b for b in bands if any(
        lexicon.in_list(grid.value(row, c), "band_markers") for c in b.columns)]
    return marked[0] if len(marked) == 1 else None


def choose_band(bands: list[Band], as_of: date, marked: Band | None = None) -> Band | None:
    """The band the sheet marks as current, else the band holding ``as_of`` (the shortest
    if several), else the latest one started before it, else the first. A band spanning
    others (a full year over its quarters) is chosen only when no shorter one fits."""
    if not bands:
        return None
    if marked is not None:
        return marked
    holding = [b for b in bands if b.holds(as_of)]
    if holding:
        return min(holding, key=lambda b: (b.period.end - b.period.start) if b.period else 0)
    started = [b for b in bands if b.period and b.period.start <= as_of]
    if started:
        return max(started, key=lambda b: b.period.start if b.period else as_of)
    return bands[0]
