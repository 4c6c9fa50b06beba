"""Create a new .xlsx workbook from template rows, typed as a person would type them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ...errors import UsageError
from ..atomic import write_atomic

_PERCENT = re.compile(r"^-?\d+(\.\d+)?%$")
_MONEY = re.compile(r"^\$[\d,]+(\.\d+)?$")


def excel_typed(value: Any) -> tuple[Any, str | None]:
    """A template value as Excel stores it when typed in, with its number format.

    >>> excel_typed("45%")
    (0.45, '0%')
    >>> excel_typed("$1,200,000")
    (1200000.0, '"$"#,##0')
    """
    if isinstance(value, str) and _PERCENT.match(value):
        number = float(value[:-1]) / 100
        return number, "0.0%" if "." in value else "0%"
    if isinstance(value, str) and _MONEY.match(value):
        return float(value[1:].replace(",", "")), '"$"#,##0'
    if isinstance(value, date):
        return value, "yyyy-mm-dd"
    if value == "":
        return None, None
    return value, None


def create_workbook(path: Path, tables: dict[str, list[list[Any]]], force: bool = False) -> None:
    """Write ``tables`` (rows per tab) to a new workbook at ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(f"{path}: already exists; choose another name (or add --force)")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: a new workbook must end in .xlsx")
    wb = Workbook()
    wb.remove(wb.active)
    header_fill = PatternFill("solid", fgColor="DDE7F3")
    for title, rows in tables.items():
        ws = wb.create_sheet(title)
        header_row = next(i for i, r in enumerate(rows, start=1) if len(r) > 1)
        widths: dict[int, int] = {}
        for r, line in enumerate(rows, start=1):
            for c, raw in enumerate(line, start=1):
                value, fmt = excel_typed(raw)
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if fmt:
                    cell.number_format = fmt
                if r == header_row:
                    cell.font = Font(bold=True)
                    cell.fill = header_fill
                if r >= header_row:
                    widths[c] = max(widths.get(c, 8), min(len(str(raw)) + 2, 60))
        if header_row > 1:
            ws.cell(row=1, column=1).font = Font(bold=True, size=14)
            ws.merge_cells(start_row=1, start_column=1, end_row=1,
                           end_column=max(len(rows[header_row - 1]), 2))
        for c, width in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, wb.save)
