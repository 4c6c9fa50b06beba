"""Formulas of the ROI and Funnel tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..calc import Results
from ..config import Settings
from ..model import Model, Table
from .refs import Cells

Formulas = dict[tuple[int, str], str]


def _plain_numbers(grid: Any, table: Table, keys: tuple[str, ...]) -> list[int]:
    """The rows whose ``keys`` cells hold numbers or nothing, and no unreadable value."""
    rows = []
    for row in table.frame.index:
        if bool(table.frame.at[row, "_error"]):
            continue
        values = [grid.value(row, table.columns[k]) for k in keys if k in table.columns]
        if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
               for v in values):
            rows.append(row)
    return rows


def roi_formulas(model: Model, table: Table, results: Results, settings: Settings,
                 as_of: date) -> Formulas:
    """Net, ROI and the cumulative columns (over the rows in period order up to each)."""
    out: Formulas = {}
    grid = model.book.grids[table.title]
    keys = ("investment", "return")
    plain = _plain_numbers(grid, table, keys)
    cells = Cells(table)
    if len(plain) != len(table.frame) or not all(k in table.columns for k in keys):
        return out  # cumulative sums need every row
    order = list(results.in_order("roi"))
    for n, row in enumerate(order):
        inv, ret = cells.at("investment", row), cells.at("return", row)
        if cells.at("net", row):
            out[(row, "net")] = f'IF(OR({inv}="",{ret}=""),"",{ret}-{inv})'
        if cells.at("roi", row):
            out[(row, "roi")] = f'IF(OR({inv}="",{inv}=0,{ret}=""),"",({ret}-{inv})/{inv})'
        upto = order[:n + 1]
        ci, cr = cells.at("cumulative_investment", row), cells.at("cumulative_return", row)
        if ci:
            out[(row, "cumulative_investment")] = \
                "SUM(" + ",".join(cells.at("investment", r) or "0" for r in upto) + ")"
        if cr:
            out[(row, "cumulative_return")] = \
                "SUM(" + ",".join(cells.at("return", r) or "0" for r in upto) + ")"
        if ci and cr and cells.at("cumulative_roi", row):
            out[(row, "cumulative_roi")] = f'IF({ci}=0,"",({cr}-{ci})/{ci})'
    return out


def funnel_formulas(model: Model, table: Table, results: Results, settings: Settings,
                    as_of: date) -> Formulas:
    """Conversion rate = conversions / visits."""
    out: Formulas = {}
    grid = model.book.grids[table.title]
    cells = Cells(table)
    for row in _plain_numbers(grid, table, ("visits", "conversions")):
        v, c = cells.at("visits", row), cells.at("conversions", row)
        if v and c and cells.at("conversion_rate", row):
            out[(row, "conversion_rate")] = f'IF(OR({v}="",{v}=0,{c}=""),"",{c}/{v})'
    return out
