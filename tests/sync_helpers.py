"""Workbooks, sources and configs for the sync tests."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from sheets_okr.changes import serial_to_date

AS_OF = date(2026, 11, 15)
Rows = list[list[Any]]

OBJECTIVES: Rows = [
    ["ID", "Objective", "Owner", "Period"],
    ["O1", "Delight customers", "Ana", "2026-Q4"],
]
KEY_RESULTS: Rows = [
    ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "KPI"],
    ["KR1", "O1", "Raise NPS from 40 to 60", "Ana", 40, 60, None, "K1"],
    ["KR2", "O1", "Cut first reply time from 48 to 30 minutes", "Ana", 48, 30, None, "K2"],
]
KPIS: Rows = [
    ["ID", "KPI", "Owner", "Unit", "Direction", "Target", "Warning", "Frequency"],
    ["K1", "NPS", "Ana", "points", "higher", 60, 50, "monthly"],
    ["K2", "First reply time", "Ana", "min", "lower", 30, 40, "weekly"],
]
HISTORY: Rows = [
    ["Date", "KPI", "Value", "Note"],
    [date(2026, 10, 1), "K1", 45, None],
    [date(2026, 10, 1), "K2", 44, None],
]

NPS_OCTOBER = "day,metric_id,amount,comment\n2026-10-01,K1,45,\n"
NPS_NOVEMBER = ("day,metric_id,amount,comment\n2026-11-01,K1,52,\n"
                "2026-11-14,K1,55,survey wave 2\n")
REPLY_TIMES = [("2026-10-01", 44), ("2026-11-10", 36)]
CRM_READINGS = [("K1", date(2026, 11, 15), "58.0"), ("K2", date(2026, 11, 14), "28")]


def tabs(history: Rows | None = HISTORY) -> dict[str, Rows]:
    """The OKR tabs (copies), with or without a KPI History tab."""
    out = {"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS, "KPIs": KPIS}
    if history is not None:
        out["KPI History"] = history
    return {title: [list(r) for r in rows] for title, rows in out.items()}


def make_xlsx(path: Path, book: dict[str, Rows]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in book.items():
        ws = wb.create_sheet(title)
        for r, line in enumerate(rows, start=1):
            for c, value in enumerate(line, start=1):
                if value is not None:
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def make_gsheet(server: Any, book: dict[str, Rows], title: str = "Goals") -> str:
    """A spreadsheet on the local Sheets API server, typed in as a person would."""
    key: str = server.store.create_spreadsheet(title, list(book))
    for tab, rows in book.items():
        typed = [[v.isoformat() if isinstance(v, date) else v for v in line] for line in rows]
        server.store.set_values(key, tab, typed)
    return key


def xlsx_rows(path: Path, tab: str) -> Rows:
    """A tab's values (dates as date), trailing empty rows dropped."""
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = [[_day(v) for v in line] for line in wb[tab].iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def gsheet_rows(server: Any, key: str, tab: str, date_cols: tuple[int, ...] = ()) -> Rows:
    """A tab's values; serial numbers in ``date_cols`` (1-based) turned into dates."""
    rows = server.store.get_values(key, tab)
    out = []
    for r, line in enumerate(rows):
        out.append([serial_to_date(v) if c + 1 in date_cols and r and isinstance(v, (int, float))
                    else v for c, v in enumerate(line)])
    return out


def by_id(rows: Rows, column: str) -> dict[Any, Any]:
    """``{ID: value of column}`` of a table whose header is the first row."""
    header = rows[0]
    col = header.index(column)
    return {line[0]: (line[col] if col < len(line) else None) for line in rows[1:]}


def make_sources(folder: Path) -> None:
    """The CSV exports (two monthly files) and the SQLite support database."""
    exports = folder / "exports"
    exports.mkdir(exist_ok=True)
    (exports / "nps-2026-10.csv").write_text(NPS_OCTOBER, encoding="utf-8")
    (exports / "nps-2026-11.csv").write_text(NPS_NOVEMBER, encoding="utf-8")
    with sqlite3.connect(folder / "support.db") as db:
        db.execute("CREATE TABLE reply_times (day TEXT, minutes REAL)")
        db.executemany("INSERT INTO reply_times VALUES (?, ?)", REPLY_TIMES)
    db.close()


def load_postgres(url: str) -> None:
    """The CRM table in PostgreSQL (dropped and filled again)."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS kpi_readings")
        connection.exec_driver_sql("CREATE TABLE kpi_readings (metric text, measured_on date, "
                                   "val numeric(10, 2))")
        for metric, day, value in CRM_READINGS:
            connection.exec_driver_sql("INSERT INTO kpi_readings VALUES (%s, %s, %s)",
                                       (metric, day, value))
    engine.dispose()


def options(**overrides: Any) -> str:
    """A [sync] table fast enough for tests."""
    values = {"write_interval": 0, "read_interval": 0, "retries": 1, "retry_delay": 0.01,
              "lock_timeout": 2, **overrides}
    lines = ["[sync]"] + [f"{k} = {_toml(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _day(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value
