"""Readers of KPI readings: CSV and Excel files (a path or a glob), a range of another
spreadsheet (Excel or Google Sheets) and a SQL query through SQLAlchemy."""

from __future__ import annotations

import csv
import glob
import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, overload

import pandas as pd

from ..config import Settings
from ..errors import UsageError
from ..model import a1
from ..schema import normalize_name
from ..values import CellValueError, is_blank, parse_date, parse_id, parse_number, parse_text
from .config import SourceConfig
from .ranges import CellRange, parse_range
from .readings import Reading, Readings
from .secrets import Redactor, expand_env, mask_url

LOG = logging.getLogger("sheets_okr.sync")
GLOB_CHARS = re.compile(r"[*?\[]")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")
FAST_DELIMITERS = (",", ";", "|", "\t")
PLAIN_NUMBERS = re.compile(r"(?:-?[0-9]++(?:\.[0-9]++)?+\n)*+")
"""Plain decimal numbers, one a line: a whole column of them is checked in one match
(possessive, as nothing there is ever given back: a tenth of the time; other digits than
0-9 are left to the reading of row by row)."""
PERMANENT_SQLITE = ("syntax error", "no such table", "no such column", "no such function",
                    "ambiguous column")

Row = tuple[str, Sequence[Any]]
Table = tuple[str, list[Any], Sequence[Row]]
Pace = Callable[[str], None]


class SourceError(UsageError):
    """A source whose data cannot be read as readings (not worth retrying)."""


def fetch_readings(source: SourceConfig, settings: Settings, redactor: Redactor | None = None,
                   pace: Pace | None = None) -> Readings:
    """Every reading of ``source``, one per (date, KPI) (the last one wins); SourceError
    when a row cannot be read, so that a source is taken whole or not at all."""
    day_first = settings.day_first if source.day_first is None else source.day_first
    if source.type == "csv":
        tables = [_csv_rows(source, path) for path in _files(source)]
    elif source.type == "excel":
        tables = [_excel_rows(source, path) for path in _files(source)]
    elif source.type == "sheet":
        tables = [_sheet_rows(source, pace)]
    else:
        tables = [_sql_rows(source, redactor or Redactor())]
    return Readings.join(to_readings(source, header, rows, day_first, label)
                         for label, header, rows in tables).latest()


def to_readings(source: SourceConfig, header: Sequence[Any], rows: Iterable[Row],
                day_first: bool = False, label: str = "") -> Readings:
    """Map a table's columns to readings; rows without a value are skipped. A missing
    note column only means no notes."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if not is_blank(name):
            index.setdefault(normalize_name(str(name)), i)
    seen = ", ".join(str(h) for h in header if not is_blank(h)) or "none"

    def column(name: str, role: str) -> int:
        found = index.get(normalize_name(name))
        if found is None:
            raise SourceError(f"{label or source.label}: no column '{name}' for the {role} "
                              f"(columns: {seen})")
        return found

    date_col = column(source.date, "date")
    value_col = column(source.value, "value")
    kpi_col = None if source.kpi_id else column(source.kpi, "KPI ID")
    note_col = index.get(normalize_name(source.note)) if source.note else None
    rows = rows if isinstance(rows, Sequence) else list(rows)
    fast = _plain_columns(source, rows, date_col, value_col, kpi_col, note_col, day_first)
    if fast is not None:
        return fast
    days: dict[Any, date | None] = {}
    kpis: dict[Any, str | None] = {}
    notes: dict[Any, str | None] = {}
    out: list[Reading] = []
    last = max(i for i in (date_col, value_col, kpi_col, note_col) if i is not None)
    for where, cells in rows:
        if len(cells) <= last:
            cells = [*cells, *[None] * (last + 1 - len(cells))]
        raw = cells[value_col]
        if raw is None or raw == "" or is_blank(raw):
            continue
        try:
            day = _cached(days, cells[date_col], lambda v: parse_date(v, day_first=day_first))
            value = _number(raw)
        except CellValueError as exc:
            raise SourceError(f"{where}: {exc}") from None
        kpi = source.kpi_id or _cached(kpis, cells[kpi_col], parse_id)
        if day is None or kpi is None or value is None or isinstance(raw, bool):
            what = "a date" if day is None else "a KPI ID" if kpi is None else "a number"
            raise SourceError(f"{where}: no {what} in this row")
        note = None if note_col is None else _cached(notes, cells[note_col], _note)
        out.append(Reading(day, kpi, value, note, source.name))
    return Readings.of(out)


def _plain_columns(source: SourceConfig, rows: Sequence[Row], date_col: int, value_col: int,
                   kpi_col: int | None, note_col: int | None, day_first: bool
                   ) -> Readings | None:
    """The readings of ``rows`` read a column at a time, when every value is a plain
    decimal number typed as text and every date and KPI reads: each distinct date, KPI and
    note is parsed once. None otherwise (the rows are then read one by one, which names
    the first row that cannot be read)."""
    lines = rows if isinstance(rows, Lines) else Lines(Path(), [cells for _, cells in rows])
    last = max(i for i in (date_col, value_col, kpi_col, note_col) if i is not None)
    count = len(lines)
    if not count or lines.width <= last:
        return None
    raw = lines.column(value_col)
    try:
        if PLAIN_NUMBERS.fullmatch("\n".join(raw) + "\n") is None:
            return None
        days = _each(lines, date_col, lambda v: parse_date(v, day_first=day_first))
        kpis = [source.kpi_id] * count if source.kpi_id else _each(lines, kpi_col, parse_id)
        notes = [None] * count if note_col is None else _each(lines, note_col, _note,
                                                            blank=True)
    except (CellValueError, TypeError, ValueError):
        return None
    if days is None or kpis is None or notes is None:
        return None
    try:
        values = list(map(float, raw))
    except ValueError:
        return None
    return Readings(days, kpis, values, notes, [source.name] * count)


def _each(lines: Lines, col: int | None, parse: Callable[[Any], Any],
          blank: bool = False) -> list[Any] | None:
    """``parse`` of column ``col`` of every line, once per distinct value; None when a
    value reads as nothing (unless ``blank`` allows it)."""
    assert col is not None
    column = lines.column(col)
    parsed = {value: parse(value) for value in dict.fromkeys(column)}
    if not blank and None in parsed.values():
        return None
    return list(map(parsed.__getitem__, column))


def _cached(seen: dict[Any, Any], raw: Any, parse: Any) -> Any:
    """``parse(raw)``, once per distinct ``raw`` (a column repeats its dates and IDs)."""
    try:
        return seen[raw]
    except KeyError:
        seen[raw] = found = parse(raw)
        return found
    except TypeError:
        return parse(raw)


def _number(raw: Any) -> float | None:
    """A reading's value; plain decimal text is read at once, anything else as typed."""
    if type(raw) is str and PLAIN_NUMBER.match(raw):
        return float(raw)
    return parse_number(float(raw) if isinstance(raw, Decimal) else raw)


def _note(raw: Any) -> str | None:
    try:
        return parse_text(raw)
    except CellValueError:
        return str(raw)


def _files(source: SourceConfig) -> list[Path]:
    assert source.path is not None
    pattern = str(source.base_dir / Path(source.path).expanduser())
    if GLOB_CHARS.search(source.path):
        matches = sorted(Path(p) for p in glob.glob(pattern) if os.path.isfile(p))
        if not matches:
            LOG.warning("%s: no file matches %s", source.label, pattern)
        return matches
    path = Path(pattern)
    if not path.exists():
        raise SourceError(f"{source.label}: {path}: no such file")
    return [path]


class Lines(Sequence[Row]):
    """The rows of a text file: their cells (row by row, or column by column) and line
    numbers; a row's label (the file and line) is made when asked for, and the line
    numbers are counted (by ``count``) only then when not known."""

    def __init__(self, path: Path, cells: list[list[str]] | None = None,
                 numbers: Sequence[int] | None = None,
                 columns: list[list[str]] | None = None,
                 count: Callable[[], Sequence[int]] | None = None) -> None:
        self.path = path
        self.cells = cells if cells is not None or columns is not None else []
        self.columns = columns
        self._numbers = numbers if numbers is not None or count is not None else []
        self._count = count

    @property
    def numbers(self) -> Sequence[int]:
        if self._numbers is None:
            assert self._count is not None
            self._numbers = self._count()
        return self._numbers

    @property
    def width(self) -> int:
        """The number of cells of the shortest row."""
        if self.columns is not None:
            return len(self.columns) if self.columns and self.columns[0] else 0
        return min(map(len, self.cells), default=0)

    def column(self, index: int) -> list[str]:
        if self.columns is not None:
            return self.columns[index]
        assert self.cells is not None
        return list(map(itemgetter(index), self.cells))

    def __len__(self) -> int:
        if self.columns is not None:
            return len(self.columns[0]) if self.columns else 0
        return len(self.cells or ())

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        number = self.numbers[index]
        if self.columns is not None:
            return f"{self.path} line {number}", [column[index] for column in self.columns]
        assert self.cells is not None
        return f"{self.path} line {number}", self.cells[index]


def _csv_rows(source: SourceConfig, path: Path) -> Table:
    """The header (the first line not blank) and the rows below it, blank lines left out;
    each row with its line number."""
    try:
        table = _csv_columns(source, path)
        if table is not None:
            return table
        with path.open(newline="", encoding=source.encoding) as handle:
            reader = csv.reader(handle, delimiter=source.delimiter)
            records = list(reader)
            one_line_each = reader.line_num == len(records)
        if not one_line_each:
            return _csv_lines(source, path)
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not {source.encoding} text; set encoding for "
                          f"{source.label}") from None
    except csv.Error as exc:
        raise SourceError(f"{path}: not a readable CSV file ({exc})") from None
    if all(records) and all(map(str.strip, map(itemgetter(0), records))):
        kept = range(1, len(records) + 1)
    else:
        kept = [n for n, line in enumerate(records, start=1)
                if line and (line[0].strip() or any(cell.strip() for cell in line))]
    if not kept:
        return str(path), [], Lines(path)
    cells = records[1:] if isinstance(kept, range) else [records[n - 1] for n in kept[1:]]
    return str(path), list(records[kept[0] - 1]), Lines(path, cells, kept[1:])


def _csv_columns(source: SourceConfig, path: Path) -> Table | None:
    """:func:`_csv_rows` column by column, by pandas' CSV parser, for a file without
    quotes (so that every delimiter parts cells and every line is a row) whose rows have
    as many cells as its first one; None for any other file. The line numbers are
    counted only when a row's label is asked for."""
    delimiter = source.delimiter
    if delimiter not in FAST_DELIMITERS:
        return None
    data = path.read_bytes()
    if b'"' in data or b"\x00" in data:
        return None
    text = data.decode(source.encoding)
    if not text.strip() or text.startswith("\ufeff"):
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str,
                            keep_default_na=False, skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    columns = [frame[key].tolist() for key in frame.columns]
    if text.count(delimiter) != len(frame) * (len(columns) - 1):
        return None
    if not all(map(str.strip, columns[0])):
        kept = [n for n in range(len(frame)) if any(column[n].strip() for column in columns)]
        if not kept:
            return None
        columns = [[column[n] for n in kept] for column in columns]
    header = [column[0] for column in columns]
    return str(path), header, Lines(path, columns=[column[1:] for column in columns],
                                    count=lambda: _csv_lines(source, path)[2].numbers)


def _csv_lines(source: SourceConfig, path: Path) -> Table:
    """:func:`_csv_rows` of a file whose rows may span lines (line breaks in quotes)."""
    header: list[Any] | None = None
    cells: list[list[str]] = []
    numbers: list[int] = []
    with path.open(newline="", encoding=source.encoding) as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        for line in reader:
            if not line or not (line[0].strip() or any(cell.strip() for cell in line)):
                continue
            if header is None:
                header = list(line)
            else:
                cells.append(line)
                numbers.append(reader.line_num)
    return str(path), header or [], Lines(path, cells, numbers)


def _excel_rows(source: SourceConfig, path: Path) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    cells = parse_range(source.range) if source.range else None
    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            tab = source.sheet or (cells.tab if cells else None) or book.sheet_names[0]
            if tab not in book.sheet_names:
                raise SourceError(f"{path}: no tab '{tab}' (tabs: {', '.join(book.sheet_names)})")
            grid = [list(r) for r in book.get_sheet_by_name(tab).to_python(skip_empty_area=False)]
        finally:
            book.close()
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
            raise
        raise SourceError(f"{path}: not a readable Excel file ({exc})") from None
    return window(grid, cells, f"{path} '{tab}'")


def _sheet_rows(source: SourceConfig, pace: Pace | None) -> Table:
    from ..io import is_gsheet, open_backend

    assert source.source is not None
    location = source.source
    remote = is_gsheet(location)
    if not remote:
        location = str(source.base_dir / Path(location).expanduser())
    if remote and pace is not None:
        pace("read")
    book = open_backend(location).read()
    cells = parse_range(source.range) if source.range else None
    tab = source.sheet or (cells.tab if cells else None)
    if tab is None:
        tab = next(iter(book.grids), "")
    grid = book.grids.get(tab)
    if grid is None:
        folded = normalize_name(tab)
        grid = next((g for t, g in book.grids.items() if normalize_name(t) == folded), None)
    if grid is None:
        raise SourceError(f"{source.label}: no tab '{tab}' in {book.source} "
                          f"(tabs: {', '.join(book.grids)})")
    return window(grid.rows, cells, f"{book.source} '{grid.title}'")


def window(grid: list[list[Any]], cells: CellRange | None, label: str) -> Table:
    """The header (the first non-empty row of the range) and the rows below it."""
    cells = cells or CellRange(None, 1, 1, None, None)
    last_row = cells.last_row or len(grid)
    c1 = cells.first_col - 1
    c2 = cells.last_col
    header: list[Any] | None = None
    rows: list[Row] = []
    for r in range(cells.first_row, min(last_row, len(grid)) + 1):
        line = list(grid[r - 1][c1:c2])
        if all(is_blank(v) for v in line):
            continue
        if header is None:
            header = line
        else:
            rows.append((f"{label} {a1(r, cells.first_col)}", line))
    return label, header or [], rows


def sql_url(source: SourceConfig) -> str:
    """The source's database URL, secrets expanded; relative SQLite paths are taken from
    the config file's folder."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if source.path:
        path = source.base_dir / Path(expand_env(source.path, source.label)).expanduser()
        return f"sqlite:///{path}"
    if source.url_env:
        url = os.environ.get(source.url_env)
        if not url:
            raise SourceError(f"{source.label}: environment variable {source.url_env} "
                              "(url_env) is not set")
    else:
        url = expand_env(source.url or "", f"{source.label} url")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SourceError(f"{source.label}: not a SQLAlchemy URL: {mask_url(url)}") from None
    db = parsed.database
    if parsed.get_backend_name() == "sqlite" and db and db != ":memory:" \
            and not db.startswith("file:") and not Path(db).is_absolute():
        url = parsed.set(database=str(source.base_dir / db)).render_as_string(
            hide_password=False)
    return url


def _sql_rows(source: SourceConfig, redactor: Redactor) -> Table:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError
    from sqlalchemy.pool import NullPool

    url = sql_url(source)
    redactor.add_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not str(parsed.database).startswith("file:") \
            and not Path(str(parsed.database)).is_file():
        raise SourceError(f"{source.label}: {parsed.database}: no such SQLite file")
    LOG.debug("%s: querying %s", source.label, mask_url(url))
    try:
        engine = create_engine(url, poolclass=NullPool)
    except NoSuchModuleError:
        raise SourceError(f"{source.label}: no database driver for {mask_url(url)}; install "
                          "it (for PostgreSQL: pip install 'sheets-okr[postgres]')") from None
    except (ArgumentError, ImportError, ModuleNotFoundError) as exc:
        raise SourceError(f"{source.label}: cannot use {mask_url(url)} ({exc})") from None
    try:
        with engine.connect() as connection:
            result = connection.execute(text(source.query or ""))
            header = list(result.keys())
            rows: list[Row] = [(f"{source.label} row {i}", list(r))
                               for i, r in enumerate(result, start=1)]
    finally:
        engine.dispose()
    return source.label, header, rows


def is_transient(exc: BaseException) -> bool:
    """Whether a source failure may go away on its own: a database that cannot be
    reached or is busy, or an I/O error on a network share."""
    try:
        from sqlalchemy import exc as sa
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        sa = None
    if sa is not None and isinstance(exc, (sa.OperationalError, sa.InterfaceError)):
        message = str(getattr(exc, "orig", exc)).lower()
        sqlite = type(getattr(exc, "orig", None)).__module__.startswith("sqlite3")
        return not (sqlite and any(word in message for word in PERMANENT_SQLITE))
    if sa is not None and isinstance(exc, (sa.TimeoutError, sa.DisconnectionError)):
        return True
    if isinstance(exc, (FileNotFoundError, IsADirectoryError, NotADirectoryError,
                        PermissionError)):
        return False
    return isinstance(exc, OSError)
