"""Source readers: CSV and Excel files, spreadsheet ranges and SQL through SQLAlchemy."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from sheets_okr.config import Settings
from sheets_okr.errors import UsageError
from sheets_okr.sync.config import SourceConfig
from sheets_okr.sync.secrets import Redactor
from sheets_okr.sync.sources import (
    CellRange,
    Reading,
    SourceError,
    fetch_readings,
    is_transient,
    parse_range,
    sql_url,
    to_readings,
)
from tests.sync_helpers import make_xlsx

D = date


def source(tmp_path: Path, **fields: Any) -> SourceConfig:
    fields.setdefault("name", "test")
    fields.setdefault("where", "sync.toml: sources.test")
    return SourceConfig(base_dir=tmp_path, **fields)


def fetch(src: SourceConfig, **settings: Any) -> list[tuple[date, str, float, Any]]:
    return [(r.day, r.kpi, r.value, r.note) for r in fetch_readings(src, Settings(**settings))]


def test_csv_columns_are_mapped_case_insensitively(tmp_path: Path) -> None:
    (tmp_path / "nps.csv").write_text(
        "Metric ID;Day;Amount;Comment\nK1;01/11/2026;52,5;\nK1;14/11/2026;55%;wave 2\n"
        "K2;15/11/2026;;\n\n", encoding="utf-8")
    src = source(tmp_path, type="csv", path="nps.csv", kpi="metric_id", date="day",
                 value="amount", note="comment", delimiter=";", day_first=True)
    assert fetch(src) == [(D(2026, 11, 1), "K1", 52.5, None),
                          (D(2026, 11, 14), "K1", 0.55, "wave 2")]


def test_glob_reads_every_file_in_name_order(tmp_path: Path) -> None:
    for name, value in (("b-2026-11.csv", 2), ("a-2026-10.csv", 1)):
        (tmp_path / name).write_text(f"date,value\n2026-11-01,{value}\n", encoding="utf-8")
    src = source(tmp_path, type="csv", path="*.csv", kpi_id="K1")
    assert fetch(src) == [(D(2026, 11, 1), "K1", 2.0, None)]


def test_a_glob_with_no_match_is_no_readings(tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    src = source(tmp_path, type="csv", path="exports/*.csv", kpi_id="K1")
    assert fetch(src) == []
    assert "no file matches" in caplog.text


@pytest.mark.parametrize(("text", "message"), [
    ("date,kpi,value\n2026-11-01,K1,12\n2026-11-02,K1,twelve\n", "bad.csv line 3: "),
    ("date,kpi,value\n2026-13-45,K1,12\n", "bad.csv line 2: "),
    ("date,kpi,value\n2026-11-01,,12\n", "line 2: no a KPI ID"),
    ("day,kpi,value\n2026-11-01,K1,12\n", "no column 'date' for the date (columns: day, kpi"),
])
def test_a_bad_row_rejects_the_whole_source(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.csv").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        fetch(source(tmp_path, type="csv", path="bad.csv"))
    assert message.replace("no a", "no") in str(err.value).replace("no a", "no")


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        fetch(source(tmp_path, type="csv", path="gone.csv"))


def test_excel_export_with_a_range(tmp_path: Path) -> None:
    make_xlsx(tmp_path / "export.xlsx", {
        "Summary": [["nothing here"]],
        "Data": [["Weekly export"], [], ["When", "Metric", "Reading"],
                 [D(2026, 11, 2), "K1", 51], [D(2026, 11, 9), "K2", 33.5]],
    })
    src = source(tmp_path, type="excel", path="export.xlsx", range="Data!A3:C",
                 kpi="metric", date="when", value="reading")
    assert fetch(src) == [(D(2026, 11, 2), "K1", 51.0, None), (D(2026, 11, 9), "K2", 33.5, None)]


def test_a_range_of_another_workbook(tmp_path: Path) -> None:
    make_xlsx(tmp_path / "team.xlsx", {
        "KPI data": [["Team numbers", None, None, "ignored"],
                     ["Date", "KPI", "Value", "x"], [D(2026, 11, 3), "K1", 49, "x"],
                     [D(2026, 11, 4), "K1", 50, "x"], [D(2026, 11, 5), "K1", 99, "x"]],
    })
    src = source(tmp_path, type="sheet", source="team.xlsx", range="'KPI data'!A2:C4")
    assert fetch(src) == [(D(2026, 11, 3), "K1", 49.0, None), (D(2026, 11, 4), "K1", 50.0, None)]


def test_a_range_of_a_google_sheet(tmp_path: Path, sheets_api: Any,
                                   sheets_api_credentials: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_API_ENDPOINT", sheets_api.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(sheets_api_credentials))
    key = sheets_api.store.create_spreadsheet("Team", ["Numbers"])
    sheets_api.store.set_values(key, "Numbers", [["day", "nps"], ["2026-11-03", 49],
                                                 ["2026-11-04", 51]])
    paced: list[str] = []
    src = source(tmp_path, type="sheet", source=key, sheet="numbers", kpi_id="K1", date="day",
                 value="nps")
    readings = fetch_readings(src, Settings(), pace=paced.append)
    assert [(r.day, r.value) for r in readings] == [(D(2026, 11, 3), 49.0), (D(2026, 11, 4), 51.0)]
    assert paced == ["read"]


def test_sqlite_query_with_one_fixed_kpi(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "kpi.db") as db:
        db.execute("CREATE TABLE t (day TEXT, minutes INTEGER, at TIMESTAMP)")
        db.executemany("INSERT INTO t VALUES (?, ?, ?)", [("2026-11-10", 36, None),
                                                        ("2026-11-11", None, None)])
    db.close()
    src = source(tmp_path, type="sql", path="kpi.db", query="SELECT day, minutes FROM t",
                 kpi_id="K2", date="day", value="minutes")
    assert fetch(src) == [(D(2026, 11, 10), "K2", 36.0, None)]
    relative = source(tmp_path, type="sql", url="sqlite:///kpi.db", query="SELECT 1")
    assert sql_url(relative) == f"sqlite:///{tmp_path / 'kpi.db'}"


def test_sql_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SourceError, match="no such SQLite file"):
        fetch(source(tmp_path, type="sql", path="none.db", query="SELECT 1"))
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(sqlalchemy.exc.OperationalError) as err:
        fetch(source(tmp_path, type="sql", path="empty.db", query="SELECT * FROM nope"))
    assert not is_transient(err.value)
    with pytest.raises(SourceError, match="KPI_DB_URL"):
        fetch(source(tmp_path, type="sql", url_env="KPI_DB_URL", query="SELECT 1"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with pytest.raises(UsageError, match="PGPASSWORD not set"):
        fetch(source(tmp_path, type="sql", url="postgresql://a:${PGPASSWORD}@h/db",
                     query="SELECT 1"))


def test_a_missing_driver_is_reported_with_the_password_masked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_PW", "s3cret-pw")
    redactor = Redactor()
    src = source(tmp_path, type="sql", url="nosuchdb+nodriver://app:${DB_PW}@db/kpi",
                 query="SELECT 1")
    with pytest.raises(SourceError) as err:
        fetch_readings(src, Settings(), redactor)
    assert "nosuchdb+nodriver://app:***@db/kpi" in str(err.value)
    assert "s3cret-pw" not in str(err.value)
    assert redactor.redact("login app/s3cret-pw") == "login app/***"


def test_database_values_datetimes_and_decimals(tmp_path: Path) -> None:
    src = source(tmp_path, type="sql", url_env="X", query="q", kpi="m", date="at", value="v")
    rows = [("row 1", ["K1", datetime(2026, 11, 15, 8, 30), Decimal("58.25")]),
            ("row 2", ["K2", D(2026, 11, 14), 28])]
    assert [(r.day, r.kpi, r.value) for r in to_readings(src, ["M", "AT", "V"], rows)] == [
        (D(2026, 11, 15), "K1", 58.25), (D(2026, 11, 14), "K2", 28.0)]


def test_transient_errors() -> None:
    locked = sqlalchemy.exc.OperationalError("SELECT 1", {},
                                             sqlite3.OperationalError("database is locked"))
    refused = sqlalchemy.exc.OperationalError("connect", {}, OSError("Connection refused"))
    syntax = sqlalchemy.exc.OperationalError("SELEC", {},
                                             sqlite3.OperationalError('near "SELEC": syntax error'))
    assert is_transient(locked) and is_transient(refused)
    assert not is_transient(syntax)
    assert is_transient(OSError(5, "Input/output error"))
    assert is_transient(TimeoutError())
    assert not is_transient(FileNotFoundError(2, "No such file"))
    assert not is_transient(sqlalchemy.exc.ProgrammingError("x", {}, Exception("undefined")))
    assert not is_transient(SourceError("bad row"))


def test_parse_range() -> None:
    assert parse_range("A1:D100") == CellRange(None, 1, 1, 100, 4)
    assert parse_range("Data!B3") == CellRange("Data", 3, 2, None, None)
    assert parse_range("'It''s'!A:C") == CellRange("It's", 1, 1, None, 3)
    for bad in ("", "A1:", "1:2", "Data!", "A1:B2:C3"):
        with pytest.raises(ValueError):
            parse_range(bad)


def test_readings_are_plain_values(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("date,kpi,value\n2026-11-01T09:00:00,K1,(3)\n",
                                    encoding="utf-8")
    readings = fetch_readings(source(tmp_path, type="csv", path="x.csv"), Settings())
    assert readings == [Reading(D(2026, 11, 1), "K1", -3.0, None, "test")]
    assert not isinstance(readings[0].day, datetime)
