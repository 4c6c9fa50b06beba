"""The calculation core: pure, vectorised pandas over typed input frames.

Knows nothing of spreadsheets. Input frames are keyed by tab key (see
:mod:`sheets_okr.schema`) and carry the canonical column keys:

* ID / TEXT / CODES columns: pandas string values, missing as NA;
* NUMBER columns: float64, NaN when blank;
* MEASURE columns (``baseline``, ``target``, ``current`` of key results): a float64
  column ``<key>`` (a percent is its fraction, ``done`` is 1.0, ``not done`` 0.0) and a
  nullable boolean ``<key>_done`` that is set only when the cell was boolean-like
  (yes/no, done, ✓, 1/0 ...);
* DATE columns: datetime64, NaT when blank;
* PERIOD columns: the label ``<key>`` plus ``<key>_start`` and ``<key>_end`` (datetime64,
  first and last day of the period);
* ``_error``: bool, the row had a cell that could not be read; every computed value of
  such a row is left blank.

The index of each frame identifies the row (the adapters use the sheet row number) and
is kept on every output frame. Every frame may be absent or empty except objectives
and key results.

A column missing from a frame reads as all blank; values of the wrong type read as
blank; non-finite numbers (``inf``) read as blank and non-finite results are left blank.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ..config import Settings

__all__ = ["Results", "compute"]

NAT = np.datetime64("NaT", "s")
ONE_DAY = np.timedelta64(86400, "s")
EPS = 1e-9
"""Slack on score comparisons so that 0.4 computed as 0.39999999999999997 grades as 0.4."""


@dataclass
class Results:
    """Computed columns per tab key, each indexed like its input frame.

    ``key_results`` also carries ``current_used`` (Current after a linked KPI filled a
    blank) and ``kind_used`` (the kind after inference); ``kpis`` carries ``history``
    (the number of readings).

    ``readings`` are the KPI readings every KPI result is computed from (see
    :func:`~sheets_okr.calc.kpi.valid_readings`), and ``order`` the row labels of the
    ``roi`` and ``funnel`` frames in period order (blank periods last): what the
    Dashboard, the report and the JSON output show, as they were computed.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    readings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"kpi": pd.Series(dtype=object), "date": pd.Series(dtype="datetime64[s]"),
         "value": pd.Series(dtype="float64")}))
    order: dict[str, pd.Index] = field(default_factory=dict)

    def get(self, key: str) -> pd.DataFrame | None:
        return self.tables.get(key)

    def kpi_readings(self) -> dict[str, pd.DataFrame]:
        """The valid readings of each KPI ID, oldest first."""
        frame = self.readings
        return {str(kpi): frame.iloc[rows] for kpi, rows in
                frame.groupby("kpi", sort=False).indices.items()}

    def in_order(self, key: str) -> pd.Index:
        """The row labels of table ``key`` in period order (empty without it)."""
        return self.order.get(key, pd.Index([]))


def compute(
    frames: dict[str, pd.DataFrame], as_of: date, settings: Settings | None = None
) -> Results:
    """Compute every computed column of SPEC §4 for the given input frames."""
    from .funnel import compute_funnel, compute_stages
    from .kpi import compute_kpis, compute_readings, valid_readings
    from .okr import compute_key_results, compute_objectives
    from .roi import compute_initiatives, compute_roi, period_order

    settings = settings or Settings()
    as_of_ts = as_day(as_of)
    out: dict[str, pd.DataFrame] = {}
    kpis = frames.get("kpis")
    history = frames.get("kpi_history")
    objectives = frame_or_empty(frames.get("objectives"))
    key_results = frame_or_empty(frames.get("key_results"))
    linked = None
    results = Results(out)
    if history is not None:
        results.readings = valid_readings(history, kpis, as_of_ts)
    if kpis is not None:
        out["kpis"] = compute_kpis(kpis, history, key_results, as_of_ts, settings,
                                   results.readings)
        linked = out["kpis"].assign(id=texts(kpis, "id").to_numpy(object))
    out["key_results"] = compute_key_results(key_results, objectives, linked, as_of_ts, settings,
                                             frames.get("kr_phases"))
    out["objectives"] = compute_objectives(
        objectives, key_results, out["key_results"], as_of_ts, settings
    )
    if history is not None and "target" in history:
        out["kpi_history"] = compute_readings(history)
    if frames.get("initiatives") is not None:
        out["initiatives"] = compute_initiatives(frames["initiatives"])
    if frames.get("roi") is not None:
        out["roi"] = compute_roi(frames["roi"])
    if frames.get("funnel") is not None:
        out["funnel"] = compute_funnel(frames["funnel"])
    if frames.get("funnel_stages") is not None:
        out["funnel_stages"] = compute_stages(frames["funnel_stages"])
    for key in ("roi", "funnel"):
        frame = frames.get(key)
        if frame is not None:
            results.order[key] = frame.index[period_order(dates(frame, "period_start"))]
    return results


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
    try:
        col = frame[key].astype("string").str.strip()
    except (TypeError, ValueError):
        return pd.Series(pd.NA, index=pd.RangeIndex(n), dtype="string")
    col = col.mask((col == "").fillna(False))
    return col.reset_index(drop=True)


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
