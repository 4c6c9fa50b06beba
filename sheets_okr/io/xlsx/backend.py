"""Excel backend: values through calamine; writes patch the package (openpyxl where
patching cannot), saved atomically."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from copy import copy
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from ...changes import CellChange, ChangeSet, Formula, SheetContent, last_used_row, placed
from ...errors import UsageError, WorkbookLocked, WouldLoseData
from ...model import Grid, RawBook
from ...owned import written_by_tool
from ...packed import PackedRows
from ...schema import STATE_TAB
from ..atomic import copy_atomic, temporary_glob, write_atomic
from ..filelock import hold_lock
from .limits import PackageLimits, check_package, not_a_package
from .parts import (
    FORMULA_TAG,
    error_cells,
    formula_cells,
    openpyxl_losses,
    sheet_parts,
    with_cached_values,
)
from .patch import PatchUnsupported, patch_package, patch_visuals

_FORMULA_MARKS = {b"<f", b":f>", b":f "}
_ERROR_MARK = b't="e"'
_SHAREABLE = frozenset({str, date, datetime})
_WRITABLE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")


class XlsxBackend:
    """An .xlsx or .xlsm file on disk. After a write, ``fallback`` says why it went
    through openpyxl (None when the package was patched)."""

    def __init__(self, path: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                 backup: bool = False, lock_timeout: float | None = None,
                 force: bool = False, limits: PackageLimits | None = None) -> None:
        self.path = Path(path)
        self.output = Path(output) if output else None
        self.backup = backup
        self.lock_timeout = lock_timeout
        self.force = force
        self.limits = limits
        self.name = str(path)
        self._stamp: tuple[int, int] | None = None
        self.fallback: str | None = None
        if self.output is not None and self.output.suffix.lower() != self.path.suffix.lower():
            raise UsageError(f"{self.output}: the output must be a {self.path.suffix} file, "
                             f"like {self.path.name}")

    @property
    def target(self) -> Path:
        """The file a write replaces: the output, else the workbook itself (the file a
        symbolic link points at, so that the link stays)."""
        if self.output is not None and not _same_file(self.output, self.path):
            return self.output
        return self.path.resolve() if self.path.is_symlink() else self.path

    @contextmanager
    def session(self, write: bool = True) -> Iterator[None]:
        """Hold the file to be written for a read-compute-write cycle: refused while it is
        open in Excel or LibreOffice, locked against other runs. A run that only reads
        (``write=False``) needs neither."""
        if not write:
            yield
            return
        check_output(self.output, self.path, self.force)
        refuse_if_open(self.target)
        with hold_lock(self.target, self.lock_timeout):
            self._remove_stale_temporaries()
            yield

    def _remove_stale_temporaries(self) -> None:
        """Delete what a killed run left of its atomic save; with the lock held, no other
        run is writing one."""
        target = self.target
        for name in (target, backup_path(target)):
            for stale in name.parent.glob(temporary_glob(name)):
                stale.unlink(missing_ok=True)

    def read(self) -> RawBook:
        from python_calamine import CalamineError, CalamineWorkbook

        path = self.path
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if not path.is_file():
            raise UsageError(f"{path}: not a file")
        if not zipfile.is_zipfile(path):
            raise UsageError(f"{path}: {not_a_package(path)}")
        with zipfile.ZipFile(path) as archive:
            check_package(path, archive, self.limits or PackageLimits.from_env())
        stat = path.stat()
        self._stamp = (stat.st_mtime_ns, stat.st_size)
        unreadable = (CalamineError, KeyError, zipfile.BadZipFile, OSError, ValueError,
                      ParseError)
        grids: dict[str, Grid] = {}
        # The formula and error scan inflates the sheet parts (zlib lets other threads
        # run meanwhile) while calamine reads the values.
        where = ""
        with ThreadPoolExecutor(1) as pool:
            scan = pool.submit(_scan, path)
            try:
                book = CalamineWorkbook.from_path(str(path))
                try:
                    for meta in book.sheets_metadata:
                        where = f"sheet '{meta.name}': "
                        sheet = book.get_sheet_by_name(meta.name)
                        rows = _rows(sheet, meta.name)
                        merged = [
                            (a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1)
                            for a, b in (sheet.merged_cell_ranges or [])
                        ]
                        del sheet  # its cells let go before the next sheet's are loaded
                        grids[meta.name] = Grid(
                            meta.name, rows, set(), merged,
                            hidden=str(meta.visible).split(".")[-1] != "Visible",
                        )
                finally:
                    book.close()
                where = ""
                formulas, errors = scan.result()
            except unreadable as exc:
                raise UsageError(f"{path}: not a readable Excel workbook ({where}{exc})"
                                 ) from None
        for title, grid in grids.items():
            grid.formula_text = formulas.get(title, {})
            grid.formulas = set(grid.formula_text)
            _put_errors(grid, errors.get(title, {}))
        return RawBook(grids, source=str(path))

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        """Apply ``changes`` by patching the package in place, or through openpyxl where
        patching cannot do a change, and replace the file atomically."""
        check_output(self.output, self.path, self.force)
        refuse_if_open(self.target)
        self._refuse_if_changed()
        after = {b.tab: last_used_row(book.grids[b.tab]) if b.tab in book.grids else 0
                 for b in changes.appended}
        self._refuse_if_read_only()
        self.fallback = None
        try:
            return self._save(lambda handle: patch_package(self.path, handle, changes, after))
        except PatchUnsupported as exc:
            self.fallback = str(exc)
        return self._write_openpyxl(placed(changes, book), book)

    def _write_openpyxl(self, changes: ChangeSet, book: RawBook) -> int:
        """Apply ``changes`` through openpyxl, refusing when saving would lose parts."""
        import openpyxl

        owned = {c.title for c in changes.sheets} | {STATE_TAB}
        with zipfile.ZipFile(self.path) as archive:
            losses = openpyxl_losses(archive, skip_sheets=owned)
        if losses and self.output is None:
            raise WouldLoseData(
                f"{self.path}: saving would lose {', '.join(losses)}; nothing was written. "
                f"Write the results to a copy with --output NEW.xlsx, or remove those parts")
        keep_vba = self.path.suffix.lower() == ".xlsm"
        try:
            wb = openpyxl.load_workbook(self.path, keep_vba=keep_vba, rich_text=True,
                                        keep_links=True)
        except Exception as exc:  # openpyxl raises many kinds on malformed packages
            raise UsageError(f"{self.path}: openpyxl cannot open it for writing ({exc})") from None
        unseen = sorted({c.tab for c in changes.cells} - set(wb.sheetnames))
        if unseen:
            raise UsageError(f"{self.path}: cannot write this workbook "
                             f"({self.fallback or 'openpyxl does not see ' + unseen[0]}); "
                             "nothing was written")
        written = apply_changes(wb, changes)

        def save(handle: BinaryIO) -> int:
            buffer = io.BytesIO()
            wb.save(buffer)
            package = buffer.getvalue()
            if book is not None:
                package = with_cached_values(package, book, wb.epoch, owned)
            handle.write(with_visuals(package, changes, self.path))
            return written

        return self._save(save)

    def _refuse_if_read_only(self) -> None:
        target = self.target
        if target.is_file() and not target.stat().st_mode & _WRITABLE:
            raise UsageError(f"{target}: the workbook is read-only; nothing was written. "
                             "Make it writable, or write the results to a copy with --output")

    def _refuse_if_changed(self) -> None:
        if self._stamp is None:
            return
        stat = self.path.stat()
        if (stat.st_mtime_ns, stat.st_size) != self._stamp:
            raise WorkbookLocked(f"{self.path}: the file changed while sheets-okr was "
                                 "computing; run again")

    def _save(self, write: Callable[[BinaryIO], int]) -> int:
        """Write the new package with ``write`` into a temporary file next to the target,
        then put it in the target's place, after a backup of the old file if asked."""
        return save_workbook(self.target, write, backup=self.backup)


def save_workbook(target: Path, write: Callable[[BinaryIO], int], backup: bool = False) -> int:
    """Replace ``target`` atomically by what ``write`` produces, keeping the old file as
    NAME.bak.xlsx first when ``backup``; UsageError (nothing changed) when either fails."""
    if backup and target.is_file():
        copy = backup_path(target)
        try:
            copy_atomic(target, copy)
        except OSError as exc:
            raise UsageError(f"{copy}: could not write the backup ({exc.strerror or exc}); "
                             "nothing was written, the previous backup is unchanged") from None
    try:
        return write_atomic(target, write)
    except OSError as exc:
        raise UsageError(f"{target}: could not save ({exc.strerror or exc}); "
                         "the original file is unchanged") from None


def check_output(output: Path | None, source: Path | None, force: bool) -> None:
    """Refuse to replace an existing file other than the source without ``force``."""
    if output is None or force or (source is not None and _same_file(output, source)):
        return
    if os.path.lexists(output):
        what = "a symbolic link" if output.is_symlink() else "a file"
        raise UsageError(f"{output}: {what} of that name exists; nothing was written. "
                         "Add --force to replace it, or choose another --output")


def refuse_if_open(path: Path) -> None:
    """WorkbookLocked when Excel (``~$NAME``, or ``~$`` in place of the name's first two
    characters) or LibreOffice (``.~lock.NAME#``) has the file open."""
    owners = [("Excel", path.with_name("~$" + path.name))]
    if len(path.name) > 2:
        owners.append(("Excel", path.with_name("~$" + path.name[2:])))
    owners.append(("LibreOffice", path.with_name(f".~lock.{path.name}#")))
    for app, owner in owners:
        if os.path.lexists(owner):
            raise WorkbookLocked(
                f"{path}: the workbook is open in {app} ({owner.name} exists); nothing was "
                f"written. Close it and run again (or delete {owner.name} if no one has it "
                "open)")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def apply_changes(wb: Any, changes: ChangeSet) -> int:
    """Apply the cells and sheets of ``changes`` to an openpyxl workbook (its charts and
    colour rules go in after the save: :func:`with_visuals`); the number of cells
    written."""
    written = 0
    for change in changes.cells:
        written += _apply_cell(wb[change.tab], change)
    for content in changes.sheets:
        fresh = content.title == changes.dashboard and bool(changes.charts)
        written += _replace_sheet(wb, content, fresh)
    return written


def with_visuals(package: bytes, changes: ChangeSet, path: Path) -> bytes:
    """A package openpyxl saved, with the charts and colour rules of ``changes``."""
    try:
        return patch_visuals(package, changes)
    except PatchUnsupported as exc:
        raise UsageError(f"{path}: cannot write the Dashboard's charts ({exc}); nothing "
                         "was written") from None


def _rows(sheet: Any, title: str) -> list[list[Any]] | PackedRows:
    """The sheet's rows from A1 (as ``to_python(skip_empty_area=False)`` gives them), made
    one at a time so that the whole sheet is never held twice. A tab the tool writes
    itself is held packed (:mod:`...packed`); in others, equal texts and dates are held
    once: a column repeats them thousands of times (a KPI's ID on each of its readings).
    """
    start = sheet.start
    pad = [""] * start[1] if start else []
    lines = iter(sheet.iter_rows())
    first = next(lines, None)
    if first is None:
        return []
    first = [*pad, *first]
    if written_by_tool(title, first):
        return PackedRows(chain([first], ([*pad, *row] for row in lines) if pad else lines))
    seen: dict[Any, Any] = {}
    keep = seen.setdefault
    shareable = _SHAREABLE
    rows = [[keep(v, v) if type(v) in shareable else v for v in first]]
    rows.extend([[*pad, *[keep(v, v) if type(v) in shareable else v for v in row]]
                 if pad else [keep(v, v) if type(v) in shareable else v for v in row]
                 for row in lines])
    return rows


def _scan(path: Path) -> tuple[
        dict[str, dict[tuple[int, int], str]], dict[str, dict[tuple[int, int], str]]]:
    with zipfile.ZipFile(path) as archive:
        return _formulas_and_errors(archive)


def _formulas_and_errors(archive: zipfile.ZipFile) -> tuple[
        dict[str, dict[tuple[int, int], str]], dict[str, dict[tuple[int, int], str]]]:
    """Per sheet: the cells holding formulas (with their text), and the cells holding
    error values; each sheet part is read once."""
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    names = set(archive.namelist())
    for title, part in sheet_parts(archive).items():
        if part not in names:
            continue
        formula, error = _marks(archive, part)
        formulas[title] = {}
        if not (formula or error):
            continue
        xml = archive.read(part)
        if formula:
            formulas[title] = formula_cells(xml)
        if error:
            errors[title] = error_cells(xml)
    return formulas, errors


def _marks(archive: zipfile.ZipFile, part: str) -> tuple[bool, bool]:
    """Whether a sheet part holds a formula element (not just a tag starting with ``f``,
    such as a conditional format's ``formula``) and an error cell; read in chunks so that
    a large sheet is never held whole."""
    formula = error = False
    tail = b""
    with archive.open(part) as stream:
        while not (formula and error) and (chunk := stream.read(1 << 16)):
            window = tail + chunk
            error = error or _ERROR_MARK in window
            formula = formula or (any(mark in window for mark in _FORMULA_MARKS)
                                  and FORMULA_TAG.search(window) is not None)
            tail = window[-8:]
    return formula, error


def _put_errors(grid: Grid, errors: dict[tuple[int, int], str]) -> None:
    """Show error values (#DIV/0!, #N/A...) in the grid instead of calamine's blanks."""
    if errors and not isinstance(grid.rows, list):
        grid.rows = list(grid.rows)
    for (row, col), text in errors.items():
        while len(grid.rows) < row:
            grid.rows.append([])
        line = grid.rows[row - 1]
        line.extend([None] * (col - len(line)))
        line[col - 1] = text


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def _apply_cell(ws: Any, change: CellChange) -> int:
    cell = ws.cell(row=change.row, column=change.col)
    if change.header and change.col > 1:
        left = ws.cell(row=change.row, column=change.col - 1)
        if left.has_style:
            cell.font = copy(left.font)
            cell.fill = copy(left.fill)
            cell.border = copy(left.border)
            cell.alignment = copy(left.alignment)
        width = ws.column_dimensions[left.column_letter].width
        ws.column_dimensions[cell.column_letter].width = max(width or 0, len(str(change.value)) + 4)
    general = cell.number_format == "General"
    set_literal(cell, change.value)
    if change.number_format and general:
        cell.number_format = change.number_format
    return 1


def set_literal(cell: Any, value: Any) -> None:
    """Put a value in a cell so that text is never read as a formula; control characters
    that XML cannot hold are written as Excel's ``_xHHHH_`` escapes."""
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str):
        value = _ILLEGAL_CHARACTERS.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _replace_sheet(wb: Any, content: SheetContent, fresh: bool = False) -> int:
    """Write a tool-owned sheet whole; ``fresh`` recreates it (dropping its charts)."""
    from openpyxl.styles import Font

    if content.title in wb.sheetnames and fresh:
        index = wb.sheetnames.index(content.title)
        wb.remove(wb[content.title])
        ws = wb.create_sheet(content.title, index)
    elif content.title in wb.sheetnames:
        ws = wb[content.title]
        if ws.max_row:
            ws.delete_rows(1, ws.max_row)
    else:
        ws = wb.create_sheet(content.title)
    written = 0
    for r, line in enumerate(content.rows, start=1):
        for c, value in enumerate(line, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c)
            set_literal(cell, value)
            written += 1
            if r in content.bold_rows:
                cell.font = Font(bold=True)
            if (r, c) in content.formats:
                cell.number_format = content.formats[(r, c)]
    for col, width in content.widths.items():
        ws.column_dimensions[_letter(col)].width = width
    if content.freeze_header:
        ws.freeze_panes = "A2"
    ws.sheet_state = "veryHidden" if content.hidden else "visible"
    return written


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)
