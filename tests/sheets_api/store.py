"""The server's in-memory file store, plus helpers tests use to inspect or edit it directly."""

from __future__ import annotations

import copy
import random
import string
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import cells as cellmod
from . import grid
from .a1 import parse_cells
from .defaults import sheet_properties, spreadsheet_properties
from .errors import ApiError
from .model import Sheet, Spreadsheet
from .render import clean_json, spreadsheet_json

ID_ALPHABET = string.ascii_letters + string.digits + "-_"
DEFAULT_EMAIL = "sheets-api-test@local-sheets-api.iam.gserviceaccount.com"


class Store:
    """All spreadsheets of the server, guarded by one re-entrant lock."""

    def __init__(self, owner_email: str = DEFAULT_EMAIL, seed: int | None = None) -> None:
        self.lock = threading.RLock()
        self.owner_email = owner_email
        self.rng = random.Random(seed)
        self.files: dict[str, Spreadsheet] = {}
        self._last_time = 0.0

    @contextmanager
    def locked(self) -> Iterator[Store]:
        with self.lock:
            yield self

    def now(self) -> float:
        """A strictly increasing wall-clock timestamp (millisecond resolution)."""
        with self.lock:
            stamp = max(round(time.time(), 3), round(self._last_time + 0.001, 3))
            self._last_time = stamp
            return stamp

    def new_file_id(self) -> str:
        return "1" + "".join(self.rng.choice(ID_ALPHABET) for _ in range(43))

    def reset(self) -> None:
        """Forget every file."""
        with self.lock:
            self.files.clear()

    def create_spreadsheet(
        self,
        title: str = "Untitled spreadsheet",
        sheets: list[str | dict[str, Any]] | None = None,
        *,
        spreadsheet_id: str | None = None,
        properties: dict[str, Any] | None = None,
        created: float | None = None,
        private: bool = False,
    ) -> str:
        """Create a spreadsheet directly (no HTTP); returns its id."""
        with self.lock:
            ss_id = spreadsheet_id or self.new_file_id()
            props = spreadsheet_properties(title)
            props.update(copy.deepcopy(properties or {}))
            stamp = self.now() if created is None else created
            ss = Spreadsheet(
                id=ss_id, properties=props, created=stamp, modified=stamp,
                owner_email=self.owner_email, private=private,
                rng=random.Random(self.rng.random()),
            )
            ss.permissions.append(self._owner_permission())
            for spec in sheets or ["Sheet1"]:
                self._add_sheet(ss, spec)
            self.files[ss_id] = ss
            return ss_id

    def _owner_permission(self) -> dict[str, Any]:
        return {
            "kind": "drive#permission", "id": str(self.rng.randint(10**19, 10**20 - 1)),
            "type": "user", "role": "owner", "emailAddress": self.owner_email,
            "displayName": self.owner_email.split("@")[0], "deleted": False,
        }

    def _add_sheet(self, ss: Spreadsheet, spec: str | dict[str, Any]) -> Sheet:
        given = {"title": spec} if isinstance(spec, str) else copy.deepcopy(spec)
        taken = {s.id for s in ss.sheets}
        sheet_id = given.get("sheetId")
        if sheet_id is None:
            sheet_id = 0 if not ss.sheets else ss.new_id(taken)
        title = given.get("title") or f"Sheet{len(ss.sheets) + 1}"
        props = sheet_properties(int(sheet_id), title, len(ss.sheets))
        grid_given = given.pop("gridProperties", None) or {}
        props.update({k: v for k, v in given.items() if k not in ("sheetId", "title", "index")})
        props["gridProperties"].update(grid_given)
        sheet = Sheet(properties=props)
        ss.sheets.append(sheet)
        return sheet

    def get(self, spreadsheet_id: str) -> Spreadsheet:
        """The spreadsheet as the API sees it: 404 when missing, 403 when not shared."""
        ss = self.files.get(spreadsheet_id)
        if ss is None:
            raise ApiError(404)
        if ss.private:
            raise ApiError(403)
        return ss

    def replace(self, ss: Spreadsheet) -> None:
        """Store a (modified copy of a) spreadsheet and bump its modifiedTime."""
        ss.recalculate()
        ss.modified = self.now()
        ss.version += 1
        self.files[ss.id] = ss

    def copy_file(self, spreadsheet_id: str, name: str | None = None) -> Spreadsheet:
        """Drive files.copy of a spreadsheet."""
        source = self.get(spreadsheet_id)
        clone = copy.deepcopy(source)
        clone.id = self.new_file_id()
        clone.properties["title"] = name or f"Copy of {source.title}"
        clone.created = clone.modified = self.now()
        clone.version = 1
        clone.permissions = [self._owner_permission()]
        clone.rng = random.Random(self.rng.random())
        self.files[clone.id] = clone
        return clone

    # -- helpers for tests -------------------------------------------------------------------

    def spreadsheet(self, spreadsheet_id: str) -> Spreadsheet:
        """Direct access (no permission check)."""
        try:
            return self.files[spreadsheet_id]
        except KeyError:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r}") from None

    def sheet(self, spreadsheet_id: str, sheet_title: str | None = None) -> Sheet:
        """A sheet by title (the first sheet when ``sheet_title`` is None)."""
        ss = self.spreadsheet(spreadsheet_id)
        sheet = ss.sheets[0] if sheet_title is None else ss.sheet_by_title(sheet_title)
        if sheet is None:
            raise KeyError(f"no sheet {sheet_title!r} in {spreadsheet_id!r}")
        return sheet

    def add_sheet(self, spreadsheet_id: str, title: str, rows: int = 1000, cols: int = 26) -> int:
        """Add a sheet directly; returns its sheetId."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            sheet = self._add_sheet(
                ss, {"title": title, "gridProperties": {"rowCount": rows, "columnCount": cols}}
            )
            ss.modified = self.now()
            ss.version += 1
            return sheet.id

    def get_values(
        self,
        spreadsheet_id: str,
        sheet_title: str | None = None,
        render: str = "UNFORMATTED_VALUE",
    ) -> list[list[Any]]:
        """Effective values as a rectangular 2D list (``None`` = empty), trailing blanks cut."""
        with self.lock:
            sheet = self.sheet(spreadsheet_id, sheet_title)
            filled = [k for k, c in sheet.cells.items() if c.get("effectiveValue") is not None]
            if not filled:
                return []
            height = max(k[0] for k in filled) + 1
            width = max(k[1] for k in filled) + 1
            return [
                [cellmod.render(sheet.cells.get((r, c)), render, "SERIAL_NUMBER")
                 for c in range(width)]
                for r in range(height)
            ]

    def get_cell(self, spreadsheet_id: str, sheet_title: str | None, a1: str) -> dict[str, Any]:
        """The stored CellData of one cell (a copy; ``{}`` when empty)."""
        with self.lock:
            sheet = self.sheet(spreadsheet_id, sheet_title)
            r0, _, c0, _ = parse_cells(a1)
            return copy.deepcopy(sheet.cells.get((r0 or 0, c0 or 0), {}))

    def set_values(
        self,
        spreadsheet_id: str,
        sheet_title: str | None,
        values: list[list[Any]],
        start: str = "A1",
        value_input: str = "USER_ENTERED",
    ) -> None:
        """Write values as a person typing would (grows the grid when needed)."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            sheet = self.sheet(spreadsheet_id, sheet_title)
            r0, _, c0, _ = parse_cells(start)
            r0, c0 = r0 or 0, c0 or 0
            need_rows = r0 + len(values)
            need_cols = c0 + max((len(row) for row in values), default=0)
            if need_rows > sheet.rows or need_cols > sheet.cols:
                grid.set_grid_size(sheet, max(sheet.rows, need_rows), max(sheet.cols, need_cols))
            for i, row in enumerate(values):
                for j, value in enumerate(row):
                    if value is None:
                        continue
                    entered, fmt = cellmod.parse_input(value, value_input == "USER_ENTERED")
                    grid.write_value(sheet, r0 + i, c0 + j, entered, fmt)
            self.replace(ss)

    def insert_rows(
        self,
        spreadsheet_id: str,
        sheet_title: str | None,
        row_index: int,
        values: list[list[Any]] | None = None,
        count: int | None = None,
    ) -> None:
        """Insert rows before zero-based ``row_index`` (like a person), optionally filling them."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            sheet = self.sheet(spreadsheet_id, sheet_title)
            n = count if count is not None else max(len(values or []), 1)
            grid.insert_dimension(ss, sheet, "ROWS", row_index, row_index + n, False)
            self.replace(ss)
        if values:
            self.set_values(spreadsheet_id, sheet_title, values, start=f"A{row_index + 1}")

    def delete_rows(self, spreadsheet_id: str, sheet_title: str | None, row_index: int,
                    count: int = 1) -> None:
        """Delete ``count`` rows starting at zero-based ``row_index``."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            sheet = self.sheet(spreadsheet_id, sheet_title)
            grid.delete_dimension(ss, sheet, "ROWS", row_index, row_index + count)
            self.replace(ss)

    def sort_rows(self, spreadsheet_id: str, sheet_title: str | None, column_index: int,
                  start_row: int = 1, descending: bool = False) -> None:
        """Sort the data rows below ``start_row`` (zero-based) by one column, like a person."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            sheet = self.sheet(spreadsheet_id, sheet_title)
            last = max((k[0] for k in sheet.cells), default=-1) + 1
            spec = {"dimensionIndex": column_index,
                    "sortOrder": "DESCENDING" if descending else "ASCENDING"}
            grid.sort_range(sheet, (start_row, max(last, start_row), 0, sheet.cols), [spec])
            self.replace(ss)

    def snapshot(self, spreadsheet_id: str, include_grid: bool = True) -> dict[str, Any]:
        """The Spreadsheet resource JSON (with grid data by default)."""
        with self.lock:
            ss = self.spreadsheet(spreadsheet_id)
            return clean_json(spreadsheet_json(ss, include_grid=include_grid), True)
