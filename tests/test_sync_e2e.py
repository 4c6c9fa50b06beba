"""End to end: `sheets-okr sync` over an Excel workbook and a Google Sheet (on the local
Sheets API server) fed by CSV, SQLite and PostgreSQL sources, run twice."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url

from sheets_okr.cli import cli
from tests import conftest_postgres
from tests.sync_helpers import (
    AS_OF,
    HISTORY,
    by_id,
    gsheet_rows,
    load_postgres,
    make_gsheet,
    make_sources,
    make_xlsx,
    options,
    tabs,
    xlsx_rows,
)

D = date
postgres_url = conftest_postgres.postgres_url  # usable also where the plugin is not registered


@pytest.fixture
def world(tmp_path: Path, sheets_api: Any, sheets_api_credentials: Path, postgres_url: str,
          monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Sources, an Excel workbook, a Google Sheet and the pieces of a config."""
    monkeypatch.setenv("SHEETS_OKR_API_ENDPOINT", sheets_api.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(sheets_api_credentials))
    url = make_url(postgres_url)
    monkeypatch.setenv("CRM_PASSWORD", url.password or "")
    load_postgres(postgres_url)
    make_sources(tmp_path)
    xlsx = make_xlsx(tmp_path / "goals.xlsx", tabs())
    sheet_history = HISTORY + [[D(2026, 11, 1), "K1", 50, "typed by Ana"]]
    key = make_gsheet(sheets_api, tabs(sheet_history))
    crm = (f"postgresql+psycopg://{url.username}:${{CRM_PASSWORD}}@{url.host}:{url.port}/"
           f"{url.database}")
    sources = f"""
[sources.nps]
type = "csv"
path = "exports/nps-*.csv"
kpi = "metric_id"
date = "day"
value = "amount"
note = "comment"

[sources.reply]
type = "sql"
path = "support.db"
query = "SELECT day, minutes FROM reply_times"
kpi_id = "K2"
date = "day"
value = "minutes"

[sources.crm]
type = "sql"
url = "{crm}"
query = "SELECT metric, measured_on, val FROM kpi_readings ORDER BY measured_on"
kpi = "metric"
date = "measured_on"
value = "val"

[sources.broken]
type = "sql"
url = "{crm}"
query = "SELECT metric, measured_on, val FROM no_such_table"
kpi = "metric"
date = "measured_on"
value = "val"
"""
    return {"tmp": tmp_path, "xlsx": xlsx, "key": key, "server": sheets_api,
            "password": url.password, "sources": sources}


def write_config(world: dict[str, Any], excel_uses: str, sheet_uses: str,
                 **sync: Any) -> Path:
    text = options(**sync) + world["sources"] + f"""
[[workbooks]]
name = "excel-goals"
source = "goals.xlsx"
as_of = {AS_OF.isoformat()}
use = [{excel_uses}]

[[workbooks]]
name = "sheet-goals"
source = "https://docs.google.com/spreadsheets/d/{world['key']}/edit#gid=0"
as_of = {AS_OF.isoformat()}
use = [{sheet_uses}]
"""
    path = world["tmp"] / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def sync(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["sync", str(config), *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_snapshot(world: dict[str, Any]) -> dict[str, Any]:
    server, key = world["server"], world["key"]
    return {t: server.store.get_values(key, t)
            for t in [s.properties["title"] for s in server.store.spreadsheet(key).sheets]}


ALL = '"nps", "reply", "crm"'


def test_sync_twice_brings_new_readings_then_writes_nothing(world: dict[str, Any]) -> None:
    config = write_config(world, ALL, ALL)
    server = world["server"]

    first = sync(config, "--verbose")
    assert first.exit_code == 0, first.output + first.stderr
    assert server.count("write") == 1

    assert xlsx_rows(world["xlsx"], "KPI History") == [
        ["Date", "KPI", "Value", "Note"],
        [D(2026, 10, 1), "K1", 45, None],
        [D(2026, 10, 1), "K2", 44, None],
        [D(2026, 11, 1), "K1", 52, None],
        [D(2026, 11, 10), "K2", 36, None],
        [D(2026, 11, 14), "K1", 55, "survey wave 2"],
        [D(2026, 11, 14), "K2", 28, None],
        [D(2026, 11, 15), "K1", 58, None],
    ]
    assert gsheet_rows(server, world["key"], "KPI History", date_cols=(1,)) == [
        ["Date", "KPI", "Value", "Note"],
        [D(2026, 10, 1), "K1", 45, None],
        [D(2026, 10, 1), "K2", 44, None],
        [D(2026, 11, 1), "K1", 52, "typed by Ana"],
        [D(2026, 11, 10), "K2", 36, None],
        [D(2026, 11, 14), "K1", 55, "survey wave 2"],
        [D(2026, 11, 14), "K2", 28, None],
        [D(2026, 11, 15), "K1", 58, None],
    ]
    # K1: latest 58 misses the target 60 but is within the warning level 50 -> warning.
    # K2 (lower is better): latest 28 meets the target 30 -> healthy.
    # KR1 takes K1's latest: (58 - 40) / (60 - 40) = 0.9. KR2: (28 - 48) / (30 - 48) = 1.11,
    # clamped to 1 -> achieved. O1 = mean(0.9, 1.0) = 0.95.
    for kpis, krs, objectives in (
        (xlsx_rows(world["xlsx"], "KPIs"), xlsx_rows(world["xlsx"], "Key Results"),
         xlsx_rows(world["xlsx"], "Objectives")),
        (gsheet_rows(server, world["key"], "KPIs"),
         gsheet_rows(server, world["key"], "Key Results"),
         gsheet_rows(server, world["key"], "Objectives")),
    ):
        assert by_id(kpis, "Latest") == {"K1": 58, "K2": 28}
        assert by_id(kpis, "Health") == {"K1": "warning", "K2": "healthy"}
        assert by_id(krs, "Score") == {"KR1": pytest.approx(0.9), "KR2": 1}
        assert by_id(krs, "Progress")["KR2"] == pytest.approx(20 / 18)
        assert by_id(krs, "Status")["KR2"] == "achieved"
        assert by_id(objectives, "Score") == {"O1": pytest.approx(0.95)}

    log = first.stderr
    assert "[excel-goals] readings 5 added, 0 updated, 2 already there;" in log
    assert "[sheet-goals] readings 4 added, 1 updated, 2 already there;" in log
    assert "[sheet-goals] K1 on 2026-11-01: 50 -> 52 (nps)" in log
    assert "okr:***@127.0.0.1" in log
    assert world["password"] not in log

    before = digest(world["xlsx"])
    server.clear_log()
    second = sync(config)
    assert second.exit_code == 0, second.stderr
    assert server.count("write") == 0
    assert digest(world["xlsx"]) == before
    assert "[excel-goals] readings 0 added, 0 updated, 7 already there; 0 cells written" \
        in second.stderr
    assert "[sheet-goals] readings 0 added, 0 updated, 7 already there; 0 cells written" \
        in second.stderr


def test_failing_source_is_reported_and_the_others_are_synced(world: dict[str, Any]) -> None:
    (world["tmp"] / "exports" / "nps-2026-12.csv").write_text(
        "day,metric_id,amount\n2026-12-01,K1,61\n2026-12-02,K1,lots\n", encoding="utf-8")
    config = write_config(world, '"reply"', '"reply", "broken", "nps"')

    result = sync(config)

    assert result.exit_code == 2  # a bad line and a query naming a missing table: to fix
    log = result.stderr
    assert "[sheet-goals] source 'broken' failed: UndefinedTable" in log
    assert "[sheet-goals] source 'nps' failed:" in log and "line 3" in log
    assert "sync done with failures" in log
    assert world["password"] not in log
    # Excel: fully updated from its own source.
    history = xlsx_rows(world["xlsx"], "KPI History")
    assert history[-1] == [D(2026, 11, 10), "K2", 36, None]
    assert by_id(xlsx_rows(world["xlsx"], "KPIs"), "Latest") == {"K1": 45, "K2": 36}
    # Google Sheet: merged with the source that worked and recomputed in the same write;
    # nothing from the failing ones (the bad CSV row keeps its whole file out).
    sheet = gsheet_rows(world["server"], world["key"], "KPI History", date_cols=(1,))
    assert sheet[-1] == [D(2026, 11, 10), "K2", 36, None]
    assert len(sheet) == 5
    assert by_id(gsheet_rows(world["server"], world["key"], "KPIs"), "Latest") == {
        "K1": 50, "K2": 36}


def test_skip_workbook_policy_leaves_it_untouched(world: dict[str, Any]) -> None:
    config = write_config(world, ALL, '"nps", "broken"', on_source_error="skip-workbook")
    before = sheet_snapshot(world)

    result = sync(config)

    assert result.exit_code == 2
    assert "[sheet-goals] left unchanged because a source failed" in result.stderr
    assert sheet_snapshot(world) == before
    assert world["server"].count("write") == 0
    assert by_id(xlsx_rows(world["xlsx"], "KPIs"), "Latest") == {"K1": 58, "K2": 28}


def test_write_failing_after_retries_leaves_the_sheet_unchanged(world: dict[str, Any]) -> None:
    config = write_config(world, ALL, ALL)
    before = sheet_snapshot(world)
    world["server"].inject_errors(503, count=2, match=":batchUpdate")

    result = sync(config)

    assert result.exit_code == 1
    assert "[sheet-goals] failed, workbook not changed:" in result.stderr
    assert sheet_snapshot(world) == before
    assert by_id(xlsx_rows(world["xlsx"], "KPIs"), "Latest") == {"K1": 58, "K2": 28}

    world["server"].clear_log()
    again = sync(config)
    assert again.exit_code == 0, again.stderr
    assert by_id(gsheet_rows(world["server"], world["key"], "KPIs"), "Latest") == {
        "K1": 58, "K2": 28}
