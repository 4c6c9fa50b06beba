"""Detection over a whole workbook: the layout of each tab, which tab supplies each table,
and the tables built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd

from .. import values as V
from ..config import Settings
from ..model import Grid, Model, Table, col_letter
from ..schema import KEY_RESULTS, OBJECTIVES, TAB_BY_KEY, normalize_name, result_keys
from . import (
    kpi_sheets,
    kr_table,
    plausible,
    row_groups,
    shapes,
    single_table,
    tracker,
    vocab,
)
from .bands import band_period
from .build import make_table
from .detect import FLAT_KINDS, MEASURES, HeaderRow, header_rows, layout_at
from .scopes import merge_parts, qualify
from .shape import Layout
from .typos import typos

PROVIDES: dict[str, tuple[str, ...]] = {
    "okr_single_table": ("objectives", "key_results"),
    "kpi_log": ("kpis", "kpi_history"),
    "kpi_tracker": ("kpis", "kpi_history"),
    "kpi_long": ("kpis", "kpi_history"),
    "kpi_wide": ("kpi_history",),
    "kpi_rows": ("kpis", "kpi_history"),
}
PROVIDES.update(shapes.PROVIDES)
PRIORITY = {"mapping": 0, "headers": 1, "detected": 2}


def provides(layout: Layout) -> tuple[str, ...]:
    if layout.kind == "ignore":
        return ()
    return PROVIDES.get(layout.kind, (layout.kind,))


ADDED = ("kpi_tracker", "kpi_long", "kpi_wide", "kpi_rows")
KIND_ORDER = ("okr_single_table", *FLAT_KINDS, "kpi_tracker", "kpi_rows", "kpi_long", "kpi_wide",
              "kpi_log")


OWN_FINDERS: dict[str, Callable[[Grid, HeaderRow, date, set[int]], Layout | None]] = {
    "kpi_tracker": tracker.find,
    "kpi_long": lambda grid, header, as_of, _: kpi_sheets.find_long(grid, header, as_of),
    "kpi_wide": lambda grid, header, as_of, _: kpi_sheets.find_wide(grid, header, as_of),
    "kpi_rows": lambda grid, header, as_of, _: row_groups.find(grid, header, as_of),
}
"""The kinds found by a reader of their own under a header row (given the rows of other
tables' headers), rather than by the roles of the header's columns."""


def readings(grid: Grid, as_of: date, kinds: tuple[str, ...] | None = None) -> list[Layout]:
    """Every reading of ``grid`` as a table of a known kind, the most likely first: the one
    whose columns claim their roles most strongly (a tie goes to the kind listed first)."""
    candidates = header_rows(grid)
    wanted = tuple(k for k in kinds or KIND_ORDER if k not in shapes.SHAPES)
    found: list[Layout] = shapes.find_all(grid, candidates, as_of, kinds)
    for header in candidates[:4]:
        # Another table's header ends this one; a row of data that happens to hold a word
        # of the lexicon ("Region 4") does not.
        rows = {h.row for h in candidates if 2 * h.known >= header.known}
        for kind in wanted:
            if kind == "kpi_log":
                continue
            if kind in OWN_FINDERS:
                layout = OWN_FINDERS[kind](grid, header, as_of, rows - {header.row})
                if layout is not None:
                    found.append(layout)
                continue
            layout = layout_at(grid, header, kind, as_of, rows - {header.row})
            if viable(grid, layout):
                found.append(layout)
    if "kpi_log" in wanted:
        log = kpi_sheets.find_log(grid, as_of)
        if log is not None:
            found.append(log)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    for layout in found:
        layout.score += _named_for(layout)
    return sorted(found, key=lambda x: (-round(x.score, 6), order.get(x.kind, 99),
                                        x.header_row))


NAMES = {"kpis": ("kpi",), "key_results": ("key_result",), "objectives": ("objective",),
         "initiatives": ("initiative",), "okr_single_table": ("text", "key_result"),
         "roi": ("investment", "return"), "funnel": ("visits", "conversions")}


def _named_for(layout: Layout) -> float:
    """A table whose items' column is named as such (``KPI`` over a KPI list) is that kind
    of table: a bonus of one role."""
    wanted = NAMES.get(layout.kind, ())
    return 1.0 if any(layout.strength.get(col, 0) >= 1.0 for col, key in layout.roles.items()
                      if key in wanted) else 0.0


def detect_tab(grid: Grid, as_of: date, kinds: tuple[str, ...] | None = None) -> Layout | None:
    """The most likely reading of ``grid`` as a table of a known kind, or None; the next
    readings of another kind are kept beside it with the margin between them."""
    found = readings(grid, as_of, kinds)
    if not found:
        return None
    best = found[0]
    others = [x for x in found[1:] if x.kind != best.kind or x.header_row != best.header_row]
    best.alternatives = others[:2]
    best.margin = best.score - others[0].score if others else best.score
    return best


def viable(grid: Grid, layout: Layout) -> bool:
    """Whether ``layout`` reads as a table of its kind."""
    roles = set(layout.columns())
    if layout.kind == "okr_single_table":
        has_text = "text" in roles or bool({"objective", "key_result"} & roles)
        if not has_text or not MEASURES & set(layout.roles.values()):
            return False
        if not layout.rows:
            layout.split = "none"
            return True
        split = single_table.split_rows(grid, layout)
        if split is None:
            return False
        layout.split, layout.objective_rows = split.how, list(split.objectives)
        return True
    spec = TAB_BY_KEY[layout.kind]
    required = {"kpi"} if layout.kind == "kpis" else {c.key for c in spec.required}
    if layout.kind == "key_results":
        required = {"key_result"}
        if not roles & {"target", "current", "baseline", "progress", "score"}:
            return False
    if layout.kind == "roi":
        required = {"investment", "return"}
        if not roles & {"period", "initiative"}:
            return False
    if not required <= roles:
        return False
    if layout.kind == "kpis":
        return len(roles) >= 3 and bool(roles & {"target", "current", "baseline"})
    return True


def _missing_roles(layout: Layout) -> str:
    """The roles a table of its kind needs and its mapping does not give."""
    spec = TAB_BY_KEY[layout.kind]
    needed = {"kpi"} if layout.kind == "kpis" else {"key_result"} \
        if layout.kind == "key_results" else {c.key for c in spec.required}
    missing = sorted(needed - set(layout.columns()))
    return " or ".join(missing) or "measure"


def strong(layout: Layout) -> bool:
    """Whether a detected KPI table is clear enough to read next to tabs found by their
    names: a KPI list, or a log of two KPIs or one with its target."""
    if layout.kind in ("kpi_tracker", "kpi_long"):
        return True
    if layout.kind != "kpi_log":
        return layout.kind == "kpis"
    roles = list(layout.roles.values())
    return roles.count("metric") >= 2 or "metric_target" in roles


def build_tables(grid: Grid, layout: Layout, settings: Settings, model: Model,
                 as_of: date) -> list[Table]:
    """The model tables a layout yields."""
    if layout.kind in shapes.SHAPES:
        return shapes.build(grid, layout, settings, model, as_of)
    if layout.kind == "okr_single_table":
        return single_table.build(grid, layout, settings, model)
    if layout.kind == "kpis":
        return kpi_sheets.build_kpis(grid, layout, settings, model, as_of)
    if layout.kind == "kpi_log":
        return kpi_sheets.build_log(grid, layout, settings, model, as_of)
    if layout.kind == "key_results":
        return kr_table.build(grid, layout, settings, model)
    if layout.kind == "kpi_tracker":
        return tracker.build(grid, layout, settings, model, as_of)
    if layout.kind == "kpi_long":
        return kpi_sheets.build_long(grid, layout, settings, model, as_of)
    if layout.kind == "kpi_wide":
        return kpi_sheets.build_wide(grid, layout, settings, model, as_of)
    if layout.kind == "kpi_rows":
        return row_groups.build(grid, layout, settings, model, as_of)
    spec = vocab.localized(TAB_BY_KEY[layout.kind], layout.headers.values())
    cols = layout.columns()
    if layout.kind == "roi" and "period" not in cols:
        spec = replace(spec, id_column="initiative")
    inputs = {k: c for k, c in cols.items() if any(col.key == k for col in spec.columns)}
    computed = {k: c for k, c in cols.items() if k in result_keys(spec)}
    rows = [r for r in layout.rows if any(not V.is_blank(grid.value(r, c))
                                          for c in inputs.values())]
    given = {}
    for key in ("team", "owner", "period"):
        if key not in inputs and layout.defaults.get(key) and any(
                c.key == key for c in spec.columns):
            given[key] = [layout.defaults[key]] * len(rows)
    extra = {c: layout.headers[c] for c in layout.ignored if c in layout.headers}
    table = make_table(grid, spec, header_row=layout.header_row, rows=rows, columns=inputs,
                       computed=computed, last_col=layout.last_col, settings=settings,
                       model=model, given=given, extra_headers=extra,
                       decimal_comma=layout.decimal_comma, day_first=layout.day_first)
    rate = layout.defaults.get("discount_rate")
    if layout.kind == "roi" and rate is not None:
        try:
            table.frame["discount_rate"] = V.parse_number(rate)
        except V.CellValueError:
            model.notes.append(f"Tab '{layout.title}': the discount rate \"{rate}\" is not a "
                               "number; present values are left out")
    return [table]


def from_table(table: Table, grid: Grid) -> Layout:
    """The layout of a tab read through its exact headers."""
    roles = {c: k for k, c in table.columns.items()}
    roles.update({c: k for k, c in table.computed.items()})
    headers = {c: str(v) for c, v in enumerate(grid.rows[table.header_row - 1], start=1)
               if not V.is_blank(v)} if table.header_row <= grid.height else {}
    first = min([*roles, *headers], default=1)
    rows = [int(r) for r in table.frame.index] if table.key != "kpi_history" or not \
        table.cells else sorted({r for r, _ in table.cells.values()})
    return Layout(table.title, table.key, [table.header_row], first, table.last_col,
                  rows=rows, roles=roles, headers=headers, source="headers",
                  ignored={c: "not a known column" for c in headers if c not in roles})


def relevance(layout: Layout, as_of: date) -> tuple[int, int]:
    """Sort key among tabs that supply the same table: mapped before detected, and a tab
    whose period (title, title block or band) holds ``as_of`` first."""
    periods = [band_period(layout.title), band_period(layout.defaults.get("period"))]
    if layout.band is not None:
        periods.append(layout.band.period)
    known = [p for p in periods if p is not None]
    holds = any(p.start <= as_of <= p.end for p in known)
    layout.period_known, layout.period_holds = bool(known), holds
    return PRIORITY.get(layout.source, 3), 0 if holds else 1


def read_layouts(model: Model, layouts: list[Layout], settings: Settings, as_of: date) -> None:
    """Build the tables of ``layouts`` into ``model``. Every tab of a kind is read (one per
    team, person or store), each keeping its tab as a scope; of tabs that differ by period,
    the one holding ``as_of`` is read and the others get a note saying why not."""
    ranked = sorted((x for x in layouts if x.source != "headers"),
                    key=lambda x: relevance(x, as_of))
    built: dict[str, list[Table]] = {}
    holder: dict[str, str] = {}
    for layout in ranked:
        keys = provides(layout)
        if not keys:
            continue
        taken = [k for k in keys if k in model.tables]
        if layout.kind in ADDED and taken:
            for key in taken:
                built.setdefault(key, []).insert(0, model.tables.pop(key))
            taken = []
        if taken and (layout.kind != "kpi_log" or "kpis" in taken and "kpi_history" in taken):
            owner = model.tables[taken[0]].title
            layout.notes.append(f"not read: '{owner}' already gives the "
                                f"{TAB_BY_KEY[taken[0]].title} table")
            continue
        dated = [k for k in keys if k in holder]
        if dated and layout.period_known and not layout.period_holds:
            layout.notes.append(f"not read: '{holder[dated[0]]}' already gives the "
                                f"{TAB_BY_KEY[dated[0]].title} table")
            continue
        grid = model.book.grids[layout.title]
        sources = plausible.derived(grid, layout) if layout.source == "detected" else None
        if sources:
            layout.derived = sources
            layout.notes.append(f"not read: computed from other tabs ({sources}), which are "
                                "read themselves")
            continue
        if layout.source != "mapping" or layout.doubt:
            found = plausible.doubt(grid, layout) if not layout.doubt else plausible.Doubt(
                layout.title, layout.doubt_cell or col_letter(
                    min(layout.doubtful or {layout.first_col})) + str(layout.header_row),
                layout.doubt)
            if found is not None:
                layout.doubt, layout.doubt_cell = found.why, found.cell
                layout.doubtful.update(found.columns)
                layout.doubt_columns.update(found.columns)
                model.doubts.append(found)
                continue
        if layout.source == "mapping" and layout.kind in FLAT_KINDS and not viable(grid, layout):
            missing = _missing_roles(layout)
            layout.notes.append(f"not read: the mapping gives it no {missing} column")
            model.notes.append(f"Tab '{layout.title}' was not read: its mapping in "
                               f"sheets-okr.toml gives it no {missing} column")
            continue
        model.typos.extend(typos(layout))
        for table in build_tables(grid, layout, settings, model, as_of):
            built.setdefault(table.key, []).append(table)
            if layout.period_holds:
                holder.setdefault(table.key, layout.title)
            if layout.kind == "kpi_log" and table.key == "kpi_history":
                _rename_readings(model, table, built.get("kpis", []))
    for key, tables in built.items():
        model.tables[key] = merge_parts(tables)
    qualify(model)


def _rename_readings(model: Model, history: Table, built: list[Table]) -> None:
    """Readings named after a KPI (a log's column header) take that KPI's ID."""
    kpis = [t for t in built if not t.frame.empty] or [
        t for t in [model.tables.get("kpis")] if t is not None and not t.frame.empty]
    if not kpis:
        return
    by_name = {normalize_name(n): i for t in kpis
               for n, i in zip(t.frame["kpi"], t.frame["id"], strict=True)
               if isinstance(n, str) and isinstance(i, str)}
    names = history.frame["kpi"].astype("object")
    history.frame["kpi"] = pd.array(
        [by_name.get(normalize_name(n), n) if isinstance(n, str) else n for n in names],
        dtype="str")


def add_placeholders(model: Model) -> None:
    """Empty objectives and key_results tables for a workbook of KPIs only."""
    title = next(iter(model.tables.values())).title
    grid = model.book.grids[title]
    for spec in (OBJECTIVES, KEY_RESULTS):
        if spec.key not in model.tables:
            model.tables[spec.key] = make_table(
                grid, replace(spec, computed=()), header_row=1, rows=[], columns={},
                computed={}, last_col=1, settings=Settings(), model=model)
