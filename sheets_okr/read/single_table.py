"""Objectives and their key results in one table: tell the rows apart and read them as the
same objectives and key_results tables as separate tabs give."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table
from ..schema import KEY_RESULTS, OBJECTIVES, PERCENT, Computed, result_keys
from . import vocab
from .bands import band_period
from .build import SheetTable, make_table
from .shape import Layout

STRATEGIES = ("type", "columns", "dotted", "blank_id", "indent")
KR_INPUTS = ("owner", "kind", "baseline", "target", "current", "unit", "weight", "start", "due",
             "kpi", "confidence", "updated", "ignore")
OBJECTIVE_INPUTS = {"owner": "owner", "team": "team", "period": "period", "start": "start",
                    "due": "end", "weight": "weight", "parent": "parent", "type": "type",
                    "ignore": "ignore"}
OWN_ROW_COMPUTED = (
    Computed("score", "Objective Score", PERCENT),
    Computed("expected", "Objective Expected", PERCENT),
    Computed("status", "Objective Status"),
    Computed("kr_count", "KR Count", "0"),
)


@dataclass
class Split:
    """Which rows are objectives and which key results (and under which objective)."""

    how: str
    objectives: list[int] = field(default_factory=list)
    parent: dict[int, int | None] = field(default_factory=dict)
    shared: bool = False

    def valid(self) -> bool:
        return bool(self.objectives) and (bool(self.parent) or self.how in ("type", "columns"))


def _text(grid: Grid, row: int, col: int | None) -> str | None:
    if not col:
        return None
    value = grid.value(row, col)
    return None if V.is_blank(value) else V.parse_text(value)


def text_columns(cols: dict[str, int]) -> tuple[int | None, int | None]:
    """The objective-text and key-result-text columns (the same one when shared)."""
    if "text" in cols:
        return cols["text"], cols["text"]
    if "objective" in cols and "key_result" in cols:
        return cols["objective"], cols["key_result"]
    one = cols.get("objective") or cols.get("key_result")
    return one, one


def split_rows(grid: Grid, layout: Layout, how: str | None = None) -> Split | None:
    """The first strategy (or ``how``) that finds objectives and key results (worked out
    once per grid, rows and columns: detection and building both ask)."""
    cols = layout.columns()
    shape = (tuple(layout.rows), tuple(sorted(cols.items())))
    memo = grid.memo.get(("split", how, shape), False)
    if memo is not False:
        return memo
    found = None
    for name in (how,) if how else STRATEGIES:
        split = _split(grid, layout, cols, name)
        if split is not None and split.valid():
            found = split
            break
    grid.memo[("split", how, shape)] = found
    if found is not None and how is None:
        grid.memo[("split", found.how, shape)] = found
    return found


def _split(grid: Grid, layout: Layout, cols: dict[str, int], how: str) -> Split | None:
    obj_col, kr_col = text_columns(cols)
    id_col = cols.get("id")
    split = Split(how)
    current: int | None = None
    if how == "columns":
        if obj_col == kr_col or obj_col is None or all(
                vocab.is_id_like(grid.value(r, obj_col)) for r in layout.rows
                if not V.is_blank(grid.value(r, obj_col))):
            return None
        last_text = None
        for r in layout.rows:
            objective, kr = _text(grid, r, obj_col), _text(grid, r, kr_col)
            if objective and objective != last_text:
                split.objectives.append(r)
                current, last_text = r, objective
                if kr:
                    split.shared = True
                    split.parent[r] = r
            elif kr:
                split.parent[r] = current
        return split
    if kr_col is None or (how in ("dotted", "blank_id") and id_col is None):
        return None
    if how == "type" and "row_type" not in cols:
        return None
    for r in layout.rows:
        text = grid.value(r, kr_col)
        if V.is_blank(text):
            continue
        kind = _row_kind(grid, r, how, cols, text, current is not None)
        if kind == "objective":
            split.objectives.append(r)
            current = r
        elif kind == "key_result":
            split.parent[r] = current
    if how != "type" and not any(p is not None for p in split.parent.values()):
        return None
    if how == "dotted" and not any("." in (V.parse_id(grid.value(r, cols["id"])) or "")
                                   for r in split.parent):
        return None
    return split


def _row_kind(grid: Grid, row: int, how: str, cols: dict[str, int], text: Any,
              after_objective: bool) -> str | None:
    if how == "type":
        cell = grid.value(row, cols["row_type"])
        kind = vocab.row_type(cell)
        if kind is None and V.is_blank(cell) and after_objective:
            return "key_result"
        return kind
    if how == "indent":
        return "key_result" if vocab.indented(text) else "objective"
    ident = V.parse_id(grid.value(row, cols["id"]))
    if how == "dotted":
        if ident is None:
            return "key_result" if after_objective else None
        return "key_result" if "." in ident.rstrip(".") else "objective"
    return "objective" if ident else "key_result"


def build(grid: Grid, layout: Layout, settings: Settings, model: Model) -> list[Table]:
    """The objectives table and the key_results table of a single OKR table."""
    split = split_rows(grid, layout, layout.split) if layout.rows else Split("none")
    if split is None:
        split = Split(layout.split or "none")
    layout.split = split.how
    layout.objective_rows = list(split.objectives)
    cols = layout.columns()
    obj_col, kr_col = text_columns(cols)
    id_col = cols.get("id") if not split.shared else None
    obj_ids = _objective_ids(grid, split, cols.get("objective_id") or id_col)
    kr_rows = sorted(split.parent)
    kr_ids, counters = [], dict.fromkeys(split.objectives, 0)
    for r in kr_rows:
        own = V.parse_id(grid.value(r, cols["id"])) if "id" in cols else None
        parent = split.parent[r]
        if parent is not None:
            counters[parent] += 1
        kr_ids.append(own or (f"{obj_ids[parent]}.{counters[parent]}" if parent is not None
                              else f"KR{len(kr_ids) + 1}"))
    obj_spec, kr_spec, obj_computed, kr_computed = _computed(layout, split.shared)
    obj_spec = vocab.localized(obj_spec, layout.headers.values())
    kr_spec = vocab.localized(kr_spec, layout.headers.values())
    neighbours = [obj_computed, kr_computed]
    extra = {c: layout.headers[c] for c in layout.ignored if c in layout.headers}
    common: dict[str, Any] = {
        "header_row": layout.header_row, "last_col": layout.last_col, "settings": settings,
        "model": model, "extra_headers": extra, "decimal_comma": layout.decimal_comma,
        "day_first": layout.day_first, "table_type": SheetTable,
    }
    obj_rows = split.objectives
    obj_columns = {key: cols[role] for role, key in OBJECTIVE_INPUTS.items() if role in cols}
    if split.shared:
        obj_columns.pop("owner", None)
    given: dict[str, list[Any]] = {
        "objective": [vocab.strip_indent(_text(grid, r, obj_col) or "") or None
                      for r in obj_rows],
        "id": [obj_ids[r] for r in obj_rows],
    }
    obj_columns.update({"objective": obj_col} if obj_col else {})
    if id_col:
        obj_columns["id"] = id_col
    for key in ("team", "period", "owner"):
        if key not in obj_columns and (value := _default(layout, key)):
            given[key] = [value] * len(obj_rows)
    if split.how != "type" and "type" not in obj_columns and "row_type" in cols:
        obj_columns["type"] = cols["row_type"]
    objectives = make_table(grid, obj_spec, rows=obj_rows, columns=obj_columns,
                            computed=obj_computed, given=given, **common)
    kr_columns = {key: cols[key] for key in KR_INPUTS if key in cols}
    if kr_col:
        kr_columns["key_result"] = kr_col
    if "id" in cols:
        kr_columns["id"] = cols["id"]
    kr_given = {
        "id": kr_ids,
        "objective": [obj_ids.get(split.parent[r]) if split.parent[r] else None
                      for r in kr_rows],
        "key_result": [vocab.strip_indent(_text(grid, r, kr_col) or "") or None
                       for r in kr_rows],
    }
    key_results = make_table(grid, kr_spec, rows=kr_rows, columns=kr_columns,
                             computed=kr_computed, given=kr_given, **common)
    for table in (objectives, key_results):
        table.neighbours = neighbours  # type: ignore[attr-defined]
    return [objectives, key_results]


def _default(layout: Layout, key: str) -> str | None:
    if key == "period" and layout.band is not None and layout.band.period is not None:
        return layout.band.period.label
    value = layout.defaults.get(key)
    if key == "period" and value is not None:
        period = band_period(value)
        return period.label if period is not None else value
    return value


def _objective_ids(grid: Grid, split: Split, id_col: int | None) -> dict[int, str]:
    ids: dict[int, str] = {}
    for n, r in enumerate(split.objectives, start=1):
        own = V.parse_id(grid.value(r, id_col)) if id_col else None
        ids[r] = own or str(n)
    return ids


def _computed(layout: Layout, shared: bool) -> tuple[Any, Any, dict[str, int], dict[str, int]]:
    """Specs and computed columns of both tables. On separate rows they share one set of
    columns: the objective's score goes in the key results' Score column, else in their
    Progress column (then key results get no separate Score)."""
    cols = layout.columns()
    kr_computed = {k: cols[k] for k in result_keys(KEY_RESULTS) if k in cols}
    if shared:
        own = {key: cols[f"objective_{key}"] for key in ("score", "expected", "status")
               if f"objective_{key}" in cols}
        if "kr_count" in cols:
            own["kr_count"] = cols["kr_count"]
        return replace(OBJECTIVES, computed=OWN_ROW_COMPUTED), KEY_RESULTS, own, kr_computed
    kr_spec = KEY_RESULTS
    if "progress" in kr_computed and "score" not in kr_computed:
        kr_computed["score"] = kr_computed["progress"]
        kr_spec = replace(KEY_RESULTS, computed=tuple(
            c for c in KEY_RESULTS.computed if c.key != "score"))
    if "kr_count" in cols:
        kr_computed["kr_count"] = cols["kr_count"]
    return OBJECTIVES, kr_spec, kr_computed, kr_computed
