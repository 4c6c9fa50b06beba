"""Helpers for tests that run sheets-okr against the local Sheets API server: point the
backend at the server, put template rows into it as a spreadsheet, read tabs back."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from sheets_okr.cli import cli
from tests.sheets_api.server import RequestRecord, SheetsApiServer

Rows = list[list[Any]]
EPOCH = datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "DATE_TIME")
URL = "https://docs.google.com/spreadsheets/d/{}"


def use_server(monkeypatch: pytest.MonkeyPatch, server: SheetsApiServer,
               credentials: Path) -> None:
    """Point sheets-okr at ``server`` the way a user would: through the environment."""
    monkeypatch.setenv("SHEETS_OKR_API_ENDPOINT", server.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(credentials))


def typed(value: Any) -> Any:
    """A Python value as a person would type it into a cell."""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


def put_tables(server: SheetsApiServer, title: str, tables: dict[str, Rows]) -> str:
    """A new spreadsheet in the server's store holding ``tables`` (one tab each, values
    entered as a person typing them); returns its key."""
    store = server.store
    specs = [{"title": tab, "gridProperties": {
        "rowCount": max(len(rows) + 50, 100),
        "columnCount": max(max((len(r) for r in rows), default=0), 26)}}
        for tab, rows in tables.items()]
    key = store.create_spreadsheet(title, sheets=specs)
    for tab, rows in tables.items():
        if rows:
            store.set_values(key, tab, [[typed(v) for v in row] for row in rows])
    return key


def set_cell(server: SheetsApiServer, key: str, tab: str, a1: str, value: Any) -> None:
    """Type ``value`` into one cell; text is stored as text (as if typed after a quote)."""
    entry = "RAW" if isinstance(value, str) else "USER_ENTERED"
    server.store.set_values(key, tab, [[typed(value)]], start=a1, value_input=entry)


def xlsx_tables(path: Path) -> dict[str, Rows]:
    """Every sheet's cell values of an Excel workbook, as rows."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets}
    finally:
        wb.close()


def plain(cell: dict[str, Any] | None) -> Any:
    """A stored CellData's effective value; date-formatted numbers as date/datetime."""
    value = (cell or {}).get("effectiveValue")
    if not value:
        return None
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return value["boolValue"]
    if "errorValue" in value:
        return "#ERROR!"
    number = value.get("numberValue")
    fmt = ((cell.get("userEnteredFormat") or {}).get("numberFormat")
           or (cell.get("effectiveFormat") or {}).get("numberFormat") or {})
    kind = fmt.get("type")
    if kind in DATE_TYPES:
        moment = EPOCH + timedelta(days=number)
        return moment.date() if kind == "DATE" else moment
    return int(number) if float(number).is_integer() else number


def read_tab(server: SheetsApiServer, key: str, title: str) -> Rows:
    """A tab's values as rows (None for empty cells, each row's trailing blanks cut)."""
    with server.store.lock:
        sheet = server.store.sheet(key, title)
        cells = {k: plain(c) for k, c in sheet.cells.items()}
    cells = {k: v for k, v in cells.items() if v is not None}
    if not cells:
        return []
    rows: Rows = [[] for _ in range(max(r for r, _ in cells) + 1)]
    for (r, c), value in sorted(cells.items()):
        rows[r].extend([None] * (c - len(rows[r])))
        rows[r].append(value)
    return rows


def tab_titles(server: SheetsApiServer, key: str) -> list[str]:
    return [s.title for s in server.store.spreadsheet(key).sheets]


def charts(server: SheetsApiServer, key: str, title: str = "Dashboard") -> list[dict[str, Any]]:
    return list(server.store.sheet(key, title).charts)


def chart_titles(server: SheetsApiServer, key: str, title: str = "Dashboard") -> list[str]:
    return [c["spec"]["title"] for c in charts(server, key, title)]


def counts(server: SheetsApiServer) -> dict[str, int]:
    """API requests in the log by operation: get (full read), batchGet (ID check),
    batchUpdate (write), other."""
    out = {"get": 0, "batchGet": 0, "batchUpdate": 0, "other": 0}
    for record in list(server.requests_log):
        if record.kind != "auth":
            out[operation(record)] += 1
    return out


def operation(record: RequestRecord) -> str:
    if record.kind == "auth":
        return "auth"
    if record.method == "GET" and record.path.startswith("/v4/spreadsheets/") and \
            "/" not in record.path[len("/v4/spreadsheets/"):]:
        return "get"
    if record.path.endswith("/values:batchGet"):
        return "batchGet"
    if record.method == "POST" and record.path.endswith(":batchUpdate"):
        return "batchUpdate"
    return "other"


def last_request(server: SheetsApiServer, kind: str) -> RequestRecord:
    """The last logged request of an operation ("batchUpdate", "batchGet", ...)."""
    return next(r for r in reversed(list(server.requests_log)) if operation(r) == kind)


def first_request(server: SheetsApiServer, kind: str) -> RequestRecord:
    """The first logged request of an operation."""
    return next(r for r in list(server.requests_log) if operation(r) == kind)


def api_requests(server: SheetsApiServer) -> list[str]:
    """The operations logged, in order, without token requests."""
    return [operation(r) for r in list(server.requests_log) if r.kind != "auth"]


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the sheets-okr CLI in-process; exit code, stdout, stderr."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def recompute_json(source: str, *extra: str, as_of: str = "2026-11-15") -> dict[str, Any]:
    """``recompute --format json`` through the CLI; its summary (the run must succeed)."""
    code, out, err = run_cli("recompute", source, "--as-of", as_of, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def check_json(source: str, as_of: str = "2026-11-15") -> tuple[int, list[dict[str, str]]]:
    """``check --format json`` through the CLI; its exit code and flags."""
    code, out, err = run_cli("check", source, "--as-of", as_of, "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)

