"""Turn raw sheet grids into typed tables: find tabs, header rows and columns, parse cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pandas as pd

from . import values as V
from .config import Settings
from .errors import InputError
from .model import CellProblem, Grid, Model, RawBook, Table, col_letter
from .schema import (
    DASHBOARD_TAB,
    FLAGS_TAB,
    REQUIRED_TABS,
    STATE_TAB,
    TAB_BY_KEY,
    Column,
    TabSpec,
    ValueType,
    column_index,
    normalize_name,
    tab_index,
)

HEADER_SCAN_ROWS = 30
OWNED_TABS = {normalize_name(t) for t in (FLAGS_TAB, DASHBOARD_TAB, STATE_TAB)}


def build_model(book: RawBook, settings: Settings | None = None) -> Model:
    """Read every recognised tab of ``book``; raise InputError when OKRs cannot be read."""
    settings = settings or Settings()
    chosen = _match_tabs(book)
    missing = [key for key in REQUIRED_TABS if key not in chosen]
    if missing:
        names = ", ".join(TAB_BY_KEY[k].title for k in missing)
        seen = ", ".join(f"'{t}'" for t in book.grids) or "none"
        raise InputError(f"{book.source}: no {names} tab found (tabs seen: {seen})")
    model = Model(book=book, tables={})
    for key, grid in chosen.items():
        spec = TAB_BY_KEY[key]
        table = _read_table(grid, spec, settings, model)
        if table is None:
            if key in REQUIRED_TABS:
                raise InputError(_missing_header_message(grid, spec))
            model.notes.append(f"Tab '{grid.title}' was not read: "
                               + _missing_header_message(grid, spec, short=True))
            continue
        model.tables[key] = table
    return model


def _match_tabs(book: RawBook) -> dict[str, Grid]:
    index = tab_index()
    chosen: dict[str, Grid] = {}
    exact: set[str] = set()
    for title, grid in book.grids.items():
        folded = normalize_name(title)
        if folded in OWNED_TABS:
            continue
        key = index.get(title)
        if key is None:
            continue
        is_exact = folded == normalize_name(TAB_BY_KEY[key].title)
        if key not in chosen or (is_exact and key not in exact):
            chosen[key] = grid
            if is_exact:
                exact.add(key)
    return chosen


def _missing_header_message(grid: Grid, spec: TabSpec, short: bool = False) -> str:
    missing = _missing_headers(grid, spec)
    text = f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    if short:
        return text
    required = ", ".join(c.header for c in spec.required)
    return (f"Tab '{grid.title}': {text} (its header row, within the first "
            f"{HEADER_SCAN_ROWS} rows, needs {required})")


def _missing_headers(grid: Grid, spec: TabSpec) -> list[str]:
    """The required headers absent from the row that holds most of them."""
    index = column_index(spec)
    best: set[str] = set()
    for line in grid.rows[:HEADER_SCAN_ROWS]:
        found = {index.get(v) for v in line if isinstance(v, str) and v.strip()}
        if len(found & {c.key for c in spec.required}) > len(best):
            best = found & {c.key for c in spec.required}
    return [c.header for c in spec.required if c.key not in best]


def find_header(grid: Grid, spec: TabSpec) -> tuple[int, dict[int, str]] | None:
    """The first row holding every required header, with its column keys by column."""
    index = column_index(spec)
    required = {c.key for c in spec.required}
    for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        found: dict[int, str] = {}
        for c, raw in enumerate(grid.rows[r - 1], start=1):
            if not isinstance(raw, str) or not raw.strip():
                continue
            key = index.get(raw)
            if key is not None and key not in found.values():
                found[c] = key
        if required <= set(found.values()):
            return r, found
    return None


def _read_table(grid: Grid, spec: TabSpec, settings: Settings, model: Model) -> Table | None:
    header = find_header(grid, spec)
    if header is None:
        if spec.key == "kpi_history":
            return _read_wide_history(grid, spec, settings, model)
        return None
    header_row, found = header
    inputs = {key: col for col, key in found.items() if _is_input(spec, key)}
    computed = {key: col for col, key in found.items() if not _is_input(spec, key)}
    header_cells = grid.rows[header_row - 1]
    extra = {
        c: str(v) for c, v in enumerate(header_cells, start=1)
        if c not in found and v not in (None, "")
    }
    last_col = max([*found, *extra, 0])
    cols = sorted(inputs.values())
    data_rows = [
        r for r in range(header_row + 1, grid.height + 1)
        if any(not V.is_blank(v) for v in _cells(grid.rows[r - 1], cols))
    ]
    parsed, errors = _parse_columns(grid, spec, inputs, data_rows, settings)
    frame = pd.DataFrame(parsed, index=pd.Index(data_rows, dtype="int64"))
    frame["_error"] = pd.Series([r in errors for r in data_rows], index=frame.index, dtype=bool)
    table = Table(spec, grid.title, header_row, inputs, computed, frame, last_col, extra)
    _record_problems(table, errors, model)
    return table


def _is_input(spec: TabSpec, key: str) -> bool:
    return any(c.key == key for c in spec.columns)


Problems = dict[int, list[tuple[Column, int, Any, str]]]


def _parse_columns(
    grid: Grid,
    spec: TabSpec,
    inputs: dict[str, int],
    rows: list[int],
    settings: Settings,
) -> tuple[dict[str, Any], Problems]:
    out: dict[str, Any] = {}
    errors: Problems = {}
    for column in spec.columns:
        col = inputs.get(column.key)
        raw = _column(grid, col, rows) if col else [None] * len(rows)
        parser = _parser(column.type, settings)
        results = []
        for r, value in zip(rows, raw, strict=True):
            try:
                results.append(parser(value))
            except V.CellValueError as exc:
                errors.setdefault(r, []).append((column, col or 0, value, exc.expected))
                results.append(parser(None))
        out.update(_typed_columns(column, results))
    id_key = spec.id_column
    if id_key and spec.text_column:
        for r, ident, text in zip(rows, out[id_key], out[spec.text_column], strict=True):
            if _missing(ident) and not _missing(text):
                errors.setdefault(r, []).append(
                    (spec.column(id_key), inputs[id_key], None, "an ID")
                )
    return out, errors


def _cells(line: list[Any], cols: list[int]) -> list[Any]:
    width = len(line)
    return [line[c - 1] if c <= width else None for c in cols]


def _column(grid: Grid, col: int, rows: list[int]) -> list[Any]:
    """The values of one column in ``rows``, None for empty cells."""
    out = []
    for r in rows:
        line = grid.rows[r - 1]
        value = line[col - 1] if col <= len(line) else None
        out.append(None if value == "" else value)
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _parser(kind: ValueType, settings: Settings) -> Callable[[Any], Any]:
    if kind is ValueType.ID:
        return V.parse_id
    if kind is ValueType.NUMBER:
        return V.parse_number
    if kind is ValueType.MEASURE:
        return V.parse_measure
    if kind is ValueType.DATE:
        return lambda v: V.parse_date(v, day_first=settings.day_first)
    if kind is ValueType.PERIOD:
        return V.parse_period
    if kind is ValueType.CODES:
        return lambda v: ",".join(V.parse_codes(v)) or None
    return _parse_text


def _parse_text(value: Any) -> str | None:
    try:
        return V.parse_text(value)
    except V.CellValueError:
        return str(value)


def _typed_columns(column: Column, results: list[Any]) -> dict[str, Any]:
    key = column.key
    if column.type is ValueType.NUMBER:
        return {key: pd.Series(results, dtype="float64").to_numpy()}
    if column.type is ValueType.MEASURE:
        numbers = [n for n, _ in results] if results else []
        done = [d for _, d in results] if results else []
        return {
            key: pd.Series(numbers, dtype="float64").to_numpy(),
            f"{key}_done": pd.array(done, dtype="boolean"),
        }
    if column.type is ValueType.DATE:
        return {key: pd.to_datetime(pd.Series(results, dtype="object")).to_numpy()}
    if column.type is ValueType.PERIOD:
        return {
            key: pd.array([p.label if p else None for p in results], dtype="str"),
            f"{key}_start": pd.to_datetime(
                pd.Series([p.start if p else None for p in results], dtype="object")
            ).to_numpy(),
            f"{key}_end": pd.to_datetime(
                pd.Series([p.end if p else None for p in results], dtype="object")
            ).to_numpy(),
        }
    return {key: pd.array(results, dtype="str")}


def _record_problems(table: Table, errors: Problems, model: Model) -> None:
    items = table.items()
    for row in sorted(errors):
        for column, col, value, expected in errors[row]:
            model.problems.append(
                CellProblem(
                    tab_key=table.key,
                    tab=table.title,
                    row=row,
                    col=col,
                    column=column.key,
                    header=column.header,
                    value=value,
                    expected=expected,
                    item=str(items.get(row, f"row {row}")),
                )
            )


def _read_wide_history(
    grid: Grid, spec: TabSpec, settings: Settings, model: Model
) -> Table | None:
    """KPI History as one row per KPI and one column per date."""
    index = column_index(TAB_BY_KEY["kpis"])
    for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        cells = grid.rows[r - 1]
        id_col = next(
            (c for c, v in enumerate(cells, start=1)
             if isinstance(v, str) and index.get(v) in ("id", "kpi")),
            None,
        )
        if id_col is None:
            continue
        date_cols = {}
        for c, v in enumerate(cells, start=1):
            if c == id_col or V.is_blank(v) or isinstance(v, bool):
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 20000:
                continue
            try:
                date_cols[c] = V.parse_date(v, day_first=settings.day_first)
            except V.CellValueError:
                continue
        if not date_cols:
            continue
        return _wide_table(grid, spec, r, id_col, date_cols, model)
    return None


def _wide_table(
    grid: Grid,
    spec: TabSpec,
    header_row: int,
    id_col: int,
    date_cols: dict[int, date | datetime | None],
    model: Model,
) -> Table:
    dates: list[Any] = []
    kpis: list[str | None] = []
    values: list[float | None] = []
    flags: list[bool] = []
    cells: dict[tuple[int, str], tuple[int, int]] = {}
    for r in range(header_row + 1, grid.height + 1):
        kpi = V.parse_id(grid.value(r, id_col))
        if kpi is None:
            continue
        for c, day in date_cols.items():
            raw = grid.value(r, c)
            if V.is_blank(raw):
                continue
            i = len(values)
            cells[(i, "value")] = (r, c)
            cells[(i, "")] = (r, c)
            try:
                values.append(V.parse_number(raw))
                flags.append(False)
            except V.CellValueError as exc:
                values.append(None)
                flags.append(True)
                model.problems.append(CellProblem(
                    spec.key, grid.title, r, c, "value", f"Value {col_letter(c)}",
                    raw, exc.expected, kpi,
                ))
            dates.append(day)
            kpis.append(kpi)
    frame = pd.DataFrame({
        "date": pd.to_datetime(pd.Series(dates, dtype="object")).to_numpy(),
        "kpi": pd.array(kpis, dtype="str"),
        "value": pd.Series(values, dtype="float64").to_numpy(),
        "note": pd.array([None] * len(values), dtype="str"),
        "_error": pd.Series(flags, dtype=bool).to_numpy(),
    })
    return Table(spec, grid.title, header_row, {"kpi": id_col}, {}, frame,
                 max(date_cols), cells=cells)
