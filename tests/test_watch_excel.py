"""``watch`` on an Excel file: a save is recomputed exactly once, not while Excel or
LibreOffice holds the file open, and the tool's own write is not taken for a save; the
command logs one line per run and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from sheets_okr.config import Settings
from sheets_okr.watch import Watcher, WatchOptions, targets_for
from sheets_okr.watch.excel import lock_files, signature

QUIET = 0.5
OPTIONS = WatchOptions(interval=0.5, quiet=QUIET)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def save_as_a_person(path: Path, kr_row: int, current: float) -> None:
    """Change one key result's Current and save, the way a spreadsheet app does: a new
    file written beside it, then put in its place."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Key Results"]
    header = [c.value for c in ws[1]]
    ws.cell(row=kr_row, column=header.index("Current") + 1, value=current)
    tmp = path.with_name("lu12345.tmp")
    wb.save(tmp)
    os.replace(tmp, path)


def kr_score(path: Path, kr_row: int) -> float:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["Key Results"].iter_rows(values_only=True))
    wb.close()
    return rows[kr_row - 1][list(rows[0]).index("Score")]


@pytest.fixture
def watching(example_xlsx: Path) -> Iterator[Watcher]:
    watcher = Watcher(targets_for([("goals", str(example_xlsx))], Settings(), OPTIONS),
                      OPTIONS)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    wait_for(lambda: watcher.targets[0].runs == 1)
    yield watcher
    watcher.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_save_triggers_exactly_one_recompute(example_xlsx: Path, watching: Watcher) -> None:
    target = watching.targets[0]
    time.sleep(QUIET * 3)
    assert target.runs == 1  # its own write was not taken for a save
    save_as_a_person(example_xlsx, 6, 90)  # KR5: 45 -> 90 of 100
    wait_for(lambda: target.runs == 2)
    time.sleep(QUIET * 4)
    assert target.runs == 2
    assert kr_score(example_xlsx, 6) == pytest.approx(0.9)


@pytest.mark.parametrize("lock", [0, 2], ids=["excel", "libreoffice"])
def test_no_recompute_while_an_app_holds_the_file(example_xlsx: Path, watching: Watcher,
                                                  lock: int) -> None:
    target = watching.targets[0]
    held = lock_files(example_xlsx)[lock]
    held.write_text("someone,host,2026-11-15")
    save_as_a_person(example_xlsx, 6, 70)
    time.sleep(QUIET * 4)
    assert target.runs == 1
    held.unlink()
    wait_for(lambda: target.runs == 2, timeout=10)
    time.sleep(QUIET * 3)
    assert target.runs == 2
    assert kr_score(example_xlsx, 6) == pytest.approx(0.7)


def test_cli_logs_one_line_per_run_and_stops_on_sigterm(example_xlsx: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sheets_okr.cli import main; main()", "watch",
         str(example_xlsx), "--quiet-period", "0.3", "--interval", "0.5"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")),
                              daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("recomputed" in line for line in lines))
        save_as_a_person(example_xlsx, 6, 60)
        wait_for(lambda: sum("recomputed" in line for line in lines) == 2)
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=5)
    runs = [line for line in lines if "recomputed" in line]
    assert len(runs) == 2
    assert "[example.xlsx] recomputed (start)" in runs[0]
    assert "[example.xlsx] recomputed (saved): " in runs[1] and "cells written" in runs[1]
    assert "stopped watching" in lines[-1]
    assert not any("Traceback" in line for line in lines)


def test_a_save_waits_for_another_runs_lock(example_xlsx: Path) -> None:
    from sheets_okr.io.filelock import hold_lock

    options = WatchOptions(interval=0.3, quiet=0.3, lock_timeout=0.2)
    watcher = Watcher(targets_for([("goals", str(example_xlsx))], Settings(), options),
                      options)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    target = watcher.targets[0]
    try:
        wait_for(lambda: target.runs == 1)
        with hold_lock(example_xlsx, 0):  # a recompute or sync of this workbook under way
            save_as_a_person(example_xlsx, 6, 80)
            wait_for(lambda: target.runs >= 3)  # tried, found it busy, tried again
            assert kr_score(example_xlsx, 6) == pytest.approx(0.45)  # nothing written
        wait_for(lambda: kr_score(example_xlsx, 6) == pytest.approx(0.8), timeout=10)
        # the run that wrote it is over once it has taken its own write's signature
        wait_for(lambda: target.own == signature(example_xlsx.resolve()), timeout=10)
        done = target.runs
        time.sleep(1.5)
        assert target.runs == done  # recomputed once the lock was free, and only once
    finally:
        watcher.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
