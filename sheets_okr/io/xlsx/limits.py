"""What an .xlsx package may inflate to, checked before any part is inflated.

The sizes a package declares for its parts are what every reader here holds it to:
Python's zipfile stops at the declared size (and fails the CRC), calamine refuses a part
larger than declared. So checking the declared sizes (per part, in total, and how far a
large part claims to inflate from its compressed bytes) bounds memory and time without
inflating anything; a part that lies about its size fails as it is read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ...envvars import env_number
from ...errors import UsageError

MB = 1 << 20
# A part this small may compress as well as it likes (a sheet of empty styled rows).
RATIO_FLOOR = 16 * MB
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENV = {"part": "SHEETS_OKR_MAX_PART_MB", "total": "SHEETS_OKR_MAX_TOTAL_MB",
       "ratio": "SHEETS_OKR_MAX_RATIO"}


@dataclass(frozen=True)
class PackageLimits:
    """The most one part and the whole package may inflate to (bytes), and the highest
    compression ratio of a part larger than 16 MiB."""

    part: int = 512 * MB
    total: int = 1024 * MB
    ratio: float = 200.0

    @classmethod
    def from_env(cls) -> PackageLimits:
        """Defaults, overridden by SHEETS_OKR_MAX_PART_MB, SHEETS_OKR_MAX_TOTAL_MB and
        SHEETS_OKR_MAX_RATIO."""
        values = {name: env_number(env, seconds=False) for name, env in ENV.items()}
        values = {name: value for name, value in values.items() if value is not None}
        return cls(part=int(values.get("part", cls.part / MB) * MB),
                   total=int(values.get("total", cls.total / MB) * MB),
                   ratio=values.get("ratio", cls.ratio))


def check_package(path: Path, archive: zipfile.ZipFile, limits: PackageLimits) -> None:
    """UsageError naming the part when the package would inflate past ``limits``."""
    total = 0
    for info in archive.infolist():
        name, size = info.filename, info.file_size
        if size > limits.part:
            raise UsageError(f"{path}: part {name} inflates to {_mb(size)}, more than "
                             f"{_mb(limits.part)} allowed ({ENV['part']}); nothing was read")
        if size > RATIO_FLOOR and size > limits.ratio * max(info.compress_size, 1):
            raise UsageError(f"{path}: part {name} inflates {size / max(info.compress_size, 1):.0f}"
                             f" times its stored size, more than {limits.ratio:g} allowed "
                             f"({ENV['ratio']}); a zip bomb? Nothing was read")
        total += size
        if total > limits.total:
            raise UsageError(f"{path}: the package inflates to more than {_mb(limits.total)} "
                             f"allowed ({ENV['total']}), reached at part {name}; nothing "
                             "was read")


def not_a_package(path: Path) -> str:
    """Why a file that is not a zip package cannot be read, as precisely as its first
    bytes tell."""
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != CFB_MAGIC:
                return "not an Excel workbook (the file is not an .xlsx package)"
            if _holds(handle, "EncryptedPackage".encode("utf-16-le")):
                return ("password-protected; save a copy without a password (in Excel: "
                        "File > Info > Protect Workbook > Encrypt with Password, cleared) "
                        "and run on that")
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    return "an old-style .xls workbook with an .xlsx name; save it as .xlsx"


def _holds(handle: BinaryIO, needle: bytes) -> bool:
    """Whether the rest of the file holds ``needle``, read a chunk at a time."""
    tail = b""
    while chunk := handle.read(1 << 20):
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle):]
    return False


def _mb(size: int) -> str:
    """
    >>> _mb(512 * MB), _mb(3 * MB // 2)
    ('512 MB', '1.5 MB')
    """
    return f"{size / MB:.3g} MB"
