"""The Google Sheets backend when things go wrong: rate limits and server errors (retried
with backoff, then exit 3 with nothing written), and people editing the sheet while a
recompute runs (rows moved: re-read once, then refuse; inputs edited: never overwritten)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from sheets_okr.errors import RemoteError
from sheets_okr.io import open_backend
from sheets_okr.io.gsheets import GSheetsBackend
from sheets_okr.run import recompute
from tests.example_results import EXPECTED, SCORES
from tests.gsheets_helpers import (
    api_requests,
    operation,
    read_tab,
    recompute_json,
    run_cli,
    tab_titles,
)
from tests.sheets_api.server import RequestRecord, SheetsApiServer
from tests.sheets_api.store import Store

AS_OF = date(2026, 11, 15)
EXAMPLE_TABS = ["Objectives", "Key Results", "Initiatives", "KPIs", "KPI History", "ROI",
                "Funnel"]
NEW_KR = ["KR11", "O3", "Publish 12 customer stories", "Cleo Park", "", 0, 12, 9]


def is_read(record: RequestRecord) -> bool:
    return operation(record) == "get"


def is_id_check(record: RequestRecord) -> bool:
    return operation(record) == "batchGet"


def contents(server: SheetsApiServer, key: str) -> dict[str, Any]:
    """Everything a write could change: every tab's values, charts and colour rules."""
    out: dict[str, Any] = {}
    for title in tab_titles(server, key):
        sheet = server.store.sheet(key, title)
        out[title] = (read_tab(server, key, title), len(sheet.charts),
                      len(sheet.conditional_formats))
    return out


def statuses(server: SheetsApiServer) -> list[tuple[str, int]]:
    return [(operation(r), r.status) for r in server.requests_log if r.kind != "auth"]


def read_times(server: SheetsApiServer, status: int, count: int,
               retry_after: float | None = None) -> list[float]:
    """Fail the next ``count`` reads with ``status``; the times every read arrives at."""
    seen: list[float] = []

    def failing_read(record: RequestRecord) -> bool:
        if is_read(record):
            seen.append(time.perf_counter())
            return True
        return False

    server.inject_errors(status, count=count, match=failing_read, retry_after=retry_after)
    server.on_request(lambda record, store: seen.append(time.perf_counter()), match=is_read)
    return seen


@pytest.mark.parametrize("status", [429, 500, 503])
def test_read_errors_are_retried_with_backoff(server: SheetsApiServer, example: str,
                                              status: int) -> None:
    seen = read_times(server, status, 2)
    result = recompute(GSheetsBackend(example, retries=2, base_delay=0.05), AS_OF)
    assert statuses(server) == [("get", status), ("get", status), ("get", 200),
                                ("batchGet", 200), ("batchUpdate", 200), ("batchGet", 200)]
    assert len(seen) == 3
    assert seen[1] - seen[0] >= 0.05 / 2
    assert seen[2] - seen[1] >= 0.1 / 2
    assert result.cells_written == 692  # 132 in History, 6 in the state tab
    assert [o["score"] for o in result.analysis.objectives()] == [0.2222, 0.575, 0.725, 0.375]


def test_retry_after_is_honoured(server: SheetsApiServer, example: str) -> None:
    seen = read_times(server, 429, 1, retry_after=0.5)
    recompute(open_backend(example, retries=1, base_delay=0.001), AS_OF)
    assert statuses(server)[:2] == [("get", 429), ("get", 200)]
    assert len(seen) == 2
    assert seen[1] - seen[0] >= 0.5


def test_errors_past_the_retries_raise(server: SheetsApiServer, example: str) -> None:
    before = contents(server, example)
    server.inject_errors(500, count=3, match=is_read)
    with pytest.raises(RemoteError, match=r"failed to read the spreadsheet after retries "
                                          r"\(500 Internal error encountered\.\)"):
        recompute(GSheetsBackend(example, retries=2, base_delay=0.01), AS_OF)
    assert statuses(server) == [("get", 500)] * 3
    assert contents(server, example) == before


def test_bad_request_is_not_retried(server: SheetsApiServer, example: str) -> None:
    server.inject_errors(400, count=1, match=is_read, message="Unable to parse range")
    code, out, err = run_cli("recompute", example)
    assert (code, out) == (2, "")
    assert err == ("Error: the Sheets API refused to read the spreadsheet: "
                   "Unable to parse range\n")
    assert statuses(server) == [("get", 400)]


def test_persistent_server_error_on_read_exits_3(server: SheetsApiServer, example: str) -> None:
    before = contents(server, example)
    server.inject_errors(503, count=100, match=is_read, retry_after=0.01)
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (3, "")
    assert err == ("Error: the Sheets API failed to read the spreadsheet after retries "
                   "(503 The service is currently unavailable.)\n")
    assert statuses(server) == [("get", 503)] * 6
    assert server.count(kind="write") == 0
    assert contents(server, example) == before


def test_persistent_rate_limit_on_write_exits_3(server: SheetsApiServer, example: str) -> None:
    before = contents(server, example)
    server.inject_errors(429, count=100, match=":batchUpdate", retry_after=0.01)
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (3, "")
    assert err.startswith("Error: the Sheets API failed to write the spreadsheet after "
                          "retries (429 Quota exceeded")
    assert len(err.splitlines()) == 1
    assert statuses(server) == [("get", 200), ("batchGet", 200)] + [("batchUpdate", 429)] * 6
    assert contents(server, example) == before
    assert tab_titles(server, example) == EXAMPLE_TABS


def test_failed_batch_leaves_nothing_half_written(server: SheetsApiServer, example: str) -> None:
    before = contents(server, example)

    def break_last(record: RequestRecord, store: Store) -> None:
        record.body["requests"].append({"deleteSheet": {"sheetId": 999_999}})

    server.on_request(break_last, match=":batchUpdate", once=True)
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (2, "")
    assert err.startswith("Error: the Sheets API refused to write the spreadsheet: Invalid "
                          "requests[")
    assert contents(server, example) == before
    assert recompute_json(example)["cells_written"] == 692  # 132 in History, 6 in the state tab


def insert_row_on_top(key: str):
    def move(record: RequestRecord, store: Store) -> None:
        store.insert_rows(key, "Key Results", 1, [NEW_KR])
    return move


def delete_first_row(key: str):
    def move(record: RequestRecord, store: Store) -> None:
        store.delete_rows(key, "Key Results", 1)
    return move


def sort_by_title(key: str):
    def move(record: RequestRecord, store: Store) -> None:
        store.sort_rows(key, "Key Results", 2)
    return move


def scores_by_id(server: SheetsApiServer, key: str) -> dict[str, Any]:
    rows = read_tab(server, key, "Key Results")
    col = rows[0].index("Score")
    return {row[0]: row[col] for row in rows[1:]}


@pytest.mark.parametrize("move, ids", [
    (insert_row_on_top, ["KR11", *SCORES]),
    (delete_first_row, [k for k in SCORES if k != "KR1"]),
    (sort_by_title, None),
])
def test_rows_moved_before_the_write_are_read_again(server: SheetsApiServer, example: str,
                                                    move, ids) -> None:
    server.on_request(move(example), match=is_id_check, once=True)
    summary = recompute_json(example)
    assert api_requests(server) == ["get", "batchGet", "get", "batchGet", "batchUpdate",
                                    "batchGet"]
    rows = read_tab(server, example, "Key Results")
    if ids is not None:
        assert [row[0] for row in rows[1:]] == ids
    else:
        titles = [row[2] for row in rows[1:]]
        assert titles == sorted(titles)
    expected = dict(SCORES, KR11=0.75)
    assert scores_by_id(server, example) == {
        k: pytest.approx(expected[k]) for k in (ids or SCORES)}
    col = rows[0].index("Expected")
    assert [row[col] for row in rows[1:]] == [pytest.approx(EXPECTED)] * (len(rows) - 1)
    server.clear_log()
    assert recompute_json(example)["cells_written"] == 0
    assert summary["cells_written"] > 0


def test_rows_that_keep_moving_are_refused(server: SheetsApiServer, example: str) -> None:
    server.on_request(insert_row_on_top(example), match=is_id_check)
    before = {t: read_tab(server, example, t) for t in EXAMPLE_TABS if t != "Key Results"}
    code, out, err = run_cli("recompute", example, "--as-of", "2026-11-15")
    assert (code, out) == (2, "")
    assert err == ("Error: rows were moved or inserted while sheets-okr was computing, twice; "
                   "nothing was written. Run again when editing settles\n")
    assert api_requests(server) == ["get", "batchGet", "get", "batchGet"]
    assert server.count(kind="write") == 0
    assert tab_titles(server, example) == EXAMPLE_TABS
    rows = read_tab(server, example, "Key Results")
    assert [row[0] for row in rows[:3]] == ["ID", "KR11", "KR11"]
    assert max(len(row) for row in rows) == 11
    assert {t: read_tab(server, example, t) for t in before} == before


@pytest.mark.parametrize("match", [is_id_check, ":batchUpdate"])
def test_input_edited_during_the_run_is_kept(server: SheetsApiServer, example: str,
                                             match) -> None:
    recompute_json(example)

    def edit(record: RequestRecord, store: Store) -> None:
        store.set_values(example, "Key Results", [[80]], start="H6")

    server.on_request(edit, match=match, once=True)
    server.store.set_values(example, "Key Results", [[0.28]], start="H7")
    summary = recompute_json(example)
    assert summary["cells_written"] > 0
    rows = read_tab(server, example, "Key Results")
    assert [rows[5][:8], rows[6][7]] == [
        ["KR5", "O2", "Host 100 product demos", "Fay Chen", None, 0, 100, 80], 0.28]
    assert rows[6][11:13] == [pytest.approx(0.8), pytest.approx(0.8)]
    assert rows[5][11:13] == [pytest.approx(0.45), pytest.approx(0.45)]
    recompute_json(example)
    rows = read_tab(server, example, "Key Results")
    assert rows[5][7] == 80
    assert rows[5][11:13] == [pytest.approx(0.8), pytest.approx(0.8)]
