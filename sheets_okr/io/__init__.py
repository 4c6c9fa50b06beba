"""Backends: Excel files and Google Sheets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .base import Backend

GSHEET_URL = re.compile(r"^https?://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
GSHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{30,}$")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def is_gsheet(source: str) -> bool:
    return bool(GSHEET_URL.match(source) or (GSHEET_KEY.match(source)
                                            and not Path(source).exists()))


def open_backend(source: str, **options: Any) -> Backend:
    """A backend for a path (.xlsx/.xlsm) or a Google Sheets URL or key."""
    if is_gsheet(source):
        from .gsheets import GSheetsBackend

        sheet = GSheetsBackend(source, **{k: v for k, v in options.items()
                                          if k in GSheetsBackend.OPTIONS})
        if options.get("backup"):
            raise UsageError("--backup keeps a copy of an Excel file; a Google Sheet keeps "
                             "its own version history")
        if options.get("output"):
            from .excel_copy import ExcelCopy

            return ExcelCopy(sheet, options["output"], force=bool(options.get("force")),
                             lock_timeout=options.get("lock_timeout"))
        return sheet
    path = Path(source)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        if path.suffix.lower() in (".xls", ".ods", ".csv"):
            raise UsageError(f"{source}: {path.suffix} files are not supported; "
                             "save it as .xlsx")
        raise UsageError(f"{source}: not an Excel workbook (.xlsx or .xlsm) nor a "
                         "Google Sheets URL or key")
    from .xlsx import XlsxBackend

    return XlsxBackend(path, **{k: v for k, v in options.items()
                                if k in XlsxBackend.OPTIONS})
