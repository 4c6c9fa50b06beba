"""Turn a change set into the sub-requests of one Sheets API batchUpdate."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from ...changes import (
    COLOURS,
    AppendedRows,
    CellChange,
    ChangeSet,
    ChartSpec,
    ConditionalRule,
    Formula,
    SheetContent,
    date_to_serial,
)
from ...model import RawBook
from ...schema import DATE

FIELDS_VALUE = "userEnteredValue"
FIELDS_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat"
FIELDS_HEADER = "userEnteredValue,userEnteredFormat.textFormat.bold"
FIELDS_SHEET = "userEnteredValue,userEnteredFormat(numberFormat,textFormat.bold)"


def number_format(excel: str | None) -> dict[str, str] | None:
    """An Excel-style number format as a Sheets NumberFormat.

    >>> number_format("0.0%")
    {'type': 'PERCENT', 'pattern': '0.0%'}
    >>> number_format("yyyy-mm-dd")
    {'type': 'DATE', 'pattern': 'yyyy-mm-dd'}
    """
    if not excel:
        return None
    if "%" in excel:
        return {"type": "PERCENT", "pattern": excel}
    if "yy" in excel or "dd" in excel:
        return {"type": "DATE", "pattern": excel}
    if "$" in excel:
        return {"type": "CURRENCY", "pattern": excel}
    return {"type": "NUMBER", "pattern": excel}


def user_value(value: Any) -> dict[str, Any]:
    """A Python value as ExtendedValue; text is always a string, never a formula."""
    if value is None:
        return {}
    if isinstance(value, Formula):
        return {"formulaValue": str(value)}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    if isinstance(value, datetime):
        return {"numberValue": date_to_serial(value.date())
                + (value - datetime.combine(value.date(), datetime.min.time())).total_seconds()
                / 86400}
    if isinstance(value, date):
        return {"numberValue": date_to_serial(value)}
    return {"stringValue": str(value)}


def _cell_data(value: Any, fmt: dict[str, str] | None, bold: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {}
    uv = user_value(value)
    if uv:
        data["userEnteredValue"] = uv
    if fmt:
        data.setdefault("userEnteredFormat", {})["numberFormat"] = fmt
    if bold:
        data.setdefault("userEnteredFormat", {})["textFormat"] = {"bold": True}
    return data


def new_sheet_id(title: str, taken: set[int]) -> int:
    """A stable sheet ID for a tool-owned tab, unique in the spreadsheet."""
    candidate = zlib.crc32(title.encode()) % 2_000_000_000 + 1
    while candidate in taken:
        candidate += 1
    return candidate


def build_requests(changes: ChangeSet, book: RawBook,
                   meta: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """All sub-requests for ``changes`` and the number of cells they write."""
    requests: list[dict[str, Any]] = []
    written = 0
    ids = {t: g.sheet_id for t, g in book.grids.items() if g.sheet_id is not None}
    sizes = {t: _size(meta.get(t, {})) for t in book.grids}
    taken = {i for i in ids.values() if i is not None}
    for content in changes.sheets:
        if content.title not in ids:
            sheet_id = new_sheet_id(content.title, taken)
            taken.add(sheet_id)
            ids[content.title] = sheet_id
            rows = max(len(content.rows) + 10, 100)
            cols = max(max((len(r) for r in content.rows), default=1), 10)
            sizes[content.title] = (rows, cols)
            requests.append({"addSheet": {"properties": {
                "sheetId": sheet_id, "title": content.title, "hidden": content.hidden,
                "gridProperties": {"rowCount": rows, "columnCount": cols,
                                   "frozenRowCount": 1 if content.freeze_header else 0},
            }}})
        written += _replace_sheet(requests, content, ids[content.title], sizes)
    by_tab: dict[str, list[CellChange]] = {}
    for change in changes.cells:
        by_tab.setdefault(change.tab, []).append(change)
    for tab, cells in by_tab.items():
        sheet_id = ids[tab]
        _grow(requests, sheet_id, sizes, tab, max(c.row for c in cells),
              max(c.col for c in cells))
        formatted = book.grids[tab].formatted if tab in book.grids else set()
        needs_format = partial(_needs_format, formatted=formatted)
        for run in _runs(cells, needs_format):
            first = run[0]
            with_format = needs_format(first)
            header = any(c.header for c in run)
            fields = FIELDS_HEADER if header else FIELDS_FORMAT if with_format else FIELDS_VALUE
            rows = [{"values": [_cell_data(
                c.value,
                number_format(c.number_format)
                if with_format and (c.row, c.col) not in formatted else None,
                bold=c.header)]} for c in run]
            requests.append({"updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": first.row - 1,
                          "columnIndex": first.col - 1},
                "rows": rows, "fields": fields}})
            written += len(run)
    for block in changes.appended:
        written += _append_rows(requests, block, ids[block.tab])
    if changes.charts and changes.dashboard in ids:
        existing = [c["chartId"] for c in
                    meta.get(changes.dashboard, {}).get("charts", []) or []]
        requests.extend(chart_requests(changes.charts, ids[changes.dashboard], existing))
    if changes.conditional:
        requests.extend(colour_requests(changes.conditional, ids, meta))
    return requests, written


def _append_rows(requests: list[dict[str, Any]], block: AppendedRows, sheet_id: int) -> int:
    """An appendCells request: the rows go below the last row holding data when the
    server applies it, whatever was added since the sheet was read."""
    formats = {col: number_format(fmt) for col, fmt in block.formats}
    rows = []
    for line in block.rows:
        values = [{} for _ in range(block.first_col - 1)]
        values += [_cell_data(value, formats.get(block.first_col + i) if value is not None
                              else None) for i, value in enumerate(line)]
        rows.append({"values": values})
    requests.append({"appendCells": {"sheetId": sheet_id, "rows": rows,
                                     "fields": FIELDS_FORMAT}})
    return sum(value is not None for line in block.rows for value in line)


def _size(sheet: dict[str, Any]) -> tuple[int, int]:
    grid = sheet.get("properties", {}).get("gridProperties", {})
    return int(grid.get("rowCount", 1000)), int(grid.get("columnCount", 26))


def _grow(requests: list[dict[str, Any]], sheet_id: int, sizes: dict[str, tuple[int, int]],
          tab: str, rows: int, cols: int) -> None:
    have_rows, have_cols = sizes.get(tab, (1000, 26))
    if rows > have_rows:
        requests.append({"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS",
                                             "length": rows - have_rows}})
    if cols > have_cols:
        requests.append({"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS",
                                             "length": cols - have_cols}})
    sizes[tab] = (max(rows, have_rows), max(cols, have_cols))


def _needs_format(change: CellChange, formatted: set[tuple[int, int]]) -> bool:
    """A cell gets the column's default number format only when it has none yet."""
    return bool(change.number_format) and (change.row, change.col) not in formatted


def _runs(cells: list[CellChange],
          kind: Callable[[CellChange], Any] = lambda c: None) -> list[list[CellChange]]:
    """Changes grouped into vertical runs of consecutive rows in one column, a run never
    mixing cells of a different ``kind``."""
    ordered = sorted(cells, key=lambda c: (c.col, c.row))
    runs: list[list[CellChange]] = []
    for change in ordered:
        last = runs[-1][-1] if runs else None
        if last and last.col == change.col and last.row + 1 == change.row and \
                last.header == change.header and kind(last) == kind(change):
            runs[-1].append(change)
        else:
            runs.append([change])
    return runs


def _replace_sheet(requests: list[dict[str, Any]], content: SheetContent, sheet_id: int,
                   sizes: dict[str, tuple[int, int]]) -> int:
    width = max((len(r) for r in content.rows), default=1)
    _grow(requests, sheet_id, sizes, content.title, len(content.rows), width)
    requests.append({"updateCells": {"range": {"sheetId": sheet_id},
                                     "fields": "userEnteredValue"}})
    rows = []
    written = 0
    for r, line in enumerate(content.rows, start=1):
        cells = []
        for c, value in enumerate(line, start=1):
            value = None if isinstance(value, str) and value == "" else value
            fmt = number_format(DATE) if isinstance(value, date) else number_format(
                content.formats.get((r, c)))
            cells.append(_cell_data(value, fmt, bold=r in content.bold_rows))
            written += value is not None
        rows.append({"values": cells})
    requests.append({"updateCells": {
        "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
        "rows": rows, "fields": FIELDS_SHEET}})
    props: dict[str, Any] = {"sheetId": sheet_id, "hidden": content.hidden,
                             "gridProperties": {"frozenRowCount":
                                                1 if content.freeze_header else 0}}
    requests.append({"updateSheetProperties": {
        "properties": props, "fields": "hidden,gridProperties.frozenRowCount"}})
    for col, width_chars in content.widths.items():
        requests.append({"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col - 1,
                      "endIndex": col},
            "properties": {"pixelSize": int(width_chars * 7 + 10)}, "fields": "pixelSize"}})
    return written


def template_requests(meta: dict[str, Any], tables: dict[str, list[list[Any]]]
                      ) -> list[dict[str, Any]]:
    """Requests that lay out a new spreadsheet from template rows."""
    from ..xlsx.create import excel_typed

    sheets = meta.get("sheets", [])
    first_id = sheets[0]["properties"]["sheetId"] if sheets else 0
    requests: list[dict[str, Any]] = []
    taken = {first_id}
    for i, (title, rows) in enumerate(tables.items()):
        header_row = next(n for n, r in enumerate(rows) if len(r) > 1)
        size = {"rowCount": max(len(rows) + 50, 100),
                "columnCount": max(max(len(r) for r in rows), 26),
                "frozenRowCount": header_row + 1}
        if i == 0 and sheets:
            sheet_id = first_id
            requests.append({"updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "title": title, "gridProperties": size},
                "fields": "title,gridProperties"}})
        else:
            sheet_id = new_sheet_id(title, taken)
            taken.add(sheet_id)
            requests.append({"addSheet": {"properties": {
                "sheetId": sheet_id, "title": title, "index": i, "gridProperties": size}}})
        data = []
        for n, line in enumerate(rows):
            cells = []
            for raw in line:
                value, fmt = excel_typed(raw)
                cells.append(_cell_data(value, number_format(fmt), bold=n == header_row))
            data.append({"values": cells})
        requests.append({"updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0}, "rows": data,
            "fields": "userEnteredValue,userEnteredFormat(numberFormat,textFormat.bold)"}})
    return requests


def chart_id(key: str) -> int:
    """The stable chart ID of a Dashboard chart key."""
    return zlib.crc32(f"sheets-okr:{key}".encode()) % 2_000_000_000 + 1


def _rgb(hex_colour: str) -> dict[str, float]:
    return {name: int(hex_colour[i:i + 2], 16) / 255
            for name, i in (("red", 0), ("green", 2), ("blue", 4))}


def _grid_range(sheet_id: int, first_row: int, last_row: int, col: int) -> dict[str, int]:
    return {"sheetId": sheet_id, "startRowIndex": first_row - 1, "endRowIndex": last_row,
            "startColumnIndex": col - 1, "endColumnIndex": col}


def chart_spec(spec: ChartSpec, sheet_id: int) -> dict[str, Any]:
    """A Sheets ChartSpec (basicChart) for a Dashboard chart."""
    kinds = {s.kind for s in spec.series}
    chart_type = "COMBO" if len(kinds) > 1 else ("BAR" if spec.horizontal else "COLUMN") \
        if kinds == {"column"} else "LINE"
    left: dict[str, Any] = {"position": "LEFT_AXIS"}
    if spec.percent:
        left["format"] = {"italic": False}
    return {
        "title": spec.title,
        "basicChart": {
            "chartType": chart_type,
            "legendPosition": "BOTTOM_LEGEND",
            "headerCount": 1,
            "axis": [{"position": "BOTTOM_AXIS"}, left],
            "domains": [{"domain": {"sourceRange": {"sources": [
                _grid_range(sheet_id, spec.header_row, spec.last_row, spec.category_col)]}}}],
            "series": [{
                "series": {"sourceRange": {"sources": [
                    _grid_range(sheet_id, spec.header_row, spec.last_row, s.col)]}},
                "targetAxis": "LEFT_AXIS",
                "type": "COLUMN" if s.kind == "column" else "LINE",
            } for s in spec.series],
        },
    }


def chart_requests(charts: list[ChartSpec], sheet_id: int,
                   existing: list[int]) -> list[dict[str, Any]]:
    """Update our charts in place (spec and position), add new ones, delete the ones no
    longer wanted."""
    requests: list[dict[str, Any]] = []
    wanted = {chart_id(c.key) for c in charts}
    for old in existing:
        if old not in wanted:
            requests.append({"deleteEmbeddedObject": {"objectId": old}})
    for spec in charts:
        cid = chart_id(spec.key)
        body = chart_spec(spec, sheet_id)
        position = {"overlayPosition": {
            "anchorCell": {"sheetId": sheet_id, "rowIndex": spec.anchor_row - 1,
                           "columnIndex": spec.anchor_col - 1},
            "widthPixels": 680, "heightPixels": 360}}
        if cid in existing:
            requests.append({"updateChartSpec": {"chartId": cid, "spec": body}})
            requests.append({"updateEmbeddedObjectPosition": {
                "objectId": cid, "newPosition": position, "fields": "*"}})
        else:
            requests.append({"addChart": {"chart": {
                "chartId": cid, "spec": body, "position": position}}})
    return requests


def colour_requests(rules: list[ConditionalRule], ids: dict[str, int],
                    meta: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace earlier copies of our colour rules (same column and text), then add them."""
    requests: list[dict[str, Any]] = []
    by_tab: dict[str, list[ConditionalRule]] = {}
    for rule in rules:
        by_tab.setdefault(rule.tab, []).append(rule)
    for tab, tab_rules in by_tab.items():
        sheet_id = ids.get(tab)
        if sheet_id is None:
            continue
        ours = {(r.col, r.equals) for r in tab_rules}
        existing = meta.get(tab, {}).get("conditionalFormats", []) or []
        for index in range(len(existing) - 1, -1, -1):
            if _is_ours(existing[index], ours):
                requests.append({"deleteConditionalFormatRule": {"sheetId": sheet_id,
                                                                 "index": index}})
        for rule in tab_rules:
            fill, font = COLOURS[rule.colour]
            requests.append({"addConditionalFormatRule": {"index": 0, "rule": {
                "ranges": [_grid_range(sheet_id, rule.first_row, rule.last_row, rule.col)],
                "booleanRule": {
                    "condition": {"type": "TEXT_EQ",
                                  "values": [{"userEnteredValue": rule.equals}]},
                    "format": {"backgroundColor": _rgb(fill),
                               "textFormat": {"foregroundColor": _rgb(font)}},
                }}}})
    return requests


def _is_ours(rule: dict[str, Any], ours: set[tuple[int, str]]) -> bool:
    condition = (rule.get("booleanRule") or {}).get("condition") or {}
    if condition.get("type") != "TEXT_EQ":
        return False
    values = condition.get("values") or [{}]
    text = values[0].get("userEnteredValue")
    cols = {r.get("startColumnIndex", 0) + 1 for r in rule.get("ranges", [])
            if r.get("endColumnIndex", 0) - r.get("startColumnIndex", 0) == 1}
    return any((c, text) in ours for c in cols)
