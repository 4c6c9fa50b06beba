"""Results of a workbook read elsewhere (a Google Sheet) written into a new Excel file:
``recompute SHEET --output copy.xlsx`` leaves the live sheet untouched."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..changes import ChangeSet, placed
from ..errors import UsageError
from ..model import RawBook
from .base import Backend
from .filelock import hold_lock


class ExcelCopy:
    """Reads through ``source``; writes the values read, with the changes applied, to the
    Excel file ``output`` (formulas are copied as their values)."""

    def __init__(self, source: Backend, output: str | os.PathLike[str], force: bool = False,
                 lock_timeout: float | None = None) -> None:
        self.source = source
        self.output = Path(output)
        self.force = force
        self.lock_timeout = lock_timeout
        self.name = source.name
        if self.output.suffix.lower() != ".xlsx":
            raise UsageError(f"{self.output}: the copy of a Google Sheet must be an .xlsx file")

    def read(self) -> RawBook:
        return self.source.read()

    @contextmanager
    def session(self, write: bool = True) -> Iterator[None]:
        """Hold the output file (the source is only read)."""
        if not write:
            yield
            return
        self._check_output()
        with hold_lock(self.output, self.lock_timeout):
            yield

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        import openpyxl

        from .xlsx.backend import apply_changes, save_workbook, set_literal, with_visuals

        self._check_output()
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, grid in book.grids.items():
            ws = wb.create_sheet(title)
            for r, line in enumerate(grid.rows, start=1):
                for c, value in enumerate(line, start=1):
                    if value is not None and value != "":
                        set_literal(ws.cell(row=r, column=c), value)
            for r1, c1, r2, c2 in grid.merged:
                if (r1, c1) != (r2, c2):
                    ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
            if grid.hidden:
                ws.sheet_state = "hidden"
        changes = placed(changes, book)
        written = apply_changes(wb, changes)

        def save(handle: BinaryIO) -> int:
            buffer = io.BytesIO()
            wb.save(buffer)
            handle.write(with_visuals(buffer.getvalue(), changes, self.output))
            return written

        return save_workbook(self.output, save)

    def _check_output(self) -> None:
        from .xlsx.backend import check_output

        check_output(self.output, None, self.force)
