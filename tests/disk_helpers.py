"""A small full disk for tests: a tmpfs mounted for the test when the system lets us
(root with mount rights), else None, and the caller limits file sizes instead."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def tiny_filesystem(folder: Path, size_kb: int) -> Iterator[Path | None]:
    """``folder`` as a fresh tmpfs of ``size_kb`` KiB, or None when it cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        yield None
        return
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs",
                        str(folder)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def fill(folder: Path, leave_kb: int) -> None:
    """Fill the filesystem of ``folder`` until about ``leave_kb`` KiB are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    spare = free - leave_kb * 1024
    if spare > 0:
        (folder / "filler.bin").write_bytes(b"\0" * spare)


def run_cli_limited(args: list[str], max_file_bytes: int | None = None,
                    cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process; with ``max_file_bytes``, no file it writes may grow past
    that size (writing more fails as on a full disk)."""

    def limit() -> None:
        if max_file_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    code = "import sys\nfrom sheets_okr.cli import main\nsys.argv[0] = 'sheets-okr'\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          preexec_fn=limit, cwd=cwd, timeout=120)
