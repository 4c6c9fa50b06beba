"""Runs that write a workbook hold its lock, whoever runs them: concurrent syncs by
several users lose no reading, a lock that cannot be taken stops the run (exit 2, the
path named), and nothing planted in a lock's place is followed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io.filelock import lock_file_for, user_lock_folder
from tests.sync_helpers import HISTORY, make_xlsx, options, tabs, xlsx_rows

NOBODY = 65534
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="acting as another user needs root")
READINGS_PER_RUN = 207


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder every user can reach (pytest's own temporary folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="sheets-okr-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_user(uid: int | None) -> tuple[list[str], Any]:
    """How to start a process as ``uid`` (None: as we are): a command prefix and a
    preexec_fn. setpriv keeps the right to read and search every folder (the interpreter
    may live in root's home), never the right to write what ``uid`` may not."""
    if uid is None:
        return [], None
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"], None

    def drop() -> None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    return [], drop


def sync_config(folder: Path, name: str, first: date) -> Path:
    """A sync config adding READINGS_PER_RUN readings of K1 and K2 from its own CSV."""
    lines = ["day,metric,amount"]
    for i in range(READINGS_PER_RUN):
        lines.append(f"{first + timedelta(days=i // 2)},K{1 + i % 2},{40 + i % 17}")
    (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = options(lock_timeout=120) + f"""
[[workbooks]]
name = "goals"
source = "goals.xlsx"
as_of = 2026-11-15

[[workbooks.sources]]
name = "{name}"
type = "csv"
path = "{name}.csv"
kpi = "metric"
date = "day"
value = "amount"
"""
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


CLI = "import sys\nfrom sheets_okr.cli import main\nsys.argv[0] = 'sheets-okr'\nmain()\n"


def start(args: list[str], uid: int | None, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "HOME": str(folder), "TMPDIR": str(folder),
           "MPLCONFIGDIR": str(folder / f".mpl-{uid}")}
    env.pop("XDG_RUNTIME_DIR", None)
    prefix, drop = as_user(uid)
    return subprocess.Popen([*prefix, sys.executable, "-c", CLI, *args], cwd=folder, env=env,
                            preexec_fn=drop, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@ROOT_ONLY
def test_concurrent_syncs_by_two_users_lose_no_reading(shared_folder: Path) -> None:
    book = make_xlsx(shared_folder / "goals.xlsx", tabs())
    book.chmod(0o666)
    # What a first run of another user used to leave: a lock folder only root can write.
    (shared_folder / "sheets-okr-locks").mkdir(mode=0o755)
    users = [NOBODY, NOBODY, None, NOBODY]
    configs = [sync_config(shared_folder, f"source{i}", date(2020 + i, 1, 1))
               for i in range(len(users))]
    procs = [start(["sync", str(c)], uid, shared_folder) for c, uid in zip(configs, users,
                                                                       strict=True)]
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in outcomes] == [0] * len(users), outcomes
    rows = xlsx_rows(book, "KPI History")
    readings = {(r[0], r[1]) for r in rows[1:]}
    assert len(rows) - 1 == len(HISTORY) - 1 + READINGS_PER_RUN * len(users)
    assert len(readings) == len(rows) - 1
    assert not lock_file_for(book).exists()
    assert [p.name for p in shared_folder.iterdir() if p.name.endswith(".tmp")] == []


@ROOT_ONLY
def test_a_lock_file_another_user_owns_stops_the_run(shared_folder: Path) -> None:
    book = make_xlsx(shared_folder / "goals.xlsx", tabs())
    book.chmod(0o666)
    lock = lock_file_for(book)
    lock.write_bytes(b"")
    lock.chmod(0o600)
    before = book.read_bytes()
    proc = start(["recompute", str(book), "--as-of", "2026-11-15"], NOBODY, shared_folder)
    code = proc.wait(timeout=120)
    err = proc.stderr.read() if proc.stderr else ""
    assert code == 2
    assert err == (f"Error: {lock}: cannot take the lock (Permission denied); nothing was "
                   "written\n")
    assert book.read_bytes() == before


def test_a_symlink_in_the_locks_place_is_never_followed(example_xlsx: Path,
                                                        tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    lock = lock_file_for(example_xlsx)
    lock.symlink_to(victim)
    before = example_xlsx.read_bytes()
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15"])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {lock}: the lock file is a symbolic link; nothing was "
                             "written. Remove it and run again\n")
    assert victim.read_text() == "keep me"
    assert example_xlsx.read_bytes() == before


def test_a_dry_run_needs_no_lock(example_xlsx: Path) -> None:
    lock = lock_file_for(example_xlsx)
    lock.symlink_to(example_xlsx.with_name("nowhere"))
    result = CliRunner().invoke(cli, ["recompute", str(example_xlsx), "--as-of", "2026-11-15",
                                      "--dry-run"])
    assert result.exit_code == 0, result.output


def test_the_lock_is_taken_beside_the_workbook_and_removed_after(example_xlsx: Path) -> None:
    seen: list[bool] = []
    from sheets_okr.io.xlsx import XlsxBackend

    backend = XlsxBackend(example_xlsx)
    with backend.session():
        seen.append(lock_file_for(example_xlsx).exists())
    assert seen == [True]
    assert not lock_file_for(example_xlsx).exists()


# The per-user folder that holds Google Sheets' locks --------------------------------------


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    return tmp_path / f"sheets-okr-{os.getuid()}"


def test_the_user_lock_folder_is_private(runtime: Path) -> None:
    assert user_lock_folder() == runtime
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700


@pytest.mark.parametrize("planted", ["file", "symlink", "open folder"])
def test_something_planted_as_the_lock_folder_stops_a_google_run(
        server: Any, example: str, runtime: Path, tmp_path: Path, planted: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o777)
    if planted == "file":
        runtime.write_text("x")
    elif planted == "symlink":
        runtime.symlink_to(elsewhere)
    else:
        runtime.mkdir()
        runtime.chmod(0o777)
    result = CliRunner().invoke(cli, ["recompute", example, "--as-of", "2026-11-15"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {runtime}: the lock folder")
    assert "remove it and run again" in result.stderr
    assert server.count(kind="write") == 0
    assert list(elsewhere.iterdir()) == []


def test_a_runtime_folder_that_does_not_exist_falls_back_to_the_temporary_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "gone"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert user_lock_folder() == tmp_path / f"sheets-okr-{os.getuid()}"
