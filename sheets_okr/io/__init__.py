"""Backends: Excel files and Google Sheets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .base import Backend
from .options import EXCEL_ONLY, SHEETS_ONLY, OpenOptions

__all__ = ["Backend", "OpenOptions", "is_gsheet", "open_backend"]

GSHEET_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
GSHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{30,}$")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def is_gsheet(source: str) -> bool:
    return bool(GSHEET_URL.match(source) or (GSHEET_KEY.match(source)
                                            and not Path(source).exists()))


def open_backend(source: str, options: OpenOptions | None = None, **given: Any) -> Backend:
    """A backend for a path (.xlsx/.xlsm) or a Google Sheets URL or key, opened with
    ``options`` (or the same given as keywords); UsageError for an option the backend
    cannot honour."""
    opts = options or OpenOptions(**given)
    if is_gsheet(source):
        from .gsheets import GSheetsBackend

        if opts.backup:
            raise UsageError("--backup keeps a copy of an Excel file; a Google Sheet keeps "
                             "its own version history")
        opts.refuse(EXCEL_ONLY, "a Google Sheet")
        sheet = GSheetsBackend(source, **{k: v for k, v in opts.given().items()
                                          if k in (*SHEETS_ONLY, "lock_timeout")})
        if opts.output:
            from .excel_copy import ExcelCopy

            return ExcelCopy(sheet, opts.output, force=opts.force,
                             lock_timeout=opts.lock_timeout)
        return sheet
    path = Path(source)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        if path.suffix.lower() in (".xls", ".ods", ".csv"):
            raise UsageError(f"{source}: {path.suffix} files are not supported; "
                             "save it as .xlsx")
        raise UsageError(f"{source}: not an Excel workbook (.xlsx or .xlsm) nor a "
                         "Google Sheets URL or key")
    opts.refuse(SHEETS_ONLY, "an Excel workbook")
    from .xlsx import XlsxBackend

    return XlsxBackend(path, output=opts.output, backup=opts.backup,
                       lock_timeout=opts.lock_timeout, force=opts.force, limits=opts.limits)
