"""Rendering the model as Sheets API JSON (Spreadsheet, Sheet, GridData, CellData)."""

from __future__ import annotations

import copy
import json
from typing import Any

from .defaults import COLUMN_PIXELS, ROW_PIXELS
from .model import Cell, Resolved, Sheet, Spreadsheet, is_empty

CELL_KEYS = (
    "userEnteredValue", "effectiveValue", "formattedValue", "userEnteredFormat",
    "effectiveFormat", "hyperlink", "note", "textFormatRuns", "dataValidation", "pivotTable",
)


def clean_json(obj: Any, drop_zero_sheet_id: bool = False) -> Any:
    """Integral doubles are printed without a fraction, as Google's JSON encoder does; with
    ``drop_zero_sheet_id`` also omit ``sheetId: 0`` (the proto default) everywhere but in
    SheetProperties."""
    if isinstance(obj, float):
        return int(obj) if obj.is_integer() and abs(obj) < 2**53 else obj
    if isinstance(obj, dict):
        out = {k: clean_json(v, drop_zero_sheet_id) for k, v in obj.items()}
        if drop_zero_sheet_id and out.get("sheetId") == 0 and "title" not in out:
            del out["sheetId"]
        return out
    if isinstance(obj, list):
        return [clean_json(v, drop_zero_sheet_id) for v in obj]
    return obj


def drop_zero_sheet_ids(obj: Any) -> Any:
    """``sheetId: 0`` omitted the way Google omits proto defaults."""
    return clean_json(obj, drop_zero_sheet_id=True)


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        whole = key.endswith(("Color", "ColorStyle")) or key == "color"
        if isinstance(value, dict) and isinstance(out.get(key), dict) and not whole:
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def effective_format(ss: Spreadsheet, cell: Cell,
                     cache: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The CellFormat a cell is displayed with (spreadsheet default + its own format)."""
    own = cell.get("userEnteredFormat") or {}
    effective = cell.get("effectiveValue") or {}
    kind = next(iter(effective), "")
    key = kind + json.dumps(own, sort_keys=True)
    if cache is not None and key in cache:
        return cache[key]
    fmt = _deep_merge(ss.properties.get("defaultFormat", {}), own)
    if "horizontalAlignment" not in fmt:
        if "numberValue" in effective:
            fmt["horizontalAlignment"] = "RIGHT"
        elif "boolValue" in effective:
            fmt["horizontalAlignment"] = "CENTER"
        else:
            fmt["horizontalAlignment"] = "LEFT"
    fmt.setdefault("hyperlinkDisplayType", "PLAIN_TEXT")
    if cache is not None:
        cache[key] = fmt
    return fmt


def cell_json(ss: Spreadsheet, cell: Cell | None,
              cache: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Public CellData of a stored cell (shares structure with the model: serialize it or pass
    it through :func:`clean_json` before handing it out)."""
    if not cell:
        return {}
    out: dict[str, Any] = {}
    for key in CELL_KEYS:
        if key == "effectiveFormat":
            if cell.get("userEnteredValue") or cell.get("userEnteredFormat"):
                out[key] = effective_format(ss, cell, cache)
        elif cell.get(key) not in (None, "", {}):
            out[key] = cell[key]
    return out


def _dimension(meta: dict[str, Any] | None, default_pixels: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if meta and meta.get("hiddenByUser"):
        out["hiddenByUser"] = True
    out["pixelSize"] = (meta or {}).get("pixelSize", default_pixels)
    if meta and meta.get("developerMetadata"):
        out["developerMetadata"] = copy.deepcopy(meta["developerMetadata"])
    return out


def grid_data(ss: Spreadsheet, sheet: Sheet, bounds: Resolved) -> dict[str, Any]:
    """GridData for ``bounds`` of ``sheet``; trailing empty rows and cells are left out."""
    r0, r1, c0, c1 = bounds
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    rows: dict[int, dict[int, Cell]] = {}
    for (r, c), cell in sheet.cells.items():
        if r0 <= r < r1 and c0 <= c < c1 and not is_empty(cell):
            rows.setdefault(r, {})[c] = cell
    if rows:
        cache: dict[str, dict[str, Any]] = {}
        row_data = []
        for r in range(r0, max(rows) + 1):
            row = rows.get(r)
            if not row:
                row_data.append({})
                continue
            row_data.append(
                {"values": [cell_json(ss, row.get(c), cache) for c in range(c0, max(row) + 1)]}
            )
        out["rowData"] = row_data
    out["rowMetadata"] = [_dimension(sheet.row_meta.get(r), ROW_PIXELS) for r in range(r0, r1)]
    out["columnMetadata"] = [
        _dimension(sheet.col_meta.get(c), COLUMN_PIXELS) for c in range(c0, c1)
    ]
    return out


def sheet_json(ss: Spreadsheet, sheet: Sheet, data: list[Resolved] | None) -> dict[str, Any]:
    """A Sheet resource; ``data`` lists the ranges to include grid data for."""
    out: dict[str, Any] = {"properties": copy.deepcopy(sheet.properties)}
    if not sheet.is_grid:
        out["properties"].pop("gridProperties", None)
    if data is not None and sheet.is_grid:
        out["data"] = [grid_data(ss, sheet, bounds) for bounds in data]
    if sheet.merges:
        out["merges"] = [dict(m, sheetId=sheet.id) for m in sheet.merges]
    parts = (
        ("conditionalFormats", sheet.conditional_formats),
        ("filterViews", sheet.filter_views),
        ("protectedRanges", sheet.protected_ranges),
        ("charts", sheet.charts),
        ("rowGroups", sheet.row_groups),
        ("columnGroups", sheet.column_groups),
        ("developerMetadata", sheet.developer_metadata),
    )
    for key, items in parts:
        if items:
            out[key] = copy.deepcopy(items)
    if sheet.basic_filter:
        out["basicFilter"] = copy.deepcopy(sheet.basic_filter)
    return out


def spreadsheet_json(
    ss: Spreadsheet,
    *,
    include_grid: bool = False,
    ranges: list[tuple[Sheet, Resolved]] | None = None,
) -> dict[str, Any]:
    """The Spreadsheet resource, optionally limited to ``ranges`` and with grid data (cell
    data is shared with the model; see :func:`cell_json`)."""
    out: dict[str, Any] = {"spreadsheetId": ss.id, "properties": copy.deepcopy(ss.properties)}
    sheets = []
    for sheet in ss.sheets:
        if ranges is None:
            wanted: list[Resolved] = [(0, sheet.rows, 0, sheet.cols)]
        else:
            wanted = [bounds for s, bounds in ranges if s is sheet]
            if not wanted:
                continue
        sheets.append(sheet_json(ss, sheet, wanted if include_grid else None))
    out["sheets"] = sheets
    if ss.named_ranges:
        out["namedRanges"] = copy.deepcopy(ss.named_ranges)
    if ss.developer_metadata:
        out["developerMetadata"] = copy.deepcopy(ss.developer_metadata)
    out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{ss.id}/edit"
    return drop_zero_sheet_ids(out)
