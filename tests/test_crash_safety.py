"""A failure at any point of a write leaves the user's workbook whole."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io.xlsx_create import create_workbook
from sheets_okr.templates import example_tables

SCRIPT = Path(sys.executable).with_name("sheets-okr")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_disk_full_during_save_keeps_the_original(example_xlsx: Path, monkeypatch) -> None:
    before = digest(example_xlsx)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15"])
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert "unchanged" in result.output
    assert digest(example_xlsx) == before
    assert leftovers(example_xlsx.parent) == []


def test_read_only_workbook_is_refused(example_xlsx: Path) -> None:
    before = digest(example_xlsx)
    example_xlsx.chmod(0o444)
    try:
        result = CliRunner().invoke(cli, ["recompute", str(example_xlsx),
                                          "--as-of", "2026-11-15"])
    finally:
        example_xlsx.chmod(0o644)
    assert result.exit_code == 2
    assert "read-only" in result.output
    assert "Traceback" not in result.output
    assert digest(example_xlsx) == before


def test_stale_temporary_files_of_a_killed_run_are_cleaned_up(example_xlsx: Path) -> None:
    stale = example_xlsx.with_name(f".{example_xlsx.name}.abc123.tmp")
    stale.write_bytes(b"half a workbook")
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15"])
    assert result.exit_code == 0
    assert leftovers(example_xlsx.parent) == []


@pytest.mark.skipif(not SCRIPT.exists(), reason="the sheets-okr console script is not installed")
def test_killed_process_leaves_the_old_or_the_new_workbook_never_a_broken_one(
        tmp_path: Path) -> None:
    from bench.bench import generate

    source = tmp_path / "big.xlsx"
    generate(source)
    original = digest(source)
    outcomes = set()
    for delay in (0.2, 0.6, 1.0, 1.4, 1.8, 2.4, 3.0):
        work = tmp_path / f"run-{delay}.xlsx"
        work.write_bytes(source.read_bytes())
        proc = subprocess.Popen([str(SCRIPT), "recompute", str(work), "--as-of", "2026-11-15"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if digest(work) == original:
            outcomes.add("original")
        else:
            with zipfile.ZipFile(work) as archive:
                assert archive.testzip() is None
            wb = openpyxl.load_workbook(work, read_only=True)
            assert "Flags" in wb.sheetnames
            wb.close()
            outcomes.add("recomputed")
    assert outcomes <= {"original", "recomputed"}
    assert "original" in outcomes


def test_a_second_run_waits_for_the_first(tmp_path: Path) -> None:
    from sheets_okr.io.filelock import hold_lock

    path = tmp_path / "book.xlsx"
    create_workbook(path, example_tables(date(2026, 11, 15)))
    with hold_lock(path, timeout=1):
        result = CliRunner().invoke(cli, ["recompute", str(path), "--as-of", "2026-11-15"],
                                    env={"SHEETS_OKR_LOCK_TIMEOUT": "0.5"})
    assert result.exit_code == 2
    assert "another sheets-okr run" in result.output
