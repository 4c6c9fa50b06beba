"""Reading typed columns of an input frame and building output frames: the helpers every
calculation module shares, tolerant of absent columns and odd values."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..config import Settings

NAT = np.datetime64("NaT", "s")
ONE_DAY = np.timedelta64(86400, "s")
EPS = 1e-9
"""Slack on score comparisons so that 0.4 computed as 0.39999999999999997 grades as 0.4."""


# Reading typed columns of an input frame, tolerating absent columns and odd values.
# Every reader returns positional arrays (or a RangeIndex series) of len(frame).


def frame_or_empty(frame: pd.DataFrame | None) -> pd.DataFrame:
    """``frame``, or an empty frame when it is None."""
    return frame if frame is not None else pd.DataFrame()


def as_day(as_of: object) -> pd.Timestamp:
    """``as_of`` as a timezone-naive timestamp at midnight."""
    ts = pd.Timestamp(as_of)
    if ts is pd.NaT:
        return ts
    if ts.tz is not None:
        ts = ts.tz_convert(None)
    return ts.normalize()


def day64(ts: pd.Timestamp) -> np.datetime64:
    """A timestamp as a second-resolution numpy datetime (NaT stays NaT)."""
    if ts is pd.NaT:
        return NAT
    return np.datetime64(ts.to_datetime64(), "s")


def numbers(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Column ``key`` as float64; text, NA and non-finite values become NaN."""
    n = len(frame)
    if key not in frame.columns:
        return np.full(n, np.nan)
    try:
        values = pd.to_numeric(frame[key], errors="coerce")
        arr = np.asarray(values.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")
    except (TypeError, ValueError, OverflowError):
        return np.full(n, np.nan)
    arr = arr.copy()
    arr[~np.isfinite(arr)] = np.nan
    return arr


def flags(frame: pd.DataFrame, key: str) -> np.ndarray:
    """A boolean-like column as float64: 1.0 true, 0.0 false, NaN unset or not boolean."""
    n = len(frame)
    if key not in frame.columns:
        return np.full(n, np.nan)
    col = frame[key]
    try:
        if pd.api.types.is_bool_dtype(col.dtype):
            return np.asarray(col.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")
        mapped = col.map({True: 1.0, False: 0.0})
        return np.asarray(pd.to_numeric(mapped, errors="coerce"), dtype="float64")
    except (TypeError, ValueError):
        return np.full(n, np.nan)


def errors(frame: pd.DataFrame) -> np.ndarray:
    """The ``_error`` marker of each row as a bool array (absent: no errors)."""
    return flags(frame, "_error") == 1.0


def texts(frame: pd.DataFrame, key: str) -> pd.Series:
    """Column ``key`` as stripped strings on a RangeIndex; blank cells are NA."""
    n = len(frame)
    if key not in frame.columns:
        return pd.Series(pd.NA, index=pd.RangeIndex(n), dtype="string")
    plain = _plain_texts(frame[key])
    if plain is not None:
        return plain
    try:
        col = frame[key].astype("string").str.strip()
    except (TypeError, ValueError):
        return pd.Series(pd.NA, index=pd.RangeIndex(n), dtype="string")
    col = col.mask((col == "").fillna(False))
    return col.reset_index(drop=True)


def _plain_texts(col: pd.Series) -> pd.Series | None:
    """:func:`texts` of a column of texts and blanks (None, NaN), made in one pass over
    its values rather than by pandas' string methods; None for any other column."""
    if col.dtype != object:
        return None
    values = col.tolist()
    kinds = set(map(type, values))
    if not kinds <= _BLANK_OR_TEXT or (
            float in kinds and any(v == v for v in values if type(v) is float)):
        return None
    na = pd.NA
    out = np.array([na if type(v) is not str else v.strip() or na for v in values],
                   dtype=object)
    return pd.Series(pd.arrays.StringArray(out), index=pd.RangeIndex(len(out)),
                     name=col.name)


_BLANK_OR_TEXT = frozenset({str, type(None), float})


def folded(frame: pd.DataFrame, key: str) -> pd.Series:
    """Column ``key`` lower-cased with runs of spaces, ``_`` and ``-`` as one space."""
    col = texts(frame, key).str.lower().str.replace(r"[\s_\-]+", " ", regex=True)
    return col.str.strip()


def dates(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Column ``key`` as second-resolution naive datetimes; unreadable values are NaT."""
    n = len(frame)
    blank = np.full(n, NAT)
    if key not in frame.columns:
        return blank
    col = frame[key]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if not pd.api.types.is_datetime64_any_dtype(col.dtype):
                col = pd.to_datetime(col, errors="coerce", format="mixed")
            if getattr(col.dt, "tz", None) is not None:
                col = col.dt.tz_convert(None)
            return np.asarray(col.to_numpy(dtype="datetime64[s]"), dtype="datetime64[s]")
    except (TypeError, ValueError, OverflowError, AttributeError):
        return blank


def text_array(n: int) -> np.ndarray:
    """An object array of ``n`` NA values, to be filled with plain strings."""
    return np.full(n, pd.NA, dtype=object)


def to_objects(col: pd.Series) -> np.ndarray:
    """A string series as an object array of plain ``str`` and NA."""
    arr = col.astype(object).to_numpy(copy=True)
    arr[col.isna().to_numpy()] = pd.NA
    return arr


def finite(arr: np.ndarray) -> np.ndarray:
    """``arr`` with ``inf``/``-inf`` replaced by NaN."""
    arr = np.asarray(arr, dtype="float64").copy()
    arr[np.isinf(arr)] = np.nan
    return arr


def first_positions(keys: pd.Series, ids: pd.Series) -> np.ndarray:
    """For each key, the position of the first row of ``ids`` equal to it, else -1."""
    first = (ids.notna() & ~ids.duplicated()).to_numpy()
    positions = np.flatnonzero(first)
    if positions.size == 0 or len(keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    index = pd.Index(ids.to_numpy(object)[first])
    found = index.get_indexer(keys.fillna("").to_numpy(object))
    found[keys.isna().to_numpy()] = -1
    return np.where(found >= 0, positions[np.maximum(found, 0)], -1)


def take(arr: np.ndarray, pos: np.ndarray, fill: object) -> np.ndarray:
    """``arr[pos]`` with ``fill`` where ``pos`` is -1."""
    if len(arr) == 0:
        return np.full(len(pos), fill, dtype=arr.dtype)
    out = arr[np.maximum(pos, 0)]
    out[pos < 0] = fill
    return out


def elapsed(as_of: pd.Timestamp, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """``clamp((as_of − start) / (end − start), 0, 1)`` in days; NaN unless start < end."""
    now = day64(as_of)
    with np.errstate(divide="ignore", invalid="ignore"):
        span = (end - start) / ONE_DAY
        done = (now - start) / ONE_DAY
        frac = np.where(span > 0, done / span, np.nan)
    return np.clip(frac, 0.0, 1.0)


def statuses(
    score: np.ndarray,
    expected: np.ndarray,
    end: np.ndarray,
    as_of: pd.Timestamp,
    settings: Settings,
) -> np.ndarray:
    """Status of SPEC §4 from score, expected fraction and period end."""
    out = text_array(len(score))
    with np.errstate(invalid="ignore"):
        has_expected = ~np.isnan(expected)
        on_track = score >= expected - settings.on_track_margin - EPS
        at_risk = score >= expected - settings.at_risk_margin - EPS
        over = day64(as_of) > end
        achieved = score >= 1.0 - EPS
    out[has_expected] = "off track"
    out[has_expected & at_risk] = "at risk"
    out[has_expected & ~on_track & over] = "missed"
    out[has_expected & on_track] = "on track"
    out[achieved] = "achieved"
    out[np.isnan(score)] = "no data"
    return out


def output_frame(columns: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    """A result frame on ``index``; object arrays stay object columns of ``str`` and NA."""
    data = {
        key: pd.Series(values, dtype=object if values.dtype == object else None)
        for key, values in columns.items()
    }
    out = pd.DataFrame(data, index=pd.RangeIndex(len(index)))
    out.index = index
    return out
