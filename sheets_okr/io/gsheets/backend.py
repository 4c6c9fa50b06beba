"""Google Sheets backend: one read request, one batchUpdate write, rows checked between."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from ...changes import ChangeSet, comparable
from ...errors import RemoteError, RowsMoved, UsageError, WriteUncertain
from ...model import Grid, RawBook, a1, col_letter
from ..filelock import hold_file_lock, lock_file_for_key
from .client import (
    DRIVE_FILE_SCOPE,
    RETRY_STATUS,
    SHEETS_SCOPE,
    Patience,
    account_email,
    error_detail,
    make_client,
)
from .requests import build_requests

KEY_IN_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
ERRORS = {
    "ERROR": "#ERROR!", "NULL_VALUE": "#NULL!", "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!", "REF": "#REF!", "NAME": "#NAME?", "NUM": "#NUM!", "N_A": "#N/A",
    "LOADING": "#LOADING",
}
READ_FIELDS = (
    "spreadsheetId,spreadsheetUrl,properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount,"
    "frozenRowCount)),merges,conditionalFormats,charts(chartId,spec(title,subtitle)),"
    "data(startRow,startColumn,rowData(values(userEnteredValue(formulaValue),effectiveValue,"
    "userEnteredFormat(numberFormat(type)),effectiveFormat(numberFormat(type))))))"
)
EPOCH = datetime(1899, 12, 30)


def spreadsheet_key(source: str) -> str:
    """The spreadsheet ID of a Google Sheets URL, or the key itself."""
    match = KEY_IN_URL.search(source)
    return match.group(1) if match else source.strip()


class GSheetsBackend:
    """A Google Sheet reached through the Sheets API v4."""

    def __init__(self, source: str, retries: int = 5, base_delay: float = 1.0,
                 client: Any = None, lock_timeout: float | None = None,
                 patience: Patience | None = None) -> None:
        self.key = spreadsheet_key(source)
        self.name = source
        self.retries = retries
        self.base_delay = base_delay
        self.lock_timeout = lock_timeout
        self.patience = patience
        self._client = client
        self._meta: dict[str, Any] = {}
        self._book: RawBook | None = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client([SHEETS_SCOPE], self.retries, self.base_delay,
                                       patience=self.patience)
        return self._client

    @contextmanager
    def session(self, write: bool = True) -> Iterator[None]:
        """Hold this user's lock of the spreadsheet while a run writes it, so that two runs
        from this account take turns (people editing it are handled by the row checks)."""
        if not write:
            yield
            return
        with hold_file_lock(lock_file_for_key(self.key), self.lock_timeout,
                            f"spreadsheet {self.key}"):
            yield

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from gspread.exceptions import APIError

        try:
            return fn(*args, **kwargs)
        except APIError as err:
            code, message = error_detail(err)
            if code == 404:
                raise UsageError(f"spreadsheet {self.key} not found: check the URL or key"
                                 ) from None
            if code == 403:
                who = account_email(getattr(self.client.http_client, "auth", None))
                share = f"share it with {who}" if who else "share it with your account"
                raise UsageError(f"no permission to {what} spreadsheet {self.key}: "
                                 f"{share} (as Editor to write)") from None
            if code in (400, 401):
                raise UsageError(f"the Sheets API refused to {what} the spreadsheet: "
                                 f"{message}") from None
            raise RemoteError(f"the Sheets API failed to {what} the spreadsheet after "
                              f"retries ({code} {message})") from None

    def read(self) -> RawBook:
        """Every tab's values, formulas, formats, merges, conditional formats and charts."""
        meta = self._call("read", self.client.http_client.fetch_sheet_metadata, self.key,
                          params={"includeGridData": "true", "fields": READ_FIELDS})
        self._meta = meta
        grids: dict[str, Grid] = {}
        for sheet in meta.get("sheets", []):
            props = sheet.get("properties", {})
            title = props.get("title", "")
            grid = Grid(title, hidden=bool(props.get("hidden")), sheet_id=props.get("sheetId"))
            for block in sheet.get("data", []) or []:
                _fill_grid(grid, block)
            grid.merged = [
                (m.get("startRowIndex", 0) + 1, m.get("startColumnIndex", 0) + 1,
                 m.get("endRowIndex", 0), m.get("endColumnIndex", 0))
                for m in sheet.get("merges", []) or []
            ]
            grids[title] = grid
        title = meta.get("properties", {}).get("title", self.key)
        self._book = RawBook(grids, source=f"{title} ({self.key})")
        return self._book

    def sheet_meta(self) -> dict[str, dict[str, Any]]:
        return {s["properties"]["title"]: s for s in self._meta.get("sheets", [])}

    def verify_rows(self, checks: dict[str, dict[int, Any]]) -> None:
        """Raise RowsMoved unless each tab still has the same IDs on the same rows."""
        if not checks:
            return
        ranges = []
        order = []
        for title, cells in checks.items():
            for (row, col), _ in cells.items():
                order.append((title, row, col))
            cols = {c for (_, c) in cells}
            rows = [r for (r, _) in cells]
            for col in sorted(cols):
                ranges.append(f"{_quote(title)}!{a1(min(rows), col)}:"
                              f"{col_letter(col)}{max(rows)}")
        answer = self._call("check", self.client.http_client.values_batch_get, self.key,
                            ranges, params={"valueRenderOption": "UNFORMATTED_VALUE",
                                            "dateTimeRenderOption": "SERIAL_NUMBER",
                                            "majorDimension": "COLUMNS"})
        now: dict[tuple[str, int, int], Any] = {}
        for rng, block in zip(ranges, answer.get("valueRanges", []), strict=False):
            title, start = _split_range(rng)
            values = (block.get("values") or [[]])[0]
            for i, value in enumerate(values):
                now[(title, start[0] + i, start[1])] = value
        for title, cells in checks.items():
            for (row, col), value in cells.items():
                if _norm(now.get((title, row, col))) != _norm(value):
                    raise RowsMoved(f"rows moved on '{title}' while computing "
                                    f"({a1(row, col)} changed)")

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        """Send every change in one spreadsheets.batchUpdate request (rows to append as
        appendCells, placed by the server below the last row then in use)."""
        requests, written = build_requests(changes, book, self.sheet_meta())
        if not requests:
            return 0
        try:
            self._call("write", self.client.http_client.batch_update, self.key,
                       {"requests": requests})
        except WriteUncertain as exc:
            exc.cells = written
            raise
        return written


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _split_range(rng: str) -> tuple[str, tuple[int, int]]:
    from ...model import parse_a1

    title, _, cells = rng.rpartition("!")
    title = title[1:-1].replace("''", "'") if title.startswith("'") else title
    return title, parse_a1(cells.split(":")[0])


def _norm(value: Any) -> Any:
    """An ID as read (dates as date/datetime) or as the values API renders it (dates as
    serial numbers), in one comparable form."""
    if isinstance(value, datetime):
        value = (value - EPOCH).total_seconds() / 86400
    elif isinstance(value, date):
        value = (value - EPOCH.date()).days
    return comparable(value)


def _fill_grid(grid: Grid, block: dict[str, Any]) -> None:
    top = block.get("startRow", 0)
    left = block.get("startColumn", 0)
    for i, row in enumerate(block.get("rowData", []) or []):
        cells = row.get("values", []) or []
        r = top + i + 1
        while len(grid.rows) < r:
            grid.rows.append([])
        line = grid.rows[r - 1]
        for j, cell in enumerate(cells):
            c = left + j + 1
            value = cell_value(cell)
            entered = cell.get("userEnteredValue") or {}
            if "formulaValue" in entered:
                grid.formulas.add((r, c))
                grid.formula_text[(r, c)] = str(entered["formulaValue"])
            if (cell.get("userEnteredFormat") or {}).get("numberFormat"):
                grid.formatted.add((r, c))
            if value is None:
                continue
            while len(line) < c:
                line.append(None)
            line[c - 1] = value


def cell_value(cell: dict[str, Any]) -> Any:
    """A CellData's value as a plain Python value, dates by their number format."""
    value = cell.get("effectiveValue")
    if not value:
        return None
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "errorValue" in value:
        return ERRORS.get(value["errorValue"].get("type", ""), "#ERROR!")
    number = value.get("numberValue")
    if number is None:
        return None
    kind = ((cell.get("effectiveFormat") or {}).get("numberFormat") or {}).get("type")
    if kind in ("DATE", "DATE_TIME"):
        try:
            moment = EPOCH + timedelta(days=float(number))
        except OverflowError:
            return number
        return moment.date() if kind == "DATE" else moment
    if kind == "TIME":
        seconds = round((float(number) % 1) * 86400)
        return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    return number


def create_spreadsheet(title: str, tables: dict[str, list[list[Any]]],
                       share: list[str] | None = None) -> str:
    """Create a Google Sheet from template rows and return its URL."""
    from gspread.exceptions import APIError

    from .requests import template_requests

    client = make_client([SHEETS_SCOPE, DRIVE_FILE_SCOPE])
    try:
        sheet = client.create(title)
        requests = template_requests(sheet.fetch_sheet_metadata(), tables)
        client.http_client.batch_update(sheet.id, {"requests": requests})
        for email in share or []:
            sheet.share(email, perm_type="user", role="writer", notify=True)
    except APIError as err:
        code, message = error_detail(err)
        error = RemoteError if code in RETRY_STATUS else UsageError
        raise error(f"could not create the Google Sheet ({code} {message})") from None
    return sheet.url


__all__ = ["GSheetsBackend", "create_spreadsheet", "spreadsheet_key"]
