"""Expected progress by pace: how much of a key result should be done by ``as_of``.

* ``linear`` (default): the share of the period elapsed;
* ``back-loaded``: slow first, most of it late (the elapsed share squared);
* ``front-loaded``: most of it early (one minus the remaining share squared);
* ``stepped``: in equal steps, each due at the end of its part of the period (three by
  default: one a month in a quarter; ``stepped 4`` for four);
* phased targets: the share of the target due by each date (a key result's own ``Q1
  Target`` ... columns, or shares such as ``20% by end of January`` for every key result
  paced ``phased``), Expected moving straight from one to the next.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import numpy as np
import pandas as pd

from ..config import Settings
from .frames import EPS, NAT, day64, first_positions, folded, numbers, take, texts

LINEAR = "linear"
BACK_LOADED = "back-loaded"
FRONT_LOADED = "front-loaded"
STEPPED = "stepped"
PHASED = "phased"
PACES = (LINEAR, BACK_LOADED, FRONT_LOADED, STEPPED, PHASED)

# Searched in this order in the folded Pace text; the first pattern found wins.
PACE_PATTERNS: tuple[tuple[str, str], ...] = (
    (PHASED, r"phase"),
    (STEPPED, r"step|stair"),
    (BACK_LOADED, r"back|late|hockey|slow start|end heavy"),
    (FRONT_LOADED, r"front|early|fast start"),
    (LINEAR, r"linear|even|steady|straight|constant"),
)
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_ANCHOR = r"(q[1-4]|h[12]|\d{4}-\d{2}-\d{2}|" + "|".join(sorted(MONTHS, key=len,
                                                                 reverse=True)) + ")"
_PHASE = re.compile(rf"^\s*(\d+(?:\.\d+)?)\s*%\s*(?:by|at|due)?\s*(?:the\s+)?(?:end\s+of\s+)?"
                    rf"{_ANCHOR}\.?\s*$", re.IGNORECASE)


def parse_pace(text: object) -> tuple[str | None, int | None]:
    """A pace typed in a cell or a setting, and the steps written after ``stepped``.

    >>> parse_pace("Back-loaded"), parse_pace("stepped 4"), parse_pace("hmm")
    (('back-loaded', None), ('stepped', 4), (None, None))
    """
    if not isinstance(text, str):
        return None, None
    low = re.sub(r"[\s_\-]+", " ", text.strip().lower())
    for name, pattern in PACE_PATTERNS:
        if re.search(pattern, low):
            steps = re.search(r"\d+", low) if name == STEPPED else None
            return name, int(steps.group()) if steps and int(steps.group()) > 0 else None
    return None, None


def parse_paces(frame: pd.DataFrame, key: str = "pace") -> tuple[np.ndarray, np.ndarray]:
    """The pace (NA when blank or unknown) and step count (NaN) of each row's Pace."""
    col = folded(frame, key)
    codes, uniques = pd.factorize(col)
    found = [parse_pace(u) for u in uniques]
    names = np.array([f[0] if f[0] else pd.NA for f in found] + [pd.NA], dtype=object)
    steps = np.array([float(f[1]) if f[1] else np.nan for f in found] + [np.nan])
    return names[codes], steps[codes]


def parse_phase(text: str) -> tuple[float, str]:
    """A share of the target due by a date, as the setting ``phases`` lists them:
    (share, anchor), the anchor a month name, Q1-Q4, H1-H2 or an ISO date.

    >>> parse_phase("20 % by end of January"), parse_phase("100% by Q4")
    ((0.2, 'january'), (1.0, 'q4'))
    """
    match = _PHASE.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a phase such as \"20% by end of January\"")
    return float(match.group(1)) / 100, match.group(2).lower()


def anchor_date(anchor: str, start: date | None, end: date | None) -> date | None:
    """The day a phase anchor falls on in a period: the first such month, quarter or
    half ending on or after ``start`` (or in ``end``'s year when there is no start).

    >>> anchor_date("january", date(2026, 10, 1), date(2027, 3, 31))
    datetime.date(2027, 1, 31)
    >>> anchor_date("q2", date(2026, 1, 1), date(2026, 12, 31))
    datetime.date(2026, 6, 30)
    """
    anchor = anchor.lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
        return date.fromisoformat(anchor)
    if start is None and end is None:
        return None
    if anchor[0] in "qh" and anchor[1:].isdigit():
        month = int(anchor[1]) * (3 if anchor[0] == "q" else 6)
    else:
        month = MONTHS[anchor]
    year = start.year if start is not None else end.year  # type: ignore[union-attr]
    day = date(year, month, calendar.monthrange(year, month)[1])
    if start is not None and day < start:
        day = date(year + 1, month, calendar.monthrange(year + 1, month)[1])
    return day


def paced(fraction: np.ndarray, pace: np.ndarray, steps: np.ndarray,
          default_steps: int) -> np.ndarray:
    """The elapsed ``fraction`` of the period turned into expected progress by pace."""
    f = np.asarray(fraction, dtype="float64")
    out = f.copy()
    back = pace == BACK_LOADED
    front = pace == FRONT_LOADED
    step = pace == STEPPED
    out[back] = f[back] ** 2
    out[front] = 1.0 - (1.0 - f[front]) ** 2
    n = np.where(np.isnan(steps), float(default_steps), steps)[step]
    out[step] = np.floor(f[step] * n + EPS) / n
    return out


def _day(value: np.datetime64) -> date | None:
    return None if np.isnat(value) else pd.Timestamp(value).date()


def phased(
    phases: pd.DataFrame | None,
    index: pd.Index,
    start: np.ndarray,
    end: np.ndarray,
    as_of: pd.Timestamp,
    baseline: np.ndarray,
    target: np.ndarray,
) -> np.ndarray:
    """Expected progress from phased targets: per row of ``index``, the share due at
    ``as_of`` on the straight line through (start, 0) and each phase (its end, its
    share); NaN for rows without phases.

    ``phases`` has one row per phase: ``row`` (an index label), ``anchor`` (see
    :func:`anchor_date`) and either ``value`` (a target value, turned into a share of
    target − baseline) or ``share``.
    """
    out = np.full(len(index), np.nan)
    if phases is None or phases.empty:
        return out
    now = day64(as_of)
    phases = phases.reindex(columns=["row", "anchor", "value", "share"])
    positions = pd.Index(index).get_indexer(phases["row"])
    for pos, group in phases.assign(_pos=positions).groupby("_pos", sort=False):
        if pos < 0:
            continue
        first, last = _day(start[pos]), _day(end[pos])
        span = target[pos] - baseline[pos]
        points: dict[np.datetime64, float] = {}
        for anchor, value, share in zip(group["anchor"], group["value"], group["share"],
                                        strict=True):
            day = anchor_date(str(anchor), first, last)
            if day is None:
                continue
            if share != share:  # NaN: a target value
                if not span or value != value:
                    continue
                share = (value - baseline[pos]) / span
            points[np.datetime64(day, "s")] = float(share)
        if not points:
            continue
        if not np.isnat(start[pos]):
            points.setdefault(start[pos], 0.0)
        if not np.isnat(end[pos]) and end[pos] > max(points) and max(points.values()) < 1:
            points[end[pos]] = 1.0
        days = np.array(sorted(points), dtype="datetime64[s]")
        shares = np.array([points[d] for d in days])
        x = (days - days[0]) / np.timedelta64(1, "D")
        at = (now - days[0]) / np.timedelta64(1, "D")
        out[pos] = float(np.clip(np.interp(at, x, shares, left=0.0), 0.0, 1.0))
    return out


def kr_expected(
    krs: pd.DataFrame,
    objs: pd.DataFrame,
    pos: np.ndarray,
    fraction: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    as_of: pd.Timestamp,
    baseline: np.ndarray,
    target: np.ndarray,
    phases: pd.DataFrame | None,
    settings: Settings,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected progress of each key result and the pace it followed.

    The pace is the key result's own Pace, else its objective's, else the ``pace``
    setting. A key result with phased targets of its own follows them; one paced
    ``phased`` without them follows the ``phases`` setting (linear when there is none).
    """
    pace, steps = parse_paces(krs)
    obj_pace, obj_steps = parse_paces(objs)
    inherit = pd.isna(pace)
    pace[inherit] = take(obj_pace, pos, pd.NA)[inherit]
    steps[inherit] = take(obj_steps, pos, np.nan)[inherit]
    default, default_steps = parse_pace(settings.pace)
    rest = pd.isna(pace)
    pace[rest] = default or LINEAR
    steps[rest] = default_steps or np.nan
    out = paced(fraction, pace, steps, settings.pace_steps)
    own = phased(phases, krs.index, start, end, as_of, baseline, target)
    wanted = (pace == PHASED) & np.isnan(own)
    if settings.phases and wanted.any():
        shared = pd.DataFrame(
            [(row, anchor, share) for row in krs.index[wanted]
             for share, anchor in map(parse_phase, settings.phases)],
            columns=["row", "anchor", "share"])
        own = np.where(np.isnan(own), phased(shared, krs.index, start, end, as_of,
                                              baseline, target), own)
    has_phases = ~np.isnan(own)
    out[has_phases] = own[has_phases]
    pace[has_phases] = PHASED
    pace[(pace == PHASED) & ~has_phases] = LINEAR
    return out, pace


def objective_expected(
    objs: pd.DataFrame,
    fraction: np.ndarray,
    krs: pd.DataFrame,
    kr_results: pd.DataFrame,
    settings: Settings,
) -> np.ndarray:
    """Expected progress of each objective: its own Pace (else the ``pace`` setting)
    over its period; an objective paced ``phased``, or one without a Pace whose key
    results follow another pace than the setting, takes the weighted mean of its key
    results' Expected."""
    pace, steps = parse_paces(objs)
    own = ~pd.isna(pace)
    default, default_steps = parse_pace(settings.pace)
    pace[~own] = default or LINEAR
    steps[~own] = default_steps or np.nan
    out = paced(fraction, pace, steps, settings.pace_steps)
    if krs.empty or "expected" not in kr_results:
        return out
    kr_obj = texts(krs, "objective")
    weight = numbers(krs, "weight")
    weight = np.where(np.isnan(weight), 1.0, weight)
    expected = numbers(kr_results, "expected")
    kr_pace = kr_results["pace_used"].to_numpy(object) if "pace_used" in kr_results else \
        np.full(len(krs), default or LINEAR, dtype=object)
    usable = ~np.isnan(expected) & (weight > 0) & kr_obj.notna().to_numpy()
    frame = pd.DataFrame({"o": kr_obj.to_numpy(object), "w": weight, "e": expected,
                          "other": kr_pace != (default or LINEAR)})[usable]
    if frame.empty:
        return out
    groups = frame.groupby("o", sort=False)
    mean = (frame["w"] * frame["e"]).groupby(frame["o"], sort=False).sum() / groups["w"].sum()
    other = groups["other"].any()
    ids = texts(objs, "id")
    where = first_positions(ids, pd.Series(mean.index, dtype="string"))
    follow = (pace == PHASED) | (~own & take(other.to_numpy(bool), where, False))
    follow &= where >= 0
    out[follow] = take(mean.to_numpy(float), where, np.nan)[follow]
    return out


__all__ = ["PACES", "parse_pace", "parse_paces", "parse_phase", "paced", "phased",
           "anchor_date", "kr_expected", "objective_expected", "NAT"]
