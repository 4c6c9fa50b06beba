"""Key-result and objective scores, expected progress, status and grade (SPEC §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Settings
from .frames import (
    EPS,
    NAT,
    as_day,
    dates,
    elapsed,
    errors,
    finite,
    first_positions,
    flags,
    folded,
    frame_or_empty,
    numbers,
    output_frame,
    statuses,
    take,
    text_array,
    texts,
)
from .pace import kr_expected, objective_expected
from .stated import down_titles, stated_baselines

INCREASE = "increase"
DECREASE = "decrease"
MILESTONE = "milestone"
KEEP_ABOVE = "keep-above"
KEEP_BELOW = "keep-below"


# Searched in this order in the folded Kind text; the first pattern found wins.
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (KEEP_ABOVE, r"above|at ?least|≥|>=|not below|minimum|floor"),
    (KEEP_BELOW, r"below|at ?most|≤|<=|not above|maximum|ceiling"),
    (MILESTONE, r"milestone|binary|bool|yes ?/? ?no|done|check"),
    (DECREASE, r"decreas|reduc|\bdown|lower|\bcut|↓|minimi[sz]"),
    (INCREASE, r"increas|grow|\bup\b|rais|higher|↑|maximi[sz]"),
)


def parse_kinds(kind: pd.Series) -> np.ndarray:
    """Canonical kind per folded Kind text; NA where blank or not recognised."""
    codes, uniques = pd.factorize(kind)
    names = text_array(len(uniques))
    labels = pd.Series(uniques, dtype="string")
    for name, pattern in reversed(KIND_PATTERNS):
        names[labels.str.contains(pattern, regex=True).fillna(False).to_numpy()] = name
    out = text_array(len(kind))
    found = codes >= 0
    out[found] = names[codes[found]]
    return out


def measure(frame: pd.DataFrame, key: str) -> tuple[np.ndarray, np.ndarray]:
    """A MEASURE column as (value, done): the value falls back on its done flag."""
    value = numbers(frame, key)
    done = flags(frame, f"{key}_done")
    return np.where(np.isnan(value), done, value), done


def objective_lookup(key_results: pd.DataFrame, objectives: pd.DataFrame) -> np.ndarray:
    """Position of each KR's objective row (first row for a duplicate ID), else -1."""
    return first_positions(texts(key_results, "objective"), texts(objectives, "id"))


def kpi_latest(key_results: pd.DataFrame, kpi_results: pd.DataFrame | None) -> np.ndarray:
    """The ``latest`` value of each KR's linked KPI (NaN when unlinked or unknown)."""
    n = len(key_results)
    if kpi_results is None or "id" not in kpi_results.columns:
        return np.full(n, np.nan)
    pos = first_positions(texts(key_results, "kpi"), texts(kpi_results, "id"))
    return take(numbers(kpi_results, "latest"), pos, np.nan)


def grades(score: np.ndarray, committed: np.ndarray, settings: Settings) -> np.ndarray:
    """red / yellow / green; a committed objective's KR needs 1.0 for green."""
    out = text_array(len(score))
    with np.errstate(invalid="ignore"):
        green_at = np.where(committed, 1.0, settings.grade_green)
        out[score < settings.grade_yellow - EPS] = "red"
        out[score >= settings.grade_yellow - EPS] = "yellow"
        out[score >= green_at - EPS] = "green"
    return out


def compute_key_results(
    key_results: pd.DataFrame,
    objectives: pd.DataFrame | None,
    kpi_results: pd.DataFrame | None,
    as_of: pd.Timestamp,
    settings: Settings | None = None,
    phases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Progress, score, expected, status and grade of each key result.

    ``kpi_results`` is a frame with the KPI ``id`` and its ``latest`` value (the KPI
    input's ids beside the output of :func:`~sheets_okr.calc.kpi.compute_kpis`); a KR
    with a blank Current takes the latest value of the KPI it links to.
    """
    settings = settings or Settings()
    as_of = as_day(as_of)
    krs = frame_or_empty(key_results)
    objs = frame_or_empty(objectives)

    baseline, _ = measure(krs, "baseline")
    target, target_done = measure(krs, "target")
    current, current_done = measure(krs, "current")
    current = np.where(np.isnan(current), kpi_latest(krs, kpi_results), current)

    kind = parse_kinds(folded(krs, "kind"))
    unknown = pd.isna(kind)
    looks_milestone = (np.isnan(target) | ~np.isnan(target_done)) & ~np.isnan(current_done)
    blank_base = np.isnan(baseline)
    titles = texts(krs, "key_result")
    baseline = np.where(blank_base, stated_baselines(titles, target, blank_base), baseline)
    base0 = np.where(np.isnan(baseline), 0.0, baseline)
    kind[unknown & looks_milestone] = MILESTONE
    kind[unknown & ~looks_milestone & (target < base0)] = DECREASE
    unknown_start = unknown & ~looks_milestone & np.isnan(baseline)
    kind[down_titles(titles, unknown_start)] = DECREASE
    kind[pd.isna(kind)] = INCREASE
    # a decrease with no start written anywhere cannot be measured
    no_start = np.isnan(baseline) & (((kind == DECREASE) & (target > 0))
                                     | ((kind == INCREASE) & (target < 0)))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        span = target - base0
        attainment = np.where(span != 0, (current - base0) / span, np.nan)
        rated = ~np.isnan(current) & ~np.isnan(target)
        above = np.where(rated, (current >= target).astype(float), np.nan)
        below = np.where(rated, (current <= target).astype(float), np.nan)
    progress = np.select(
        [kind == MILESTONE, kind == KEEP_ABOVE, kind == KEEP_BELOW],
        [current, above, below],
        attainment,
    )
    progress = np.where(no_start, np.nan, progress)
    score = np.clip(progress, 0.0, 1.0)
    progress = finite(progress)

    pos = objective_lookup(krs, objs)
    start = dates(krs, "start")
    end = dates(krs, "due")
    for key in ("start", "period_start"):
        start = np.where(np.isnat(start), take(dates(objs, key), pos, NAT), start)
    for key in ("end", "period_end"):
        end = np.where(np.isnat(end), take(dates(objs, key), pos, NAT), end)
    expected, pace = kr_expected(krs, objs, pos, elapsed(as_of, start, end), start, end,
                                 as_of, base0, target, phases, settings)

    status = statuses(score, expected, end, as_of, settings)
    obj_type = take(folded(objs, "type").fillna("").to_numpy(object), pos, "")
    committed = pd.Series(obj_type, dtype="string").str.startswith("commit").to_numpy(bool)
    grade = grades(score, committed, settings)

    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.where(np.isin(kind, (DECREASE, KEEP_BELOW)), current - target,
                       target - current)
    gap = np.where(kind == MILESTONE, np.nan, gap)

    bad = errors(krs)
    for arr in (progress, score, expected, gap):
        arr[bad] = np.nan
    status[bad] = pd.NA
    grade[bad] = pd.NA
    return output_frame(
        {
            "progress": progress,
            "score": score,
            "expected": expected,
            "status": status,
            "grade": grade,
            "gap": finite(gap),
            "current_used": finite(current),
            "baseline_used": finite(baseline),
            "kind_used": kind,
            "pace_used": pace,
        },
        krs.index,
    )


def compute_objectives(
    objectives: pd.DataFrame,
    key_results: pd.DataFrame | None,
    kr_results: pd.DataFrame | None,
    as_of: pd.Timestamp,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Score (weighted mean of KR scores), expected, status and KR count per objective."""
    settings = settings or Settings()
    as_of = as_day(as_of)
    objs = frame_or_empty(objectives)
    krs = frame_or_empty(key_results)
    if kr_results is None or len(kr_results) != len(krs):
        kr_results = compute_key_results(krs, objs, None, as_of, settings)

    ids = texts(objs, "id")
    kr_objective = texts(krs, "objective")
    weight = numbers(krs, "weight")
    weight = np.where(np.isnan(weight), 1.0, weight)
    kr_score = numbers(kr_results, "score")
    usable = ~np.isnan(kr_score) & (weight > 0) & kr_objective.notna().to_numpy()

    scored = pd.DataFrame(
        {
            "objective": kr_objective.to_numpy(object)[usable],
            "w": weight[usable],
            "s": kr_score[usable],
        }
    )
    by = scored.groupby("objective", sort=False)
    w = scored["w"] / by["w"].transform("max")
    ws = w * scored["s"]
    mean = (
        ws.groupby(scored["objective"], sort=False).sum()
        / w.groupby(scored["objective"], sort=False).sum()
    )
    mean = mean.clip(by["s"].min(), by["s"].max())
    score = mean.reindex(ids.to_numpy(object)).to_numpy(dtype="float64", na_value=np.nan)
    score = np.clip(score, 0.0, 1.0)

    counts = kr_objective.value_counts(dropna=True)
    kr_count = counts.reindex(ids.to_numpy(object)).fillna(0).to_numpy(dtype="int64")

    start = dates(objs, "start")
    start = np.where(np.isnat(start), dates(objs, "period_start"), start)
    end = dates(objs, "end")
    end = np.where(np.isnat(end), dates(objs, "period_end"), end)
    expected = objective_expected(objs, elapsed(as_of, start, end), krs, kr_results, settings)
    status = statuses(score, expected, end, as_of, settings)

    bad = errors(objs)
    score[bad] = np.nan
    expected[bad] = np.nan
    status[bad] = pd.NA
    return output_frame(
        {"score": score, "expected": expected, "status": status, "kr_count": kr_count},
        objs.index,
    )
