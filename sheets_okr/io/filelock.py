"""A lock file beside a workbook so that two runs never interleave on it."""

from __future__ import annotations

import errno
import hashlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WorkbookLocked


def lock_path(path: Path) -> Path:
    """A lock file per workbook, outside the user's folder; never removed, so that
    every waiting run locks the same file."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    folder = Path(tempfile.gettempdir()) / "sheets-okr-locks"
    folder.mkdir(mode=0o777, exist_ok=True)
    return folder / f"{digest}.lock"


@contextmanager
def hold_lock(path: Path, timeout: float = 30.0, poll: float = 0.1) -> Iterator[None]:
    """Hold an exclusive lock for ``path``; WorkbookLocked after ``timeout`` seconds."""
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield  # a read-only folder: nothing can be written there by anyone
        return
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WorkbookLocked(
                        f"{path}: another sheets-okr run has held this workbook for "
                        f"{timeout:g} s; try again when it has finished") from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
