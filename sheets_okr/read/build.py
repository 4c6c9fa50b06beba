"""Turn cell values into typed model tables: one parser per column type, problems for the
cells that cannot be read. Used by the reader for every layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from .. import values as V
from ..config import Settings
from ..model import CellProblem, Grid, Model, Table
from ..schema import Column, TabSpec, ValueType

Problems = dict[int, list[tuple[Column, int, Any, str]]]


class SheetTable(Table):
    """A table that shares its sheet with other tables: a column appended for any of them
    is not reused by the others (``last_col`` reaches past every one of them)."""

    neighbours: list[dict[str, int]]

    @property  # type: ignore[override]
    def last_col(self) -> int:
        taken = [c for computed in getattr(self, "neighbours", []) for c in computed.values()]
        return max([self._last_col, *self.computed.values(), *taken])

    @last_col.setter
    def last_col(self, value: int) -> None:
        self._last_col = value


def parser(kind: ValueType, settings: Settings, decimal_comma: bool = False,
           day_first: bool | None = None) -> Callable[[Any], Any]:
    """The cell parser of a column type."""
    first = settings.day_first if day_first is None else day_first
    if kind is ValueType.ID:
        return V.parse_id
    if kind is ValueType.NUMBER:
        return lambda v: V.parse_number(v, decimal_comma=decimal_comma)
    if kind is ValueType.MEASURE:
        return lambda v: V.parse_measure(v, decimal_comma=decimal_comma)
    if kind is ValueType.DATE:
        return lambda v: V.parse_date(v, day_first=first)
    if kind is ValueType.PERIOD:
        return lambda v: V.parse_period(v, day_first=first)
    if kind is ValueType.CODES:
        return _ignore_codes
    return parse_text


_CODE = re.compile(r"OKR[0-9]{0,3}")


def _ignore_codes(value: Any) -> str | None:
    """The rule codes of an Ignore cell; anything else in it is unreadable (a stray ``O``
    would otherwise silence every rule on the row)."""
    codes = V.parse_codes(value)
    if any(not _CODE.fullmatch(code) for code in codes):
        raise V.CellValueError(value, "rule codes such as OKR107")
    return ",".join(codes) or None


def parse_text(value: Any) -> str | None:
    try:
        return V.parse_text(value)
    except V.CellValueError:
        return str(value)


def typed_columns(column: Column, results: list[Any]) -> dict[str, Any]:
    """One parsed column as the frame columns the calculation core expects."""
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


def record_problems(table: Table, errors: Problems, model: Model) -> None:
    if not errors:
        return
    items = table.items()
    for row in sorted(errors):
        for column, col, value, expected in errors[row]:
            model.problems.append(CellProblem(
                tab_key=table.key, tab=table.title, row=row, col=col, column=column.key,
                header=column.header, value=value, expected=expected,
                item=str(items.get(row, f"row {row}")),
            ))


WORDS: dict[str, Callable[[Any], str | None]] = {
    "direction": V.parse_direction,
    "confidence": V.parse_confidence,
}


def cell_values(grid: Grid, col: int | None, rows: Sequence[int]) -> list[Any]:
    """The values of sheet column ``col`` in ``rows``; None for empty cells."""
    if not col:
        return [None] * len(rows)
    lines = grid.rows
    height = len(lines)
    if rows and 0 < rows[0] and rows[-1] <= height and rows[-1] - rows[0] + 1 == len(rows):
        picked = lines[rows[0] - 1:rows[-1]]
    else:
        picked = [lines[r - 1] if 0 < r <= height else () for r in rows]
    out = [line[col - 1] if col <= len(line) else None for line in picked]
    return [None if v == "" else v for v in out]


_REPEATED = frozenset({str, date, datetime, type(None)})
_FLOAT_OR_NONE = frozenset({float, type(None)})
Parsed = tuple[Any, Any, str | None]


def _plain_numbers(raw: list[Any]) -> bool:
    """Whether every value is a finite float or blank, so that none needs parsing."""
    if not set(map(type, raw)) <= _FLOAT_OR_NONE:
        return False
    return not np.isinf(np.array(raw, dtype="float64")).any()


_NUMBER_OR_NONE = frozenset({float, int, type(None)})


def _plain_measures(raw: list[Any]) -> list[tuple[float | None, bool | None]] | None:
    """``V.parse_measure`` of every value, when each is a finite number or blank (none
    then needs parsing); None otherwise."""
    if not set(map(type, raw)) <= _NUMBER_OR_NONE:
        return None
    try:
        if np.isinf(np.array(raw, dtype="float64")).any():
            return None
    except OverflowError:
        return None
    return [(None, None) if v is None or v != v else (1.0, True) if v == 1 else
            (0.0, False) if v == 0 else (float(v), None) for v in raw]


def _parse_column(parse: Callable[[Any], Any], words: Callable[[Any], str | None] | None,
                  raw: list[Any]) -> list[Parsed]:
    """Each value parsed: (result, the value as read, what was expected when it could not
    be read; the result is then a blank's). Texts, dates and blanks repeat down a column
    and are parsed once each."""
    memo: dict[Any, Parsed] = {}
    out: list[Parsed] = []
    for value in raw:
        repeated = type(value) in _REPEATED
        if repeated and value in memo:
            out.append(memo[value])
            continue
        shown = value
        if words is not None and words(value) is not None:
            shown = words(value)
        try:
            parsed: Parsed = (parse(shown), shown, None)
        except V.CellValueError as exc:
            parsed = (parse(None), shown, exc.expected)
        if repeated:
            memo[value] = parsed
        out.append(parsed)
    return out


def make_table(
    grid: Grid,
    spec: TabSpec,
    *,
    header_row: int,
    rows: list[int],
    columns: dict[str, int],
    computed: dict[str, int],
    last_col: int,
    settings: Settings,
    model: Model,
    given: dict[str, list[Any]] | None = None,
    extra_headers: dict[int, str] | None = None,
    decimal_comma: bool = False,
    day_first: bool | None = None,
    table_type: type[Table] = Table,
) -> Table:
    """A table of ``spec`` over sheet ``rows``: each input column read from its sheet
    column, or from ``given`` values (one per row) for values that live elsewhere."""
    given = given or {}
    out: dict[str, Any] = {}
    errors: Problems = {}
    for column in spec.columns:
        col = columns.get(column.key)
        raw = given[column.key] if column.key in given else cell_values(grid, col, rows)
        words = WORDS.get(column.key)
        if column.type is ValueType.NUMBER and words is None and _plain_numbers(raw):
            out.update(typed_columns(column, raw))
            continue
        if column.type is ValueType.MEASURE and words is None and (
                measures := _plain_measures(raw)) is not None:
            out.update(typed_columns(column, measures))
            continue
        parse = parser(column.type, settings, decimal_comma, day_first)
        results = _parse_column(parse, words, raw)
        for row, (_, value, expected) in zip(rows, results, strict=True):
            if expected is not None:
                errors.setdefault(row, []).append((column, col or 0, value, expected))
        out.update(typed_columns(column, [result for result, _, _ in results]))
    id_key = spec.id_column
    if id_key and spec.text_column and id_key in columns and id_key not in given:
        for r, ident, text in zip(rows, _items(out[id_key]), _items(out[spec.text_column]),
                                  strict=True):
            if _missing(ident) and not _missing(text):
                errors.setdefault(r, []).append((spec.column(id_key), columns[id_key], None,
                                                 "an ID"))
    frame = pd.DataFrame(out, index=pd.Index(rows, dtype="int64"))
    blanking = {r for r, found in errors.items() if any(c.key != "ignore" for c, *_ in found)}
    frame["_error"] = pd.Series([r in blanking for r in rows], index=frame.index, dtype=bool)
    table = table_type(spec, grid.title, header_row, dict(columns), computed, frame, last_col,
                       dict(extra_headers or {}))
    record_problems(table, errors, model)
    return table


def _items(column: Any) -> Any:
    """A frame column's values to go through one by one: an extension array (texts) as
    the numpy array of its values, which gives them up without a lookup each."""
    return column.to_numpy() if isinstance(column, pd.api.extensions.ExtensionArray) \
        else column


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
