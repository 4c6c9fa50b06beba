"""spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear."""

from __future__ import annotations

from typing import Any

from . import cells as cellmod
from . import grid
from .a1 import col_letters
from .errors import bad_request
from .model import Resolved, Sheet, Spreadsheet, has_value

Query = dict[str, list[str]]
INPUT_OPTIONS = ("RAW", "USER_ENTERED")


def q1(query: Query, name: str, default: str = "") -> str:
    """The first value of a query parameter."""
    values = query.get(name)
    return values[0] if values else default


def q_bool(query: Query, name: str) -> bool:
    return q1(query, name).lower() == "true"


def read_range(ss: Spreadsheet, text: str, value_option: str = "FORMATTED_VALUE",
               datetime_option: str = "SERIAL_NUMBER", major: str = "ROWS") -> dict[str, Any]:
    """A ValueRange for an A1 range; trailing empty rows/cells are not included."""
    sheet, bounds = ss.resolve(text)
    resolved = sheet.clamp(bounds)
    sheet.check_limits(resolved)
    return range_values(sheet, resolved, value_option or "FORMATTED_VALUE",
                        datetime_option or "SERIAL_NUMBER", major or "ROWS")


def range_values(sheet: Sheet, resolved: Resolved, value_option: str, datetime_option: str,
                 major: str) -> dict[str, Any]:
    r0, r1, c0, c1 = resolved
    found: dict[tuple[int, int], Any] = {}
    for (r, c), cell in sheet.cells.items():
        if r0 <= r < r1 and c0 <= c < c1 and has_value(cell):
            value = cellmod.render(cell, value_option, datetime_option)
            if value is not None:
                found[(r - r0, c - c0) if major != "COLUMNS" else (c - c0, r - r0)] = value
    out: dict[str, Any] = {"range": sheet.a1(resolved), "majorDimension": major}
    if found:
        lines = []
        for i in range(max(k[0] for k in found) + 1):
            present = [k[1] for k in found if k[0] == i]
            width = max(present) + 1 if present else 0
            lines.append([found.get((i, j), "") for j in range(width)])
        out["values"] = lines
    return out


def _input_option(option: str) -> bool:
    if option not in INPUT_OPTIONS:
        raise bad_request(f"Invalid valueInputOption: {option or 'INPUT_VALUE_OPTION_UNSPECIFIED'}")
    return option == "USER_ENTERED"


def _as_rows(body: dict[str, Any]) -> list[list[Any]]:
    values = body.get("values") or []
    if body.get("majorDimension") == "COLUMNS":
        height = max((len(col) for col in values), default=0)
        return [[col[i] if i < len(col) else None for col in values] for i in range(height)]
    return [list(row) for row in values]


def _write_block(sheet: Sheet, r0: int, c0: int, rows: list[list[Any]], user_entered: bool,
                 touched: set[tuple[int, int, int]] | None = None) -> dict[str, Any]:
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    written = [(r0 + i, c0 + j) for i, row in enumerate(rows) for j, v in enumerate(row)
               if v is not None]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                entered, fmt = cellmod.parse_input(value, user_entered)
                grid.write_value(sheet, r0 + i, c0 + j, entered, fmt)
    if touched is not None:
        touched.update((sheet.id, r, c) for r, c in written)
    out: dict[str, Any] = {}
    if height and width:
        out["updatedRange"] = sheet.a1((r0, r0 + height, c0, c0 + width))
    else:
        out["updatedRange"] = sheet.a1((r0, r0 + 1, c0, c0 + 1))
    counts = {
        "updatedRows": len({r for r, _ in written}),
        "updatedColumns": len({c for _, c in written}),
        "updatedCells": len(written),
    }
    out.update({k: v for k, v in counts.items() if v})
    return out


def _fit(sheet: Sheet, bounds: tuple[Any, ...], rows: list[list[Any]]) -> tuple[int, int]:
    """Where a block of ``rows`` starts; rejects blocks that overflow the range or grid."""
    r0, r1, c0, c1 = bounds
    start_r, start_c = r0 or 0, c0 or 0
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    single = r1 is not None and c1 is not None and r1 - start_r == 1 and c1 - start_c == 1
    if not single:
        resolved = sheet.clamp(bounds)
        shown = sheet.a1(resolved)
        if height > resolved[1] - start_r:
            raise bad_request(f"Requested writing within range [{shown}], but tried writing "
                              f"to row [{start_r + height}]")
        if width > resolved[3] - start_c:
            raise bad_request(f"Requested writing within range [{shown}], but tried writing "
                              f"to column [{col_letters(start_c + width - 1)}]")
    if height and width:
        sheet.check_limits((start_r, start_r + height, start_c, start_c + width))
    else:
        sheet.check_limits((start_r, start_r + 1, start_c, start_c + 1))
    return start_r, start_c


def _updated_data(ss: Spreadsheet, result: dict[str, Any], query: Query) -> dict[str, Any]:
    return read_range(ss, result["updatedRange"], q1(query, "responseValueRenderOption"),
                      q1(query, "responseDateTimeRenderOption"))


def update(ss: Spreadsheet, text: str, body: dict[str, Any], query: Query) -> dict[str, Any]:
    """values.update (PUT)."""
    user_entered = _input_option(q1(query, "valueInputOption"))
    sheet, bounds = ss.resolve(text)
    rows = _as_rows(body)
    start_r, start_c = _fit(sheet, bounds, rows)
    result = {"spreadsheetId": ss.id, **_write_block(sheet, start_r, start_c, rows, user_entered)}
    if q_bool(query, "includeValuesInResponse"):
        ss.recalculate()
        result["updatedData"] = _updated_data(ss, result, query)
    return result


def batch_update(ss: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """values.batchUpdate."""
    user_entered = _input_option(body.get("valueInputOption") or "")
    touched: set[tuple[int, int, int]] = set()
    responses = []
    for index, item in enumerate(body.get("data") or []):
        if not item.get("range"):
            raise bad_request(f"Invalid data[{index}]: No range specified.")
        sheet, bounds = ss.resolve(item["range"])
        rows = _as_rows(item)
        start_r, start_c = _fit(sheet, bounds, rows)
        result = _write_block(sheet, start_r, start_c, rows, user_entered, touched)
        responses.append({"spreadsheetId": ss.id, **result})
    if body.get("includeValuesInResponse"):
        ss.recalculate()
        for response in responses:
            response["updatedData"] = read_range(
                ss, response["updatedRange"], body.get("responseValueRenderOption", ""),
                body.get("responseDateTimeRenderOption", ""))
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    totals = {
        "totalUpdatedRows": len({(s, r) for s, r, _ in touched}),
        "totalUpdatedColumns": len({(s, c) for s, _, c in touched}),
        "totalUpdatedCells": len(touched),
        "totalUpdatedSheets": len({s for s, _, _ in touched}),
    }
    out.update({k: v for k, v in totals.items() if v})
    if responses:
        out["responses"] = responses
    return out


def append(ss: Spreadsheet, text: str, body: dict[str, Any], query: Query) -> dict[str, Any]:
    """values.append: write below the table found in the range."""
    user_entered = _input_option(q1(query, "valueInputOption"))
    sheet, bounds = ss.resolve(text)
    resolved = sheet.clamp(bounds)
    sheet.check_limits(resolved)
    table = grid.find_table(sheet, resolved)
    start_r, start_c = (table[1], table[2]) if table else (resolved[0], resolved[2])
    rows = _as_rows(body)
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    if q1(query, "insertDataOption") == "INSERT_ROWS" and height and start_r < sheet.rows:
        grid.insert_dimension(ss, sheet, "ROWS", start_r, start_r + height, start_r > 0)
    if start_r + height > sheet.rows:
        grid.set_grid_size(sheet, rows=start_r + height)
    if start_c + width > sheet.cols:
        grid.set_grid_size(sheet, cols=start_c + width)
    updates = {"spreadsheetId": ss.id, **_write_block(sheet, start_r, start_c, rows, user_entered)}
    if q_bool(query, "includeValuesInResponse"):
        ss.recalculate()
        updates["updatedData"] = _updated_data(ss, updates, query)
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if table:
        out["tableRange"] = sheet.a1(table)
    out["updates"] = updates
    return out


def clear(ss: Spreadsheet, text: str) -> str:
    """values.clear; returns the cleared range."""
    sheet, bounds = ss.resolve(text)
    resolved = sheet.clamp(bounds)
    sheet.check_limits(resolved)
    grid.clear_values(sheet, resolved)
    return sheet.a1(resolved)


def batch_get(ss: Spreadsheet, query: Query) -> dict[str, Any]:
    """values.batchGet."""
    ranges = query.get("ranges", [])
    value_ranges = [
        read_range(ss, text, q1(query, "valueRenderOption"), q1(query, "dateTimeRenderOption"),
                   q1(query, "majorDimension"))
        for text in ranges
    ]
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if value_ranges:
        out["valueRanges"] = value_ranges
    return out
