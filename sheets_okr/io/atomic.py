"""Write a file so that a crash, a kill or a full disk leaves the old file or the new one,
never a broken one: a temporary file in the same folder, flushed to disk, renamed over the
target, then the folder flushed too. The target's symbolic link, if any, is replaced,
never followed."""

from __future__ import annotations

import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def temporary_glob(target: Path) -> str:
    """The names this module gives the temporary files of ``target`` (for cleaning up
    what a killed run left)."""
    return f".{glob.escape(target.name)}.*.tmp"


def new_file_mode() -> int:
    """The mode a new file gets under the current umask (0o666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(target: Path, write: Callable[[BinaryIO], T]) -> T:
    """Replace ``target`` by what ``write`` puts in the handle it gets; its result.

    An existing target keeps its mode (and owner, where allowed); a new one gets the
    usual mode under the umask. OSError leaves ``target`` as it was and no temporary.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        _take_mode(fd, target)
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(folder)
    return result


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """``write_atomic`` of a byte string."""
    write_atomic(target, lambda handle: handle.write(data))


def copy_atomic(source: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``source``; a failure (a full disk) leaves the old
    ``target`` whole."""

    def copy(handle: BinaryIO) -> None:
        with open(source, "rb") as src:
            shutil.copyfileobj(src, handle, 1 << 20)

    write_atomic(target, copy)
    try:
        shutil.copystat(source, target, follow_symlinks=False)
    except OSError:
        pass


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _take_mode(fd: int, target: Path) -> None:
    """Give the temporary file the target's mode and owner, or the usual new-file mode."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        os.fchmod(fd, new_file_mode())
        return
    if not stat.S_ISREG(info.st_mode):
        os.fchmod(fd, new_file_mode())
        return
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            pass
