"""``watch`` on a Google Sheet, end to end against the local Sheets API server: an edit is
recomputed within one interval plus the quiet period, nothing is read in full or written
while nothing changes, the tool's own write is not taken for an edit, and quota errors
slow the probes down."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from sheets_okr.config import Settings
from sheets_okr.watch import Watcher, WatchOptions, targets_for
from tests.gsheets_helpers import counts, operation, read_tab, set_cell
from tests.sheets_api.server import SheetsApiServer

INTERVAL = 0.4
QUIET = 0.6


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> float:
    """Poll ``condition`` until true; the monotonic time it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.fixture
def watching(server: SheetsApiServer, example: str) -> Iterator[Watcher]:
    options = WatchOptions(interval=INTERVAL, quiet=QUIET)
    watcher = Watcher(targets_for([("okrs", example)], Settings(), options), options)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    yield watcher
    watcher.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def full_reads(server: SheetsApiServer) -> list[float]:
    return [r.at for r in list(server.requests_log)
            if r.kind != "auth" and operation(r) == "get"]


def test_idle_sheet_costs_one_probe_per_interval_and_own_write_is_not_an_edit(
        server: SheetsApiServer, example: str, watching: Watcher) -> None:
    target = watching.targets[0]
    wait_for(lambda: target.runs == 1)
    assert counts(server)["batchUpdate"] == 1  # the first run wrote the scores
    server.clear_log()
    time.sleep(INTERVAL * 8)
    seen = counts(server)
    assert seen["get"] == 0 and seen["batchGet"] == 0 and seen["batchUpdate"] == 0
    probes = [r for r in server.requests_log if r.kind == "drive"]
    assert 5 <= len(probes) <= 10
    assert all(r.method == "GET" and "modifiedTime" in (r.param("fields") or "")
               for r in probes)
    assert target.runs == 1


def test_an_edit_is_recomputed_within_an_interval_and_the_quiet_period(
        server: SheetsApiServer, example: str, watching: Watcher) -> None:
    target = watching.targets[0]
    wait_for(lambda: target.runs == 1)
    time.sleep(INTERVAL * 2)
    server.clear_log()
    edited = time.monotonic()
    set_cell(server, example, "Key Results", "H6", 90)  # KR5: 45 -> 90 of 100
    wait_for(lambda: target.runs == 2)
    started = full_reads(server)
    assert len(started) == 1
    assert started[0] - edited <= INTERVAL + QUIET + 0.3
    assert started[0] - edited >= QUIET - 0.05  # the quiet period was waited out
    kr = read_tab(server, example, "Key Results")
    header = kr[0]
    assert kr[5][header.index("Score")] == pytest.approx(0.9)
    server.clear_log()
    time.sleep(INTERVAL * 6)
    assert counts(server)["get"] == 0 and counts(server)["batchUpdate"] == 0
    assert target.runs == 2


def test_edits_in_progress_are_waited_out(server: SheetsApiServer, example: str,
                                          watching: Watcher) -> None:
    target = watching.targets[0]
    wait_for(lambda: target.runs == 1)
    for value in (50, 60, 70, 80):  # typing faster than the quiet period
        set_cell(server, example, "Key Results", "H6", value)
        last = time.monotonic()
        time.sleep(QUIET / 2)
    wait_for(lambda: target.runs == 2)
    time.sleep(INTERVAL + QUIET + 0.5)
    assert target.runs == 2
    reads = full_reads(server)
    assert reads[-1] >= last + QUIET - 0.05
    kr = read_tab(server, example, "Key Results")
    assert kr[5][kr[0].index("Score")] == pytest.approx(0.8)


def test_quota_errors_back_off(server: SheetsApiServer, example: str,
                               watching: Watcher) -> None:
    target = watching.targets[0]
    wait_for(lambda: target.runs == 1)
    server.clear_log()
    server.inject_errors(429, count=3, match="/drive/v3/files")
    wait_for(lambda: sum(1 for r in server.requests_log if r.kind == "drive") >= 5,
             timeout=20)
    probes = [r for r in server.requests_log if r.kind == "drive"][:5]
    assert [r.status for r in probes] == [429, 429, 429, 200, 200]
    gaps = [b.at - a.at for a, b in zip(probes, probes[1:], strict=False)]
    # 2, 4 and 8 intervals after the failures, one interval once answered again
    assert gaps[0] >= 2 * INTERVAL - 0.05 and gaps[1] >= 4 * INTERVAL - 0.05
    assert gaps[2] >= 8 * INTERVAL - 0.05
    assert gaps[3] < 2 * INTERVAL
    assert target.runs == 1


def test_drive_version_grows_by_one_with_each_change(server: SheetsApiServer,
                                                     example: str) -> None:
    from sheets_okr.io import open_backend
    from sheets_okr.run import recompute

    target = targets_for([("okrs", example)], Settings(), WatchOptions())[0]
    first = target.probe()
    assert first.version is not None and first.modified
    set_cell(server, example, "Key Results", "H6", 90)
    second = target.probe()
    assert second.version == first.version + 1
    result = recompute(open_backend(example))
    assert result.cells_written > 0 and counts(server)["batchUpdate"] == 1
    assert target.probe().version == second.version + 1
    assert target.probe().version == second.version + 1  # a probe changes nothing


def test_an_edit_between_the_last_check_and_the_write_is_recomputed(
        server: SheetsApiServer, example: str) -> None:
    options = WatchOptions(interval=INTERVAL, quiet=QUIET)
    target = targets_for([("okrs", example)], Settings(), options)[0]
    real = target.probe
    calls = []

    def probe() -> object:
        stamp = real()
        calls.append(stamp)
        if len(calls) == 2:  # the check just before the first run's write
            set_cell(server, example, "Key Results", "H6", 90)  # KR5: 45 -> 90 of 100
        return stamp

    target.probe = probe
    watcher = Watcher([target], options)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        wait_for(lambda: target.runs == 2, timeout=INTERVAL * 10 + QUIET)
        kr = read_tab(server, example, "Key Results")
        assert kr[5][kr[0].index("Score")] == pytest.approx(0.9)
        time.sleep(INTERVAL * 4 + QUIET)
        assert target.runs == 2  # and no run after that
    finally:
        watcher.stop()
        thread.join(timeout=10)


def test_an_edit_waits_for_another_runs_lock(server: SheetsApiServer, example: str) -> None:
    from sheets_okr.io.filelock import hold_file_lock, lock_file_for_key
    from sheets_okr.io.gsheets import spreadsheet_key

    options = WatchOptions(interval=INTERVAL, quiet=QUIET, lock_timeout=0.2)
    watcher = Watcher(targets_for([("okrs", example)], Settings(), options), options)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    target = watcher.targets[0]
    try:
        wait_for(lambda: target.runs == 1)
        with hold_file_lock(lock_file_for_key(spreadsheet_key(example)), 0, "test"):
            server.clear_log()
            set_cell(server, example, "Key Results", "H6", 80)
            wait_for(lambda: target.runs >= 3)  # tried, found it busy, tried again
            assert counts(server)["batchUpdate"] == 0 and full_reads(server) == []
        wait_for(lambda: counts(server)["batchUpdate"] == 1)
        kr = read_tab(server, example, "Key Results")
        assert kr[5][kr[0].index("Score")] == pytest.approx(0.8)
        time.sleep(INTERVAL * 4)
        assert counts(server)["batchUpdate"] == 1
    finally:
        watcher.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
