"""Structural grid operations: writing cells, inserting/deleting/moving dimensions, merges,
sorting and copy/cut-paste, keeping ranges attached to the grid in step."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from .a1 import shift_index
from .errors import bad_request
from .formula import rename_sheet_refs, shift_references
from .model import Cell, Resolved, Sheet, Spreadsheet, finish_cell, has_value, is_empty

ROW_KEYS = ("startRowIndex", "endRowIndex")
COL_KEYS = ("startColumnIndex", "endColumnIndex")
VALUE_KEYS = ("userEnteredValue", "effectiveValue", "formattedValue")


def write_value(sheet: Sheet, r: int, c: int, entered: dict[str, Any] | None,
                inferred: dict[str, Any] | None = None) -> None:
    """Set (or clear, when ``entered`` is None) the value of one cell."""
    cell = sheet.cells.get((r, c), {})
    if entered is None:
        for key in VALUE_KEYS:
            cell.pop(key, None)
    else:
        cell["userEnteredValue"] = entered
        if inferred:
            fmt = cell.setdefault("userEnteredFormat", {})
            if (fmt.get("numberFormat") or {}).get("type") != inferred["type"]:
                fmt["numberFormat"] = dict(inferred)
        finish_cell(cell)
    store_cell(sheet, r, c, cell)


def store_cell(sheet: Sheet, r: int, c: int, cell: Cell) -> None:
    """Keep the sparse grid sparse."""
    if is_empty(cell):
        sheet.cells.pop((r, c), None)
    else:
        sheet.cells[(r, c)] = cell


def keys_in(sheet: Sheet, bounds: Resolved) -> list[tuple[int, int]]:
    """Stored cell keys inside ``bounds``."""
    r0, r1, c0, c1 = bounds
    return [k for k in sheet.cells if r0 <= k[0] < r1 and c0 <= k[1] < c1]


def clear_values(sheet: Sheet, bounds: Resolved) -> None:
    """Remove values (not formats) inside ``bounds``."""
    for key in keys_in(sheet, bounds):
        cell = sheet.cells[key]
        for name in VALUE_KEYS:
            cell.pop(name, None)
        store_cell(sheet, key[0], key[1], cell)


def walk_ranges(obj: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    """Call ``visit`` on every dict that looks like a GridRange/GridCoordinate."""
    if isinstance(obj, dict):
        if "sheetId" in obj or any(k in obj for k in ROW_KEYS + COL_KEYS):
            visit(obj)
        for value in obj.values():
            walk_ranges(value, visit)
    elif isinstance(obj, list):
        for value in obj:
            walk_ranges(value, visit)


def _range_holders(ss: Spreadsheet) -> Iterator[Any]:
    yield ss.named_ranges
    for sheet in ss.sheets:
        yield sheet.protected_ranges
        yield sheet.conditional_formats
        yield sheet.charts
        yield sheet.basic_filter
        yield sheet.filter_views


def shift_ranges(ss: Spreadsheet, sheet: Sheet, dim: str, at: int, delta: int) -> None:
    """Move every range on ``sheet`` for an insertion (delta>0) or deletion (delta<0) at ``at``."""
    keys = ROW_KEYS if dim == "ROWS" else COL_KEYS
    coord = "rowIndex" if dim == "ROWS" else "columnIndex"

    def visit(rng: dict[str, Any]) -> None:
        if int(rng.get("sheetId", 0)) != sheet.id:
            return
        for key, is_end in ((keys[0], False), (keys[1], True), (coord, False)):
            if rng.get(key) is not None:
                rng[key] = shift_index(int(rng[key]), at, delta, is_end)

    for holder in _range_holders(ss):
        walk_ranges(holder, visit)
    for owner in ss.sheets:
        for cell in owner.cells.values():
            entered = cell.get("userEnteredValue") or {}
            if "formulaValue" in entered:
                entered["formulaValue"] = shift_references(
                    entered["formulaValue"], owner.title, sheet.title, dim, at, delta)
    merges = []
    for merge in sheet.merges:
        start = shift_index(merge[keys[0]], at, delta, False)
        end = shift_index(merge[keys[1]], at, delta, True)
        if end > start:
            merges.append({**merge, keys[0]: start, keys[1]: end})
    sheet.merges = [m for m in merges if _area(m) > 1]


def _area(m: dict[str, int]) -> int:
    return (m["endRowIndex"] - m["startRowIndex"]) * (m["endColumnIndex"] - m["startColumnIndex"])


def _remap(sheet: Sheet, dim: str, mapping: Callable[[int], int | None]) -> None:
    axis = 0 if dim == "ROWS" else 1
    cells: dict[tuple[int, int], Cell] = {}
    for key, cell in sheet.cells.items():
        moved = mapping(key[axis])
        if moved is not None:
            cells[(moved, key[1]) if axis == 0 else (key[0], moved)] = cell
    sheet.cells = cells
    meta = sheet.row_meta if axis == 0 else sheet.col_meta
    remapped = {}
    for index, value in meta.items():
        moved = mapping(index)
        if moved is not None:
            remapped[moved] = value
    meta.clear()
    meta.update(remapped)


def _count_key(dim: str) -> str:
    return "rowCount" if dim == "ROWS" else "columnCount"


def insert_dimension(ss: Spreadsheet, sheet: Sheet, dim: str, start: int, end: int,
                     inherit_before: bool) -> None:
    """insertDimension: shift cells down/right and grow the grid."""
    size = sheet.rows if dim == "ROWS" else sheet.cols
    count = end - start
    if count <= 0 or start < 0 or start > size:
        raise bad_request(f"Invalid dimension range: start {start}, end {end}, size {size}")
    if inherit_before and start == 0:
        raise bad_request("Cannot inherit properties from before if inserting at index 0.")
    _remap(sheet, dim, lambda i: i + count if i >= start else i)
    shift_ranges(ss, sheet, dim, start, count)
    sheet.grid[_count_key(dim)] = size + count
    source = start - 1 if inherit_before else start + count
    if 0 <= source < size + count:
        _copy_line_format(sheet, dim, source, range(start, end))


def _copy_line_format(sheet: Sheet, dim: str, source: int, targets: range) -> None:
    axis = 0 if dim == "ROWS" else 1
    formats = {
        key[1 - axis]: cell["userEnteredFormat"]
        for key, cell in sheet.cells.items()
        if key[axis] == source and cell.get("userEnteredFormat")
    }
    for target in targets:
        for other, fmt in formats.items():
            key = (target, other) if axis == 0 else (other, target)
            cell = sheet.cells.setdefault(key, {})
            cell["userEnteredFormat"] = copy.deepcopy(fmt)


def delete_dimension(ss: Spreadsheet, sheet: Sheet, dim: str, start: int, end: int) -> None:
    """deleteDimension: drop the lines and shift the rest up/left."""
    size = sheet.rows if dim == "ROWS" else sheet.cols
    end = min(end, size)
    count = end - start
    if count <= 0 or start < 0:
        raise bad_request(f"Invalid dimension range: start {start}, end {end}, size {size}")
    if count >= size:
        noun = "rows" if dim == "ROWS" else "columns"
        raise bad_request(f"You can't delete all the {noun} on the sheet.")
    _remap(sheet, dim, lambda i: None if start <= i < end else (i - count if i >= end else i))
    shift_ranges(ss, sheet, dim, start, -count)
    sheet.grid[_count_key(dim)] = size - count


def move_dimension(ss: Spreadsheet, sheet: Sheet, dim: str, start: int, end: int,
                   dest: int) -> None:
    """moveDimension: move [start, end) before index ``dest`` (pre-move indexes)."""
    size = sheet.rows if dim == "ROWS" else sheet.cols
    order = list(range(size))
    block = order[start:end]
    rest = order[:start] + order[end:]
    insert_at = dest if dest <= start else dest - (end - start)
    new_order = rest[:insert_at] + block + rest[insert_at:]
    position = {old: new for new, old in enumerate(new_order)}
    _remap(sheet, dim, lambda i: position.get(i, i))


def set_grid_size(sheet: Sheet, rows: int | None = None, cols: int | None = None) -> None:
    """Resize the grid, dropping cells that fall outside."""
    if rows is not None:
        sheet.grid["rowCount"] = rows
    if cols is not None:
        sheet.grid["columnCount"] = cols
    sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] < sheet.rows and k[1] < sheet.cols}
    sheet.merges = [
        m for m in sheet.merges
        if m["endRowIndex"] <= sheet.rows and m["endColumnIndex"] <= sheet.cols
    ]


def merge(sheet: Sheet, bounds: Resolved, merge_type: str) -> None:
    """mergeCells: values outside each merge's top-left cell are cleared."""
    r0, r1, c0, c1 = bounds
    if merge_type == "MERGE_COLUMNS":
        pieces = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    elif merge_type == "MERGE_ROWS":
        pieces = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    else:
        pieces = [bounds]
    unmerge(sheet, bounds)
    for pr0, pr1, pc0, pc1 in pieces:
        if (pr1 - pr0) * (pc1 - pc0) <= 1:
            continue
        for key in keys_in(sheet, (pr0, pr1, pc0, pc1)):
            if key != (pr0, pc0):
                cell = sheet.cells[key]
                for name in VALUE_KEYS:
                    cell.pop(name, None)
                store_cell(sheet, key[0], key[1], cell)
        sheet.merges.append({"startRowIndex": pr0, "endRowIndex": pr1,
                             "startColumnIndex": pc0, "endColumnIndex": pc1})


def unmerge(sheet: Sheet, bounds: Resolved) -> None:
    """unmergeCells: remove merges intersecting ``bounds``."""
    r0, r1, c0, c1 = bounds
    sheet.merges = [
        m for m in sheet.merges
        if m["endRowIndex"] <= r0 or m["startRowIndex"] >= r1
        or m["endColumnIndex"] <= c0 or m["startColumnIndex"] >= c1
    ]


def _sort_key(cell: Cell | None, descending: bool) -> tuple[int, Any]:
    value = (cell or {}).get("effectiveValue") or {}
    if "numberValue" in value:
        key: tuple[int, Any] = (0, float(value["numberValue"]))
    elif "stringValue" in value:
        key = (1, str(value["stringValue"]).lower())
    elif "boolValue" in value:
        key = (2, bool(value["boolValue"]))
    else:
        return (-1 if descending else 9, 0)
    return key


def sort_range(sheet: Sheet, bounds: Resolved, specs: list[dict[str, Any]]) -> None:
    """sortRange: stable multi-key sort of whole rows inside ``bounds``; blanks sort last."""
    r0, r1, c0, c1 = bounds
    rows = [
        {c: sheet.cells.get((r, c)) for c in range(c0, c1) if (r, c) in sheet.cells}
        for r in range(r0, r1)
    ]
    for spec in reversed(specs or [{"dimensionIndex": c0}]):
        column = int(spec.get("dimensionIndex", 0))
        descending = spec.get("sortOrder") == "DESCENDING"
        rows.sort(key=lambda row, col=column, d=descending: _sort_key(row.get(col), d),
                  reverse=descending)
    for key in keys_in(sheet, bounds):
        del sheet.cells[key]
    for offset, row in enumerate(rows):
        for c, cell in row.items():
            if cell is not None:
                sheet.cells[(r0 + offset, c)] = cell


def _paste_cell(target: Cell, source: Cell | None, paste_type: str) -> Cell:
    source = copy.deepcopy(source or {})
    if paste_type in ("PASTE_NORMAL", "PASTE_NO_BORDERS"):
        return source
    if paste_type == "PASTE_VALUES":
        out = {k: v for k, v in target.items() if k not in VALUE_KEYS}
        out.update({k: v for k, v in source.items() if k in VALUE_KEYS})
        return out
    if paste_type == "PASTE_FORMAT":
        out = dict(target)
        out["userEnteredFormat"] = source.get("userEnteredFormat")
        return out
    if paste_type == "PASTE_FORMULA":
        out = dict(target)
        for key in VALUE_KEYS:
            if key in source:
                out[key] = source[key]
        return out
    if paste_type == "PASTE_DATA_VALIDATION":
        return {**target, "dataValidation": source.get("dataValidation")}
    return source


def paste(src: Sheet, src_bounds: Resolved, dst: Sheet, dst_bounds: Resolved,
          paste_type: str = "PASTE_NORMAL", transpose: bool = False,
          cut: bool = False) -> None:
    """copyPaste/cutPaste: tile the source block over the destination."""
    r0, r1, c0, c1 = src_bounds
    block = {(r - r0, c - c0): copy.deepcopy(cell) for (r, c), cell in src.cells.items()
             if r0 <= r < r1 and c0 <= c < c1}
    height, width = r1 - r0, c1 - c0
    if transpose:
        block = {(c, r): cell for (r, c), cell in block.items()}
        height, width = width, height
    if cut:
        for key in keys_in(src, src_bounds):
            del src.cells[key]
    d0, d1, e0, e1 = dst_bounds
    d1 = max(d1, d0 + height) if (d1 - d0) < height else d1
    e1 = max(e1, e0 + width) if (e1 - e0) < width else e1
    for r in range(d0, min(d1, dst.rows)):
        for c in range(e0, min(e1, dst.cols)):
            source = block.get(((r - d0) % height, (c - e0) % width))
            cell = _paste_cell(dst.cells.get((r, c), {}), source, paste_type)
            store_cell(dst, r, c, {k: v for k, v in cell.items() if v is not None})


def find_table(sheet: Sheet, bounds: Resolved) -> Resolved | None:
    """The data "table" values:append writes below: the connected block of filled cells
    around the last filled cell inside ``bounds``."""
    r0, r1, c0, c1 = bounds
    filled = {k for k, cell in sheet.cells.items() if has_value(cell)}
    inside = [k for k in filled if r0 <= k[0] < r1 and c0 <= k[1] < c1]
    if not inside:
        return None
    start = max(inside)
    seen = {start}
    todo = [start]
    while todo:
        r, c = todo.pop()
        for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nb in filled and nb not in seen:
                seen.add(nb)
                todo.append(nb)
    rows = [k[0] for k in seen]
    cols = [k[1] for k in seen]
    return min(rows), max(rows) + 1, min(cols), max(cols) + 1


def rename_sheet(ss: Spreadsheet, old_title: str, new_title: str) -> None:
    """Point formulas that name ``old_title`` at ``new_title``."""
    for sheet in ss.sheets:
        for cell in sheet.cells.values():
            entered = cell.get("userEnteredValue") or {}
            if "formulaValue" in entered:
                entered["formulaValue"] = rename_sheet_refs(entered["formulaValue"], old_title,
                                                            new_title)
