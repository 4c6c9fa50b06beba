"""spreadsheets.batchUpdate requests that write cells: updateCells, repeatCell, appendCells,
data validation, borders, merges, sorting and copy/cut-paste. Importing this module registers
the handlers."""

from __future__ import annotations

import copy
from typing import Any

from . import cells as cellmod
from . import grid
from .batch import Ctx, Reply, grid_range, handles, mask_of
from .fieldmask import Mask, apply_update
from .model import Resolved, Sheet, finish_cell, is_empty

_OUTPUT_ONLY = ("effectiveValue", "formattedValue", "effectiveFormat")


def source_cell(data: dict[str, Any]) -> dict[str, Any]:
    src = cellmod.strip_nulls({k: v for k, v in (data or {}).items() if k not in _OUTPUT_ONLY})
    if "userEnteredFormat" in src:
        src["userEnteredFormat"] = cellmod.normalize_format(src["userEnteredFormat"])
    value = src.get("userEnteredValue")
    if isinstance(value, dict) and "numberValue" in value:
        value["numberValue"] = float(value["numberValue"])
    return src


_COLOR_PAIRS = (("backgroundColor", "backgroundColorStyle"),
                ("foregroundColor", "foregroundColorStyle"), ("color", "colorStyle"))


def pair_colors(mask: Mask | None) -> Mask | None:
    """A mask naming a color also names its color style (and the other way round)."""
    if mask is None:
        return None
    out: Mask = {key: pair_colors(sub) for key, sub in mask.items()}
    for first, second in _COLOR_PAIRS:
        for a, b in ((first, second), (second, first)):
            if a in out and b not in out:
                out[b] = None
    return out


def update_cell(sheet: Sheet, r: int, c: int, src: dict[str, Any], mask: Mask) -> None:
    """Apply masked CellData fields to one stored cell."""
    cell = copy.deepcopy(sheet.cells.get((r, c), {}))
    apply_update(cell, src, pair_colors(mask) or {})
    for key in ("userEnteredValue", "userEnteredFormat", "note", "dataValidation"):
        if key in cell and cell[key] in ({}, "", None):
            del cell[key]
    finish_cell(cell)
    grid.store_cell(sheet, r, c, cell)


def _apply_everywhere(sheet: Sheet, bounds: Resolved, src: dict[str, Any], mask: Mask) -> None:
    probe: dict[str, Any] = {}
    apply_update(probe, src, mask)
    r0, r1, c0, c1 = bounds
    if is_empty(probe):
        for r, c in grid.keys_in(sheet, bounds):
            update_cell(sheet, r, c, src, mask)
        return
    for r in range(r0, r1):
        for c in range(c0, c1):
            update_cell(sheet, r, c, src, mask)


@handles("repeatCell")
def repeat_cell(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, bounds = grid_range(ctx, req.get("range"))
    _apply_everywhere(sheet, bounds, source_cell(req.get("cell") or {}), mask_of(ctx, req))
    return None


@handles("updateCells")
def update_cells(ctx: Ctx, req: dict[str, Any]) -> Reply:
    mask = mask_of(ctx, req)
    limit: Resolved | None = None
    if req.get("range") is not None:
        sheet, limit = grid_range(ctx, req["range"])
        r0, c0 = limit[0], limit[2]
    elif req.get("start") is not None:
        start = req["start"]
        sheet = ctx.ss.require_sheet(start.get("sheetId"))
        r0, c0 = int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0)
    else:
        raise ctx.fail("Either range or start must be specified.")
    covered: set[tuple[int, int]] = set()
    for i, row in enumerate(req.get("rows") or []):
        for j, data in enumerate((row or {}).get("values") or []):
            r, c = r0 + i, c0 + j
            if limit and r >= limit[1]:
                raise ctx.fail(f"Attempting to write row: {r}, beyond the last requested row "
                               f"of: {limit[1] - 1}")
            if limit and c >= limit[3]:
                raise ctx.fail(f"Attempting to write column: {c}, beyond the last requested "
                               f"column of: {limit[3] - 1}")
            if r >= sheet.rows:
                raise ctx.fail(f"GridCoordinate.rowIndex[{r}] is after last row in grid"
                               f"[{sheet.rows - 1}]")
            if c >= sheet.cols:
                raise ctx.fail(f"GridCoordinate.columnIndex[{c}] is after last column in grid"
                               f"[{sheet.cols - 1}]")
            update_cell(sheet, r, c, source_cell(data or {}), mask)
            covered.add((r, c))
    if limit:
        for r, c in grid.keys_in(sheet, limit):
            if (r, c) not in covered:
                update_cell(sheet, r, c, {}, mask)
    return None


@handles("appendCells")
def append_cells(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet = ctx.ss.require_sheet(req.get("sheetId"))
    mask = mask_of(ctx, req)
    rows = req.get("rows") or []
    start = max((r for (r, _), cell in sheet.cells.items() if not is_empty(cell)), default=-1) + 1
    width = max((len((row or {}).get("values") or []) for row in rows), default=0)
    grid.set_grid_size(sheet, max(sheet.rows, start + len(rows)), max(sheet.cols, width))
    for i, row in enumerate(rows):
        for j, data in enumerate((row or {}).get("values") or []):
            update_cell(sheet, start + i, j, source_cell(data or {}), mask)
    return None


@handles("setDataValidation")
def set_data_validation(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, bounds = grid_range(ctx, req.get("range"))
    rule = cellmod.strip_nulls(req.get("rule"))
    _apply_everywhere(sheet, bounds, {"dataValidation": rule} if rule else {},
                      {"dataValidation": None})
    return None


@handles("mergeCells")
def merge_cells(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, bounds = grid_range(ctx, req.get("range"))
    grid.merge(sheet, bounds, req.get("mergeType") or "MERGE_ALL")
    return None


@handles("unmergeCells")
def unmerge_cells(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, bounds = grid_range(ctx, req.get("range"))
    grid.unmerge(sheet, bounds)
    return None


@handles("sortRange")
def sort_range(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, bounds = grid_range(ctx, req.get("range"))
    grid.sort_range(sheet, bounds, req.get("sortSpecs") or [])
    return None


@handles("copyPaste")
def copy_paste(ctx: Ctx, req: dict[str, Any]) -> Reply:
    src, src_bounds = grid_range(ctx, req.get("source"))
    dst, dst_bounds = grid_range(ctx, req.get("destination"))
    grid.paste(src, src_bounds, dst, dst_bounds, req.get("pasteType") or "PASTE_NORMAL",
               transpose=req.get("pasteOrientation") == "TRANSPOSE")
    return None


@handles("cutPaste")
def cut_paste(ctx: Ctx, req: dict[str, Any]) -> Reply:
    src, src_bounds = grid_range(ctx, req.get("source"))
    dest = req.get("destination") or {}
    dst = ctx.ss.require_sheet(dest.get("sheetId"))
    r, c = int(dest.get("rowIndex") or 0), int(dest.get("columnIndex") or 0)
    height, width = src_bounds[1] - src_bounds[0], src_bounds[3] - src_bounds[2]
    grid.paste(src, src_bounds, dst, (r, r + height, c, c + width),
               req.get("pasteType") or "PASTE_NORMAL", cut=True)
    return None


@handles("updateBorders")
def update_borders(ctx: Ctx, req: dict[str, Any]) -> Reply:
    sheet, (r0, r1, c0, c1) = grid_range(ctx, req.get("range"))
    sides = {k: cellmod.strip_nulls(req[k]) for k in ("top", "bottom", "left", "right",
                                                       "innerHorizontal", "innerVertical")
             if req.get(k) is not None}
    for r in range(r0, r1):
        for c in range(c0, c1):
            wanted = {
                "top": sides.get("top") if r == r0 else sides.get("innerHorizontal"),
                "bottom": sides.get("bottom") if r == r1 - 1 else sides.get("innerHorizontal"),
                "left": sides.get("left") if c == c0 else sides.get("innerVertical"),
                "right": sides.get("right") if c == c1 - 1 else sides.get("innerVertical"),
            }
            wanted = {k: v for k, v in wanted.items() if v is not None}
            if not wanted:
                continue
            cell = copy.deepcopy(sheet.cells.get((r, c), {}))
            fmt = cell.setdefault("userEnteredFormat", {})
            borders = fmt.setdefault("borders", {})
            for side, border in wanted.items():
                if border.get("style") == "NONE":
                    borders.pop(side, None)
                else:
                    borders[side] = border
            cell["userEnteredFormat"] = cellmod.normalize_format(fmt)
            if not borders:
                cell["userEnteredFormat"].pop("borders", None)
            grid.store_cell(sheet, r, c, cell)
    return None
