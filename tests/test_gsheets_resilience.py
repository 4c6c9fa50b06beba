"""The Google Sheets path when the network or people get in the way, over real HTTP against
the local server: a stalled server ends the run (exit 3) instead of hanging it, a long
Retry-After is not slept, a write whose answer was lost is recognised once it landed,
rows moved between the ID check and the write get their results put right in the same
run, and a reading typed meanwhile is never written over."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sheets_okr.io.filelock import lock_file_for_key
from sheets_okr.templates import example_tables
from tests.example_results import SCORES
from tests.gsheets_helpers import (
    api_requests,
    operation,
    put_tables,
    read_tab,
    recompute_json,
    run_cli,
    tab_titles,
)
from tests.sheets_api.server import RequestRecord, SheetsApiServer
from tests.sheets_api.store import Store
from tests.sync_helpers import gsheet_rows, make_gsheet, options, tabs
from tests.test_gsheets_faults import delete_first_row, insert_row_on_top, sort_by_title

EXAMPLE_TABS = ["Objectives", "Key Results", "Initiatives", "KPIs", "KPI History", "ROI",
                "Funnel"]
FIRST_RUN_CELLS = 692
"""132 of them in the History tab, 3 the Dashboard title's state row, 3 the texts' one."""


def is_read(record: RequestRecord) -> bool:
    return operation(record) == "get"


def is_write(record: RequestRecord) -> bool:
    return operation(record) == "batchUpdate"


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    return tmp_path


def scores_by_id(server: SheetsApiServer, key: str) -> dict[str, Any]:
    rows = read_tab(server, key, "Key Results")
    col = rows[0].index("Score")
    return {row[0]: row[col] for row in rows[1:]}


def everything(server: SheetsApiServer, key: str) -> dict[str, Any]:
    return {t: read_tab(server, key, t) for t in tab_titles(server, key)}


# 5. A stalled server, a long Retry-After ---------------------------------------------------


def test_a_stalled_server_ends_the_run_with_exit_3_and_releases_the_lock(
        server: SheetsApiServer, example: str, runtime: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_READ_TIMEOUT", "0.3")
    monkeypatch.setenv("SHEETS_OKR_MAX_WAIT", "2")
    before = everything(server, example)
    server.inject_fault(count=100, match=is_read, stall=30, drop="before")
    started = time.monotonic()
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    took = time.monotonic() - started
    assert (code, out) == (3, "")
    assert err == ("Error: the Google Sheets API did not answer within 2 s "
                   "(SHEETS_OKR_MAX_WAIT); nothing more was sent\n")
    assert took < 8
    assert server.count(kind="write") == 0
    assert not lock_file_for_key(example).exists()
    server.clear_faults()
    assert everything(server, example) == before
    assert recompute_json(example)["cells_written"] == FIRST_RUN_CELLS


def test_every_attempt_waits_no_longer_than_the_read_timeout(
        server: SheetsApiServer, example: str, runtime: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_READ_TIMEOUT", "0.3")
    server.inject_fault(count=2, match=is_read, stall=30, drop="before")
    started = time.monotonic()
    summary = recompute_json(example)
    assert time.monotonic() - started < 10
    assert summary["cells_written"] == FIRST_RUN_CELLS
    assert api_requests(server)[:3] == ["get", "get", "get"]


def test_a_retry_after_beyond_the_cap_is_not_slept(server: SheetsApiServer, example: str,
                                                  runtime: Path) -> None:
    server.inject_errors(429, count=1, match=is_read, retry_after=3600)
    started = time.monotonic()
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert time.monotonic() - started < 5
    assert (code, out) == (3, "")
    assert err == ("Error: the Sheets API asks to wait 3600 s before trying again, more than "
                   "120 s (SHEETS_OKR_MAX_RETRY_AFTER); nothing more was sent, run again "
                   "later\n")
    assert server.count(kind="write") == 0
    assert not lock_file_for_key(example).exists()


def test_the_retry_after_cap_is_settable(server: SheetsApiServer, example: str, runtime: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_MAX_RETRY_AFTER", "0.5")
    server.inject_errors(429, count=1, match=is_read, retry_after=2)
    code, _, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert code == 3
    assert "asks to wait 2 s before trying again, more than 0.5 s" in err


@pytest.mark.parametrize("name", ["SHEETS_OKR_READ_TIMEOUT", "SHEETS_OKR_MAX_WAIT"])
def test_a_wrong_timeout_setting_is_refused(server: SheetsApiServer, example: str,
                                            runtime: Path, monkeypatch: pytest.MonkeyPatch,
                                            name: str) -> None:
    monkeypatch.setenv(name, "soon")
    code, _, err = run_cli("recompute", example)
    assert code == 2
    assert err == f"Error: {name}='soon': give a number of seconds above 0\n"
    assert server.count() == 0


# 6. A write whose answer was lost ----------------------------------------------------------


def test_a_write_that_landed_before_the_connection_reset_is_reported_done(
        server: SheetsApiServer, example: str, runtime: Path) -> None:
    server.inject_fault(match=is_write, drop="after")
    summary = recompute_json(example)
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "get"]
    assert summary["cells_written"] == FIRST_RUN_CELLS
    assert tab_titles(server, example) == [*EXAMPLE_TABS, "Flags", "History", "Dashboard",
                                           "_sheets_okr"]
    assert scores_by_id(server, example) == pytest.approx(SCORES)
    server.clear_log()
    assert recompute_json(example)["cells_written"] == 0
    assert server.count(kind="write") == 0


def test_a_write_lost_before_it_reached_the_server_is_sent_again(
        server: SheetsApiServer, example: str, runtime: Path) -> None:
    server.inject_fault(match=is_write, drop="before")
    summary = recompute_json(example)
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "get", "batchGet",
                                    "batchUpdate", "batchGet"]
    assert summary["cells_written"] == FIRST_RUN_CELLS
    assert scores_by_id(server, example) == pytest.approx(SCORES)
    assert recompute_json(example)["cells_written"] == 0


def test_a_write_that_timed_out_and_landed_late_is_not_sent_twice(
        server: SheetsApiServer, example: str, runtime: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_READ_TIMEOUT", "0.5")
    server.inject_fault(match=is_write, stall=0.8, drop=None)
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15", "--format", "json")
    assert code == 0, err
    assert tab_titles(server, example).count("Flags") == 1
    assert scores_by_id(server, example) == pytest.approx(SCORES)
    assert recompute_json(example)["cells_written"] == 0


# 7. Rows that move while the results are being written -----------------------------------


@pytest.mark.parametrize("move", [insert_row_on_top, delete_first_row, sort_by_title])
@pytest.mark.parametrize("first_run", [True, False])
def test_rows_moved_between_the_check_and_the_write_get_their_results_right(
        server: SheetsApiServer, example: str, runtime: Path, move, first_run) -> None:
    calm = put_tables(server, "The same, edited while nothing ran",
                      example_tables(date(2026, 11, 15)))
    for key in (example, calm):
        if not first_run:
            recompute_json(key)
            server.store.set_values(key, "Key Results", [[0.28]], start="H7")
    move(calm)(None, server.store)
    recompute_json(calm)
    server.clear_log()
    server.on_request(move(example), match=is_write, once=True)
    summary = recompute_json(example)
    assert api_requests(server) == ["get", "batchGet", "batchUpdate", "batchGet",
                                    "get", "batchGet", "batchUpdate", "batchGet"]
    assert summary["cells_written"] > 0
    shown = [*EXAMPLE_TABS, "Flags", "Dashboard"]
    assert {t: read_tab(server, example, t) for t in shown} == {
        t: read_tab(server, calm, t) for t in shown}
    expected = dict(SCORES, KR11=0.75, **({} if first_run else {"KR6": 0.8}))
    assert scores_by_id(server, example) == {
        k: pytest.approx(expected[k]) for k in scores_by_id(server, example)}
    rows = read_tab(server, example, "Key Results")
    assert all(row[0] for row in rows[1:])
    assert not [f for f in read_tab(server, example, "Flags") if f and f[0] == "OKR119"]
    server.clear_log()
    assert recompute_json(example)["cells_written"] == 0


def test_rows_moving_on_every_write_end_the_run_saying_so(
        server: SheetsApiServer, example: str, runtime: Path) -> None:
    hook = server.on_request(insert_row_on_top(example), match=is_write)
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (2, "")
    assert err == ("Error: rows kept moving while sheets-okr was computing and writing; "
                   "some results may sit on rows that moved. Run again when editing "
                   "settles\n")
    server.remove_hook(hook)
    rows = read_tab(server, example, "Key Results")
    assert [row[0] for row in rows[1:]] == ["KR11"] * 5 + list(SCORES)


# Sync: readings appended, never written over ---------------------------------------------


NPS = "day,metric_id,amount,comment\n2026-11-01,K1,52,\n2026-11-14,K1,55,survey wave 2\n"


def sync_config(tmp_path: Path, key: str) -> Path:
    (tmp_path / "nps.csv").write_text(NPS, encoding="utf-8")
    text = options() + f"""
[sources.nps]
type = "csv"
path = "nps.csv"
kpi = "metric_id"
date = "day"
value = "amount"
note = "comment"

[[workbooks]]
name = "sheet"
source = "{key}"
as_of = 2026-11-15
use = ["nps"]
"""
    path = tmp_path / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reading_typed_between_the_check_and_the_write_is_kept_with_its_note(
        server: SheetsApiServer, runtime: Path, tmp_path: Path) -> None:
    key = make_gsheet(server, tabs())

    def person_types(record: RequestRecord, store: Store) -> None:
        store.set_values(key, "KPI History", [["2026-11-05", "K2", 39, "typed by Ana"]],
                         start="A4")

    server.on_request(person_types, match=is_write, once=True)
    code, _, err = run_cli("sync", str(sync_config(tmp_path, key)))
    assert code == 0, err
    assert gsheet_rows(server, key, "KPI History", date_cols=(1,)) == [
        ["Date", "KPI", "Value", "Note"],
        [date(2026, 10, 1), "K1", 45, None], [date(2026, 10, 1), "K2", 44, None],
        [date(2026, 11, 5), "K2", 39, "typed by Ana"],
        [date(2026, 11, 1), "K1", 52, None], [date(2026, 11, 14), "K1", 55, "survey wave 2"]]
    assert server.count(kind="write") == 1


def test_a_sync_write_that_landed_before_a_reset_adds_no_reading_twice(
        server: SheetsApiServer, runtime: Path, tmp_path: Path) -> None:
    key = make_gsheet(server, tabs())
    server.inject_fault(match=is_write, drop="after")
    code, _, err = run_cli("sync", str(sync_config(tmp_path, key)))
    assert code == 0, err
    assert "readings 2 added" in err
    rows = gsheet_rows(server, key, "KPI History", date_cols=(1,))
    assert len(rows) == 5
    assert server.count(kind="write") == 1
    code, _, err = run_cli("sync", str(sync_config(tmp_path, key)))
    assert code == 0 and "2 already there" in err
    assert len(gsheet_rows(server, key, "KPI History")) == 5
