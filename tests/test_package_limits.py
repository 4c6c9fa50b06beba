"""Workbooks that are not what they seem: a zip bomb is refused before anything is
inflated (exit 2, the part named, in bounded memory and time), a part that lies about its
size fails as it is read, and a password-protected file is named as such."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli

SHEET = "xl/worksheets/sheet3.xml"
ROW = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>boom</t></is></c></row>' * 15000
# The peak memory of this program only: VmHWM (ru_maxrss would include the test
# process's own peak, kept across exec).
MEASURED_RUN = """
import atexit, sys

def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print(f"maxrss_kb={kb}", file=sys.stderr)

atexit.register(peak)
from sheets_okr.cli import main
sys.argv[0] = "sheets-okr"
main()
"""


def bomb(source: Path, out: Path, inflated: int) -> Path:
    """``source`` with its third sheet padded with rows until it inflates to about
    ``inflated`` bytes."""
    with zipfile.ZipFile(source) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != SHEET:
                dst.writestr(info, data)
                continue
            cut = data.index(b"<sheetData>") + len(b"<sheetData>")
            with dst.open(SHEET, "w", force_zip64=inflated > 2**31 - 2**24) as part:
                part.write(data[:cut])
                for _ in range(inflated // len(ROW)):
                    part.write(ROW)
                part.write(data[data.index(b"</sheetData>"):])
    return out


def lie_about_size(path: Path, part: str, declared: int) -> None:
    """Make the local and central headers of ``part`` declare ``declared`` bytes."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    struct.pack_into("<L", raw, info.header_offset + 22, declared)
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + length] == part.encode():
            struct.pack_into("<L", raw, at + 24, declared)
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


def measured(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, float, int]:
    """The CLI in a child process: exit code, stderr, seconds, peak memory in MB."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", MEASURED_RUN, *args], capture_output=True,
                          text=True, timeout=300, env=env)
    took = time.monotonic() - started
    lines = proc.stderr.splitlines()
    peak = int(lines[-1].split("=")[1]) // 1024
    return proc.returncode, "\n".join(lines[:-1]), took, peak


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def gib_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workbook with a sheet that inflates to 1 GiB (a few MB on disk)."""
    from datetime import date

    from sheets_okr.io.xlsx.create import create_workbook
    from sheets_okr.templates import example_tables

    folder = tmp_path_factory.mktemp("bomb")
    source = folder / "source.xlsx"
    create_workbook(source, example_tables(date(2026, 11, 15)))
    return bomb(source, folder / "bomb.xlsx", 1 << 30)


def test_a_zip_bomb_is_refused_in_bounded_memory_and_never_written_back(
        gib_bomb: Path, tmp_path: Path) -> None:
    work = tmp_path / "goals.xlsx"
    work.write_bytes(gib_bomb.read_bytes())
    assert work.stat().st_size < 16 << 20
    before = digest(work)
    code, err, took, peak = measured("recompute", str(work), "--as-of", "2026-11-15")
    print(f"\n1 GiB zip bomb ({work.stat().st_size >> 10} KiB): refused in {took:.1f} s, "
          f"peak {peak} MB")
    assert code == 2
    assert err.startswith(f"Error: {work}: part {SHEET} inflates ")
    assert "SHEETS_OKR_MAX_" in err and "Traceback" not in err
    assert took < 20
    assert peak < 300
    assert digest(work) == before


def test_a_part_larger_than_the_part_limit_is_refused(example_xlsx: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(example_xlsx) as archive:
        largest = max(archive.infolist(), key=lambda i: i.file_size)
    limit = largest.file_size / 2 / (1 << 20)
    monkeypatch.setenv("SHEETS_OKR_MAX_PART_MB", f"{limit}")
    result = CliRunner().invoke(cli, ["check", str(example_xlsx)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {example_xlsx}: part {largest.filename} inflates")
    assert "(SHEETS_OKR_MAX_PART_MB); nothing was read" in result.stderr


def test_a_package_larger_than_the_total_limit_is_refused(
        example_xlsx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(example_xlsx) as archive:
        total = sum(i.file_size for i in archive.infolist())
    monkeypatch.setenv("SHEETS_OKR_MAX_TOTAL_MB", f"{total / 2 / (1 << 20)}")
    result = CliRunner().invoke(cli, ["check", str(example_xlsx)])
    assert result.exit_code == 2
    assert "the package inflates to more than" in result.stderr
    assert "(SHEETS_OKR_MAX_TOTAL_MB), reached at part " in result.stderr


def test_the_ratio_limit_is_settable(tmp_path: Path, example_xlsx: Path) -> None:
    moderate = bomb(example_xlsx, tmp_path / "moderate.xlsx", 40 << 20)
    result = CliRunner().invoke(cli, ["check", str(moderate), "--as-of", "2026-11-15"],
                                env={"SHEETS_OKR_MAX_RATIO": "20"})
    assert result.exit_code == 2
    assert f"part {SHEET} inflates" in result.stderr
    assert "more than 20 allowed (SHEETS_OKR_MAX_RATIO)" in result.stderr
    allowed = CliRunner().invoke(cli, ["check", str(moderate), "--as-of", "2026-11-15"],
                                 env={"SHEETS_OKR_MAX_RATIO": "100000"})
    assert allowed.exit_code in (0, 1), allowed.stderr


def test_a_part_that_lies_about_its_size_fails_as_it_is_read(
        tmp_path: Path, example_xlsx: Path) -> None:
    liar = bomb(example_xlsx, tmp_path / "liar.xlsx", 300 << 20)
    lie_about_size(liar, SHEET, 20_000)
    before = digest(liar)
    code, err, took, peak = measured("recompute", str(liar), "--as-of", "2026-11-15")
    assert code == 2
    assert err.startswith(f"Error: {liar}: not a readable Excel workbook (sheet 'Initiatives'")
    assert took < 20
    assert peak < 300
    assert digest(liar) == before


def test_a_password_protected_workbook_says_so(tmp_path: Path, example_xlsx: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "locked.xlsx"
    with example_xlsx.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("s3cret", out)
    result = CliRunner().invoke(cli, ["recompute", str(locked)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {locked}: password-protected; save a copy without a "
                             "password (in Excel: File > Info > Protect Workbook > Encrypt "
                             "with Password, cleared) and run on that\n")


def test_an_old_xls_file_named_xlsx_says_so(tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    result = CliRunner().invoke(cli, ["check", str(old)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {old}: an old-style .xls workbook with an .xlsx name; "
                             "save it as .xlsx\n")
