"""Every file the tool writes is replaced whole or not at all: the result, --output,
--backup and report files; --output never replaces another file without --force, never
follows a symbolic link, and new files get the usual mode."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.templates import example_tables
from tests.conftest import AS_OF
from tests.disk_helpers import fill, run_cli_limited, tiny_filesystem
from tests.example_results import SCORES

ARGS = ["--as-of", "2026-11-15"]


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def kr_scores(path: Path) -> dict[str, float]:
    rows = list(openpyxl.load_workbook(path)["Key Results"].iter_rows(values_only=True))
    col = rows[0].index("Score")
    return {row[0]: row[col] for row in rows[1:] if row[0]}


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_backup_on_a_full_disk_keeps_the_previous_backup(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "disk", 160) as disk:
        folder = disk or tmp_path
        book = folder / "goals.xlsx"
        create_workbook(book, example_tables(AS_OF))
        backup = folder / "goals.bak.xlsx"
        backup.write_bytes(book.read_bytes())
        previous, original = backup.read_bytes(), book.read_bytes()
        if disk is not None:
            fill(disk, leave_kb=8)
            result = run_cli_limited(["recompute", str(book), *ARGS, "--backup"])
            assert "No space left on device" in result.stderr
        else:
            result = run_cli_limited(["recompute", str(book), *ARGS, "--backup"],
                                     max_file_bytes=8 * 1024)
            assert "File too large" in result.stderr
        assert result.returncode == 2
        assert result.stderr.startswith(f"Error: {backup}: could not write the backup (")
        assert "the previous backup is unchanged" in result.stderr
        assert "Traceback" not in result.stderr
        assert backup.read_bytes() == previous
        with zipfile.ZipFile(backup) as archive:
            assert archive.testzip() is None
        assert book.read_bytes() == original
        assert temporaries(folder) == []
        if disk is not None:
            (disk / "filler.bin").unlink()
        again = run_cli_limited(["recompute", str(book), *ARGS, "--backup"])
        assert again.returncode == 0, again.stderr
        assert backup.read_bytes() == original
        assert kr_scores(book) == pytest.approx(SCORES)


def test_result_on_a_full_disk_leaves_the_workbook(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "disk", 160) as disk:
        folder = disk or tmp_path
        book = folder / "goals.xlsx"
        create_workbook(book, example_tables(AS_OF))
        original = book.read_bytes()
        if disk is not None:
            fill(disk, leave_kb=8)
            result = run_cli_limited(["recompute", str(book), *ARGS])
        else:
            result = run_cli_limited(["recompute", str(book), *ARGS], max_file_bytes=8 * 1024)
        assert result.returncode == 2
        assert result.stderr.startswith(f"Error: {book}: could not save (")
        assert result.stderr.endswith("; the original file is unchanged\n")
        assert book.read_bytes() == original
        assert temporaries(folder) == []


def test_output_onto_another_existing_workbook_needs_force(example_xlsx: Path,
                                                           tmp_path: Path) -> None:
    other = tmp_path / "someone-elses.xlsx"
    create_workbook(other, {"Notes": [["Kept", "safe"]]})
    theirs = other.read_bytes()
    result = run("recompute", example_xlsx, *ARGS, "--output", other)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {other}: a file of that name exists; nothing was "
                             "written. Add --force to replace it, or choose another --output\n")
    assert other.read_bytes() == theirs
    forced = run("recompute", example_xlsx, *ARGS, "--output", other, "--force")
    assert forced.exit_code == 0, forced.output
    assert kr_scores(other) == pytest.approx(SCORES)


def test_output_onto_the_source_itself_needs_no_force(example_xlsx: Path) -> None:
    result = run("recompute", example_xlsx, *ARGS, "--output", example_xlsx)
    assert result.exit_code == 0, result.output
    assert kr_scores(example_xlsx) == pytest.approx(SCORES)


def test_output_never_follows_a_symbolic_link(example_xlsx: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.xlsx"
    victim.write_bytes(b"not to be touched")
    link = tmp_path / "out.xlsx"
    link.symlink_to(victim)
    refused = run("recompute", example_xlsx, *ARGS, "--output", link)
    assert refused.exit_code == 2
    assert "a symbolic link of that name exists" in refused.stderr
    forced = run("recompute", example_xlsx, *ARGS, "--output", link, "--force")
    assert forced.exit_code == 0, forced.output
    assert victim.read_bytes() == b"not to be touched"
    assert not link.is_symlink()
    assert kr_scores(link) == pytest.approx(SCORES)


def test_backup_never_follows_a_symbolic_link(example_xlsx: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not to be touched")
    backup = example_xlsx.with_name("example.bak.xlsx")
    backup.symlink_to(victim)
    original = example_xlsx.read_bytes()
    result = run("recompute", example_xlsx, *ARGS, "--backup")
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b"not to be touched"
    assert not backup.is_symlink()
    assert backup.read_bytes() == original


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_files_get_the_usual_mode(example_xlsx: Path, tmp_path: Path, umask: int) -> None:
    out = tmp_path / f"copy-{umask:o}.xlsx"
    folder = tmp_path / f"report-{umask:o}"
    old = os.umask(umask)
    try:
        assert run("recompute", example_xlsx, *ARGS, "--output", out).exit_code == 0
        assert run("report", example_xlsx, "--out", folder, *ARGS).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    modes = {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes == {0o666 & ~umask}


def test_a_replaced_workbook_keeps_its_mode(example_xlsx: Path) -> None:
    example_xlsx.chmod(0o640)
    assert run("recompute", example_xlsx, *ARGS).exit_code == 0
    assert stat.S_IMODE(example_xlsx.stat().st_mode) == 0o640
    assert kr_scores(example_xlsx) == pytest.approx(SCORES)


def test_report_files_are_replaced_whole(example_xlsx: Path, tmp_path: Path) -> None:
    folder = tmp_path / "weekly"
    folder.mkdir()
    victim = tmp_path / "victim.html"
    victim.write_text("not to be touched")
    (folder / "report.html").symlink_to(victim)
    result = run("report", example_xlsx, "--out", folder, *ARGS)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "not to be touched"
    assert "<html" in (folder / "report.html").read_text()
    assert temporaries(folder) == []
