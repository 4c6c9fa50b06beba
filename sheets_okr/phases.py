"""Phased targets typed beside a key result: ``Q1 Target`` ... ``Q4 Target``,
``H1 Target``, ``January Target`` (or ``Target Q1``), read into the long frame the
calculation core takes (``row``, ``anchor``, ``value``)."""

from __future__ import annotations

import re

import pandas as pd

from . import values as V
from .calc.pace import MONTHS
from .model import CellProblem, Model
from .schema import normalize_name

_WHEN = r"(q[1-4]|h[12]|" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_HEADER = re.compile(rf"^(?:{_WHEN}target|target{_WHEN})$")


def phase_anchor(header: object) -> str | None:
    """The phase a header names, or None.

    >>> phase_anchor("Q1 Target"), phase_anchor("Target (Jan)"), phase_anchor("Target")
    ('q1', 'jan', None)
    """
    match = _HEADER.match(normalize_name(header))
    return (match.group(1) or match.group(2)) if match else None


def phase_frame(model: Model) -> pd.DataFrame:
    """Every phased target of the Key Results table; an unreadable one is a problem
    (OKR116) and is left out."""
    rows: list[tuple[int, str, float]] = []
    table = model.tables.get("key_results")
    if table is None:
        return pd.DataFrame(rows, columns=["row", "anchor", "value"])
    grid = model.book.grids[table.title]
    for col, header in sorted(table.extra_headers.items()):
        anchor = phase_anchor(header)
        if anchor is None:
            continue
        key = f"phase:{anchor}"
        for row in table.frame.index:
            raw = grid.value(row, col)
            try:
                value = V.parse_number(raw)
            except V.CellValueError as exc:
                table.cells[(row, key)] = (row, col)
                model.problems.append(CellProblem(
                    tab_key=table.key, tab=table.title, row=row, col=col, column=key,
                    header=str(header), value=raw, expected=exc.expected,
                    item=str(table.items().get(row, f"row {row}"))))
                continue
            if value is not None:
                rows.append((int(row), anchor, float(value)))
    return pd.DataFrame(rows, columns=["row", "anchor", "value"])
