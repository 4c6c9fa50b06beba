"""A lock file beside a workbook so that two runs never interleave on it."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WorkbookLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


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
            if _try_lock(fd):
                break
            if time.monotonic() >= deadline:
                raise WorkbookLocked(
                    f"{path}: another sheets-okr run has held this workbook for "
                    f"{timeout:g} s; try again when it has finished")
            time.sleep(poll)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            raise
        return False
    return True


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
