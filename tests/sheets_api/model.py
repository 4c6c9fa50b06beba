"""In-memory spreadsheet model: sheets, sparse cells, ranges and recalculation."""

from __future__ import annotations

import copy
import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any

from . import cells as cellmod
from .a1 import Bounds, format_cells, format_range, is_cells, parse_cells, split_sheet
from .errors import ApiError, bad_request
from .formula import FormulaError, evaluate

Cell = dict[str, Any]
Resolved = tuple[int, int, int, int]


@dataclass
class Sheet:
    """One tab: properties plus everything attached to it."""

    properties: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[dict[str, int]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    filter_views: list[dict[str, Any]] = field(default_factory=list)
    row_meta: dict[int, dict[str, Any]] = field(default_factory=dict)
    col_meta: dict[int, dict[str, Any]] = field(default_factory=dict)
    row_groups: list[dict[str, Any]] = field(default_factory=list)
    column_groups: list[dict[str, Any]] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.properties["sheetId"])

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def grid(self) -> dict[str, Any]:
        return self.properties.setdefault("gridProperties", {})

    @property
    def rows(self) -> int:
        return int(self.grid.get("rowCount", 0))

    @property
    def cols(self) -> int:
        return int(self.grid.get("columnCount", 0))

    @property
    def is_grid(self) -> bool:
        return self.properties.get("sheetType", "GRID") == "GRID"

    def clamp(self, bounds: Bounds) -> Resolved:
        """Resolve unbounded sides against the grid size."""
        r0, r1, c0, c1 = bounds
        return (r0 or 0, self.rows if r1 is None else r1, c0 or 0, self.cols if c1 is None else c1)

    def check_limits(self, bounds: Resolved) -> None:
        """Raise Google's "exceeds grid limits" error when ``bounds`` leave the grid."""
        r0, r1, c0, c1 = bounds
        if r1 > self.rows or c1 > self.cols or r0 >= max(self.rows, 1) or c0 >= max(self.cols, 1):
            cells = format_cells(r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))
            title = self.title.replace("'", "''")
            raise bad_request(
                f"Range ('{title}'!{cells}) exceeds grid limits. Max rows: {self.rows}, "
                f"max columns: {self.cols}"
            )

    def a1(self, bounds: Resolved) -> str:
        return format_range(self.title, *bounds)


@dataclass
class Spreadsheet:
    """A spreadsheet file: properties, sheets, named ranges and Drive metadata."""

    id: str
    properties: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)
    created: float = 0.0
    modified: float = 0.0
    version: int = 1
    """Drive's ``version``: one more with every change stored."""
    owner_email: str = ""
    permissions: list[dict[str, Any]] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    private: bool = False
    rng: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def title(self) -> str:
        return str(self.properties.get("title", ""))

    def clone(self) -> Spreadsheet:
        """A copy safe to modify: cells are copied two levels deep (handlers replace, never
        mutate, anything deeper), everything else deeply."""
        sheets = []
        for sheet in self.sheets:
            cells = {
                key: {k: (dict(v) if isinstance(v, dict) else v) for k, v in cell.items()}
                for key, cell in sheet.cells.items()
            }
            rest = copy.deepcopy(dataclasses.replace(sheet, cells={}))
            rest.cells = cells
            sheets.append(rest)
        clone = copy.deepcopy(dataclasses.replace(self, sheets=[]))
        clone.sheets = sheets
        return clone

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.properties["index"] = i

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.id == sheet_id), None)

    def sheet_by_title(self, title: str) -> Sheet | None:
        found = next((s for s in self.sheets if s.title == title), None)
        if found is None:
            found = next((s for s in self.sheets if s.title.lower() == title.lower()), None)
        return found

    def require_sheet(self, sheet_id: int | None) -> Sheet:
        sheet = self.sheet_by_id(int(sheet_id or 0))
        if sheet is None:
            raise bad_request(f"No grid with id: {sheet_id or 0}")
        return sheet

    def named_range(self, name: str) -> dict[str, Any] | None:
        return next((n for n in self.named_ranges if n.get("name") == name), None)

    def new_id(self, taken: set[int]) -> int:
        while True:
            candidate = self.rng.randint(1, 2**31 - 1)
            if candidate not in taken:
                return candidate

    def resolve(self, text: str) -> tuple[Sheet, Bounds]:
        """Resolve an A1 range (sheet names quoted or not, named ranges) to a sheet and bounds."""
        unable = bad_request(f"Unable to parse range: {text}")
        try:
            sheet_name, cells, _quoted = split_sheet(text)
        except ValueError:
            raise unable from None
        if sheet_name is None:
            assert cells is not None
            sheet = self.sheet_by_title(cells)
            if sheet is not None:
                return sheet, (None, None, None, None)
            named = self.named_range(cells)
            if named is not None:
                return self._named_bounds(named, unable)
            if is_cells(cells) and self.sheets:
                return self.sheets[0], parse_cells(cells)
            raise unable
        sheet = self.sheet_by_title(sheet_name)
        if sheet is None:
            raise unable
        if not cells:
            return sheet, (None, None, None, None)
        if is_cells(cells):
            return sheet, parse_cells(cells)
        named = self.named_range(cells)
        if named is not None:
            named_sheet, bounds = self._named_bounds(named, unable)
            if named_sheet is sheet:
                return sheet, bounds
        raise unable

    def _named_bounds(self, named: dict[str, Any], unable: ApiError) -> tuple[Sheet, Bounds]:
        rng = named.get("range", {})
        sheet = self.sheet_by_id(int(rng.get("sheetId", 0)))
        if sheet is None:
            raise unable
        return sheet, grid_bounds(rng)

    def grid_range(self, rng: dict[str, Any]) -> tuple[Sheet, Resolved]:
        """A GridRange JSON object resolved against its sheet."""
        sheet = self.require_sheet(rng.get("sheetId"))
        return sheet, sheet.clamp(grid_bounds(rng))

    def recalculate(self) -> None:
        """Re-evaluate every formula cell (references read current effective values)."""
        formulas = [
            (sheet, key, cell)
            for sheet in self.sheets
            for key, cell in sheet.cells.items()
            if "formulaValue" in cell.get("userEnteredValue", {})
        ]
        if not formulas:
            return
        memo: dict[tuple[int, int, int], Any] = {}
        active: set[tuple[int, int, int]] = set()

        def value_of(sheet: Sheet, r: int, c: int) -> Any:
            key = (sheet.id, r, c)
            if key in memo:
                return memo[key]
            cell = sheet.cells.get((r, c))
            if cell is None:
                return None
            entered = cell.get("userEnteredValue", {})
            if "formulaValue" not in entered:
                return plain_value(cell.get("effectiveValue"))
            if key in active:
                return FormulaError("#REF!", "Circular dependency detected.")
            active.add(key)
            result = evaluate(entered["formulaValue"], reader(sheet))
            active.discard(key)
            memo[key] = result
            return result

        def reader(current: Sheet) -> Any:
            def read(sheet_name: str | None, cells: str) -> list[list[Any]]:
                target = current if sheet_name is None else self.sheet_by_title(
                    sheet_name.strip("'").replace("''", "'")
                )
                if target is None:
                    raise FormulaError("#REF!", f"Unresolved sheet name '{sheet_name}'.")
                r0, r1, c0, c1 = target.clamp(parse_cells(cells))
                return [[value_of(target, r, c) for c in range(c0, c1)] for r in range(r0, r1)]

            return read

        for sheet, (r, c), cell in formulas:
            set_effective(cell, value_of(sheet, r, c))


def grid_bounds(rng: dict[str, Any]) -> Bounds:
    """GridRange JSON to bounds."""

    def get(key: str) -> int | None:
        value = rng.get(key)
        return None if value is None else int(value)

    return get("startRowIndex"), get("endRowIndex"), get("startColumnIndex"), get("endColumnIndex")


def plain_value(effective: dict[str, Any] | None) -> Any:
    """ExtendedValue to a Python value for formula evaluation."""
    if not effective:
        return None
    if "numberValue" in effective:
        return float(effective["numberValue"])
    if "boolValue" in effective:
        return bool(effective["boolValue"])
    if "errorValue" in effective:
        code = cellmod.ERROR_CODES.get(effective["errorValue"].get("type", "ERROR"), "#ERROR!")
        return FormulaError(code, effective["errorValue"].get("message", ""))
    return effective.get("stringValue", "")


def set_effective(cell: Cell, value: Any) -> None:
    """Store a computed value as effectiveValue and formattedValue."""
    number_format = (cell.get("userEnteredFormat") or {}).get("numberFormat")
    if isinstance(value, FormulaError):
        cell["effectiveValue"] = {"errorValue": {"type": value.type, "message": value.message}}
        cell["formattedValue"] = value.code
        return
    if value is None:
        cell.pop("effectiveValue", None)
        cell.pop("formattedValue", None)
        return
    if isinstance(value, bool):
        effective: dict[str, Any] = {"boolValue": value}
    elif isinstance(value, (int, float)):
        effective = {"numberValue": float(value)}
    else:
        effective = {"stringValue": str(value)}
    cell["effectiveValue"] = effective
    cell["formattedValue"] = cellmod.formatted(effective, number_format)


def finish_cell(cell: Cell) -> None:
    """Recompute effectiveValue/formattedValue of a non-formula cell after a change."""
    entered = cell.get("userEnteredValue")
    if not entered:
        cell.pop("userEnteredValue", None)
        cell.pop("effectiveValue", None)
        cell.pop("formattedValue", None)
        return
    if "formulaValue" in entered:
        return
    cell["effectiveValue"] = dict(entered)
    cell["formattedValue"] = cellmod.formatted(entered, (cell.get("userEnteredFormat") or {}).get(
        "numberFormat"))
    if "errorValue" in entered:
        cell["formattedValue"] = cellmod.ERROR_CODES.get(entered["errorValue"].get("type"), "#N/A")


def is_empty(cell: Cell | None) -> bool:
    """A cell with nothing stored in it."""
    return not cell or not any(
        cell.get(k) for k in ("userEnteredValue", "userEnteredFormat", "note", "dataValidation",
                              "hyperlink", "textFormatRuns", "pivotTable")
    )


def has_value(cell: Cell | None) -> bool:
    """A cell holding a value (what the values API reports)."""
    return bool(cell and cell.get("userEnteredValue"))
