"""KPI latest reading, health, trend, forecast and linked key results (SPEC §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import FREQUENCY_DAYS, Settings
from .cadence import snap_all
from .frames import (
    NAT,
    ONE_DAY,
    as_day,
    dates,
    day64,
    errors,
    finite,
    first_positions,
    folded,
    frame_or_empty,
    numbers,
    output_frame,
    take,
    text_array,
    texts,
)

HIGHER_PATTERN = r"higher|\bup|increas|↑|max|more|bigger|greater|above"
LOWER_PATTERN = r"lower|down|decreas|↓|min|less|smaller|fewer|below|reduc"


def lower_is_better(direction: pd.Series, baseline: np.ndarray | None = None,
                    target: np.ndarray | None = None,
                    warning: np.ndarray | None = None) -> np.ndarray:
    """True where Direction says lower is better; where it is blank, where the target lies
    below the baseline (a KPI list that only gives both) or below the warning level (a
    threshold past which a cost is too high); otherwise higher is better."""
    lower = direction.str.contains(LOWER_PATTERN, regex=True).fillna(False)
    higher = direction.str.contains(HIGHER_PATTERN, regex=True).fillna(False)
    out = (lower & ~higher).to_numpy(bool)
    blank = direction.isna().to_numpy(bool)
    with np.errstate(invalid="ignore"):
        if baseline is not None and target is not None:
            out = out | (blank & (target < baseline))
        if warning is not None and target is not None:
            out = out | (blank & (baseline is None or np.isnan(baseline)) & (target < warning))
    return out


def frequency_days(frequency: pd.Series, default: float) -> np.ndarray:
    """Days in each KPI's reporting window; ``default`` for blank or unknown."""
    exact = frequency.map(FREQUENCY_DAYS)
    word = frequency.str.extract(r"([a-z]+)", expand=False).map(FREQUENCY_DAYS)
    days = pd.to_numeric(exact.fillna(word), errors="coerce").to_numpy(dtype="float64")
    return np.where(np.isnan(days), float(default), days)


def quarter_end(as_of: pd.Timestamp) -> pd.Timestamp:
    """Last day of the calendar quarter containing ``as_of``."""
    if as_of is pd.NaT:
        return as_of
    return as_of + pd.offsets.QuarterEnd(0)


def linked_krs(kpi_ids: pd.Series, key_results: pd.DataFrame) -> np.ndarray:
    """Comma separated IDs of the KRs (in row order) whose KPI is each KPI's ID."""
    out = text_array(len(kpi_ids))
    links = pd.DataFrame(
        {
            "kpi": texts(key_results, "kpi").to_numpy(object),
            "id": texts(key_results, "id").to_numpy(object),
        }
    ).dropna()
    if links.empty:
        return out
    joined = links.groupby("kpi", sort=False)["id"].agg(", ".join)
    pos = first_positions(kpi_ids, pd.Series(joined.index, dtype="string"))
    found = pos >= 0
    out[found] = joined.to_numpy(object)[pos[found]]
    return out


def valid_readings(history: pd.DataFrame, kpis: pd.DataFrame | None,
                   as_of: pd.Timestamp) -> pd.DataFrame:
    """The readings each KPI is judged on: rows of the history that are not unreadable,
    with a KPI ID (stripped), a date up to ``as_of`` and a finite value; the same-day
    readings of a KPI whose ``aggregate`` is ``sum`` added up. Columns ``kpi``, ``date``
    (datetime64[s]) and ``value``, on a RangeIndex, ordered by KPI (as first met), then
    date, then sheet order.

    >>> history = pd.DataFrame({"kpi": [" K1", "K2", "K1", "K1", None],
    ...                         "date": pd.to_datetime(["2026-03-02", "2026-03-01",
    ...                                                 "2026-03-01", "2026-04-01",
    ...                                                 "2026-03-01"]),
    ...                         "value": [5.0, 7.0, float("inf"), 9.0, 1.0],
    ...                         "_error": [False, False, False, False, False]})
    >>> valid_readings(history, None, pd.Timestamp("2026-03-31")).values.tolist()
    [['K1', Timestamp('2026-03-02 00:00:00'), 5.0], ['K2', Timestamp('2026-03-01 00:00:00'), 7.0]]
    """
    history = frame_or_empty(history)
    kpis = frame_or_empty(kpis)
    history = summed(history, texts(kpis, "id"), texts(kpis, "aggregate"))
    kpi = texts(history, "kpi")
    when = dates(history, "date")
    value = numbers(history, "value")
    with np.errstate(invalid="ignore"):
        valid = (~errors(history) & ~np.isnat(when) & ~np.isnan(value)
                 & kpi.notna().to_numpy() & (when <= day64(as_of)))
    codes, _ = pd.factorize(kpi.to_numpy(object)[valid])
    when = when[valid]
    order = np.lexsort((np.arange(len(codes)), when, codes))
    return pd.DataFrame({"kpi": kpi.to_numpy(object)[valid][order], "date": when[order],
                         "value": value[valid][order]})


class Readings:
    """Per-KPI statistics of the valid readings (:func:`valid_readings`), one entry per
    KPI ID."""

    def __init__(self, readings: pd.DataFrame, as_of: pd.Timestamp, points: int) -> None:
        now = day64(as_of)
        codes, uniques = pd.factorize(readings["kpi"].to_numpy(object))
        self.ids = pd.Series(uniques, dtype="string")
        groups = len(uniques)
        when = readings["date"].to_numpy("datetime64[s]")
        x = (when - now) / ONE_DAY
        y = readings["value"].to_numpy("float64")

        count = np.bincount(codes, minlength=groups)
        last = np.cumsum(count) - 1
        self.count = count
        self.latest = y[last] if groups else np.empty(0)
        self.latest_date = when[last] if groups else np.empty(0, dtype="datetime64[s]")
        self.cadence = _median_gaps(codes, x, groups)

        keep = (last[codes] - np.arange(len(codes))) < max(points, 0)
        c, xk, yk = codes[keep], x[keep], y[keep]
        n = np.bincount(c, minlength=groups).astype("float64")
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            mean_x = np.bincount(c, xk, minlength=groups) / n
            mean_y = np.bincount(c, yk, minlength=groups) / n
            dx = xk - mean_x[c]
            dy = yk - mean_y[c]
            sxx = np.bincount(c, dx * dx, minlength=groups)
            sxy = np.bincount(c, dx * dy, minlength=groups)
            fitted = (n >= 2) & (sxx > 0)
            self.slope = np.where(fitted, sxy / sxx, np.nan)
            first_kept = last - np.maximum(n.astype(np.int64), 1) + 1
            self.span = x[last] - x[first_kept] if groups else np.empty(0)
        self.mean_x = mean_x
        self.mean_y = mean_y
        self.now = now

    def forecast(self, at: pd.Timestamp) -> np.ndarray:
        """The fitted line of each KPI evaluated at ``at``."""
        if at is pd.NaT or np.isnat(self.now):
            return np.full(len(self.slope), np.nan)
        x_at = (day64(at) - self.now) / ONE_DAY
        with np.errstate(invalid="ignore", over="ignore"):
            return finite(self.mean_y + self.slope * (x_at - self.mean_x))


def _median_gaps(codes: np.ndarray, days: np.ndarray, groups: int) -> np.ndarray:
    """Per group, the median days between its distinct reading days (sorted by group and
    day); NaN with fewer than two."""
    out = np.full(groups, np.nan)
    if len(codes) < 2:
        return out
    repeat = np.r_[False, (codes[1:] == codes[:-1]) & (days[1:] == days[:-1])]
    codes, days = codes[~repeat], days[~repeat]
    inner = codes[1:] == codes[:-1]
    if inner.any():
        gaps = pd.Series(np.diff(days)[inner]).groupby(codes[1:][inner]).median()
        out[gaps.index.to_numpy()] = gaps.to_numpy()
    return out


def trends(
    slope: np.ndarray,
    span: np.ndarray,
    mean_y: np.ndarray,
    lower: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """``flat`` or ``up``/``down`` with ``(improving)``/``(worsening)`` by direction."""
    out = text_array(len(slope))
    fitted = ~np.isnan(slope)
    with np.errstate(invalid="ignore", over="ignore"):
        flat = np.abs(slope * span) <= tolerance * np.maximum(np.abs(mean_y), 1e-9)
    up = slope > 0
    improving = up != lower
    moving = fitted & ~flat
    out[moving & up & improving] = "up (improving)"
    out[moving & up & ~improving] = "up (worsening)"
    out[moving & ~up & improving] = "down (improving)"
    out[moving & ~up & ~improving] = "down (worsening)"
    out[fitted & flat] = "flat"
    return out


def summed(history: pd.DataFrame, ids: pd.Series, aggregate: pd.Series) -> pd.DataFrame:
    """History with the same-day readings of a KPI whose ``aggregate`` is ``sum`` added up
    (one reading per store, say); other KPIs' readings as they are."""
    if history.empty or "kpi" not in history or not (aggregate.str.lower() == "sum").any():
        return history
    adding = set(ids[(aggregate.str.lower() == "sum").fillna(False).to_numpy()].dropna())
    kpi = texts(history, "kpi")
    mask = kpi.isin(adding).to_numpy() & ~errors(history)
    if not mask.any():
        return history
    part = pd.DataFrame({"kpi": kpi[mask].to_numpy(object), "date": dates(history, "date")[mask],
                         "value": numbers(history, "value")[mask]})
    added = part.groupby(["kpi", "date"], sort=False, as_index=False)["value"].sum(min_count=1)
    rest = history.iloc[np.flatnonzero(~mask)][["kpi", "date", "value", "_error"]]
    added["_error"] = False
    return pd.concat([rest, added], ignore_index=True)


def compute_kpis(
    kpis: pd.DataFrame,
    history: pd.DataFrame | None,
    key_results: pd.DataFrame | None,
    as_of: pd.Timestamp,
    settings: Settings | None = None,
    valid: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Latest reading, health, trend, forecast and linked KRs of each KPI (``valid``: the
    history's :func:`valid_readings`, when already found)."""
    settings = settings or Settings()
    as_of = as_day(as_of)
    kpis = frame_or_empty(kpis)
    history = frame_or_empty(history)
    ids = texts(kpis, "id")
    if valid is None:
        valid = valid_readings(history, kpis, as_of)
    readings = Readings(valid, as_of, int(settings.trend_points))
    pos = first_positions(ids, readings.ids)
    has_readings = pos >= 0

    latest = np.where(has_readings, take(readings.latest, pos, np.nan), numbers(kpis, "current"))
    latest_date = take(readings.latest_date, pos, NAT)
    target = numbers(kpis, "target")
    warning = numbers(kpis, "warning")
    lower = lower_is_better(folded(kpis, "direction"), numbers(kpis, "baseline"), target,
                            warning)
    window = frequency_days(folded(kpis, "frequency"), np.nan)
    cadence = snap_all(take(readings.cadence, pos, np.nan))
    shared = np.unique(cadence[~np.isnan(cadence)])
    if len(shared) == 1 and (~np.isnan(cadence)).sum() >= 2:
        # read once so far: the window every other KPI of the workbook keeps
        cadence = np.where(np.isnan(cadence) & has_readings, shared[0], cadence)
    keeps = np.isnan(window) & ~np.isnan(cadence)
    window = np.where(keeps, cadence, window)
    window = np.where(np.isnan(window), float(settings.default_frequency_days), window)
    with np.errstate(invalid="ignore"):
        age = (day64(as_of) - latest_date) / ONE_DAY
        stale = has_readings & (age > window * settings.stale_grace)
        meets = np.where(lower, latest <= target, latest >= target)
        within = ~np.isnan(warning) & np.where(lower, latest <= warning, latest >= warning)

    health = text_array(len(kpis))
    health[~meets] = "breach"
    health[~meets & within] = "warning"
    health[meets] = "healthy"
    health[np.isnan(target)] = pd.NA
    health[stale] = "stale"
    health[np.isnan(latest)] = "no data"

    slope = take(readings.slope, pos, np.nan)
    trend = trends(
        slope,
        take(readings.span, pos, np.nan),
        take(readings.mean_y, pos, np.nan),
        lower,
        settings.trend_flat_tolerance,
    )
    forecast = take(readings.forecast(quarter_end(as_of)), pos, np.nan)
    count = take(readings.count, pos, 0).astype("int64")
    linked = linked_krs(ids, frame_or_empty(key_results))

    baseline = numbers(kpis, "baseline")
    progress = progress_to(latest, baseline, target, lower)
    long_target = numbers(kpis, "long_target")
    long_progress = progress_to(latest, np.where(np.isnan(baseline), 0.0, baseline),
                                long_target, lower)
    outlook = numbers(kpis, "outlook")
    goal = np.where(np.isnan(long_target), target, long_target)
    outlook_progress = progress_to(outlook, np.full(len(kpis), np.nan), goal, lower)
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.where(lower, latest - target, target - latest)
    totals = period_totals(history, ids, texts(kpis, "aggregate"), latest_date, as_of)

    bad = errors(kpis)
    latest[bad] = np.nan
    forecast[bad] = np.nan
    for arr in (progress, long_progress, outlook_progress, gap, *totals.values()):
        arr[bad] = np.nan
    for arr in (health, trend, linked):
        arr[bad] = pd.NA
    latest_date[bad] = NAT
    return output_frame(
        {
            "latest": finite(latest),
            "latest_date": latest_date.astype("datetime64[us]"),
            "health": health,
            "trend": trend,
            "forecast": forecast,
            "linked_krs": linked,
            "direction_used": np.where(lower, "lower is better", "higher is better").astype(
                object),
            "progress": finite(progress),
            "gap": finite(gap),
            "long_progress": finite(long_progress),
            "outlook_progress": finite(outlook_progress),
            **{k: finite(v) for k, v in totals.items()},
            "window_used": np.where(keeps, window, np.nan),
            "history": count,
        },
        kpis.index,
    )


def progress_to(value: np.ndarray, baseline: np.ndarray, target: np.ndarray,
                lower: np.ndarray) -> np.ndarray:
    """How far ``value`` has come: from the baseline to the target, ``(value − baseline)
    / (target − baseline)``; with no baseline, the share of the target reached
    (``value / target``, or ``target / value`` when lower is better)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        span = target - baseline
        from_base = np.where(span != 0, (value - baseline) / span, np.nan)
        share = np.where(lower, np.where(value > 0, target / value, np.nan),
                         np.where(target != 0, value / target, np.nan))
        return np.where(np.isnan(baseline), share, from_base)


def period_totals(history: pd.DataFrame, ids: pd.Series, aggregate: pd.Series,
                  latest_date: np.ndarray, as_of: pd.Timestamp) -> dict[str, np.ndarray]:
    """Year-to-date actual and target of each KPI whose readings carry their own target,
    summed or averaged as its ``aggregate`` says (``sum`` or ``mean``): the readings of the
    calendar year of its latest reading, up to ``as_of``; and actual − target."""
    n = len(ids)
    blank = {k: np.full(n, np.nan) for k in ("ytd_actual", "ytd_target", "ytd_variance")}
    how = aggregate.str.lower().fillna("").to_numpy(object)
    if n == 0 or history.empty or "target" not in history or not any(how):
        return blank
    frame = pd.DataFrame({"kpi": texts(history, "kpi").to_numpy(object),
                          "date": dates(history, "date"),
                          "value": numbers(history, "value"),
                          "target": numbers(history, "target")})
    frame = frame[frame["kpi"].notna() & ~np.isnat(frame["date"].to_numpy())
                  & (frame["date"] <= np.datetime64(as_of, "s"))]
    year_of = dict(zip(ids.to_numpy(object), pd.to_datetime(latest_date).year, strict=True))
    frame = frame[frame["date"].dt.year == frame["kpi"].map(year_of)]
    sums = frame.groupby("kpi")[["value", "target"]].agg(["sum", "mean", "count"])
    for i, (kpi, rule) in enumerate(zip(ids.to_numpy(object), how, strict=True)):
        if rule not in ("sum", "mean") or kpi not in sums.index:
            continue
        actual = sums.at[kpi, ("value", rule)]
        target = sums.at[kpi, ("target", rule)] if sums.at[kpi, ("target", "count")] else np.nan
        blank["ytd_actual"][i] = actual
        blank["ytd_target"][i] = target
        blank["ytd_variance"][i] = actual - target
    return blank


def compute_readings(history: pd.DataFrame) -> pd.DataFrame:
    """Each reading that carries its own target against it: ``value / target``."""
    value = numbers(history, "value")
    target = numbers(history, "target")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        progress = np.where(target != 0, value / target, np.nan)
    progress[errors(history)] = np.nan
    return output_frame({"progress": finite(progress)}, history.index)
