"""Key results listed on their own: a table of measurable goals with no objective column
(a person's yearly goals, a self-scored OKR list). They belong to one objective the tab
stands for, named by the table's caption (or the tab), with the title block's owner and
period; rows without an ID are numbered. A list whose only measure is a completion share
(``% Complete``, ``完成度``) is read as that share reached of 100 %."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table
from ..schema import KEY_RESULTS, OBJECTIVES, result_keys
from . import vocab
from .bands import band_period
from .build import cell_values, make_table
from .shape import Layout

INFERRED_IGNORES = ("OKR106", "OKR107", "OKR108")


def build(grid: Grid, layout: Layout, settings: Settings, model: Model) -> list[Table]:
    """The key_results table (and the objective it implies, when it names none)."""
    cols = layout.columns()
    spec = vocab.localized(KEY_RESULTS, layout.headers.values())
    inputs = {k: c for k, c in cols.items() if any(col.key == k for col in spec.columns)}
    computed = {k: c for k, c in cols.items() if k in result_keys(spec)}
    rows = [r for r in layout.rows if not V.is_blank(grid.value(r, cols["key_result"]))
            and (not V.is_blank(grid.value(r, cols["id"])) if "id" in cols
                 else not V.is_blank(_measures(grid, r, cols)))]
    given: dict[str, list[Any]] = {}
    if "id" not in inputs:
        given["id"] = [str(n) for n in range(1, len(rows) + 1)]
    implicit = "objective" not in inputs
    objective_id = layout.title
    if implicit:
        given["objective"] = [objective_id] * len(rows)
    if not {"current", "target", "baseline"} & set(inputs) and "progress" in computed:
        given["current"] = cell_values(grid, computed["progress"], rows)
        given["target"] = [1.0] * len(rows)
        given["kind"] = ["increase"] * len(rows)  # a share completed, whatever the words
    for key in ("owner",):
        if key not in inputs and layout.defaults.get(key):
            given[key] = [layout.defaults[key]] * len(rows)
    extra = {c: layout.headers[c] for c in layout.ignored if c in layout.headers}
    common: dict[str, Any] = {"settings": settings, "model": model,
                              "decimal_comma": layout.decimal_comma,
                              "day_first": layout.day_first}
    krs = make_table(grid, spec, header_row=layout.header_row, rows=rows, columns=inputs,
                     computed=computed, last_col=layout.last_col, given=given,
                     extra_headers=extra, **common)
    if not implicit:
        return [krs]
    objective = make_table(
        grid, replace(OBJECTIVES, computed=()), header_row=layout.header_row,
        rows=[layout.header_row], columns={}, computed={}, last_col=layout.last_col,
        given=_objective(layout, objective_id), **common)
    objective.read_only = True
    return [objective, krs]


def _measures(grid: Grid, row: int, cols: dict[str, int]) -> Any:
    """The first value of the row's measure columns (a row of text alone is a note or a
    section label, not a key result)."""
    for key in ("current", "target", "baseline", "progress", "score"):
        if key in cols and not V.is_blank(grid.value(row, cols[key])):
            return grid.value(row, cols[key])
    return None


def _objective(layout: Layout, ident: str) -> dict[str, list[Any]]:
    defaults = layout.defaults
    period = defaults.get("period")
    label = band_period(period).label if band_period(period) is not None else period
    # The objective is inferred, not written by a person: its shape is not linted.
    return {"id": [ident], "objective": [defaults.get("caption") or layout.title],
            "owner": [defaults.get("owner")], "team": [defaults.get("team")],
            "period": [label], "ignore": [",".join(INFERRED_IGNORES)]}
