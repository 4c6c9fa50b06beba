"""Build typed input frames for the calculation core from lists of dicts.

Columns follow :mod:`sheets_okr.schema`; a column not given is filled with blanks of the
right dtype. Conveniences: dates may be ISO strings; a MEASURE value may be a bool
(``True`` is done); a PERIOD label such as ``2026-Q4`` fills ``<key>_start`` and
``<key>_end`` unless they are given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from sheets_okr.schema import TAB_BY_KEY, ValueType

FIRST_ROW = 2
DATE_DTYPE = "datetime64[us]"


def _period_bounds(label: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    if label is None or (isinstance(label, float) and pd.isna(label)):
        return pd.NaT, pd.NaT
    text = str(label).strip().upper().replace(" ", "")
    swapped = re.fullmatch(r"Q([1-4])-?(\d{4})", text)
    if swapped:
        text = f"{swapped[2]}Q{swapped[1]}"
    if "Q" in text:
        freq = "Q"
    elif re.fullmatch(r"\d{4}", text):
        freq = "Y"
    else:
        freq = "M"
    try:
        period = pd.Period(text, freq=freq)
    except ValueError:
        return pd.NaT, pd.NaT
    if period is pd.NaT:
        return pd.NaT, pd.NaT
    return period.start_time.normalize(), period.end_time.normalize()


def _dates(values: Sequence[Any]) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), errors="coerce")).astype(DATE_DTYPE)


def _measure(values: Sequence[Any], done: Sequence[Any]) -> tuple[list[float], list[Any]]:
    numbers: list[float] = []
    flags: list[Any] = []
    for value, flag in zip(values, done, strict=True):
        if isinstance(value, bool):
            numbers.append(1.0 if value else 0.0)
            flags.append(value if flag is None else flag)
        else:
            number = float("nan") if value is None else float(value)
            if flag is not None and number != number:
                number = 1.0 if flag else 0.0
            numbers.append(number)
            flags.append(flag)
    return numbers, flags


def frame(
    tab: str, rows: Iterable[Mapping[str, Any]], index: Sequence[Any] | None = None
) -> pd.DataFrame:
    """A typed frame of tab ``tab``; the index defaults to sheet rows 2, 3, ..."""
    rows = [dict(r) for r in rows]
    spec = TAB_BY_KEY[tab]
    n = len(rows)

    def column(key: str) -> list[Any]:
        return [r.get(key) for r in rows]

    data: dict[str, Any] = {}
    for col in spec.columns:
        key = col.key
        if col.type in (ValueType.ID, ValueType.TEXT, ValueType.CODES):
            data[key] = pd.Series(column(key), dtype="string")
        elif col.type is ValueType.NUMBER:
            data[key] = pd.Series(column(key), dtype="float64")
        elif col.type is ValueType.DATE:
            data[key] = _dates(column(key))
        elif col.type is ValueType.MEASURE:
            values, done = _measure(column(key), column(f"{key}_done"))
            data[key] = pd.Series(values, dtype="float64")
            data[f"{key}_done"] = pd.Series(done, dtype="boolean")
        elif col.type is ValueType.PERIOD:
            labels = column(key)
            bounds = [_period_bounds(label) for label in labels]
            starts = [r.get(f"{key}_start", b[0]) for r, b in zip(rows, bounds, strict=True)]
            ends = [r.get(f"{key}_end", b[1]) for r, b in zip(rows, bounds, strict=True)]
            data[key] = pd.Series(labels, dtype="string")
            data[f"{key}_start"] = _dates(starts)
            data[f"{key}_end"] = _dates(ends)
    data["_error"] = pd.Series([bool(r.get("_error", False)) for r in rows], dtype=bool)
    out = pd.DataFrame(data)
    out.index = pd.Index(index if index is not None else range(FIRST_ROW, FIRST_ROW + n))
    return out


def objectives(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("objectives", rows)


def key_results(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("key_results", rows)


def kpis(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("kpis", rows)


def history(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("kpi_history", rows)


def initiatives(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("initiatives", rows)


def roi(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("roi", rows)


def funnel(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return frame("funnel", rows)
