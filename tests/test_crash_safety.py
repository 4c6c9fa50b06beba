"""A failure at any point of a write leaves the user's workbook whole."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli

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


KILLING_RUN = """
import os, signal, sys
point = sys.argv.pop(1)
real_replace = os.replace

def replace(src, dst):
    if point == "before-rename":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
    if point == "after-rename":
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
from sheets_okr.cli import main
sys.argv[0] = "sheets-okr"
main()
"""


def killed_run(path: Path, point: str) -> int:
    """Recompute ``path`` in a process that SIGKILLs itself just before or just after the
    rename that puts the new file in place (``point``; "never" for a whole run); its exit
    status."""
    proc = subprocess.run([sys.executable, "-c", KILLING_RUN, point, "recompute", str(path),
                           "--as-of", "2026-11-15"], capture_output=True, timeout=120)
    return proc.returncode


def test_a_run_killed_before_the_rename_leaves_the_original_and_the_next_run_finishes(
        example_xlsx: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.xlsx"
    reference.write_bytes(example_xlsx.read_bytes())
    assert killed_run(reference, "never") == 0
    original = digest(example_xlsx)
    assert killed_run(example_xlsx, "before-rename") == -signal.SIGKILL
    assert digest(example_xlsx) == original
    assert len(leftovers(example_xlsx.parent)) == 1
    assert killed_run(example_xlsx, "never") == 0
    assert leftovers(example_xlsx.parent) == []
    assert digest(example_xlsx) == digest(reference)


def test_a_run_killed_just_after_the_rename_leaves_the_whole_new_workbook(
        example_xlsx: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.xlsx"
    reference.write_bytes(example_xlsx.read_bytes())
    assert killed_run(reference, "never") == 0
    assert killed_run(example_xlsx, "after-rename") == -signal.SIGKILL
    assert digest(example_xlsx) == digest(reference)
    assert leftovers(example_xlsx.parent) == []


@pytest.mark.skipif(not SCRIPT.exists(), reason="the sheets-okr console script is not installed")
def test_killed_process_leaves_the_old_or_the_new_workbook_never_a_broken_one(
        tmp_path: Path) -> None:
    from bench.bench import generate

    source = tmp_path / "big.xlsx"
    generate(source)
    original = digest(source)
    reference = tmp_path / "reference.xlsx"
    reference.write_bytes(source.read_bytes())
    subprocess.run([str(SCRIPT), "recompute", str(reference), "--as-of", "2026-11-15"],
                   check=True, capture_output=True, timeout=120)
    recomputed = digest(reference)
    assert recomputed != original
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.4):
        work = tmp_path / f"run-{delay}.xlsx"
        work.write_bytes(source.read_bytes())
        proc = subprocess.Popen([str(SCRIPT), "recompute", str(work), "--as-of", "2026-11-15"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert digest(work) in (original, recomputed), f"broken workbook after {delay} s"


def test_a_second_run_waits_for_the_first_as_long_as_the_lock_timeout(
        example_xlsx: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from sheets_okr.io.filelock import hold_lock\n"
         "with hold_lock(Path(sys.argv[1]), timeout=5):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(example_xlsx)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        before = digest(example_xlsx)
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of",
                                          "2026-11-15"], env={"SHEETS_OKR_LOCK_TIMEOUT": "0.5"})
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2
    assert f"{example_xlsx}: another sheets-okr run has held this workbook for 0.5 s" in \
        result.output
    assert 0.5 <= waited < 10
    assert digest(example_xlsx) == before
    later = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15"],
                               env={"SHEETS_OKR_LOCK_TIMEOUT": "0.5"})
    assert later.exit_code == 0, later.output


def test_a_lock_timeout_that_is_not_a_number_is_refused(example_xlsx: Path) -> None:
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15"],
                                env={"SHEETS_OKR_LOCK_TIMEOUT": "soon"})
    assert result.exit_code == 2
    assert "SHEETS_OKR_LOCK_TIMEOUT='soon': give a number of seconds of 0 or more" in \
        result.output
