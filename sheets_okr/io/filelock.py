"""Locks that keep two runs from writing one workbook at once.

An Excel workbook's lock is a file beside it (where Excel puts ``~$NAME`` and LibreOffice
``.~lock.NAME#``), so that runs by different users of the same folder exclude each other;
a Google Sheet's lock lives in a private per-user folder. A lock file that is a symbolic
link, or one that cannot be opened, is refused: a run never writes without its lock.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from ..envvars import env_number
from ..errors import UsageError, WorkbookLocked

DEFAULT_TIMEOUT = 30.0
TIMEOUT_ENV = "SHEETS_OKR_LOCK_TIMEOUT"
_PRIVATE = stat.S_IRWXG | stat.S_IRWXO


def lock_timeout(default: float = DEFAULT_TIMEOUT) -> float:
    """Seconds to wait for a lock: ``SHEETS_OKR_LOCK_TIMEOUT`` when set, else ``default``."""
    value = env_number(TIMEOUT_ENV, zero=True)
    return default if value is None else value


def lock_file_for(workbook: Path) -> Path:
    """The lock file of a workbook: hidden, beside the file that is written (the target
    of a symbolic link).

    >>> lock_file_for(Path("/data/goals.xlsx")).as_posix()
    '/data/.~sheets-okr.goals.xlsx.lock'
    """
    real = workbook.resolve() if workbook.is_symlink() else workbook
    return real.with_name(f".~sheets-okr.{real.name}.lock")


def lock_file_for_key(key: str) -> Path:
    """The lock file of a Google Sheet, in this user's private lock folder."""
    digest = hashlib.sha1(key.encode()).hexdigest()[:20]
    return user_lock_folder() / f"sheet-{digest}.lock"


def user_lock_folder() -> Path:
    """This user's lock folder, created mode 0700 in $XDG_RUNTIME_DIR when that exists,
    else in the temporary folder; UsageError when its path is taken by something that is
    not a private folder of ours."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = runtime if runtime and os.path.isdir(runtime) else tempfile.gettempdir()
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(base) / f"sheets-okr-{uid if uid is not None else os.getlogin()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the lock folder ({exc.strerror})") from None
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{folder}: the lock folder's name is taken by something that is not "
                         "a folder; remove it and run again")
    if uid is not None and (info.st_uid != uid or info.st_mode & _PRIVATE):
        raise UsageError(f"{folder}: the lock folder is not private to this user (owner "
                         f"{info.st_uid}, mode {stat.S_IMODE(info.st_mode):o}); remove it "
                         "and run again")
    return folder


@contextmanager
def hold_lock(workbook: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the lock of ``workbook`` (waiting up to ``timeout`` seconds, by default
    ``lock_timeout()``); yields the lock file."""
    workbook = Path(workbook)
    mode = None
    try:
        mode = 0o600 | stat.S_IMODE(workbook.stat().st_mode) & 0o066
    except OSError:
        pass
    with hold_file_lock(lock_file_for(workbook), timeout, str(workbook), mode) as path:
        yield path


@contextmanager
def hold_file_lock(path: Path, timeout: float | None, what: str,
                   mode: int | None = None) -> Iterator[Path]:
    """Hold the lock file ``path`` for ``what``; WorkbookLocked when another run keeps it
    past ``timeout`` seconds or when it cannot be taken at all. The file is removed again
    when released."""
    wait = lock_timeout() if timeout is None else timeout
    if path.is_symlink():
        raise WorkbookLocked(f"{path}: the lock file is a symbolic link; nothing was written. "
                             "Remove it and run again")
    options = {} if mode is None else {"mode": mode}
    lock = filelock.FileLock(path, timeout=wait, **options)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise WorkbookLocked(f"{what}: another sheets-okr run has held this workbook for "
                             f"{wait:g} s (lock file {path}); try again when it has "
                             "finished") from None
    except OSError as exc:
        raise WorkbookLocked(f"{path}: cannot take the lock ({exc.strerror or exc}); nothing "
                             "was written") from None
    try:
        held = os.lstat(path)
    except OSError:
        lock.release()
        raise WorkbookLocked(f"{path}: the lock file vanished while it was taken; nothing "
                             "was written. Run again") from None
    try:
        yield path
    finally:
        if isinstance(lock, (filelock.UnixFileLock, filelock.WindowsFileLock)):
            _remove_if_same(path, held)
        lock.release()


def _remove_if_same(path: Path, held: os.stat_result) -> None:
    """Remove the lock file while still holding it, unless another file replaced it, so
    that no lock file is left beside the workbook. A run waiting on the removed file finds
    it unlinked once it gets it, and opens the path afresh (filelock checks the link
    count after locking)."""
    try:
        if os.path.samestat(os.lstat(path), held):
            path.unlink()
    except OSError:
        pass
